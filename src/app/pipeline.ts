// The whole path of a message: decode -> reduce -> group commit -> fan out. Also owns the Lost tick.
// A caller's `done` runs only after the message is committed, so an MQTT PUBACK means "kept on disk".

import {
  buildClockView,
  type ClockView,
  type ConnectionView,
  type DisplayOptions,
} from '../core/clock-view.js'
import type { ClockEvent, OwnTracksEvent } from '../core/events.js'
import type { Settings } from '../core/model.js'
import { type DecodeContext, decodeOwnTracks } from '../core/owntracks/decode.js'
import { clipped, describeProblem, type ProblemCode } from '../core/problems.js'
import {
  CHANGED,
  claimsTheFuture,
  newsWhenReplayed,
  reduceWhereabouts,
  UNCHANGED,
  updateMember,
} from '../core/whereabouts/reduce.js'
import { initialFamilyState } from '../core/whereabouts/resolve.js'
import { reconcileWithSettings, renamedMembers } from '../core/whereabouts/settle.js'
import { type FamilyState, type HandMove, sameWhereabouts } from '../core/whereabouts/whereabouts.js'
import { afterDeliveries } from './after-deliveries.js'
import { createSenderLookup } from './device-senders.js'
import { PendingCommit } from './pending-commit.js'
import type { Delivery, Inbound, JournalEntry, Logger, Outcome, Output, StateStore } from './ports.js'
import { createRejections, deviceOf } from './rejections.js'

export interface PipelineDeps {
  settings: Settings
  display: DisplayOptions
  store: StateStore
  logger: Logger
  now: () => number
  connection: () => ConnectionView
  /** Largest number of messages in one SQLite transaction. */
  maxBatch?: number
  /** A transaction is also committed once its messages' payloads reach this many bytes. */
  maxBatchBytes?: number
  /** How a flush is scheduled after the first pending message; `afterDeliveries` by default. */
  schedule?: (flush: () => void) => void
  /** Opens encrypted OwnTracks payloads; without it they are rejected as encrypted-no-key. */
  /** Opens a sealed message; `current` false for an old one (see Keyring.decrypt). */
  decrypt?: (
    deviceId: string,
    data: string,
    current?: boolean,
  ) => ReturnType<NonNullable<DecodeContext['decrypt']>>
  sentPlain?: DecodeContext['sentPlain']
  /** Told when a device's topics spell its id otherwise than the config does, and when they stop. */
  onDeviceSpelling?: (deviceId: string, spelled: string) => void
  /** Whether a device was last seen spelled otherwise (remembered from before a restart). */
  deviceSpelledOtherwise?: (deviceId: string) => boolean
}

export interface Stats {
  startedAtMs: number
  accepted: number
  ignored: number
  rejected: number
  rejectedByReason: Partial<Record<ProblemCode, number>>
}

export type Done = (error?: Error) => void

export interface Pipeline {
  /**
   * Applies the message at once; `done` runs after it is committed (or with the commit error), at
   * once for a replay refused again, which is not journaled.
   */
  handle(inbound: Inbound, done?: Done): Outcome
  /**
   * The same, giving the journal entry it made (a rejection's code with it) and the hand move it made;
   * null when the message could not be handled at all (a fault of ours: `done` has the error).
   */
  handleJournaled(inbound: Inbound, done?: Done): { entry: JournalEntry; moved?: HandMove } | null
  /** Re-evaluates silence (Lost) for every member. */
  tick(): void
  /** Commits everything pending now. */
  flush(): void
  view(): ClockView
  /** The live working state: read it, never change or keep it (messages update it in place). */
  state(): FamilyState
  stats(): Stats
  addOutput(output: Output): () => void
  /** Re-sends the view to every output (e.g. after the broker connection changed). */
  refresh(): void
}

/**
 * An iPhone's answer to `dump` and a `configuration` message carry its password and encryption key
 * (OWNTRACKS.md §1.8): journaled without their payload, as nothing is made of them anyway.
 */
const holdsSecrets = (event: OwnTracksEvent): boolean =>
  event.kind === 'ignored' && (event.type === 'dump' || event.type === 'configuration')
const NO_PAYLOAD = new Uint8Array(0)

