// A failure that comes back on every retry is said when it changes, and again at most once an hour
// while it stays the same: a broker that refuses the clock every minute gives one line, not a flood.

import type { Logger, LogLevel } from '../../app/ports.js'

export const REPEAT_EVERY_MS = 3_600_000

export interface RepeatFilter {
  /**
   * Logs the message, unless it is the one said last, less than an hour ago: then only at debug.
   * Returns whether it was said at `level`.
   */
  log(level: LogLevel, message: string): boolean
  /** The failure is over: the next message is said, whatever it is. */
  forget(): void
}

export function createRepeatFilter(logger: Logger, now: () => number): RepeatFilter {
  let last: { message: string; atMs: number } | undefined
  return {
    log(level, message) {
      if (last?.message === message && now() - last.atMs < REPEAT_EVERY_MS) {
        logger.log('debug', `again: ${message}`)
        return false
      }
      last = { message, atMs: now() }
      logger.log(level, message)
      return true
    },
    forget() {
      last = undefined
    },
  }
}
