// Pure. The decoder's fast path: one pass over a message's bytes that checks the whole payload is a
// JSON object and keeps only the fields the decoders read (WIRE_FIELDS), without building the rest.
// JSON.parse builds every field (Wi-Fi names, ids, notes) and needs the bytes decoded to a string
// first, which together cost more than everything the clock then does with a location.
//
// It answers only when sure: a payload it does not fully handle (an escape in a kept string or in any
// key, a key that is not ASCII, a kept field holding an object or nested array, deep nesting, anything
// malformed, UTF-8 included) gives undefined, and decode.ts falls back to TextDecoder + JSON.parse,
// which also words every rejection. So when it answers, each kept field holds exactly what JSON.parse
// would give (scan-json.test.ts holds it to that, with JSON.parse as the oracle).

import type { WireObject } from './decode-fields.js'
import { decimalToDouble, EXACT_DIGITS } from './exact-decimal.js'

/** Every top-level field any decoder reads (decode*.ts); a test holds the decoders to this list. */
export const WIRE_FIELDS = [
  '_type',
  'lat',
  'lon',
  'tst',
  'acc',
  'inregions',
  't',
  'batt',
  'vel',
  'tid',
  'SSID',
  'ssid',
  'event',
  'desc',
  'rad',
  'waypoints',
  'data',
  'name',
  'face',
] as const

/** The scanned fields, absent ones undefined: one object shape for every message. */
function fieldsOf(v: unknown[]): WireObject {
  return {
    _type: v[0],
    lat: v[1],
    lon: v[2],
    tst: v[3],
    acc: v[4],
    inregions: v[5],
    t: v[6],
    batt: v[7],
    vel: v[8],
    tid: v[9],
    SSID: v[10],
    ssid: v[11],
    event: v[12],
    desc: v[13],
    rad: v[14],
    waypoints: v[15],
    data: v[16],
    name: v[17],
    face: v[18],
  }
}

const QUOTE = 0x22
const BACKSLASH = 0x5c
const COMMA = 0x2c
const COLON = 0x3a
const OPEN_BRACE = 0x7b
const CLOSE_BRACE = 0x7d
const OPEN_BRACKET = 0x5b
const CLOSE_BRACKET = 0x5d
const MINUS = 0x2d
const PLUS = 0x2b
const DOT = 0x2e
const ZERO = 0x30
const NINE = 0x39
/** Skipped values nest at most this deep; deeper ones go to JSON.parse. */
const MAX_DEPTH = 64
/** A failed scan: the caller falls back to JSON.parse. */
const BAIL = -1

// Keys are looked up by their length and first and last bytes, then checked byte for byte: no two
// fields share a slot (checked when the table is built, so a new field that collides fails every test).
const KEY_SLOTS = 256
const keySlot = (length: number, first: number, last: number): number =>
  (length * 4 + first * 3 + last) & (KEY_SLOTS - 1)
const keyTable: (number | undefined)[] = new Array(KEY_SLOTS).fill(undefined)
for (let f = 0; f < WIRE_FIELDS.length; f++) {
  const name = WIRE_FIELDS[f] as string
  const slot = keySlot(name.length, name.charCodeAt(0), name.charCodeAt(name.length - 1))
  if (keyTable[slot] !== undefined) throw new Error(`scan-json: fields collide in slot ${slot}`)
  keyTable[slot] = f
}

// Short kept strings repeat (a `_type`, a region name, a trigger, a Wi-Fi name): the last one seen in
// each slot is handed out again when the bytes match, so most messages allocate no strings at all.
const STRING_SLOTS = 512
const CACHED_LENGTH = 48
const stringCache: string[] = new Array(STRING_SLOTS).fill('')
/**
 * Only ever given well-formed UTF-8 (checked by the scan), so it reads as the fatal decoder would; and a
 * string's own leading U+FEFF is text to JSON.parse, not a byte-order mark to drop.
 */
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true })

/** What a value scan produced; valid until the next scan. */
let scanned: unknown
/** The fields of the message being scanned (reused: scans run one at a time). */
const values: unknown[] = new Array(WIRE_FIELDS.length).fill(undefined)

/** The payload's kept fields, or undefined when it is no JSON object or one left to JSON.parse. */
export function scanWireObject(b: Uint8Array): WireObject | undefined {
  values.fill(undefined)
  const n = b.length
  let i = skipSpace(b, 0, n)
  if (i >= n || b[i] !== OPEN_BRACE) return undefined
  i = skipSpace(b, i + 1, n)
  if (i < n && b[i] === CLOSE_BRACE) {
    i++
  } else {
    for (;;) {
      if (i >= n || b[i] !== QUOTE) return undefined
      // The key: plain ASCII, no escapes (an escaped key could spell a kept one).
      const start = i + 1
      let j = start
      for (; j < n; j++) {
        const c = b[j] as number
        if (c === QUOTE) break
        if (c === BACKSLASH || c < 0x20 || c > 0x7e) return undefined
      }
      if (j >= n) return undefined
      const field =
        j === start ? undefined : keyTable[keySlot(j - start, b[start] as number, b[j - 1] as number)]
      const kept = field !== undefined && sameBytes(b, start, j, WIRE_FIELDS[field] as string)
      i = skipSpace(b, j + 1, n)
      if (i >= n || b[i] !== COLON) return undefined
      i = skipSpace(b, i + 1, n)
      if (kept) {
        i = keptValue(b, i, n)
        if (i === BAIL) return undefined
        values[field as number] = scanned
      } else {
        i = skipValue(b, i, n, 0)
        if (i === BAIL) return undefined
      }
      i = skipSpace(b, i, n)
      if (i >= n) return undefined
      const c = b[i]
      i++
      if (c === CLOSE_BRACE) break
      if (c !== COMMA) return undefined
      i = skipSpace(b, i, n)
    }
  }
  if (skipSpace(b, i, n) !== n) return undefined
  return fieldsOf(values)
}

