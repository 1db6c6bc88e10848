// Property-based: whatever bytes and topics arrive, the pipeline never throws, the state stays valid,
// every rejection is counted with the reason that fits it, and the good message that follows each bad
// one is applied; committed to a real SQLite file, which a restarted pipeline reads back the same.

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { MESSAGE_TYPES } from '../../test/builders.js'
import { createKeyring, keyFromSecret, seal } from '../adapters/crypto/owntracks-crypto.js'
import { silentLogger } from '../adapters/log/logger.js'
import { openDatabase } from '../adapters/sqlite/open-database.js'
import { createSqliteStore } from '../adapters/sqlite/sqlite-store.js'
import type { Settings } from '../core/model.js'
import type { ProblemCode } from '../core/problems.js'
import { MAX_CLOCK_AHEAD_SEC } from '../core/whereabouts/resolve.js'
import type { MemberState } from '../core/whereabouts/whereabouts.js'
import { createPipeline } from './pipeline.js'

const settings: Settings = {
  family: 'fam',
  members: [
    { id: 'ann', name: 'Ann', deviceIds: ['ann-phone'] },
    { id: 'ben', name: 'Ben', deviceIds: ['ben-phone'] },
  ],
  places: [
    { name: 'Home', key: 'home', aliases: [], lat: 50, lon: 1, radiusMeters: 100 },
    { name: 'Work', key: 'work', aliases: [], lat: 51, lon: 1, radiusMeters: 200 },
  ],
  lostAfterMinutes: 600,
  lwtMeansLost: false,
  maxAccuracyMeters: 500,
  hysteresisMeters: 50,
  maxPayloadBytes: 4096,
}

/** 5,000 in `npm test`; `npm run test:soak` sets a million. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 5_000)

const base = (type: string): Record<string, unknown> => ({
  _type: type,
  lat: 50,
  lon: 1,
  tst: 1_700_000_000,
  acc: 10,
  event: 'enter',
  desc: 'Home',
  inregions: ['Home'],
  waypoints: [{ _type: 'waypoint', desc: 'Home', lat: 50, lon: 1, rad: 100, tst: 1 }],
  data: 'AAAA',
})

/** Near-valid: a real message shape with fields removed or replaced by arbitrary JSON. */
const nearValid = fc
  .record({
    type: fc.constantFrom(...MESSAGE_TYPES),
    drop: fc.subarray([
      '_type',
      'lat',
      'lon',
      'tst',
      'acc',
      'event',
      'desc',
      'inregions',
      'waypoints',
      'data',
    ]),
    // Around the run's wall clock (it starts at 1.7e9 s and advances 2 s a case): past, slightly and
    // far in the future, as seconds or milliseconds.
    tst: fc.option(
      fc
        .tuple(fc.integer({ min: -2_000_000, max: 40_000_000 }), fc.boolean())
        .map(([offset, ms]) => (1_700_000_000 + offset) * (ms ? 1000 : 1)),
    ),
    replace: fc.dictionary(
      fc.constantFrom(
        '_type',
        'lat',
        'lon',
        'tst',
        'acc',
        'event',
        'desc',
        'inregions',
        'waypoints',
        'batt',
        'face',
      ),
      // Any JSON, or a number that may be out of a field's range.
      fc.oneof(fc.jsonValue(), fc.integer({ min: -1000, max: 1000 })),
    ),
  })
  .map(({ type, drop, tst, replace }) => {
    const msg: Record<string, unknown> = { ...base(type), ...(tst === null ? {} : { tst }), ...replace }
    for (const key of drop) delete msg[key]
    return new TextEncoder().encode(JSON.stringify(msg))
  })

/** Ben's phone encrypts (OWNTRACKS.md §3); Ann's has no key. */
const keyring = createKeyring({ devices: new Map([['ben-phone', 'ben-secret-key']]) })
const BEN_KEY = keyFromSecret('ben-secret-key')

/** A near-valid message sealed with Ben's key, inside an `encrypted` envelope. */
const sealed = nearValid.map((inner) =>
  new TextEncoder().encode(JSON.stringify({ _type: 'encrypted', data: seal(inner, BEN_KEY) })),
)

