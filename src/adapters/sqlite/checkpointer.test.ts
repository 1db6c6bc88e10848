import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  CHECKPOINT_EVERY_PAGES,
  type Checkpointer,
  checkpointInBackground,
  checkpointWorkerRunning,
  FALLBACK_AUTOCHECKPOINT_PAGES,
  keepCheckpointWorker,
  WORKER_IDLE_MS,
} from './checkpointer.js'
import { openDatabase } from './open-database.js'
import { createSqliteStore } from './sqlite-store.js'

const cleanups: (() => void)[] = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup()
  vi.useRealTimers()
})

function tempDb() {
  const dir = mkdtempSync(path.join(tmpdir(), 'weasley-ckpt-'))
  const file = path.join(dir, 'clock.db')
  const db = openDatabase(file)
  db.exec('CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB NOT NULL)')
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  cleanups.push(() => db.open && db.close())
  return { db, file }
}

/** Commits `pages` pages' worth of blobs, telling the checkpointer about each commit. */
function writePages(db: ReturnType<typeof tempDb>['db'], checkpointer: Checkpointer, pages: number) {
  const insert = db.prepare('INSERT INTO blobs (data) VALUES (?)')
  const blob = Buffer.alloc(16 * 4096, 7)
  for (let written = 0; written < pages; written += 16) {
    insert.run(blob)
    checkpointer.committed(blob.byteLength)
  }
}

