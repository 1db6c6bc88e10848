// Opening the clock's database: a failure says which file and what may be wrong, for the one line
// `serve` prints before it exits.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from './open-database.js'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'weasley-open-'))
  dirs.push(dir)
  return dir
}

describe('openDatabase', () => {
  it('creates the file owner-only, in WAL mode, with the schema', () => {
    const file = path.join(tempDir(), 'data', 'weasley.db')
    const db = openDatabase(file)
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThan(0)
    db.close()
  })

  it('names the file, and what may be wrong, when it cannot open it', () => {
    const dir = tempDir()
    // Not a database: SQLite refuses it.
    const garbage = path.join(dir, 'garbage.db')
    writeFileSync(
      garbage,
      'this is not a database, just text that is long enough to have a header'.repeat(20),
    )
    expect(() => openDatabase(garbage)).toThrow(`cannot open the database ${garbage}: file is not a database`)
    // Its folder cannot be made (a file is in the way).
    const blocked = path.join(dir, 'garbage.db', 'data', 'weasley.db')
    expect(() => openDatabase(blocked)).toThrow(`cannot open the database ${blocked}: ENOTDIR`)
  })
})
