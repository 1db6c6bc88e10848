// The decoder's fast path against JSON.parse, its oracle: whenever the scanner answers, JSON.parse
// accepts the same bytes and gives every kept field the same value; and the decoder reads the same
// event either way.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  ARTHUR_TOPIC,
  aCard,
  aDecodeContext,
  aLocation,
  aLwt,
  aTransition,
  aWaypoint,
  aWaypoints,
  MESSAGE_TYPES,
  payloadOf,
} from '../../../test/builders.js'
import androidLocation from '../../../test/fixtures/owntracks/android-location.json'
import androidTransition from '../../../test/fixtures/owntracks/android-transition.json'
import androidWaypoints from '../../../test/fixtures/owntracks/android-waypoints.json'
import iosLocation from '../../../test/fixtures/owntracks/ios-location.json'
import { decodeMessage, decodeOwnTracks } from './decode.js'
import { scanWireObject, WIRE_FIELDS } from './scan-json.js'

/** 5,000 cases a property in `npm test`, always the same ones; `npm run test:soak` sets a million. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 5_000)
const PROPERTY = { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 42) }
/** About a millisecond a case at most, on a slow machine. */
const TIMEOUT = Math.max(20_000, RUNS)
const strictUtf8 = new TextDecoder('utf-8', { fatal: true })
const bytesOf = (text: string) => new TextEncoder().encode(text)

/** What JSON.parse makes of the bytes as the decoder's slow path reads them, or undefined. */
function oracle(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(strictUtf8.decode(bytes))
  } catch {
    return undefined
  }
}

/** The scanner answered only for a JSON object, and with its fields. */
function agreesWithJsonParse(bytes: Uint8Array): boolean {
  const scanned = scanWireObject(bytes)
  if (scanned === undefined) return false
  const parsed = oracle(bytes)
  expect(typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)).toBe(true)
  const record = parsed as Record<string, unknown>
  for (const field of WIRE_FIELDS) {
    // Own fields only: JSON.parse makes "__proto__" an own field, never a prototype.
    const expected = Object.hasOwn(record, field) ? record[field] : undefined
    expect(scanned[field], field).toStrictEqual(expected)
  }
  return true
}

// Text the scanner handles: no quotes, backslashes or control characters (which JSON escapes); keys
// ASCII, values any Unicode.
const asciiText = fc
  .string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) })
  .map((s) => s.replace(/["\\]/g, ''))
const unicodeText = fc
  .string({ unit: 'grapheme' })
  .map((s) => [...s].filter((c) => c !== '"' && c !== '\\' && c >= ' ').join(''))
const plainText = fc.oneof(asciiText, unicodeText)
const plainScalar = fc.oneof(
  plainText,
  // A zero-width no-break space leading a string is text, not a byte-order mark.
  plainText.map((text) => `\uFEFF${text}`),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
)
const otherKey = asciiText.filter((k) => !(WIRE_FIELDS as readonly string[]).includes(k))
/** Kept fields hold scalars or arrays of them; other fields anything, nested. */
const plainValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    plainScalar,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(asciiText, tie('value'), { maxKeys: 4 }),
  ),
})).value
const plainObject = fc
  .array(
    fc.oneof(
      fc.tuple(
        fc.constantFrom(...WIRE_FIELDS),
        fc.oneof(plainScalar, fc.array(plainScalar, { maxLength: 4 })),
      ),
      fc.tuple(otherKey, plainValue),
    ),
    { maxLength: 12 },
  )
  .map((entries) => Object.fromEntries(entries))

/** JSON whitespace between tokens, as pretty-printers and some HTTP clients send it. */
const spaced = (text: string, indent: number) =>
  indent === 0 ? text : JSON.stringify(JSON.parse(text), null, indent === 1 ? '\t' : indent)

/** A valid text with one character inserted, deleted or replaced: near-valid input. */
const MUTATIONS = [
  '{',
  '}',
  '[',
  ']',
  ':',
  ',',
  '"',
  '\\',
  '-',
  '+',
  '.',
  'e',
  '0',
  '7',
  ' ',
  't',
  'n',
  '\u0000',
  'é',
  '\u{1F600}',
]
const nearValid = fc
  .tuple(
    fc.oneof(
      plainObject.map((o) => JSON.stringify(o)),
      fc.json(),
    ),
    fc.nat(),
    fc.nat(2),
    fc.constantFrom(...MUTATIONS),
  )
  .map(([text, at, op, char]) => {
    const i = at % (text.length + 1)
    if (op === 0) return text.slice(0, i) + char + text.slice(i)
    if (op === 1) return text.slice(0, i) + text.slice(i + 1)
    return text.slice(0, i) + char + text.slice(i + 1)
  })

