// One running clock per data folder. Two clocks of different families on one folder would write each
// other's members, history and journal, and each would take the other's broker sessions for those of a
// renamed family and forget them. The lock is SQLite's own (an exclusive lock on a small file of its
// own, never the database's), so the system drops it with the process however it ends (kill -9
// included). Folders this process holds are refused at once; one held by another process is waited
// for a little (a clock that is stopping), without blocking the event loop.

import { accessSync, constants, mkdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import Database from 'better-sqlite3'
import { cannotOpen, syncJournalLeftBehind } from './open-database.js'

export const LOCK_FILE = 'clock.lock'

/** How long a start waits for a folder another process holds: long enough for one that is stopping. */
const WAIT_MS = 2_000
const RETRY_MS = 100

/** The folders this process holds: a second clock on one is refused without waiting for itself. */
const heldHere = new Set<string>()

/** Takes the data folder for this clock; resolves to what gives it back. Rejects, naming the folder, if taken. */
export async function lockDataFolder(dataDir: string, waitMs = WAIT_MS): Promise<() => void> {
  const folder = path.resolve(dataDir)
  if (heldHere.has(folder)) throw inUse(folder)
  const db = openLockFile(folder)
  const deadline = Date.now() + waitMs
  for (;;) {
    try {
      // Held until the connection closes. The file already has its one page (openLockFile), so
      // holding it writes nothing, not even a journal.
      db.exec('BEGIN EXCLUSIVE')
      break
    } catch (error) {
      if (
        (error as { code?: string }).code !== 'SQLITE_BUSY' ||
        Date.now() >= deadline ||
        heldHere.has(folder)
      ) {
        db.close()
        throw (error as { code?: string }).code === 'SQLITE_BUSY' ? inUse(folder) : error
      }
      await sleep(RETRY_MS)
    }
  }
  heldHere.add(folder)
  return () => {
    if (!db.open) return
    db.close()
    heldHere.delete(folder)
  }
}

/**
 * Whether the folder is free now, without keeping it: a hosted family's folder (its host keeps its
 * families apart, and a lock apiece would cost each a SQLite connection, ~175 KB) is refused while a
 * clock of its own runs on it.
 */
export async function checkDataFolderFree(dataDir: string): Promise<void> {
  ;(await lockDataFolder(dataDir, 0))()
}

/** The data folder is held by another running clock (lockDataFolder). */
export class FolderInUse extends Error {
  override name = 'FolderInUse'
}

function inUse(folder: string): Error {
  return new FolderInUse(
    `the data folder ${folder} is in use by another running Weasley Clock: give each clock (each family) a dataDir of its own, or stop the other one`,
  )
}

/**
 * The lock file, opened for writing (one SQLite could only open read-only, say after a start as
 * another user, would take no lock at all: refused instead), with a page in it. Errors read as the
 * database's do (a full disk, a folder not writable, better-sqlite3 built for another Node.js).
 */
function openLockFile(folder: string): Database.Database {
  const file = path.join(folder, LOCK_FILE)
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 })
    try {
      accessSync(file, constants.W_OK)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'EROFS') throw new Error('EROFS: read-only file system')
      if (code !== 'ENOENT') throw new Error('permission denied: not writable by this user')
    }
    const db = new Database(file, { timeout: 0 })
    try {
      if (statSync(file).size === 0) db.pragma('user_version = 1')
    } catch (error) {
      // Another process holds an empty file's lock (its first start): the retry loop waits for it.
      if ((error as { code?: string }).code !== 'SQLITE_BUSY') {
        db.close()
        throw error
      }
    }
    return db
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new Error(cannotOpen(file, reason, process.versions.electron, "the data folder's lock file"), {
      cause: error,
    })
  }
}

/**
 * A hosted family's folder has no lock of its own (its host keeps families apart), but its database
 * is open in the host: SQLite refuses an exclusive hold on a database another connection has open.
 * Where none has it open, closing the probe checkpoints its WAL: the journal's segment files, which
 * those rows point into, go to the disk first, as before any checkpoint (a clock killed may not have).
 */
export function checkDatabaseClosedElsewhere(file: string): void {
  let probe: Database.Database | undefined
  try {
    syncJournalLeftBehind(file)
    probe = new Database(file, { fileMustExist: true, timeout: 0 })
    probe.pragma('locking_mode = EXCLUSIVE')
    probe.exec('BEGIN EXCLUSIVE; COMMIT')
  } catch (error) {
    if (String((error as { code?: string }).code).startsWith('SQLITE_BUSY'))
      throw new DatabaseInUse(
        `${path.resolve(file)} is open in another process (a running \`weasley-clock host\`, or another command)`,
      )
    const reason = error instanceof Error ? error.message : String(error)
    throw new Error(cannotOpen(file, reason, process.versions.electron), { cause: error })
  } finally {
    probe?.close()
  }
}

/** The database is open in another process (checkDatabaseClosedElsewhere). */
export class DatabaseInUse extends Error {
  override name = 'DatabaseInUse'
}
