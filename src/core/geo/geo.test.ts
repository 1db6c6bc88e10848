import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Place } from '../model.js'
import { distanceMeters, latitudeGapMeters, withinMeters } from './distance.js'
import { fixClearlyLeaves, fixEnters, type GeoPlace, locateFix } from './places.js'

const place = (name: string, lat: number, lon: number, radiusMeters: number): GeoPlace => ({
  name,
  key: name.toLowerCase(),
  aliases: [],
  lat,
  lon,
  radiusMeters,
})
const options = { maxAccuracyMeters: 500, hysteresisMeters: 50 }
const latLon = fc.record({
  lat: fc.double({ min: -89, max: 89, noNaN: true }),
  lon: fc.double({ min: -179, max: 179, noNaN: true }),
})

describe('distanceMeters', () => {
  it.each([
    [{ lat: 51.5007, lon: -0.1246 }, { lat: 48.8584, lon: 2.2945 }, 340_500, 1_500],
    [{ lat: 0, lon: 0 }, { lat: 0, lon: 1 }, 111_195, 10],
    [{ lat: 50, lon: 0 }, { lat: 50.001, lon: 0 }, 111.2, 0.5],
  ])('measures %j to %j as about %d m', (a, b, expected, tolerance) => {
    expect(Math.abs(distanceMeters(a, b) - expected)).toBeLessThan(tolerance)
  })

  it('is zero at the same point and symmetric', () => {
    fc.assert(
      fc.property(latLon, latLon, (a, b) => {
        expect(distanceMeters(a, a)).toBe(0)
        expect(distanceMeters(a, b)).toBeCloseTo(distanceMeters(b, a), 6)
      }),
    )
  })

  it('is never less than the latitude gap (the geofence test skips the trigonometry on it)', () => {
    const near = fc.record({
      dLat: fc.double({ min: -0.05, max: 0.05, noNaN: true }),
      dLon: fc.double({ min: -0.05, max: 0.05, noNaN: true }),
    })
    fc.assert(
      fc.property(latLon, near, latLon, (a, d, far) => {
        const b = { lat: Math.max(-90, Math.min(90, a.lat + d.dLat)), lon: a.lon + d.dLon }
        for (const other of [b, far]) {
          // Allow for the rounding of the haversine itself (well under a millimetre).
          expect(latitudeGapMeters(a, other)).toBeLessThanOrEqual(distanceMeters(a, other) + 1e-3)
        }
      }),
    )
    // Same longitude: the gap is the distance.
    expect(latitudeGapMeters({ lat: 50, lon: 3 }, { lat: 50.001, lon: 3 })).toBeCloseTo(
      distanceMeters({ lat: 50, lon: 3 }, { lat: 50.001, lon: 3 }),
      6,
    )
  })
  it('answers "within reach?" as the haversine does, also where its shortcuts decide', () => {
    const offset = fc.record({
      dLat: fc.double({ min: -0.02, max: 0.02, noNaN: true }),
      dLon: fc.double({ min: -0.02, max: 0.02, noNaN: true }),
    })
    // Reaches at the distance itself and a hair either side, where a loose bound would answer wrongly.
    const scale = fc.constantFrom(0, 0.5, 1 - 1e-9, 1, 1 + 1e-9, 1.0001, 1.5, 3)
    fc.assert(
      fc.property(latLon, offset, latLon, scale, (a, d, far, k) => {
        const near = { lat: Math.max(-90, Math.min(90, a.lat + d.dLat)), lon: a.lon + d.dLon }
        // Across the antimeridian too: the longitudes 359.9° apart are 0.1° apart.
        const wrapped = { lat: a.lat, lon: a.lon > 0 ? a.lon - 359.99 : a.lon + 359.99 }
        for (const b of [near, far, wrapped]) {
          const distance = distanceMeters(a, b)
          for (const reach of [distance * k, distance * k + 0.01, 150]) {
            const expected = latitudeGapMeters(a, b) <= reach && distance <= reach
            expect(withinMeters(a, b, reach)).toBe(expected)
          }
        }
      }),
      { numRuns: 2_000 },
    )
  })
})