/** Valid bytes with malformed or borderline UTF-8 put in: stray, overlong, surrogate, cut short, too high. */
const UTF8_EDGES = [
  [0x80],
  [0xbf],
  [0xc0, 0xaf],
  [0xc1, 0xbf],
  [0xc2],
  [0xc2, 0x80],
  [0xdf, 0xbf],
  [0xe0, 0x80, 0x80],
  [0xe0, 0xa0, 0x80],
  [0xed, 0x9f, 0xbf],
  [0xed, 0xa0, 0x80],
  [0xef, 0xbf, 0xbf],
  [0xe2, 0x82],
  [0xf0, 0x8f, 0xbf, 0xbf],
  [0xf0, 0x90, 0x80, 0x80],
  [0xf4, 0x8f, 0xbf, 0xbf],
  [0xf4, 0x90, 0x80, 0x80],
  [0xf5, 0x80, 0x80, 0x80],
  [0xff],
]
const nearValidBytes = fc
  .tuple(plainObject, fc.nat(), fc.boolean(), fc.constantFrom(...UTF8_EDGES))
  .map(([object, at, replace, edge]) => {
    const bytes = bytesOf(JSON.stringify(object))
    const i = at % (bytes.length + 1)
    return Uint8Array.from([...bytes.subarray(0, i), ...edge, ...bytes.subarray(replace ? i + 1 : i)])
  })

