import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { PersistedPacket } from 'aedes-persistence/asyncPersistence.js'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { openDatabase } from '../sqlite/open-database.js'
import { RETAINED_WRITE_DELAY_MS, SqlitePersistence } from './sqlite-persistence.js'

const dirs: string[] = []
afterEach(() => {
  vi.useRealTimers()
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

const packet = (topic: string, body: string): PersistedPacket =>
  ({
    cmd: 'publish',
    topic,
    payload: Buffer.from(body),
    qos: 1,
    retain: true,
    brokerId: 'b',
    brokerCounter: 1,
  }) as PersistedPacket

function open() {
  const dir = mkdtempSync(path.join(tmpdir(), 'weasley-persist-'))
  dirs.push(dir)
  const db = openDatabase(path.join(dir, 'broker.db'))
  const errors: Error[] = []
  const persistence = new SqlitePersistence(db, { onError: (e) => errors.push(e) })
  const stored = () =>
    (
      db.prepare('SELECT topic, payload FROM broker_retained ORDER BY topic').all() as {
        topic: string
        payload: Buffer
      }[]
    ).map((r) => [r.topic, r.payload.toString()])
  return { db, persistence, stored, errors }
}

describe('retained messages, written behind', () => {
  it('writes what arrived within the delay in one go, the newest per topic, and clears an emptied topic', async () => {
    vi.useFakeTimers()
    const { persistence, stored } = open()
    await persistence.storeRetained(packet('owntracks/f/ron', '{"tst":1}'))
    await persistence.storeRetained(packet('owntracks/f/ron', '{"tst":2}'))
    await persistence.storeRetained(packet('owntracks/f/ginny', '{"tst":3}'))
    expect(stored()).toEqual([])
    vi.advanceTimersByTime(RETAINED_WRITE_DELAY_MS)
    expect(stored()).toEqual([
      ['owntracks/f/ginny', '{"tst":3}'],
      ['owntracks/f/ron', '{"tst":2}'],
    ])
    await persistence.storeRetained(packet('owntracks/f/ron', ''))
    vi.advanceTimersByTime(RETAINED_WRITE_DELAY_MS)
    expect(stored()).toEqual([['owntracks/f/ginny', '{"tst":3}']])
  })

  it('writes at once when flushed (the broker closing), and keeps what failed for the next try', async () => {
    const { db, persistence, stored, errors } = open()
    await persistence.storeRetained(packet('owntracks/f/ron', '{"tst":1}'))
    persistence.flushRetained()
    expect(stored()).toEqual([['owntracks/f/ron', '{"tst":1}']])

    db.exec('ALTER TABLE broker_retained RENAME TO gone')
    await persistence.storeRetained(packet('owntracks/f/ginny', '{"tst":2}'))
    persistence.flushRetained()
    expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(/broker_retained/)])
    db.exec('ALTER TABLE gone RENAME TO broker_retained')
    persistence.flushRetained()
    expect(stored()).toEqual([
      ['owntracks/f/ginny', '{"tst":2}'],
      ['owntracks/f/ron', '{"tst":1}'],
    ])
  })
})
