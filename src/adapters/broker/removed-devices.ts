// What the embedded broker still keeps for devices taken out of a family's config: their persistent
// sessions (each would be queued every message of the family, on disk, for ever) and their retained
// location and card (every phone of the family would be shown the departed member at each connect).

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
): Promise<Forgotten> {
  const { persistence, clients } = aedes as unknown as {
    persistence: Persistence
    clients: Record<string, Client | undefined>
  }
  const known = new Set(deviceIds.map((d) => d.toLowerCase()))
  const forgotten: Forgotten = { sessions: 0, retained: 0 }
  const prefix = `${family}/`
  for (const id of persistence.sessionsStartingWith(prefix)) {
    const device = id.slice(prefix.length, id.indexOf('|'))
    if (device === '(clock)' || known.has(device.toLowerCase()) || clients[id]) continue
    await persistence.forgetSession(id)
    forgotten.sessions++
  }
  const gone: string[] = []
  for await (const packet of persistence.createRetainedStream(`owntracks/${family}/#`)) {
    if (packet.payload.length > 0 && !known.has(deviceLevelOf(packet.topic).toLowerCase()))
      gone.push(packet.topic)
  }
  for (const topic of gone) {
    await new Promise<void>((resolve, reject) =>
      aedes.publish(
        { cmd: 'publish', topic, payload: Buffer.alloc(0), qos: 1, retain: true, dup: false },
        (error) => (error ? reject(error) : resolve()),
      ),
    )
    forgotten.retained++
  }
  if (forgotten.sessions + forgotten.retained > 0)
    logger.log(
      'info',
      `forgot ${forgotten.sessions} persistent session(s) and ${forgotten.retained} retained message(s) of devices no longer in the config`,
    )
  return forgotten
}
