import { describe, expect, it } from 'vitest'
import { silentLogger } from '../adapters/log/logger.js'
import { createMemoryStore } from '../adapters/sqlite/memory-store.js'
import type { Settings } from '../core/model.js'
import { createPipeline } from './pipeline.js'
import type { StateStore } from './ports.js'
import { createJournalReplay } from './replay-journal.js'

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
    // Journaled again as replayed, when it was replayed, with what the clock made of it now.
    const [notJson, tablet] = store.journal({ limit: 2 })
    expect(tablet).toMatchObject({ replayed: true, outcome: 'accepted', receivedAtMs: NOW_MS })
    expect(notJson).toMatchObject({ replayed: true, outcome: 'rejected', problemCode: 'not-json' })

    // Again: the originals only (never the replays), and nothing the first replay did not do.
    const again = await later.replay({})
    expect(again).toMatchObject({ replayed: 2, accepted: 1, moved: [] })
    expect(store.history({ memberId: 'ann', limit: 10 })).toHaveLength(1)
    expect(store.journal({ limit: 100 })).toHaveLength(6)
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

  it('runs one replay at a time: a second request waits for the first', async () => {
    const store = createMemoryStore()
    const first = clockOn(store, before, RECEIVED_MS)
    for (let i = 0; i < 300; i++) first.receive('ann-tablet', fix('home', TST + i))
    const later = clockOn(store, fixed, NOW_MS)
    const [one, two] = await Promise.all([later.replay({}), later.replay({})])
    expect(one).toMatchObject({ replayed: 300, moved: [{ member: 'Ann', place: 'Home' }] })
    expect(two).toMatchObject({ replayed: 300, moved: [] })
    expect(store.history({ memberId: 'ann', limit: 10 })).toHaveLength(1)
  })
})
