import { describe, expect, it } from 'vitest'
import { ARTHUR_TOPIC, aDecodeContext, aLocation, payloadOf, without } from '../../../test/builders.js'
import androidLocation from '../../../test/fixtures/owntracks/android-location.json'
import iosLocation from '../../../test/fixtures/owntracks/ios-location.json'
import type { LocationEvent } from '../events.js'
import { decodeOwnTracks } from './decode.js'

const ctx = aDecodeContext()
const ARTHUR = { memberId: 'arthur', deviceId: 'arthur-phone' }
const decode = (obj: unknown) => decodeOwnTracks(ARTHUR_TOPIC, payloadOf(obj), ctx)
const decodeEvent = (obj: unknown): LocationEvent => {
  const result = decode(obj)
  if (!result.ok || result.value.kind !== 'location')
    throw new Error(`not a location: ${JSON.stringify(result)}`)
  return result.value
}
const problemOf = (obj: unknown) => {
  const result = decode(obj)
  return result.ok ? undefined : result.problem
}

describe('decodeOwnTracks: location', () => {
  it('decodes a location into a fix with accuracy, time and decorations', () => {
    expect(decode(aLocation({ batt: 80, vel: 12, t: 'u', inregions: ['Home'] }))).toEqual({
      ok: true,
      value: {
        kind: 'location',
        ...ARTHUR,
        timestampSec: 1_700_000_000,
        fix: { lat: 51.5007, lon: -0.1246, accuracyMeters: 20 },
        insidePlaceNames: ['Home'],
        trigger: 'u',
        batteryPercent: 80,
        velocityKmh: 12,
        initials: 'AW',
      },
    })
  })

  it('decodes the real Android payload (fixture)', () => {
    expect(decodeEvent(androidLocation)).toEqual({
      kind: 'location',
      ...ARTHUR,
      timestampSec: 1_754_215_100,
      fix: { lat: 50.1182933, lon: -5.5407733, accuracyMeters: 5 },
      batteryPercent: 100,
      velocityKmh: 0,
      initials: 'xa',
      wifiSsid: 'AndroidWifi',
    })
  })

  it('decodes an iOS payload with lower-case ssid and raw inregions (fixture)', () => {
    expect(decodeEvent(iosLocation)).toEqual({
      kind: 'location',
      ...ARTHUR,
      timestampSec: 1_754_215_990,
      fix: { lat: 51.752, lon: -1.2577, accuracyMeters: 13 },
      insidePlaceNames: ['Home|1|2', '+follow'],
      trigger: 'p',
      batteryPercent: 78,
      velocityKmh: 0,
      initials: 'GW',
      wifiSsid: 'Burrow',
    })
  })

  it('needs no optional field at all', () => {
    expect(decodeEvent({ _type: 'location', lat: 1, lon: 2, tst: 3 })).toEqual({
      kind: 'location',
      ...ARTHUR,
      timestampSec: 3,
      fix: { lat: 1, lon: 2 },
    })
  })

  it('drops decorations too long for a display', () => {
    const event = decodeEvent(aLocation({ tid: 'x'.repeat(65), t: 'u', SSID: 'y'.repeat(64) }))
    expect(event.initials).toBeUndefined()
    expect(event).toMatchObject({ trigger: 'u', wifiSsid: 'y'.repeat(64) })
  })

  it('ignores unknown extra fields', () => {
    const event = decodeEvent({ ...aLocation(), odometer: 12, ign: true, motionactivities: ['x'], _id: 'ab' })
    expect(event).toEqual(decodeEvent(aLocation()))
  })

  it('reads numeric strings as numbers', () => {
    const event = decodeEvent({ ...aLocation(), lat: '51.5', lon: '-0.12', tst: '1439932257', acc: '7' })
    expect(event.fix).toEqual({ lat: 51.5, lon: -0.12, accuracyMeters: 7 })
    expect(event.timestampSec).toBe(1_439_932_257)
  })

  it('treats a millisecond tst as seconds', () => {
    expect(decodeEvent(aLocation({ tst: 1_505_910_709_000 })).timestampSec).toBe(1_505_910_709)
  })

  it('rounds a fractional tst', () => {
    expect(decodeEvent(aLocation({ tst: 1_700_000_000.6 })).timestampSec).toBe(1_700_000_001)
  })

  it.each([
    ['zero', 0],
    ['negative', -1_700_000_000],
    ['rounding to zero', 0.4],
    ['beyond milliseconds (microseconds)', 1_700_000_000_000_000],
  ])('rejects a %s tst as invalid-value', (_case, tst) => {
    expect(problemOf(aLocation({ tst }))).toMatchObject({
      code: 'invalid-value',
      type: 'location',
      field: 'tst',
    })
  })

  it.each(['lat', 'lon', 'tst'] as const)('rejects a location without %s as missing-field', (field) => {
    expect(problemOf(without(aLocation(), field))).toEqual({
      code: 'missing-field',
      topic: ARTHUR_TOPIC,
      type: 'location',
      field,
    })
  })

  it('treats a null required field as missing', () => {
    expect(problemOf({ ...aLocation(), lat: null })).toMatchObject({ code: 'missing-field', field: 'lat' })
  })

  it.each([
    ['lat', 'north'],
    ['lat', ''],
    ['lon', true],
    ['lon', [1]],
    ['tst', { s: 1 }],
    ['tst', 'yesterday'],
    ['lat', 'Infinity'],
  ])('rejects %s = %j as wrong-type', (field, value) => {
    expect(problemOf({ ...aLocation(), [field]: value })).toEqual({
      code: 'wrong-type',
      topic: ARTHUR_TOPIC,
      type: 'location',
      field,
      expected: 'number',
    })
  })

  it.each([
    [90, 180],
    [-90, -180],
    [0, 5],
    [5, 0],
  ])('accepts the edge coordinates %d,%d', (lat, lon) => {
    expect(decodeEvent(aLocation({ lat, lon })).fix).toMatchObject({ lat, lon })
  })

  it.each([
    [90.0001, 0.1, 'lat'],
    [-91, 0.1, 'lat'],
    [0.1, 180.5, 'lon'],
    [0.1, -181, 'lon'],
    [0, 0, 'lat'],
  ])('rejects the coordinates %d,%d as invalid-value on %s', (lat, lon, field) => {
    expect(problemOf(aLocation({ lat, lon }))).toMatchObject({
      code: 'invalid-value',
      type: 'location',
      field,
    })
  })

  it.each([
    [142.5, 143],
    [0.2, 0],
    [0, 0],
  ])('keeps acc %d as %d metres', (acc, accuracyMeters) => {
    expect(decodeEvent(aLocation({ acc })).fix.accuracyMeters).toBe(accuracyMeters)
  })

  it.each([
    ['absent', without(aLocation(), 'acc')],
    ['null', { ...aLocation(), acc: null }],
  ])('leaves accuracy unknown when acc is %s', (_case, obj) => {
    expect(decodeEvent(obj).fix).not.toHaveProperty('accuracyMeters')
  })

  it('rejects a garbled acc as wrong-type, since it decides trust in the fix', () => {
    expect(problemOf({ ...aLocation(), acc: 'good' })).toMatchObject({ code: 'wrong-type', field: 'acc' })
  })

  it('rejects a negative acc as invalid-value', () => {
    expect(problemOf(aLocation({ acc: -1 }))).toMatchObject({ code: 'invalid-value', field: 'acc' })
  })

  it('leaves insidePlaceNames undefined when inregions is absent', () => {
    expect(decodeEvent(without(aLocation(), 'inregions'))).not.toHaveProperty('insidePlaceNames')
  })

  it('keeps an empty inregions as an empty list, meaning "inside nothing"', () => {
    expect(decodeEvent(aLocation({ inregions: [] })).insidePlaceNames).toEqual([])
  })

  it('drops non-string entries from inregions', () => {
    const event = decodeEvent({ ...aLocation(), inregions: ['Home', 3, null, { x: 1 }, 'Work'] })
    expect(event.insidePlaceNames).toEqual(['Home', 'Work'])
  })

  it('rejects an inregions that is not an array as wrong-type', () => {
    expect(problemOf({ ...aLocation(), inregions: 'Home' })).toMatchObject({
      code: 'wrong-type',
      field: 'inregions',
    })
  })

  it.each([
    ['Android SSID', { SSID: 'Burrow' }, 'Burrow'],
    ['iOS ssid', { ssid: 'Burrow' }, 'Burrow'],
    ['SSID over ssid', { SSID: 'Upper', ssid: 'lower' }, 'Upper'],
    ['ssid when SSID is empty', { SSID: '', ssid: 'lower' }, 'lower'],
  ])('reads the Wi-Fi name from %s', (_case, fields, wifiSsid) => {
    expect(decodeEvent({ ...aLocation(), ...fields }).wifiSsid).toBe(wifiSsid)
  })

  it('rounds a fractional batt and vel', () => {
    const event = decodeEvent({ ...aLocation(), batt: 55.6, vel: '12.4' })
    expect([event.batteryPercent, event.velocityKmh]).toEqual([56, 12])
  })

  it.each([
    ['batt', 'full', 'batteryPercent'],
    ['batt', 101, 'batteryPercent'],
    ['batt', -1, 'batteryPercent'],
    ['vel', -1, 'velocityKmh'],
    ['vel', { kmh: 3 }, 'velocityKmh'],
    ['tid', 42, 'initials'],
    ['tid', '', 'initials'],
    ['t', ['p'], 'trigger'],
    ['SSID', 7, 'wifiSsid'],
  ])('silently drops a decorative %s = %j', (field, value, property) => {
    expect(decodeEvent({ ...aLocation(), [field]: value })).not.toHaveProperty(property)
  })
})