const payload = fc.oneof(
  nearValid,
  sealed,
  fc.uint8Array({ maxLength: 300 }),
  fc.string({ maxLength: 200 }).map((s) => new TextEncoder().encode(s)),
  fc.jsonValue().map((v) => new TextEncoder().encode(JSON.stringify(v) ?? 'null')),
  fc.constant(new Uint8Array(5000)),
)

const topic = fc.oneof(
  fc.constantFrom(
    'owntracks/fam/ann-phone',
    'owntracks/fam/ann-phone/event',
    'owntracks/fam/ben-phone',
    'owntracks/fam/ben-phone/waypoint',
    'owntracks/fam/ben-phone/info',
  ),
  fc.constantFrom(
    'owntracks/fam/stranger',
    'owntracks/other/ann-phone',
    'owntracks/fam',
    'owntracks/fam/+',
    '',
    '#',
    'owntracks//ann-phone',
  ),
  fc.string({ maxLength: 60 }),
)

const DIAL = ['Home', 'Work', 'Traveling', 'Lost']

const DEVICE_TOPICS = [
  'owntracks/fam/ann-phone',
  'owntracks/fam/ann-phone/event',
  'owntracks/fam/ben-phone',
  'owntracks/fam/ben-phone/waypoint',
  'owntracks/fam/ben-phone/info',
]
const strictUtf8 = new TextDecoder('utf-8', { fatal: true })

