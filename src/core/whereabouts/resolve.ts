// Pure. Where a member's hand points, from the evidence of their devices; and the state a member
// starts in.

import type { Place, Settings } from '../model.js'
import type { DeviceState, FamilyState, MemberState, Whereabouts } from './whereabouts.js'

const LOST: Whereabouts = { kind: 'lost' }
const TRAVELING: Whereabouts = { kind: 'traveling' }

/**
 * How far ahead of this clock a phone's `tst` may be and still be plausible. A device's fixes are
 * ordered by its own `tst` (a late, queued or redelivered fix never moves its hand back), which stays
 * right for a phone whose clock is consistently off. But a phone whose clock was ahead and is put
 * right would have every fix refused until that time came: so a plausible fix always supersedes a
 * newest fix that claimed a time beyond this.
 */
export const MAX_CLOCK_AHEAD_SEC = 15 * 60

export function initialFamilyState(settings: Settings, nowMs: number): FamilyState {
  const members: Record<string, MemberState> = {}
  for (const m of settings.members) members[m.id] = emptyMember(m.id, nowMs)
  return { members }
}

export const emptyMember = (memberId: string, nowMs: number): MemberState => ({
  memberId,
  whereabouts: LOST,
  sinceMs: nowMs,
  lastSeenMs: null,
  devices: {},
})

/**
 * How recent a device's evidence is, for choosing among a member's devices: its own `tst`, or when it
 * was last heard from if that `tst` was beyond the plausible skew, so a phone whose clock runs ahead
 * does not outrank the member's other devices for as long as it is wrong.
 */
const evidenceSec = (d: DeviceState): number => {
  const heardSec = d.lastReceivedMs / 1000
  // Only messages that placed it: a fix too inaccurate to say where it is does not outrank a sure one.
  const placedSec = d.placedSec ?? d.lastTimestampSec
  return placedSec > heardSec + MAX_CLOCK_AHEAD_SEC ? heardSec : placedSec
}

export function resolve(
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
    // Only devices that can place the member: a tablet that sent just a card says nothing of where
    // they are, and kept `lwtMeansLost` from ever taking effect.
    if (d.lastTimestampSec === 0) continue
    anyOnline ||= d.online
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
