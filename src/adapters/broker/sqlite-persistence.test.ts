import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { PersistedPacket } from 'aedes-persistence/asyncPersistence.js'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { openDatabase } from '../sqlite/open-database.js'
import {
  MAX_QUEUED_BYTES_PER_CLIENT,
  MAX_QUEUED_PER_CLIENT,
  MAX_UNRELEASED_PER_ACCOUNT,
} from './bounded-persistence.js'
import { RETAINED_WRITE_DELAY_MS } from './retained-write-behind.js'
import { SqlitePersistence } from './sqlite-persistence.js'

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

  it('says what its writes added, for the background checkpoints of the database they go to', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'weasley-persist-'))
    dirs.push(dir)
    const written: number[] = []
    const persistence = new SqlitePersistence(openDatabase(path.join(dir, 'broker.db')), {
      onCommitted: (bytes) => written.push(bytes),
    })
    await persistence.storeRetained(packet('owntracks/f/ron', 'x'.repeat(300)))
    expect(written).toEqual([])
    persistence.flushRetained()
    expect(written).toHaveLength(1)
    expect(written[0]).toBeGreaterThan(300)
    await persistence.outgoingEnqueueCombi(
      [{ clientId: 'a' }, { clientId: 'b' }],
      packet('t', 'y'.repeat(100)),
    )
    expect(written).toHaveLength(2)
    expect(written[1]).toBeGreaterThan(200)
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

describe('queued messages for a sleeping phone', () => {
  it('stay bounded per client, the newest kept, while another client keeps its own', async () => {
    const { db, persistence } = open()
    const total = MAX_QUEUED_PER_CLIENT + 250
    for (let i = 1; i <= total; i++) {
      const p = { ...packet('owntracks/f/cmd', `{"n":${i}}`), retain: false, brokerCounter: i }
      await persistence.outgoingEnqueueCombi([{ clientId: 'ron-phone' }], p as PersistedPacket)
      if (i <= 3) await persistence.outgoingEnqueueCombi([{ clientId: 'ginny-phone' }], p as PersistedPacket)
    }
    const rows = (client: string) =>
      db
        .prepare('SELECT broker_counter FROM broker_outgoing WHERE client_id = ? ORDER BY id')
        .pluck()
        .all(client) as number[]
    const ron = rows('ron-phone')
    // Enforced every few enqueues, so it may be over the bound by fewer than that many.
    expect(ron.length).toBeGreaterThanOrEqual(MAX_QUEUED_PER_CLIENT)
    expect(ron.length).toBeLessThan(MAX_QUEUED_PER_CLIENT + 64)
    expect(ron.at(-1)).toBe(total)
    expect(ron).toEqual(Array.from({ length: ron.length }, (_, i) => total - ron.length + 1 + i))
    expect(rows('ginny-phone')).toEqual([1, 2, 3])
    // The copy in memory, which aedes sends from, is bounded the same way.
    const inMemory = await persistence
      .outgoingStream({ id: 'ron-phone' } as Parameters<SqlitePersistence['outgoingStream']>[0])
      .toArray()
    const counters = inMemory.map((p: PersistedPacket) => p.brokerCounter)
    expect(counters.length).toBeGreaterThanOrEqual(MAX_QUEUED_PER_CLIENT)
    expect(counters.length).toBeLessThanOrEqual(MAX_QUEUED_PER_CLIENT + 64)
    expect(counters).toEqual(
      Array.from({ length: counters.length }, (_, i) => total - counters.length + 1 + i),
    )
  })
})

