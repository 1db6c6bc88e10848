// Pure. The family as configured: members, their devices and the places on the dial.
// Built once from validated config (adapters/config) and read by decoder, reducer and displays.

/** A named geofence. OwnTracks calls it a region or waypoint; that word stays in owntracks/. */
export interface Place {
  /** Display name, as configured ("Home", "Work"). */
  name: string
  /** Lower-cased, suffix-stripped name used for matching (see owntracks/names.ts). */
  key: string
  lat?: number
  lon?: number
  radiusMeters?: number
  /** Other names phones may use for this place (already normalised keys). */
  aliases: string[]
  /** When set, the place exists only for these member ids (a per-member "Work"). */
  memberIds?: string[]
  /** A phone region the clock ignores: never on the dial, never a member's place. */
  hidden?: boolean
  /** Learned from a phone's waypoints rather than configured. */
  learned?: boolean
}

export interface Member {
  /** Stable id, lower-case: the config key or the lower-cased name. */
  id: string
  name: string
  /** CSS colour for the hand; displays fall back to colorCycle. */
  color?: string
  /** OwnTracks device ids (second topic level after the family) that belong to this member. */
  deviceIds: string[]
}

export interface Settings {
  /** The OwnTracks "user" topic level shared by the family: owntracks/<family>/<device>. */
  family: string
  members: Member[]
  /** In configured order: for `inregions`, the first configured place wins. */
  places: Place[]
  lostAfterMinutes: number
  /** When true an LWT (broker saw the phone disconnect uncleanly) moves the hand to Lost. */
  lwtMeansLost: boolean
  /** A fix whose accuracy is worse than this is never used for geofencing. */
  maxAccuracyMeters: number
  /** Extra distance beyond the radius a fix must be before we believe a member left a place. */
  hysteresisMeters: number
  /** Payloads larger than this are rejected before parsing. */
  maxPayloadBytes: number
  /**
   * Regions learned from phones (waypoint/waypoints): 'geofence' lends their coordinates to configured
   * places that have none; 'dial' also puts regions the config does not name on the dial; 'off' ignores them.
   */
  learnedPlaces?: 'geofence' | 'dial' | 'off'
}

export const TRAVELING = 'Traveling'
export const LOST = 'Lost'
