// Pure. A member's places as OwnTracks waypoints, for the phone (cmd setWaypoints, provisioning).
// OWNTRACKS.md §1.3/§1.7: Android keys a waypoint on its `tst`, iOS on `desc`, so each place gets a
// stable tst derived from its name: pushing again updates the phone's region instead of adding one.

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
  return {
    _type: 'cmd',
    action: 'setWaypoints',
    waypoints: { _type: 'waypoints', waypoints: waypointsFor(memberId, settings) },
  }
}
