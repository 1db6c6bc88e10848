import { describe, expect, it } from 'vitest'
import { dialOf } from '../clock-view.js'
import type { ClockEvent, LocationEvent, RegionsEvent } from '../events.js'
import type { Place, Settings } from '../model.js'
import { reduceWhereabouts } from './reduce.js'
import { initialFamilyState } from './resolve.js'
import { reconcileWithSettings } from './settle.js'
import type { FamilyState } from './whereabouts.js'

const HOME: Place = { name: 'Home', key: 'home', aliases: [] } // no coordinates: the old `locations` style
const GYM: Place = { name: 'Gym', key: 'gym', aliases: [], hidden: true }
const settings = (learnedPlaces: Settings['learnedPlaces'] = 'geofence'): Settings => ({
  family: 'fam',
  members: [{ id: 'ann', name: 'Ann', deviceIds: ['phone', 'tablet'] }],
  places: [HOME, GYM],
  lostAfterMinutes: 600,
  lwtMeansLost: false,
  maxAccuracyMeters: 500,
  hysteresisMeters: 50,
  maxPayloadBytes: 65_536,
  learnedPlaces,
})

const T0 = 1_700_000_000
const regions = (
  source: RegionsEvent['source'],
  list: RegionsEvent['regions'],
  deviceId = 'phone',
): RegionsEvent => ({
  kind: 'regions',
  memberId: 'ann',
  deviceId,
  source,
  regions: list,
})
const fixAt = (lat: number, lon: number, tst: number, over: Partial<LocationEvent> = {}): LocationEvent => ({
  kind: 'location',
  memberId: 'ann',
  deviceId: 'phone',
  timestampSec: tst,
  fix: { lat, lon, accuracyMeters: 10 },
  ...over,
})

function run(events: ClockEvent[], s: Settings): FamilyState {
  let state = initialFamilyState(s, T0 * 1000)
  events.forEach((e, i) => {
    state = reduceWhereabouts(state, e, s, (T0 + i) * 1000).state
  })
  return state
}

