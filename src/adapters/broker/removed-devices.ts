// What the embedded broker still keeps for devices taken out of a family's config: their persistent
// sessions (each would be queued every message of the family, on disk, for ever) and their retained
// location and card (every phone of the family would be shown the departed member at each connect).
// And for families no longer served at all (taken out of a host, or a clock's family renamed): their
// sessions, with whatever locations wait in them, and every retained message under their topics.

import type { Aedes, AedesPublishPacket, Client } from 'aedes'
import type { Logger } from '../../app/ports.js'
import type { BoundedMemoryPersistence } from './bounded-persistence.js'
import { deviceLevelOf } from './retain-rules.js'

type Persistence = Pick<BoundedMemoryPersistence, 'sessionsStartingWith' | 'forgetSession'> & {
  createRetainedStream(pattern: string): AsyncIterable<AedesPublishPacket>
}

export interface Forgotten {
  sessions: number
  retained: number
}

/**
 * Forgets the sessions of accounts of `family` that are neither one of `deviceIds` (lower case) nor the
 * clock's, and clears the retained messages under owntracks/<family>/<device> of devices not among them:
 * an empty retained message, which also tells the phones to forget that device (OWNTRACKS.md §1).
 */
export async function forgetRemovedDevices(
  aedes: Aedes,
  family: string,
  deviceIds: readonly string[],
  logger: Logger,
  /** Told of each retained message that stays (a known device's). */
  kept: (topic: string) => void = () => {},
): Promise<Forgotten> {
  const known = new Set(deviceIds.map((d) => d.toLowerCase()))
  const prefix = `${family}/`
  const forgotten: Forgotten = { sessions: 0, retained: 0 }
  forgotten.sessions = await forgetSessions(aedes, prefix, (id) => {
    const device = id.slice(prefix.length, id.indexOf('|'))
    return device === '(clock)' || known.has(device.toLowerCase())
  })
  forgotten.retained = await clearRetained(aedes, [`owntracks/${family}/#`], (topic) => {
    if (!known.has(deviceLevelOf(topic).toLowerCase())) return false
    kept(topic)
    return true
  })
  if (forgotten.sessions + forgotten.retained > 0)
    logger.log(
      'info',
      `forgot ${forgotten.sessions} persistent session(s) and ${forgotten.retained} retained message(s) of devices no longer in the config`,
    )
  return forgotten
}

/**
 * Forgets the sessions of every family not among `families` (none of its clients connected: nobody
 * can log in to one no longer served), and clears the retained messages under their topics: the
 * phones' locations and cards (owntracks/<family>/…) and the hand positions (weasley/<family>/…).
 */
export async function forgetRemovedFamilies(
  aedes: Aedes,
  families: readonly string[],
  logger: Logger,
): Promise<Forgotten> {
  const served = new Set(families)
  const forgotten: Forgotten = { sessions: 0, retained: 0 }
  // "<family>/<device>|<client id>" (account-names.ts); an id naming no family is no account's session.
  const familyOf = (id: string): string | undefined => {
    const slash = id.indexOf('/')
    return slash > 0 ? id.slice(0, slash) : undefined
  }
  forgotten.sessions = await forgetSessions(aedes, '', (id) => served.has(familyOf(id) ?? ''))
  forgotten.retained = await clearRetained(aedes, ['owntracks/#', 'weasley/#'], (topic) =>
    served.has(familyLevelOf(topic)),
  )
  if (forgotten.sessions + forgotten.retained > 0)
    logger.log(
      'info',
      `forgot ${forgotten.sessions} persistent session(s) and ${forgotten.retained} retained message(s) of families no longer served`,
    )
  return forgotten
}

/** The second level of a topic: the family of owntracks/<family>/… and weasley/<family>/…. */
const familyLevelOf = (topic: string): string => {
  const first = topic.indexOf('/')
  const second = topic.indexOf('/', first + 1)
  return topic.slice(first + 1, second < 0 ? topic.length : second)
}

/** Forgets each stored session whose id starts with `prefix` that `keep` does not keep and no client holds. */
async function forgetSessions(aedes: Aedes, prefix: string, keep: (id: string) => boolean): Promise<number> {
  const { persistence, clients } = aedes as unknown as {
    persistence: Persistence
    clients: Record<string, Client | undefined>
  }
  let count = 0
  for (const id of persistence.sessionsStartingWith(prefix)) {
    if (keep(id) || clients[id]) continue
    await persistence.forgetSession(id)
    count++
  }
  return count
}

/**
 * Clears, with an empty retained message (which tells subscribed phones to forget it too), each
 * retained message under `patterns` whose topic `keep` does not keep. Returns how many.
 */
async function clearRetained(
  aedes: Aedes,
  patterns: readonly string[],
  keep: (topic: string) => boolean,
): Promise<number> {
  const { persistence } = aedes as unknown as { persistence: Persistence }
  const gone: string[] = []
  for (const pattern of patterns)
    for await (const packet of persistence.createRetainedStream(pattern))
      if (packet.payload.length > 0 && !keep(packet.topic)) gone.push(packet.topic)
  for (const topic of gone)
    await new Promise<void>((resolve, reject) =>
      aedes.publish(
        { cmd: 'publish', topic, payload: Buffer.alloc(0), qos: 1, retain: true, dup: false },
        (error) => (error ? reject(error) : resolve()),
      ),
    )
  return gone.length
}