function skipSpace(b: Uint8Array, i: number, n: number): number {
  while (i < n) {
    const c = b[i]
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return i
    i++
  }
  return i
}

function sameBytes(b: Uint8Array, start: number, end: number, text: string): boolean {
  if (end - start !== text.length) return false
  for (let k = 0; k < text.length; k++) if (b[start + k] !== text.charCodeAt(k)) return false
  return true
}

/** A kept field's value: a scalar, or an array of scalars (inregions). Sets `scanned`. */
function keptValue(b: Uint8Array, i: number, n: number): number {
  if (b[i] !== OPEN_BRACKET) return scalar(b, i, n)
  const list: unknown[] = []
  i = skipSpace(b, i + 1, n)
  if (i < n && b[i] === CLOSE_BRACKET) {
    scanned = list
    return i + 1
  }
  for (;;) {
    i = scalar(b, i, n)
    if (i === BAIL) return BAIL
    list.push(scanned)
    i = skipSpace(b, i, n)
    if (i >= n) return BAIL
    const c = b[i]
    if (c === CLOSE_BRACKET) break
    if (c !== COMMA) return BAIL
    i = skipSpace(b, i + 1, n)
  }
  scanned = list
  return i + 1
}

/** A string without escapes, a number, true, false or null. Sets `scanned`. */
function scalar(b: Uint8Array, i: number, n: number): number {
  if (i >= n) return BAIL
  const c = b[i] as number
  if (c === QUOTE) return keptString(b, i + 1, n)
  if (c === MINUS || (c >= ZERO && c <= NINE)) return number(b, i, n, true)
  return literal(b, i, n, true)
}

function keptString(b: Uint8Array, start: number, n: number): number {
  let h = 0
  let wide = false
  let j = start
  while (j < n) {
    const c = b[j] as number
    if (c === QUOTE) break
    if (c === BACKSLASH || c < 0x20) return BAIL
    if (c >= 0x80) {
      j = utf8Sequence(b, j, n)
      if (j === BAIL) return BAIL
      wide = true
      continue
    }
    h = (Math.imul(h, 31) + c) | 0
    j++
  }
  if (j >= n) return BAIL
  const length = j - start
  // The cache compares bytes with UTF-16 code units, which only agree for ASCII.
  if (wide || length > CACHED_LENGTH) {
    scanned = utf8.decode(b.subarray(start, j))
    return j + 1
  }
  const slot = h & (STRING_SLOTS - 1)
  const cached = stringCache[slot] as string
  if (sameBytes(b, start, j, cached)) {
    scanned = cached
  } else {
    const text = utf8.decode(b.subarray(start, j))
    stringCache[slot] = text
    scanned = text
  }
  return j + 1
}

/** Digits the two-part conversion takes: 15 held exactly and up to four more (below 10^19). */
const MAX_DIGITS = 19

/**
 * A JSON number (RFC 8259 grammar), checked; its value in `scanned` when `keep`. Converted exactly as
 * JSON.parse converts it (correctly rounded): see `decimalToDouble`; a number with an exponent or more
 * digits than that handles goes through Number(), which rounds the same way.
 */
function number(b: Uint8Array, i: number, n: number, keep: boolean): number {
  const start = i
  const negative = b[i] === MINUS
  if (negative) i++
  if (i >= n) return BAIL
  const first = b[i] as number
  // The first 15 significant digits, then up to four more kept apart, so both stay exact.
  let head = 0
  let tail = 0
  let digits = 0
  if (first === ZERO) {
    i++
  } else if (first > ZERO && first <= NINE) {
    for (; i < n; i++) {
      const d = (b[i] as number) - ZERO
      if (d < 0 || d > 9) break
      if (digits < EXACT_DIGITS) head = head * 10 + d
      else tail = tail * 10 + d
      digits++
    }
  } else {
    return BAIL
  }
  let fraction = 0
  if (i < n && b[i] === DOT) {
    const from = ++i
    for (; i < n; i++) {
      const d = (b[i] as number) - ZERO
      if (d < 0 || d > 9) break
      // Leading zeros of a fraction (0.000123) are not significant.
      if (digits === 0 && d === 0) continue
      if (digits < EXACT_DIGITS) head = head * 10 + d
      else tail = tail * 10 + d
      digits++
    }
    fraction = i - from
    if (fraction === 0) return BAIL
  }
  let exponent = false
  if (i < n && (b[i] === 0x65 || b[i] === 0x45)) {
    exponent = true
    i++
    if (i < n && (b[i] === PLUS || b[i] === MINUS)) i++
    const from = i
    while (i < n && (b[i] as number) >= ZERO && (b[i] as number) <= NINE) i++
    if (i === from) return BAIL
  }
  if (keep) {
    let value = Number.NaN
    if (!exponent && fraction <= 22 && digits <= MAX_DIGITS) {
      value = decimalToDouble(head, tail, Math.max(0, digits - EXACT_DIGITS), fraction)
    }
    if (Number.isNaN(value)) value = Number(utf8.decode(b.subarray(negative ? start + 1 : start, i)))
    scanned = negative ? -value : value
  }
  return i
}

