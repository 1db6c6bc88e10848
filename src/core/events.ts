// Pure. Domain events decoded from OwnTracks messages; the reducer consumes these and nothing else.

/** A position fix as a phone reported it. */
export interface Fix {
  lat: number
  lon: number
  /** Horizontal accuracy radius in metres; undefined when the phone did not say. */
  accuracyMeters?: number
}

/** Who sent a message: resolved from the topic, never from the payload or the last topic level. */
export interface Sender {
  memberId: string
  deviceId: string
}

export interface LocationEvent extends Sender {
  kind: 'location'
  /** Epoch seconds of the fix (OwnTracks `tst`). */
  timestampSec: number
  fix: Fix
  /** Region names the phone says it is inside (`inregions`), raw as sent; undefined when absent. */
  insidePlaceNames?: string[]
  /** OwnTracks trigger `t` (p, c, b, r, u, t, v, …). */
  trigger?: string
  batteryPercent?: number
  velocityKmh?: number
  initials?: string
  wifiSsid?: string
}

export interface TransitionEvent extends Sender {
  kind: 'transition'
  timestampSec: number
  event: 'enter' | 'leave'
  /** Region name as sent (`desc`). */
  placeName: string
  fix?: Fix
  trigger?: string
}

/** Broker-published Last Will: the phone's connection dropped without a clean DISCONNECT. */
export interface LastWillEvent extends Sender {
  kind: 'lwt'
  /** iOS sends the connect time; Android sends nothing. */
  timestampSec?: number
}

/** Empty retained payload on the base topic: the phone asks everyone to forget this device. */
export interface ForgetEvent extends Sender {
  kind: 'forget'
}

/** A region defined on a phone (waypoint), keyed by its creation time as the apps key it. */
export interface PhoneRegion {
  name: string
  lat?: number
  lon?: number
  radiusMeters?: number
  createdSec: number
}

export interface RegionsEvent extends Sender {
  kind: 'regions'
  /** 'waypoint' adds or updates one region, 'waypoints' is the phone's full export. */
  source: 'waypoint' | 'waypoints'
  regions: PhoneRegion[]
}

export interface CardEvent extends Sender {
  kind: 'card'
  name?: string
  /** Base64 PNG/JPEG as sent. */
  face?: string
  initials?: string
  /** An empty retained message on `/info` (§1.6): the phone took its card back, name and face. */
  cleared?: true
}

/** A valid message that does not move hands (status, steps, cmd, beacon, dump, configuration, …). */
export interface IgnoredEvent extends Sender {
  kind: 'ignored'
  type: string
}

export type OwnTracksEvent =
  | LocationEvent
  | TransitionEvent
  | LastWillEvent
  | ForgetEvent
  | RegionsEvent
  | CardEvent
  | IgnoredEvent

/** The passing of time: lets the reducer declare silent members Lost. */
export interface TickEvent {
  kind: 'tick'
}

export type ClockEvent = OwnTracksEvent | TickEvent
