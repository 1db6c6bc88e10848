import { describe, expect, it } from 'vitest'
import {
  ARTHUR_TOPIC,
  aCard,
  aDecodeContext,
  aLocation,
  aLwt,
  corrupt,
  payloadOf,
} from '../../../test/builders.js'
import androidLwt from '../../../test/fixtures/owntracks/android-lwt.json'
import iosLwt from '../../../test/fixtures/owntracks/ios-lwt.json'
import { PROBLEM_CODES, type ProblemCode } from '../problems.js'
import { decodeOwnTracks } from './decode.js'

const ctx = aDecodeContext()
const ARTHUR = { memberId: 'arthur', deviceId: 'arthur-phone' }
const decode = (obj: unknown, topic = ARTHUR_TOPIC) => decodeOwnTracks(topic, payloadOf(obj), ctx)
const bytes = (text: string) => new TextEncoder().encode(text)

describe('decodeOwnTracks: checks before the payload is read', () => {
  it('rejects a payload over the byte limit before looking at the topic or the text', () => {
    const big = new Uint8Array(101).fill(0xff) // not even UTF-8: proves nothing was decoded
    expect(decodeOwnTracks('not/a/topic', big, aDecodeContext({ maxPayloadBytes: 100 }))).toEqual({
      ok: false,
      problem: { code: 'oversize', topic: 'not/a/topic', bytes: 101, limitBytes: 100 },
    })
  })

  it('accepts a payload of exactly the byte limit', () => {
    const payload = payloadOf(aLocation())
    expect(
      decodeOwnTracks(ARTHUR_TOPIC, payload, aDecodeContext({ maxPayloadBytes: payload.length })).ok,
    ).toBe(true)
  })

  it('rejects a bad topic before asking who owns the device', () => {
    const result = decode(aLocation(), 'owntracks/malfoy/lucius')
    expect(result.ok || result.problem.code).toBe('bad-topic')
  })

  it('rejects a device that belongs to no member', () => {
    expect(decode(aLocation(), 'owntracks/weasley/stranger')).toEqual({
      ok: false,
      problem: { code: 'unknown-device', topic: 'owntracks/weasley/stranger', deviceId: 'stranger' },
    })
  })

  it('attributes a subtopic message to the device level, not to the subtopic', () => {
    const result = decode(aCard(), `${ARTHUR_TOPIC}/info`)
    expect(result.ok && result.value).toMatchObject(ARTHUR)
  })

  it('asks senderOf with the device level of the topic', () => {
    const asked: string[] = []
    const spyCtx = aDecodeContext({
      senderOf: (id) => {
        asked.push(id)
        return { memberId: 'ginny', deviceId: id }
      },
    })
    const result = decodeOwnTracks('owntracks/weasley/ginny-phone/event', payloadOf(aLwt()), spyCtx)
    expect(asked).toEqual(['ginny-phone'])
    expect(result.ok && result.value).toMatchObject({ memberId: 'ginny', deviceId: 'ginny-phone' })
  })

  it('names the device as senderOf spells it, not as the topic does', () => {
    const ctx = aDecodeContext({
      senderOf: (id) =>
        id.toLowerCase() === 'ginny-phone' ? { memberId: 'ginny', deviceId: 'ginny-phone' } : undefined,
    })
    for (const payload of [aLocation(), aLwt()]) {
      const result = decodeOwnTracks('owntracks/weasley/Ginny-Phone', payloadOf(payload), ctx)
      expect(result.ok && result.value).toMatchObject({ memberId: 'ginny', deviceId: 'ginny-phone' })
    }
    const forget = decodeOwnTracks('owntracks/weasley/GINNY-PHONE', new Uint8Array(), ctx)
    expect(forget).toEqual({
      ok: true,
      value: { kind: 'forget', memberId: 'ginny', deviceId: 'ginny-phone' },
    })
  })
})

