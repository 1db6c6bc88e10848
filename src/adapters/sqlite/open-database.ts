// Opens (or creates) the clock's SQLite file in WAL mode and brings its schema up to date.

import { chmodSync, mkdirSync, statSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { journalFolderOf } from './journal-read.js'
import { allSegmentFiles, syncFiles } from './journal-segments.js'
import { MIGRATIONS } from './schema.js'

export type Db = Database.Database
export type Statement = Database.Statement

/** Where a clock keeps its database in its data folder. */
export const databaseFileOf = (dataDir: string): string => path.join(dataDir, 'weasley.db')

/** Said by a command that finds no database where a clock keeps one. */
export const noDatabaseAt = (file: string): string =>
  `no database at ${path.resolve(file)}: has the clock run with this data folder? (--data-dir DIR, --config FILE)`

/**
 * SQLite's page cache per connection. SQLite's default (2 MiB) buys a busy family little over 256 KiB
 * (measured: 256 KiB keeps the pages every commit touches, 64 KiB lets one commit's journal blob push
 * them out, ~6 % slower), and a host of hundreds of families would grow by the default's worth each.
 */
export const PAGE_CACHE_KIB = { ownProcess: 256, hosted: 64 } as const

export interface OpenOptions {
  /** Page cache size; `PAGE_CACHE_KIB.hosted` for one of many families in a process. */
  cacheKiB?: number
}

export function openDatabase(file: string, options: OpenOptions = {}): Db {
  try {
    return open(file, options)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new Error(cannotOpen(file, reason, process.versions.electron), { cause: error })
  }
}

/**
 * One line naming the file and the likely fix: SQLite's own words ("disk I/O error") name neither, and
 * Node's for a native module built for another runtime take five lines and suggest the wrong command.
 */
export function cannotOpen(
  file: string,
  reason: string,
  electron: string | undefined,
  what = 'the database',
): string {
  const abi = /NODE_MODULE_VERSION (\d+)[\s\S]*NODE_MODULE_VERSION (\d+)/.exec(reason)
  if (abi)
    return `cannot open ${what} ${file}: better-sqlite3 was built for another Node.js (NODE_MODULE_VERSION ${abi[1]}; this ${electron ? `Electron ${electron}` : `Node.js ${process.version}`} needs ${abi[2]}): ${
      electron
        ? 'rebuild it for MagicMirror\'s Electron, in the module\'s folder: npx @electron/rebuild -f -w better-sqlite3 -e ../../node_modules/electron (README, "Inside Electron")'
        : 'rebuild it with this Node.js, in the folder it was installed from: npm rebuild better-sqlite3'
    }`
  const hint = /malformed|not a database/i.test(reason)
    ? `: the file is damaged; stop the clock, move ${path.basename(file)} and its -wal and -shm files aside (or put back a backup) and start it again (history and generated passwords start afresh)`
    : /EROFS|read-only file ?system/i.test(reason)
      ? ' (the filesystem is mounted read-only: an SD card that is failing often turns itself read-only)'
      : /disk I\/O|full|no space|read-?only|unable to open|permission/i.test(reason)
        ? ' (is the disk full, or the folder not writable by this user?)'
        : ''
  return `cannot open ${what} ${file}: ${reason.replace(/\s*\n\s*/g, ' ')}${hint}`
}

function open(file: string, options: OpenOptions): Db {
  // The history says where everyone has been: the folder and the database are the owner's only.
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 })
  if (file !== ':memory:') syncJournalLeftBehind(file)
  const db = new Database(file)
  try {
    prepare(db, file, options)
  } catch (error) {
    try {
      db.close()
    } catch {
      // the error that stopped the setup is the one to tell
    }
    throw error
  }
  return db
}

function prepare(db: Db, file: string, options: OpenOptions): void {
  if (file !== ':memory:') ownerOnly(file)
  db.pragma('journal_mode = WAL')
  // NORMAL in WAL mode keeps every commit after a process crash (kill -9); only a power cut can
  // lose the last transactions. FULL would fsync each group commit for power-loss safety.
  db.pragma('synchronous = NORMAL')
  db.pragma('busy_timeout = 5000')
  // A small page cache: the journal is append-mostly, so SQLite's default 2 MiB per connection buys
  // little and, hosted, grows the process with the history (measured: 200 hosted families drifted
  // upwards by ~2.5 MB a minute with it, and stay flat with 64 KiB).
  db.pragma(`cache_size = -${options.cacheKiB ?? PAGE_CACHE_KIB.ownProcess}`)
  const version = db.pragma('user_version', { simple: true }) as number
  // A newer release may have changed tables this one would write wrongly: refuse rather than guess.
  if (version > MIGRATIONS.length)
    throw new Error(
      `it was written by a newer Weasley Clock (schema version ${version}; this one knows up to ${MIGRATIONS.length}): run the newer version, or move the file aside to start afresh`,
    )
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      const step = MIGRATIONS[v] ?? ''
      if (typeof step === 'string') db.exec(step)
      else step(db)
      db.pragma(`user_version = ${v + 1}`)
    })()
  }
}

/**
 * Best effort: a database someone else owns (opened by a tool run as another user) stays as it is. The
 * -wal and -shm files hold recent locations too; SQLite gives new ones the database's mode, but ones an
 * older version left keep theirs.
 */
function ownerOnly(file: string): void {
  for (const each of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      chmodSync(each, 0o600)
    } catch {
      // not there, or not ours to change
    }
  }
}

/**
 * Before a connection opens the database: a WAL a clock left behind (killed) is checkpointed by
 * whichever connection closes last, this one or the clock's, and the rows it makes durable point into
 * the journal's segment files, which that clock may not have fsynced. They go to the disk first.
 */
export function syncJournalLeftBehind(file: string): void {
  if (walHasFrames(file)) syncFiles(allSegmentFiles(journalFolderOf(file)))
}

/** Whether the database has a WAL with frames in it: left by a clock that ended without closing it. */
function walHasFrames(file: string): boolean {
  try {
    return statSync(`${file}-wal`).size > 0
  } catch {
    return false
  }
}
