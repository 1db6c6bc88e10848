import { describe, expect, it } from 'vitest'
import type { Settings } from './model.js'
import {
  heldIn,
  heldRecord,
  NOWHERE,
  setWaypointsCommand,
  stableWaypointTst,
  waypointsFor,
  withRemovals,
} from './waypoints.js'

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

  describe('removing the regions a phone should no longer have', () => {
    const annsNow = waypointsFor('ann', settings)
    const held = (...names: string[]) => names.map((desc) => ({ desc, tst: stableWaypointTst(desc) }))

    it('removes a held region that is no longer a place, keyed as the phone keys it, before the places', () => {
      const sent = withRemovals(annsNow, held('Home', 'Work', 'Old School'))
      expect(sent).toEqual([
        { _type: 'waypoint', desc: 'Old School', ...NOWHERE, rad: 0, tst: stableWaypointTst('Old School') },
        ...annsNow,
      ])
      // Out of range on both axes: iOS reads it as "remove", Android drops it.
      expect(Math.abs(NOWHERE.lat)).toBeGreaterThan(90)
      expect(Math.abs(NOWHERE.lon)).toBeGreaterThan(180)
    })

    it('removes the old name of a renamed place, and a place hidden since, but not one that only moved', () => {
      const moved = {
        ...settings,
        places: settings.places.map((p) => (p.name === 'Home' ? { ...p, lat: 49 } : p)),
      }
      expect(withRemovals(waypointsFor('ann', moved), held('Home', 'Work'))).toEqual(
        waypointsFor('ann', moved),
      )
      const removed = (sent: ReturnType<typeof withRemovals>) =>
        sent.filter((w) => w.lat === NOWHERE.lat).map((w) => w.desc)
      expect(removed(withRemovals(annsNow, held('Home', 'Work', 'Old House', 'Homestead')))).toEqual([
        'Old House',
        'Homestead',
      ])
      // Ben's phone, moved to Ann: Ben's Work has another circle but the same name and tst, so it is updated.
      expect(removed(withRemovals(annsNow, held('Work')))).toEqual([])
    })

    it('removes nothing the phone was never sent, and each held region once', () => {
      expect(withRemovals(annsNow, [])).toEqual(annsNow)
      const twice = [...held('Gone'), ...held('Gone')]
      expect(withRemovals([], twice)).toHaveLength(1)
      // Another tst under the same name is another region on both apps.
      expect(withRemovals(annsNow, [{ desc: 'Home', tst: 1_650_000_000 }])).toHaveLength(annsNow.length + 1)
    })

    it('reads back what it wrote, the list of waypoints last sent, and nothing from a damaged record', () => {
      expect(heldIn(heldRecord(annsNow))).toEqual(held('Home', 'Work'))
      expect(heldIn(JSON.stringify(annsNow))).toEqual(held('Home', 'Work'))
      for (const bad of [undefined, '', '{', '{"desc":"Home"}', '[{"desc":1,"tst":2}, null, 3]'])
        expect(heldIn(bad)).toEqual([])
    })
  })
})
