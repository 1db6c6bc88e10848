import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { ClockEvent, LocationEvent, TransitionEvent } from '../events.js'
import type { Place, Settings } from '../model.js'
import { newDevice } from './evidence.js'
import { CHANGED, reduceWhereabouts, UNCHANGED, updateMember } from './reduce.js'
import { initialFamilyState, MAX_CLOCK_AHEAD_SEC } from './resolve.js'
import { reconcileWithSettings, renamedMembers } from './settle.js'
import type { FamilyState, MemberState, Whereabouts } from './whereabouts.js'

const place = (
  name: string,
  lat?: number,
  lon?: number,
  radiusMeters?: number,
  extra: Partial<Place> = {},
): Place => {
  const p: Place = { name, key: name.toLowerCase(), aliases: [], ...extra }
  if (lat !== undefined && lon !== undefined && radiusMeters !== undefined)
    Object.assign(p, { lat, lon, radiusMeters })
  return p
}

const HOME = place('Home', 50.0, 0.0, 100, { aliases: ['the burrow'] })
const WORK = place('Work', 50.1, 0.0, 200)
const SCHOOL = place('School', 50.2, 0.0, 150)
const PERIL = place('Mortal Peril')
const TOWN = place('Town', 50.2, 0.0, 2_000)

const settings = (over: Partial<Settings> = {}): Settings => ({
  family: 'fam',
  members: [
    { id: 'ann', name: 'Ann', deviceIds: ['ann-phone', 'ann-tablet'] },
    { id: 'ben', name: 'Ben', deviceIds: ['ben-phone'] },
  ],
  places: [HOME, WORK, SCHOOL, PERIL],
  lostAfterMinutes: 60,
  lwtMeansLost: false,
  maxAccuracyMeters: 500,
  hysteresisMeters: 50,
  maxPayloadBytes: 65_536,
  ...over,
})

const T0 = 1_700_000_000
const MS = (sec: number) => sec * 1000
/** ~metres north of a place's centre. */
const north = (p: Place, meters: number) => ({ lat: (p.lat ?? 0) + meters / 111_195, lon: p.lon ?? 0 })

const at = (p: Place, tst: number, over: Partial<LocationEvent> = {}): LocationEvent => ({
  kind: 'location',
  memberId: 'ann',
  deviceId: 'ann-phone',
  timestampSec: tst,
  fix: { lat: p.lat ?? 0, lon: p.lon ?? 0, accuracyMeters: 10 },
  ...over,
})
const fixAt = (
  pos: { lat: number; lon: number },
  tst: number,
  over: Partial<LocationEvent> = {},
): LocationEvent => ({
  kind: 'location',
  memberId: 'ann',
  deviceId: 'ann-phone',
  timestampSec: tst,
  fix: { ...pos, accuracyMeters: 10 },
  ...over,
})
const transition = (
  event: 'enter' | 'leave',
  placeName: string,
  tst: number,
  over: Partial<TransitionEvent> = {},
): TransitionEvent => ({
  kind: 'transition',
  memberId: 'ann',
  deviceId: 'ann-phone',
  timestampSec: tst,
  event,
  placeName,
  ...over,
})

/** Feeds events one second of wall clock apart (tst seconds = wall seconds) and returns the final state. */
function run(
  events: ClockEvent[],
  s = settings(),
  startSec = T0,
): { state: FamilyState; moves: Whereabouts[] } {
  let state = initialFamilyState(s, MS(startSec))
  const moves: Whereabouts[] = []
  events.forEach((e, i) => {
    const r = reduceWhereabouts(state, e, s, MS(startSec + i))
    state = r.state
    for (const c of r.changes) if (c.memberId === 'ann') moves.push(c.to)
  })
  return { state, moves }
}
const annIn = (events: ClockEvent[], s = settings()) => run(events, s).state.members.ann?.whereabouts

