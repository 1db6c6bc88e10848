// Pure. Places learned from phones (OWNTRACKS.md §1.3, §1.4): a phone's regions are kept per device,
// keyed by their creation time as the apps key them, and merged into the member's places.

import type { RegionsEvent } from '../events.js'
import { hasGeometry } from '../geo/places.js'
import type { Place, Settings } from '../model.js'
import { placeKeyOf } from '../owntracks/names.js'
import type { LearnedRegion, MemberState } from './whereabouts.js'

/** A phone with hundreds of regions must not grow the state without bound. */
export const MAX_LEARNED_REGIONS = 100

export function learnRegions(member: MemberState, event: RegionsEvent): LearnedRegion[] {
  const incoming: LearnedRegion[] = event.regions.map((r) => {
    const region: LearnedRegion = { deviceId: event.deviceId, createdSec: r.createdSec, name: r.name }
    if (r.lat !== undefined && r.lon !== undefined) Object.assign(region, { lat: r.lat, lon: r.lon })
    if (r.radiusMeters !== undefined && r.radiusMeters > 0) region.radiusMeters = r.radiusMeters
    return region
  })
  const sameKey = (a: LearnedRegion, b: LearnedRegion) =>
    a.deviceId === b.deviceId && a.createdSec === b.createdSec
  const kept = (member.learnedRegions ?? []).filter((old) =>
    // A full export ('waypoints') replaces everything that device said before; one waypoint replaces its key.
    event.source === 'waypoints' ? old.deviceId !== event.deviceId : !incoming.some((n) => sameKey(n, old)),
  )
  return [...kept, ...incoming].slice(-MAX_LEARNED_REGIONS)
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
  if (mode === 'off' || learned.length === 0) return base as Place[]
  // In geofence mode phones only lend coordinates: nothing to do when every place has its own.
  if (mode === 'geofence' && base.every((p) => hasGeometry(p) || p.hidden)) return base as Place[]
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
    const known = (key: string) => settings.places.some((p) => p.key === key || p.aliases.includes(key))
    for (const [key, r] of byKey) {
      if (known(key)) continue
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
