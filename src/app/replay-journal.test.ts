import { describe, expect, it } from 'vitest'
import { silentLogger } from '../adapters/log/logger.js'
import { createMemoryStore } from '../adapters/sqlite/memory-store.js'
import type { Settings } from '../core/model.js'
import { createPipeline } from './pipeline.js'
import type { StateStore } from './ports.js'
import { createJournalReplay, waitingForReplay } from './replay-journal.js'

const HOUR = 3_600_000
/** The replay's time; the messages were received two hours before, made a minute after that. */
const NOW_MS = 1_700_000_000_000
const RECEIVED_MS = NOW_MS - 2 * HOUR
const TST = RECEIVED_MS / 1000 + 60

const before: Settings = {
  family: 'fam',
  members: [{ id: 'ann', name: 'Ann', deviceIds: ['ann-phone'] }],
  places: [{ name: 'Home', key: 'home', aliases: [], lat: 50, lon: 1, radiusMeters: 100 }],
  lostAfterMinutes: 600,
  lwtMeansLost: false,
  maxAccuracyMeters: 500,
  hysteresisMeters: 50,
  maxPayloadBytes: 1024,
}
/** The config put right: Ann's tablet named, bigger payloads taken. */
const fixed: Settings = {
  ...before,
  members: [{ id: 'ann', name: 'Ann', deviceIds: ['ann-phone', 'ann-tablet'] }],
  maxPayloadBytes: 64 * 1024,
}

/** A clock over `store` with `settings` at `nowMs`, whose commits come when it (or the replay) flushes. */
function clockOn(store: StateStore, settings: Settings, nowMs: number) {
  const pipeline = createPipeline({
    settings,
    display: { colorCycle: [] },
    store,
    logger: silentLogger,
    now: () => nowMs,
    connection: () => ({ connected: true }),
    schedule: () => {},
  })
  const receive = (device: string, payload: string) => {
    pipeline.handle({ topic: `owntracks/fam/${device}`, payload: Buffer.from(payload), receivedAtMs: nowMs })
    pipeline.flush()
  }
  return { pipeline, receive, replay: createJournalReplay({ pipeline, store, now: () => nowMs }) }
}

const fix = (place: 'home' | 'away', tst: number, pad = 0) =>
  JSON.stringify({
    _type: 'location',
    lat: place === 'home' ? 50 : 51,
    lon: 1,
    acc: 10,
    tst,
    pad: 'x'.repeat(pad),
  })

const ann = (clock: ReturnType<typeof clockOn>) => clock.pipeline.view().members.find((m) => m.id === 'ann')

