// The data folder's lock against a second clock: in this process (refused at once), in another one
// (waited for without blocking the event loop, and taken once that process is killed).

import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { checkDataFolderFree, LOCK_FILE, lockDataFolder } from './data-lock.js'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'weasley-lock-'))
  dirs.push(dir)
  return path.join(dir, 'data')
}

/** Another process holding the folder's lock, as a running clock does. */
async function holder(dir: string) {
  mkdirSync(dir, { recursive: true })
  const betterSqlite = createRequire(import.meta.url).resolve('better-sqlite3')
  const child = spawn(
    process.execPath,
    [
      '-e',
      `const db = new (require(${JSON.stringify(betterSqlite)}))(${JSON.stringify(path.join(dir, LOCK_FILE))}); db.exec('BEGIN EXCLUSIVE'); console.log('held'); setInterval(() => {}, 1000)`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  const [line] = (await once(child.stdout, 'data')) as [Buffer]
  expect(line.toString()).toContain('held')
  return child
}

describe('lockDataFolder', () => {
  it('refuses a second clock in the same process at once, naming the folder, until the first lets go', async () => {
    const dir = tempDir()
    const release = await lockDataFolder(dir)
    // However long it would wait for another process, it does not wait for itself.
    await expect(lockDataFolder(dir, 600_000)).rejects.toThrow(
      `the data folder ${dir} is in use by another running Weasley Clock`,
    )
    await expect(checkDataFolderFree(dir)).rejects.toThrow(/in use by another running Weasley Clock/)
    // Holding it writes nothing: the file has its one page, and no journal beside it.
    expect(statSync(path.join(dir, LOCK_FILE)).size).toBeGreaterThan(0)
    expect(existsSync(path.join(dir, `${LOCK_FILE}-journal`))).toBe(false)
    release()
    release() // twice is harmless
    await checkDataFolderFree(dir)
    ;(await lockDataFolder(dir, 0))() // the check kept nothing
  })

  it('waits for another process without blocking the event loop, and takes the folder once it is killed', async () => {
    const dir = tempDir()
    const other = await holder(dir)
    await expect(lockDataFolder(dir, 0)).rejects.toThrow(/in use by another running Weasley Clock/)
    await expect(checkDataFolderFree(dir)).rejects.toThrow(/in use by another running Weasley Clock/)
    // While it waits, timers still run: the third tick kills the other process.
    let ticks = 0
    const timer = setInterval(() => {
      if (++ticks === 3) other.kill('SIGKILL')
    }, 20)
    try {
      const release = await lockDataFolder(dir, 60_000)
      expect(ticks).toBeGreaterThanOrEqual(3)
      release()
    } finally {
      clearInterval(timer)
      other.kill('SIGKILL')
    }
  })
})
