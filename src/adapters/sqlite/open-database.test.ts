// Opening the clock's database: a failure says which file and what may be wrong, for the one line
// `serve` prints before it exits.

import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { cannotOpen, openDatabase } from './open-database.js'
import { MIGRATIONS } from './schema.js'

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
    expect(() => openDatabase(garbage)).toThrow(
      `cannot open the database ${garbage}: file is not a database: the file is damaged; stop the clock, move garbage.db and its -wal and -shm files aside`,
    )
    // Its folder cannot be made (a file is in the way).
    const blocked = path.join(dir, 'garbage.db', 'data', 'weasley.db')
    expect(() => openDatabase(blocked)).toThrow(`cannot open the database ${blocked}: ENOTDIR`)
  })

  it('refuses a database a newer version wrote, and leaves it as it was', () => {
    const file = path.join(tempDir(), 'weasley.db')
    const db = openDatabase(file)
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`)
    db.close()
    expect(() => openDatabase(file)).toThrow(
      `cannot open the database ${file}: it was written by a newer Weasley Clock (schema version ${MIGRATIONS.length + 1}; this one knows up to ${MIGRATIONS.length})`,
    )
  })

  it.skipIf(process.platform === 'win32')(
    'narrows -wal and -shm files an older version left readable',
    () => {
      const file = path.join(tempDir(), 'weasley.db')
      // Left open, as a crashed process leaves them, with the mode an older version gave them.
      const crashed = openDatabase(file)
      crashed.prepare("INSERT INTO meta (key, value) VALUES ('x', 'y')").run()
      for (const side of ['-wal', '-shm']) chmodSync(`${file}${side}`, 0o644)
      const db = openDatabase(file)
      for (const side of ['-wal', '-shm']) expect(statSync(`${file}${side}`).mode & 0o777).toBe(0o600)
      db.close()
      crashed.close()
    },
  )
})

describe('cannotOpen', () => {
  // What Node says when better-sqlite3 was built for another runtime (MagicMirror's Electron, say).
  const abiMismatch = [
    "The module '/home/pi/MagicMirror/modules/MMM-WeasleyClock/node_modules/better-sqlite3/build/Release/better_sqlite3.node'",
    'was compiled against a different Node.js version using',
    'NODE_MODULE_VERSION 115. This version of Node.js requires',
    'NODE_MODULE_VERSION 128. Please try re-compiling or re-installing',
    'the module (for instance, using `npm rebuild` or `npm install`).',
  ].join('\n')

  it('says in one line how to rebuild better-sqlite3 for the runtime it runs in', () => {
    const inElectron = cannotOpen('/d/weasley.db', abiMismatch, '32.2.5')
    expect(inElectron).toBe(
      'cannot open the database /d/weasley.db: better-sqlite3 was built for another Node.js (NODE_MODULE_VERSION 115; this Electron 32.2.5 needs 128): rebuild it for MagicMirror\'s Electron, in the module\'s folder: npx @electron/rebuild -f -w better-sqlite3 -e ../../node_modules/electron (README, "Inside Electron")',
    )
    const inNode = cannotOpen('/d/weasley.db', abiMismatch, undefined)
    expect(inNode).toContain(`(NODE_MODULE_VERSION 115; this Node.js ${process.version} needs 128)`)
    expect(inNode).toMatch(/: npm rebuild better-sqlite3$/)
  })

  it('tells a read-only filesystem from a folder this user may not write', () => {
    expect(cannotOpen('/d/clock.lock', 'EROFS: read-only file system', undefined, 'the lock file')).toBe(
      'cannot open the lock file /d/clock.lock: EROFS: read-only file system (the filesystem is mounted read-only: an SD card that is failing often turns itself read-only)',
    )
    expect(cannotOpen('/d/w.db', 'attempt to write a readonly database', undefined)).toMatch(
      /not writable by this user\?\)$/,
    )
  })

  it('keeps any other reason on one line', () => {
    expect(cannotOpen('/d/w.db', 'first line\n  second line', undefined)).toBe(
      'cannot open the database /d/w.db: first line second line',
    )
  })
})
