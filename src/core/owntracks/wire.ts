// Pure types only. OwnTracks JSON as the apps put it on the wire (OWNTRACKS.md §1), a union on `_type`.
// Wire field names (tst, acc, desc, inregions, tid, …) live here and in decode*.ts, nowhere else.

// These describe the documented shape. The decoder never trusts them: real senders put numeric strings
// and floats where ints are declared (§1), so every field is checked and coerced in decode*.ts.

/** §1.1, base topic. Required: lat, lon, tst. */
export interface WireLocation {
  _type: 'location'
  lat: number
  lon: number
  tst: number
  acc?: number
  alt?: number
  vac?: number
  /** km/h. */
  vel?: number
  cog?: number
  /** 0–100 %. */
  batt?: number
  /** 0 unknown, 1 unplugged, 2 charging, 3 full. */
  bs?: number
  tid?: string
  /** Trigger: p, c, C, b, r, u, t, v, m, e, … */
  t?: string
  conn?: 'w' | 'm' | 'o'
  m?: number
  /** `desc` of the regions the phone is inside; may be []. */
  inregions?: string[]
  /** iOS only. */
  inrids?: string[]
  /** Android sends upper-case Wi-Fi keys… */
  SSID?: string
  BSSID?: string
  /** …current iOS sends lower-case ones (§1.1, iOS commit 1d277579). */
  ssid?: string
  bssid?: string
  created_at?: number
  /** HTTP mode only. */
  topic?: string
  source?: string
  p?: number
  motionactivities?: string[]
  poi?: string
  tag?: string
  image?: string
  imagename?: string
  rad?: number
  _id?: string
}

/** §1.2, `<base>/event`. The booklet marks desc optional, but consumers drop transitions without it. */
export interface WireTransition {
  _type: 'transition'
  event: 'enter' | 'leave'
  desc: string
  tst: number
  wtst?: number
  lat?: number
  lon?: number
  acc?: number
  tid?: string
  /** c circle, b beacon (iOS), l computed from a fix (Android). */
  t?: string
  rid?: string
  created_at?: number
  _id?: string
}

/** §1.3, `<base>/waypoint`. `tst` is the region's key (its creation time). */
export interface WireWaypoint {
  _type: 'waypoint'
  desc: string
  tst: number
  lat?: number
  lon?: number
  /** Metres. iOS: negative means "move this region to the phone at every event". */
  rad?: number
  rid?: string
  uuid?: string
  major?: number
  minor?: number
  _id?: string
}

/** §1.4, `<base>/waypoints`: the phone's full region export. */
export interface WireWaypoints {
  _type: 'waypoints'
  waypoints: WireWaypoint[]
  _creator?: string
  _id?: string
}

/** §1.5, base topic, published by the broker. iOS sends tst (old builds as a string), Android none. */
export interface WireLwt {
  _type: 'lwt'
  tst?: number | string
}

/** §1.6, `<base>/info`, retained. */
export interface WireCard {
  _type: 'card'
  name?: string
  /** Base64 PNG or JPEG. */
  face?: string
  tid?: string
}

/** §1.7, `<base>/cmd`. */
export interface WireCmd {
  _type: 'cmd'
  action: string
  [member: string]: unknown
}

/** §1.8. */
export interface WireConfiguration {
  _type: 'configuration'
  waypoints?: WireWaypoint[]
  [key: string]: unknown
}

/** §1.9: the plaintext is another message; decryption lives outside the decoder. */
export interface WireEncrypted {
  _type: 'encrypted'
  data: string
  _id?: string
}

/** §1.10, `<base>/status`: Android puts an `android` object, iOS an `iOS` object. */
export interface WireStatus {
  _type: 'status'
  android?: Record<string, unknown>
  iOS?: Record<string, unknown>
  _id?: string
}

/** §1.11, iOS, `<base>/step`. */
export interface WireSteps {
  _type: 'steps'
  tst: number
  steps: number
  from: number
  to: number
  distance?: number
  floorsup?: number
  floorsdown?: number
}

/** §1.12, iOS, `<base>/request` (Recorder tours). */
export interface WireRequest {
  _type: 'request'
  request: string
  [member: string]: unknown
}

/** §1.13, iOS beacon ranging, `<base>/beacon`. */
export interface WireBeacon {
  _type: 'beacon'
  desc?: string
  uuid?: string
  major?: number
  minor?: number
  tst?: number
  acc?: number
  rssi?: number
  prox?: number
}

/** §1.7 / §1.14, iOS reply to cmd dump, `<base>/dump`. */
export interface WireDump {
  _type: 'dump'
  configuration?: Record<string, unknown>
}

export type WireMessage =
  | WireLocation
  | WireTransition
  | WireWaypoint
  | WireWaypoints
  | WireLwt
  | WireCard
  | WireCmd
  | WireConfiguration
  | WireEncrypted
  | WireStatus
  | WireSteps
  | WireRequest
  | WireBeacon
  | WireDump

/** Every `_type` the decoder knows; anything else is an `unknown-type` problem. */
export type WireType = WireMessage['_type']
