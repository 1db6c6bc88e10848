import { describe, expect, it } from 'vitest'
import type { Settings } from './model.js'
import { setWaypointsCommand, stableWaypointTst, waypointsFor } from './waypoints.js'

const settings: Settings = {
  family: 'fam',
  members: [
    { id: 'ann', name: 'Ann', deviceIds: ['ann'] },
    { id: 'ben', name: 'Ben', deviceIds: ['ben'] },
  ],
  places: [
    { name: 'Home', key: 'home', aliases: [], lat: 50, lon: 1, radiusMeters: 100.4 },
    { name: 'Work', key: 'work', aliases: [], lat: 51, lon: 1, radiusMeters: 200, memberIds: ['ann'] },
    { name: 'Work', key: 'work', aliases: [], lat: 52, lon: 1, radiusMeters: 300, memberIds: ['ben'] },
    { name: 'Mortal Peril', key: 'mortal peril', aliases: [] },
    { name: 'Old House', key: 'old house', aliases: [], lat: 53, lon: 1, radiusMeters: 80, hidden: true },
  ],
  lostAfterMinutes: 60,
  lwtMeansLost: false,
  maxAccuracyMeters: 500,
  hysteresisMeters: 50,
  maxPayloadBytes: 65_536,
}

describe('waypoints for a phone', () => {
  it('gives a member their shared and own places with coordinates, never someone else’s', () => {
    expect(waypointsFor('ann', settings).map((w) => [w.desc, w.lat, w.rad])).toEqual([
      ['Home', 50, 100],
      ['Work', 51, 200],
    ])
    expect(waypointsFor('ben', settings).map((w) => [w.desc, w.lat])).toEqual([
      ['Home', 50],
      ['Work', 52],
    ])
  })

  it('never gives a hidden place: it names a phone region the clock ignores', () => {
    expect(waypointsFor('ann', settings).map((w) => w.desc)).not.toContain('Old House')
    expect(waypointsFor('ben', settings).map((w) => w.desc)).not.toContain('Old House')
  })

  it('keys each place on a stable tst so a second push updates instead of duplicating', () => {
    expect(stableWaypointTst('Home')).toBe(stableWaypointTst('home'))
    expect(stableWaypointTst('Home')).not.toBe(stableWaypointTst('School'))
    expect(stableWaypointTst('Home')).toBeGreaterThanOrEqual(1_600_000_000)
    expect(stableWaypointTst('Home')).toBeLessThan(1_700_000_000)
  })

  it('wraps them in a setWaypoints command as the apps expect', () => {
    expect(setWaypointsCommand('ann', settings)).toMatchObject({
      _type: 'cmd',
      action: 'setWaypoints',
      waypoints: { _type: 'waypoints', waypoints: [{ _type: 'waypoint', desc: 'Home' }, { desc: 'Work' }] },
    })
  })
})