describe('reduceWhereabouts', () => {
  it('starts every configured member at Lost, never heard from', () => {
    const state = initialFamilyState(settings(), 0)
    expect(Object.keys(state.members)).toEqual(['ann', 'ben'])
    expect(state.members.ann).toMatchObject({ whereabouts: { kind: 'lost' }, lastSeenMs: null })
  })

  it('moves the hand again once a phone whose clock ran a year ahead is put right', () => {
    // One fix a year ahead, then honest ones: they are older by tst, but plausible, so they count.
    const { state, moves } = run([at(WORK, T0 + 365 * 86_400), at(HOME, T0 + 1)])
    expect(moves).toEqual([
      { kind: 'at-place', place: 'Work' },
      { kind: 'at-place', place: 'Home' },
    ])
    expect(state.members.ann?.devices['ann-phone']?.lastTimestampSec).toBe(T0 + 1)
    expect(annIn([transition('enter', 'Work', T0 + 86_400), at(HOME, T0 + 1)])).toEqual({
      kind: 'at-place',
      place: 'Home',
    })
    // Also when the future one was saved before (a restart in between changes nothing).
    const saved = run([at(WORK, T0 + 86_400)]).state
    const after = reduceWhereabouts(saved, at(HOME, T0 + 5), settings(), MS(T0 + 5))
    expect(after.state.members.ann?.whereabouts).toEqual({ kind: 'at-place', place: 'Home' })
  })

  it('takes a fix from now as the clock put right, but not an old one from the phone’s queue', () => {
    // Twenty minutes ahead at Work; then a fix three hours old (queued while offline), then one from now.
    const events = [at(WORK, T0 + 20 * 60), at(HOME, T0 - 3 * 3600), at(SCHOOL, T0 + 2)]
    expect(run(events).moves).toEqual([
      { kind: 'at-place', place: 'Work' },
      { kind: 'at-place', place: 'School' },
    ])
  })

  it('does not step back to an older location after a transition put the clock right', () => {
    // Two hours ahead, then put right: "enter Home" now, then a fix from ten minutes before arrives late.
    const events = [at(WORK, T0 + 7_200), transition('enter', 'Home', T0 + 1), at(SCHOOL, T0 - 600)]
    expect(run(events).moves).toEqual([
      { kind: 'at-place', place: 'Work' },
      { kind: 'at-place', place: 'Home' },
    ])
    // Its companion location, with the transition's tst, still counts.
    const companion = [
      ...events.slice(0, 2),
      at(HOME, T0 + 1, { fix: { ...north(HOME, 40), accuracyMeters: 10 } }),
    ]
    expect(run(companion).state.members.ann?.devices['ann-phone']?.lastLocationSec).toBe(T0 + 1)
  })

  it('orders the fixes of a phone whose clock is consistently ahead by its own tst', () => {
    const year = 365 * 86_400
    // Its offline queue arrives at once: the newest wins; a redelivered older one changes nothing.
    const queue = [at(SCHOOL, T0 + year), at(WORK, T0 + year + 10), at(HOME, T0 + year + 20)]
    expect(annIn([...queue, at(WORK, T0 + year + 10)])).toEqual({ kind: 'at-place', place: 'Home' })
    // 20 minutes ahead, its queued fixes plausible and its live ones not: still in tst order.
    expect(annIn([at(WORK, T0 + 600), at(SCHOOL, T0 + 1_200), at(HOME, T0 + 1_210)])).toEqual({
      kind: 'at-place',
      place: 'Home',
    })
    // Ahead by 10, then 20 minutes: Work, Home ten minutes later by its clock, then Work's late copy. Its
    // tst is plausible now, but only as much older than Home's as the two fixes were apart: no sign of a
    // clock put right.
    const { moves } = run(
      [at(WORK, T0 + 1_200), at(HOME, T0 + 1_800), at(WORK, T0 + 1_200)],
      settings(),
      T0 + 600,
    )
    expect(moves).toEqual([
      { kind: 'at-place', place: 'Work' },
      { kind: 'at-place', place: 'Home' },
    ])
  })

  it('does not let a phone whose clock runs ahead outrank the member’s other devices', () => {
    const { state } = run([at(WORK, T0 + 365 * 86_400), at(HOME, T0 + 1, { deviceId: 'ann-tablet' })])
    expect(state.members.ann?.whereabouts).toEqual({ kind: 'at-place', place: 'Home' })
  })

  it('trusts a clock a few minutes ahead as it is', () => {
    const ahead = T0 + MAX_CLOCK_AHEAD_SEC
    const { state } = run([at(WORK, ahead), at(HOME, T0 + 1)])
    expect(state.members.ann?.devices['ann-phone']?.lastTimestampSec).toBe(ahead)
    expect(state.members.ann?.whereabouts).toEqual({ kind: 'at-place', place: 'Work' })
  })

  it('moves a member to the place of an enter transition', () => {
    expect(annIn([transition('enter', 'Home', T0)])).toEqual({ kind: 'at-place', place: 'Home' })
  })

  it('matches region names case-insensitively, with aliases and iOS suffixes', () => {
    expect(annIn([transition('enter', 'HOME|1|2', T0)])).toEqual({ kind: 'at-place', place: 'Home' })
    expect(annIn([transition('enter', 'The Burrow', T0)])).toEqual({ kind: 'at-place', place: 'Home' })
    expect(annIn([transition('enter', '-school', T0)])).toEqual({ kind: 'at-place', place: 'School' })
  })

  it('ignores an enter of a region the clock does not know, but counts it as a sign of life', () => {
    const { state } = run([transition('enter', 'Dentist', T0)])
    expect(state.members.ann?.whereabouts).toEqual({ kind: 'lost' })
    expect(state.members.ann?.lastSeenMs).toBe(MS(T0))
  })

  it('moves a member to Traveling when they leave their only place', () => {
    expect(annIn([transition('enter', 'Work', T0), transition('leave', 'Work', T0 + 60)])).toEqual({
      kind: 'traveling',
    })
  })

  it('does nothing on a leave of a place the member is not at', () => {
    expect(annIn([transition('enter', 'Work', T0), transition('leave', 'School', T0 + 60)])).toEqual({
      kind: 'at-place',
      place: 'Work',
    })
  })

  it('after a leave, uses the transition’s own fix to find another place', () => {
    const leave = transition('leave', 'Mortal Peril', T0 + 5, {
      fix: { lat: 50.1, lon: 0, accuracyMeters: 10 },
    })
    expect(annIn([transition('enter', 'Mortal Peril', T0), leave])).toEqual({
      kind: 'at-place',
      place: 'Work',
    })
  })

  it('takes the first configured place named in inregions', () => {
    expect(annIn([at(SCHOOL, T0, { insidePlaceNames: ['Gym', 'School', 'Home'] })])).toEqual({
      kind: 'at-place',
      place: 'Home',
    })
  })

  it('lets inregions win over the coordinates', () => {
    expect(annIn([at(WORK, T0, { insidePlaceNames: ['Mortal Peril'] })])).toEqual({
      kind: 'at-place',
      place: 'Mortal Peril',
    })
  })

  it('finds the place from coordinates when the phone has no regions', () => {
    expect(annIn([at(SCHOOL, T0, { insidePlaceNames: [] })])).toEqual({ kind: 'at-place', place: 'School' })
    expect(annIn([at(SCHOOL, T0)])).toEqual({ kind: 'at-place', place: 'School' })
  })

  it('shows Traveling outside every place', () => {
    expect(annIn([fixAt({ lat: 49, lon: 1 }, T0)])).toEqual({ kind: 'traveling' })
  })

  it('does not move into a small place on a fix that is only vaguely near it', () => {
    const vague = fixAt(north(HOME, 160), T0, { fix: { ...north(HOME, 160), accuracyMeters: 400 } })
    expect(annIn([vague])).toEqual({ kind: 'traveling' })
  })

  it('keeps a member at a place while fixes wander within the hysteresis band', () => {
    const { moves } = run([at(HOME, T0), fixAt(north(HOME, 130), T0 + 60), fixAt(north(HOME, 140), T0 + 120)])
    expect(moves).toEqual([{ kind: 'at-place', place: 'Home' }])
  })

  it('lets a member leave once a fix is clearly outside radius plus hysteresis', () => {
    expect(annIn([at(HOME, T0), fixAt(north(HOME, 180), T0 + 60)])).toEqual({ kind: 'traveling' })
  })

  it('ignores fixes less accurate than maxAccuracyMeters for the geofence', () => {
    const blurred = fixAt(north(HOME, 3_000), T0 + 60, {
      fix: { ...north(HOME, 3_000), accuracyMeters: 1_500 },
    })
    expect(annIn([at(HOME, T0), blurred])).toEqual({ kind: 'at-place', place: 'Home' })
  })

  it('resolves nested places to the innermost one', () => {
    const s = settings({ places: [TOWN, SCHOOL] })
    expect(annIn([at(SCHOOL, T0)], s)).toEqual({ kind: 'at-place', place: 'School' })
    expect(annIn([fixAt(north(SCHOOL, 1_000), T0)], s)).toEqual({ kind: 'at-place', place: 'Town' })
  })

  it('uses per-member places: each member’s own "Work"', () => {
    const annWork = place('Work', 50.5, 0, 100, { memberIds: ['ann'] })
    const benWork = place('Work', 50.7, 0, 100, { memberIds: ['ben'] })
    const s = settings({ places: [HOME, annWork, benWork] })
    expect(annIn([at(annWork, T0)], s)).toEqual({ kind: 'at-place', place: 'Work' })
    expect(annIn([at(benWork, T0)], s)).toEqual({ kind: 'traveling' })
  })

  it('lets a member’s own "Work" stand in for a shared one, its hysteresis band too', () => {
    const shared = place('Work', 50.1, 0, 200)
    const annWork = place('Work', 51, 0, 200, { memberIds: ['ann'] })
    // 220 m north of the shared Work: inside its band (200 + 50 + 10) for Ben, whom it counts for.
    const band = { lat: 50.1 + 220 / 111_195, lon: 0, accuracyMeters: 10 }
    for (const places of [
      [HOME, shared, annWork],
      [HOME, annWork, shared],
    ]) {
      const s = settings({ places })
      expect(annIn([at(annWork, T0)], s)).toEqual({ kind: 'at-place', place: 'Work' })
      // The shared Work is not Ann's.
      expect(annIn([at(shared, T0)], s)).toEqual({ kind: 'traveling' })
      const ben = (events: ClockEvent[]) => run(events, s).state.members.ben?.whereabouts
      const benAt = (fix: typeof band, tst: number): ClockEvent => ({
        ...at(shared, tst),
        memberId: 'ben',
        deviceId: 'ben-phone',
        fix,
      })
      expect(ben([benAt({ lat: 50.1, lon: 0, accuracyMeters: 10 }, T0), benAt(band, T0 + 50)])).toEqual({
        kind: 'at-place',
        place: 'Work',
      })
    }
  })

  it('keeps every region an inregions list names entered: leaving a school leaves the town round it', () => {
    // Town has no coordinates here: only the phone can say Ann is in it.
    const town = place('Town')
    const s = settings({ places: [HOME, SCHOOL, town] })
    const away = { fix: { ...north(SCHOOL, 2_000), accuracyMeters: 10 } }
    const { moves } = run(
      [
        at(SCHOOL, T0, { insidePlaceNames: ['Town', 'School'] }),
        transition('leave', 'School', T0 + 60, away),
      ],
      s,
    )
    expect(moves).toEqual([
      { kind: 'at-place', place: 'School' },
      { kind: 'at-place', place: 'Town' },
    ])
  })

  it('drops a region whose leave was missed once a fix is clearly outside it', () => {
    // No region lists from this phone: its transitions say what it entered. It never sent Work's leave.
    const { moves } = run([
      transition('enter', 'Work', T0, { fix: { lat: WORK.lat ?? 0, lon: 0, accuracyMeters: 10 } }),
      at(HOME, T0 + 600),
      transition('enter', 'Home', T0 + 660),
      // Leaving home 1.1 km south of it, 12 km from Work: not back at Work.
      transition('leave', 'Home', T0 + 900, { fix: { lat: 49.99, lon: 0, accuracyMeters: 10 } }),
    ])
    expect(moves).toEqual([
      { kind: 'at-place', place: 'Work' },
      { kind: 'at-place', place: 'Home' },
      { kind: 'traveling' },
    ])
  })

  it('keeps a region with no coordinates it entered when our own geofence takes it out of a place in it', () => {
    const town = place('Town')
    const s = settings({ places: [HOME, SCHOOL, town] })
    const { moves } = run(
      [transition('enter', 'Town', T0), at(SCHOOL, T0 + 60), fixAt(north(SCHOOL, 1_000), T0 + 120)],
      s,
    )
    expect(moves).toEqual([
      { kind: 'at-place', place: 'Town' },
      { kind: 'at-place', place: 'School' },
      { kind: 'at-place', place: 'Town' },
    ])
  })

  it('lets a location without accuracy take the hand out of a region whose leave was missed', () => {
    const { moves } = run([
      transition('enter', 'Home', T0, { fix: { lat: HOME.lat ?? 0, lon: 0, accuracyMeters: 10 } }),
      // No acc (the apps leave it out when unknown): taken as exact, by the geofence and the regions alike.
      fixAt(north(HOME, 5_000), T0 + 600, { fix: { ...north(HOME, 5_000) } }),
    ])
    expect(moves).toEqual([{ kind: 'at-place', place: 'Home' }, { kind: 'traveling' }])
  })

  it('keeps the regions it is in when a beacon leave carries a stale position (acc 0)', () => {
    const desk = place('Desk') // a beacon region: no coordinates
    const s = settings({ places: [HOME, WORK, desk] })
    const { moves } = run(
      [
        transition('enter', 'Home', T0, { fix: { lat: HOME.lat ?? 0, lon: 0, accuracyMeters: 10 } }),
        transition('enter', 'Desk', T0 + 60),
        transition('leave', 'Desk', T0 + 120, { fix: { lat: 50.1, lon: 0, accuracyMeters: 0 } }),
      ],
      s,
    )
    expect(moves).toEqual([
      { kind: 'at-place', place: 'Home' },
      { kind: 'at-place', place: 'Desk' },
      { kind: 'at-place', place: 'Home' },
    ])
  })

  it('never moves a hand backwards for an out-of-order location', () => {
    const { moves } = run([at(SCHOOL, T0 + 100), at(HOME, T0 + 50)])
    expect(moves).toEqual([{ kind: 'at-place', place: 'School' }])
  })

  it('treats a redelivered location (same tst) as a duplicate', () => {
    const { moves } = run([
      at(HOME, T0, { insidePlaceNames: ['Home'] }),
      transition('leave', 'Home', T0 + 10),
      at(HOME, T0, { insidePlaceNames: ['Home'] }),
    ])
    expect(moves).toEqual([{ kind: 'at-place', place: 'Home' }, { kind: 'traveling' }])
  })

  it('applies a transition and the location the phone sends with it, whatever their order', () => {
    const enter = transition('enter', 'School', T0 + 10)
    const loc = at(SCHOOL, T0 + 10, { insidePlaceNames: ['School'] })
    expect(annIn([at(HOME, T0), loc, enter])).toEqual({ kind: 'at-place', place: 'School' })
    expect(annIn([at(HOME, T0), enter, loc])).toEqual({ kind: 'at-place', place: 'School' })
  })

  it('ignores a transition older than the newest evidence', () => {
    expect(annIn([at(HOME, T0 + 100), transition('enter', 'Work', T0 + 50)])).toEqual({
      kind: 'at-place',
      place: 'Home',
    })
  })

  it('lets the device with the newest evidence decide for a member with several devices', () => {
    const tablet = (e: LocationEvent): LocationEvent => ({ ...e, deviceId: 'ann-tablet' })
    expect(annIn([at(HOME, T0 + 100), tablet(at(WORK, T0 + 50))])).toEqual({
      kind: 'at-place',
      place: 'Home',
    })
    expect(annIn([at(HOME, T0 + 100), tablet(at(WORK, T0 + 150))])).toEqual({
      kind: 'at-place',
      place: 'Work',
    })
  })

  it('does not let a device whose fix is too inaccurate to place it outrank the member’s other devices', () => {
    const tablet = (e: LocationEvent): LocationEvent => ({ ...e, deviceId: 'ann-tablet' })
    const vague = (p: Place, tst: number) =>
      tablet(at(p, tst, { fix: { ...north(p, 0), accuracyMeters: 900 } }))
    // The tablet's first fix, and one after it was placed at Work: neither outranks the phone at Home.
    expect(annIn([at(HOME, T0 + 100), vague(HOME, T0 + 150)])).toEqual({ kind: 'at-place', place: 'Home' })
    const { moves } = run([
      tablet(at(WORK, T0)),
      at(HOME, T0 + 100),
      vague(HOME, T0 + 150),
      at(HOME, T0 + 200),
    ])
    expect(moves).toEqual([
      { kind: 'at-place', place: 'Work' },
      { kind: 'at-place', place: 'Home' },
    ])
    // A sure fix of the tablet is the newest evidence again.
    expect(annIn([at(HOME, T0 + 100), tablet(at(WORK, T0 + 150))])).toEqual({
      kind: 'at-place',
      place: 'Work',
    })
    // The same from a state saved before placedSec was kept.
    const s = settings()
    let { state } = run([tablet(at(WORK, T0)), at(HOME, T0 + 100)], s)
    for (const d of Object.values(state.members.ann?.devices ?? {})) delete d.placedSec
    state = reduceWhereabouts(state, vague(HOME, T0 + 150), s, MS(T0 + 150)).state
    expect(state.members.ann?.whereabouts).toEqual({ kind: 'at-place', place: 'Home' })
  })

  it('takes an iPhone’s location without inregions as inside none of its regions, once it has sent one', () => {
    // iOS leaves `inregions` out when the list would be empty; a place without coordinates is left only
    // on the phone's word.
    const far = (tst: number) => fixAt(north(SCHOOL, 150_000), tst)
    expect(annIn([at(HOME, T0, { insidePlaceNames: ['Mortal Peril'] }), far(T0 + 3_600)])).toEqual({
      kind: 'traveling',
    })
    // A phone that never sent a region list (no regions, or another app): only a leave says so.
    expect(annIn([transition('enter', 'Mortal Peril', T0), far(T0 + 3_600)])).toEqual({
      kind: 'at-place',
      place: 'Mortal Peril',
    })
    // A place with coordinates is still kept by the geofence.
    expect(annIn([at(HOME, T0, { insidePlaceNames: ['Home'] }), fixAt(north(HOME, 20), T0 + 60)])).toEqual({
      kind: 'at-place',
      place: 'Home',
    })
  })

  it('moves a silent member to Lost after lostAfterMinutes, and back on the next message', () => {
    const s = settings()
    let state = reduceWhereabouts(initialFamilyState(s, 0), at(HOME, T0), s, MS(T0)).state
    const early = reduceWhereabouts(state, { kind: 'tick' }, s, MS(T0 + 59 * 60))
    expect(early.changes).toEqual([])
    const late = reduceWhereabouts(state, { kind: 'tick' }, s, MS(T0 + 61 * 60))
    expect(late.changes).toEqual([
      {
        memberId: 'ann',
        from: { kind: 'at-place', place: 'Home' },
        to: { kind: 'lost' },
        // As of when the silence grew too long, not when the tick noticed it.
        atMs: MS(T0 + 60 * 60),
      },
    ])
    expect(late.state.members.ann?.sinceMs).toBe(MS(T0 + 60 * 60))
    state = reduceWhereabouts(late.state, at(HOME, T0 + 62 * 60), s, MS(T0 + 62 * 60)).state
    expect(state.members.ann?.whereabouts).toEqual({ kind: 'at-place', place: 'Home' })
    expect(state.members.ann?.sinceMs).toBe(MS(T0 + 62 * 60))
  })

  it('takes a replayed retained message as heard when it was sent, and never as a sign of life now', () => {
    const s = settings({ lwtMeansLost: true })
    const fresh = () => initialFamilyState(s, MS(T0)).members.ann as MemberState
    const nowMs = MS(T0 + 3 * 86_400)
    // Three days old: applied as evidence, but the member stays Lost (lostAfterMinutes is 12 hours).
    const ann = fresh()
    expect(updateMember(ann, at(HOME, T0), s, nowMs, 'replayed')).toBe(CHANGED)
    expect(ann).toMatchObject({ whereabouts: { kind: 'lost' }, lastSeenMs: MS(T0) })
    expect(ann.devices['ann-phone']).toMatchObject({ placeKey: 'home', lastReceivedMs: MS(T0) })
    // Recent: the hand moves, as of its own time (never later than now).
    const recent = fresh()
    const move = updateMember(recent, at(HOME, T0 + 3 * 86_400 - 60), s, nowMs, 'replayed')
    expect(move).toMatchObject({ to: { kind: 'at-place', place: 'Home' } })
    expect(recent.lastSeenMs).toBe(nowMs - MS(60))
    // After a Last Will, a replay does not bring the device back online; a card is no sign of life.
    updateMember(recent, { kind: 'lwt', memberId: 'ann', deviceId: 'ann-phone' }, s, nowMs)
    updateMember(recent, at(HOME, T0 + 3 * 86_400 - 30), s, nowMs + 1, 'replayed')
    updateMember(
      recent,
      { kind: 'card', memberId: 'ann', deviceId: 'ann-phone', name: 'Ann' },
      s,
      nowMs + 2,
      'replayed',
    )
    expect(recent.devices['ann-phone']?.online).toBe(false)
    expect(recent.lastSeenMs).toBe(nowMs - MS(30))
  })

  it('shows the card a phone sends, and the member’s own name again once it takes the card back', () => {
    const s = settings()
    const card = { kind: 'card', memberId: 'ann', deviceId: 'ann-phone' } as const
    const state = run([{ ...card, name: 'Annie', face: 'iVBORw0KGgo=' }], s).state
    expect(state.members.ann).toMatchObject({ displayName: 'Annie', face: 'iVBORw0KGgo=' })
    const cleared = reduceWhereabouts(state, { ...card, cleared: true }, s, MS(T0 + 5)).state.members.ann
    expect(cleared?.displayName).toBeUndefined()
    expect(cleared?.face).toBeUndefined()
    // The state it came from is untouched (the pure form copies the member).
    expect(state.members.ann?.displayName).toBe('Annie')
    // Another of her devices taking its own card back leaves the one shown.
    const tablet = { ...card, deviceId: 'ann-tablet', cleared: true } as const
    expect(reduceWhereabouts(state, tablet, s, MS(T0 + 5)).state.members.ann?.displayName).toBe('Annie')
    // Unless the phone that gave it is gone (forgotten, or out of the config): then any of hers can.
    const withPhone = reduceWhereabouts(state, at(HOME, T0 + 1), s, MS(T0 + 6)).state
    const forgotten = reduceWhereabouts(
      withPhone,
      { kind: 'forget', memberId: 'ann', deviceId: 'ann-phone' },
      s,
      MS(T0 + 7),
    )
    expect(
      reduceWhereabouts(forgotten.state, tablet, s, MS(T0 + 8)).state.members.ann?.displayName,
    ).toBeUndefined()
    const swapped = settings({
      members: [
        { id: 'ann', name: 'Ann', deviceIds: ['ann-tablet'] },
        { id: 'ben', name: 'Ben', deviceIds: ['ben-phone'] },
      ],
    })
    const restarted = reconcileWithSettings(withPhone, swapped, MS(T0 + 9))
    expect(
      reduceWhereabouts(restarted, tablet, swapped, MS(T0 + 10)).state.members.ann?.displayName,
    ).toBeUndefined()
  })

  it('does not take a command to the phone as a sign of life (the clock hears its own commands)', () => {
    const s = settings()
    const ann = initialFamilyState(s, MS(T0)).members.ann as MemberState
    updateMember(ann, at(HOME, T0), s, MS(T0))
    // Three hours later the member is Lost; the clock asks the phone for its location.
    const later = MS(T0 + 3 * 3600)
    const lost = reduceWhereabouts({ members: { ann } }, { kind: 'tick' }, s, later).state
    const asked = { kind: 'ignored', memberId: 'ann', deviceId: 'ann-phone', type: 'cmd' } as const
    const after = reduceWhereabouts(lost, asked, s, later + 1_000)
    expect(after.changes).toEqual([])
    expect(after.state.members.ann).toMatchObject({ whereabouts: { kind: 'lost' }, lastSeenMs: MS(T0) })
    // What the phone itself sends, even a message that moves no hand, is.
    const status = { ...asked, type: 'status' }
    expect(reduceWhereabouts(lost, status, s, later + 1_000).changes).toMatchObject([
      { to: { kind: 'at-place', place: 'Home' } },
    ])
  })

  it('does not take a relayed fix older than lostAfterMinutes as a sign of life now', () => {
    // Queued by an external broker for the clock while it was down: the phone has been silent for two days.
    const s = settings()
    const nowMs = MS(T0 + 2 * 86_400)
    const ann = initialFamilyState(s, nowMs).members.ann as MemberState
    expect(updateMember(ann, at(HOME, T0), s, nowMs, 'relayed')).toBe(CHANGED)
    expect(ann).toMatchObject({ whereabouts: { kind: 'lost' }, lastSeenMs: MS(T0) })
    // Its next fix, sent now, is.
    expect(updateMember(ann, at(HOME, T0 + 2 * 86_400), s, nowMs, 'relayed')).toMatchObject({
      to: { kind: 'at-place', place: 'Home' },
    })
    // Straight from the phone (its own offline queue), an old fix says the phone is alive now.
    const direct = initialFamilyState(s, nowMs).members.ann as MemberState
    expect(updateMember(direct, at(HOME, T0), s, nowMs)).toMatchObject({ to: { kind: 'at-place' } })
    expect(direct.lastSeenMs).toBe(nowMs)
  })

  it('marks a device offline on its Last Will, without moving the hand', () => {
    const { state, moves } = run([at(HOME, T0), { kind: 'lwt', memberId: 'ann', deviceId: 'ann-phone' }])
    expect(state.members.ann?.devices['ann-phone']?.online).toBe(false)
    expect(moves).toEqual([{ kind: 'at-place', place: 'Home' }])
  })

  it('moves the hand to Lost on a Last Will only with lwtMeansLost, and back on the next message', () => {
    const s = settings({ lwtMeansLost: true })
    const lwt: ClockEvent = { kind: 'lwt', memberId: 'ann', deviceId: 'ann-phone' }
    expect(run([at(HOME, T0), lwt], s).moves).toEqual([{ kind: 'at-place', place: 'Home' }, { kind: 'lost' }])
    expect(run([at(HOME, T0), lwt, at(HOME, T0 + 5)], s).state.members.ann?.whereabouts).toEqual({
      kind: 'at-place',
      place: 'Home',
    })
  })

  it('keeps a member found while another of their devices is still online, even with lwtMeansLost', () => {
    const s = settings({ lwtMeansLost: true })
    const events: ClockEvent[] = [
      { ...at(WORK, T0), deviceId: 'ann-tablet' },
      at(HOME, T0 + 10),
      { kind: 'lwt', memberId: 'ann', deviceId: 'ann-phone' },
    ]
    expect(annIn(events, s)).toEqual({ kind: 'at-place', place: 'Home' })
    // A device that only ever sent a card cannot place her: it keeps nobody found.
    const cardOnly: ClockEvent[] = [
      { kind: 'card', memberId: 'ann', deviceId: 'ann-tablet', name: 'Ann' },
      at(HOME, T0 + 10),
      { kind: 'lwt', memberId: 'ann', deviceId: 'ann-phone' },
    ]
    expect(annIn(cardOnly, s)).toEqual({ kind: 'lost' })
  })

  it('forgets a device on an empty retained payload and re-resolves from the others', () => {
    const events: ClockEvent[] = [
      { ...at(WORK, T0), deviceId: 'ann-tablet' },
      at(HOME, T0 + 10),
      { kind: 'forget', memberId: 'ann', deviceId: 'ann-phone' },
    ]
    const { state } = run(events)
    expect(Object.keys(state.members.ann?.devices ?? {})).toEqual(['ann-tablet'])
    expect(state.members.ann?.whereabouts).toEqual({ kind: 'at-place', place: 'Work' })
  })

  it('gives a member the name from their card and keeps the battery level', () => {
    const { state } = run([
      at(HOME, T0, { batteryPercent: 42 }),
      { kind: 'card', memberId: 'ann', deviceId: 'ann-phone', name: 'Ann Smith' },
    ])
    expect(state.members.ann?.displayName).toBe('Ann Smith')
    expect(state.members.ann?.devices['ann-phone']?.batteryPercent).toBe(42)
  })

  it('reports no move and keeps since when the place does not change', () => {
    const s = settings()
    const first = reduceWhereabouts(initialFamilyState(s, 0), at(HOME, T0), s, MS(T0))
    const second = reduceWhereabouts(first.state, at(HOME, T0 + 60), s, MS(T0 + 60))
    expect(second.changes).toEqual([])
    expect(second.state.members.ann?.sinceMs).toBe(MS(T0))
    expect(second.state.members.ann?.lastSeenMs).toBe(MS(T0 + 60))
  })

  it('dates a move by when the phone made the fix, for one that came late, within its last move and now', () => {
    const s = settings({ lostAfterMinutes: 24 * 60 })
    const start = reduceWhereabouts(initialFamilyState(s, 0), at(SCHOOL, T0), s, MS(T0))
    // Back from a flight at T0 + 3 h, the phone sends what it queued: left school at T0 + 30 min, home an
    // hour later.
    const now = MS(T0 + 3 * 3600)
    const left = reduceWhereabouts(start.state, at(PERIL, T0 + 1800), s, now)
    const home = reduceWhereabouts(left.state, at(HOME, T0 + 5400), s, now)
    expect([left.changes[0]?.atMs, home.changes[0]?.atMs]).toEqual([MS(T0 + 1800), MS(T0 + 5400)])
    expect(home.state.members.ann).toMatchObject({ sinceMs: MS(T0 + 5400), lastSeenMs: now })
    // Never after now (a phone whose clock is ahead)…
    const ahead = reduceWhereabouts(home.state, at(SCHOOL, T0 + 4 * 3600), s, now + 1000)
    expect(ahead.changes[0]?.atMs).toBe(now + 1000)
    // …nor before the member's last move: silent for an hour, Ann went Lost at T0 + 1 h; a fix made
    // before that, arriving after, brings her back as of then.
    const hourly = settings({ lostAfterMinutes: 60 })
    const lost = reduceWhereabouts(start.state, { kind: 'tick' }, hourly, now)
    expect(lost.changes[0]).toMatchObject({ to: { kind: 'lost' }, atMs: MS(T0 + 3600) })
    const back = reduceWhereabouts(lost.state, at(HOME, T0 + 1800), hourly, now)
    expect(back.changes[0]).toMatchObject({ to: { kind: 'at-place', place: 'Home' }, atMs: MS(T0 + 3600) })
  })

  it('leaves other members’ objects untouched (structural sharing) and never mutates its input', () => {
    const s = settings()
    const state = initialFamilyState(s, 0)
    const frozen = JSON.stringify(state)
    const next = reduceWhereabouts(state, at(HOME, T0), s, MS(T0)).state
    expect(JSON.stringify(state)).toBe(frozen)
    expect(next.members.ben).toBe(state.members.ben)
  })

  it('ignores events for members that are not configured', () => {
    const s = settings()
    const state = initialFamilyState(s, 0)
    expect(reduceWhereabouts(state, { ...at(HOME, T0), memberId: 'zed' }, s, 0).state).toBe(state)
  })
})

