// aedes persistence that survives restarts: the in-memory indexes (topic matching, bounded queues)
// with every change written through to SQLite before the operation resolves, and restored on setup.
// Two exceptions, where a lost write can only cause a redelivery: retained messages are written behind,
// together, within a second (RETAINED_WRITE_DELAY_MS), and a queued message's packet id at the end
// of the event-loop turn (flushIdUpdates).
// What it keeps: persistent sessions' subscriptions, QoS 1/2 messages queued for offline clients (a
// `cmd` for a sleeping phone), retained messages (phones' last locations), in-flight QoS 2 ids, wills.

import { Readable } from 'node:stream'
import type { Client, Subscription } from 'aedes'
import type { PersistedPacket as AedesPacket } from 'aedes-persistence/asyncPersistence.js'
import type { Db } from '../sqlite/open-database.js'
import { BoundedMemoryPersistence, MAX_QUEUED_PER_CLIENT } from './bounded-persistence.js'

export { MAX_QUEUED_PER_CLIENT }

/** How often (in enqueues per client) the bound above is enforced. */
const TRIM_EVERY = 32

/**
 * Phones retain every location, so writing each one through cost a second SQLite transaction per
 * message (after the pipeline's). They are written behind instead, all that arrived in this long in one
 * transaction, and at close. A crash loses at most this much of the retained copies, never a message:
 * the clock's own copy was committed before the PUBACK. (Mosquitto saves them every 30 minutes.)
 */
export const RETAINED_WRITE_DELAY_MS = 1000

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS broker_retained (topic TEXT PRIMARY KEY, packet TEXT NOT NULL, payload BLOB NOT NULL);
  CREATE TABLE IF NOT EXISTS broker_subscription (
    client_id TEXT NOT NULL, topic TEXT NOT NULL, options TEXT NOT NULL, PRIMARY KEY (client_id, topic));
  CREATE TABLE IF NOT EXISTS broker_outgoing (
    id INTEGER PRIMARY KEY, client_id TEXT NOT NULL, broker_id TEXT, broker_counter INTEGER,
    message_id INTEGER, packet TEXT NOT NULL, payload BLOB NOT NULL);
  CREATE INDEX IF NOT EXISTS broker_outgoing_client ON broker_outgoing (client_id, id);
  CREATE TABLE IF NOT EXISTS broker_incoming (
    client_id TEXT NOT NULL, message_id INTEGER NOT NULL, packet TEXT NOT NULL, payload BLOB NOT NULL,
    PRIMARY KEY (client_id, message_id));
  CREATE TABLE IF NOT EXISTS broker_will (client_id TEXT PRIMARY KEY, packet TEXT NOT NULL, payload BLOB NOT NULL);