describe('decodeOwnTracks: repeated topics', () => {
  it('checks the family again when a known topic arrives under another configured family', () => {
    expect(decode(aLwt()).ok).toBe(true)
    const result = decodeOwnTracks(ARTHUR_TOPIC, payloadOf(aLwt()), aDecodeContext({ family: 'malfoy' }))
    expect(result.ok || result.problem).toMatchObject({
      code: 'bad-topic',
      detail: expect.stringContaining('malfoy'),
    })
  })

  it('asks senderOf on every message, so a device given to another member follows them', () => {
    expect(decode(aLwt())).toMatchObject({ ok: true, value: { memberId: 'arthur' } })
    const regifted = aDecodeContext({ senderOf: (deviceId) => ({ memberId: 'ron', deviceId }) })
    const result = decodeOwnTracks(ARTHUR_TOPIC, payloadOf(aLwt()), regifted)
    expect(result.ok && result.value).toMatchObject({ memberId: 'ron', deviceId: 'arthur-phone' })
  })

  it('rejects a bad topic every time it arrives', () => {
    for (let i = 0; i < 3; i++) {
      const result = decode(aLocation(), 'owntracks/weasley//event')
      expect(result.ok || result.problem.code).toBe('bad-topic')
    }
  })

  it('keeps decoding correctly after seeing more topics than it remembers', () => {
    for (let i = 0; i < 600; i++) {
      const result = decodeOwnTracks(
        `owntracks/weasley/phone-${i}`,
        payloadOf(aLwt()),
        aDecodeContext({ senderOf: (id) => ({ memberId: id, deviceId: id }) }),
      )
      expect(result.ok && result.value.deviceId).toBe(`phone-${i}`)
    }
    expect(decode(aLwt(), `${ARTHUR_TOPIC}/event`)).toMatchObject({ ok: true, value: { ...ARTHUR } })
  })
})

describe('decodeOwnTracks: empty payloads', () => {
  it('forgets the device on an empty payload on the base topic', () => {
    expect(decodeOwnTracks(ARTHUR_TOPIC, new Uint8Array(0), ctx)).toEqual({
      ok: true,
      value: { kind: 'forget', ...ARTHUR },
    })
  })

  it.each(['event', 'waypoint', 'status'])(
    'ignores an empty payload on /%s as a cleared retained message',
    (sub) => {
      expect(decodeOwnTracks(`${ARTHUR_TOPIC}/${sub}`, new Uint8Array(0), ctx)).toEqual({
        ok: true,
        value: { kind: 'ignored', type: 'clear', ...ARTHUR },
      })
    },
  )

  it('takes an empty payload on /info for the card taken back', () => {
    expect(decodeOwnTracks(`${ARTHUR_TOPIC}/info`, new Uint8Array(0), ctx)).toEqual({
      ok: true,
      value: { kind: 'card', cleared: true, ...ARTHUR },
    })
  })

  it('still rejects an empty payload from an unknown device', () => {
    const result = decodeOwnTracks('owntracks/weasley/stranger', new Uint8Array(0), ctx)
    expect(result.ok || result.problem.code).toBe('unknown-device')
  })
})

describe('decodeOwnTracks: payloads that are not a JSON object', () => {
  it.each([
    ['junk around JSON', corrupt(aLocation())],
    ['plain text', bytes('hello 51.5007,-0.1246')],
    ['a truncated object', bytes('{"_type":"location","lat":51.5')],
    ['only whitespace', bytes('   ')],
  ])('rejects %s as not-json without quoting the payload', (_case, payload) => {
    const result = decodeOwnTracks(ARTHUR_TOPIC, payload, ctx)
    expect(result).toEqual({
      ok: false,
      problem: { code: 'not-json', topic: ARTHUR_TOPIC, detail: expect.any(String) },
    })
    const detail = result.ok ? '' : JSON.stringify(result.problem)
    expect(detail).not.toContain('51.5')
    expect(detail).not.toContain('hello')
  })

  it('rejects invalid UTF-8 as not-json instead of replacing characters', () => {
    const payload = new Uint8Array([...bytes('{"_type":"card","name":"'), 0xc3, 0x28, ...bytes('"}')])
    expect(decodeOwnTracks(ARTHUR_TOPIC, payload, ctx)).toEqual({
      ok: false,
      problem: { code: 'not-json', topic: ARTHUR_TOPIC, detail: 'invalid UTF-8' },
    })
  })

  it('reads multi-byte UTF-8 and skips a byte-order mark', () => {
    const payload = new Uint8Array([0xef, 0xbb, 0xbf, ...payloadOf(aCard({ name: 'Molly Weasley ❤️ Café' }))])
    const result = decodeOwnTracks(ARTHUR_TOPIC, payload, ctx)
    expect(result.ok && result.value).toMatchObject({ kind: 'card', name: 'Molly Weasley ❤️ Café' })
  })

  it.each([
    ['null', 'null'],
    ['a number', '42'],
    ['a string', '"location"'],
    ['a boolean', 'true'],
    ['an array', '[{"_type":"location"}]'],
  ])('rejects %s as not-object', (_case, text) => {
    expect(decodeOwnTracks(ARTHUR_TOPIC, bytes(text), ctx)).toEqual({
      ok: false,
      problem: { code: 'not-object', topic: ARTHUR_TOPIC },
    })
  })
})

