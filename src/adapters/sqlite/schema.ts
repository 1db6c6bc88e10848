// The app's SQLite schema, applied in order; user_version records how far a database has come.
// A step is SQL, or a function for the ones SQL cannot express (each runs in its own transaction).

import type { JournalEntry, Outcome } from '../../app/ports.js'
import type { ProblemCode } from '../../core/problems.js'
import { packJournal } from './journal-pack.js'
import type { Db } from './open-database.js'

export type Migration = string | ((db: Db) => void)

/** Old journal rows are packed this many to a row, like a busy clock's group commits. */
const ROWS_PER_PACK = 512

export const MIGRATIONS: readonly Migration[] = [
  `
  CREATE TABLE member_state (
    member_id TEXT PRIMARY KEY,
    state_json TEXT NOT NULL,
    updated_ms INTEGER NOT NULL
  );
  CREATE TABLE place_history (
    id INTEGER PRIMARY KEY,
    member_id TEXT NOT NULL,
    from_place TEXT NOT NULL,
    to_place TEXT NOT NULL,
    at_ms INTEGER NOT NULL
  );
  CREATE INDEX place_history_member ON place_history (member_id, id);
  CREATE TABLE inbound_journal (
    id INTEGER PRIMARY KEY,
    received_ms INTEGER NOT NULL,
    topic TEXT NOT NULL,
    payload BLOB NOT NULL,
    outcome TEXT NOT NULL,
    problem_code TEXT,
    detail TEXT
  );
  CREATE TABLE device_credential (
    device_id TEXT PRIMARY KEY,
    member_id TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_ms INTEGER NOT NULL
  );
  `,
  `
  CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  `,
  // The journal as one packed row per group commit (journal-pack.ts) instead of a row per message.
  (db) => {
    db.exec(`
      CREATE TABLE journal_batch (
        id INTEGER PRIMARY KEY,
        entries INTEGER NOT NULL,
        packed BLOB NOT NULL
      );
    `)
    const insert = db.prepare('INSERT INTO journal_batch (entries, packed) VALUES (?, ?)')
    // Page by page: the connection cannot insert while a SELECT is still being stepped through.
    const page = db.prepare('SELECT * FROM inbound_journal WHERE id > ? ORDER BY id LIMIT ?')
    let after = 0
    for (;;) {
      const rows = page.all(after, ROWS_PER_PACK) as OldJournalRow[]
      if (rows.length === 0) break
      after = (rows.at(-1) as OldJournalRow).id
      insert.run(rows.length, packJournal(rows.map(entryOf)))
    }
    db.exec('DROP TABLE inbound_journal')
  },
  // What rarely changes but can be large is kept apart from the hand and the devices' evidence, which
  // every commit rewrites (member-rows.ts): the card (a face is up to 128 KB) and learned regions.
  // The place history loses its member index: it cost more per move than the row itself, and the
  // history is bounded, so a per-member query scans newest first instead (sqlite-store.ts).
  `
  CREATE TABLE member_profile (
    member_id TEXT PRIMARY KEY,
    profile_json TEXT NOT NULL
  );
  CREATE TABLE member_region (
    member_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    region_json TEXT NOT NULL,
    PRIMARY KEY (member_id, seq)
  ) WITHOUT ROWID;
  DROP INDEX place_history_member;
  `,
  // A big journal batch moves out of its row into a segment file beside the database
  // (journal-segments.ts): its row keeps its size and where it is, and an empty `packed`. Columns are
  // added rather than the table rebuilt: a rebuild (and its RENAME) left ~100 KB of SQLite's freed
  // memory in the process for every database created, 20 MB for a host's 200 new families.
  `
  ALTER TABLE journal_batch ADD COLUMN bytes INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE journal_batch ADD COLUMN segment INTEGER;
  ALTER TABLE journal_batch ADD COLUMN at INTEGER;
  ALTER TABLE journal_batch ADD COLUMN crc INTEGER;
  UPDATE journal_batch SET bytes = length(packed);
  `,
  // How many of a batch's entries a replay reads (rejected ones, and replays): the setup page's list
  // and a replay pass over the batches that have none unread. NULL, a batch from before, is read.
  `
  ALTER TABLE journal_batch ADD COLUMN replay_entries INTEGER;
  `,
]

interface OldJournalRow {
  id: number
  received_ms: number
  topic: string
  payload: Buffer
  outcome: Outcome
  problem_code: ProblemCode | null
  detail: string | null
}

function entryOf(row: OldJournalRow): JournalEntry {
  const entry: JournalEntry = {
    receivedAtMs: row.received_ms,
    topic: row.topic,
    payload: row.payload,
    outcome: row.outcome,
  }
  if (row.problem_code !== null) entry.problemCode = row.problem_code
  if (row.detail !== null) entry.detail = row.detail
  return entry
}