describe('reconcileWithSettings', () => {
  it('adds new members, drops removed ones and forgets places that no longer exist', () => {
    const s = settings()
    const { state } = run([at(SCHOOL, T0)], s)
    const changed = settings({
      members: [
        { id: 'ann', name: 'Ann', deviceIds: ['ann-phone'] },
        { id: 'cat', name: 'Cat', deviceIds: ['cat'] },
      ],
      places: [HOME, WORK],
    })
    const next = reconcileWithSettings(state, changed, MS(T0 + 10))
    expect(Object.keys(next.members)).toEqual(['ann', 'cat'])
    expect(next.members.ann?.whereabouts).toEqual({ kind: 'traveling' })
    expect(next.members.cat?.whereabouts).toEqual({ kind: 'lost' })
  })

  it('keeps a member’s hand and since when nothing relevant changed', () => {
    const s = settings()
    const { state } = run([at(SCHOOL, T0)], s)
    expect(reconcileWithSettings(state, s, MS(T0 + 10)).members.ann).toEqual(state.members.ann)
  })

  it('keeps the hand on a place renamed in the config (the same circle), by the last fix', () => {
    const s = settings()
    const { state } = run([at(SCHOOL, T0)], s)
    const renamed = place('Hogwarts', SCHOOL.lat, SCHOOL.lon, SCHOOL.radiusMeters)
    const next = reconcileWithSettings(state, settings({ places: [HOME, WORK, renamed] }), MS(T0 + 10))
    expect(next.members.ann?.whereabouts).toEqual({ kind: 'at-place', place: 'Hogwarts' })
    // A place that went without another where the fix is: on the way, as before.
    const gone = reconcileWithSettings(state, settings({ places: [HOME, WORK] }), MS(T0 + 10))
    expect(gone.members.ann?.whereabouts).toEqual({ kind: 'traveling' })
    // Placed by a transition after the last fix (Home): the fix no longer says where the phone is.
    const entered = run([at(HOME, T0), transition('enter', 'School', T0 + 5)], s).state
    expect(entered.members.ann?.whereabouts).toEqual({ kind: 'at-place', place: 'School' })
    const later = reconcileWithSettings(entered, settings({ places: [HOME, WORK, renamed] }), MS(T0 + 10))
    expect(later.members.ann?.whereabouts).toEqual({ kind: 'traveling' })
    // A transition with its own fix (as the apps send them) is the newest fix: it finds the place.
    const withFix = transition('enter', 'School', T0 + 5, {
      fix: { lat: SCHOOL.lat ?? 0, lon: SCHOOL.lon ?? 0, accuracyMeters: 10 },
    })
    const arrived = run([at(HOME, T0), withFix], s).state
    const kept = reconcileWithSettings(arrived, settings({ places: [HOME, WORK, renamed] }), MS(T0 + 10))
    expect(kept.members.ann?.whereabouts).toEqual({ kind: 'at-place', place: 'Hogwarts' })
  })

  it('keeps what a phone said when its member is renamed or it is handed to another member', () => {
    const s = settings({ learnedPlaces: 'dial' })
    const { state } = run(
      [
        { kind: 'card', memberId: 'ann', deviceId: 'ann-phone', name: 'Ann Smith' },
        {
          kind: 'regions',
          memberId: 'ann',
          deviceId: 'ann-phone',
          source: 'waypoint',
          regions: [{ name: 'Pool', lat: 50.3, lon: 0, radiusMeters: 80, createdSec: T0 - 100 }],
        },
        at(SCHOOL, T0),
        at(WORK, T0 + 1, { memberId: 'ben', deviceId: 'ben-phone' }),
      ],
      s,
    )
    expect(state.members.ann?.learnedRegions).toHaveLength(1)
    const changed = settings({
      learnedPlaces: 'dial',
      members: [
        { id: 'annie', name: 'Annie', deviceIds: ['ann-phone'] },
        { id: 'ann', name: 'Ann', deviceIds: ['ann-tablet'] },
        { id: 'cat', name: 'Cat', deviceIds: ['ben-phone'] },
      ],
    })
    const next = reconcileWithSettings(state, changed, MS(T0 + 10))
    expect(next.members.annie?.whereabouts).toEqual({ kind: 'at-place', place: 'School' })
    expect(next.members.annie?.sinceMs).toBe(state.members.ann?.sinceMs)
    // The card the phone sent and the region it defined went with it.
    expect(next.members.annie).toMatchObject({ displayName: 'Ann Smith', cardFrom: 'ann-phone' })
    expect(next.members.annie?.learnedRegions?.map((r) => r.name)).toEqual(['Pool'])
    expect(next.members.cat?.whereabouts).toEqual({ kind: 'at-place', place: 'Work' })
    expect(next.members.cat?.lastSeenMs).toBe(state.members.ben?.lastSeenMs)
    // The phone went with its evidence: the member left with only a silent tablet is lost.
    expect(next.members.ann?.whereabouts).toEqual({ kind: 'lost' })
  })

  it('names a member renamed in the config (all its phones now one new member), not a phone handed on', () => {
    const s = settings()
    const { state } = run([at(SCHOOL, T0), at(WORK, T0 + 1, { memberId: 'ben', deviceId: 'ben-phone' })], s)
    const members = (list: { id: string; deviceIds: string[] }[]) =>
      settings({ members: list.map((m) => ({ ...m, name: m.id })) })
    // Ann is Annie now; Ben kept his id.
    expect(
      renamedMembers(
        state,
        members([
          { id: 'annie', deviceIds: ['ann-phone', 'ann-tablet'] },
          { id: 'ben', deviceIds: ['ben-phone'] },
        ]),
      ),
    ).toEqual([{ from: 'ann', to: 'annie' }])
    // Ann is still there: her phone was handed on to Cat, whose history starts now.
    expect(
      renamedMembers(
        state,
        members([
          { id: 'ann', deviceIds: ['ann-tablet'] },
          { id: 'cat', deviceIds: ['ann-phone'] },
        ]),
      ),
    ).toEqual([])
    // Ann's phones went to two new members: neither is Ann renamed. Nor is one with phones of two.
    const two = { ...state, members: { ...state.members } }
    const annPhones = state.members.ann as MemberState
    two.members.ann = {
      ...annPhones,
      devices: { ...annPhones.devices, 'ann-tablet': { ...newDevice('ann-tablet'), lastReceivedMs: 1 } },
    }
    expect(
      renamedMembers(
        two,
        members([
          { id: 'cat', deviceIds: ['ann-phone'] },
          { id: 'dan', deviceIds: ['ann-tablet'] },
          { id: 'eve', deviceIds: ['ben-phone'] },
        ]),
      ),
    ).toEqual([{ from: 'ben', to: 'eve' }])
    expect(renamedMembers(state, members([{ id: 'cat', deviceIds: ['ann-phone', 'ben-phone'] }]))).toEqual([])
  })
})