describe('replaying rejected messages from the journal', () => {
  it('takes a message refused for an unknown device once the config names it, and moves the hand', async () => {
    const store = createMemoryStore()
    const first = clockOn(store, before, RECEIVED_MS)
    first.receive('ann-tablet', fix('home', TST))
    first.receive('ann-phone', '{"_type":"location",')
    expect(ann(first)?.place).not.toBe('Home')

    const later = clockOn(store, fixed, NOW_MS)
    const report = await later.replay({})
    expect(report).toEqual({
      replayed: 2,
      accepted: 1,
      ignored: 0,
      stillRejected: { 'not-json': 1 },
      failed: 0,
      moved: [{ member: 'Ann', place: 'Home' }],
    })
    expect(ann(later)).toMatchObject({ place: 'Home', sinceMs: TST * 1000 })
    expect(store.history({ memberId: 'ann', limit: 10 }).map((h) => h.to)).toEqual(['Home'])
    // The one taken is journaled as a replay: when it was replayed, what came of it, when first received.
    expect(store.journal({ limit: 10 }).map((e) => [e.outcome, e.receivedAtMs, e.replayedFromMs])).toEqual([
      ['accepted', NOW_MS, RECEIVED_MS],
      ['rejected', RECEIVED_MS, undefined],
      ['rejected', RECEIVED_MS, undefined],
    ])

    // Again: only the one still refused, and nothing journaled for it (its first receipt waits).
    const again = await later.replay({})
    expect(again).toMatchObject({ replayed: 1, accepted: 0, stillRejected: { 'not-json': 1 }, moved: [] })
    expect(store.history({ memberId: 'ann', limit: 10 })).toHaveLength(1)
    expect(store.journal({ limit: 100 })).toHaveLength(3)
  })

  it('applies no old Last Will, forgetting or card over what came since, and counts no replay as news', async () => {
    const store = createMemoryStore()
    const first = clockOn(store, before, RECEIVED_MS)
    const sent = (payload: object, topic = '') => first.receive(`ann-tablet${topic}`, JSON.stringify(payload))
    sent({ _type: 'card', name: 'Old Name' })
    sent({ _type: 'lwt', tst: TST })
    first.receive('ann-tablet', '')
    const later = clockOn(store, fixed, NOW_MS)
    // Since the fix, the tablet is home, online, and named anew.
    const now = (payload: string) =>
      later.pipeline.handle({
        topic: 'owntracks/fam/ann-tablet',
        payload: Buffer.from(payload),
        receivedAtMs: NOW_MS - 1000,
      })
    now(fix('home', NOW_MS / 1000 - 1))
    now(JSON.stringify({ _type: 'card', name: 'New Name' }))
    later.pipeline.flush()
    const stats = later.pipeline.stats()

    expect(await later.replay({})).toMatchObject({ replayed: 3, accepted: 0, ignored: 3, moved: [] })
    expect(ann(later)).toMatchObject({ name: 'New Name', place: 'Home', online: true })
    expect(later.pipeline.state().members.ann?.devices['ann-tablet']).toBeDefined()
    expect(later.pipeline.stats()).toEqual(stats)

    // Ann's card with her photo was refused as too big while her fixes were taken: once the limit is
    // raised, it is the only card there is, and shown.
    const quiet = createMemoryStore()
    const then = clockOn(quiet, before, RECEIVED_MS)
    then.receive('ann-phone', JSON.stringify({ _type: 'card', name: 'Ann P', face: 'A'.repeat(2000) }))
    then.receive('ann-phone', fix('home', TST))
    const raised = clockOn(quiet, fixed, NOW_MS)
    expect(await raised.replay({})).toMatchObject({ replayed: 1, accepted: 1 })
    expect(ann(raised)?.name).toBe('Ann P')
  })

  it('takes an old region where the phone has taught none like it since, and no full list over a newer one', async () => {
    const store = createMemoryStore()
    const first = clockOn(store, before, RECEIVED_MS)
    const region = (createdSec: number, desc: string) => ({
      _type: 'waypoint',
      desc,
      lat: 52,
      lon: 1,
      rad: 100,
      tst: createdSec,
    })
    first.receive('ann-tablet/waypoint', JSON.stringify(region(1_000, 'Gran')))
    first.receive(
      'ann-tablet/waypoints',
      JSON.stringify({ _type: 'waypoints', waypoints: [region(2_000, 'Old list')] }),
    )
    const later = clockOn(store, fixed, NOW_MS)
    // Since the fix, the tablet taught a region of its own.
    later.pipeline.handle({
      topic: 'owntracks/fam/ann-tablet/waypoint',
      payload: Buffer.from(JSON.stringify(region(3_000, 'Pool'))),
      receivedAtMs: NOW_MS - 1000,
    })
    expect(await later.replay({})).toMatchObject({ replayed: 2, accepted: 1, ignored: 1 })
    const taught = later.pipeline.state().members.ann?.learnedRegions?.map((r) => r.name)
    expect(taught?.sort()).toEqual(['Gran', 'Pool'])
  })

  it('tells apart messages that came in the same millisecond, of one size, on one topic', async () => {
    const store = createMemoryStore()
    const first = clockOn(store, before, RECEIVED_MS)
    // A phone's offline queue in one burst: a good fix, and one whose latitude is out of range.
    first.receive('ann-tablet', fix('home', TST).replace('"lat":50', '"lat":95'))
    first.receive('ann-tablet', fix('home', TST))
    const later = clockOn(store, fixed, NOW_MS)
    expect(await later.replay({})).toMatchObject({ replayed: 2, accepted: 1 })
    const waiting = waitingForReplay(store.journal({ limit: 100, forReplay: true }))
    expect(waiting.map((e) => e.problemCode)).toEqual(['unknown-device'])
    expect(Buffer.from(waiting[0]?.payload ?? []).toString()).toContain('"lat":95')
  })

  it('keeps every refused message for the next fix when a replay comes too early', async () => {
    const store = createMemoryStore({ journalLimit: 1_000 })
    const first = clockOn(store, before, RECEIVED_MS)
    for (let i = 0; i < 800; i++) first.receive('ann-tablet', fix('home', TST + (i % 500)))
    // The config is not put right yet: every one refused again, none lost.
    const early = clockOn(store, before, NOW_MS)
    expect(await early.replay({})).toMatchObject({ replayed: 800, stillRejected: { 'unknown-device': 800 } })
    expect(await early.replay({})).toMatchObject({ replayed: 800 })
    const later = clockOn(store, fixed, NOW_MS)
    expect(await later.replay({})).toMatchObject({ replayed: 800, accepted: 800 })
  })

  it('never moves a hand back past a newer fix, and counts a replayed fix as heard when it was sent', async () => {
    const store = createMemoryStore()
    const first = clockOn(store, before, RECEIVED_MS)
    first.receive('ann-phone', fix('home', TST, 2000))
    first.receive('ann-phone', fix('away', TST + 60))
    expect(ann(first)?.place).toBe('Traveling')

    const later = clockOn(store, fixed, NOW_MS)
    expect(await later.replay({ code: 'oversize' })).toMatchObject({ replayed: 1, accepted: 1, moved: [] })
    // Heard when it was made (a minute after the clock received the newer one: a phone's clock ahead).
    expect(ann(later)).toMatchObject({ place: 'Traveling', lastSeenMs: TST * 1000 })

    // Alone, the same late fix moves the hand, and says nothing of the phone being alive now.
    const alone = createMemoryStore()
    clockOn(alone, before, RECEIVED_MS).receive('ann-phone', fix('home', TST, 2000))
    const replayed = clockOn(alone, fixed, NOW_MS)
    await replayed.replay({})
    expect(ann(replayed)).toMatchObject({ place: 'Home', lastSeenMs: TST * 1000 })
  })

  it('picks by reason and time, and replays oldest first, a few hundred at a time', async () => {
    const store = createMemoryStore()
    const first = clockOn(store, before, RECEIVED_MS)
    for (let i = 0; i < 600; i++) first.receive('ann-tablet', fix(i % 2 ? 'away' : 'home', TST + i))
    first.receive('ann-phone', 'not json')
    const later = clockOn(store, fixed, NOW_MS)

    const report = await later.replay({ code: 'unknown-device', sinceMs: RECEIVED_MS })
    expect(report).toMatchObject({ replayed: 600, accepted: 600, stillRejected: {} })
    // The newest of them, replayed last, is where the hand points: an away fix.
    expect(ann(later)).toMatchObject({ place: 'Traveling', sinceMs: (TST + 599) * 1000 })
    const replays = store
      .journal({ limit: 600 })
      .reverse()
      .map((e) => JSON.parse(Buffer.from(e.payload).toString()).tst)
    expect(replays).toEqual(Array.from({ length: 600 }, (_, i) => TST + i))
    expect(await later.replay({ sinceMs: RECEIVED_MS + 1 })).toMatchObject({ replayed: 0 })
    expect(await later.replay({ code: 'not-json' })).toMatchObject({
      replayed: 1,
      stillRejected: { 'not-json': 1 },
    })
  })

  it('reports the hands the replayed messages moved, not those live messages moved meanwhile', async () => {
    const bob = { id: 'bob', name: 'Bob', deviceIds: ['bob-phone'] }
    const store = createMemoryStore()
    const first = clockOn(store, { ...before, members: [...before.members, bob] }, RECEIVED_MS)
    for (let i = 0; i < 300; i++) first.receive('ann-tablet', fix('home', TST + i))
    const later = clockOn(store, { ...fixed, members: [...fixed.members, bob] }, NOW_MS)
    const replaying = later.replay({})
    // Between the replay's first few hundred and the rest: Bob's phone, live.
    later.pipeline.handle({
      topic: 'owntracks/fam/bob-phone',
      payload: Buffer.from(fix('home', NOW_MS / 1000 - 1)),
      receivedAtMs: NOW_MS,
    })
    expect((await replaying).moved).toEqual([{ member: 'Ann', place: 'Home' }])
    expect(later.pipeline.view().members.find((m) => m.id === 'bob')?.place).toBe('Home')
  })

  it('runs one replay at a time: a second request reads the journal once the first is committed', async () => {
    const memory = createMemoryStore()
    const first = clockOn(memory, before, RECEIVED_MS)
    for (let i = 0; i < 300; i++) first.receive('ann-tablet', fix('home', TST + i))
    // The commits made before each read of the journal.
    let commits = 0
    const reads: number[] = []
    const store: StateStore = {
      ...memory,
      commit(batch) {
        commits++
        memory.commit(batch)
      },
      journal(options) {
        reads.push(commits)
        return memory.journal(options)
      },
    }
    const later = clockOn(store, fixed, NOW_MS)
    const [one, two] = await Promise.all([later.replay({}), later.replay({})])
    expect(reads).toHaveLength(2)
    expect(reads[1]).toBeGreaterThan(reads[0] as number)
    expect(one).toMatchObject({ replayed: 300, moved: [{ member: 'Ann', place: 'Home' }] })
    // The first took them all: nothing waits for the second.
    expect(two).toMatchObject({ replayed: 0 })
    expect(store.history({ memberId: 'ann', limit: 10 })).toHaveLength(1)
  })
})
