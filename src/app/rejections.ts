// What the pipeline says about the messages it refuses: each counted by its reason, and told in the log
// once a minute per device and kind, as a phone can invent subtopics and long names at will.

import { clipped, describeProblem, type Problem } from '../core/problems.js'
import type { Stats } from './pipeline.js'
import type { Inbound, JournalEntry, Logger } from './ports.js'

const LOG_INTERVAL_MS = 60_000
/** Keys remembered at most: a phone's invented topics are cut to their device, so this is plenty. */
const MAX_KEYS = 10_000

export function createRejections(logger: Logger, stats: Stats) {
  const lastLogged = new Map<string, number>()
  /** A warning per key and minute (by the message's time, so replays and tests can drive it). */
  const warnOncePerMinute = (key: string, atMs: number, message: () => string): void => {
    const last = lastLogged.get(key)
    if (last !== undefined && atMs - last < LOG_INTERVAL_MS) return
    lastLogged.set(key, atMs)
    if (lastLogged.size > MAX_KEYS) lastLogged.clear()
    logger.log('warn', message())
  }
  return {
    warnOncePerMinute,
    /** Counts the refusal and gives its journal entry; said once a minute per device and reason. */
    reject(inbound: Inbound, problem: Problem): JournalEntry {
      stats.rejected++
      stats.rejectedByReason[problem.code] = (stats.rejectedByReason[problem.code] ?? 0) + 1
      const detail = describeProblem(problem)
      warnOncePerMinute(
        `${problem.code}|${deviceOf(inbound.topic)}`,
        inbound.receivedAtMs,
        () => `rejected: ${detail}`,
      )
      return {
        receivedAtMs: inbound.receivedAtMs,
        topic: inbound.topic,
        payload: holdsPhoneSecrets(inbound) ? NO_PAYLOAD : inbound.payload,
        outcome: 'rejected',
        problemCode: problem.code,
        detail,
      }
    },
  }
}

/** owntracks/<family>/<device> of a topic, clipped: what the log is kept quiet for. */
export function deviceOf(topic: string): string {
  let end = -1
  for (let level = 0; level < 3; level++) {
    end = topic.indexOf('/', end + 1)
    if (end < 0) return clipped(topic)
  }
  return clipped(topic.slice(0, end))
}

const NO_PAYLOAD = new Uint8Array(0)
const SECRET_TYPES = /"_type"\s*:\s*"(?:dump|configuration)"/

/**
 * Whether a message may be an iPhone's answer to `dump` or a `configuration`, which carry its password
 * and encryption key (OWNTRACKS.md §1.8): a rejected one (an unknown device, oversize) is journaled
 * without its payload too. Either is only ever ignored, so no replay loses anything by it.
 */
export function holdsPhoneSecrets(inbound: Inbound): boolean {
  if (inbound.topic.endsWith('/dump')) return true
  // The first MiB: an oversize flood is not decoded whole for it.
  return SECRET_TYPES.test(new TextDecoder().decode(inbound.payload.subarray(0, 1024 * 1024)))
}
