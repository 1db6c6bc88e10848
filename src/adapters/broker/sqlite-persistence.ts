// aedes persistence that survives restarts: the in-memory indexes (topic matching, bounded queues)
// with every change written through to SQLite before the operation resolves, and restored on setup
// (the tables and their statements: persistence-tables.ts).
// Two exceptions, where a lost write can only cause a redelivery: retained messages are written behind,
// together, within a second (RETAINED_WRITE_DELAY_MS), and a queued message's packet id at the end
// of the event-loop turn (flushIdUpdates).
// What it keeps: persistent sessions' subscriptions, QoS 1/2 messages queued for offline clients (a
// `cmd` for a sleeping phone), retained messages (phones' last locations), in-flight QoS 2 ids, wills.

import { Readable } from 'node:stream'
import type { Client, Subscription } from 'aedes'
import type { PersistedPacket as AedesPacket } from 'aedes-persistence/asyncPersistence.js'
import type { Db } from '../sqlite/open-database.js'
import {
  BoundedMemoryPersistence,
  MAX_QUEUED_BYTES_PER_CLIENT,
  MAX_QUEUED_PER_CLIENT,
} from './bounded-persistence.js'
import { brokerStatements, encode, readSaved } from './persistence-tables.js'

export { MAX_QUEUED_PER_CLIENT }

/** How often (in enqueues, or payload bytes, per client) the bounds above are enforced on disk. */
const TRIM_EVERY = 32
const TRIM_EVERY_BYTES = 1024 * 1024

/**
 * Phones retain every location, so writing each one through cost a second SQLite transaction per
 * message (after the pipeline's). They are written behind instead, all that arrived in this long in one
 * transaction, and at close. A crash loses at most this much of the retained copies, never a message:
 * the clock's own copy was committed before the PUBACK. (Mosquitto saves them every 30 minutes.)
 */
export const RETAINED_WRITE_DELAY_MS = 1000

/** A deferred write: [0, message id, client, broker id, broker counter] sets; [1, client, message id] clears. */
type IdUpdate = [0, number | null, string, string | null, number | null] | [1, string, number]

/** What a row a write touches adds to the WAL, roughly, beyond its payload (for the checkpointer). */
const ROW_BYTES = 100

