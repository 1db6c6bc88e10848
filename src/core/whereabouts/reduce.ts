// Pure. The only place the clock's state changes: (state, event, settings, now) -> state + hand moves.
// Structural sharing: only the member an event is about is copied.

import type { ClockEvent, OwnTracksEvent } from '../events.js'
import type { Place, Settings } from '../model.js'
import { applyLocation, applyTransition, newDevice } from './evidence.js'
import { learnRegions, withLearnedPlaces } from './learned.js'
import type {
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
function placesNow(member: MemberState, base: readonly Place[], settings: Settings): readonly Place[] {
  const learned = member.learnedRegions
  if (!learned || learned.length === 0) return base
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
 * null when nothing changed. For an owner of the family state that replaces `members[id]` itself (the
 * pipeline), without copying the family map for every message.
 */
export function reduceMember(
  state: FamilyState,
  event: OwnTracksEvent,
  settings: Settings,
  nowMs: number,
): { member: MemberState; move?: HandMove } | null {
  const before = state.members[event.memberId]
  const base = memberPlaces(settings).get(event.memberId)
  if (!before || !base) return null
  const after = applyEvent(before, event, placesNow(before, base, settings), settings, nowMs)
  if (after === before) return null
  // `after` is a fresh object owned by this call: settling it in place is still pure.
  const whereabouts = resolve(after, placesNow(after, base, settings), settings, nowMs)
  if (sameWhereabouts(whereabouts, before.whereabouts)) return { member: after }
  after.whereabouts = whereabouts
  after.sinceMs = nowMs
  return { member: after, move: move(before, after, nowMs) }
}

/** Places per member, computed once per Settings object (settings never change while running). */
const placeCache = new WeakMap<Settings, Map<string, Place[]>>()
function memberPlaces(settings: Settings): Map<string, Place[]> {
  let byMember = placeCache.get(settings)
  if (!byMember) {
    byMember = new Map(settings.members.map((m) => [m.id, placesOf(m.id, settings)]))
    placeCache.set(settings, byMember)
  }
  return byMember
}

/** The member with the event's evidence applied (a new object), or `member` itself when nothing changed. */
function applyEvent(
  member: MemberState,
  event: OwnTracksEvent,
  places: readonly Place[],
  settings: Settings,
  nowMs: number,
): MemberState {
  const existing = member.devices[event.deviceId]
  if (event.kind === 'forget') {
    if (!existing) return member
    const { [event.deviceId]: _forgotten, ...devices } = member.devices
    return { ...member, devices }
  }
  if (event.kind === 'lwt') {
    // Published by the broker, not the phone: not a sign of life (OWNTRACKS.md §1.5, §6 #6).
    if (existing?.online !== true) return member
    return withDevice(member, { ...existing, online: false }, member.lastSeenMs)
  }
  const device = existing ?? newDevice(event.deviceId)
  const lastSeenMs = Math.max(member.lastSeenMs ?? 0, nowMs)
  switch (event.kind) {
    case 'location':
      // Strictly newer only: a redelivered or late location never moves a hand back.
      if (
        event.timestampSec <= (device.lastLocationSec ?? 0) ||
        event.timestampSec < device.lastTimestampSec
      ) {
        return withDevice(member, refreshed(device, nowMs), lastSeenMs)
      }
      return withDevice(member, applyLocation(device, event, places, settings, nowMs), lastSeenMs)
    case 'transition':
      // A transition and its companion location share a tst, so equal is still current.
      if (event.timestampSec < device.lastTimestampSec)
        return withDevice(member, refreshed(device, nowMs), lastSeenMs)
      return withDevice(
        member,
        refreshed(applyTransition(device, event, places, settings), nowMs),
        lastSeenMs,
      )
    case 'card': {
      const next = withDevice(member, refreshed(device, nowMs), lastSeenMs)
      if (event.name !== undefined) next.displayName = event.name
      if (event.face !== undefined) next.face = event.face
      return next
    }
    case 'regions': {
      const next = withDevice(member, refreshed(device, nowMs), lastSeenMs)
      next.learnedRegions = learnRegions(member, event)
      return next
    }
    case 'ignored':
      return withDevice(member, refreshed(device, nowMs), lastSeenMs)
  }
}

/** A copy of the device marked as heard from now (online). */
function refreshed(d: DeviceState, lastReceivedMs: number): DeviceState {
  const next: DeviceState = {
    deviceId: d.deviceId,
    lastTimestampSec: d.lastTimestampSec,
    lastReceivedMs,
    enteredPlaceKeys: d.enteredPlaceKeys,
    placeKey: d.placeKey,
    online: true,
  }
  if (d.lastLocationSec !== undefined) next.lastLocationSec = d.lastLocationSec
  if (d.lastFix !== undefined) next.lastFix = d.lastFix
  if (d.batteryPercent !== undefined) next.batteryPercent = d.batteryPercent
  return next
}

/** The member with one device replaced. Written out field by field: this runs for every message. */
function withDevice(member: MemberState, device: DeviceState, lastSeenMs: number | null): MemberState {
  const devices: Record<string, DeviceState> = {}
  for (const id in member.devices) devices[id] = member.devices[id] as DeviceState
  devices[device.deviceId] = device
  const next: MemberState = {
    memberId: member.memberId,
    whereabouts: member.whereabouts,
    sinceMs: member.sinceMs,
    lastSeenMs,
    devices,
  }
  if (member.displayName !== undefined) next.displayName = member.displayName
  if (member.face !== undefined) next.face = member.face
  if (member.learnedRegions !== undefined) next.learnedRegions = member.learnedRegions
  return next
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
  return { ...member, whereabouts, sinceMs: nowMs }
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
      d.lastTimestampSec > best.lastTimestampSec ||
      (d.lastTimestampSec === best.lastTimestampSec && d.lastReceivedMs > best.lastReceivedMs)
    )
      best = d
  }
  if (!best) return LOST
  if (settings.lwtMeansLost && !anyOnline) return LOST
  if (best.placeKey === null) return TRAVELING
  const key = best.placeKey
  const place = places.find((p) => p.key === key)
  return place ? { kind: 'at-place', place: place.name } : TRAVELING
}

function tick(state: FamilyState, settings: Settings, nowMs: number): Reduction {
  let members: Record<string, MemberState> | undefined
  const changes: HandMove[] = []
  const byMember = memberPlaces(settings)
  for (const config of settings.members) {
    const before = state.members[config.id]
    if (!before) continue
    const after = settle(
      before,
      placesNow(before, byMember.get(config.id) ?? [], settings),
      settings,
      nowMs,
      before,
    )
    if (after === before) continue
    members ??= { ...state.members }
    members[config.id] = after
    changes.push(move(before, after, nowMs))
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