describe('scanWireObject: the same fields as JSON.parse, or no answer', () => {
  it(
    'answers for every object with ASCII keys, with the values JSON.parse gives',
    () => {
      fc.assert(
        fc.property(plainObject, fc.nat(3), (object, indent) => {
          expect(agreesWithJsonParse(bytesOf(spaced(JSON.stringify(object), indent)))).toBe(true)
        }),
        PROPERTY,
      )
    },
    TIMEOUT,
  )

  it(
    'never answers for bytes JSON.parse rejects or that are no object (near-valid and arbitrary input)',
    () => {
      fc.assert(
        fc.property(
          fc.oneof(
            nearValid.map(bytesOf),
            nearValidBytes,
            fc.json().map(bytesOf),
            fc.uint8Array({ maxLength: 64 }),
            fc.string().map(bytesOf),
          ),
          (bytes) => {
            agreesWithJsonParse(bytes)
          },
        ),
        PROPERTY,
      )
    },
    TIMEOUT,
  )

  it('rejects every malformed spelling JSON.parse rejects, in kept and skipped fields alike', () => {
    const values = ['01', '-01', '00', '-', '1.', '.5', '+1', '1e', '1e+', '--1', '0x10', 'Infinity', 'NaN']
    const literals = ['tru', 'nul', 'True', 'undefined', "'a'", '"a', '"\u0001"', '"\\x"', '"\\u12g4"']
    const shapes = [
      '',
      ' ',
      '{',
      '{"a"}',
      '{"a":}',
      '{"a":1,}',
      '{"a" 1}',
      '{,}',
      '{"a":[1,]}',
      '{"a":1}x',
      '{}{}',
      '[]',
      '"a"',
      '1',
    ]
    for (const bad of [...values, ...literals]) {
      for (const text of [`{"lat":${bad}}`, `{"other":${bad}}`, `{"inregions":[${bad}]}`, `{"x":[${bad}]}`]) {
        expect(oracle(bytesOf(text)), text).toBeUndefined()
        expect(scanWireObject(bytesOf(text)), text).toBeUndefined()
      }
    }
    for (const text of shapes) expect(scanWireObject(bytesOf(text)), text).toBeUndefined()
  })

  it(
    'reads numbers exactly as JSON.parse does, to the last bit',
    () => {
      fc.assert(
        fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
          const text = JSON.stringify(x) // -0 is written 0
          expect(scanWireObject(bytesOf(`{"lat":${text}}`))?.lat).toBe(JSON.parse(text))
        }),
        PROPERTY,
      )
    },
    TIMEOUT,
  )

  it(
    'rounds decimals that lie next to a halfway point between two doubles as JSON.parse does',
    () => {
      // The hard cases of decimal-to-binary conversion: 16 to 19 significant digits cut from the exact
      // decimal expansion of a halfway point, and one unit in the last digit above it.
      fc.assert(
        fc.property(
          fc.double({ min: 1e-6, max: 1e19, noNaN: true }),
          fc.integer({ min: 16, max: 19 }),
          (x, digits) => {
            for (const text of nearHalfway(x, digits)) {
              const scanned = scanWireObject(bytesOf(`{"lat":${text}}`))
              expect(Object.is(scanned?.lat, Number(text)), text).toBe(true)
            }
          },
        ),
        PROPERTY,
      )
      for (const text of [
        '9007199254740993',
        '9007199254740995',
        '18446744073709551615',
        '0.30000000000000004',
        '-0',
        '-0.0',
        '-0e5',
        '-0.000',
        '-12345678901234567',
        '1e400',
        '0.1e-400',
        '123456789012345678901234',
      ])
        expect(Object.is(scanWireObject(bytesOf(`{"lat":${text}}`))?.lat, JSON.parse(text)), text).toBe(true)
    },
    TIMEOUT,
  )

  it('reads non-ASCII text as UTF-8, never as the bytes of a remembered string', () => {
    // "Ã©" is what the two bytes of "é" look like one byte to a character.
    for (const name of ['Ã©', 'é', 'Büro', 'Ã©', '東京', '🏠 Home', 'é', '\uFEFF', '\uFEFFHome'])
      expect(scanWireObject(bytesOf(JSON.stringify({ desc: name })))?.desc).toBe(name)
  })

  it('keeps JSON.parse semantics at the edges: the last duplicate wins, __proto__ is only a name', () => {
    expect(scanWireObject(bytesOf('{"lat":1,"lat":2}'))?.lat).toBe(2)
    const scanned = scanWireObject(bytesOf('{"__proto__":{"lat":5},"constructor":1}'))
    expect(scanned?.lat).toBeUndefined()
    expect(Object.getPrototypeOf(scanned)).toBe(Object.prototype)
  })

  it('leaves to JSON.parse what it does not handle itself', () => {
    for (const text of [
      '\uFEFF{"_type":"location"}', // a byte-order mark, which the slow path's decoder drops
      '{"B\u00fcro":1}', // a key that is not ASCII
      '{"desc":"a\\"b"}', // an escape in a kept string
      '{"l\\u0061t":1}', // an escaped key, which may spell a kept one
      '{"waypoints":[{"desc":"Home"}]}', // a kept field holding objects
      `{"x":${'['.repeat(65)}${']'.repeat(65)}}`, // nesting deeper than 64
    ])
      expect(scanWireObject(bytesOf(text)), text).toBeUndefined()
    // The skipped parts of a message may hold anything JSON allows.
    expect(
      scanWireObject(bytesOf('{"note":"a\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9","x":[1,{"y":[]}],"_type":"lwt"}'))
        ?._type,
    ).toBe('lwt')
  })
})