/** The reasons a rejection of this message may give, worked out apart from the decoder. */
function fittingReasons(topic: string, payload: Uint8Array): readonly ProblemCode[] {
  // The size is checked before anything else, so an oversize payload costs nothing to refuse.
  if (payload.byteLength > settings.maxPayloadBytes) return ['oversize']
  if (!DEVICE_TOPICS.includes(topic)) return ['bad-topic', 'unknown-device']
  // Zero bytes is a message of its own (forget the device, or clear a retained one).
  if (payload.byteLength === 0) return MESSAGE_PROBLEMS
  let value: unknown
  try {
    value = JSON.parse(strictUtf8.decode(payload))
  } catch {
    return ['not-json']
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return ['not-object']
  return MESSAGE_PROBLEMS
}
/** What is wrong with an object on a device's topic, if anything is: such messages may be taken. */
const MESSAGE_PROBLEMS: readonly ProblemCode[] = [
  'missing-field',
  'wrong-type',
  'invalid-value',
  'unknown-type',
  'encrypted-no-key',
  'decrypt-failed',
]

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** What any member's state must look like, whatever arrived: the fuzzed topics reach ben too. */
function expectValid(member: MemberState, nowMs: number): void {
  const w = member.whereabouts
  expect(['at-place', 'traveling', 'lost']).toContain(w.kind)
  if (w.kind === 'at-place') expect(['Home', 'Work']).toContain(w.place)
  expect(member.sinceMs).toBeLessThanOrEqual(nowMs)
  if (member.lastSeenMs !== null) expect(member.lastSeenMs).toBeLessThanOrEqual(nowMs)
  for (const [id, device] of Object.entries(member.devices)) {
    expect(settings.members.find((m) => m.id === member.memberId)?.deviceIds).toContain(id)
    expect(Number.isInteger(device.lastTimestampSec)).toBe(true)
    expect(device.lastTimestampSec).toBeGreaterThanOrEqual(0)
    if (device.placeKey !== null) expect(['home', 'work']).toContain(device.placeKey)
  }
}

describe('pipeline under arbitrary input', () => {
  it(
    'never throws, keeps a valid state, counts every rejection, and applies the next good message',
    () => {
      let now = 1_700_000_000_000
      const dir = mkdtempSync(path.join(tmpdir(), 'weasley-fuzz-'))
      dirs.push(dir)
      const file = path.join(dir, 'clock.db')
      const open = () => {
        // The cases run in one synchronous loop, which a background checkpoint could never answer:
        // SQLite checkpoints as it commits instead.
        const store = createSqliteStore(openDatabase(file), {
          journalLimit: 100,
          backgroundCheckpoints: false,
        })
        const pipeline = createPipeline({
          settings,
          display: { colorCycle: [] },
          store,
          logger: silentLogger,
          now: () => now,
          connection: () => ({ connected: true }),
          schedule: () => undefined, // flushed by hand below
          decrypt: keyring.decrypt,
        })
        return { pipeline, store }
      }
      const { pipeline, store } = open()
      const reasonsSeen = new Set<string>()
      let runs = 0
      let previousGood: Uint8Array | undefined
      fc.assert(
        fc.property(topic, payload, fc.constantFrom('Home', 'Work'), (t, p, goodPlace) => {
          runs++
          now += 1000
          const before = pipeline.stats()
          const outcome = pipeline.handle({ topic: t, payload: p, receivedAtMs: now })
          const after = pipeline.stats()
          expect(['accepted', 'ignored', 'rejected']).toContain(outcome)
          // Counted once, under what happened to it.
          expect([after.accepted - before.accepted, after.ignored - before.ignored]).toEqual([
            outcome === 'accepted' ? 1 : 0,
            outcome === 'ignored' ? 1 : 0,
          ])
          expect(after.rejected).toBe(before.rejected + (outcome === 'rejected' ? 1 : 0))
          const fitting = fittingReasons(t, p)
          // Messages the decoder cannot make sense of are never taken.
          if (fitting !== MESSAGE_PROBLEMS) expect(outcome).toBe('rejected')
          if (outcome === 'rejected') {
            const reasons = Object.entries(after.rejectedByReason).filter(
              ([code, n]) => n !== before.rejectedByReason[code as keyof typeof before.rejectedByReason],
            )
            expect(reasons).toHaveLength(1)
            expect(fitting).toContain(reasons[0]?.[0])
            reasonsSeen.add(reasons[0]?.[0] as string)
          }
          // A good location right after: it must be applied whatever came before. Its tst is this
          // clock's time, unless the device last sent a plausible time ahead of it (a phone's clock may
          // run up to MAX_CLOCK_AHEAD_SEC fast): then the phone's next fix comes after that one.
          now += 1000
          const device = pipeline.state().members.ann?.devices['ann-phone']
          const anchor = Math.max(device?.lastTimestampSec ?? 0, device?.lastLocationSec ?? 0)
          const plausible = anchor <= now / 1000 + MAX_CLOCK_AHEAD_SEC
          const tst = Math.max(Math.floor(now / 1000), plausible ? anchor + 1 : 0)
          const place = goodPlace === 'Home' ? { lat: 50, lon: 1 } : { lat: 51, lon: 1 }
          const good = new TextEncoder().encode(
            JSON.stringify({ _type: 'location', ...place, acc: 10, tid: 'AN', tst }),
          )
          expect(
            pipeline.handle({ topic: 'owntracks/fam/ann-phone', payload: good, receivedAtMs: now }),
          ).toBe('accepted')
          // And the previous good one again (a QoS 1 redelivery): it must not move the hand back.
          if (previousGood)
            pipeline.handle({ topic: 'owntracks/fam/ann-phone', payload: previousGood, receivedAtMs: now })
          previousGood = good
          pipeline.flush()
          const state = pipeline.state()
          expect(Object.keys(state.members).sort()).toEqual(['ann', 'ben'])
          expect(state.members.ann?.whereabouts).toEqual({ kind: 'at-place', place: goodPlace })
          for (const member of Object.values(state.members)) expectValid(member, now)
          expect(
            pipeline
              .view()
              .members.map((m) => m.place)
              .every((p) => DIAL.includes(p)),
          ).toBe(true)
        }),
        { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 42) },
      )
      expect(runs).toBeGreaterThanOrEqual(RUNS)
      const stats = pipeline.stats()
      expect(stats.accepted + stats.ignored + stats.rejected).toBe(runs * 3 - 1)
      // The generators reach every kind of rejection.
      expect([...reasonsSeen]).toEqual(
        expect.arrayContaining([
          'bad-topic',
          'decrypt-failed',
          'encrypted-no-key',
          'invalid-value',
          'missing-field',
          'not-json',
          'not-object',
          'oversize',
          'unknown-device',
          'unknown-type',
          'wrong-type',
        ]),
      )
      // What was committed is what a restarted clock starts from.
      // As JSON, as it is kept (a fuzzed -0 comes back as 0).
      const asJson = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown
      const kept = asJson(pipeline.state())
      store.close()
      const restarted = open()
      expect(asJson(restarted.pipeline.state())).toEqual(kept)
      restarted.store.close()
    },
    Math.max(60_000, RUNS * 3),
  )
})
