// StateStore on better-sqlite3: one transaction per group commit; the journal is packed and bounded.

import type { CommitBatch, HistoryEntry, StateStore } from '../../app/ports.js'
import type { FamilyState } from '../../core/whereabouts/whereabouts.js'
import { whereaboutsLabel } from '../../core/whereabouts/whereabouts.js'
import { checkpointInBackground } from './checkpointer.js'
import { packJournal } from './journal-pack.js'
import { journalFolderOf, readForReplay, readJournal } from './journal-read.js'
import {
  type JournalSegments,
  openJournalSegments,
  SEGMENT_BATCH_BYTES,
  type SegmentPlace,
  type SegmentsOptions,
  syncFiles,
} from './journal-segments.js'
import { createMemberRows } from './member-rows.js'

export { journalFolderOf, readJournal }

import { type Db, type OpenOptions, openDatabase, type Statement } from './open-database.js'

export interface SqliteStoreOptions {
  /** How many journal entries to keep; older ones are pruned. */
  journalLimit?: number
  /**
   * How many bytes of packed journal to keep, whatever the entries: 20,000 ordinary messages pack
   * into a few MB, but each may be as big as `maxPayloadBytes` (a phone's face, or a refused payload
   * over the limit), which would have made gigabytes on an SD card.
   */
  journalBytesLimit?: number
  /**
   * How many hand moves to keep (years of a family's normal life); older ones are pruned. It also
   * bounds a per-member history query, which scans newest first: the table has no member index,
   * because keeping one up to date cost more than the move itself (measured 2.4 vs 0.9 µs).
   */
  historyLimit?: number
  /**
   * WAL checkpoints on a worker thread (checkpointer.ts); on by default for a database file. Off,
   * SQLite runs them inside the commit that crosses its mark, fsyncs included.
   */
  backgroundCheckpoints?: boolean
  /** Hears what goes wrong outside a commit (a failed background checkpoint). */
  onError?: (message: string) => void
  /** How the journal's segment files are cut (journal-segments.ts); for tests. */
  segments?: SegmentsOptions
}

const MOVE_BLOCK = 32

/** The clock's store, and what others writing to its database (the embedded broker) add to its WAL. */
export type SqliteStore = StateStore & {
  walWritten(bytes: number): void
  /** Resolves once the journal's segment files pruning let go are removed (they go in the background). */
  journalFilesDropped(): Promise<void>
}