describe('queued messages, by size', () => {
  it(`stay within ${MAX_QUEUED_BYTES_PER_CLIENT / 2 ** 20} MiB per client, the newest kept, on disk and in memory`, async () => {
    const { db, persistence } = open()
    const big = 'x'.repeat(300_000)
    for (let i = 1; i <= 60; i++) {
      const p = { ...packet('owntracks/f/ron/event', big), retain: false, brokerCounter: i }
      await persistence.outgoingEnqueueCombi([{ clientId: 'ron-phone' }], p as PersistedPacket)
    }
    const onDisk = db
      .prepare('SELECT broker_counter, length(payload) AS bytes FROM broker_outgoing ORDER BY id')
      .all() as { broker_counter: number; bytes: number }[]
    const diskBytes = onDisk.reduce((sum, row) => sum + row.bytes, 0)
    // Cut on disk every mebibyte written, so it may be over by less than that.
    expect(diskBytes).toBeLessThanOrEqual(MAX_QUEUED_BYTES_PER_CLIENT + 2 ** 20)
    expect(onDisk.at(-1)?.broker_counter).toBe(60)
    const inMemory = await persistence
      .outgoingStream({ id: 'ron-phone' } as Parameters<SqlitePersistence['outgoingStream']>[0])
      .toArray()
    const counters = inMemory.map((p: PersistedPacket) => p.brokerCounter)
    expect(counters.length * 300_000).toBeLessThanOrEqual(MAX_QUEUED_BYTES_PER_CLIENT)
    expect(counters).toEqual(Array.from({ length: counters.length }, (_, i) => 61 - counters.length + i))
    expect(counters.length).toBe(Math.floor(MAX_QUEUED_BYTES_PER_CLIENT / 300_000))
    // One bigger than the bound on its own is still kept: the newest always is.
    const huge = {
      ...packet('owntracks/f/ron/info', 'y'.repeat(MAX_QUEUED_BYTES_PER_CLIENT + 1)),
      retain: false,
      brokerCounter: 61,
    }
    await persistence.outgoingEnqueueCombi([{ clientId: 'ron-phone' }], huge as PersistedPacket)
    const after = await persistence
      .outgoingStream({ id: 'ron-phone' } as Parameters<SqlitePersistence['outgoingStream']>[0])
      .toArray()
    expect(after.map((p: PersistedPacket) => p.brokerCounter)).toEqual([61])
    expect(db.prepare('SELECT broker_counter FROM broker_outgoing').pluck().all()).toEqual([61])
  })
})

describe('QoS 2 messages waiting for their PUBREL', () => {
  it(`keeps the newest ${MAX_UNRELEASED_PER_ACCOUNT} of an account across a restart, also of what an older version kept past that`, async () => {
    const { db, persistence } = open()
    const client = { id: 'fam/ron|ron-phone' } as Parameters<SqlitePersistence['incomingStorePacket']>[0]
    for (let id = 1; id <= MAX_UNRELEASED_PER_ACCOUNT; id++)
      await persistence.incomingStorePacket(client, {
        ...packet('owntracks/fam/ron', '{}'),
        qos: 2,
        messageId: id,
      })
    // Written by hand, as a version without the bound could have.
    const insert = db.prepare(
      'INSERT INTO broker_incoming (client_id, message_id, packet, payload) VALUES (?, ?, ?, ?)',
    )
    for (let id = 100; id < 110; id++)
      insert.run('fam/ron|old-install', id, '{"cmd":"publish","topic":"t","qos":2}', Buffer.from('{}'))
    const restarted = new SqlitePersistence(db)
    await restarted.setup(undefined)
    // What is past the bound goes once the stores under way are done (the next turn of the loop).
    const settled = () => new Promise((resolve) => setImmediate(resolve))
    await settled()
    const count = () => db.prepare('SELECT COUNT(*) FROM broker_incoming').pluck().get()
    expect(count()).toBe(MAX_UNRELEASED_PER_ACCOUNT)
    expect(restarted.unreleasedOf('fam/ron|')).toBe(MAX_UNRELEASED_PER_ACCOUNT)
    // The account is full: one more pushes its oldest out; one released makes room.
    const more = { ...packet('owntracks/fam/ron', '{}'), qos: 2, messageId: 200 } as PersistedPacket
    await restarted.incomingStorePacket(client, more)
    await settled()
    expect(count()).toBe(MAX_UNRELEASED_PER_ACCOUNT)
    await restarted.incomingDelPacket(client, more)
    expect(count()).toBe(MAX_UNRELEASED_PER_ACCOUNT - 1)
    expect(restarted.unreleasedOf('fam/ron|')).toBe(MAX_UNRELEASED_PER_ACCOUNT - 1)
    // Another account has its own room.
    await restarted.incomingStorePacket({ id: 'fam/ginny|g' } as typeof client, more)
    expect(restarted.unreleasedOf('fam/ginny|')).toBe(1)
    // A clean start of a client forgets what it held.
    await restarted.cleanIncoming({ id: 'fam/ginny|g' } as typeof client)
    expect(restarted.unreleasedOf('fam/ginny|')).toBe(0)
  })
})

