// What waits for the pipeline's next group commit: journal entries, hand moves, changed members and
// the acknowledgements that follow the commit. A batch whose commit failed is kept for the next (bounded).

import type { HandMove, MemberState } from '../core/whereabouts/whereabouts.js'
import type { Done } from './pipeline.js'
import type { CommitBatch, JournalEntry } from './ports.js'

/** Journal entries, and hand moves, kept unsaved at most while commits fail; and journal bytes. */
const MAX_KEPT = 4096
const MAX_KEPT_BYTES = 8 * 1024 * 1024

/** What an entry holds in memory, near enough: its payload and its topic (which may be 64 KB too). */
const entryBytes = (entry: JournalEntry): number => entry.payload.byteLength + entry.topic.length
const journalBytes = (journal: readonly JournalEntry[]): number =>
  journal.reduce((sum, entry) => sum + entryBytes(entry), 0)

/** One batch taken for a commit. */
export interface TakenBatch {
  batch: CommitBatch
  /** Its journal's bytes. */
  bytes: number
  /** Each message's acknowledgement: run after the commit, with its error if it failed. */
  dones: Done[]
  /** Its moves not shown yet: those kept from a failed commit lead the list and were shown then. */
  newMoves: readonly HandMove[]
}

export class PendingCommit {
  journal: JournalEntry[] = []
  /** The journal's bytes, for the batch's bound. */
  bytes = 0
  moves: HandMove[] = []
  members = new Map<string, MemberState>()
  #dones: Done[] = []
  /** Members renamed in the config: their history goes along in the next commit. */
  #renamed: { from: string; to: string }[]
  /** How many of the first moves were already shown (kept from a failed commit). */
  #shownMoves = 0

  constructor(renamed: { from: string; to: string }[] = []) {
    this.#renamed = renamed
  }

  add(entry: JournalEntry, done: Done | undefined): void {
    this.journal.push(entry)
    this.bytes += entryBytes(entry)
    if (done) this.#dones.push(done)
  }

  get isEmpty(): boolean {
    return this.journal.length === 0 && this.members.size === 0
  }

  /** Everything pending, as one batch; nothing is pending after it. */
  take(): TakenBatch {
    const batch: CommitBatch = {
      members: [...this.members.values()],
      moves: this.moves,
      journal: this.journal,
    }
    if (this.#renamed.length > 0) batch.renamed = this.#renamed
    const taken = {
      batch,
      bytes: this.bytes,
      dones: this.#dones,
      newMoves: this.#shownMoves === 0 ? batch.moves : batch.moves.slice(this.#shownMoves),
    }
    this.journal = []
    this.bytes = 0
    this.moves = []
    this.members = new Map()
    this.#dones = []
    this.#renamed = []
    this.#shownMoves = 0
    return taken
  }

  /**
   * A batch whose commit failed, pending again: memory already holds its changes, and a resent message
   * would not make its hand moves again. The phones get an error and resend what they sent (the journal,
   * a log of what arrived, then has it twice, as for any redelivery). The next message or tick tries
   * again; while the failure lasts, only the newest entries of the journal and the history are kept.
   * Returns how many older ones were dropped.
   */
  keep({ batch, bytes }: TakenBatch): number {
    for (const member of batch.members) this.members.set(member.memberId, member)
    this.#renamed = [...(batch.renamed ?? [])]
    this.moves = batch.moves.length > MAX_KEPT ? batch.moves.slice(-MAX_KEPT) : batch.moves
    this.#shownMoves = this.moves.length
    let journal = batch.journal.length > MAX_KEPT ? batch.journal.slice(-MAX_KEPT) : batch.journal
    let kept = journal === batch.journal ? bytes : journalBytes(journal)
    // Bounded in bytes as well: a rejected message keeps its whole payload.
    let from = 0
    while (kept > MAX_KEPT_BYTES && from < journal.length) {
      kept -= entryBytes(journal[from] as JournalEntry)
      from++
    }
    if (from > 0) journal = journal.slice(from)
    this.journal = journal
    this.bytes = kept
    return batch.moves.length - this.moves.length + batch.journal.length - journal.length
  }
}
