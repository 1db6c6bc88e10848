// Pure. The only place the clock's state changes: (state, event, settings, now) -> state + hand moves.
// Structural sharing: only the member an event is about is copied.

import type { ClockEvent, LocationEvent, OwnTracksEvent, TransitionEvent } from '../events.js'
import type { Place, Settings } from '../model.js'
import { locateDevice, newDevice, transitionDevice } from './evidence.js'
import { learnRegions, learnsPlaces, withLearnedPlaces } from './learned.js'
import type {
  Delivery,
  DeviceState,
  FamilyState,
  HandMove,
  LearnedRegion,
  MemberState,
  Whereabouts,
} from './whereabouts.js'
import { sameWhereabouts } from './whereabouts.js'

export interface Reduction {
  state: FamilyState
  changes: HandMove[]
}

const LOST: Whereabouts = { kind: 'lost' }
const TRAVELING: Whereabouts = { kind: 'traveling' }

/** The places that count for a member: shared ones plus their own (a per-member "Work"). */
export function placesOf(memberId: string, settings: Settings): Place[] {
  return settings.places.filter((p) => !p.hidden && (!p.memberIds || p.memberIds.includes(memberId)))
}

/** The places that count for this member now: configured ones plus what the phones taught us. */
const learnedCache = new WeakMap<readonly LearnedRegion[], Place[]>()
function placesNow(
  member: MemberState,
  base: readonly Place[],
  settings: Settings,
  /** False when the settings give phones nothing to teach about these places (see `learnsPlaces`). */
  learns = true,
): readonly Place[] {
  const learned = member.learnedRegions
  if (!learns || !learned || learned.length === 0) return base
  let places = learnedCache.get(learned)
  if (!places) {
    places = withLearnedPlaces(base, learned, member.memberId, settings)
    learnedCache.set(learned, places)
  }
  return places
}

export function initialFamilyState(settings: Settings, nowMs: number): FamilyState {
  const members: Record<string, MemberState> = {}
  for (const m of settings.members) members[m.id] = emptyMember(m.id, nowMs)
  return { members }
}

const emptyMember = (memberId: string, nowMs: number): MemberState => ({
  memberId,
  whereabouts: LOST,
  sinceMs: nowMs,
  lastSeenMs: null,
  devices: {},
})

export function reduceWhereabouts(
  state: FamilyState,
  event: ClockEvent,
  settings: Settings,
  nowMs: number,
): Reduction {
  if (event.kind === 'tick') return tick(state, settings, nowMs)
  const result = reduceMember(state, event, settings, nowMs)
  if (!result) return { state, changes: [] }
  return {
    state: { members: { ...state.members, [event.memberId]: result.member } },
    changes: result.move ? [result.move] : [],
  }
}

/**
 * One phone event applied to its member: the member's new state (a new object) and the hand move, or
 * null when nothing changed. Pure: the member is copied (with the one device the event is about) and
 * the copy is updated by `updateMember`.
 */
export function reduceMember(
  state: FamilyState,
  event: OwnTracksEvent,
  settings: Settings,
  nowMs: number,
): { member: MemberState; move?: HandMove } | null {
  const before = state.members[event.memberId]
  if (!before) return null
  const member: MemberState = { ...before, devices: { ...before.devices } }
  const device = before.devices[event.deviceId]
  if (device) member.devices[event.deviceId] = { ...device }
  const change = updateMember(member, event, settings, nowMs)
  if (change === UNCHANGED) return null
  return change === CHANGED ? { member } : { member, move: change }
}

/**
 * How far ahead of this clock a phone's `tst` may be and still be plausible. A device's fixes are
 * ordered by its own `tst` (a late, queued or redelivered fix never moves its hand back), which stays
 * right for a phone whose clock is consistently off. But a phone whose clock was ahead and is put
 * right would have every fix refused until that time came: so a plausible fix always supersedes a
 * newest fix that claimed a time beyond this.
 */
export const MAX_CLOCK_AHEAD_SEC = 15 * 60

/** True for a location or transition whose `tst` is further ahead of `nowMs` than a clock may run. */
export function claimsTheFuture(
  event: OwnTracksEvent,
  nowMs: number,
): event is LocationEvent | TransitionEvent {
  return (
    (event.kind === 'location' || event.kind === 'transition') &&
    event.timestampSec > nowMs / 1000 + MAX_CLOCK_AHEAD_SEC
  )
}

/** What `updateMember` did: nothing, the evidence only, or the evidence and a hand move. */
export type MemberChange = typeof UNCHANGED | typeof CHANGED | HandMove
export const UNCHANGED = 'unchanged'
export const CHANGED = 'changed'

/**
 * One phone event applied, in place, to a member the caller owns outright (its devices record and
 * device objects included): the pipeline's working state, which every message updates, so nothing is
 * copied per message. `reduceMember` is the pure form.
 */
