// Rejected messages taken again from the journal after a fix: a device added to the config, its
// encryption key given, a payload limit raised, or a newer clock that reads what an older one refused.
// Each goes through the pipeline as a late message, heard when it was sent: a replayed fix is no sign
// of life now and never moves a hand back past a newer one, and an old Last Will, card or list of
// regions changes nothing newer (reduce.ts, newsWhenReplayed). A replay that is taken is journaled
// with when its message was first received, and that message is not replayed again; one refused again
// is not journaled, so the first receipt stays, to be taken after the next fix.

import type { ProblemCode } from '../core/problems.js'
import type { ReplayFilter, ReplayReport } from '../core/replay-report.js'
import type { Pipeline } from './pipeline.js'
import type { JournalEntry, StateStore } from './ports.js'

/**
 * The journal's rejected messages no replay has taken yet, newest first (as the journal is read), at
 * most `limit`. A replay is always newer than its message, so it is met first; only a message first
 * received when some replay's was has its bytes hashed.
 */
export function waitingForReplay(
  journal: readonly JournalEntry[],
  limit = Number.POSITIVE_INFINITY,
): JournalEntry[] {
  const takenAt = new Set<number>()
  const taken = new Set<string>()
  const waiting: JournalEntry[] = []
  for (const e of journal) {
    if (waiting.length >= limit) break
    if (e.replayedFromMs !== undefined) {
      takenAt.add(e.replayedFromMs)
      taken.add(keyOf(e.replayedFromMs, e))
    } else if (
      e.outcome === 'rejected' &&
      !(takenAt.has(e.receivedAtMs) && taken.has(keyOf(e.receivedAtMs, e)))
    )
      waiting.push(e)
  }
  return waiting
}

/**
 * A message by when it was first received, its topic and its bytes: a phone's offline queue arrives in
 * one burst, many messages in the same millisecond, often of one size; only a copy of the same bytes
 * (a redelivery) is the same message.
 */
const keyOf = (firstReceivedMs: number, e: JournalEntry): string =>
  `${firstReceivedMs}|${e.payload.byteLength}|${bytesHash(e.payload)}|${e.topic}`

/** FNV-1a of the bytes, as a number. */
function bytesHash(bytes: Uint8Array): number {
  let hash = 0x811c9dc5
  for (const byte of bytes) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0
  return hash
}

/** What a replay reads: the rejected messages and the replays, all the journal keeps. */
export const journalForReplay = (store: StateStore): JournalEntry[] =>
  store.journal({ limit: Number.MAX_SAFE_INTEGER, forReplay: true })

/** Messages handed to the pipeline in one turn of the event loop: live phones are not kept waiting. */
const CHUNK = 256

/** Replays run one after another: a second request waits for the first (and finds its work done). */
export function createJournalReplay(deps: {
  pipeline: Pipeline
  store: StateStore
  now: () => number
}): (filter: ReplayFilter) => Promise<ReplayReport> {
  let last: Promise<unknown> = Promise.resolve()
  return (filter) => {
    const run = last.then(() => replay(deps, filter))
    last = run.catch(() => undefined)
    return run
  }
}

async function replay(
  { pipeline, store, now }: { pipeline: Pipeline; store: StateStore; now: () => number },
  filter: ReplayFilter,
): Promise<ReplayReport> {
  // What is pending now is in the journal too once committed.
  pipeline.flush()
  const chosen = waitingForReplay(journalForReplay(store))
    .filter(
      (e) =>
        (filter.code === undefined || e.problemCode === filter.code) &&
        (filter.sinceMs === undefined || e.receivedAtMs >= filter.sinceMs),
    )
    .reverse()
  const report: ReplayReport = {
    replayed: chosen.length,
    accepted: 0,
    ignored: 0,
    stillRejected: {},
    failed: 0,
    moved: [],
  }
  if (chosen.length === 0) return report
  const made: (JournalEntry | null)[] = []
  /** The members whose hands the replayed messages moved (not live ones meanwhile). */
  const movedMembers = new Set<string>()
  // Set by the acknowledgement, which comes after the commit (or inside handleJournaled, when a
  // message fills a batch): a commit that failed keeps its batch for the next, yet this one is unsaved.
  const unsaved = new Set<number>()
  let saved!: () => void
  const allSaved = new Promise<void>((resolve) => {
    saved = resolve
  })
  let waiting = chosen.length
  const done = (index: number) => (error?: Error) => {
    if (error) unsaved.add(index)
    if (--waiting === 0) saved()
  }
  for (let start = 0; start < chosen.length; start += CHUNK) {
    if (start > 0) await new Promise((resolve) => setImmediate(resolve))
    for (let i = start; i < Math.min(start + CHUNK, chosen.length); i++) {
      const entry = chosen[i] as JournalEntry
      const handled = pipeline.handleJournaled(
        {
          topic: entry.topic,
          payload: entry.payload,
          receivedAtMs: now(),
          delivery: 'replayed',
          replayedFromMs: entry.receivedAtMs,
        },
        done(i),
      )
      made[i] = handled?.entry ?? null
      if (handled?.moved) movedMembers.add(handled.moved.memberId)
    }
  }
  pipeline.flush()
  await allSaved
  for (const [index, entry] of made.entries()) {
    if (!entry || unsaved.has(index)) report.failed++
    else if (entry.outcome === 'rejected') {
      const code = entry.problemCode as ProblemCode
      report.stillRejected[code] = (report.stillRejected[code] ?? 0) + 1
    } else report[entry.outcome]++
  }
  for (const m of pipeline.view().members)
    if (movedMembers.has(m.id)) report.moved.push({ member: m.name, place: m.place })
  return report
}
