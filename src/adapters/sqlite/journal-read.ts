// Reading the journal (journal-pack.ts, journal-segments.ts): the store, the setup page's list, a
// replay and `weasley-clock journal` on a running clock's database, opened read-only, all read it so.

import type { JournalEntry, Outcome } from '../../app/ports.js'
import { unpackJournal } from './journal-pack.js'
import { openSegmentReader, type SegmentPlace } from './journal-segments.js'
import type { Db } from './open-database.js'

/** What a replay reads of the journal: the rejected messages, and the replays (which it took). */
export const readForReplay = (outcome: Outcome, replayed: boolean): boolean =>
  replayed || outcome === 'rejected'

/**
 * The journal's newest entries first (of one outcome, or what a replay reads, if asked), from its rows
 * and segment files. It only reads: `weasley-clock journal` uses it on a running clock's database,
 * opened read-only.
 */
export function readJournal(
  db: Db,
  { limit, outcome, forReplay }: { limit: number; outcome?: Outcome; forReplay?: boolean },
  from: {
    /** The segment files' folder, if not beside `db` (a copy of the database is read). */
    folder?: string
    /** A batch whose segment file is gone, or whose bytes are not what was written. */
    onUnreadable?: () => void
  } = {},
): JournalEntry[] {
  const out: JournalEntry[] = []
  if (limit <= 0) return out
  // Batches without an entry a replay reads are passed over unread (the setup page asks at each visit).
  const rows = db
    .prepare(
      `SELECT packed, segment, at, bytes, crc FROM journal_batch${forReplay ? ' WHERE replay_entries IS NULL OR replay_entries > 0' : ''} ORDER BY id DESC`,
    )
    .iterate() as Iterable<{ packed: Buffer; segment: number | null } & Omit<SegmentPlace, 'segment'>>
  const reader = openSegmentReader(from.folder ?? journalFolderOf(db.name))
  try {
    for (const row of rows) {
      // A batch whose bytes a power cut lost, or whose file was pruned meanwhile, is passed over.
      const packed = row.segment === null ? row.packed : reader.read({ ...row, segment: row.segment })
      if (!packed) {
        from.onUnreadable?.()
        continue
      }
      const entries = unpackJournal(
        packed,
        forReplay ? readForReplay : outcome === undefined ? undefined : (o) => o === outcome,
      )
      for (let i = entries.length - 1; i >= 0; i--) {
        out.push(entries[i] as JournalEntry)
        // Returning from inside iterate() ends the statement (its iterator is closed).
        if (out.length >= limit) return out
      }
    }
    return out
  } finally {
    reader.close()
  }
}

/** Where the journal segment files of the database in `file` are: a folder beside it. */
export const journalFolderOf = (file: string): string => `${file}.journal`