describe('packet ids of queued messages, written at the end of the turn', () => {
  it('numbers a queued message when it goes out and removes it at its PUBACK, in one later write', async () => {
    const { db, persistence } = open()
    const client = { id: 'clock' } as Parameters<SqlitePersistence['outgoingUpdate']>[0]
    const queued = () =>
      db.prepare('SELECT message_id FROM broker_outgoing WHERE client_id = ?').pluck().all('clock')
    const p = { ...packet('owntracks/f/ron', '{"tst":1}'), retain: false } as PersistedPacket
    await persistence.outgoingEnqueueCombi([{ clientId: 'clock' }], p)
    // The message itself is written through at once.
    expect(queued()).toEqual([null])
    await persistence.outgoingUpdate(client, { ...p, messageId: 7 } as PersistedPacket)
    expect(queued()).toEqual([null])
    await new Promise((resolve) => setImmediate(resolve))
    expect(queued()).toEqual([7])
    await persistence.outgoingClearMessageId(client, { ...p, messageId: 7 } as PersistedPacket)
    expect(queued()).toEqual([7])
    // Closing writes what is pending without waiting for the turn to end.
    persistence.flushIdUpdates()
    expect(queued()).toEqual([])
  })
})

describe('the queue a client is sent when it connects', () => {
  const drain = async (stream: AsyncIterable<unknown>) => {
    const got: string[] = []
    for await (const p of stream) got.push((p as PersistedPacket).payload.toString())
    return got
  }
  const clientNamed = (id: string) => ({ id }) as Parameters<SqlitePersistence['outgoingStream']>[0]

  it('is empty for a client that never had anything queued, and holds the messages of one that has', async () => {
    const { db, persistence } = open()
    const p = { ...packet('owntracks/f/cmd', '{"_type":"cmd"}'), retain: false } as PersistedPacket
    await persistence.outgoingEnqueueCombi([{ clientId: 'ron-phone' }], p)
    expect(await drain(persistence.outgoingStream(clientNamed('ginny-phone')))).toEqual([])
    expect(await drain(persistence.outgoingStream(clientNamed('ron-phone')))).toEqual(['{"_type":"cmd"}'])

    // After a restart, from what was written.
    const restarted = new SqlitePersistence(db)
    await restarted.setup({})
    expect(await drain(restarted.outgoingStream(clientNamed('ron-phone')))).toEqual(['{"_type":"cmd"}'])
    expect(await drain(restarted.outgoingStream(clientNamed('ginny-phone')))).toEqual([])
  })
})

describe('subscriptions kept by an older version', () => {
  it('forgets at start-up the filters the topic rules now refuse, and keeps the others', async () => {
    const { db } = open()
    const insert = db.prepare('INSERT INTO broker_subscription (client_id, topic, options) VALUES (?, ?, ?)')
    insert.run('fam/ron|phone', 'owntracks/fam/+', '{"qos":1}')
    insert.run('fam/ron|phone', 'owntracks/fam/ron/event/#', '{"qos":1}')
    insert.run('fam/ron|phone', `owntracks/fam/${'x'.repeat(60_000)}`, '{"qos":1}')
    insert.run('fam/ron|phone', 'owntracks/fam/a/b/c/d', '{"qos":1}')
    const restarted = new SqlitePersistence(db)
    await restarted.setup(undefined)
    expect(db.prepare('SELECT topic FROM broker_subscription ORDER BY topic').pluck().all()).toEqual([
      'owntracks/fam/+',
      'owntracks/fam/ron/event/#',
    ])
  })
})
