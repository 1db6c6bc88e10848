// One running clock per data folder. Two clocks of different families on one folder would write each
// other's members, history and journal, and each would take the other's broker sessions for those of a
// renamed family and forget them. The lock is SQLite's own (an exclusive lock on a small file of its
// own, never the database's), so the system drops it with the process however it ends (kill -9
// included), and a second connection in the same process (a MagicMirror with two instances) is
// refused like another process.

import { mkdirSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'

export const LOCK_FILE = 'clock.lock'

/**
 * How long a start waits for the folder: long enough for a clock that is stopping (a service restart,
 * a MagicMirror helper starting a clock anew) to let go, short enough to say so at once otherwise.
 */
const WAIT_MS = 2_000

/** Takes the data folder for this clock; returns what gives it back. Throws, naming the folder, if taken. */
export function lockDataFolder(dataDir: string, waitMs = WAIT_MS): () => void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  const db = new Database(path.join(dataDir, LOCK_FILE), { timeout: waitMs })
  try {
    // Held until the connection closes: nothing is ever written, so the file stays empty.
    db.exec('BEGIN EXCLUSIVE')
  } catch (error) {
    db.close()
    if ((error as { code?: string }).code === 'SQLITE_BUSY')
      throw new Error(
        `the data folder ${path.resolve(dataDir)} is in use by another running Weasley Clock: give each clock (each family) a dataDir of its own, or stop the other one`,
      )
    throw error
  }
  return () => {
    if (db.open) db.close()
  }
}
