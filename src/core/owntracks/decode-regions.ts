// Pure. OwnTracks `waypoint` (one region, OWNTRACKS.md §1.3) and `waypoints` (the phone's export, §1.4)
// -> RegionsEvent. A region's key is its creation time `tst`, as both apps key it.

import type { PhoneRegion, RegionsEvent, Sender } from '../events.js'
import type { Problem } from '../problems.js'
import { fail, ok, type Result } from '../result.js'
import {
  invalidValue,
  isAbsent,
  metresOrUndefined,
  missingField,
  optionalLatLon,
  requiredString,
  requiredTimestamp,
  type WireObject,
  wrongType,
} from './decode-fields.js'

export function decodeWaypoint(
  msg: WireObject,
  topic: string,
  sender: Sender,
): Result<RegionsEvent, Problem> {
  const region = regionOf(msg, topic, 'waypoint')
  if (!isRegion(region)) return fail(region)
  return ok({
    kind: 'regions',
    memberId: sender.memberId,
    deviceId: sender.deviceId,
    source: 'waypoint',
    regions: [region],
  })
}

export function decodeWaypoints(
  msg: WireObject,
  topic: string,
  sender: Sender,
): Result<RegionsEvent, Problem> {
  const entries = msg.waypoints
  if (isAbsent(entries)) return fail(missingField(topic, 'waypoints', 'waypoints'))
  if (!Array.isArray(entries)) return fail(wrongType(topic, 'waypoints', 'waypoints', 'array of waypoints'))

  // One malformed entry should not hide every other named place of that phone: keep the valid ones.
  // An empty array is a valid export of a phone without regions.
  const regions: PhoneRegion[] = []
  for (const entry of entries) {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) continue
    const region = regionOf(entry as WireObject, topic, 'waypoints')
    if (isRegion(region)) regions.push(region)
  }
  return ok({
    kind: 'regions',
    memberId: sender.memberId,
    deviceId: sender.deviceId,
    source: 'waypoints',
    regions,
  })
}

/** Region names are typed on a phone; iOS appends a beacon's "|uuid:major:minor" to some. */
export const MAX_REGION_NAME_LENGTH = 200

function regionOf(msg: WireObject, topic: string, type: string): PhoneRegion | Problem {
  const name = requiredString(msg, 'desc', topic, type)
  if (typeof name !== 'string') return name
  // Kept with the member and shown on the dial ('dial' mode): a name is a few words, never a document.
  if (name.length > MAX_REGION_NAME_LENGTH)
    return invalidValue(topic, type, 'desc', `is longer than ${MAX_REGION_NAME_LENGTH} characters`)
  // Android's configuration fixture has a millisecond tst here (§1): requiredTimestamp converts it.
  const createdSec = requiredTimestamp(msg, 'tst', topic, type)
  if (typeof createdSec !== 'number') return createdSec

  const region: PhoneRegion = { name, createdSec }
  // Beacon regions have no centre, so coordinates are optional and kept only as a valid pair.
  const centre = optionalLatLon(msg)
  if (centre !== undefined) {
    region.lat = centre.lat
    region.lon = centre.lon
  }
  // A negative rad is iOS's "follow the phone" region (§1.3): it has no fixed radius to geofence with.
  const radiusMeters = metresOrUndefined(msg.rad)
  if (radiusMeters !== undefined) region.radiusMeters = radiusMeters
  return region
}

function isRegion(value: PhoneRegion | Problem): value is PhoneRegion {
  return !('code' in value)
}