export function createPipeline(deps: PipelineDeps): Pipeline {
  const { settings, store, logger, now } = deps
  const maxBatch = deps.maxBatch ?? 512
  // A phone flooding 4 KB messages made 2 MB transactions, and other families' messages waited
  // behind each one: bounding the bytes halved their p99 under such a flood (bench:brokers).
  const maxBatchBytes = deps.maxBatchBytes ?? 256 * 1024
  const schedule = deps.schedule ?? afterDeliveries
  const ctx: DecodeContext = {
    family: settings.family,
    maxPayloadBytes: settings.maxPayloadBytes,
    senderOf: createSenderLookup(settings, deps.onDeviceSpelling, deps.deviceSpelledOtherwise),
  }
  if (deps.decrypt) ctx.decrypt = deps.decrypt
  if (deps.sentPlain) ctx.sentPlain = deps.sentPlain
  // An old message (replayed from the journal, or kept by the broker and delivered on subscribing): how
  // it was sent and how its topic spelled the device say nothing of how the phone does now.
  const replayCtx: DecodeContext = { ...ctx, senderOf: createSenderLookup(settings) }
  delete replayCtx.sentPlain
  const decrypt = deps.decrypt
  if (decrypt) replayCtx.decrypt = (deviceId, data) => decrypt(deviceId, data, false)

  const loaded = store.loadState()
  let state = loaded ? reconcileWithSettings(loaded, settings, now()) : initialFamilyState(settings, now())
  const outputs = new Set<Output>()
  const stats: Stats = { startedAtMs: now(), accepted: 0, ignored: 0, rejected: 0, rejectedByReason: {} }
  const { reject, warnOncePerMinute } = createRejections(logger, stats)

  // Members renamed in the config take their history along, in the first commit (with their new state).
  const pending = new PendingCommit(loaded ? renamedMembers(loaded, settings) : [])
  let flushScheduled = false
  // Save members that are new or were changed to fit the config, so a restart shows the same "since";
  // a hand that moved meanwhile (Lost after hours of downtime) goes into the history too.
  for (const [id, member] of Object.entries(state.members)) {
    const before = loaded?.members[id]
    if (member === before) continue
    pending.members.set(id, member)
    if (before && !sameWhereabouts(before.whereabouts, member.whereabouts))
      pending.moves.push({
        memberId: id,
        from: before.whereabouts,
        to: member.whereabouts,
        atMs: member.sinceMs,
      })
  }

  /** Applies the event; a phone's message gives the hand move it made, if any. */
  const apply = (event: ClockEvent, atMs: number, delivery?: Delivery): HandMove | undefined => {
    if (event.kind !== 'tick') {
      // The pipeline owns `state` outright (loaded, reconciled or built here, never handed out to be
      // kept), so each message updates its member in place instead of copying it.
      const member = state.members[event.memberId]
      if (!member) return undefined
      const change = updateMember(member, event, settings, atMs, delivery)
      if (change === UNCHANGED) return undefined
      pending.members.set(event.memberId, member)
      if (change === CHANGED) return undefined
      pending.moves.push(change)
      return change
    }
    const before = state
    const result = reduceWhereabouts(state, event, settings, atMs)
    state = result.state
    for (const move of result.changes) pending.moves.push(move)
    for (const [id, member] of Object.entries(state.members))
      if (member !== before.members[id]) pending.members.set(id, member)
    return undefined
  }

  const requestFlush = (): void => {
    if (pending.journal.length >= maxBatch || pending.bytes >= maxBatchBytes) {
      flush()
      return
    }
    if (flushScheduled) return
    flushScheduled = true
    schedule(flush)
  }

  /** Commits failed in a row, and when that was last said. */
  const saveFailures = { count: 0, saidAtMs: 0, dropped: 0, reason: '' }
  function flush(): void {
    flushScheduled = false
    if (pending.isEmpty) return
    const taken = pending.take()
    let failure: Error | undefined
    try {
      store.commit(taken.batch)
      if (saveFailures.count > 0)
        logger.log('info', `saving state works again (${saveFailures.count} commits had failed)`)
      Object.assign(saveFailures, { count: 0, dropped: 0, reason: '' })
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error))
      saveFailures.dropped += pending.keep(taken)
      // A full disk fails every commit while phones resend: said at once, then once a minute (and
      // whenever the reason changes).
      saveFailures.count++
      if (
        saveFailures.count === 1 ||
        failure.message !== saveFailures.reason ||
        now() - saveFailures.saidAtMs >= 60_000
      ) {
        saveFailures.saidAtMs = now()
        saveFailures.reason = failure.message
        const times = saveFailures.count > 1 ? `, ${saveFailures.count} failed commits so far` : ''
        const dropped =
          saveFailures.dropped > 0
            ? `; ${saveFailures.dropped} older unsaved journal and history entries dropped`
            : ''
        logger.log(
          'error',
          `could not save state (kept for the next try${times}${dropped}): ${failure.message}`,
        )
      }
    }
    // Each sends a PUBACK or an error to a phone: one that throws must not keep the others waiting.
    for (const done of taken.dones) {
      try {
        done(failure)
      } catch (error) {
        logger.log(
          'error',
          `acknowledging a message failed: ${error instanceof Error ? error.message : String(error)}`,
        )
      }
    }
    if (taken.batch.members.length > 0) notify(taken.newMoves)
  }

  const notify = (moves: readonly HandMove[]): void => {
    if (outputs.size === 0) return
    // Runs after a commit's acknowledgements (also inside a message's handling, when it fills a batch):
    // a fault here must not reach a phone whose message is already acknowledged.
    let view: ClockView
    try {
      view = currentView()
    } catch (error) {
      logger.log(
        'error',
        `could not build the clock's view: ${error instanceof Error ? error.message : String(error)}`,
      )
      return
    }
    for (const output of outputs) {
      try {
        output.show(view, moves)
      } catch (error) {
        logger.log('error', `a display failed: ${error instanceof Error ? error.message : String(error)}`)
      }
    }
  }

  const currentView = (): ClockView => buildClockView(settings, state, deps.display, deps.connection(), now())

  /** The hand move of the message handled last (for handleJournaled). */
  let lastMove: HandMove | undefined

  function handleMessage(inbound: Inbound, done: Done | undefined): JournalEntry {
    lastMove = undefined
    const replayedFrom = inbound.replayedFromMs
    const decoded = decodeOwnTracks(
      inbound.topic,
      inbound.payload,
      replayedFrom === undefined && inbound.delivery !== 'replayed' ? ctx : replayCtx,
    )
    let entry: JournalEntry
    if (decoded.ok) {
      const event = decoded.value
      // Taken again from the journal, and past saying anything (an old Last Will): valid, unused.
      const stale = replayedFrom !== undefined && !newsWhenReplayed(state, event)
      if (!stale && claimsTheFuture(event, inbound.receivedAtMs)) {
        const hours = (event.timestampSec * 1000 - inbound.receivedAtMs) / 3_600_000
        warnOncePerMinute(
          `future|${deviceOf(inbound.topic)}`,
          inbound.receivedAtMs,
          () =>
            `${clipped(inbound.topic)}: tst is ${hours.toFixed(1)} h ahead of this clock (is the phone's clock, or this machine's, wrong?)`,
        )
      }
      if (!stale) lastMove = apply(event, inbound.receivedAtMs, inbound.delivery)
      const outcome: Outcome = stale || event.kind === 'ignored' ? 'ignored' : 'accepted'
      // A replay is no new message: the counts are of what the phones sent.
      if (replayedFrom === undefined) stats[outcome]++
      entry = {
        receivedAtMs: inbound.receivedAtMs,
        topic: inbound.topic,
        payload: holdsSecrets(event) ? NO_PAYLOAD : inbound.payload,
        outcome,
      }
      if (logger.isEnabled('debug')) logger.log('debug', `${outcome} ${event.kind} from ${inbound.topic}`)
    } else if (replayedFrom !== undefined) {
      // Refused again: its first receipt stays in the journal as it was, to be taken after the next
      // fix (a copy would push such firsts out of the bounded journal); nothing to count, log or commit.
      const again: JournalEntry = {
        receivedAtMs: inbound.receivedAtMs,
        topic: inbound.topic,
        payload: inbound.payload,
        outcome: 'rejected',
        problemCode: decoded.problem.code,
        detail: describeProblem(decoded.problem),
        replayedFromMs: replayedFrom,
      }
      done?.()
      return again
    } else {
      entry = reject(inbound, decoded.problem)
    }
    if (replayedFrom !== undefined) entry.replayedFromMs = replayedFrom
    pending.add(entry, done)
    requestFlush()
    return entry
  }

  function guarded(inbound: Inbound, done: Done | undefined): JournalEntry | null {
    try {
      return handleMessage(inbound, done)
    } catch (error) {
      // A fault of ours (or a port's) must not escape into the broker, which would end the process:
      // the message is not acknowledged, so the phone sends it again.
      const why = error instanceof Error ? error.message : String(error)
      logger.log('error', `could not handle a message on ${clipped(inbound.topic)}: ${why}`)
      done?.(error instanceof Error ? error : new Error(why))
      return null
    }
  }

  if (pending.members.size > 0) requestFlush()

  return {
    handle: (inbound, done) => guarded(inbound, done)?.outcome ?? 'rejected',
    handleJournaled(inbound, done) {
      const entry = guarded(inbound, done)
      return entry && (lastMove ? { entry, moved: lastMove } : { entry })
    },
    tick() {
      // Run by a timer: a fault must be logged, not end the process (and every hosted family with it).
      try {
        apply({ kind: 'tick' }, now())
        if (pending.members.size > 0) requestFlush()
      } catch (error) {
        logger.log(
          'error',
          `could not settle the hands: ${error instanceof Error ? error.message : String(error)}`,
        )
      }
    },
    flush,
    refresh: () => notify([]),
    view: currentView,
    state: () => state,
    stats: () => ({ ...stats, rejectedByReason: { ...stats.rejectedByReason } }),
    addOutput(output) {
      outputs.add(output)
      output.show(currentView(), [])
      return () => outputs.delete(output)
    },
  }
}
