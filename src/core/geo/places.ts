// Pure. Our own geofence test, so a phone without regions (or one that missed a transition) still
// moves its hand (OWNTRACKS.md §6 #2). Entering needs the fix inside the radius, allowing for its
// accuracy; leaving needs it clearly outside, beyond a hysteresis band, so hands do not flap.

import type { Fix } from '../events.js'
import type { Place } from '../model.js'
import { withinMeters } from './distance.js'

export interface GeofenceOptions {
  maxAccuracyMeters: number
  hysteresisMeters: number
}

/** A place with coordinates: the only kind a fix can be tested against. */
export type GeoPlace = Place & { lat: number; lon: number; radiusMeters: number }

export const hasGeometry = (p: Place): p is GeoPlace =>
  p.lat !== undefined && p.lon !== undefined && p.radiusMeters !== undefined

/** Inside by the entering rule: the centre of the fix within the radius plus part of its uncertainty. */
export function fixEnters(fix: Fix, place: GeoPlace): boolean {
  const accuracy = fix.accuracyMeters ?? 0
  // Allow at most half the radius for inaccuracy: a vague fix must not pull someone into a small place.
  const reach = place.radiusMeters + Math.min(accuracy, place.radiusMeters / 2)
  return withinMeters(fix, place, reach)
}

/** Outside by the leaving rule: even the nearest edge of the fix's circle is beyond radius + hysteresis. */
export function fixClearlyLeaves(fix: Fix, place: GeoPlace, hysteresisMeters: number): boolean {
  const reach = place.radiusMeters + hysteresisMeters + (fix.accuracyMeters ?? 0)
  return !withinMeters(fix, place, reach)
}

export type GeofenceVerdict = { kind: 'inside'; place: GeoPlace } | { kind: 'outside' } | { kind: 'unsure' }
const OUTSIDE: GeofenceVerdict = { kind: 'outside' }
const UNSURE: GeofenceVerdict = { kind: 'unsure' }

/**
 * Where a fix puts a device, given the place it is at now (for hysteresis). Nested places resolve to
 * the innermost (smallest radius). 'unsure' = the fix is too inaccurate to say anything.
 */
export function locateFix(
  fix: Fix,
  places: readonly Place[],
  currentKey: string | null,
  options: GeofenceOptions,
): GeofenceVerdict {
  if ((fix.accuracyMeters ?? 0) > options.maxAccuracyMeters) return UNSURE
  let best: GeoPlace | undefined
  let current: GeoPlace | undefined
  for (const place of places) {
    if (!hasGeometry(place)) continue
    if (place.key === currentKey) current = place
    if (fixEnters(fix, place) && (!best || place.radiusMeters < best.radiusMeters)) best = place
  }
  // Stay where we are while within the hysteresis band, unless the fix is in a place nested inside it.
  const staying = current && !fixClearlyLeaves(fix, current, options.hysteresisMeters)
  if (current && staying && (!best || current.radiusMeters <= best.radiusMeters))
    return { kind: 'inside', place: current }
  return best ? { kind: 'inside', place: best } : OUTSIDE
}
