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
