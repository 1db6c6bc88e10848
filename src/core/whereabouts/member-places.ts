// Pure. The places that count for a member: configured ones (shared and their own) plus what their
// phones taught, computed once per Settings object and per list of learned regions.

import type { Place, Settings } from '../model.js'
import { learnsPlaces, withLearnedPlaces } from './learned.js'
import type { LearnedRegion, MemberState } from './whereabouts.js'

/**
 * The places that count for a member: shared ones plus their own (a per-member "Work"). A place of
 * their own stands in for a shared one of the same name: a shared "Work" and Ron's own "Work" are
 * two circles, of which only his counts for him (and only his is sent to his phones).
 */
export function placesOf(memberId: string, settings: Settings): Place[] {
  const mine = settings.places.filter((p) => !p.hidden && (!p.memberIds || p.memberIds.includes(memberId)))
  const own = new Set(mine.flatMap((p) => (p.memberIds ? [p.key] : [])))
  return own.size === 0 ? mine : mine.filter((p) => p.memberIds || !own.has(p.key))
}

/** The places that count for this member now: configured ones plus what the phones taught us. */
const learnedCache = new WeakMap<readonly LearnedRegion[], Place[]>()
export function placesNow(
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

/** Places per member, computed once per Settings object (settings never change while running). */
export interface MemberPlaces {
  base: Place[]
  learns: boolean
}
const placeCache = new WeakMap<Settings, Map<string, MemberPlaces>>()
// The last one looked up: a service has one Settings per family, and a family's messages come in runs.
let lastSettings: Settings | undefined
let lastPlaces: Map<string, MemberPlaces> | undefined
export function memberPlaces(settings: Settings): Map<string, MemberPlaces> {
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