describe('decodeOwnTracks: _type', () => {
  it.each([{}, { _type: null }])('reports a missing _type as missing-field (%j)', (obj) => {
    expect(decode(obj)).toEqual({
      ok: false,
      problem: { code: 'missing-field', topic: ARTHUR_TOPIC, type: 'message', field: '_type' },
    })
  })

  it.each([1, true, ['location'], { name: 'location' }])(
    'reports a non-string _type %j as wrong-type',
    (type) => {
      expect(decode({ ...aLocation(), _type: type })).toEqual({
        ok: false,
        problem: {
          code: 'wrong-type',
          topic: ARTHUR_TOPIC,
          type: 'message',
          field: '_type',
          expected: 'string',
        },
      })
    },
  )

  it.each(['msg', 'clear', 'Location', '', '__proto__', 'toString'])(
    'reports _type %j as unknown-type',
    (type) => {
      expect(decode({ _type: type })).toEqual({
        ok: false,
        problem: { code: 'unknown-type', topic: ARTHUR_TOPIC, type },
      })
    },
  )

  it.each([
    ['status', 'status', { _type: 'status', android: { wifi: 1, ps: 0, bo: 1, hib: 0, loc: 0 } }],
    ['steps', 'step', { _type: 'steps', tst: 1_700_000_000, steps: 4200, from: 1, to: 2 }],
    ['cmd', 'cmd', { _type: 'cmd', action: 'reportLocation' }],
    ['beacon', 'beacon', { _type: 'beacon', uuid: 'x', major: 1, minor: 2, prox: 1 }],
    ['dump', 'dump', { _type: 'dump', configuration: { _type: 'configuration' } }],
    ['configuration', '', { _type: 'configuration', host: 'newHost' }],
    ['request', 'request', { _type: 'request', request: 'tour' }],
  ])('ignores a valid %s message without parsing it', (type, sub, payload) => {
    expect(decode(payload, sub === '' ? ARTHUR_TOPIC : `${ARTHUR_TOPIC}/${sub}`)).toEqual({
      ok: true,
      value: { kind: 'ignored', type, ...ARTHUR },
    })
  })

  it.each([
    ['a command', { _type: 'cmd', action: 'reportLocation' }],
    ['a location', { _type: 'location', lat: 51.5, lon: -0.1, tst: 1_700_000_000 }],
    ['garbage', 'not json'],
    ['nothing', ''],
  ])('takes whatever is on the cmd topic (%s) for a command to the phone', (_what, payload) => {
    expect(decode(payload, `${ARTHUR_TOPIC}/cmd`)).toEqual({
      ok: true,
      value: { kind: 'ignored', type: 'cmd', ...ARTHUR },
    })
  })

  it('reports an encrypted payload as encrypted-no-key until decryption exists', () => {
    expect(decode({ _type: 'encrypted', data: 'bm90IHJlYWxseQ==' })).toEqual({
      ok: false,
      problem: { code: 'encrypted-no-key', topic: ARTHUR_TOPIC },
    })
  })
})

