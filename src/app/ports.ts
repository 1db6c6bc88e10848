// The interfaces the use cases talk to. Adapters implement them; app/ never imports a library.

import type { ClockView } from '../core/clock-view.js'
import type { ProblemCode } from '../core/problems.js'
import type { Delivery, FamilyState, HandMove, MemberState } from '../core/whereabouts/whereabouts.js'

export type { Delivery }

/** One MQTT message as it reached us, before any decoding. */
export interface Inbound {
  topic: string
  payload: Uint8Array
  receivedAtMs: number
  /** How an external broker delivered it; undefined when it came straight from the phone. */
  delivery?: Delivery
  /** Taken again from the journal (replay-journal.ts), not from a broker: when it was first received. */
  replayedFromMs?: number
}

export type Outcome = 'accepted' | 'ignored' | 'rejected'

export interface JournalEntry {
  receivedAtMs: number
  topic: string
  payload: Uint8Array
  outcome: Outcome
  problemCode?: ProblemCode
  detail?: string
  /**
   * A message replayed from the journal: when it was first received (`receivedAtMs` is when it was
   * replayed). Only replays that came out accepted or ignored are journaled.
   */
  replayedFromMs?: number
}

export interface HistoryEntry {
  memberId: string
  from: string
  to: string
  atMs: number
}

/** Everything that changed in one group commit; written in one transaction. */
export interface CommitBatch {
  members: MemberState[]
  moves: HandMove[]
  journal: JournalEntry[]
  /** Members renamed in the config since the state was saved: their history is theirs under the new id. */
  renamed?: readonly { from: string; to: string }[]
}

export interface StateStore {
  /** The last committed family state, or null on first start. */
  loadState(): FamilyState | null
  commit(batch: CommitBatch): void
  /** Newest first: one member's moves, or every member's (only `memberIds`' when given). */
  history(options: { memberId?: string; memberIds?: readonly string[]; limit: number }): HistoryEntry[]
  /**
   * Newest first: every entry, those of one outcome, or (`forReplay`) the rejected ones and the
   * replays, which a replay reads (replay-journal.ts).
   */
  journal(options: { limit: number; outcome?: Outcome; forReplay?: boolean }): JournalEntry[]
  close(): void
}

export interface Output {
  /** Called after every commit that moved hands, and once at start with no changes. */
  show(view: ClockView, changes: readonly HandMove[]): void
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

export interface Logger {
  log(level: LogLevel, message: string): void
  isEnabled(level: LogLevel): boolean
}

/**
 * Who gets a message published now to one device's topic, as the embedded broker knows: a connection
 * of that device subscribed to it, a persistent session of the device that keeps it until the phone
 * is back, or nobody (never connected, or it kept no session).
 */
export type DeviceReach = 'listening' | 'session' | 'none'

/** Publishes to the broker as the clock (commands to phones, hand positions). */
export interface Publisher {
  publish(topic: string, payload: string | Buffer, options: { qos: 0 | 1; retain: boolean }): Promise<void>
  /** Who a message published now to one of a device's topics reaches; absent when the broker cannot tell. */
  reachOf?(family: string, deviceId: string, topic: string): Promise<DeviceReach>
}

/** Small persistent facts (client id, fingerprints of what was sent). */
export interface KeyValue {
  get(key: string): string | undefined
  set(key: string, value: string): void
}
