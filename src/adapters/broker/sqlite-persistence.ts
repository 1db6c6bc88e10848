// aedes persistence that survives restarts: the in-memory indexes (topic matching, bounded queues)
// with every change written through to SQLite before the operation resolves, and restored on setup
// (the tables and their statements: persistence-tables.ts).
// Two exceptions, where a lost write can only cause a redelivery: retained messages are written behind,
// together, within a second (retained-write-behind.ts), and a queued message's packet id at the end
// of the event-loop turn (flushIdUpdates; the queue's writes: outgoing-queue-writes.ts).
// What it keeps: persistent sessions' subscriptions, QoS 1/2 messages queued for offline clients (a
// `cmd` for a sleeping phone), retained messages (phones' last locations), in-flight QoS 2 ids, wills.

import { Readable } from 'node:stream'
import type { Client, Subscription } from 'aedes'
import type { PersistedPacket as AedesPacket } from 'aedes-persistence/asyncPersistence.js'
import type { Db } from '../sqlite/open-database.js'
import { BoundedMemoryPersistence } from './bounded-persistence.js'
import { OutgoingQueueWrites } from './outgoing-queue-writes.js'
import { brokerStatements, encode, ROW_BYTES, readSaved } from './persistence-tables.js'
import { RetainedWriteBehind } from './retained-write-behind.js'

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

  readonly #retained: RetainedWriteBehind
  readonly #queue: OutgoingQueueWrites
  readonly #onCommitted: (bytes: number) => void
  /** Rows deleted: each is a page touched, roughly a row's worth of WAL. */
  #wrote(rows: number): void {
    if (rows > 0) this.#onCommitted(rows * ROW_BYTES)
  }

  constructor(
    db: Db,
    options: {
      onError?: (error: Error) => void
      /** After a transaction that wrote messages: about how many bytes (for a background checkpointer). */
      onCommitted?: (bytes: number) => void
    } = {},
  ) {
    super()
    this.#onCommitted = options.onCommitted ?? (() => {})
    this.#db = db
    this.#sql = brokerStatements(db)
    const writes = {
      db,
      sql: this.#sql,
      onCommitted: this.#onCommitted,
      onError: options.onError ?? (() => {}),
    }
    this.#retained = new RetainedWriteBehind(writes)
    this.#queue = new OutgoingQueueWrites(writes)
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
    this.#retained.store(packet)
  }

  /** Writes the retained messages still waiting, in one transaction; the broker's close calls it. */
  flushRetained(): void {
    this.#retained.flush()
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
    this.#queue.forget(clientId)
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
    this.#queue.enqueue(subs, packet)
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

  /** Writes the pending packet-id updates now (also at close). */
  flushIdUpdates(): void {
    this.#queue.flushIdUpdates()
  }

  override async outgoingUpdate(client: Client, packet: AedesPacket): Promise<void> {
    await super.outgoingUpdate(client, packet)
    this.#queue.setMessageId(client.id, packet)
  }

  override async outgoingClearMessageId(
    client: Client,
    packet: AedesPacket,
  ): Promise<AedesPacket | undefined> {
    // An unnumbered packet clears nothing (see the parent).
    if (packet.messageId === undefined) return packet
    const cleared = await super.outgoingClearMessageId(client, packet)
    // Every PUBACK asks this, also from clients that never had anything queued (nothing on disk).
    if (this.#hasRows.outgoing.has(client.id)) this.#queue.clearMessageId(client.id, packet.messageId)
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
