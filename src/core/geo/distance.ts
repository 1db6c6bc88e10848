// Pure. Great-circle distance on a spherical Earth (haversine): metre accuracy is plenty for geofences.

const EARTH_RADIUS_METERS = 6_371_008.8
const RAD = Math.PI / 180
/** Metres of great circle per degree: the length of a degree of latitude on the sphere. */
const METERS_PER_DEGREE = EARTH_RADIUS_METERS * RAD

export interface LatLon {
  lat: number
  lon: number
}

export function distanceMeters(a: LatLon, b: LatLon): number {
  const dLat = (b.lat - a.lat) * RAD
  const dLon = (b.lon - a.lon) * RAD
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLon / 2) ** 2
  return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(h)))
}

/**
 * A lower bound of `distanceMeters(a, b)` without trigonometry: no path between two points is shorter
 * than the meridian arc between their latitudes. Places are usually kilometres apart in latitude, so
 * this alone settles most "is the fix at that place?" questions exactly.
 */
export function latitudeGapMeters(a: LatLon, b: LatLon): number {
  return Math.abs(b.lat - a.lat) * METERS_PER_DEGREE
}

/**
 * Whether `distanceMeters(a, b) <= reach`, with the trigonometry only when bounds leave it open. Most
 * fixes are far outside a place (the latitude gap settles it) or well inside one: then a path between
 * the points that is no longer than `reach` settles it, along the meridian to the other latitude and
 * along that parallel (never longer than the same longitudes' arc of the equator).
 */
export function withinMeters(a: LatLon, b: LatLon, reach: number): boolean {
  const latitudeGap = Math.abs(b.lat - a.lat) * METERS_PER_DEGREE
  if (latitudeGap > reach) return false
  let degreesOfLongitude = Math.abs(b.lon - a.lon)
  if (degreesOfLongitude > 180) degreesOfLongitude = 360 - degreesOfLongitude
  // The margin covers the haversine's own rounding (well under a millimetre), so the answer is the same.
  const path = latitudeGap + degreesOfLongitude * METERS_PER_DEGREE
  if (path * (1 + 1e-9) + 1e-3 <= reach) return true
  return distanceMeters(a, b) <= reach
}
