// Pure. Our own geofence test, so a phone without regions (or one that missed a transition) still
// moves its hand (OWNTRACKS.md §6 #2). Entering needs the fix inside the radius, allowing for its
// accuracy; leaving needs it clearly outside, beyond a hysteresis band, so hands do not flap.

import type { Fix } from '../events.js'
import type { Place } from '../model.js'
import { distanceMeters, withinMeters } from './distance.js'

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
 * Where a fix puts a device, given the place it is at now (for hysteresis). 'unsure' = the fix is too
 * inaccurate to say anything.
 *
 * Of the places the fix enters, one whose radius holds the fix's centre comes before one it reaches
 * only by its accuracy's allowance; of those that hold it, the innermost (smallest radius); of the
 * others, the one whose centre is nearest for its size. The current place is kept while the fix is in
 * its hysteresis band, unless the fix is in a smaller place set in it (into the school in a town), or
 * squarely inside a place not set round it (`squarelyInside`): a house next door keeps no hand once the
 * fix is well inside home, yet drifting out of a school into the town round it is still the school's
 * band.
 */
export function locateFix(
  fix: Fix,
  places: readonly Place[],
  currentKey: string | null,
  options: GeofenceOptions,
): GeofenceVerdict {
  if ((fix.accuracyMeters ?? 0) > options.maxAccuracyMeters) return UNSURE
  let best: GeoPlace | undefined
  let bestHolds = false
  let bestNearness = 0
  let current: GeoPlace | undefined
  for (const place of places) {
    if (!hasGeometry(place)) continue
    if (place.key === currentKey) current = place
    // Most fixes enter no place at all: the finer tests only for those they do.
    if (!fixEnters(fix, place)) continue
    const holds = withinMeters(fix, place, place.radiusMeters)
    if (best && bestHolds && !holds) continue
    if (holds) {
      if (best && bestHolds && place.radiusMeters >= best.radiusMeters) continue
    } else {
      const nearness = distanceMeters(fix, place) / place.radiusMeters
      if (best && nearness >= bestNearness) continue
      bestNearness = nearness
    }
    best = place
    bestHolds = holds
  }
  if (current && best !== current && !fixClearlyLeaves(fix, current, options.hysteresisMeters)) {
    // Into a smaller place set in this one (a school in its town): as soon as the fix is in it. Out to
    // a larger one this one is set in: only by leaving this one's band. Otherwise (a house next door,
    // even one whose circle overlaps): once the fix is squarely in it.
    const leavesFor =
      best !== undefined &&
      bestHolds &&
      (setIn(best, current)
        ? true
        : setIn(current, best)
          ? false
          : squarelyInside(fix, best, options.hysteresisMeters))
    if (!leavesFor) return { kind: 'inside', place: current }
  }
  return best ? { kind: 'inside', place: best } : OUTSIDE
}

/**
 * Inside by a margin that no jitter crosses: within the radius less the fix's accuracy and half the
 * hysteresis (each at most a quarter of the radius, so a small place stays reachable by a vague fix).
 * Only such a fix takes a hand out of the band of the place it is at: fixes either side of a shared
 * edge would otherwise move it back and forth.
 */
function squarelyInside(fix: Fix, place: GeoPlace, hysteresisMeters: number): boolean {
  const quarter = place.radiusMeters / 4
  const reach =
    place.radiusMeters - Math.min(fix.accuracyMeters ?? 0, quarter) - Math.min(hysteresisMeters / 2, quarter)
  return withinMeters(fix, place, reach)
}

/** Whether `inner` is a smaller place whose centre lies in `outer` (a school in its town). */
const setIn = (inner: GeoPlace, outer: GeoPlace): boolean =>
  inner.radiusMeters < outer.radiusMeters && distanceMeters(inner, outer) < outer.radiusMeters