export class SqlitePersistence extends BoundedMemoryPersistence {
  readonly #db: Db
  readonly #sql
  /**
   * Clients that may have rows, per table: every connect and disconnect asks to clean these, and
   * skipping the DELETE when there is nothing keeps a plain reconnect free of disk writes (and of
   * the WAL checkpoints they eventually cause). `outgoing`: clients that have had messages queued.
   */
  readonly #hasRows = {
    subs: new Set<string>(),
    incoming: new Set<string>(),
    will: new Set<string>(),
    outgoing: new Set<string>(),
  }

  /** Retained messages not yet written, by topic: [packet JSON, payload], or null for a clear. */
  #retained = new Map<string, [string, Buffer] | null>()
  #retainedTimer: NodeJS.Timeout | undefined
  readonly #onError: (error: Error) => void
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
  readonly #onCommitted: (bytes: number) => void
  /** Rows deleted: each is a page touched, roughly a row's worth of WAL. */
  #wrote(rows: number): void {
    if (rows > 0) this.#onCommitted(rows * ROW_BYTES)
  }
  /** Writes deferred packet-id updates in order (see flushIdUpdates). */
  readonly #writeIdUpdates: (updates: IdUpdate[]) => void

  constructor(
    db: Db,
    options: {
      onError?: (error: Error) => void
      /** After a transaction that wrote messages: about how many bytes (for a background checkpointer). */
      onCommitted?: (bytes: number) => void
    } = {},
  ) {
    super()
    this.#onError = options.onError ?? (() => {})
    this.#onCommitted = options.onCommitted ?? (() => {})
    this.#db = db
    this.#sql = brokerStatements(db)
    const sinceTrim = this.#sinceTrim
    const sql = this.#sql
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

  override async setup(broker: unknown): Promise<void> {
    await super.setup(broker)
    const saved = readSaved(this.#db)
    for (const packet of saved.retained) await super.storeRetained(packet)
    for (const { clientId, subscription } of saved.subscriptions) {
      this.#hasRows.subs.add(clientId)
      await super.addSubscriptions(clientOf(clientId), [subscription])
    }
    for (const { clientId, packet, messageId } of saved.queued) {
      this.#hasRows.outgoing.add(clientId)
      await super.outgoingEnqueue({ clientId }, packet)
      if (messageId !== null) await super.outgoingUpdate(clientOf(clientId), { ...packet, messageId })
    }
    for (const { clientId, packet } of saved.incoming) {
      this.#hasRows.incoming.add(clientId)
      // Past the bound (kept by a version without it), the oldest are forgotten, rows included.
      await super.incomingStorePacket(clientOf(clientId), packet)
    }
    for (const { clientId, packet } of saved.wills) {
      // Keep the will's old broker id: aedes publishes wills of brokers that are gone, i.e. of clients
      // that were connected when the previous process died [MQTT-3.1.2-8].
      const will = packet as AedesPacket & { brokerId: string }
      const brokerId = will.brokerId
      this.#hasRows.will.add(clientId)
      await super.putWill(clientOf(clientId), will)
      will.brokerId = brokerId
    }
  }

  override async storeRetained(packet: AedesPacket): Promise<void> {
    await super.storeRetained(packet)
    // Encoded now, with the payload copied: the packet is not ours to keep.
    const [json, payload] = encode(packet)
    this.#retained.set(packet.topic, payload.length === 0 ? null : [json, Buffer.from(payload)])
    this.#retainedTimer ??= setTimeout(() => this.flushRetained(), RETAINED_WRITE_DELAY_MS).unref()
  }

  /** Writes the retained messages still waiting, in one transaction; the broker's close calls it. */
  flushRetained(): void {
    clearTimeout(this.#retainedTimer)
    this.#retainedTimer = undefined
    if (this.#retained.size === 0 || !this.#db.open) return
    const pending = this.#retained
    this.#retained = new Map()
    try {
      let bytes = 0
      this.#db.transaction(() => {
        for (const [topic, row] of pending) {
          if (row === null) this.#sql.deleteRetained.run(topic)
          else this.#sql.upsertRetained.run(topic, ...row)
          bytes += topic.length + (row === null ? 0 : row[0].length + row[1].length)
        }
      })()
      this.#onCommitted(bytes)
    } catch (error) {
      // Kept for the next attempt, unless a newer one for the same topic arrived meanwhile.
      for (const [topic, row] of pending) if (!this.#retained.has(topic)) this.#retained.set(topic, row)
      this.#retainedTimer ??= setTimeout(() => this.flushRetained(), RETAINED_WRITE_DELAY_MS).unref()
      this.#onError(error instanceof Error ? error : new Error(String(error)))
    }
  }

  override async addSubscriptions(client: Client, subs: Subscription[]): Promise<void> {
    await super.addSubscriptions(client, subs)
    this.#hasRows.subs.add(client.id)
    this.#db.transaction(() => {
      for (const { topic, ...options } of subs)
        this.#sql.upsertSub.run(client.id, topic, JSON.stringify(options))
    })()
    this.#onCommitted(subs.length * ROW_BYTES)
  }

  override async removeSubscriptions(client: Client, topics: string[]): Promise<void> {
    await super.removeSubscriptions(client, topics)
    this.#db.transaction(() => {
      for (const topic of topics) this.#sql.deleteSub.run(client.id, topic)
    })()
    this.#onCommitted(topics.length * ROW_BYTES)
  }

  override async cleanSubscriptions(client: Client): Promise<void> {
    await super.cleanSubscriptions(client)
    if (this.#hasRows.subs.delete(client.id)) this.#wrote(this.#sql.deleteSubs.run(client.id).changes)
  }

  override async forgetSession(clientId: string): Promise<void> {
    await super.forgetSession(clientId)
    this.#sinceTrim.delete(clientId)
    if (this.#hasRows.outgoing.delete(clientId)) this.#wrote(this.#sql.deleteQueue.run(clientId).changes)
  }

  override async outgoingEnqueue(sub: { clientId: string }, packet: AedesPacket): Promise<void> {
    await super.outgoingEnqueue(sub, packet)
    this.#enqueue([sub], packet)
  }

  override async outgoingEnqueueCombi(subs: { clientId: string }[], packet: AedesPacket): Promise<void> {
    // A client whose filters overlap (`owntracks/fam/#` and `owntracks/fam/+`) matches twice, but aedes
    // delivers a packet to a client once: queue it once too (see outgoingClearMessageId).
    const once = subs.length < 2 ? subs : [...new Map(subs.map((sub) => [sub.clientId, sub])).values()]
    await super.outgoingEnqueueCombi(once, packet)
    this.#enqueue(once, packet)
  }

  #enqueue(subs: { clientId: string }[], packet: AedesPacket): void {
    // aedes asks this for every QoS 1 message, most often with no persistent session to queue it for.
    if (subs.length === 0) return
    for (const sub of subs) this.#hasRows.outgoing.add(sub.clientId)
    const [json, payload] = encode(packet)
    this.#enqueueAll(subs, packet, json, payload)
    this.#onCommitted(subs.length * (json.length + payload.length))
  }

  /**
   * aedes reads this at every CONNECT, to send what was queued while the client was away. The parent's
   * stream (Readable.from over a copy of the queue) keeps a connect's objects alive past V8's next
   * young-generation collection, which then has to copy them: over a run of TLS reconnects those
   * pauses averaged ~5.3 ms with it and ~4.0 ms with this (they are the slow connects of
   * `bench:footprint`; aedes' own stream pipeline around this stream does much of the rest). A client
   * that never had anything queued gets a stream that simply ends.
   */
  override outgoingStream(client: Client): Readable {
    if (this.#hasRows.outgoing.has(client.id)) return super.outgoingStream(client)
    return new Readable({
      objectMode: true,
      read() {
        this.push(null)
      },
    })
  }

  // A queued message's packet id (set when it goes out, cleared at its PUBACK) is written at the end of
  // the event-loop turn, with the turn's others in one transaction: it was two more transactions per
  // QoS 1 delivery. Losing one to a crash only means a redelivery after the restart, which QoS 1
  // allows (the phone and the clock drop duplicates by device and tst); the queued message itself is
  // written through, above.
  #idUpdates: IdUpdate[] = []

  #deferIdUpdate(update: IdUpdate): void {
    if (this.#idUpdates.length === 0) setImmediate(() => this.flushIdUpdates())
    this.#idUpdates.push(update)
  }

  /** Writes the pending packet-id updates now (also at close). */
  flushIdUpdates(): void {
    const updates = this.#idUpdates
    if (updates.length === 0 || !this.#db.open) return
    this.#idUpdates = []
    try {
      this.#writeIdUpdates(updates)
      this.#onCommitted(updates.length * ROW_BYTES)
    } catch (error) {
      this.#onError(error instanceof Error ? error : new Error(String(error)))
    }
  }

  override async outgoingUpdate(client: Client, packet: AedesPacket): Promise<void> {
    await super.outgoingUpdate(client, packet)
    this.#deferIdUpdate([
      0,
      packet.messageId ?? null,
      client.id,
      packet.brokerId ?? null,
      packet.brokerCounter ?? null,
    ])
  }

  override async outgoingClearMessageId(
    client: Client,
    packet: AedesPacket,
  ): Promise<AedesPacket | undefined> {
    // An unnumbered packet clears nothing (see the parent).
    if (packet.messageId === undefined) return packet
    const cleared = await super.outgoingClearMessageId(client, packet)
    // Every PUBACK asks this, also from clients that never had anything queued (nothing on disk).
    if (this.#hasRows.outgoing.has(client.id)) this.#deferIdUpdate([1, client.id, packet.messageId])
    return cleared
  }

  override async incomingStorePacket(client: Client, packet: AedesPacket): Promise<void> {
    await super.incomingStorePacket(client, packet)
    this.#hasRows.incoming.add(client.id)
    const [json, payload] = encode(packet)
    this.#sql.storeIncoming.run(client.id, packet.messageId ?? null, json, payload)
    this.#onCommitted(ROW_BYTES + json.length + payload.length)
  }

  override async incomingDelPacket(client: Client, packet: AedesPacket): Promise<void> {
    await super.incomingDelPacket(client, packet)
    this.#sql.deleteIncoming.run(client.id, packet.messageId ?? null)
    this.#onCommitted(ROW_BYTES)
  }

  override async cleanIncoming(client: Client): Promise<void> {
    await super.cleanIncoming(client)
    if (this.#hasRows.incoming.delete(client.id)) this.#wrote(this.#sql.cleanIncoming.run(client.id).changes)
  }

  override async putWill(client: Client, packet: AedesPacket): Promise<void> {
    await super.putWill(client, packet)
    this.#hasRows.will.add(client.id)
    const [json, payload] = encode(packet)
    this.#sql.putWill.run(client.id, json, payload)
    this.#onCommitted(ROW_BYTES + json.length + payload.length)
  }

  override async delWill(client: Client) {
    const will = await super.delWill(client)
    if (this.#hasRows.will.delete(client.id)) this.#wrote(this.#sql.deleteWill.run(client.id).changes)
    return will
  }
}

/** The persistence API only reads `id` from a client. */
const clientOf = (id: string): Client => ({ id }) as Client
