// Test builders: plain OwnTracks wire objects with overridable defaults, and their MQTT payload bytes.
// Defaults are valid messages from Arthur's phone near Westminster (OWNTRACKS.md §1 shapes).

import type { DecodeContext } from '../src/core/owntracks/decode.js'
import type {
  WireCard,
  WireLocation,
  WireLwt,
  WireTransition,
  WireWaypoint,
  WireWaypoints,
} from '../src/core/owntracks/wire.js'

/** Family, devices and members the builders' topics and decode context agree on. */
export const FAMILY = 'weasley'
export const DEVICE_MEMBERS: ReadonlyMap<string, string> = new Map([
  ['arthur-phone', 'arthur'],
  ['molly-iphone', 'molly'],
])
/** Base topic of Arthur's phone; add '/event', '/info', … for the others. */
export const ARTHUR_TOPIC = `owntracks/${FAMILY}/arthur-phone`

export const aDecodeContext = (over: Partial<DecodeContext> = {}): DecodeContext => ({
  family: FAMILY,
  maxPayloadBytes: 64 * 1024,
  senderOf: (deviceId) => {
    const memberId = DEVICE_MEMBERS.get(deviceId)
    return memberId === undefined ? undefined : { memberId, deviceId }
  },
  ...over,
})

export const aLocation = (over: Partial<WireLocation> = {}): WireLocation => ({
  _type: 'location',
  lat: 51.5007,
  lon: -0.1246,
  acc: 20,
  tst: 1_700_000_000,
  tid: 'AW',
  ...over,
})

export const aTransition = (over: Partial<WireTransition> = {}): WireTransition => ({
  _type: 'transition',
  event: 'enter',
  desc: 'Home',
  lat: 51.5007,
  lon: -0.1246,
  acc: 20,
  tst: 1_700_000_000,
  wtst: 1_600_000_000,
  tid: 'AW',
  t: 'c',
  ...over,
})

export const aWaypoint = (over: Partial<WireWaypoint> = {}): WireWaypoint => ({
  _type: 'waypoint',
  desc: 'Home',
  lat: 51.5007,
  lon: -0.1246,
  rad: 100,
  tst: 1_600_000_000,
  ...over,
})

export const aWaypoints = (waypoints: WireWaypoint[] = [aWaypoint()]): WireWaypoints => ({
  _type: 'waypoints',
  waypoints,
})

export const aLwt = (over: Partial<WireLwt> = {}): WireLwt => ({ _type: 'lwt', tst: 1_700_000_000, ...over })

export const aCard = (over: Partial<WireCard> = {}): WireCard => ({
  _type: 'card',
  name: 'Arthur Weasley',
  tid: 'AW',
  ...over,
})

/** A copy of a wire object without some fields, for "field is absent" cases. */
export function without<T extends object>(obj: T, ...fields: (keyof T)[]): Partial<T> {
  const copy: Partial<T> = { ...obj }
  for (const field of fields) delete copy[field]
  return copy
}

const encoder = new TextEncoder()

/** The bytes a phone would publish: UTF-8 JSON. Takes anything, so tests can send odd shapes. */
export const payloadOf = (obj: unknown): Uint8Array => encoder.encode(JSON.stringify(obj))

/** JSON wrapped in junk, as Home Assistant's tests do: must be rejected as not-json, never crash. */
export const corrupt = (obj: unknown): Uint8Array => encoder.encode(`<junk>${JSON.stringify(obj)}}}\u0000`)

/** Every `_type` the apps send that the clock reads or passes over, and one no app sends. */
export const MESSAGE_TYPES = [
  'location',
  'transition',
  'waypoint',
  'waypoints',
  'lwt',
  'card',
  'cmd',
  'status',
  'encrypted',
  'steps',
  'beacon',
  'teleport',
] as const
