// Pure. Lenient readers for OwnTracks JSON fields, shared by the decode-*.ts handlers.
// Readers return a value or a Problem (an object), so the success path allocates nothing.

import type { Problem } from '../problems.js'

/** A parsed JSON object; fields are read by their wire names. */
export type WireObject = Record<string, unknown>

// OWNTRACKS.md §1: timestamps are epoch seconds, but an Android fixture carries a millisecond tst.
// 1e11 s is the year 5138, and 1e11 ms is 1973, so anything above it is milliseconds.
const MILLISECONDS_ABOVE = 1e11

export const POSITIVE_TIME = 'must be a positive epoch time'

/** JSON null means "not sent", as for Kotlin's nullable fields. */
export function isAbsent(value: unknown): value is undefined | null {
  return value === undefined || value === null
}

/**
 * A JSON number, or a numeric string (old iOS LWTs send `"tst":"1439932257"`, OWNTRACKS.md §1);
 * NaN for anything else, so callers only need Number.isFinite.
 */
export function toNumber(value: unknown): number {
  if (typeof value === 'number') return value
  if (typeof value === 'string' && value.trim() !== '') return Number(value)
  return Number.NaN
}

/** Epoch seconds from seconds or milliseconds, rounded; NaN unless positive and plausible. */
export function toTimestampSec(value: number): number {
  const seconds = Math.round(value > MILLISECONDS_ABOVE ? value / 1000 : value)
  return seconds > 0 && seconds <= MILLISECONDS_ABOVE ? seconds : Number.NaN
}

/** OWNTRACKS.md §1.1: iOS rejects invalid coordinates and lat = lon = 0 ("null island"). */
export function isValidLatLon(lat: number, lon: number): boolean {
  return (
    Number.isFinite(lat) &&
    Number.isFinite(lon) &&
    lat >= -90 &&
    lat <= 90 &&
    lon >= -180 &&
    lon <= 180 &&
    !(lat === 0 && lon === 0)
  )
}

export function missingField(topic: string, type: string, field: string): Problem {
  return { code: 'missing-field', topic, type, field }
}

export function wrongType(topic: string, type: string, field: string, expected: string): Problem {
  return { code: 'wrong-type', topic, type, field, expected }
}

export function invalidValue(topic: string, type: string, field: string, detail: string): Problem {
  return { code: 'invalid-value', topic, type, field, detail }
}

/**
 * Why a field failed a numeric check, for the failure path only: absent -> missing-field, not a number
 * -> wrong-type, otherwise the value is out of range -> invalid-value with `detail`.
 */
export function numberProblem(
  raw: unknown,
  field: string,
  topic: string,
  type: string,
  detail: string,
): Problem {
  if (isAbsent(raw)) return missingField(topic, type, field)
  if (!Number.isFinite(toNumber(raw))) return wrongType(topic, type, field, 'number')
  return invalidValue(topic, type, field, detail)
}

/** A required number, coerced from a numeric string when needed. */
export function requiredNumber(
  msg: WireObject,
  field: string,
  topic: string,
  type: string,
): number | Problem {
  const raw = msg[field]
  if (isAbsent(raw)) return missingField(topic, type, field)
  const value = toNumber(raw)
  return Number.isFinite(value) ? value : wrongType(topic, type, field, 'number')
}

/** A required `tst`-like field: positive epoch seconds (milliseconds converted). */
export function requiredTimestamp(
  msg: WireObject,
  field: string,
  topic: string,
  type: string,
): number | Problem {
  const value = requiredNumber(msg, field, topic, type)
  return typeof value === 'number' ? checkedTimestamp(value, field, topic, type) : value
}

/** An optional timestamp: undefined when absent, a Problem when present but wrong. */
export function optionalTimestamp(
  msg: WireObject,
  field: string,
  topic: string,
  type: string,
): number | undefined | Problem {
  if (isAbsent(msg[field])) return undefined
  return requiredTimestamp(msg, field, topic, type)
}

function checkedTimestamp(value: number, field: string, topic: string, type: string): number | Problem {
  const seconds = toTimestampSec(value)
  return Number.isNaN(seconds) ? invalidValue(topic, type, field, POSITIVE_TIME) : seconds
}

/** A required string; no coercion, because numbers are never region names. */
export function requiredString(
  msg: WireObject,
  field: string,
  topic: string,
  type: string,
): string | Problem {
  const raw = msg[field]
  if (isAbsent(raw)) return missingField(topic, type, field)
  return typeof raw === 'string' ? raw : wrongType(topic, type, field, 'string')
}

/** Longer decorative text (a card's name) would not fit a clock face, and goes to every display. */
export const MAX_DECORATIVE_LENGTH = 64

/** A decorative string (tid, t, card name): kept when a non-empty string (cut to 64), else dropped. */
export function decorativeString(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || raw === '') return undefined
  if (raw.length <= MAX_DECORATIVE_LENGTH) return raw
  const cut = raw.slice(0, MAX_DECORATIVE_LENGTH)
  // Not half of a surrogate pair (an emoji) at the end.
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut
}

/** An accuracy or radius in metres: a rounded non-negative number, or undefined. */
export function metresOrUndefined(raw: unknown): number | undefined {
  const value = Math.round(toNumber(raw))
  return value >= 0 && Number.isFinite(value) ? value : undefined
}

/** Optional coordinates (transition, waypoint): kept only as a valid pair, otherwise dropped. */
export function optionalLatLon(msg: WireObject): { lat: number; lon: number } | undefined {
  const lat = toNumber(msg.lat)
  const lon = toNumber(msg.lon)
  return isValidLatLon(lat, lon) ? { lat, lon } : undefined
}
