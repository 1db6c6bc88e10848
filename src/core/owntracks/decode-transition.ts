// Pure. OwnTracks `_type: "transition"` (OWNTRACKS.md §1.2) -> TransitionEvent.

import type { Fix, Sender, TransitionEvent } from '../events.js'
import type { Problem } from '../problems.js'
import { fail, ok, type Result } from '../result.js'
import {
  decorativeString,
  invalidValue,
  metresOrUndefined,
  optionalLatLon,
  requiredString,
  requiredTimestamp,
  type WireObject,
} from './decode-fields.js'

const TYPE = 'transition'

export function decodeTransition(
  msg: WireObject,
  topic: string,
  sender: Sender,
): Result<TransitionEvent, Problem> {
  const direction = requiredString(msg, 'event', topic, TYPE)
  if (typeof direction !== 'string') return fail(direction)
  // Only "enter" and "leave" reach the wire: Android maps a geofence DWELL to "enter" before it sends
  // (§1.2, MessageTransition.kt) and iOS has no dwell. An undocumented "dwell" is rejected, not guessed.
  if (direction !== 'enter' && direction !== 'leave') {
    return fail(invalidValue(topic, TYPE, 'event', 'must be "enter" or "leave"'))
  }
  // The booklet calls desc optional, but the Recorder and Home Assistant drop transitions without it
  // (§1.2): without a region name the event says nothing.
  const placeName = requiredString(msg, 'desc', topic, TYPE)
  if (typeof placeName !== 'string') return fail(placeName)
  const timestampSec = requiredTimestamp(msg, 'tst', topic, TYPE)
  if (typeof timestampSec !== 'number') return fail(timestampSec)

  const event: TransitionEvent = {
    kind: 'transition',
    memberId: sender.memberId,
    deviceId: sender.deviceId,
    timestampSec,
    event: direction,
    placeName,
  }

  // Where the phone was is secondary evidence: beacon events may carry no usable position and acc 0
  // (§1.2, §6 #7), so a missing or invalid position drops the fix, never the event.
  const position = optionalLatLon(msg)
  if (position !== undefined) {
    const accuracyMeters = metresOrUndefined(msg.acc)
    // Written out rather than `{ ...position, accuracyMeters }`: that spread measured ~0.6 µs here, about as
    // much as the rest of the transition's checks together.
    const fix: Fix =
      accuracyMeters === undefined ? position : { lat: position.lat, lon: position.lon, accuracyMeters }
    event.fix = fix
  }
  const trigger = decorativeString(msg.t)
  if (trigger !== undefined) event.trigger = trigger

  return ok(event)
}
