// How each phone spells its own device id in topics, where that differs from the config. Device ids
// match case-insensitively (an iOS phone's default id is an upper-case UUID), but MQTT topics do not:
// a command must go to the cmd topic the phone subscribed to. Remembered across restarts.

import type { KeyValue } from './ports.js'

export interface TopicSpellings {
  /** The device (config spelling) was seen on the wire as `spelled`. */
  saw(deviceId: string, spelled: string): void
  /** The device id to put in a topic for the phone. */
  topicIdOf(deviceId: string): string
}

export function createTopicSpellings(
  meta: KeyValue,
  /** A spelling that could not be read or saved (a full disk): it is used all the same until a restart. */
  onError: (error: Error) => void = () => {},
): TopicSpellings {
  const known = new Map<string, string>()
  const keyOf = (deviceId: string) => `topic_id:${deviceId}`
  const topicIdOf = (deviceId: string): string => {
    let spelled = known.get(deviceId)
    if (spelled === undefined) {
      spelled = deviceId
      try {
        spelled = meta.get(keyOf(deviceId)) ?? deviceId
      } catch (error) {
        onError(error as Error)
      }
      known.set(deviceId, spelled)
    }
    return spelled
  }
  return {
    // Called while a message is decoded: it must not throw into the message's handling.
    saw(deviceId, spelled) {
      if (topicIdOf(deviceId) === spelled) return
      known.set(deviceId, spelled)
      try {
        meta.set(keyOf(deviceId), spelled)
      } catch (error) {
        onError(error as Error)
      }
    },
    topicIdOf,
  }
}
