// Which of a device's retained messages the embedded broker keeps for later subscribers. The others are
// delivered all the same, only not kept: a phone must not be able to fill memory and disk with them.

import type { PublishPacket } from 'aedes'
import type { Logger } from '../../app/ports.js'
import type { Identity } from '../auth/credentials.js'
import { printable } from '../log/printable.js'
import { oncePerMinute } from './connection-log.js'

/**
 * May a device's message (already allowed by `mayPublish`) stay retained? Only where the apps retain:
 * the location on the base topic (or its empty "forget" payload) and the card on `/info`. Anywhere else
 * one phone could make the broker keep a message on every subtopic name it cares to invent.
 */
export function mayRetain(identity: Identity, topic: string): boolean {
  if (identity.kind !== 'device') return true
  // `mayPublish` let through owntracks/<family>/<device>[/<subtopic>]: count the levels in place (the
  // apps retain every location, so this runs for most messages).
  const second = topic.indexOf('/', topic.indexOf('/') + 1)
  const third = topic.indexOf('/', second + 1)
  return third < 0 || (topic.length - third === 5 && topic.endsWith('/info'))
}

/** How many spellings of its device id (case differs) a device may retain under; a phone uses one. */
export const MAX_RETAINED_SPELLINGS = 3

/** The third level of a topic: the device of owntracks/<family>/<device>[/…]. */
export function deviceLevelOf(topic: string): string {
  const second = topic.indexOf('/', topic.indexOf('/') + 1)
  const third = topic.indexOf('/', second + 1)
  return topic.slice(second + 1, third < 0 ? topic.length : third)
}

/**
 * Clears `packet.retain` where a device may not keep a message: a retained message is kept only where
 * the apps retain (`mayRetain`) and under the first few spellings of the device's id it retains under
 * (ids match case-insensitively, so "ron", "Ron", "RON", … are all the phone's own topics: 2^length of
 * them). Told once a minute per device: a phone inventing topics would otherwise fill the log instead.
 */
export interface RetainRules {
  /** Clears `packet.retain` where the device may not keep a message (see createRetainRules). */
  limit(identity: Identity, packet: PublishPacket, who: string): void
  /**
   * A retained message the broker kept from an earlier run, under owntracks/<family>/<device>…: its
   * spelling counts, so a restart does not give each device three more.
   */
  kept(family: string, topic: string): void
}

export function createRetainRules(logger: Logger): RetainRules {
  const said = oncePerMinute()
  const spellingsOf = new Map<string, Set<string>>()
  const spellingsFor = (family: string, deviceId: string): Set<string> => {
    const key = `${family}/${deviceId.toLowerCase()}`
    let spellings = spellingsOf.get(key)
    if (!spellings) {
      spellings = new Set()
      spellingsOf.set(key, spellings)
    }
    return spellings
  }
  const retainsUnder = (identity: Identity, topic: string): boolean => {
    if (identity.kind !== 'device') return true
    const spelled = deviceLevelOf(topic)
    const spellings = spellingsFor(identity.family, identity.deviceId)
    if (spellings.has(spelled)) return true
    if (spellings.size >= MAX_RETAINED_SPELLINGS) return false
    spellings.add(spelled)
    return true
  }
  const kept = (family: string, topic: string): void => {
    const spelled = deviceLevelOf(topic)
    spellingsFor(family, spelled).add(spelled)
  }
  const limit = (identity: Identity, packet: PublishPacket, who: string): void => {
    // An empty retained payload stores nothing and clears what was kept: always let it through.
    if (!packet.retain || packet.payload.length === 0) return
    if (mayRetain(identity, packet.topic) && retainsUnder(identity, packet.topic)) return
    packet.retain = false
    const family = identity.kind === 'device' ? identity.family : ''
    if (said(`${family}|${who}`))
      logger.log(
        'info',
        `did not retain the message to ${printable(packet.topic)} by ${who}: phones retain only their location and card, under one spelling of their id`,
      )
  }
  return { limit, kept }
}