`

type Row = { packet: string; payload: Buffer }

/** A packet as JSON (payload kept apart as a BLOB, so bytes stay bytes). */
const encode = (packet: AedesPacket): [string, Buffer] => {
  const { payload, ...rest } = packet
  return [JSON.stringify(rest), Buffer.isBuffer(payload) ? payload : Buffer.from(payload ?? '')]
}
const decode = (row: Row): AedesPacket => ({ ...JSON.parse(row.packet), payload: row.payload }) as AedesPacket

/** A deferred write: [0, message id, client, broker id, broker counter] sets; [1, client, message id] clears. */
type IdUpdate = [0, number | null, string, string | null, number | null] | [1, string, number]

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
  /** Queues a message for clients; the bound is enforced every TRIM_EVERY enqueues per client. */
  readonly #enqueueAll: (
    subs: { clientId: string }[],
    packet: AedesPacket,
    json: string,
    payload: Buffer,
  ) => void
  /** Writes deferred packet-id updates in order (see flushIdUpdates). */
  readonly #writeIdUpdates: (updates: IdUpdate[]) => void

  constructor(db: Db, options: { onError?: (error: Error) => void } = {}) {
    super()
    this.#onError = options.onError ?? (() => {})
    db.exec(SCHEMA)
    this.#db = db
    this.#sql = {
      upsertRetained: db.prepare(
        'INSERT OR REPLACE INTO broker_retained (topic, packet, payload) VALUES (?, ?, ?)',
      ),
      deleteRetained: db.prepare('DELETE FROM broker_retained WHERE topic = ?'),
      upsertSub: db.prepare(
        'INSERT OR REPLACE INTO broker_subscription (client_id, topic, options) VALUES (?, ?, ?)',
      ),
      deleteSub: db.prepare('DELETE FROM broker_subscription WHERE client_id = ? AND topic = ?'),
      deleteSubs: db.prepare('DELETE FROM broker_subscription WHERE client_id = ?'),
      enqueue: db.prepare(
        'INSERT INTO broker_outgoing (client_id, broker_id, broker_counter, message_id, packet, payload) VALUES (?, ?, ?, NULL, ?, ?)',
      ),
      trimQueue: db.prepare(
        'DELETE FROM broker_outgoing WHERE client_id = ? AND id <= (SELECT id FROM broker_outgoing WHERE client_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?)',
      ),
      setMessageId: db.prepare(
        'UPDATE broker_outgoing SET message_id = ? WHERE client_id = ? AND broker_id IS ? AND broker_counter IS ?',
      ),
      clearMessageId: db.prepare('DELETE FROM broker_outgoing WHERE client_id = ? AND message_id = ?'),
      deleteQueue: db.prepare('DELETE FROM broker_outgoing WHERE client_id = ?'),
      storeIncoming: db.prepare(
        'INSERT OR REPLACE INTO broker_incoming (client_id, message_id, packet, payload) VALUES (?, ?, ?, ?)',
      ),
      deleteIncoming: db.prepare('DELETE FROM broker_incoming WHERE client_id = ? AND message_id = ?'),
      cleanIncoming: db.prepare('DELETE FROM broker_incoming WHERE client_id = ?'),
      putWill: db.prepare('INSERT OR REPLACE INTO broker_will (client_id, packet, payload) VALUES (?, ?, ?)'),
      deleteWill: db.prepare('DELETE FROM broker_will WHERE client_id = ?'),
    }
    const sinceTrim = new Map<string, number>()
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
        const since = sinceTrim.get(clientId) ?? TRIM_EVERY
        if (since < TRIM_EVERY) sinceTrim.set(clientId, since + 1)
        else {
          sql.trimQueue.run(clientId, clientId, MAX_QUEUED_PER_CLIENT)
          sinceTrim.set(clientId, 1)
        }
      }
    })
  }

  override async setup(broker: unknown): Promise<void> {
    await super.setup(broker)
    const db = this.#db
    for (const row of db.prepare('SELECT packet, payload FROM broker_retained').all() as Row[]) {
      await super.storeRetained(decode(row))
    }
    const subs = db.prepare('SELECT client_id, topic, options FROM broker_subscription').all() as {
      client_id: string
      topic: string
      options: string
    }[]
    for (const row of subs) {
      this.#hasRows.subs.add(row.client_id)
      await super.addSubscriptions(clientOf(row.client_id), [
        { topic: row.topic, ...JSON.parse(row.options) },
      ])
    }
    const queued = db
      .prepare('SELECT client_id, message_id, packet, payload FROM broker_outgoing ORDER BY id')
      .all() as (Row & {
      client_id: string
      message_id: number | null
    })[]
    for (const row of queued) {
      this.#hasRows.outgoing.add(row.client_id)
      const packet = decode(row)
      await super.outgoingEnqueue({ clientId: row.client_id }, packet)
      if (row.message_id !== null)
        await super.outgoingUpdate(clientOf(row.client_id), { ...packet, messageId: row.message_id })
    }
    for (const row of db.prepare('SELECT client_id, packet, payload FROM broker_incoming').all() as (Row & {
      client_id: string
    })[]) {
      this.#hasRows.incoming.add(row.client_id)
      await super.incomingStorePacket(clientOf(row.client_id), decode(row))
    }
    for (const row of db.prepare('SELECT client_id, packet, payload FROM broker_will').all() as (Row & {
      client_id: string
    })[]) {
      // Keep the will's old broker id: aedes publishes wills of brokers that are gone, i.e. of clients
      // that were connected when the previous process died [MQTT-3.1.2-8].
      const will = decode(row) as AedesPacket & { brokerId: string }
      const brokerId = will.brokerId
      this.#hasRows.will.add(row.client_id)
      await super.putWill(clientOf(row.client_id), will)
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
      this.#db.transaction(() => {
        for (const [topic, row] of pending) {
          if (row === null) this.#sql.deleteRetained.run(topic)
          else this.#sql.upsertRetained.run(topic, ...row)
        }
      })()
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
  }

  override async removeSubscriptions(client: Client, topics: string[]): Promise<void> {
    await super.removeSubscriptions(client, topics)
    this.#db.transaction(() => {
      for (const topic of topics) this.#sql.deleteSub.run(client.id, topic)
    })()
  }

  override async cleanSubscriptions(client: Client): Promise<void> {
    await super.cleanSubscriptions(client)
    if (this.#hasRows.subs.delete(client.id)) this.#sql.deleteSubs.run(client.id)
  }

  override async forgetSession(clientId: string): Promise<void> {
    await super.forgetSession(clientId)
    if (this.#hasRows.outgoing.delete(clientId)) this.#sql.deleteQueue.run(clientId)
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
    this.#enqueueAll(subs, packet, ...encode(packet))
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
    this.#sql.storeIncoming.run(client.id, packet.messageId ?? null, ...encode(packet))
  }

  override async incomingDelPacket(client: Client, packet: AedesPacket): Promise<void> {
    await super.incomingDelPacket(client, packet)
    this.#sql.deleteIncoming.run(client.id, packet.messageId ?? null)
  }

  override async cleanIncoming(client: Client): Promise<void> {
    await super.cleanIncoming(client)
    if (this.#hasRows.incoming.delete(client.id)) this.#sql.cleanIncoming.run(client.id)
  }

  override async putWill(client: Client, packet: AedesPacket): Promise<void> {
    await super.putWill(client, packet)
    this.#hasRows.will.add(client.id)
    this.#sql.putWill.run(client.id, ...encode(packet))
  }

  override async delWill(client: Client) {
    const will = await super.delWill(client)
    if (this.#hasRows.will.delete(client.id)) this.#sql.deleteWill.run(client.id)
    return will
  }
}

/** The persistence API only reads `id` from a client. */
const clientOf = (id: string): Client => ({ id }) as Client