describe('background checkpoints', () => {
  it('copy the WAL into the database file on the worker, before the writer would itself', async () => {
    const { db, file } = tempDb()
    const done = new Promise<{ walFrames: number; checkpointedFrames: number }>((resolve) => {
      const checkpointer = checkpointInBackground(db, file, { onCheckpoint: resolve })
      cleanups.push(() => checkpointer.close())
      // Past the background mark, well short of the writer's own (raised) autocheckpoint.
      writePages(db, checkpointer, CHECKPOINT_EVERY_PAGES + 64)
    })
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(FALLBACK_AUTOCHECKPOINT_PAGES)
    const result = await done
    expect(result.checkpointedFrames).toBeGreaterThanOrEqual(CHECKPOINT_EVERY_PAGES)
    // The writer never checkpointed, so only the worker can have put the pages in the file.
    expect(statSync(file).size).toBeGreaterThan(CHECKPOINT_EVERY_PAGES * 4096)
    expect(db.prepare('SELECT count(*) FROM blobs').pluck().get()).toBe(
      Math.ceil((CHECKPOINT_EVERY_PAGES + 64) / 16),
    )
  })

  it('are not asked for below the mark', async () => {
    const { db, file } = tempDb()
    let checkpoints = 0
    const checkpointer = checkpointInBackground(db, file, { onCheckpoint: () => checkpoints++ })
    cleanups.push(() => checkpointer.close())
    writePages(db, checkpointer, CHECKPOINT_EVERY_PAGES / 2)
    // A later request past the mark is answered; nothing was answered before it.
    const next = new Promise<void>((resolve) => {
      const other = checkpointInBackground(db, file, { onCheckpoint: () => resolve() })
      cleanups.push(() => other.close())
      writePages(db, other, CHECKPOINT_EVERY_PAGES + 16)
    })
    await next
    expect(checkpoints).toBe(0)
  })

  it('start a thread only when there is something to checkpoint, and stop it when idle', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const { db, file } = tempDb()
    let answered: () => void = () => {}
    const checkpointer = checkpointInBackground(db, file, { onCheckpoint: () => answered() })
    cleanups.push(() => checkpointer.close())
    writePages(db, checkpointer, CHECKPOINT_EVERY_PAGES / 2)
    expect(checkpointWorkerRunning()).toBe(false)
    for (const round of [1, 2]) {
      const checkpointed = new Promise<void>((resolve) => {
        answered = resolve
      })
      writePages(db, checkpointer, CHECKPOINT_EVERY_PAGES)
      expect(checkpointWorkerRunning(), `round ${round}`).toBe(true)
      await checkpointed
      vi.advanceTimersByTime(WORKER_IDLE_MS - 1)
      expect(checkpointWorkerRunning(), `round ${round}`).toBe(true)
      vi.advanceTimersByTime(1)
      // Stopped; the next round starts another thread, which opens the database again.
      expect(checkpointWorkerRunning(), `round ${round}`).toBe(false)
    }
  })

  it('keep the thread from the start when a host asks, until the last database closes', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const { db, file } = tempDb()
    keepCheckpointWorker()
    expect(checkpointWorkerRunning()).toBe(true)
    const checkpointed = new Promise<void>((resolve) => {
      const checkpointer = checkpointInBackground(db, file, { onCheckpoint: () => resolve() })
      cleanups.push(() => checkpointer.close())
      writePages(db, checkpointer, CHECKPOINT_EVERY_PAGES)
    })
    await checkpointed
    vi.advanceTimersByTime(10 * WORKER_IDLE_MS)
    expect(checkpointWorkerRunning()).toBe(true)
    for (const cleanup of cleanups.splice(0).reverse()) cleanup()
    expect(checkpointWorkerRunning()).toBe(false)
  })

  it('report a failure once, in one line, and leave the writer working', async () => {
    const { db, file } = tempDb()
    const errors: string[] = []
    const failed = new Promise<void>((resolve) => {
      const checkpointer = checkpointInBackground(db, path.join(path.dirname(file), 'missing.db'), {
        onError: (message) => {
          errors.push(message)
          resolve()
        },
      })
      cleanups.push(() => checkpointer.close())
      writePages(db, checkpointer, CHECKPOINT_EVERY_PAGES + 16)
    })
    await failed
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/^background checkpoint of .*missing\.db failed: /)
    expect(errors[0]).not.toContain('\n')
    db.prepare('INSERT INTO blobs (data) VALUES (?)').run(Buffer.from('still writing'))
  })

  it('fsync the files they are given before each checkpoint, passing over one deleted meanwhile', async () => {
    const { db, file } = tempDb()
    const segment = path.join(path.dirname(file), 'clock.db.journal', '000001.seg')
    mkdirSync(path.dirname(segment))
    writeFileSync(segment, 'a batch')
    const lists = [
      [segment, path.dirname(segment), `${segment}.pruned`],
      // Not a file that can be opened (a file where a folder should be): the checkpoint fails, named.
      [path.join(segment, 'inside')],
    ]
    const asked: string[][] = []
    const outcomes: string[] = []
    const finished = new Promise<void>((resolve) => {
      const checkpointer = checkpointInBackground(db, file, {
        alsoSync: () => {
          const list = lists[asked.length] ?? []
          asked.push(list)
          return list
        },
        onCheckpoint: () => {
          outcomes.push('checkpointed')
          writePages(db, checkpointer, CHECKPOINT_EVERY_PAGES + 16)
        },
        onError: (message) => {
          outcomes.push(message)
          resolve()
        },
      })
      cleanups.push(() => checkpointer.close())
      writePages(db, checkpointer, CHECKPOINT_EVERY_PAGES + 16)
    })
    await finished
    expect(asked).toEqual(lists)
    expect(outcomes).toHaveLength(2)
    expect(outcomes[0]).toBe('checkpointed')
    expect(outcomes[1]).toMatch(/^background checkpoint of .*clock\.db failed: ENOTDIR/)
  })

  it('keep every commit across a close and reopen of the store', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'weasley-ckpt-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    const file = path.join(dir, 'clock.db')
    const entry = (i: number) => ({
      receivedAtMs: i,
      topic: 'owntracks/fam/phone',
      payload: Buffer.alloc(2048, i % 256),
      outcome: 'accepted' as const,
    })
    let store = createSqliteStore(openDatabase(file))
    for (let i = 0; i < 3000; i++) store.commit({ members: [], moves: [], journal: [entry(i)] })
    store.close()
    store = createSqliteStore(openDatabase(file))
    const journal = store.journal({ limit: 5000 })
    store.close()
    expect(journal).toHaveLength(3000)
    expect(journal[0]?.receivedAtMs).toBe(2999)
  })
})