/** true, false or null. */
function literal(b: Uint8Array, i: number, n: number, keep: boolean): number {
  const c = b[i]
  const word = c === 0x74 ? 'true' : c === 0x66 ? 'false' : c === 0x6e ? 'null' : undefined
  if (word === undefined || i + word.length > n || !sameBytes(b, i, i + word.length, word)) return BAIL
  if (keep) scanned = c === 0x74 ? true : c === 0x66 ? false : null
  return i + word.length
}

/** Any JSON value, checked and passed over. */
function skipValue(b: Uint8Array, i: number, n: number, depth: number): number {
  if (i >= n) return BAIL
  const c = b[i] as number
  if (c === QUOTE) return skipString(b, i + 1, n)
  if (c === MINUS || (c >= ZERO && c <= NINE)) return number(b, i, n, false)
  if (c === OPEN_BRACE || c === OPEN_BRACKET) {
    if (depth >= MAX_DEPTH) return BAIL
    const object = c === OPEN_BRACE
    const close = object ? CLOSE_BRACE : CLOSE_BRACKET
    i = skipSpace(b, i + 1, n)
    if (i < n && b[i] === close) return i + 1
    for (;;) {
      if (object) {
        if (i >= n || b[i] !== QUOTE) return BAIL
        i = skipString(b, i + 1, n)
        if (i === BAIL) return BAIL
        i = skipSpace(b, i, n)
        if (i >= n || b[i] !== COLON) return BAIL
        i = skipSpace(b, i + 1, n)
      }
      i = skipValue(b, i, n, depth + 1)
      if (i === BAIL) return BAIL
      i = skipSpace(b, i, n)
      if (i >= n) return BAIL
      const next = b[i]
      if (next === close) return i + 1
      if (next !== COMMA) return BAIL
      i = skipSpace(b, i + 1, n)
    }
  }
  return literal(b, i, n, false)
}

/** A string passed over, escapes checked as JSON.parse checks them. */
function skipString(b: Uint8Array, i: number, n: number): number {
  while (i < n) {
    const c = b[i] as number
    if (c === QUOTE) return i + 1
    if (c < 0x20) return BAIL
    if (c >= 0x80) {
      i = utf8Sequence(b, i, n)
      if (i === BAIL) return BAIL
      continue
    }
    if (c === BACKSLASH) {
      const e = b[i + 1]
      if (e === 0x75) {
        if (i + 6 > n) return BAIL
        for (let k = i + 2; k < i + 6; k++) if (!isHex(b[k] as number)) return BAIL
        i += 6
        continue
      }
      if (
        e !== QUOTE &&
        e !== BACKSLASH &&
        e !== 0x2f &&
        e !== 0x62 &&
        e !== 0x66 &&
        e !== 0x6e &&
        e !== 0x72 &&
        e !== 0x74
      )
        return BAIL
      i += 2
      continue
    }
    i++
  }
  return BAIL
}

/**
 * One well-formed UTF-8 sequence of two to four bytes starting at `i` (the Unicode Standard's table
 * 3-7: no overlong forms, no surrogates, nothing above U+10FFFF), as the slow path's fatal decoder
 * requires; the index after it, or BAIL.
 */
function utf8Sequence(b: Uint8Array, i: number, n: number): number {
  const lead = b[i] as number
  let count: number
  let low = 0x80
  let high = 0xbf
  if (lead >= 0xc2 && lead <= 0xdf) count = 1
  else if (lead >= 0xe0 && lead <= 0xef) {
    count = 2
    if (lead === 0xe0) low = 0xa0
    else if (lead === 0xed) high = 0x9f
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    count = 3
    if (lead === 0xf0) low = 0x90
    else if (lead === 0xf4) high = 0x8f
  } else return BAIL
  if (i + count >= n) return BAIL
  const second = b[i + 1] as number
  if (second < low || second > high) return BAIL
  for (let k = i + 2; k <= i + count; k++) {
    const c = b[k] as number
    if (c < 0x80 || c > 0xbf) return BAIL
  }
  return i + count + 1
}

const isHex = (c: number): boolean =>
  (c >= ZERO && c <= NINE) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)