describe('reduceWhereabouts properties', () => {
  const s = settings({ places: [HOME, WORK, SCHOOL, PERIL, TOWN] })
  const event = fc.oneof(
    fc
      .record({
        lat: fc.double({ min: 49.9, max: 50.3, noNaN: true }),
        lon: fc.double({ min: -0.1, max: 0.1, noNaN: true }),
        acc: fc.integer({ min: 0, max: 2000 }),
        tst: fc.integer({ min: T0, max: T0 + 1000 }),
        dev: fc.constantFrom('ann-phone', 'ann-tablet'),
        names: fc.option(fc.subarray(['Home', 'School', 'Nowhere', '+follow'])),
      })
      .map((r): ClockEvent => {
        const e: LocationEvent = {
          kind: 'location',
          memberId: 'ann',
          deviceId: r.dev,
          timestampSec: r.tst,
          fix: { lat: r.lat, lon: r.lon, accuracyMeters: r.acc },
        }
        if (r.names) e.insidePlaceNames = r.names
        return e
      }),
    fc
      .record({
        ev: fc.constantFrom('enter' as const, 'leave' as const),
        name: fc.constantFrom('Home', 'Work', 'Mortal Peril', 'Unknown'),
        tst: fc.integer({ min: T0, max: T0 + 1000 }),
      })
      .map((r): ClockEvent => transition(r.ev, r.name, r.tst)),
    fc.constant<ClockEvent>({ kind: 'lwt', memberId: 'ann', deviceId: 'ann-phone' }),
    fc.constant<ClockEvent>({ kind: 'forget', memberId: 'ann', deviceId: 'ann-tablet' }),
    fc.constant<ClockEvent>({ kind: 'tick' }),
  )

  it('never throws, keeps every member, and only ever shows a dial label', () => {
    const labels = new Set(['Home', 'Work', 'School', 'Mortal Peril', 'Town'])
    fc.assert(
      fc.property(
        fc.array(event, { maxLength: 40 }),
        fc.integer({ min: 0, max: 10_000 }),
        (events, stepSec) => {
          let state = initialFamilyState(s, MS(T0))
          events.forEach((e, i) => {
            state = reduceWhereabouts(state, e, s, MS(T0) + i * stepSec * 1000).state
          })
          expect(Object.keys(state.members)).toEqual(['ann', 'ben'])
          for (const m of Object.values(state.members)) {
            if (m.whereabouts.kind === 'at-place') expect(labels.has(m.whereabouts.place)).toBe(true)
          }
        },
      ),
      { numRuns: 300 },
    )
  })

  it('updates in place exactly as the pure reducer does, and the pure one never mutates its input', () => {
    const deepFreeze = <T>(value: T): T => {
      if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
        Object.freeze(value)
        for (const v of Object.values(value)) deepFreeze(v)
      }
      return value
    }
    fc.assert(
      fc.property(fc.array(event, { maxLength: 40 }), (events) => {
        let pure = initialFamilyState(s, MS(T0))
        const owned = initialFamilyState(s, MS(T0))
        events.forEach((e, i) => {
          const at = MS(T0) + i * 60_000
          // Frozen: any write to the input throws in strict mode.
          const { state: next, changes } = reduceWhereabouts(deepFreeze(pure), e, s, at)
          pure = next
          if (e.kind === 'tick') {
            const ticked = reduceWhereabouts(owned, e, s, at).state
            Object.assign(owned.members, ticked.members)
            return
          }
          const member = owned.members[e.memberId]
          const change = member ? updateMember(member, e, s, at) : UNCHANGED
          expect(change === UNCHANGED || change === CHANGED ? [] : [change]).toEqual(changes)
          expect(owned).toEqual(pure)
        })
      }),
      { numRuns: 300 },
    )
  })

  it('never lets an older location move a hand once a newer one was applied', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 500 }),
        fc.constantFrom(HOME, WORK, SCHOOL),
        fc.constantFrom(HOME, WORK, SCHOOL),
        (gap, newer, older) => {
          expect(annIn([at(newer, T0 + gap), at(older, T0)], s)).toEqual({
            kind: 'at-place',
            place: newer.name,
          })
        },
      ),
    )
  })
})
