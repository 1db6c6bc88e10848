import { randomBytes } from 'node:crypto'
import {
  appendFileSync,
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { stateStoreContract } from '../../../test/contracts/state-store.contract.js'
import type { JournalEntry } from '../../app/ports.js'
import { learnRegions } from '../../core/whereabouts/learned.js'
import type { MemberState } from '../../core/whereabouts/whereabouts.js'
import { packJournal } from './journal-pack.js'
import { createMemoryStore } from './memory-store.js'
import { openDatabase } from './open-database.js'
import { MIGRATIONS } from './schema.js'
import { createSqliteStore, readJournal } from './sqlite-store.js'

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
  it('keeps the journal under its byte bound however big the payloads, across restarts, newest kept', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'weasley-store-'))
    dirs.push(dir)
    const file = path.join(dir, 'clock.db')
    const limits = {
      journalLimit: 20_000,
      journalBytesLimit: 64 * 1024,
      segments: { segmentBytes: 32 * 1024 },
    }
    // 40 KB each (a phone's face, or a refused payload near the size limit), random so nothing packs.
    const big = (n: number): JournalEntry => ({
      receivedAtMs: n,
      topic: 'owntracks/f/d/info',
      payload: randomBytes(40_000),
      outcome: 'accepted',
    })
    const sizeOnDisk = (db: ReturnType<typeof openDatabase>) =>
      (db.prepare('SELECT total(length(packed)) FROM journal_batch').pluck().get() as number) +
      segmentFiles(file).reduce((sum, name) => sum + statSync(path.join(`${file}.journal`, name)).size, 0)
    let n = 0
    for (let run = 0; run < 2; run++) {
      const db = openDatabase(file)
      const store = createSqliteStore(db, limits)
      for (let i = 0; i < 20; i++) {
        store.commit({ members: [], moves: [], journal: [big(++n)] })
        // The files pruning let go are removed in the background.
        await store.journalFilesDropped()
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

const segmentFiles = (file: string): string[] => {
  try {
    return readdirSync(`${file}.journal`).sort()
  } catch {
    return []
  }
}

describe('SQLite journal segments', () => {
  const tempFile = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'weasley-store-'))
    dirs.push(dir)
    return path.join(dir, 'clock.db')
  }
  /** A busy commit's batch: three ~1.5 KB payloads, more than stays in a row. */
  const payloads = new Map<number, Uint8Array>()
  const busy = (n: number): JournalEntry[] =>
    [0, 1, 2].map((k) => {
      const payload = new Uint8Array(randomBytes(1_400 + k))
      payloads.set(3 * n + k, payload)
      return { receivedAtMs: 3 * n + k, topic: 'owntracks/f/d', payload, outcome: 'accepted' as const }
    })
  const quiet = (n: number): JournalEntry[] => {
    const payload = new Uint8Array(Buffer.from(`{"_type":"location","n":${n}}`))
    payloads.set(3 * n, payload)
    return [{ receivedAtMs: 3 * n, topic: 'owntracks/f/d', payload, outcome: 'accepted' }]
  }
  const ann = (tst: number): MemberState => ({
    memberId: 'ann',
    whereabouts: { kind: 'at-place', place: 'Home' },
    sinceMs: tst,
    lastSeenMs: tst,
    devices: {},
  })
  /** Newest first, each entry as it was written. */
  const expectWhole = (entries: JournalEntry[]) => {
    for (const e of entries) expect(e.payload).toEqual(payloads.get(e.receivedAtMs))
    const times = entries.map((e) => e.receivedAtMs)
    expect(times).toEqual([...times].sort((a, b) => b - a))
  }
  const segmentOptions = { journalLimit: 60, segments: { segmentBytes: 16 * 1024 } }

  it('keeps busy batches in segment files and quiet ones in their rows, read back in order across restarts, old files pruned', async () => {
    const file = tempFile()
    let n = 0
    const written: number[] = []
    let files: string[] = []
    for (let run = 0; run < 3; run++) {
      const store = createSqliteStore(openDatabase(file), segmentOptions)
      for (let i = 0; i < 20; i++) {
        const batch = ++n % 2 ? busy(n) : quiet(n)
        written.push(...batch.map((e) => e.receivedAtMs))
        store.commit({ members: [], moves: [], journal: batch })
      }
      // Pruned while running, not only when opened again (in the background).
      await store.journalFilesDropped()
      files = segmentFiles(file)
      store.close()
    }
    const db = openDatabase(file)
    const placed = db.prepare('SELECT count(*) FROM journal_batch WHERE segment IS NOT NULL').pluck().get()
    const inline = db.prepare('SELECT count(*) FROM journal_batch WHERE segment IS NULL').pluck().get()
    expect(placed).toBeGreaterThan(0)
    expect(inline).toBeGreaterThan(0)
    const store = createSqliteStore(db, segmentOptions)
    const kept = store.journal({ limit: 10_000 })
    expectWhole(kept)
    // The newest 60 at least, and nothing missing in between.
    expect(kept.map((e) => e.receivedAtMs)).toEqual(written.slice(-kept.length).reverse())
    expect(kept.length).toBeGreaterThanOrEqual(60)
    // The files left are the kept rows' segments, from the oldest's to the newest's, and hold little
    // more than the kept batches: at most the part of the oldest file before its first kept batch.
    const { first, last, bytes } = db
      .prepare(
        'SELECT min(segment) AS first, max(segment) AS last, sum(bytes) AS bytes FROM journal_batch WHERE segment IS NOT NULL',
      )
      .get() as { first: number; last: number; bytes: number }
    expect(segmentFiles(file)).toEqual(files)
    expect(files).toEqual(
      Array.from({ length: last - first + 1 }, (_, i) => `${String(first + i).padStart(6, '0')}.seg`),
    )
    const onDisk = files.reduce((sum, name) => sum + statSync(path.join(`${file}.journal`, name)).size, 0)
    expect(onDisk).toBeLessThanOrEqual(bytes + segmentOptions.segments.segmentBytes)
    store.close()
  })

  it('reads for a replay only the batches with rejected messages or replays in them', () => {
    const file = tempFile()
    const db = openDatabase(file)
    const store = createSqliteStore(db, { segments: { segmentBytes: 4096 } })
    const rejected = (n: number): JournalEntry =>
      ({ ...quiet(n)[0], outcome: 'rejected', problemCode: 'not-json' }) as JournalEntry
    const replay = (n: number): JournalEntry => ({ ...quiet(n)[0], replayedFromMs: 1 }) as JournalEntry
    store.commit({ members: [], moves: [], journal: [...quiet(1), rejected(2)] })
    store.commit({ members: [], moves: [], journal: busy(3) })
    store.commit({ members: [], moves: [], journal: [replay(4)] })
    store.commit({ members: [], moves: [], journal: busy(5) })
    store.close()
    // The busy batches' files gone: a read of them would count them unreadable.
    rmSync(`${file}.journal`, { recursive: true })
    let unreadable = 0
    const onUnreadable = () => unreadable++
    const read = openDatabase(file)
    expect(
      readJournal(read, { limit: 100, forReplay: true }, { onUnreadable }).map((e) => e.receivedAtMs),
    ).toEqual([12, 6])
    expect(unreadable).toBe(0)
    readJournal(read, { limit: 100 }, { onUnreadable })
    expect(unreadable).toBe(2)
    read.close()
  })

  it('drops only the files no row needed when it was asked, however far commits go before they are gone', async () => {
    const file = tempFile()
    const db = openDatabase(file)
    const store = createSqliteStore(db, { journalLimit: 30, segments: { segmentBytes: 4096 } })
    const placed = () =>
      db.prepare('SELECT count(*) FROM journal_batch WHERE segment IS NOT NULL').pluck().get()
    let n = 0
    store.commit({ members: [], moves: [], journal: busy(++n) })
    // Quiet commits prune the busy row: its segment goes, in the background.
    while (placed() !== 0) store.commit({ members: [], moves: [], journal: quiet(++n) })
    // In the same turn, before the folder is read: busy batches roll over into new files.
    for (let i = 0; i < 4; i++) store.commit({ members: [], moves: [], journal: busy(++n) })
    await store.journalFilesDropped()
    let unreadable = 0
    const kept = readJournal(db, { limit: 1_000 }, { onUnreadable: () => unreadable++ })
    expect(unreadable).toBe(0)
    expectWhole(kept)
    expect(kept.slice(0, 12).map((e) => e.receivedAtMs)).toEqual(
      Array.from({ length: 12 }, (_, i) => 3 * n + 2 - i),
    )
    store.close()
  })

  it('cuts off what an unfinished commit wrote, and the next commit takes its place', () => {
    const file = tempFile()
    let store = createSqliteStore(openDatabase(file), segmentOptions)
    for (let n = 1; n <= 5; n++) store.commit({ members: [], moves: [], journal: busy(n) })
    store.close()
    // As a process killed between writing its batch and committing the row would leave it: bytes past
    // the last committed batch, and the next segment begun.
    const files = segmentFiles(file)
    const last = path.join(`${file}.journal`, files.at(-1) as string)
    const committedEnd = statSync(last).size
    appendFileSync(last, randomBytes(3_000))
    const next = path.join(`${file}.journal`, `${String(files.length + 1).padStart(6, '0')}.seg`)
    writeFileSync(next, randomBytes(3_000))

    store = createSqliteStore(openDatabase(file), segmentOptions)
    expect(statSync(last).size).toBe(committedEnd)
    expect(existsSync(next)).toBe(false)
    store.commit({ members: [], moves: [], journal: busy(6) })
    const times = store.journal({ limit: 100 }).map((e) => e.receivedAtMs)
    expect(times).toEqual(Array.from({ length: 18 }, (_, i) => 20 - i))
    expectWhole(store.journal({ limit: 100 }))
    store.close()
  })

  it('fails the commit when its batch cannot be written, keeping the last good state, and goes on once it can', () => {
    const file = tempFile()
    // A segment per batch, so the next commit opens a new file.
    const options = { segments: { segmentBytes: 4096 } }
    const store = createSqliteStore(openDatabase(file), options)
    store.commit({ members: [ann(1)], moves: [], journal: busy(1) })
    // The next segment's name taken by a folder: opening it fails, as a full or broken disk would.
    const blocked = path.join(`${file}.journal`, '000002.seg')
    mkdirSync(blocked)
    expect(() => store.commit({ members: [ann(2)], moves: [], journal: busy(2) })).toThrow(/EISDIR/)
    expect(store.loadState()?.members.ann?.sinceMs).toBe(1)
    expect(store.journal({ limit: 100 }).map((e) => e.receivedAtMs)).toEqual([5, 4, 3])
    rmSync(blocked, { recursive: true })
    store.commit({ members: [ann(3)], moves: [], journal: busy(3) })
    expect(store.loadState()?.members.ann?.sinceMs).toBe(3)
    expect(store.journal({ limit: 100 }).map((e) => e.receivedAtMs)).toEqual([11, 10, 9, 5, 4, 3])
    expectWhole(store.journal({ limit: 100 }))
    store.close()
  })

  it('keeps a batch written into a segment that a failed commit began, after pruning, across a restart', () => {
    const file = tempFile()
    const options = { journalLimit: 6, segments: { segmentBytes: 4096 } }
    const db = openDatabase(file)
    let store = createSqliteStore(db, options)
    store.commit({ members: [], moves: [], journal: busy(1) })
    // SQLite refuses the next row after its batch went into a new segment file.
    db.exec(`CREATE TABLE refuse (x);
      CREATE TRIGGER refuse_rows BEFORE INSERT ON journal_batch WHEN EXISTS (SELECT 1 FROM refuse)
      BEGIN SELECT RAISE(ABORT, 'refused'); END;
      INSERT INTO refuse VALUES (1)`)
    expect(() => store.commit({ members: [], moves: [], journal: busy(2) })).toThrow(/refused/)
    db.exec('DELETE FROM refuse')
    // Quiet commits prune every busy row: no row points into a segment any more.
    for (let n = 10; n < 18; n++) store.commit({ members: [], moves: [], journal: quiet(n) })
    expect(db.prepare('SELECT count(*) FROM journal_batch WHERE segment IS NOT NULL').pluck().get()).toBe(0)
    store.commit({ members: [], moves: [], journal: busy(20) })
    store.close()
    store = createSqliteStore(openDatabase(file), options)
    expect(store.journal({ limit: 3 }).map((e) => e.receivedAtMs)).toEqual([62, 61, 60])
    expectWhole(store.journal({ limit: 100 }))
    store.close()
  })

  it('passes over the batches of a segment file that is gone (a backup restored without it)', () => {
    const file = tempFile()
    let store = createSqliteStore(openDatabase(file), { segments: { segmentBytes: 4096 } })
    for (let n = 1; n <= 4; n++) store.commit({ members: [], moves: [], journal: busy(n) })
    store.close()
    expect(segmentFiles(file)).toEqual(['000001.seg', '000002.seg', '000003.seg', '000004.seg'])
    for (const gone of ['000001.seg', '000003.seg']) rmSync(path.join(`${file}.journal`, gone))
    store = createSqliteStore(openDatabase(file), { segments: { segmentBytes: 4096 } })
    expect(store.journal({ limit: 100 }).map((e) => e.receivedAtMs)).toEqual([14, 13, 12, 8, 7, 6])
    // Counted for whoever reads (weasley-clock journal says how many it could not read).
    const reading = new Database(file, { readonly: true })
    let unreadable = 0
    expect(readJournal(reading, { limit: 100 }, { onUnreadable: () => unreadable++ })).toHaveLength(6)
    reading.close()
    expect(unreadable).toBe(2)
    expectWhole(store.journal({ limit: 100 }))
    store.close()
  })

  it('passes over batches whose bytes a power cut lost, and reads the rest', () => {
    const file = tempFile()
    let store = createSqliteStore(openDatabase(file))
    for (let n = 1; n <= 4; n++) store.commit({ members: [], moves: [], journal: busy(n) })
    store.close()
    const db = new Database(file)
    const rows = db.prepare('SELECT segment, at, bytes FROM journal_batch ORDER BY id').all() as {
      segment: number
      at: number
      bytes: number
    }[]
    db.close()
    const second = rows[1] as (typeof rows)[number]
    const segment = path.join(`${file}.journal`, `${String(second.segment).padStart(6, '0')}.seg`)
    // The second batch's bytes zeroed (never written back), and the file cut short inside the last.
    const fd = openSync(segment, 'r+')
    writeSync(fd, Buffer.alloc(second.bytes), 0, second.bytes, second.at)
    closeSync(fd)
    const lastRow = rows[3] as (typeof rows)[number]
    expect(lastRow.segment).toBe(second.segment)
    truncateSync(segment, lastRow.at + 10)

    store = createSqliteStore(openDatabase(file))
    const times = store.journal({ limit: 100 }).map((e) => e.receivedAtMs)
    expect(times).toEqual([11, 10, 9, 5, 4, 3])
    expectWhole(store.journal({ limit: 100 }))
    store.close()
  })

  it('forgets segment files no row refers to (a database moved aside)', () => {
    const file = tempFile()
    let store = createSqliteStore(openDatabase(file), segmentOptions)
    for (let n = 1; n <= 12; n++) store.commit({ members: [], moves: [], journal: busy(n) })
    store.close()
    expect(segmentFiles(file).length).toBeGreaterThan(1)
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true })
    store = createSqliteStore(openDatabase(file), segmentOptions)
    expect(segmentFiles(file)).toEqual([])
    expect(store.journal({ limit: 100 })).toEqual([])
    store.commit({ members: [], moves: [], journal: busy(13) })
    expect(store.journal({ limit: 100 }).map((e) => e.receivedAtMs)).toEqual([41, 40, 39])
    store.close()
  })

  it('says which folder it cannot use for the journal, in one line', () => {
    const file = tempFile()
    writeFileSync(`${file}.journal`, 'not a folder')
    const db = openDatabase(file)
    expect(() => createSqliteStore(db)).toThrow(
      /^cannot open the message journal's files in \S+clock\.db\.journal: ENOTDIR[^\n]*$/,
    )
    db.close()
  })

  it('keeps the batches of a journal packed in rows (schema 4) and puts the next busy one in a segment', () => {
    const file = tempFile()
    const old = new Database(file)
    for (const step of MIGRATIONS.slice(0, 4)) typeof step === 'string' ? old.exec(step) : step(old)
    old.pragma('user_version = 4')
    old.prepare('INSERT INTO journal_batch (entries, packed) VALUES (?, ?)').run(3, packJournal(busy(1)))
    old.close()
    const store = createSqliteStore(openDatabase(file))
    store.commit({ members: [], moves: [], journal: busy(2) })
    expect(store.journal({ limit: 100 }).map((e) => e.receivedAtMs)).toEqual([8, 7, 6, 5, 4, 3])
    expectWhole(store.journal({ limit: 100 }))
    expect(segmentFiles(file)).toEqual(['000001.seg'])
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
