// `weasley-clock journal`: the messages the clock received, newest first, with what it made of each
// (accepted; ignored, as a valid message it has no use for; rejected, and why), read from its data
// folder. It only reads, so it can run beside the running clock: "why does Ron's hand not move?"

import { existsSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { MIGRATIONS } from '../adapters/sqlite/schema.js'
import { readJournal } from '../adapters/sqlite/sqlite-store.js'
import type { JournalEntry, Outcome } from '../app/ports.js'
import { clipped } from '../core/problems.js'
import { type CliValues, dataDirOf } from './options.js'

const OUTCOMES: readonly Outcome[] = ['accepted', 'ignored', 'rejected']
const DEFAULT_COUNT = 20
const MAX_COUNT = 20_000
/** A payload is shown up to this many characters (a card's face is up to 128 KB). */
const SHOWN_CHARACTERS = 400

export async function runJournal(values: CliValues): Promise<number> {
  const problems: string[] = []
  const outcome = values.outcome as Outcome | undefined
  if (outcome !== undefined && !OUTCOMES.includes(outcome))
    problems.push(`--outcome must be accepted, ignored or rejected, not "${values.outcome}"`)
  const count = values.count === undefined ? DEFAULT_COUNT : Number(values.count)
  if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT)
    problems.push(`--count must be a whole number from 1 to ${MAX_COUNT}, not "${values.count}"`)
  if (problems.length > 0) {
    for (const problem of problems) process.stderr.write(`weasley-clock: ${problem}\n`)
    return 2
  }
  const dataDir = await dataDirOf(values)
  const file = path.join(dataDir, 'weasley.db')
  if (!existsSync(file)) {
    process.stderr.write(
      `weasley-clock: no database at ${path.resolve(file)}: has the clock run with this data folder? (--data-dir DIR, --config FILE)\n`,
    )
    return 1
  }
  const db = new Database(file, { readonly: true, fileMustExist: true })
  let entries: JournalEntry[]
  try {
    const version = db.pragma('user_version', { simple: true }) as number
    if (version !== MIGRATIONS.length) {
      process.stderr.write(
        `weasley-clock: ${path.resolve(file)} was written by ${version < MIGRATIONS.length ? 'an older' : 'a newer'} version of Weasley Clock: ${version < MIGRATIONS.length ? 'start this version of the clock once to bring it up to date' : 'read it with that version'}\n`,
      )
      return 1
    }
    entries = readJournal(db, { limit: count, ...(outcome ? { outcome } : {}) })
  } finally {
    db.close()
  }
  if (entries.length === 0) {
    process.stdout.write(`No ${outcome ?? ''}${outcome ? ' ' : ''}messages in the journal of ${dataDir}.\n`)
    return 0
  }
  process.stdout.write(`${entries.map(formatEntry).join('\n')}\n`)
  return 0
}

/** Two or three lines: when, what came of it, the topic; why (if rejected); the payload as received. */
export function formatEntry(entry: JournalEntry): string {
  const when = new Date(entry.receivedAtMs).toISOString()
  const outcome = entry.problemCode ? `${entry.outcome} (${entry.problemCode})` : entry.outcome
  // Wire text with its control characters (a terminal's escape sequences among them) replaced.
  const lines = [`${when}  ${outcome}  ${clipped(entry.topic, SHOWN_CHARACTERS)}`]
  if (entry.detail) lines.push(`    ${clipped(entry.detail, SHOWN_CHARACTERS)}`)
  lines.push(`    ${payloadText(entry.payload)}`)
  return lines.join('\n')
}

function payloadText(payload: Uint8Array): string {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(payload)
  } catch {
    const head = Buffer.from(payload.subarray(0, 32)).toString('hex')
    return `(${payload.byteLength} bytes, not UTF-8: ${head}${payload.byteLength > 32 ? '…' : ''})`
  }
  if (text.length === 0) return '(empty)'
  const shown = clipped(text, SHOWN_CHARACTERS)
  return text.length > SHOWN_CHARACTERS ? `${shown} (${payload.byteLength} bytes)` : shown
}
