// `weasley-clock journal`: the messages the clock received, newest first, with what it made of each
// (accepted; ignored, as a valid message it has no use for; rejected, and why), read from its data
// folder. It only reads, so it can run beside the running clock: "why does Ron's hand not move?"

import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { databaseFileOf, noDatabaseAt } from '../adapters/sqlite/open-database.js'
import { MIGRATIONS } from '../adapters/sqlite/schema.js'
import { journalFolderOf, readJournal } from '../adapters/sqlite/sqlite-store.js'
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
  const count =
    values.count === undefined ? DEFAULT_COUNT : /^\d{1,9}$/.test(values.count) ? Number(values.count) : 0
  if (count < 1 || count > MAX_COUNT)
    problems.push(`--count must be a whole number from 1 to ${MAX_COUNT}, not "${values.count}"`)
  if (problems.length > 0) {
    for (const problem of problems) process.stderr.write(`weasley-clock: ${problem}\n`)
    return 2
  }
  const dataDir = await dataDirOf(values)
  const file = path.resolve(databaseFileOf(dataDir))
  if (!existsSync(file)) {
    process.stderr.write(`weasley-clock: ${noDatabaseAt(file)}\n`)
    return 1
  }
  let unreadable = 0
  let entries: JournalEntry[]
  try {
    entries = withDatabase(file, (db) => {
      const version = db.pragma('user_version', { simple: true }) as number
      if (version !== MIGRATIONS.length)
        throw new Error(
          version === 0
            ? "it is empty, or not a Weasley Clock's database"
            : version < MIGRATIONS.length
              ? 'it was written by an older version of Weasley Clock: start this version of the clock once to bring it up to date'
              : 'it was written by a newer version of Weasley Clock: read it with that version',
        )
      return readJournal(
        db,
        { limit: count, ...(outcome ? { outcome } : {}) },
        { folder: journalFolderOf(file), onUnreadable: () => unreadable++ },
      )
    })
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    process.stderr.write(
      `weasley-clock: cannot read the journal in ${file}: ${reason.replace(/\s*\n\s*/g, ' ')}\n`,
    )
    return 1
  }
  if (unreadable > 0)
    process.stderr.write(
      `weasley-clock: ${unreadable} busy moment(s) of the journal could not be read (pruned by the running clock while this read them, or lost in a power cut)\n`,
    )
  if (entries.length === 0) {
    process.stdout.write(`No ${outcome ?? ''}${outcome ? ' ' : ''}messages in the journal of ${dataDir}.\n`)
    return 0
  }
  process.stdout.write(`${entries.map(formatEntry).join('\n')}\n`)
  return 0
}

/**
 * Opens the clock's database without leaving anything behind. While the clock runs (its -wal and
 * -shm files are there) a read-only connection shares them. Otherwise SQLite would create them, owned
 * by whoever runs this (root, with sudo), and the clock, running as its own user, could not open its
 * database again: a copy in a temporary folder is read instead.
 */
function withDatabase<T>(file: string, read: (db: Database.Database) => T): T {
  const running = existsSync(`${file}-wal`) && existsSync(`${file}-shm`)
  const copy = running ? undefined : mkdtempSync(path.join(tmpdir(), 'weasley-journal-'))
  try {
    let source = file
    if (copy) {
      source = databaseFileOf(copy)
      copyFileSync(file, source)
      if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${source}-wal`)
    }
    const db = new Database(source, { readonly: running, fileMustExist: true })
    try {
      return read(db)
    } finally {
      db.close()
    }
  } finally {
    if (copy) rmSync(copy, { recursive: true, force: true })
  }
}

/** Two or three lines: when, what came of it, the topic; why (if rejected); the payload as received. */
export function formatEntry(entry: JournalEntry): string {
  const when = new Date(entry.receivedAtMs).toISOString()
  const replayed =
    entry.replayedFromMs === undefined
      ? undefined
      : `replayed, first received ${new Date(entry.replayedFromMs).toISOString()}`
  const notes = [entry.problemCode, replayed].filter(Boolean)
  const outcome = notes.length > 0 ? `${entry.outcome} (${notes.join(', ')})` : entry.outcome
  // Wire text with its control characters (a terminal's escape sequences among them) replaced.
  const lines = [`${when}  ${outcome}  ${clipped(entry.topic, SHOWN_CHARACTERS)}`]
  if (entry.detail) lines.push(`    ${clipped(entry.detail, SHOWN_CHARACTERS)}`)
  lines.push(`    ${payloadText(entry.payload)}`)
  return lines.join('\n')
}

function payloadText(payload: Uint8Array): string {
  let text: string
  try {
    // A byte-order mark kept, and shown below: the payload as it came, not as a decoder tidies it.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(payload)
  } catch {
    const head = Buffer.from(payload.subarray(0, 32)).toString('hex')
    return `(${payload.byteLength} bytes, not UTF-8: ${head}${payload.byteLength > 32 ? '…' : ''})`
  }
  if (text.length === 0) return '(empty)'
  const shown = clipped(text, SHOWN_CHARACTERS).replace(/\uFEFF/g, '?')
  return text.length > SHOWN_CHARACTERS ? `${shown} (${payload.byteLength} bytes)` : shown
}
