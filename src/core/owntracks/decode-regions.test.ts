import { describe, expect, it } from 'vitest'
import {
  ARTHUR_TOPIC,
  aDecodeContext,
  aWaypoint,
  aWaypoints,
  payloadOf,
  without,
} from '../../../test/builders.js'
import androidWaypoints from '../../../test/fixtures/owntracks/android-waypoints.json'
import type { RegionsEvent } from '../events.js'
import { decodeOwnTracks } from './decode.js'
import { MAX_REGION_NAME_LENGTH } from './decode-regions.js'

const ctx = aDecodeContext()
const ARTHUR = { memberId: 'arthur', deviceId: 'arthur-phone' }
const decode = (obj: unknown, sub = 'waypoint') =>
  decodeOwnTracks(`${ARTHUR_TOPIC}/${sub}`, payloadOf(obj), ctx)
const regionsOf = (obj: unknown): RegionsEvent['regions'] => {
  const result = decode(obj)
  if (!result.ok || result.value.kind !== 'regions') throw new Error(`not regions: ${JSON.stringify(result)}`)
  return result.value.regions
}
const problemOf = (obj: unknown) => {
  const result = decode(obj)
  return result.ok ? undefined : result.problem
}
const HOME = { name: 'Home', lat: 51.5007, lon: -0.1246, radiusMeters: 100, createdSec: 1_600_000_000 }

describe('decodeOwnTracks: waypoint', () => {
  it('decodes one region keyed by its creation time', () => {
    expect(decode(aWaypoint())).toEqual({
      ok: true,
      value: { kind: 'regions', ...ARTHUR, source: 'waypoint', regions: [HOME] },
    })
  })

  it('decodes a region with only a name and a creation time', () => {
    expect(regionsOf(without(aWaypoint(), 'lat', 'lon', 'rad'))).toEqual([
      { name: 'Home', createdSec: 1_600_000_000 },
    ])
  })

  it('reads numeric strings, rounds rad and converts a millisecond tst', () => {
    const regions = regionsOf({ ...aWaypoint(), lat: '51.5007', rad: '99.6', tst: 1_600_000_000_000 })
    expect(regions).toEqual([HOME])
  })

  it.each([
    ['out of range', aWaypoint({ lat: 123 })],
    ['0,0 (a beacon region without a centre)', aWaypoint({ lat: 0, lon: 0 })],
    ['only lon', without(aWaypoint(), 'lat')],
  ])('keeps the region without a centre when the coordinates are %s', (_case, obj) => {
    const [region] = regionsOf(obj)
    expect(region).not.toHaveProperty('lat')
    expect(region).not.toHaveProperty('lon')
  })

  it.each([
    ['negative (an iOS follow region)', -50],
    ['garbled', 'wide'],
  ])('keeps the region without a radius when rad is %s', (_case, rad) => {
    expect(regionsOf({ ...aWaypoint(), rad })[0]).not.toHaveProperty('radiusMeters')
  })

  it.each(['desc', 'tst'] as const)('rejects a waypoint without %s as missing-field', (field) => {
    expect(problemOf(without(aWaypoint(), field))).toMatchObject({
      code: 'missing-field',
      type: 'waypoint',
      field,
    })
  })

  it.each([
    ['desc', 12],
    ['tst', 'monday'],
  ])('rejects %s = %j as wrong-type', (field, value) => {
    expect(problemOf({ ...aWaypoint(), [field]: value })).toMatchObject({ code: 'wrong-type', field })
  })

  it('rejects tst 0 as invalid-value', () => {
    expect(problemOf(aWaypoint({ tst: 0 }))).toMatchObject({ code: 'invalid-value', field: 'tst' })
  })

  it(`takes a name of ${MAX_REGION_NAME_LENGTH} characters, and rejects a longer one (it is kept and shown)`, () => {
    const name = 'H'.repeat(MAX_REGION_NAME_LENGTH)
    expect(regionsOf(aWaypoint({ desc: name }))[0]?.name).toBe(name)
    expect(problemOf(aWaypoint({ desc: `${name}!` }))).toMatchObject({ code: 'invalid-value', field: 'desc' })
  })
})

describe('decodeOwnTracks: waypoints', () => {
  it('decodes an Android export, converting its millisecond tst (fixture)', () => {
    expect(decode(androidWaypoints, 'waypoints')).toEqual({
      ok: true,
      value: {
        kind: 'regions',
        ...ARTHUR,
        source: 'waypoints',
        regions: [
          { name: 'Home', lat: 51.752, lon: -1.2577, radiusMeters: 100, createdSec: 1_558_351_273 },
          { name: 'Ministry', lat: 51.5007, lon: -0.1246, radiusMeters: 250, createdSec: 1_505_910_709 },
          {
            name: 'Hogwarts Express',
            lat: 51.5322,
            lon: -0.124,
            radiusMeters: 80,
            createdSec: 1_603_209_966,
          },
        ],
      },
    })
  })

  it('decodes an empty export as a phone without regions', () => {
    expect(regionsOf(aWaypoints([]))).toEqual([])
  })

  it('keeps the valid entries and skips the malformed ones', () => {
    const work = aWaypoint({ desc: 'Work', tst: 1_600_000_001 })
    const entries = [
      aWaypoint(),
      without(aWaypoint(), 'desc'),
      { ...aWaypoint(), tst: 'x' },
      3,
      null,
      ['a'],
      work,
    ]
    expect(regionsOf({ _type: 'waypoints', waypoints: entries }).map((r) => r.name)).toEqual(['Home', 'Work'])
  })

  it('rejects an export without a waypoints array as missing-field', () => {
    expect(problemOf({ _type: 'waypoints', _creator: 'x' })).toMatchObject({
      code: 'missing-field',
      type: 'waypoints',
      field: 'waypoints',
    })
  })

  it.each([{ desc: 'Home' }, 'Home', 3])('rejects waypoints = %j as wrong-type', (waypoints) => {
    expect(problemOf({ _type: 'waypoints', waypoints })).toMatchObject({
      code: 'wrong-type',
      type: 'waypoints',
      field: 'waypoints',
    })
  })
})
