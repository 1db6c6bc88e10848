// Pure. A member's places as OwnTracks waypoints, for the phone (cmd setWaypoints, provisioning).
// OWNTRACKS.md §1.3/§1.7: Android keys a waypoint on its `tst`, iOS on a region id made of its name and
// `tst`, so each place gets a stable tst derived from its name: pushing again updates the phone's region
// instead of adding one. Both apps merge what they are sent; none drops a region left out of the list.

import { hasGeometry } from './geo/places.js'
import type { Settings } from './model.js'
import { placesOf } from './whereabouts/member-places.js'

export interface WireWaypointOut {
  _type: 'waypoint'
  desc: string
  lat: number
  lon: number
  rad: number
  tst: number
}

const BASE_TST = 1_600_000_000

/** A stable pseudo creation time for a place name (FNV-1a), within a few years after 2020-09. */
export function stableWaypointTst(name: string): number {
  let hash = 0x811c9dc5
  for (const ch of name.toLowerCase()) {
    hash ^= ch.codePointAt(0) ?? 0
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return BASE_TST + (hash % 100_000_000)
}

/**
 * The places the member's phones get as regions: the member's places (hidden ones are regions the clock
 * ignores, so never handed out) that have coordinates to watch.
 */
export function waypointsFor(memberId: string, settings: Settings): WireWaypointOut[] {
  return placesOf(memberId, settings)
    .filter(hasGeometry)
    .map((p) => ({
      _type: 'waypoint',
      desc: p.name,
      lat: p.lat,
      lon: p.lon,
      rad: Math.round(p.radiusMeters),
      tst: stableWaypointTst(p.name),
    }))
}

export function setWaypointsCommand(memberId: string, settings: Settings) {
  return setWaypointsOf(waypointsFor(memberId, settings))
}

export const setWaypointsOf = (waypoints: WireWaypointOut[]) => ({
  _type: 'cmd',
  action: 'setWaypoints',
  waypoints: { _type: 'waypoints', waypoints },
})

/** A region a phone holds from an earlier push, as the apps key it. */
export interface HeldRegion {
  desc: string
  tst: number
}

/**
 * Coordinates no region can have. iOS removes the region it matches by name and tst when sent these
 * (`Settings.m`: an invalid coordinate means "remove"); Android ignores such a waypoint ("Ignoring
 * waypoint with invalid coordinates"), and no command removes one region there.
 */
export const NOWHERE = { lat: -1000, lon: -1000 } as const

/**
 * What to send a phone that holds `held` from earlier pushes: a removal for each held region that is no
 * longer one of `current` (a place removed, renamed, hidden or no longer the member's), then `current`.
 * Only regions the phone was sent are removed: iOS adds a region it does not know, even one nowhere.
 */
export function withRemovals(
  current: readonly WireWaypointOut[],
  held: readonly HeldRegion[],
): WireWaypointOut[] {
  const keyOf = (r: HeldRegion) => `${r.tst}\u0000${r.desc}`
  const kept = new Set(current.map(keyOf))
  const removals = new Map<string, WireWaypointOut>()
  for (const region of held) {
    const key = keyOf(region)
    if (kept.has(key) || removals.has(key)) continue
    removals.set(key, { _type: 'waypoint', desc: region.desc, ...NOWHERE, rad: 0, tst: region.tst })
  }
  return [...removals.values(), ...current]
}

/** The held regions in a record written by `heldRecord` (or the list of waypoints last sent); [] if none. */
export function heldIn(record: string | undefined): HeldRegion[] {
  if (!record) return []
  let parsed: unknown
  try {
    parsed = JSON.parse(record)
  } catch {
    return []
  }
  if (!Array.isArray(parsed)) return []
  return parsed.flatMap((r: unknown) => {
    if (typeof r !== 'object' || r === null) return []
    const { desc, tst } = r as Record<string, unknown>
    return typeof desc === 'string' && typeof tst === 'number' ? [{ desc, tst }] : []
  })
}

export const heldRecord = (regions: readonly HeldRegion[]): string =>
  JSON.stringify(regions.map(({ desc, tst }) => ({ desc, tst })))