describe('places learned from phones', () => {
  it('lends a phone region’s coordinates to a configured place that has none', () => {
    const state = run(
      [
        regions('waypoint', [{ name: 'Home|1|2', lat: 50, lon: 1, radiusMeters: 100, createdSec: 5 }]),
        fixAt(50, 1, T0),
      ],
      settings(),
    )
    expect(state.members.ann?.whereabouts).toEqual({ kind: 'at-place', place: 'Home' })
  })

  it('forgets the regions a device defined when the device is forgotten', () => {
    const s = settings('dial')
    const taught = [
      regions('waypoints', [{ name: 'Pool', lat: 40, lon: 2, radiusMeters: 50, createdSec: 9 }], 'tablet'),
      regions('waypoint', [{ name: 'Park', lat: 41, lon: 2, radiusMeters: 50, createdSec: 7 }]),
    ]
    const before = run(taught, s)
    expect(dialOf(s, before)).toEqual(['Home', 'Pool', 'Park', 'Traveling', 'Lost'])
    const after = run([...taught, { kind: 'forget', memberId: 'ann', deviceId: 'tablet' }], s)
    expect(dialOf(s, after)).toEqual(['Home', 'Park', 'Traveling', 'Lost'])
    expect(after.members.ann?.learnedRegions?.map((r) => r.deviceId)).toEqual(['phone'])
    // A device that only taught regions (nothing else heard from it) is forgotten as well.
    const onlyTaught = run(
      [taught[0] as ClockEvent, { kind: 'forget', memberId: 'ann', deviceId: 'tablet' }],
      s,
    )
    expect(onlyTaught.members.ann?.learnedRegions).toBeUndefined()
  })

  it('replaces a device’s regions with its full export, and one region by its creation time', () => {
    const s = settings()
    const state = run(
      [
        regions('waypoint', [{ name: 'Home', lat: 10, lon: 10, radiusMeters: 100, createdSec: 5 }]),
        regions('waypoint', [{ name: 'Home', lat: 50, lon: 1, radiusMeters: 100, createdSec: 5 }]),
        regions('waypoints', [{ name: 'Pool', lat: 40, lon: 2, radiusMeters: 50, createdSec: 9 }], 'tablet'),
      ],
      s,
    )
    expect(state.members.ann?.learnedRegions?.map((r) => [r.deviceId, r.name, r.lat])).toEqual([
      ['phone', 'Home', 50],
      ['tablet', 'Pool', 40],
    ])
    const exported = run(
      [
        ...[regions('waypoint', [{ name: 'Old', lat: 1, lon: 1, radiusMeters: 5, createdSec: 1 }])],
        regions('waypoints', []),
      ],
      s,
    )
    expect(exported.members.ann?.learnedRegions).toEqual([])
  })

  it('keeps regions the config does not name off the dial in geofence mode', () => {
    const s = settings('geofence')
    const state = run(
      [
        regions('waypoint', [{ name: 'Pool', lat: 40, lon: 2, radiusMeters: 50, createdSec: 9 }]),
        fixAt(40, 2, T0),
      ],
      s,
    )
    expect(state.members.ann?.whereabouts).toEqual({ kind: 'traveling' })
    expect(dialOf(s, state)).toEqual(['Home', 'Traveling', 'Lost'])
  })

  it('puts them on the dial as the member’s own places in dial mode', () => {
    const s = settings('dial')
    const state = run(
      [
        regions('waypoint', [{ name: 'Pool|1|2', lat: 40, lon: 2, radiusMeters: 50, createdSec: 9 }]),
        fixAt(40, 2, T0),
      ],
      s,
    )
    expect(state.members.ann?.whereabouts).toEqual({ kind: 'at-place', place: 'Pool' })
    expect(dialOf(s, state)).toEqual(['Home', 'Pool', 'Traveling', 'Lost'])
  })

  it('learns a member’s phone region named like another member’s own place in dial mode', () => {
    const bensWork: Place = {
      name: 'Work',
      key: 'work',
      aliases: [],
      lat: 10,
      lon: 10,
      radiusMeters: 100,
      memberIds: ['ben'],
    }
    const base = settings('dial')
    const s: Settings = {
      ...base,
      members: [...base.members, { id: 'ben', name: 'Ben', deviceIds: ['ben-phone'] }],
      places: [...base.places, bensWork],
    }
    const state = run(
      [
        regions('waypoint', [{ name: 'Work', lat: 40, lon: 2, radiusMeters: 50, createdSec: 9 }]),
        fixAt(40, 2, T0, { insidePlaceNames: ['Work'] }),
      ],
      s,
    )
    expect(state.members.ann?.whereabouts).toEqual({ kind: 'at-place', place: 'Work' })
    expect(dialOf(s, state)).toEqual(['Home', 'Work', 'Traveling', 'Lost'])
  })

  it('never takes a phone region named like the dial’s own "Traveling" or "Lost" as a place', () => {
    const s = settings('dial')
    const state = run(
      [
        regions('waypoints', [
          { name: 'lost', lat: 40, lon: 2, radiusMeters: 50, createdSec: 9 },
          { name: 'Traveling', lat: 41, lon: 2, radiusMeters: 50, createdSec: 10 },
        ]),
        fixAt(40, 2, T0),
      ],
      s,
    )
    expect(state.members.ann?.whereabouts).toEqual({ kind: 'traveling' })
    expect(dialOf(s, state)).toEqual(['Home', 'Traveling', 'Lost'])
  })

  it('ignores them when learning is off', () => {
    const state = run(
      [
        regions('waypoint', [{ name: 'Home', lat: 50, lon: 1, radiusMeters: 100, createdSec: 5 }]),
        fixAt(50, 1, T0),
      ],
      settings('off'),
    )
    expect(state.members.ann?.whereabouts).toEqual({ kind: 'traveling' })
  })

  it('never shows a hidden place, whatever the phone says', () => {
    const s = settings('dial')
    const state = run(
      [
        regions('waypoint', [{ name: 'Gym', lat: 30, lon: 3, radiusMeters: 80, createdSec: 3 }]),
        fixAt(30, 3, T0, { insidePlaceNames: ['Gym'] }),
      ],
      s,
    )
    expect(state.members.ann?.whereabouts).toEqual({ kind: 'traveling' })
    expect(dialOf(s, state)).toEqual(['Home', 'Traveling', 'Lost'])
  })

  it('forgets a learned place the phone deleted as a restart would, so the hand is the same either way', () => {
    // Dial mode: the phone's Pool, Work and Shop are places; it is in Pool and Work, then deletes Pool,
    // then leaves Work with a fix inside Shop.
    const s = settings('dial')
    const events: ClockEvent[] = [
      regions('waypoints', [
        { name: 'Pool', lat: 40, lon: 2, radiusMeters: 50, createdSec: 9 },
        { name: 'Work', lat: 45, lon: 2, radiusMeters: 50, createdSec: 10 },
        { name: 'Shop', lat: 48, lon: 2, radiusMeters: 50, createdSec: 11 },
      ]),
      {
        kind: 'transition',
        memberId: 'ann',
        deviceId: 'phone',
        timestampSec: T0,
        event: 'enter',
        placeName: 'Pool',
      },
      {
        kind: 'transition',
        memberId: 'ann',
        deviceId: 'phone',
        timestampSec: T0 + 1,
        event: 'enter',
        placeName: 'Work',
      },
      regions('waypoints', [
        { name: 'Work', lat: 45, lon: 2, radiusMeters: 50, createdSec: 10 },
        { name: 'Shop', lat: 48, lon: 2, radiusMeters: 50, createdSec: 11 },
      ]),
    ]
    const leave: ClockEvent = {
      kind: 'transition',
      memberId: 'ann',
      deviceId: 'phone',
      timestampSec: T0 + 3,
      event: 'leave',
      placeName: 'Work',
      fix: { lat: 48, lon: 2, accuracyMeters: 10 },
    }
    const live = run([...events, leave], s)
    const before = run(events, s)
    const restarted = reconcileWithSettings(before, s, (T0 + events.length) * 1000)
    const after = reduceWhereabouts(restarted, leave, s, (T0 + events.length) * 1000).state
    expect(live.members.ann?.whereabouts).toEqual({ kind: 'at-place', place: 'Shop' })
    expect(after.members.ann?.whereabouts).toEqual(live.members.ann?.whereabouts)
    expect(live.members.ann?.devices.phone?.enteredPlaceKeys).toEqual([])
  })
})
