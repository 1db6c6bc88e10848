// One-line logs: "2026-11-24T06:30:00.000Z WARN message". Any configured secret that slips into a
// message is masked before it is written, as a last line of defence.

import type { Logger, LogLevel } from '../../app/ports.js'

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 }

export interface ConsoleLoggerOptions {
  level: LogLevel
  write?: (line: string) => void
  /** Strings that must never appear in the log (passwords, tokens). */
  secrets?: readonly string[]
}

export function createConsoleLogger(options: ConsoleLoggerOptions): Logger & { addSecret(s: string): void } {
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`))
  const secrets = new Set((options.secrets ?? []).filter((s) => s.length >= 4))
  const threshold = RANK[options.level]
  return {
    isEnabled: (level) => RANK[level] >= threshold,
    log(level, message) {
      if (RANK[level] < threshold) return
      let text = message.replace(/[\r\n]+/g, ' ')
      for (const secret of secrets) if (text.includes(secret)) text = text.split(secret).join('***')
      write(`${new Date().toISOString()} ${level.toUpperCase()} ${text}`)
    },
    addSecret(secret) {
      if (secret.length >= 4) secrets.add(secret)
    },
  }
}

export const silentLogger: Logger = { log() {}, isEnabled: () => false }
