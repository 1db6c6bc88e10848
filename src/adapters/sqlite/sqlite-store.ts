// StateStore on better-sqlite3: one transaction per group commit; the journal is packed and bounded.

import type { CommitBatch, HistoryEntry, JournalEntry, StateStore } from '../../app/ports.js'
import type { FamilyState } from '../../core/whereabouts/whereabouts.js'
import { whereaboutsLabel } from '../../core/whereabouts/whereabouts.js'
import { packJournal, unpackJournal } from './journal-pack.js'
import { createMemberRows } from './member-rows.js'
import type { Db } from './open-database.js'

export interface SqliteStoreOptions {
  /** How many journal entries to keep; older ones are pruned. */
  journalLimit?: number
  /**
   * How many hand moves to keep (years of a family's normal life); older ones are pruned. It also
   * bounds a per-member history query, which scans newest first: the table has no member index,
   * because keeping one up to date cost more than the move itself (measured 2.4 vs 0.9 µs).
   */
  historyLimit?: number
}

export function createSqliteStore(db: Db, options: SqliteStoreOptions = {}): StateStore {
  const journalLimit = options.journalLimit ?? 20_000
  const historyLimit = options.historyLimit ?? 100_000
  const members = createMemberRows(db)
  // Place history: ids count up, so the oldest rows are pruned by id once past the limit.
  const insertMove = db.prepare(
    'INSERT INTO place_history (member_id, from_place, to_place, at_ms) VALUES (?, ?, ?, ?)',
  )
  const pruneHistory = db.prepare('DELETE FROM place_history WHERE id <= ?')
  let keptHistoryAbove =
    ((db.prepare('SELECT min(id) FROM place_history').pluck().get() as number | null) ?? 1) - 1
  // The journal: one packed row per group commit (journal-pack.ts), oldest pruned past the limit.
  const insertJournal = db.prepare('INSERT INTO journal_batch (entries, packed) VALUES (?, ?)')
  const pruneJournal = db.prepare('DELETE FROM journal_batch WHERE id <= ?')
  const kept = db.prepare('SELECT id, entries FROM journal_batch ORDER BY id').all() as {
    id: number
    entries: number
  }[]
  let keptEntries = kept.reduce((sum, row) => sum + row.entries, 0)
  let oldest = 0

  /** How many of the oldest batches can go while at least `journalLimit` entries stay. */
  const surplus = (entries: number): { batches: number; entries: number; lastId: number } => {
    let batches = 0
    let dropped = 0
    let lastId = -1
    for (let i = oldest; i < kept.length; i++) {
      const batch = kept[i] as { id: number; entries: number }
      if (entries - dropped - batch.entries < journalLimit) break
      dropped += batch.entries
      lastId = batch.id
      batches++
    }
    return { batches, entries: dropped, lastId }
  }

  const write = db.transaction((batch: CommitBatch) => {
    const nowMs = Date.now()
    const settleMembers = members.write(batch.members, nowMs)
    let historyFloor: number | undefined
    for (const move of batch.moves) {
      const id = Number(
        insertMove.run(move.memberId, whereaboutsLabel(move.from), whereaboutsLabel(move.to), move.atMs)
          .lastInsertRowid,
      )
      if (id - keptHistoryAbove > historyLimit + Math.ceil(historyLimit / 10)) {
        historyFloor = id - historyLimit
        pruneHistory.run(historyFloor)
      }
    }
    const journal = batch.journal
    if (journal.length === 0) return { settleMembers, historyFloor }
    const id = Number(insertJournal.run(journal.length, packJournal(journal)).lastInsertRowid)
    const total = keptEntries + journal.length
    // Pruned once a tenth over the limit, so the delete cost is spread out, not paid per commit.
    const cut = total > journalLimit + Math.ceil(journalLimit / 10) ? surplus(total) : undefined
    if (cut && cut.batches > 0) pruneJournal.run(cut.lastId)
    return { id, cut, settleMembers, historyFloor }
  })

  /** One transaction; the journal bookkeeping follows only once it is committed. */
  const commit = (batch: CommitBatch): void => {
    const written = write(batch)
    written.settleMembers()
    if (written.historyFloor !== undefined) keptHistoryAbove = written.historyFloor
    if (written.id === undefined) return
    kept.push({ id: written.id, entries: batch.journal.length })
    keptEntries += batch.journal.length
    if (written.cut) {
      keptEntries -= written.cut.entries
      oldest += written.cut.batches
    }
    // The bookkeeping array is compacted now and then, not shifted per batch.
    if (oldest > 1_024 && oldest * 2 > kept.length) {
      kept.splice(0, oldest)
      oldest = 0
    }
  }

  return {
    loadState(): FamilyState | null {
      const loaded = members.load()
      return loaded ? { members: loaded } : null
    },
    commit,
    history({ memberId, limit }): HistoryEntry[] {
      const rows = (
        memberId === undefined
          ? db.prepare('SELECT * FROM place_history ORDER BY id DESC LIMIT ?').all(limit)
          : db
              .prepare('SELECT * FROM place_history WHERE member_id = ? ORDER BY id DESC LIMIT ?')
              .all(memberId, limit)
      ) as { member_id: string; from_place: string; to_place: string; at_ms: number }[]
      return rows.map((r) => ({ memberId: r.member_id, from: r.from_place, to: r.to_place, atMs: r.at_ms }))
    },
    journal({ limit, outcome }): JournalEntry[] {
      const out: JournalEntry[] = []
      if (limit <= 0) return out
      const rows = db.prepare('SELECT packed FROM journal_batch ORDER BY id DESC').iterate() as Iterable<{
        packed: Buffer
      }>
      for (const row of rows) {
        const entries = unpackJournal(row.packed)
        for (let i = entries.length - 1; i >= 0; i--) {
          const entry = entries[i] as JournalEntry
          if (outcome !== undefined && entry.outcome !== outcome) continue
          out.push(entry)
          // Returning from inside iterate() ends the statement (its iterator is closed).
          if (out.length >= limit) return out
        }
      }
      return out
    },
    close() {
      if (db.open) db.close()
    },
  }
}