export function updateMember(
  member: MemberState,
  event: OwnTracksEvent,
  settings: Settings,
  nowMs: number,
  /** Through an external broker: a replayed message is no sign of life now (see `Delivery`). */
  delivery?: Delivery,
): MemberChange {
  const own = memberPlaces(settings).get(event.memberId)
  if (!own || member.memberId !== event.memberId) return UNCHANGED
  const { base, learns } = own
  const places = placesNow(member, base, settings, learns)
  if (!applyEvent(member, event, places, settings, nowMs, delivery)) return UNCHANGED
  // Only what the phones taught (regions) changes the member's places.
  const placesAfter = event.kind === 'regions' ? placesNow(member, base, settings, learns) : places
  const whereabouts = resolve(member, placesAfter, settings, nowMs)
  const from = member.whereabouts
  if (sameWhereabouts(whereabouts, from)) return CHANGED
  member.whereabouts = whereabouts
  member.sinceMs = nowMs
  return { memberId: member.memberId, from, to: whereabouts, atMs: nowMs }
}

/** Places per member, computed once per Settings object (settings never change while running). */
interface MemberPlaces {
  base: Place[]
  learns: boolean
}
const placeCache = new WeakMap<Settings, Map<string, MemberPlaces>>()
// The last one looked up: a service has one Settings per family, and a family's messages come in runs.
let lastSettings: Settings | undefined
let lastPlaces: Map<string, MemberPlaces> | undefined
function memberPlaces(settings: Settings): Map<string, MemberPlaces> {
  if (settings === lastSettings && lastPlaces) return lastPlaces
  let byMember = placeCache.get(settings)
  if (!byMember) {
    byMember = new Map(
      settings.members.map((m) => {
        const base = placesOf(m.id, settings)
        return [m.id, { base, learns: learnsPlaces(base, settings) }]
      }),
    )
    placeCache.set(settings, byMember)
  }
  lastSettings = settings
  lastPlaces = byMember
  return byMember
}

/** The event's evidence written into `member` (owned by the caller); false when it changes nothing. */
function applyEvent(
  member: MemberState,
  event: OwnTracksEvent,
  places: readonly Place[],
  settings: Settings,
  nowMs: number,
  delivery: Delivery | undefined,
): boolean {
  const existing = member.devices[event.deviceId]
  if (event.kind === 'forget') {
    if (!existing) return false
    delete member.devices[event.deviceId]
    return true
  }
  if (event.kind === 'lwt') {
    // Published by the broker, not the phone: not a sign of life (OWNTRACKS.md §1.5, §6 #6).
    if (existing?.online !== true) return false
    existing.online = false
    return true
  }
  let device = existing
  if (!device) {
    device = newDevice(event.deviceId)
    member.devices[event.deviceId] = device
  }
  const isFix = event.kind === 'location' || event.kind === 'transition'
  // A relayed fix already too old to keep its member found (queued for the clock's session while it
  // was down, the phone dead since) is, like a replayed one, heard when it was sent. Straight from a
  // phone, even an old fix (from its own offline queue) says the phone is alive now.
  const heardThen =
    delivery === 'replayed' ||
    (delivery === 'relayed' &&
      isFix &&
      event.timestampSec * 1000 < nowMs - settings.lostAfterMinutes * 60_000)
  if (!heardThen) {
    // Anything from the phone is a sign of life.
    member.lastSeenMs = Math.max(member.lastSeenMs ?? 0, nowMs)
    device.lastReceivedMs = nowMs
    device.online = true
  } else if (isFix) {
    // Heard when it was sent (a phone off for days stays Lost), never later than now.
    const sentMs = Math.min(nowMs, event.timestampSec * 1000)
    member.lastSeenMs = Math.max(member.lastSeenMs ?? 0, sentMs)
    device.lastReceivedMs = Math.max(device.lastReceivedMs, sentMs)
  }
  switch (event.kind) {
    case 'location':
      // Strictly newer only: a redelivered or late location never moves a hand back.
      if (
        (event.timestampSec > (device.lastLocationSec ?? 0) &&
          event.timestampSec >= device.lastTimestampSec) ||
        clockPutRight(device, event.timestampSec, nowMs)
      )
        locateDevice(device, event, places, settings)
      return true
    case 'transition':
      // A transition and its companion location share a tst, so equal is still current.
      if (event.timestampSec >= device.lastTimestampSec) {
        transitionDevice(device, event, places, settings)
      } else if (clockPutRight(device, event.timestampSec, nowMs)) {
        // The newest location claimed the future too: forgotten, or every older location after this
        // transition would pass as "put right" and could move the hand back.
        if ((device.lastLocationSec ?? 0) > event.timestampSec) delete device.lastLocationSec
        transitionDevice(device, event, places, settings)
      }
      return true
    case 'card':
      if (event.name !== undefined) member.displayName = event.name
      if (event.face !== undefined) member.face = event.face
      return true
    case 'regions':
      member.learnedRegions = learnRegions(member, event)
      return true
    case 'ignored':
      return true
  }
}

