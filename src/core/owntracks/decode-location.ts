// Pure. OwnTracks `_type: "location"` (OWNTRACKS.md §1.1) -> LocationEvent.
// Geofencing fields are checked strictly; decorative ones (batt, vel, tid, t, SSID) are dropped when odd.

// This is the hot path (one call per fix from every phone). The common case, plain JSON numbers and
// strings, is checked inline and makes almost no imported call: under tsx's CommonJS transform each
// imported call goes through an export getter, which measured ~10 ns apiece. decode-fields.ts helpers
// run only for numeric strings and for building problems.

import type { Fix, LocationEvent, Sender } from '../events.js'
import type { Problem } from '../problems.js'
import { fail, ok, type Result } from '../result.js'
import {
  invalidValue,
  MAX_DECORATIVE_LENGTH,
  numberProblem,
  POSITIVE_TIME,
  toNumber,
  toTimestampSec,
  type WireObject,
  wrongType,
} from './decode-fields.js'

const TYPE = 'location'
const LAT_RANGE = 'must be between -90 and 90'
const LON_RANGE = 'must be between -180 and 180'

export function decodeLocation(
  msg: WireObject,
  topic: string,
  sender: Sender,
): Result<LocationEvent, Problem> {
  const rawLat = msg.lat
  const lat = typeof rawLat === 'number' ? rawLat : toNumber(rawLat)
  // NaN fails every comparison, so the range tests also catch absent and garbled values.
  if (!(lat >= -90 && lat <= 90)) return fail(numberProblem(rawLat, 'lat', topic, TYPE, LAT_RANGE))
  const rawLon = msg.lon
  const lon = typeof rawLon === 'number' ? rawLon : toNumber(rawLon)
  if (!(lon >= -180 && lon <= 180)) return fail(numberProblem(rawLon, 'lon', topic, TYPE, LON_RANGE))
  // iOS processLocation drops 0,0: it is what a phone without a fix reports, not a place.
  if (lat === 0 && lon === 0) return fail(invalidValue(topic, TYPE, 'lat', 'and "lon" are both 0'))

  const rawTst = msg.tst
  const timestampSec = toTimestampSec(typeof rawTst === 'number' ? rawTst : toNumber(rawTst))
  if (Number.isNaN(timestampSec)) return fail(numberProblem(rawTst, 'tst', topic, TYPE, POSITIVE_TIME))

  // acc is optional ("only when known", §1.1) and may be fractional or 0. It decides whether a fix is
  // trusted for geofencing, so a garbled one rejects the message rather than pass as "unknown".
  let fix: Fix
  const rawAcc = msg.acc
  if (rawAcc === undefined || rawAcc === null) {
    fix = { lat, lon }
  } else {
    const acc = typeof rawAcc === 'number' ? rawAcc : toNumber(rawAcc)
    if (!(acc >= 0 && acc < Number.POSITIVE_INFINITY)) {
      return fail(numberProblem(rawAcc, 'acc', topic, TYPE, 'must not be negative'))
    }
    fix = { lat, lon, accuracyMeters: Math.round(acc) }
  }

  const event: LocationEvent = {
    kind: 'location',
    memberId: sender.memberId,
    deviceId: sender.deviceId,
    timestampSec,
    fix,
  }

  // inregions: absent means "unknown", [] means "inside nothing" (§1.1); keep that difference.
  const rawRegions = msg.inregions
  if (rawRegions !== undefined && rawRegions !== null) {
    if (!Array.isArray(rawRegions)) return fail(wrongType(topic, TYPE, 'inregions', 'array of strings'))
    event.insidePlaceNames = stringsOnly(rawRegions)
  }

  // Decorative: kept when sane (at most MAX_DECORATIVE_LENGTH characters), silently dropped otherwise
  // (decorativeString in decode-fields.ts cuts long ones instead; this is kept local for the reason in
  // the header).
  const trigger = msg.t
  if (isText(trigger)) event.trigger = trigger
  const batteryPercent = roundedOrNaN(msg.batt)
  if (batteryPercent >= 0 && batteryPercent <= 100) event.batteryPercent = batteryPercent
  // iOS omits vel when CoreLocation reports a negative (unknown) speed; treat a negative one the same.
  const velocityKmh = roundedOrNaN(msg.vel)
  if (velocityKmh >= 0 && velocityKmh < Number.POSITIVE_INFINITY) event.velocityKmh = velocityKmh
  const initials = msg.tid
  if (isText(initials)) event.initials = initials
  // Android sends SSID, current iOS sends ssid (§1.1, iOS commit 1d277579).
  const upperSsid = msg.SSID
  const wifiSsid = isText(upperSsid) ? upperSsid : msg.ssid
  if (isText(wifiSsid)) event.wifiSsid = wifiSsid

  return ok(event)
}

/** Decorative text worth keeping: not empty, and short enough for a display (longer goes unread). */
function isText(value: unknown): value is string {
  return typeof value === 'string' && value !== '' && value.length <= MAX_DECORATIVE_LENGTH
}

/** A number or numeric string, rounded (ints may arrive as floats, §1); NaN for anything else. */
function roundedOrNaN(value: unknown): number {
  if (typeof value === 'number') return Math.round(value)
  return typeof value === 'string' ? Math.round(toNumber(value)) : Number.NaN
}

/** The array itself when every entry is a string (the usual case, no copy), else its strings only. */
function stringsOnly(values: unknown[]): string[] {
  for (const value of values) {
    if (typeof value !== 'string') return values.filter((v): v is string => typeof v === 'string')
  }
  return values as string[]
}
