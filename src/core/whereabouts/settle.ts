// Pure. The hands settled again without a phone event: as time passes (a tick: silence makes a member
// Lost) and when a saved state meets the current config.

import type { Place, Settings } from '../model.js'
import { forgetGonePlaces } from './evidence.js'
import { memberPlaces, placesNow, placesOf } from './member-places.js'
import { emptyMember, resolve } from './resolve.js'
import type { DeviceState, FamilyState, HandMove, MemberState, Reduction } from './whereabouts.js'
import { sameWhereabouts } from './whereabouts.js'

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

export function tick(state: FamilyState, settings: Settings, nowMs: number): Reduction {
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
 * Fits a persisted state to the current config: new members start Lost (unless a device of theirs was
 * saved under another member: a member renamed, or a phone handed on, keeps what the phone said), removed
 * members and devices are dropped, evidence about places that no longer exist is forgotten.
 */
export function reconcileWithSettings(state: FamilyState, settings: Settings, nowMs: number): FamilyState {
  const members: Record<string, MemberState> = {}
  const savedDevices = new Map<string, DeviceState>()
  for (const saved of Object.values(state.members))
    for (const [id, device] of Object.entries(saved.devices)) savedDevices.set(id, device)
  const formerOwner = formerOwners(state)
  for (const config of settings.members) {
    const saved = state.members[config.id] ?? takenOver(config.deviceIds, formerOwner, config.id, nowMs)
    if (!saved) {
      members[config.id] = emptyMember(config.id, nowMs)
      continue
    }
    const places = placesOf(config.id, settings)
    const current = placesNow(saved, places, settings)
    const keys = new Set(current.map((p) => p.key))
    const devices: Record<string, DeviceState> = {}
    let handedOn = false
    for (const id of config.deviceIds) {
      const d = saved.devices[id] ?? savedDevices.get(id)
      if (!d) continue
      handedOn ||= saved.devices[id] === undefined
      const device = { ...d }
      forgetGonePlaces(device, keys, { places: current, options: settings })
      devices[id] = device
    }
    const member = { ...saved, devices }
    // Heard from when its devices were (a device brought its own time from its former member).
    if (handedOn) member.lastSeenMs = lastHeardMs(devices)
    // The card of a device no longer in the config can be taken back by any of the member's devices.
    if (member.cardFrom !== undefined && !(member.cardFrom in devices)) delete member.cardFrom
    members[config.id] = settle(member, placesNow(member, places, settings), settings, nowMs, saved)
  }
  return { members }
}

function lastHeardMs(devices: Record<string, DeviceState>): number | null {
  const newest = Math.max(0, ...Object.values(devices).map((d) => d.lastReceivedMs))
  return newest > 0 ? newest : null
}

/**
 * A member new to the saved state whose devices were saved under others: a renamed member (all from
 * one, whose hand and "since" it keeps) or phones handed on (from several: the hand is worked out anew).
 */
function takenOver(
  deviceIds: readonly string[],
  formerOwner: ReadonlyMap<string, MemberState>,
  memberId: string,
  nowMs: number,
): MemberState | undefined {
  const formers = formersOf(deviceIds, formerOwner)
  if (formers.size === 0) return undefined
  const fresh = emptyMember(memberId, nowMs)
  const [only] = formers
  if (formers.size > 1 || !only) return fresh
  const taken: MemberState = {
    ...fresh,
    whereabouts: only.whereabouts,
    sinceMs: only.sinceMs,
    lastSeenMs: only.lastSeenMs,
  }
  // What the phones themselves set goes with them: the regions they defined, and the card one sent.
  const regions = only.learnedRegions?.filter((r) => deviceIds.includes(r.deviceId))
  if (regions && regions.length > 0) taken.learnedRegions = regions
  if (only.cardFrom !== undefined && deviceIds.includes(only.cardFrom)) {
    taken.cardFrom = only.cardFrom
    if (only.displayName !== undefined) taken.displayName = only.displayName
    if (only.face !== undefined) taken.face = only.face
  }
  return taken
}

/** Who each saved device belonged to. */
function formerOwners(state: FamilyState): Map<string, MemberState> {
  const owners = new Map<string, MemberState>()
  for (const saved of Object.values(state.members))
    for (const id of Object.keys(saved.devices)) owners.set(id, saved)
  return owners
}

const formersOf = (deviceIds: readonly string[], formerOwner: ReadonlyMap<string, MemberState>) =>
  new Set(deviceIds.flatMap((id) => formerOwner.get(id) ?? []))

/**
 * Members renamed in the config: a member new to the saved state whose saved devices were all one
 * member's, a member the config no longer has, and who is the only one to take that member's devices.
 * Their hand moves so far go with them (the history is kept by member id).
 */
export function renamedMembers(state: FamilyState, settings: Settings): { from: string; to: string }[] {
  const configured = new Set(settings.members.map((m) => m.id))
  const formerOwner = formerOwners(state)
  const takers = new Map<string, string[]>()
  for (const config of settings.members) {
    if (state.members[config.id]) continue
    const formers = [...formersOf(config.deviceIds, formerOwner)]
    const only = formers.length === 1 ? formers[0] : undefined
    if (!only || configured.has(only.memberId)) continue
    takers.set(only.memberId, [...(takers.get(only.memberId) ?? []), config.id])
  }
  return [...takers].flatMap(([from, to]) => (to.length === 1 && to[0] ? [{ from, to: to[0] }] : []))
}
