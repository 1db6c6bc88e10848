// Pure. The only place the clock's state changes: (state, event, settings, now) -> state + hand moves.
// Structural sharing: only the member an event is about is copied.

import type { ClockEvent, OwnTracksEvent } from '../events.js'
import type { GeofenceOptions } from '../geo/places.js'
import type { Member, Place, Settings } from '../model.js'
import { applyLocation, applyTransition, newDevice } from './evidence.js'
import type { DeviceState, FamilyState, HandMove, MemberState, Whereabouts } from './whereabouts.js'
import { sameWhereabouts } from './whereabouts.js'

export interface Reduction {
  state: FamilyState
  changes: HandMove[]
}

const LOST: Whereabouts = { kind: 'lost' }

/** The places that count for a member: shared ones plus their own (a per-member "Work"). */
export function placesOf(memberId: string, settings: Settings): Place[] {
  return settings.places.filter((p) => !p.memberIds || p.memberIds.includes(memberId))
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
  const member = settings.members.find((m) => m.id === event.memberId)
  const before = state.members[event.memberId]
  if (!member || !before) return { state, changes: [] }
  const after = settle(applyEvent(before, event, member, settings, nowMs), member, settings, nowMs, before)
  if (after === before) return { state, changes: [] }
  const changes = sameWhereabouts(before.whereabouts, after.whereabouts) ? [] : [move(before, after, nowMs)]
  return { state: { members: { ...state.members, [member.id]: after } }, changes }
}

function applyEvent(
  member: MemberState,
  event: OwnTracksEvent,
  config: Member,
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
    if (!existing || !existing.online) return member
    return withDevice(member, { ...existing, online: false })
  }
  const device: DeviceState = {
    ...(existing ?? newDevice(event.deviceId)),
    lastReceivedMs: nowMs,
    online: true,
  }
  const seen: MemberState = { ...member, lastSeenMs: Math.max(member.lastSeenMs ?? 0, nowMs) }
  const geo: GeofenceOptions = settings
  switch (event.kind) {
    case 'location': {
      // Strictly newer only: a redelivered or late location never moves a hand back.
      if (
        event.timestampSec <= (device.lastLocationSec ?? 0) ||
        event.timestampSec < device.lastTimestampSec
      ) {
        return withDevice(seen, device)
      }
      return withDevice(seen, applyLocation(device, event, placesOf(config.id, settings), geo))
    }
    case 'transition':
      // A transition and its companion location share a tst, so equal is still current.
      if (event.timestampSec < device.lastTimestampSec) return withDevice(seen, device)
      return withDevice(seen, applyTransition(device, event, placesOf(config.id, settings), geo))
    case 'card': {
      const next = withDevice(seen, device)
      if (event.name !== undefined) next.displayName = event.name
      if (event.face !== undefined) next.face = event.face
      return next
    }
    case 'regions':
    case 'ignored':
      return withDevice(seen, device)
  }
}

const withDevice = (member: MemberState, device: DeviceState): MemberState => ({
  ...member,
  devices: { ...member.devices, [device.deviceId]: device },
})

/** Recomputes the hand from the evidence; returns `before` itself when nothing at all changed. */
function settle(
  member: MemberState,
  config: Member,
  settings: Settings,
  nowMs: number,
  before: MemberState,
): MemberState {
  const whereabouts = resolve(member, config, settings, nowMs)
  if (sameWhereabouts(whereabouts, before.whereabouts)) {
    return member === before
      ? before
      : { ...member, whereabouts: before.whereabouts, sinceMs: before.sinceMs }
  }
  return { ...member, whereabouts, sinceMs: nowMs }
}

function resolve(member: MemberState, config: Member, settings: Settings, nowMs: number): Whereabouts {
  if (member.lastSeenMs === null || nowMs - member.lastSeenMs > settings.lostAfterMinutes * 60_000)
    return LOST
  // Several devices: the newest evidence wins; ties go to the one heard from last.
  let best: DeviceState | undefined
  for (const d of Object.values(member.devices)) {
    if (d.lastTimestampSec === 0) continue
    if (
      !best ||
      d.lastTimestampSec > best.lastTimestampSec ||
      (d.lastTimestampSec === best.lastTimestampSec && d.lastReceivedMs > best.lastReceivedMs)
    )
      best = d
  }
  if (!best) return LOST
  if (settings.lwtMeansLost && !Object.values(member.devices).some((d) => d.online)) return LOST
  if (best.placeKey === null) return { kind: 'traveling' }
  const place = placesOf(config.id, settings).find((p) => p.key === best.placeKey)
  return place ? { kind: 'at-place', place: place.name } : { kind: 'traveling' }
}

function tick(state: FamilyState, settings: Settings, nowMs: number): Reduction {
  let members: Record<string, MemberState> | undefined
  const changes: HandMove[] = []
  for (const config of settings.members) {
    const before = state.members[config.id]
    if (!before) continue
    const after = settle(before, config, settings, nowMs, before)
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
    const keys = new Set(placesOf(config.id, settings).map((p) => p.key))
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
    members[config.id] = settle(member, config, settings, nowMs, saved)
  }
  return { members }
}
