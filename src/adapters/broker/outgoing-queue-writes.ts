// The broker's queue of messages for offline clients on disk: each enqueue written through, with the
// per-client bounds enforced on disk every so often, and packet-id updates deferred to the end of the
// event-loop turn.

import type { PersistedPacket as AedesPacket } from 'aedes-persistence/asyncPersistence.js'
import { MAX_QUEUED_BYTES_PER_CLIENT, MAX_QUEUED_PER_CLIENT } from './bounded-persistence.js'
import { type BrokerWrites, encode, ROW_BYTES } from './persistence-tables.js'

/** How often (in enqueues, or payload bytes, per client) the bounds above are enforced on disk. */
const TRIM_EVERY = 32
const TRIM_EVERY_BYTES = 1024 * 1024

/** A deferred write: [0, message id, client, broker id, broker counter] sets; [1, client, message id] clears. */
type IdUpdate = [0, number | null, string, string | null, number | null] | [1, string, number]

export class OutgoingQueueWrites {
  readonly #to: BrokerWrites
  // Transaction functions are made once, in the constructor: better-sqlite3 builds a transaction
  // function's wrappers each time it is asked for one.
  /** Enqueues and payload bytes per client since its queue was last cut to the bounds on disk. */
  readonly #sinceTrim = new Map<string, { count: number; bytes: number }>()
  /** Queues a message for clients; the bounds are enforced every TRIM_EVERY enqueues or bytes. */
  readonly #enqueueAll: (
    subs: { clientId: string }[],
    packet: AedesPacket,
    json: string,
    payload: Buffer,
  ) => void
  /** Writes deferred packet-id updates in order (see flushIdUpdates). */
  readonly #writeIdUpdates: (updates: IdUpdate[]) => void

  constructor(to: BrokerWrites) {
    this.#to = to
    const { db, sql } = to
    const sinceTrim = this.#sinceTrim
    this.#writeIdUpdates = db.transaction((updates: IdUpdate[]) => {
      for (const update of updates) {
        if (update[0] === 0) sql.setMessageId.run(update[1], update[2], update[3], update[4])
        else sql.clearMessageId.run(update[1], update[2])
      }
    })
    this.#enqueueAll = db.transaction((subs, packet, json, payload) => {
      for (const { clientId } of subs) {
        sql.enqueue.run(clientId, packet.brokerId ?? null, packet.brokerCounter ?? null, json, payload)
        let since = sinceTrim.get(clientId)
        if (!since) {
          // Not counted since this process started: cut at once.
          since = { count: TRIM_EVERY, bytes: 0 }
          sinceTrim.set(clientId, since)
        }
        since.bytes += payload.length
        if (since.count < TRIM_EVERY && since.bytes < TRIM_EVERY_BYTES) since.count++
        else {
          sql.trimQueue.run(clientId, clientId, MAX_QUEUED_PER_CLIENT)
          sql.trimQueueBytes.run({ client: clientId, limit: MAX_QUEUED_BYTES_PER_CLIENT })
          since.count = 1
          since.bytes = 0
        }
      }
    })
  }

  /** Writes a message queued for each of `subs`, in one transaction. */
  enqueue(subs: { clientId: string }[], packet: AedesPacket): void {
    const [json, payload] = encode(packet)
    this.#enqueueAll(subs, packet, json, payload)
    this.#to.onCommitted(subs.length * (json.length + payload.length))
  }

  /** A client's session is gone: its count towards the next trim starts again. */
  forget(clientId: string): void {
    this.#sinceTrim.delete(clientId)
  }

  // A queued message's packet id (set when it goes out, cleared at its PUBACK) is written at the end of
  // the event-loop turn, with the turn's others in one transaction: it was two more transactions per
  // QoS 1 delivery. Losing one to a crash only means a redelivery after the restart, which QoS 1
  // allows (the phone and the clock drop duplicates by device and tst); the queued message itself is
  // written through, above.
  #idUpdates: IdUpdate[] = []

  /** The packet id a queued message went out with. */
  setMessageId(clientId: string, packet: AedesPacket): void {
    this.#deferIdUpdate([
      0,
      packet.messageId ?? null,
      clientId,
      packet.brokerId ?? null,
      packet.brokerCounter ?? null,
    ])
  }

  /** The message a client acknowledged is done with. */
  clearMessageId(clientId: string, messageId: number): void {
    this.#deferIdUpdate([1, clientId, messageId])
  }

  #deferIdUpdate(update: IdUpdate): void {
    if (this.#idUpdates.length === 0) setImmediate(() => this.flushIdUpdates())
    this.#idUpdates.push(update)
  }

  /** Writes the pending packet-id updates now (also at close). */
  flushIdUpdates(): void {
    const updates = this.#idUpdates
    if (updates.length === 0 || !this.#to.db.open) return
    this.#idUpdates = []
    try {
      this.#writeIdUpdates(updates)
      this.#to.onCommitted(updates.length * ROW_BYTES)
    } catch (error) {
      this.#to.onError(error instanceof Error ? error : new Error(String(error)))
    }
  }
}
