// The data folder's lock against a second clock: in this process, in another one, and given back when
// that process is killed.

import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { lockDataFolder } from './data-lock.js'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'weasley-lock-'))
  dirs.push(dir)
  return path.join(dir, 'data')
}

describe('lockDataFolder', () => {
  it('refuses a second clock in the same process, naming the folder, until the first lets go', () => {
    const dir = tempDir()
    const release = lockDataFolder(dir)
    expect(() => lockDataFolder(dir, 0)).toThrow(
      `the data folder ${dir} is in use by another running Weasley Clock`,
    )
    release()
    release() // twice is harmless
    lockDataFolder(dir, 0)()
  })

  it('refuses while another process holds it, and is free once that process is killed', async () => {
    const dir = tempDir()
    mkdirSync(dir)
    const betterSqlite = createRequire(import.meta.url).resolve('better-sqlite3')
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const db = new (require(${JSON.stringify(betterSqlite)}))(${JSON.stringify(path.join(dir, 'clock.lock'))}); db.exec('BEGIN EXCLUSIVE'); console.log('held'); setInterval(() => {}, 1000)`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    )
    const [line] = (await once(holder.stdout, 'data')) as [Buffer]
    expect(line.toString()).toContain('held')
    expect(() => lockDataFolder(dir, 0)).toThrow(/in use by another running Weasley Clock/)
    holder.kill('SIGKILL')
    await once(holder, 'exit')
    lockDataFolder(dir, 0)()
  })
})
