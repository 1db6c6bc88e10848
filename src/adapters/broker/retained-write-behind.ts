// The broker's retained messages on disk, written behind: what arrives within RETAINED_WRITE_DELAY_MS
// is written in one transaction (and what is still waiting at close), the newest per topic.

import type { PersistedPacket as AedesPacket } from 'aedes-persistence/asyncPersistence.js'
import { type BrokerWrites, encode } from './persistence-tables.js'

/**
 * Phones retain every location, so writing each one through cost a second SQLite transaction per
 * message (after the pipeline's). They are written behind instead, all that arrived in this long in one
 * transaction, and at close. A crash loses at most this much of the retained copies, never a message:
 * the clock's own copy was committed before the PUBACK. (Mosquitto saves them every 30 minutes.)
 */
export const RETAINED_WRITE_DELAY_MS = 1000

export class RetainedWriteBehind {
  readonly #to: BrokerWrites
  /** Retained messages not yet written, by topic: [packet JSON, payload], or null for a clear. */
  #retained = new Map<string, [string, Buffer] | null>()
  #retainedTimer: NodeJS.Timeout | undefined

  constructor(to: BrokerWrites) {
    this.#to = to
  }

  /** Keeps a retained message (an empty payload clears its topic) for the next write. */
  store(packet: AedesPacket): void {
    // Encoded now, with the payload copied: the packet is not ours to keep.
    const [json, payload] = encode(packet)
    this.#retained.set(packet.topic, payload.length === 0 ? null : [json, Buffer.from(payload)])
    this.#retainedTimer ??= setTimeout(() => this.flush(), RETAINED_WRITE_DELAY_MS).unref()
  }

  /** Writes the retained messages still waiting, in one transaction. */
  flush(): void {
    clearTimeout(this.#retainedTimer)
    this.#retainedTimer = undefined
    if (this.#retained.size === 0 || !this.#to.db.open) return
    const pending = this.#retained
    this.#retained = new Map()
    try {
      let bytes = 0
      this.#to.db.transaction(() => {
        for (const [topic, row] of pending) {
          if (row === null) this.#to.sql.deleteRetained.run(topic)
          else this.#to.sql.upsertRetained.run(topic, ...row)
          bytes += topic.length + (row === null ? 0 : row[0].length + row[1].length)
        }
      })()
      this.#to.onCommitted(bytes)
    } catch (error) {
      // Kept for the next attempt, unless a newer one for the same topic arrived meanwhile.
      for (const [topic, row] of pending) if (!this.#retained.has(topic)) this.#retained.set(topic, row)
      this.#retainedTimer ??= setTimeout(() => this.flush(), RETAINED_WRITE_DELAY_MS).unref()
      this.#to.onError(error instanceof Error ? error : new Error(String(error)))
    }
  }
}