describe('geofence', () => {
  const home = place('Home', 50, 0, 100)

  it('always finds a good fix at a place’s centre inside it', () => {
    fc.assert(
      fc.property(
        latLon,
        fc.integer({ min: 1, max: 5_000 }),
        fc.integer({ min: 0, max: 500 }),
        ({ lat, lon }, radius, acc) => {
          const p = place('P', lat, lon, radius)
          expect(locateFix({ lat, lon, accuracyMeters: acc }, [p], null, options)).toEqual({
            kind: 'inside',
            place: p,
          })
        },
      ),
    )
  })

  it('allows at most half the radius for a fix’s inaccuracy when entering', () => {
    const at = (m: number, acc: number) => ({ lat: 50 + m / 111_195, lon: 0, accuracyMeters: acc })
    expect(fixEnters(at(140, 20), home)).toBe(false)
    expect(fixEnters(at(115, 20), home)).toBe(true)
    expect(fixEnters(at(145, 400), home)).toBe(true)
    expect(fixEnters(at(160, 400), home)).toBe(false)
  })

  it('needs the whole accuracy circle beyond radius plus hysteresis to leave', () => {
    const at = (m: number, acc: number) => ({ lat: 50 + m / 111_195, lon: 0, accuracyMeters: acc })
    expect(fixClearlyLeaves(at(160, 5), home, 50)).toBe(true)
    expect(fixClearlyLeaves(at(160, 20), home, 50)).toBe(false)
  })

  it('says nothing about a fix less accurate than the limit', () => {
    expect(locateFix({ lat: 50, lon: 0, accuracyMeters: 501 }, [home], null, options)).toEqual({
      kind: 'unsure',
    })
  })

  it('never matches a place without coordinates', () => {
    const peril: Place = { name: 'Mortal Peril', key: 'mortal peril', aliases: [] }
    expect(locateFix({ lat: 0, lon: 0, accuracyMeters: 5 }, [peril], null, options)).toEqual({
      kind: 'outside',
    })
  })

  it('stays in a nested place within its hysteresis band rather than jumping to the outer one', () => {
    const town = place('Town', 50, 0, 2_000)
    const school = place('School', 50, 0, 100)
    const edge = { lat: 50 + 130 / 111_195, lon: 0, accuracyMeters: 10 }
    expect(locateFix(edge, [town, school], 'school', options)).toEqual({ kind: 'inside', place: school })
    expect(locateFix(edge, [town, school], null, options)).toEqual({ kind: 'inside', place: town })
    // Squarely inside a school nested in the town one is at: the school.
    const inSchool = { lat: 50 + 40 / 111_195, lon: 0, accuracyMeters: 10 }
    expect(locateFix(inSchool, [town, school], 'town', options)).toEqual({ kind: 'inside', place: school })
  })

  const north = (m: number, accuracyMeters = 10) => ({ lat: 50 + m / 111_195, lon: 0, accuracyMeters })

  it('leaves a small place next door for home once the fix is well inside home, band or not', () => {
    // The neighbours' house: 60 m round a point 170 m north of home's centre (the circles do not touch).
    const neighbour = place('Neighbour', 50 + 170 / 111_195, 0, 60)
    expect(locateFix(north(170), [home, neighbour], null, options)).toEqual({
      kind: 'inside',
      place: neighbour,
    })
    // 60 m from home's centre is 110 m from the neighbours': in their band (60 + 50 + 10), inside home.
    expect(locateFix(north(60), [home, neighbour], 'neighbour', options)).toEqual({
      kind: 'inside',
      place: home,
    })
    // Nowhere else: the band keeps the neighbours'.
    expect(locateFix(north(250), [home, neighbour], 'neighbour', options)).toEqual({
      kind: 'inside',
      place: neighbour,
    })
  })

  it('does not move back and forth between neighbours on fixes either side of their shared edge', () => {
    const neighbour = place('Neighbour', 50 + 170 / 111_195, 0, 60)
    const school = place('School', 50, 0, 200)
    const town = place('Town', 50 - 2_900 / 111_195, 0, 3_000) // the school at its edge, not all in it
    const walk = (places: GeoPlace[], fixes: ReturnType<typeof north>[]) => {
      let current: string | null = null
      return fixes.map((fix) => {
        const verdict = locateFix(fix, places, current, options)
        current = verdict.kind === 'inside' ? verdict.place.key : null
        return current
      })
    }
    expect(walk([home, neighbour], [north(115), north(95), north(115), north(95)])).toEqual([
      'neighbour',
      'neighbour',
      'neighbour',
      'neighbour',
    ])
    expect(walk([school, town], [north(-190), north(-210), north(-190), north(-210)])).toEqual([
      'school',
      'school',
      'school',
      'school',
    ])
    // Well inside the other: it goes there.
    expect(walk([home, neighbour], [north(115), north(40)])).toEqual(['neighbour', 'home'])
    // A neighbour whose circle overlaps home's a little: home again once well inside it, not only once
    // out of the neighbour's band.
    const close = place('Close', 50 + 150 / 111_195, 0, 60)
    expect(walk([home, close], [north(0), north(130), north(60), north(40)])).toEqual([
      'home',
      'close',
      'home',
      'home',
    ])
    // A small place by a big one stays reachable by a vague fix (±65 m), once near its centre.
    const grandma = place('Grandma', 50 + 200 / 111_195, 0, 50)
    expect(walk([home, grandma], [north(0, 65), north(195, 65)])).toEqual(['home', 'grandma'])
  })

  it('puts a fix in the place that holds its centre before one its accuracy only reaches', () => {
    // Grandma's: 50 m round a point 120 m north. A fix 50 m north, ±30 m, reaches hers (70 m off, 50 + 25
    // allowed) and is inside home.
    const grandma = place('Grandma', 50 + 120 / 111_195, 0, 50)
    for (const current of [null, 'home'])
      expect(locateFix(north(50, 30), [home, grandma], current, options)).toEqual({
        kind: 'inside',
        place: home,
      })
    // Held by neither, reached by both: the one nearer for its size (the café's 110 / 100 against home's
    // 120 / 100).
    const cafe = place('Café', 50 + 230 / 111_195, 0, 100)
    expect(locateFix(north(120, 60), [home, cafe], null, options)).toEqual({ kind: 'inside', place: cafe })
    expect(locateFix(north(110, 60), [home, cafe], null, options)).toEqual({ kind: 'inside', place: home })
  })
})
