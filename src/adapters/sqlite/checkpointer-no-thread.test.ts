// A machine that cannot start the checkpoint's thread (memory, a thread limit on a small board): the
// commit that asked for it has already committed, and must not hear of it.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { CHECKPOINT_EVERY_PAGES, checkpointWorkerRunning } from './checkpointer.js'
import { openSqliteStore } from './sqlite-store.js'

vi.mock('node:worker_threads', async (original) => {
  const real = await original<typeof import('node:worker_threads')>()
  const Worker = function Worker() {
    throw new Error('ERR_WORKER_INIT_FAILED: no thread to be had')
  }
  return { ...real, default: { ...real, Worker }, Worker }
})

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('background checkpoints without a thread', () => {
  it('leave the commit that asked for one committed, once, and say so once', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'weasley-nothread-'))
    dirs.push(dir)
    const errors: string[] = []
    const { store } = openSqliteStore(path.join(dir, 'clock.db'), { onError: (m) => errors.push(m) })
    // Commits enough to cross the checkpoint mark twice over (each rewrites a page or two at least).
    const commits = CHECKPOINT_EVERY_PAGES
    for (let i = 0; i < commits; i++) {
      const payload = new TextEncoder().encode(`{"n":${i}}`)
      const entry = {
        receivedAtMs: i,
        topic: 'owntracks/weasleys/ginny',
        payload,
        outcome: 'accepted' as const,
      }
      store.commit({ members: [], moves: [], journal: [entry] })
    }
    expect(store.journal({ limit: 1_000_000 })).toHaveLength(commits)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/^background checkpoint of .*clock\.db could not start: .*no thread/)
    expect(checkpointWorkerRunning()).toBe(false)
    store.close()
  })
})
