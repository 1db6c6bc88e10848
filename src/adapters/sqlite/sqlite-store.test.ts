import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { stateStoreContract } from '../../../test/contracts/state-store.contract.js'
import type { JournalEntry } from '../../app/ports.js'
import { learnRegions } from '../../core/whereabouts/learned.js'
import type { MemberState } from '../../core/whereabouts/whereabouts.js'
import { createMemoryStore } from './memory-store.js'
import { openDatabase } from './open-database.js'
import { MIGRATIONS } from './schema.js'
import { createSqliteStore } from './sqlite-store.js'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

stateStoreContract('SQLite store', ({ journalLimit, historyLimit }) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'weasley-store-'))
  dirs.push(dir)
  const file = path.join(dir, 'clock.db')
  let store = createSqliteStore(openDatabase(file), {
    journalLimit,
    ...(historyLimit ? { historyLimit } : {}),
  })
  return {
    get store() {
      return store
    },
    reopen() {
      store.close()
      store = createSqliteStore(openDatabase(file), {
        journalLimit,
        ...(historyLimit ? { historyLimit } : {}),
      })
      return store
    },
  }
})

stateStoreContract('memory store', ({ journalLimit, historyLimit }) => {
  const store = createMemoryStore({ journalLimit, ...(historyLimit ? { historyLimit } : {}) })
  return { store, reopen: () => store }
})

describe('SQLite journal storage', () => {
  const tempFile = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'weasley-store-'))
    dirs.push(dir)
    return path.join(dir, 'clock.db')
  }
  const entry = (n: number): JournalEntry => ({
    receivedAtMs: n,
    topic: 'owntracks/f/d',
    payload: Buffer.from(`{"n":${n}}`),
    outcome: n % 3 === 0 ? 'rejected' : 'accepted',
    ...(n % 3 === 0 ? { problemCode: 'not-json' as const, detail: 'payload is not JSON' } : {}),
  })

  it('moves a journal kept one row per message (schema 2) into packed rows, losing nothing', () => {
    const file = tempFile()
    const old = new Database(file)
    for (const step of MIGRATIONS.slice(0, 2)) old.exec(step as string)
    old.pragma('user_version = 2')
    const insert = old.prepare(
      'INSERT INTO inbound_journal (received_ms, topic, payload, outcome, problem_code, detail) VALUES (?, ?, ?, ?, ?, ?)',
    )
    const entries = Array.from({ length: 1_200 }, (_, i) => entry(i + 1))
    for (const e of entries)
      insert.run(e.receivedAtMs, e.topic, e.payload, e.outcome, e.problemCode ?? null, e.detail ?? null)
    old.close()

    const db = openDatabase(file)
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all()
    expect(tables).not.toContain('inbound_journal')
    expect(db.prepare('SELECT count(*) FROM journal_batch').pluck().get()).toBe(3)
    const store = createSqliteStore(db)
    const back = store.journal({ limit: 10_000 })
    expect(back.map((e) => e.receivedAtMs)).toEqual(entries.map((e) => e.receivedAtMs).reverse())
    expect(back.at(-3)).toEqual({ ...entries[2], payload: new Uint8Array(entries[2]?.payload ?? []) })
    store.close()
  })

  it('keeps pruning to the limit across restarts, oldest batches first', () => {
    const file = tempFile()
    let n = 0
    for (let run = 0; run < 3; run++) {
      const store = createSqliteStore(openDatabase(file), { journalLimit: 100 })
      for (let batch = 0; batch < 30; batch++) {
        store.commit({ members: [], moves: [], journal: Array.from({ length: 7 }, () => entry(++n)) })
      }
      store.close()
    }
    const store = createSqliteStore(openDatabase(file), { journalLimit: 100 })
    const kept = store.journal({ limit: 10_000 })
    expect(kept.length).toBeGreaterThanOrEqual(100)
    expect(kept.length).toBeLessThanOrEqual(110 + 7)
    // Newest first, no gaps: pruning only ever removes the oldest.
    expect(kept.map((e) => e.receivedAtMs)).toEqual(Array.from({ length: kept.length }, (_, i) => n - i))
    expect(store.journal({ limit: 5, outcome: 'rejected' })).toEqual(
      kept.filter((e) => e.outcome === 'rejected').slice(0, 5),
    )
    expect(store.journal({ limit: 5, outcome: 'rejected' }).map((e) => e.receivedAtMs % 3)).toEqual([
      0, 0, 0, 0, 0,
    ])
    store.close()
  })
})

