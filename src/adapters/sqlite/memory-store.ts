// StateStore kept in memory: for tests of the pipeline and for a MagicMirror helper with no data folder.

import type { CommitBatch, HistoryEntry, JournalEntry, StateStore } from '../../app/ports.js'
import type { FamilyState, MemberState } from '../../core/whereabouts/whereabouts.js'
import { whereaboutsLabel } from '../../core/whereabouts/whereabouts.js'

export function createMemoryStore(
  options: { journalLimit?: number; historyLimit?: number } = {},
): StateStore {
  const journalLimit = options.journalLimit ?? 20_000
  const historyLimit = options.historyLimit ?? 100_000
  const members = new Map<string, MemberState>()
  const history: HistoryEntry[] = []
  const journal: JournalEntry[] = []
  return {
    loadState(): FamilyState | null {
      return members.size === 0 ? null : { members: Object.fromEntries(structuredClone([...members])) }
    },
    commit(batch: CommitBatch) {
      for (const m of batch.members) members.set(m.memberId, structuredClone(m))
      for (const { from, to } of batch.renamed ?? [])
        for (const entry of history) if (entry.memberId === from) entry.memberId = to
      for (const move of batch.moves) {
        history.push({
          memberId: move.memberId,
          from: whereaboutsLabel(move.from),
          to: whereaboutsLabel(move.to),
          atMs: move.atMs,
        })
      }
      for (const entry of batch.journal) journal.push(entry)
      // Trimmed once a tenth over the limit, like the SQLite store, not copied on every commit.
      trim(journal, journalLimit)
      trim(history, historyLimit)
    },
    history({ memberId, memberIds, limit }) {
      return history
        .filter((h) =>
          memberId === undefined ? !memberIds || memberIds.includes(h.memberId) : h.memberId === memberId,
        )
        .slice(-limit)
        .reverse()
    },
    journal({ limit, outcome, forReplay }) {
      return journal
        .filter((j) =>
          forReplay
            ? j.outcome === 'rejected' || j.replayedFromMs !== undefined
            : outcome === undefined || j.outcome === outcome,
        )
        .slice(-limit)
        .reverse()
    },
    close() {},
  }
}

function trim(list: unknown[], limit: number): void {
  if (list.length > limit + Math.ceil(limit / 10)) list.splice(0, list.length - limit)
}