export function createSqliteStore(db: Db, options: SqliteStoreOptions = {}): SqliteStore {
  const journalLimit = options.journalLimit ?? 20_000
  const journalBytesLimit = options.journalBytesLimit ?? 64 * 1024 * 1024
  const historyLimit = options.historyLimit ?? 100_000
  const members = createMemberRows(db)
  const checkpointer =
    options.backgroundCheckpoints !== false && !db.memory
      ? checkpointInBackground(db, db.name, {
          ...(options.onError ? { onError: options.onError } : {}),
          alsoSync: () => segments?.unsynced() ?? [],
        })
      : undefined
  // Place history: ids count up, so the oldest rows are pruned by id once past the limit.
  // A busy commit holds hundreds of moves: they go in blocks of rows per statement, which measured
  // several times cheaper per row than one statement each.
  const insertMoves = [MOVE_BLOCK, 1].map((rows) =>
    db.prepare(
      `INSERT INTO place_history (member_id, from_place, to_place, at_ms) VALUES ${Array(rows).fill('(?, ?, ?, ?)').join(', ')}`,
    ),
  ) as [Statement, Statement]
  const pruneHistory = db.prepare('DELETE FROM place_history WHERE id <= ?')
  // Rare (a member renamed in the config, at the next start): a scan of the bounded table is fine.
  const renameHistory = db.prepare('UPDATE place_history SET member_id = ? WHERE member_id = ?')
  let keptHistoryAbove =
    ((db.prepare('SELECT min(id) FROM place_history').pluck().get() as number | null) ?? 1) - 1
  // The journal: one packed row per group commit (journal-pack.ts), oldest pruned past the limit; a
  // big batch itself is in a segment file beside the database, its row saying where (journal-segments.ts).
  // Only the total is kept in memory: a quiet family commits one message at a time, so a record per
  // row would be 20,000 objects per family, and a host has hundreds of families.
  const insertJournal = db.prepare(
    'INSERT INTO journal_batch (entries, replay_entries, bytes, packed) VALUES (?, ?, ?, ?)',
  )
  const insertJournalPlace = db.prepare(
    "INSERT INTO journal_batch (entries, replay_entries, bytes, packed, segment, at, crc) VALUES (?, ?, ?, X'', ?, ?, ?)",
  )
  const pruneJournal = db.prepare('DELETE FROM journal_batch WHERE id <= ?')
  // The newest row that can go, oldest first, while at least `journalLimit` entries stay after it.
  const findCut = db.prepare(
    'SELECT id, running FROM (SELECT id, sum(entries) OVER (ORDER BY id) AS running FROM journal_batch) WHERE running <= ? ORDER BY id DESC LIMIT 1',
  )
  // The same by bytes: the newest row that can go while at least `journalBytesLimit` bytes stay.
  const findBytesCut = db.prepare(
    'SELECT id, entries, bytes FROM (SELECT id, sum(entries) OVER (ORDER BY id) AS entries, sum(bytes) OVER (ORDER BY id) AS bytes FROM journal_batch) WHERE bytes <= ? ORDER BY id DESC LIMIT 1',
  )
  const firstPlace = db.prepare(
    'SELECT segment, at, bytes, crc FROM journal_batch WHERE segment IS NOT NULL ORDER BY id LIMIT 1',
  )
  const lastPlace = db.prepare(
    'SELECT segment, at, bytes, crc FROM journal_batch WHERE segment IS NOT NULL ORDER BY id DESC LIMIT 1',
  )
  let keptEntries = db.prepare('SELECT total(entries) FROM journal_batch').pluck().get() as number
  const sumJournalBytes = db.prepare('SELECT total(bytes) FROM journal_batch').pluck()
  // An upper bound: what pruning by entries removes is not subtracted (summing it would read every
  // row's size at each prune); once the bound passes the limit, the true total is read.
  let keptBytes = sumJournalBytes.get() as number
  let segments: JournalSegments | undefined
  if (!db.memory) {
    const dir = journalFolderOf(db.name)
    try {
      segments = openJournalSegments(
        dir,
        segmentsKept(
          firstPlace.get() as SegmentPlace | undefined,
          lastPlace.get() as SegmentPlace | undefined,
        ),
        options.segments,
      )
    } catch (error) {
      checkpointer?.close()
      const reason = error instanceof Error ? error.message : String(error)
      throw new Error(`cannot open the message journal's files in ${dir}: ${reason}`, { cause: error })
    }
  }

  const write = db.transaction((batch: CommitBatch) => {
    const nowMs = Date.now()
    const settleMembers = members.write(batch.members, nowMs)
    for (const { from, to } of batch.renamed ?? []) renameHistory.run(to, from)
    let historyFloor: number | undefined
    const moves = batch.moves
    for (let at = 0; at < moves.length; ) {
      const rows = moves.length - at >= MOVE_BLOCK ? MOVE_BLOCK : 1
      const values: (string | number)[] = []
      for (const move of moves.slice(at, at + rows))
        values.push(move.memberId, whereaboutsLabel(move.from), whereaboutsLabel(move.to), move.atMs)
      at += rows
      const statement = rows === MOVE_BLOCK ? insertMoves[0] : insertMoves[1]
      // The id of the block's last row: ids count up by one per row.
      const id = Number(statement.run(values).lastInsertRowid)
      if (id - (historyFloor ?? keptHistoryAbove) > historyLimit + Math.ceil(historyLimit / 10)) {
        historyFloor = id - historyLimit
        pruneHistory.run(historyFloor)
      }
    }
    // Roughly what the commit adds to the WAL, for the checkpointer: rows are tens of bytes each.
    const rowBytes = 64 * (moves.length + batch.members.length)
    const journal = batch.journal
    if (journal.length === 0)
      return {
        settleMembers,
        historyFloor,
        journalEntries: keptEntries,
        journalBytes: keptBytes,
        bytes: rowBytes,
      }
    const packed = packJournal(journal)
    let forReplay = 0
    for (const e of journal) if (readForReplay(e.outcome, e.replayedFromMs !== undefined)) forReplay++
    let place: SegmentPlace | undefined
    if (segments && packed.byteLength >= SEGMENT_BATCH_BYTES) {
      place = segments.write(packed)
      insertJournalPlace.run(journal.length, forReplay, place.bytes, place.segment, place.at, place.crc)
    } else insertJournal.run(journal.length, forReplay, packed.byteLength, packed)
    let total = keptEntries + journal.length
    let totalBytes = keptBytes + packed.byteLength
    let pruned = false
    // Pruned once a tenth over the limit, so the delete cost is spread out, not paid per commit.
    if (total > journalLimit + Math.ceil(journalLimit / 10)) {
      const cut = findCut.get(total - journalLimit) as { id: number; running: number } | undefined
      if (cut) {
        pruneJournal.run(cut.id)
        total -= cut.running
        pruned = true
      }
    }
    const bytesBound = journalBytesLimit + Math.ceil(journalBytesLimit / 10)
    if (totalBytes > bytesBound) totalBytes = sumJournalBytes.get() as number
    if (totalBytes > bytesBound) {
      const cut = findBytesCut.get(totalBytes - journalBytesLimit) as
        | { id: number; entries: number; bytes: number }
        | undefined
      if (cut) {
        pruneJournal.run(cut.id)
        total -= cut.entries
        totalBytes -= cut.bytes
        pruned = true
      }
    }
    // Segment files older than the oldest kept row's go once this is committed.
    const dropBefore = pruned
      ? ((firstPlace.get() as SegmentPlace | undefined)?.segment ?? Infinity)
      : undefined
    return {
      settleMembers,
      historyFloor,
      journalEntries: total,
      journalBytes: totalBytes,
      place,
      dropBefore,
      bytes: rowBytes + (place ? 0 : packed.byteLength),
    }
  })

  /** One transaction; the bookkeeping follows only once it is committed. */
  const commit = (batch: CommitBatch): void => {
    const written = write(batch)
    written.settleMembers()
    if (written.historyFloor !== undefined) keptHistoryAbove = written.historyFloor
    keptEntries = written.journalEntries
    keptBytes = written.journalBytes
    if (written.place) segments?.committed(written.place)
    if (written.dropBefore !== undefined) segments?.dropBefore(written.dropBefore)
    checkpointer?.committed(written.bytes)
  }

  return {
    walWritten: (bytes) => checkpointer?.committed(bytes),
    journalFilesDropped: () => segments?.dropped() ?? Promise.resolve(),
    loadState(): FamilyState | null {
      const loaded = members.load()
      return loaded ? { members: loaded } : null
    },
    commit,
    history({ memberId, memberIds, limit }): HistoryEntry[] {
      const rows = (
        memberId !== undefined
          ? db
              .prepare('SELECT * FROM place_history WHERE member_id = ? ORDER BY id DESC LIMIT ?')
              .all(memberId, limit)
          : memberIds
            ? db
                .prepare(
                  'SELECT * FROM place_history WHERE member_id IN (SELECT value FROM json_each(?)) ORDER BY id DESC LIMIT ?',
                )
                .all(JSON.stringify(memberIds), limit)
            : db.prepare('SELECT * FROM place_history ORDER BY id DESC LIMIT ?').all(limit)
      ) as { member_id: string; from_place: string; to_place: string; at_ms: number }[]
      return rows.map((r) => ({ memberId: r.member_id, from: r.from_place, to: r.to_place, atMs: r.at_ms }))
    },
    journal: (options) => readJournal(db, options),
    close() {
      // The last connection to close checkpoints the WAL into the database: the rows it makes durable
      // point into these files, which go to the disk first (as before a background checkpoint).
      const unsynced = [...(checkpointer?.unsynced() ?? []), ...(segments?.unsynced() ?? [])]
      checkpointer?.close()
      try {
        if (db.open) syncFiles([...new Set(unsynced)])
      } catch (error) {
        options.onError?.(
          `could not fsync the journal before closing: ${error instanceof Error ? error.message : String(error)}`,
        )
      }
      segments?.close()
      if (db.open) db.close()
    },
  }
}

/** What the committed rows refer to in the segment files, for opening them. */
function segmentsKept(
  first: SegmentPlace | undefined,
  last: SegmentPlace | undefined,
): { first: number; last: SegmentPlace } | undefined {
  return first && last ? { first: first.segment, last } : undefined
}

/** A clock's database opened with its store over it (the database closed again if the store cannot be made). */
export function openSqliteStore(
  file: string,
  options: SqliteStoreOptions & OpenOptions = {},
): { db: Db; store: SqliteStore } {
  const { cacheKiB, ...storeOptions } = options
  const db = openDatabase(file, cacheKiB === undefined ? {} : { cacheKiB })
  try {
    return { db, store: createSqliteStore(db, storeOptions) }
  } catch (error) {
    db.close()
    throw error
  }
}