describe('SQLite journal bytes', () => {
  it('keeps the journal under its byte bound however big the payloads, across restarts, newest kept', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'weasley-store-'))
    dirs.push(dir)
    const file = path.join(dir, 'clock.db')
    const limits = { journalLimit: 20_000, journalBytesLimit: 64 * 1024 }
    // 40 KB each (a phone's face, or a refused payload near the size limit), random so nothing packs.
    const big = (n: number): JournalEntry => ({
      receivedAtMs: n,
      topic: 'owntracks/f/d/info',
      payload: randomBytes(40_000),
      outcome: 'accepted',
    })
    const sizeOnDisk = (db: ReturnType<typeof openDatabase>) =>
      db.prepare('SELECT total(length(packed)) FROM journal_batch').pluck().get() as number
    let n = 0
    for (let run = 0; run < 2; run++) {
      const db = openDatabase(file)
      const store = createSqliteStore(db, limits)
      for (let i = 0; i < 20; i++) {
        store.commit({ members: [], moves: [], journal: [big(++n)] })
        expect(sizeOnDisk(db)).toBeLessThanOrEqual(limits.journalBytesLimit * 1.1 + 41_000)
      }
      store.close()
    }
    const store = createSqliteStore(openDatabase(file), limits)
    const kept = store.journal({ limit: 1_000 }).map((e) => e.receivedAtMs)
    // Newest first, no gaps, and no more than the bound holds.
    expect(kept[0]).toBe(n)
    expect(kept).toEqual(Array.from({ length: kept.length }, (_, i) => n - i))
    expect(kept.length).toBeGreaterThanOrEqual(1)
    expect(kept.length).toBeLessThanOrEqual(3)
    store.close()
  })
})

describe('SQLite member profiles', () => {
  it('keeps a name and face saved inline by an older version once the hand moves again', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'weasley-store-'))
    dirs.push(dir)
    const file = path.join(dir, 'clock.db')
    const old = openDatabase(file)
    const ann = {
      memberId: 'ann',
      whereabouts: { kind: 'at-place', place: 'Home' },
      sinceMs: 1,
      lastSeenMs: 2,
      devices: {},
      displayName: 'Ann',
      face: 'iVBORw0KGgo=',
    } satisfies MemberState
    old
      .prepare('INSERT INTO member_state (member_id, state_json, updated_ms) VALUES (?, ?, ?)')
      .run('ann', JSON.stringify(ann), 2)
    old.close()
    let store = createSqliteStore(openDatabase(file))
    const loaded = store.loadState()?.members.ann as MemberState
    expect(loaded).toEqual(ann)
    loaded.whereabouts = { kind: 'traveling' }
    store.commit({ members: [loaded], moves: [], journal: [] })
    store.close()
    store = createSqliteStore(openDatabase(file))
    expect(store.loadState()?.members.ann).toEqual({ ...ann, whereabouts: { kind: 'traveling' } })
    store.close()
  })
})

describe('SQLite learned regions', () => {
  it('stores every change the reducer makes to learned regions, in order, across restarts', () => {
    const region = fc.record({
      createdSec: fc.integer({ min: 1, max: 30 }),
      name: fc.constantFrom('Pool', 'Gym', 'Grandma'),
      lat: fc.constant(51),
      lon: fc.constant(0),
      radiusMeters: fc.constant(50),
    })
    const event = fc.record({
      deviceId: fc.constantFrom('ann-phone', 'ann-tablet'),
      source: fc.constantFrom('waypoint' as const, 'waypoints' as const),
      regions: fc.array(region, { maxLength: 40 }),
      reopen: fc.boolean(),
    })
    fc.assert(
      fc.property(fc.array(event, { maxLength: 12 }), (events) => {
        const dir = mkdtempSync(path.join(tmpdir(), 'weasley-store-'))
        dirs.push(dir)
        const file = path.join(dir, 'clock.db')
        let store = createSqliteStore(openDatabase(file))
        let ann: MemberState = {
          memberId: 'ann',
          whereabouts: { kind: 'lost' },
          sinceMs: 0,
          lastSeenMs: null,
          devices: {},
        }
        for (const e of events) {
          const learned = learnRegions(ann, { kind: 'regions', memberId: 'ann', ...e })
          ann = { ...ann, learnedRegions: learned }
          store.commit({ members: [ann], moves: [], journal: [] })
          if (e.reopen) {
            store.close()
            store = createSqliteStore(openDatabase(file))
            ann = store.loadState()?.members.ann as MemberState
          }
        }
        store.close()
        store = createSqliteStore(openDatabase(file))
        const loaded = store.loadState()?.members.ann
        store.close()
        expect(loaded?.learnedRegions ?? []).toEqual(ann.learnedRegions ?? [])
      }),
      { numRuns: 60 },
    )
  })
})
