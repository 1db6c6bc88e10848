// Pure. Places learned from phones (OWNTRACKS.md §1.3, §1.4): a phone's regions are kept per device,
// keyed by their creation time as the apps key them, and merged into the member's places.

import type { RegionsEvent } from '../events.js'
import { hasGeometry } from '../geo/places.js'
import { LOST, type Place, type Settings, TRAVELING } from '../model.js'
import { placeKeyOf } from '../owntracks/names.js'
import type { LearnedRegion, MemberState } from './whereabouts.js'

const RESERVED_TRAVELING = TRAVELING.toLowerCase()
const RESERVED_LOST = LOST.toLowerCase()

/** A phone with hundreds of regions must not grow the state without bound. */
export const MAX_LEARNED_REGIONS = 100

export function learnRegions(member: MemberState, event: RegionsEvent): LearnedRegion[] {
  const incoming: LearnedRegion[] = event.regions.map((r) => {
    const { createdSec, name, lat, lon, radiusMeters } = r
    const region: LearnedRegion =
      lat !== undefined && lon !== undefined
        ? { deviceId: event.deviceId, createdSec, name, lat, lon }
        : { deviceId: event.deviceId, createdSec, name }
    if (radiusMeters !== undefined && radiusMeters > 0) region.radiusMeters = radiusMeters
    return region
  })
  const before = member.learnedRegions ?? []
  // A full export ('waypoints') replaces everything that device said before; one waypoint replaces its key.
  const replacesAll = event.source === 'waypoints'
  // Usually nothing is replaced (a new region): one block copy, the oldest left out when at the cap.
  // (Plain loops: this runs for every waypoint a phone sends, over up to MAX_LEARNED_REGIONS entries.)
  let replaces = false
  for (let i = 0; i < before.length && !replaces; i++)
    replaces = drops(before[i] as LearnedRegion, event.deviceId, replacesAll, incoming)
  let regions: LearnedRegion[]
  if (replaces) {
    regions = []
    for (const old of before) if (!drops(old, event.deviceId, replacesAll, incoming)) regions.push(old)
  } else {
    regions = before.slice(Math.max(0, before.length + incoming.length - MAX_LEARNED_REGIONS))
  }
  for (const region of incoming) regions.push(region)
  return regions.length > MAX_LEARNED_REGIONS ? regions.slice(-MAX_LEARNED_REGIONS) : regions
}

/** Whether `old` is superseded by what `deviceId` sent: all of it (a full export) or the same key. */
function drops(
  old: LearnedRegion,
  deviceId: string,
  replacesAll: boolean,
  incoming: readonly LearnedRegion[],
): boolean {
  if (old.deviceId !== deviceId) return false
  if (replacesAll) return true
  for (const n of incoming) if (n.createdSec === old.createdSec) return true
  return false
}

/** Whether phones can change these places at all under the settings' `learnedPlaces` mode. */
export function learnsPlaces(base: readonly Place[], settings: Settings): boolean {
  const mode = settings.learnedPlaces ?? 'geofence'
  if (mode === 'off') return false
  // In geofence mode phones only lend coordinates: nothing to learn when every place has its own.
  return mode === 'dial' || !base.every((p) => hasGeometry(p) || p.hidden)
}

/**
 * The member's places with what their phones taught us: coordinates for configured places that have
 * none and, in 'dial' mode, the phones' other regions as the member's own places.
 */
export function withLearnedPlaces(
  base: readonly Place[],
  learned: readonly LearnedRegion[],
  memberId: string,
  settings: Settings,
): Place[] {
  const mode = settings.learnedPlaces ?? 'geofence'
  if (learned.length === 0 || !learnsPlaces(base, settings)) return base as Place[]
  const geometric = learned.filter(
    (r) => r.lat !== undefined && r.lon !== undefined && r.radiusMeters !== undefined,
  )
  const byKey = new Map<string, LearnedRegion>()
  for (const r of geometric) {
    const key = placeKeyOf(r.name)
    if (key !== null) byKey.set(key, r)
  }
  const places = base.map((p) => {
    if (hasGeometry(p) || p.hidden) return p
    const region = byKey.get(p.key) ?? p.aliases.map((a) => byKey.get(a)).find((r) => r !== undefined)
    return region
      ? {
          ...p,
          lat: region.lat as number,
          lon: region.lon as number,
          radiusMeters: region.radiusMeters as number,
        }
      : p
  })
  if (mode === 'dial') {
    // Configured for this member (shared, their own, or hidden from them): another member's own "Work"
    // leaves this member's phone region "Work" theirs to learn.
    const known = (key: string) =>
      settings.places.some(
        (p) => (p.key === key || p.aliases.includes(key)) && (!p.memberIds || p.memberIds.includes(memberId)),
      )
    for (const [key, r] of byKey) {
      // "Traveling" and "Lost" are the dial's own: a phone region by that name is no place.
      if (known(key) || key === RESERVED_TRAVELING || key === RESERVED_LOST) continue
      const name = r.name.replace(/\|.*$/, '').replace(/^-+/, '').trim()
      places.push({
        name,
        key,
        aliases: [],
        lat: r.lat as number,
        lon: r.lon as number,
        radiusMeters: r.radiusMeters as number,
        memberIds: [memberId],
        learned: true,
      })
    }
  }
  return places
}