/** A plausible `tst` from a device whose newest fix claimed the future: its clock has been put right. */
function clockPutRight(device: DeviceState, timestampSec: number, nowMs: number): boolean {
  const limit = nowMs / 1000 + MAX_CLOCK_AHEAD_SEC
  return timestampSec <= limit && Math.max(device.lastTimestampSec, device.lastLocationSec ?? 0) > limit
}

/**
 * How recent a device's evidence is, for choosing among a member's devices: its own `tst`, or when it
 * was last heard from if that `tst` was beyond the plausible skew, so a phone whose clock runs ahead
 * does not outrank the member's other devices for as long as it is wrong.
 */
const evidenceSec = (d: DeviceState): number => {
  const heardSec = d.lastReceivedMs / 1000
  return d.lastTimestampSec > heardSec + MAX_CLOCK_AHEAD_SEC ? heardSec : d.lastTimestampSec
}

/** Recomputes the hand from the evidence; returns `before` itself when nothing at all changed. */
function settle(
  member: MemberState,
  places: readonly Place[],
  settings: Settings,
  nowMs: number,
  before: MemberState,
): MemberState {
  const whereabouts = resolve(member, places, settings, nowMs)
  if (sameWhereabouts(whereabouts, before.whereabouts)) {
    return member === before
      ? before
      : { ...member, whereabouts: before.whereabouts, sinceMs: before.sinceMs }
  }
  // Lost for silence: since the silence grew too long, not since it was noticed (by a tick, or by a
  // start after the clock was down for hours).
  const silentSinceMs =
    whereabouts.kind === 'lost' && member.lastSeenMs !== null
      ? member.lastSeenMs + settings.lostAfterMinutes * 60_000
      : nowMs
  return { ...member, whereabouts, sinceMs: Math.min(nowMs, Math.max(before.sinceMs, silentSinceMs)) }
}

function resolve(
  member: MemberState,
  places: readonly Place[],
  settings: Settings,
  nowMs: number,
): Whereabouts {
  if (member.lastSeenMs === null || nowMs - member.lastSeenMs > settings.lostAfterMinutes * 60_000)
    return LOST
  // Several devices: the newest evidence wins; ties go to the one heard from last.
  let best: DeviceState | undefined
  let anyOnline = false
  for (const id in member.devices) {
    const d = member.devices[id] as DeviceState
    anyOnline ||= d.online
    if (d.lastTimestampSec === 0) continue
    if (
      !best ||
      evidenceSec(d) > evidenceSec(best) ||
      (evidenceSec(d) === evidenceSec(best) && d.lastReceivedMs > best.lastReceivedMs)
    )
      best = d
  }
  if (!best) return LOST
  if (settings.lwtMeansLost && !anyOnline) return LOST
  if (best.placeKey === null) return TRAVELING
  const key = best.placeKey
  for (const place of places) {
    if (place.key !== key) continue
    const current = member.whereabouts
    // Unchanged is the common case: the member's own object is kept rather than a copy made.
    return current.kind === 'at-place' && current.place === place.name
      ? current
      : { kind: 'at-place', place: place.name }
  }
  return TRAVELING
}

function tick(state: FamilyState, settings: Settings, nowMs: number): Reduction {
  let members: Record<string, MemberState> | undefined
  const changes: HandMove[] = []
  const byMember = memberPlaces(settings)
  for (const config of settings.members) {
    const before = state.members[config.id]
    if (!before) continue
    const own = byMember.get(config.id)
    const after = settle(
      before,
      own ? placesNow(before, own.base, settings, own.learns) : [],
      settings,
      nowMs,
      before,
    )
    if (after === before) continue
    members ??= { ...state.members }
    members[config.id] = after
    changes.push(move(before, after, after.sinceMs))
  }
  return members ? { state: { members }, changes } : { state, changes }
}

const move = (before: MemberState, after: MemberState, atMs: number): HandMove => ({
  memberId: after.memberId,
  from: before.whereabouts,
  to: after.whereabouts,
  atMs,
})

/**
 * Fits a persisted state to the current config: new members start Lost, removed members and
 * devices are dropped, evidence about places that no longer exist is forgotten.
 */
export function reconcileWithSettings(state: FamilyState, settings: Settings, nowMs: number): FamilyState {
  const members: Record<string, MemberState> = {}
  for (const config of settings.members) {
    const saved = state.members[config.id]
    if (!saved) {
      members[config.id] = emptyMember(config.id, nowMs)
      continue
    }
    const places = placesOf(config.id, settings)
    const keys = new Set(placesNow(saved, places, settings).map((p) => p.key))
    const devices: Record<string, DeviceState> = {}
    for (const id of config.deviceIds) {
      const d = saved.devices[id]
      if (!d) continue
      devices[id] = {
        ...d,
        placeKey: d.placeKey !== null && keys.has(d.placeKey) ? d.placeKey : null,
        enteredPlaceKeys: d.enteredPlaceKeys.filter((k) => keys.has(k)),
      }
    }
    const member = { ...saved, devices }
    members[config.id] = settle(member, placesNow(member, places, settings), settings, nowMs, saved)
  }
  return { members }
}
