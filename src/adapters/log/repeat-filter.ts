// A failure that comes back on every retry is said when it changes, and again at most once an hour
// while it stays the same: a broker that refuses the clock every minute gives one line, not a flood.

import type { Logger, LogLevel } from '../../app/ports.js'

export const REPEAT_EVERY_MS = 3_600_000

export interface RepeatFilter {
  /** Logs the message, unless it is the one said last, less than an hour ago: then only at debug. */
  log(level: LogLevel, message: string): void
  /** The failure is over: the next message is said, whatever it is. */
  forget(): void
}

export function createRepeatFilter(logger: Logger, now: () => number): RepeatFilter {
  let last: { message: string; atMs: number } | undefined
  return {
    log(level, message) {
      if (last?.message === message && now() - last.atMs < REPEAT_EVERY_MS) {
        logger.log('debug', `again: ${message}`)
        return
      }
      last = { message, atMs: now() }
      logger.log(level, message)
    },
    forget() {
      last = undefined
    },
  }
}