describe('decodeOwnTracks: the same event from the fast path as from JSON.parse', () => {
  // A byte-order mark sends the same message down the slow path (the scanner leaves it to JSON.parse,
  // whose decoder drops it), so the two paths can be compared on every payload.
  const ctx = aDecodeContext()
  const slowly = (payload: Uint8Array) => {
    const marked = new Uint8Array(payload.length + 3)
    marked.set([0xef, 0xbb, 0xbf])
    marked.set(payload, 3)
    return marked
  }

  it(
    'decodes every kind of message to the same event or the same problem',
    () => {
      const anyValue = fc.oneof(plainScalar, fc.array(plainScalar, { maxLength: 3 }), fc.constant({ a: 1 }))
      const message = fc
        .tuple(
          fc.constantFrom(...MESSAGE_TYPES),
          fc.record({
            lat: fc.double({ min: -91, max: 91 }),
            lon: fc.double({ min: -181, max: 181 }),
            tst: fc.integer({ min: -1, max: 2e12 }),
          }),
          fc.dictionary(
            fc.oneof(fc.constantFrom(...WIRE_FIELDS, 'inrids', 'created_at', 'wtst', 'BSSID'), asciiText),
            anyValue,
            { maxKeys: 8 },
          ),
        )
        .map(([type, fix, extra]) => ({ _type: type, ...fix, ...extra }))
      let answered = 0
      fc.assert(
        fc.property(message, (msg) => {
          const payload = payloadOf(msg)
          if (scanWireObject(payload) !== undefined) answered++
          const fast = decodeOwnTracks(ARTHUR_TOPIC, payload, ctx)
          const slow = decodeOwnTracks(ARTHUR_TOPIC, slowly(payload), ctx)
          expect(fast).toStrictEqual(slow)
        }),
        PROPERTY,
      )
      // Most of these messages did take the fast path.
      expect(answered).toBeGreaterThan(RUNS / 2)
    },
    TIMEOUT,
  )

  it('reads no field of a message but those the scanner keeps', () => {
    // Every field a decoder reads, recorded: one the scanner does not keep would be undefined on the
    // fast path. Messages of every kind, with the branches that read other fields (ssid without SSID,
    // numeric strings, a card's face) taken.
    const read = new Set<string>()
    const messages: object[] = [
      aLocation(),
      aLocation({ ssid: 'home', batt: '80' as unknown as number, inregions: ['Home'] }),
      androidLocation,
      iosLocation,
      aTransition(),
      androidTransition,
      aWaypoint(),
      aWaypoints(),
      androidWaypoints,
      aLwt(),
      aCard({ name: 'Arthur', face: 'aGVsbG8=' }),
      { _type: 'encrypted', data: 'c2VjcmV0' },
      { _type: 'status' },
      { _type: 'teleport' },
      {},
    ]
    for (const message of messages) {
      const watched = new Proxy(structuredClone(message) as Record<string, unknown>, {
        get(target, key, receiver) {
          if (typeof key === 'string') read.add(key)
          return Reflect.get(target, key, receiver)
        },
      })
      decodeMessage(watched, ARTHUR_TOPIC, { memberId: 'arthur', deviceId: 'arthur-phone' })
    }
    expect([...read].filter((field) => !(WIRE_FIELDS as readonly string[]).includes(field))).toEqual([])
    // And the recording works: the common fields were seen.
    expect(read).toContain('lat')
    expect(read).toContain('inregions')
  })

  it('takes the fast path for a location as the apps send it', () => {
    const payload = payloadOf(aLocation())
    expect(scanWireObject(payload)).toBeDefined()
    expect(decodeOwnTracks(ARTHUR_TOPIC, payload, ctx)).toStrictEqual(
      decodeOwnTracks(ARTHUR_TOPIC, slowly(payload), ctx),
    )
  })
})

/**
 * Decimals next to the halfway point above `x`: its exact expansion cut to `digits` significant
 * digits, and the same plus one in the last digit (exact arithmetic in BigInt).
 */
function nearHalfway(x: number, digits: number): string[] {
  const view = new DataView(new ArrayBuffer(8))
  view.setFloat64(0, x)
  const raw = view.getBigUint64(0)
  const exponent = Number((raw >> 52n) & 0x7ffn)
  const significand = (raw & ((1n << 52n) - 1n)) | (1n << 52n)
  // halfway = (2·significand + 1) · 2^(exponent − 1076) = numerator / 10^scale, exactly.
  const power = exponent - 1076
  const scale = power < 0 ? -power : 0
  const numerator = (2n * significand + 1n) * (power < 0 ? 5n ** BigInt(scale) : 2n ** BigInt(power))
  const all = numerator.toString()
  const kept = all.slice(0, digits)
  const dropped = all.length - kept.length
  const texts: string[] = []
  for (const head of [BigInt(kept), BigInt(kept) + 1n]) {
    // head · 10^(dropped − scale) as decimal text.
    const shift = dropped - scale
    const d = head.toString()
    if (shift >= 0) texts.push(d + '0'.repeat(shift))
    else {
      const padded = d.padStart(-shift + 1, '0')
      texts.push(`${padded.slice(0, shift)}.${padded.slice(shift)}`)
    }
  }
  return texts
}
