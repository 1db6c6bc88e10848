// Which regions the clock's pushes gave each phone (name and tst, as the apps key them), kept with the
// state as `places-held:<device>`: a later push removes those that are no longer the member's places
// (core/waypoints.ts withRemovals). Until a push notes them, the places last sent stand for them (clocks
// before this record).

import { type HeldRegion, heldIn, heldRecord, type WireWaypointOut } from '../core/waypoints.js'
import type { DeviceReach, KeyValue, Logger } from './ports.js'

const heldKey = (deviceId: string) => `places-held:${deviceId}`

/**
 * For a phone set up again: whether it still holds what it was given is unknown (a reinstalled app holds
 * nothing), and a removal sent for a region it lacks would add one on iOS.
 */
export function forgetPlacesHeld(meta: KeyValue, deviceId: string): void {
  meta.set(heldKey(deviceId), heldRecord([]))
}

export interface PlacesHeld {
  by(deviceId: string): HeldRegion[]
  /**
   * Sends a push and keeps the record true. It is noted before the push goes, so a push made meanwhile
   * (a subscription while the start-up push runs, a second click) sends no removal twice: iOS adds a
   * region it is told to remove but does not have. Put back when the broker did not take it, or says
   * nobody will get it (a device never connected, no session kept).
   */
  sending<T extends { taken: boolean; reach?: DeviceReach }>(
    deviceId: string,
    places: readonly WireWaypointOut[],
    send: () => Promise<T>,
  ): Promise<T>
}

/** A failure to read or write the record costs a removal at most: logged, never thrown. */
export function createPlacesHeld(
  meta: KeyValue,
  logger: Logger,
  sentBefore: (deviceId: string) => string | undefined,
): PlacesHeld {
  const read = (deviceId: string): string | undefined => {
    try {
      return meta.get(heldKey(deviceId)) ?? sentBefore(deviceId)
    } catch (error) {
      logger.log('warn', `could not read which places ${deviceId} holds: ${(error as Error).message}`)
      return undefined
    }
  }
  const note = (deviceId: string, record: string) => {
    try {
      meta.set(heldKey(deviceId), record)
    } catch (error) {
      logger.log('warn', `could not note which places ${deviceId} holds: ${(error as Error).message}`)
    }
  }
  const by = (deviceId: string) => heldIn(read(deviceId))
  return {
    by,
    async sending(deviceId, places, send) {
      const before = heldRecord(by(deviceId))
      const after = heldRecord(places)
      note(deviceId, after)
      const sent = await send()
      if ((!sent.taken || sent.reach === 'none') && read(deviceId) === after) note(deviceId, before)
      return sent
    },
  }
}
