// Pure. The only place the clock's state changes: (state, event, settings, now) -> state + hand moves.
// Structural sharing: only the member an event is about is copied. Time passing and a changed config
// settle the hands in settle.ts.

import type { ClockEvent, LocationEvent, OwnTracksEvent, TransitionEvent } from '../events.js'
import type { Place, Settings } from '../model.js'
import { forgetGonePlaces, locateDevice, newDevice, transitionDevice } from './evidence.js'
import { learnRegions } from './learned.js'
import { memberPlaces, placesNow } from './member-places.js'
import { MAX_CLOCK_AHEAD_SEC, resolve } from './resolve.js'
import { tick } from './settle.js'
import type { Delivery, DeviceState, FamilyState, HandMove, MemberState, Reduction } from './whereabouts.js'
import { sameWhereabouts } from './whereabouts.js'

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
 * null when nothing changed. Pure: the member is copied (with its devices) and the copy is updated by
 * `updateMember`.
 */
export function reduceMember(
  state: FamilyState,
  event: OwnTracksEvent,
  settings: Settings,
  nowMs: number,
): { member: MemberState; move?: HandMove } | null {
  const before = state.members[event.memberId]
  if (!before) return null
  // Every device copied: a message is about one, but a phone's regions can change what all of them say.
  const devices: Record<string, DeviceState> = {}
  for (const id in before.devices) devices[id] = { ...(before.devices[id] as DeviceState) }
  const member: MemberState = { ...before, devices }
  const change = updateMember(member, event, settings, nowMs)
  if (change === UNCHANGED) return null
  return change === CHANGED ? { member } : { member, move: change }
}

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

/**
 * Whether a message taken again from the journal after a fix (replay-journal.ts) still says anything.
 * Fixes are ordered by their own time (`updateMember`). An old Last Will or a device's "forget me"
 * says nothing of now; an old card only while the member shows none, and an old region only where the
 * device has taught none (of that creation time, or at all for a full export): what came since is
 * newer, and a phone's clock cannot say which is (a card carries no time).
 */
export function newsWhenReplayed(state: FamilyState, event: OwnTracksEvent): boolean {
  if (event.kind === 'lwt' || event.kind === 'forget') return false
  const member = state.members[event.memberId]
  if (!member) return true
  if (event.kind === 'card') return member.displayName === undefined && member.face === undefined
  if (event.kind !== 'regions') return true
  const taught = (member.learnedRegions ?? []).filter((r) => r.deviceId === event.deviceId)
  if (event.source === 'waypoints') return taught.length === 0
  return !event.regions.some((r) => taught.some((t) => t.createdSec === r.createdSec))
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
  // Only what the phones taught (regions) changes the member's places; evidence about any now gone is
  // forgotten, as a restart would.
  const placesAfter = event.kind === 'regions' ? placesNow(member, base, settings, learns) : places
  if (placesAfter !== places) {
    const keys = new Set(placesAfter.map((p) => p.key))
    for (const id in member.devices) forgetGonePlaces(member.devices[id] as DeviceState, keys)
  }
  const whereabouts = resolve(member, placesAfter, settings, nowMs)
  const from = member.whereabouts
  if (sameWhereabouts(whereabouts, from)) return CHANGED
  const atMs = movedAt(member.sinceMs, event, nowMs)
  member.whereabouts = whereabouts
  member.sinceMs = atMs
  return { memberId: member.memberId, from, to: whereabouts, atMs }
}

/**
 * When a fix moved its member: when the phone made it, for one that came late (the phone's offline queue
 * after a flight, a slow network), never before the member's previous move nor after now (a phone whose
 * clock is ahead). Anything else moves the hand when it arrives.
 */
function movedAt(previousMs: number, event: OwnTracksEvent, nowMs: number): number {
  if (event.kind !== 'location' && event.kind !== 'transition') return nowMs
  return Math.min(nowMs, Math.max(previousMs, event.timestampSec * 1000))
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
    const regions = member.learnedRegions
    const taught = regions?.some((r) => r.deviceId === event.deviceId) === true
    if (!existing && !taught) return false
    delete member.devices[event.deviceId]
    // The regions it defined go with it (on the dial, or lending places their coordinates); a new
    // array, as lists of regions are cached by identity.
    if (taught) {
      const kept = regions?.filter((r) => r.deviceId !== event.deviceId) ?? []
      if (kept.length > 0) member.learnedRegions = kept
      else delete member.learnedRegions
    }
    // Its card stays shown until another comes, but no longer belongs to a device that could take it back.
    if (member.cardFrom === event.deviceId) delete member.cardFrom
    return true
  }
  // A command is written to the phone (by the clock or another server, OWNTRACKS.md §1.7), never by it:
  // an external broker hands the clock its own commands back, and they say nothing about the phone.
  if (event.kind === 'ignored' && event.type === 'cmd') return false
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
      if (event.cleared) {
        // A member shows one card: another device taking its own back leaves it.
        if (member.cardFrom !== undefined && member.cardFrom !== event.deviceId) return true
        delete member.displayName
        delete member.face
        delete member.cardFrom
        return true
      }
      if (event.name !== undefined) member.displayName = event.name
      if (event.face !== undefined) member.face = event.face
      if (event.name !== undefined || event.face !== undefined) member.cardFrom = event.deviceId
      return true
    case 'regions':
      member.learnedRegions = learnRegions(member, event)
      return true
    case 'ignored':
      return true
  }
}

/**
 * A plausible `tst` from a device whose newest fix claimed the future: its clock has been put right. A
 * fix long past (from the phone's offline queue) is no sign of that, and would move the hand back.
 */
function clockPutRight(device: DeviceState, timestampSec: number, nowMs: number): boolean {
  const nowSec = nowMs / 1000
  const limit = nowSec + MAX_CLOCK_AHEAD_SEC
  const newestSec = Math.max(device.lastTimestampSec, device.lastLocationSec ?? 0)
  return (
    timestampSec <= limit &&
    timestampSec >= nowSec - MAX_CLOCK_AHEAD_SEC &&
    newestSec > limit &&
    // A clock put right jumps back by more than the skew allowed; a late copy of a message from a
    // phone whose clock runs steadily ahead is only as much older as the time between them.
    newestSec - timestampSec > MAX_CLOCK_AHEAD_SEC
  )
}