describe('decodeOwnTracks: lwt', () => {
  it('decodes an iOS lwt with the connect time', () => {
    expect(decode(aLwt())).toEqual({
      ok: true,
      value: { kind: 'lwt', ...ARTHUR, timestampSec: 1_700_000_000 },
    })
  })

  it('decodes an Android lwt without tst (fixture)', () => {
    expect(decode(androidLwt)).toEqual({ ok: true, value: { kind: 'lwt', ...ARTHUR } })
  })

  it('reads the string tst of old iOS builds (fixture)', () => {
    expect(decode(iosLwt)).toEqual({
      ok: true,
      value: { kind: 'lwt', ...ARTHUR, timestampSec: 1_439_932_257 },
    })
  })

  it('treats a null tst as absent', () => {
    expect(decode({ _type: 'lwt', tst: null })).toEqual({ ok: true, value: { kind: 'lwt', ...ARTHUR } })
  })

  it.each([
    ['soon', 'wrong-type'],
    [true, 'wrong-type'],
    [0, 'invalid-value'],
    [-5, 'invalid-value'],
  ])('rejects an lwt with tst %j as %s', (tst, code) => {
    const result = decode({ _type: 'lwt', tst })
    expect(result.ok || result.problem).toMatchObject({ code, type: 'lwt', field: 'tst' })
  })
})

describe('decodeOwnTracks: card', () => {
  it('decodes name, face and tid as name, face and initials', () => {
    expect(decode(aCard({ face: 'iVBORw0KGgo=' }), `${ARTHUR_TOPIC}/info`)).toEqual({
      ok: true,
      value: { kind: 'card', ...ARTHUR, name: 'Arthur Weasley', face: 'iVBORw0KGgo=', initials: 'AW' },
    })
  })

  it('cuts a long name to 64 characters, never half an emoji, and keeps a long face', () => {
    // As big as an iPhone's "Create Card" PNG of a photograph can be (192×192, ~140 KB).
    const face = 'A'.repeat(190_000)
    const card = payloadOf({ _type: 'card', name: `${'x'.repeat(63)}😀 and more`, face })
    const result = decodeOwnTracks(ARTHUR_TOPIC, card, aDecodeContext({ maxPayloadBytes: 256 * 1024 }))
    expect(result.ok && result.value).toMatchObject({ name: 'x'.repeat(63), face })
    expect(decode({ _type: 'card', name: 'y'.repeat(300) })).toMatchObject({
      value: { name: 'y'.repeat(64) },
    })
  })

  it('accepts a card with no fields at all', () => {
    expect(decode({ _type: 'card' })).toEqual({ ok: true, value: { kind: 'card', ...ARTHUR } })
  })

  it('drops card fields of the wrong type instead of rejecting the card', () => {
    expect(decode({ _type: 'card', name: 42, face: { png: true }, tid: '' })).toEqual({
      ok: true,
      value: { kind: 'card', ...ARTHUR },
    })
  })
})

describe('decodeOwnTracks: problem coverage', () => {
  // One input per problem code, so a new code without a decoder test shows up here.
  const inputs: Record<ProblemCode, () => ReturnType<typeof decodeOwnTracks>> = {
    oversize: () => decodeOwnTracks(ARTHUR_TOPIC, new Uint8Array(10), aDecodeContext({ maxPayloadBytes: 9 })),
    'bad-topic': () => decode(aLocation(), 'owntracks/weasley'),
    'unknown-device': () => decode(aLocation(), 'owntracks/weasley/stranger'),
    'not-json': () => decodeOwnTracks(ARTHUR_TOPIC, corrupt(aLocation()), ctx),
    'not-object': () => decode([aLocation()]),
    'missing-field': () => decode({ ...aLocation(), tst: undefined }),
    'wrong-type': () => decode({ ...aLocation(), lat: 'north' }),
    'invalid-value': () => decode(aLocation({ lat: 91 })),
    'unknown-type': () => decode({ _type: 'msg' }),
    'encrypted-no-key': () => decode({ _type: 'encrypted', data: '' }),
    'decrypt-failed': () =>
      decodeOwnTracks(
        ARTHUR_TOPIC,
        payloadOf({ _type: 'encrypted', data: 'AAAA' }),
        aDecodeContext({ decrypt: () => ({ ok: false, reason: 'failed' }) }),
      ),
  }

  it.each(PROBLEM_CODES)('can produce %s', (code) => {
    const result = inputs[code]()
    expect(result.ok || result.problem.code).toBe(code)
  })
})
