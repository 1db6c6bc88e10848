// Pure. The state of the clock: where each member is and the evidence behind it.

export type Whereabouts = { kind: 'at-place'; place: string } | { kind: 'traveling' } | { kind: 'lost' }

export interface DeviceState {
  deviceId: string
  /** Epoch seconds of the newest fix-bearing message applied (location or transition). 0 = none. */
  lastTimestampSec: number
  /** Epoch seconds of the newest location applied: a location is applied only when strictly newer. */
  lastLocationSec?: number
  /** Wall-clock ms when we last received anything from this device. */
  lastReceivedMs: number
  /** The newest fix, for geofencing with hysteresis. */
  lastFix?: { lat: number; lon: number; accuracyMeters?: number }
  /** Epoch seconds of the message `lastFix` came with (a location's, or a transition's with a fix). */
  lastFixSec?: number
  /** Place keys this device's transitions say it is inside (enter adds, leave removes). */
  enteredPlaceKeys: string[]
  /** Place the device's newest evidence resolves to, or null for "outside every place". */
  placeKey: string | null
  /**
   * Epoch seconds of the newest message that placed the device: a fix accurate enough, the phone's region
   * list, or a transition (0: none yet). A fix too inaccurate to place it does not make its device the
   * member's newest evidence. Undefined in a state saved before it was kept: lastTimestampSec then.
   */
  placedSec?: number
  /** True once the phone has sent a region list (`inregions`): iOS leaves it out when it is in none. */
  sendsRegionLists?: boolean
  /** False after an LWT until the next message from the device. */
  online: boolean
  batteryPercent?: number
}

/**
 * How an external broker delivered a message (undefined: straight from the phone). 'relayed': it may
 * have waited in the broker's queue for the clock's session while the clock was away. 'replayed': a
 * retained message the broker sent because the clock subscribed.
 */
export type Delivery = 'relayed' | 'replayed'

export interface MemberState {
  memberId: string
  whereabouts: Whereabouts
  /** Wall-clock ms when the hand moved to the current whereabouts. */
  sinceMs: number
  /** Wall-clock ms of the newest message from any of the member's devices; null = never heard. */
  lastSeenMs: number | null
  devices: Record<string, DeviceState>
  /** From OwnTracks `card` messages. */
  displayName?: string
  face?: string
  /** The device whose card that is: only it takes the card back (an empty card on its /info). */
  cardFrom?: string
  /** Regions the member's phones defined (waypoint/waypoints), keyed by device and creation time. */
  learnedRegions?: LearnedRegion[]
}

export interface LearnedRegion {
  deviceId: string
  createdSec: number
  name: string
  lat?: number
  lon?: number
  radiusMeters?: number
}

export interface FamilyState {
  members: Record<string, MemberState>
}

/** A family state after an event or a tick, and the hand moves that took it there. */
export interface Reduction {
  state: FamilyState
  changes: HandMove[]
}

/** One hand movement, produced by the reducer and fanned out to every display. */
export interface HandMove {
  memberId: string
  from: Whereabouts
  to: Whereabouts
  atMs: number
}

export const whereaboutsLabel = (w: Whereabouts): string =>
  w.kind === 'at-place' ? w.place : w.kind === 'traveling' ? 'Traveling' : 'Lost'

export const sameWhereabouts = (a: Whereabouts, b: Whereabouts): boolean =>
  a.kind === b.kind && (a.kind !== 'at-place' || (b.kind === 'at-place' && a.place === b.place))
