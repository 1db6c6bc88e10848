// The broker's tables in SQLite (persistent sessions, queued and in-flight messages, retained
// messages, wills): their schema, the statements that write them, and what setup reads back.

import type { Subscription } from 'aedes'
import type { PersistedPacket as AedesPacket } from 'aedes-persistence/asyncPersistence.js'
import type { Db } from '../sqlite/open-database.js'
import { MAX_FILTER_LENGTH, MAX_FILTER_LEVELS } from './acl.js'

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

/** What a row a write touches adds to the WAL, roughly, beyond its payload (for the checkpointer). */
export const ROW_BYTES = 100

/** A packet as JSON (payload kept apart as a BLOB, so bytes stay bytes). */
export const encode = (packet: AedesPacket): [string, Buffer] => {
  const { payload, ...rest } = packet
  return [JSON.stringify(rest), Buffer.isBuffer(payload) ? payload : Buffer.from(payload ?? '')]
}
const decode = (row: Row): AedesPacket => ({ ...JSON.parse(row.packet), payload: row.payload }) as AedesPacket

export type BrokerStatements = ReturnType<typeof brokerStatements>

/** What the persistence's write-behind parts share: the database, its statements, where to report. */
export interface BrokerWrites {
  db: Db
  sql: BrokerStatements
  /** After a transaction that wrote messages: about how many bytes. */
  onCommitted: (bytes: number) => void
  onError: (error: Error) => void
}

/** Creates the tables when missing; the statements that write them. */
export function brokerStatements(db: Db) {
  db.exec(SCHEMA)
  return {
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
    // From the oldest up to the newest message at which the newer ones' payloads pass the byte bound.
    trimQueueBytes: db.prepare(
      `DELETE FROM broker_outgoing WHERE client_id = @client AND id <= (
        SELECT id FROM (
          SELECT id, SUM(length(payload)) OVER (ORDER BY id DESC) AS newer
          FROM broker_outgoing WHERE client_id = @client)
        WHERE newer > @limit AND id < (SELECT MAX(id) FROM broker_outgoing WHERE client_id = @client)
        ORDER BY id DESC LIMIT 1)`,
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
}

/** Everything saved, in the order it was written, for setup to restore into the in-memory indexes. */
export function readSaved(db: Db) {
  // Filters the topic rules now refuse (acl.ts: longer, or deeper, than any topic here), which an older
  // version kept: they matched nothing, and would only weigh on memory.
  db.prepare(
    "DELETE FROM broker_subscription WHERE length(topic) > ? OR length(topic) - length(replace(topic, '/', '')) >= ?",
  ).run(MAX_FILTER_LENGTH, MAX_FILTER_LEVELS)
  const subscriptions = db.prepare('SELECT client_id, topic, options FROM broker_subscription').all() as {
    client_id: string
    topic: string
    options: string
  }[]
  const queued = db
    .prepare('SELECT client_id, message_id, packet, payload FROM broker_outgoing ORDER BY id')
    .all() as (Row & { client_id: string; message_id: number | null })[]
  const incoming = db
    .prepare('SELECT client_id, message_id, packet, payload FROM broker_incoming')
    .all() as (Row & { client_id: string; message_id: number })[]
  const wills = db.prepare('SELECT client_id, packet, payload FROM broker_will').all() as (Row & {
    client_id: string
  })[]
  return {
    retained: (db.prepare('SELECT packet, payload FROM broker_retained').all() as Row[]).map(decode),
    subscriptions: subscriptions.map((row) => ({
      clientId: row.client_id,
      subscription: { topic: row.topic, ...JSON.parse(row.options) } as Subscription,
    })),
    queued: queued.map((row) => ({
      clientId: row.client_id,
      packet: decode(row),
      messageId: row.message_id,
    })),
    incoming: incoming.map((row) => ({
      clientId: row.client_id,
      packet: { ...decode(row), messageId: row.message_id },
    })),
    wills: wills.map((row) => ({ clientId: row.client_id, packet: decode(row) })),
  }
}
