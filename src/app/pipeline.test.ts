import { describe, expect, it } from 'vitest'
import { createConsoleLogger, silentLogger } from '../adapters/log/logger.js'
import { createMemoryStore } from '../adapters/sqlite/memory-store.js'
import type { Settings } from '../core/model.js'
import { createPipeline, type PipelineDeps } from './pipeline.js'
import type { StateStore } from './ports.js'
import { createTopicSpellings } from './topic-spellings.js'

const settings: Settings = {
  family: 'fam',
  members: [{ id: 'ann', name: 'Ann', deviceIds: ['ann-phone'] }],
  places: [{ name: 'Home', key: 'home', aliases: [], lat: 50, lon: 1, radiusMeters: 100 }],
  lostAfterMinutes: 600,
  lwtMeansLost: false,
  maxAccuracyMeters: 500,
  hysteresisMeters: 50,
  maxPayloadBytes: 64 * 1024,
}

/** A pipeline whose scheduled flush never comes: only its batch bounds commit. */
function pipelineWith(bounds: Pick<PipelineDeps, 'maxBatch' | 'maxBatchBytes'>) {
  const memory = createMemoryStore()
  const committed: number[] = []
  const store: StateStore = {
    ...memory,
    commit(batch) {
      committed.push(batch.journal.length)
      memory.commit(batch)
    },
  }
  const pipeline = createPipeline({
    settings,
    display: { colorCycle: [] },
    store,
    logger: silentLogger,
    now: () => 1_700_000_000_000,
    connection: () => ({ connected: true }),
    schedule: () => {},
    ...bounds,
  })
  let tst = 1_700_000_000
  const publish = (padding: number) =>
    pipeline.handle({
      topic: 'owntracks/fam/ann-phone',
      payload: Buffer.from(
        JSON.stringify({ _type: 'location', lat: 50, lon: 1, tst: tst++, pad: 'x'.repeat(padding) }),
      ),
      receivedAtMs: 1_700_000_000_000,
    })
  return { committed, publish }
}

describe('pipeline group commits', () => {
  it('commits once the pending payloads reach maxBatchBytes, without waiting for the scheduled flush', () => {
    const { committed, publish } = pipelineWith({ maxBatch: 512, maxBatchBytes: 4096 })
    for (let i = 0; i < 3; i++) publish(1000)
    expect(committed).toEqual([])
    publish(1000)
    // Four payloads of ~1,050 bytes cross 4,096.
    expect(committed).toEqual([4])
    for (let i = 0; i < 4; i++) publish(1000)
    expect(committed).toEqual([4, 4])
  })

  it('commits at maxBatch messages, however small', () => {
    const { committed, publish } = pipelineWith({ maxBatch: 3, maxBatchBytes: 1024 * 1024 })
    for (let i = 0; i < 7; i++) publish(0)
    expect(committed).toEqual([3, 3])
  })
})

const NOW_MS = 1_700_000_000_000

/** A pipeline over `store` whose flushes run only when the test calls them. */
function manualPipeline(store: StateStore, atMs = NOW_MS, more: Partial<PipelineDeps> = {}) {
  return createPipeline({
    settings,
    display: { colorCycle: [] },
    store,
    logger: silentLogger,
    now: () => atMs,
    connection: () => ({ connected: true }),
    schedule: () => {},
    ...more,
  })
}

/** Ann's phone at a place, as received now, on `topic`. */
const annAt = (place: 'home' | 'away', tst: number, topic = 'owntracks/fam/ann-phone') => ({
  topic,
  payload: at(place, tst),
  receivedAtMs: NOW_MS,
})

const at = (place: 'home' | 'away', tst: number) =>
  Buffer.from(JSON.stringify({ _type: 'location', lat: place === 'home' ? 50 : 51, lon: 1, acc: 10, tst }))

/** A pipeline over a fresh memory store (as `manualPipeline`), with what it logs at info and above. */
function loggingPipeline(more: Partial<PipelineDeps> = {}) {
  const logs: string[] = []
  const logger = createConsoleLogger({ level: 'info', write: (line) => logs.push(line) })
  return { pipeline: manualPipeline(createMemoryStore(), NOW_MS, { logger, ...more }), logs }
}

describe('pipeline journal', () => {
  it('keeps no payload of a dump or configuration message: they carry the phone’s password and key', () => {
    const pipeline = manualPipeline(createMemoryStore())
    const secret = { password: 'pw-of-ann', encryptionKey: 'key-of-ann' }
    for (const type of ['dump', 'configuration']) {
      const payload = Buffer.from(JSON.stringify({ _type: type, ...secret }))
      const made = pipeline.handleJournaled({
        topic: `owntracks/fam/ann-phone/${type}`,
        payload,
        receivedAtMs: NOW_MS,
      })
      expect(made?.entry).toMatchObject({ outcome: 'ignored', payload: new Uint8Array(0) })
    }
    // Rejected ones too (a device the config does not have: its dump is refused, and still holds secrets).
    const stranger = pipeline.handleJournaled({
      topic: 'owntracks/fam/stranger/dump',
      payload: Buffer.from(JSON.stringify({ _type: 'dump', ...secret })),
      receivedAtMs: NOW_MS,
    })
    expect(stranger?.entry).toMatchObject({ outcome: 'rejected', payload: new Uint8Array(0) })
    // Any other message is journaled as it came.
    const location = pipeline.handleJournaled(annAt('home', 1_699_999_990))
    expect(Buffer.from(location?.entry.payload ?? [])).toEqual(at('home', 1_699_999_990))
  })
})

describe('how a phone sends', () => {
  it('is told of its plain locations as they come, never of a replay of an old one', () => {
    const plain: string[] = []
    const pipeline = manualPipeline(createMemoryStore(), NOW_MS, { sentPlain: (d) => void plain.push(d) })
    pipeline.handle({ ...annAt('home', 1_699_999_000), replayedFromMs: NOW_MS - 60_000 })
    expect(plain).toEqual([])
    pipeline.handle(annAt('home', 1_699_999_990))
    expect(plain).toEqual(['ann-phone'])
  })
})

describe('pipeline faults and floods', () => {
  it('answers a fault while handling a message with no PUBACK, and keeps going', () => {
    let failed = false
    const { pipeline, logs } = loggingPipeline({
      // Saving a new spelling of a device id on a full disk, say (once).
      onDeviceSpelling: () => {
        if (!failed) {
          failed = true
          throw new Error('database or disk is full')
        }
      },
    })
    const answers: (Error | undefined)[] = []
    expect(() =>
      pipeline.handle(annAt('home', 1_700_000_000, 'owntracks/fam/ANN-PHONE'), (error) =>
        answers.push(error),
      ),
    ).not.toThrow()
    expect(answers.map((error) => error?.message)).toEqual(['database or disk is full'])
    expect(logs).toEqual([
      expect.stringContaining(
        'could not handle a message on owntracks/fam/ANN-PHONE: database or disk is full',
      ),
    ])
    pipeline.handle(annAt('home', 1_700_000_000), (error) => answers.push(error))
    pipeline.flush()
    expect(answers).toHaveLength(2)
    expect(answers[1]).toBeUndefined()
  })

  it('answers a message once when the view after its commit cannot be built', () => {
    let broken = false
    const { pipeline, logs } = loggingPipeline({
      // A batch of one: the commit, its acknowledgement and the displays run inside handle().
      maxBatch: 1,
      connection: () => {
        if (broken) throw new Error('no connection view')
        return { connected: true }
      },
    })
    pipeline.addOutput({ show: () => {} })
    broken = true
    const answers: (Error | undefined)[] = []
    pipeline.handle(annAt('home', 1_700_000_000), (error) => answers.push(error))
    expect(answers).toEqual([undefined])
    expect(logs).toEqual([expect.stringContaining("could not build the clock's view: no connection view")])
  })

  it('logs a fault while settling the hands on its timer instead of throwing it', () => {
    let broken = false
    const { pipeline, logs } = loggingPipeline({
      now: () => {
        if (broken) throw new Error('clock source failed')
        return NOW_MS
      },
    })
    broken = true
    expect(() => pipeline.tick()).not.toThrow()
    expect(logs).toEqual([expect.stringContaining('could not settle the hands: clock source failed')])
  })

  it('warns once a minute per device, however many subtopics it invents, with long names cut', () => {
    const { pipeline, logs } = loggingPipeline()
    for (let i = 0; i < 50; i++)
      pipeline.handle({
        topic: `owntracks/fam/ann-phone/${i}${'x'.repeat(5_000)}`,
        payload: Buffer.from('not json'),
        receivedAtMs: NOW_MS,
      })
    expect(logs).toHaveLength(1)
    expect(logs[0]).toContain(`rejected: payload on owntracks/fam/ann-phone/0${'x'.repeat(50)}`)
    expect(logs[0]?.length).toBeLessThan(400)
    expect(pipeline.stats().rejectedByReason['not-json']).toBe(50)
  })
})

describe('pipeline device ids', () => {
  it('says when a device spells its id otherwise in its topics, and when it stops', () => {
    const told: [string, string][] = []
    const pipeline = manualPipeline(createMemoryStore(), NOW_MS, {
      onDeviceSpelling: (deviceId, spelled) => told.push([deviceId, spelled]),
    })
    for (const topic of ['owntracks/fam/ann-phone', 'owntracks/fam/ANN-PHONE', 'owntracks/fam/ann-phone'])
      pipeline.handle(annAt('home', 1_700_000_000, topic))
    expect(told).toEqual([
      ['ann-phone', 'ANN-PHONE'],
      ['ann-phone', 'ann-phone'],
    ])
  })

  it('puts a spelling remembered from before a restart right at the first message spelled as the config does', () => {
    const kept = new Map<string, string>()
    const meta = {
      get: (key: string) => kept.get(key),
      set: (key: string, value: string) => void kept.set(key, value),
    }
    const run = () => {
      const spellings = createTopicSpellings(meta)
      const pipeline = manualPipeline(createMemoryStore(), NOW_MS, {
        onDeviceSpelling: spellings.saw,
        deviceSpelledOtherwise: (deviceId) => spellings.topicIdOf(deviceId) !== deviceId,
      })
      return { spellings, pipeline }
    }
    const first = run()
    first.pipeline.handle(annAt('home', 1_700_000_000, 'owntracks/fam/Ann-Phone'))
    expect(first.spellings.topicIdOf('ann-phone')).toBe('Ann-Phone')
    // Set up again, the phone now publishes as the config spells it: commands must go there.
    const again = run()
    expect(again.spellings.topicIdOf('ann-phone')).toBe('Ann-Phone')
    // A message the broker kept from long ago, delivered on subscribing, says nothing of today's phone.
    again.pipeline.handle({
      ...annAt('home', 1_600_000_000, 'owntracks/fam/ann-phone'),
      delivery: 'replayed',
    })
    expect(again.spellings.topicIdOf('ann-phone')).toBe('Ann-Phone')
    again.pipeline.handle(annAt('home', 1_700_000_100, 'owntracks/fam/ann-phone'))
    expect(again.spellings.topicIdOf('ann-phone')).toBe('ann-phone')
    expect(createTopicSpellings(meta).topicIdOf('ann-phone')).toBe('ann-phone')
  })

  it('keeps a device that publishes in capitals under the config’s spelling, across a restart', () => {
    const store = createMemoryStore()
    const first = manualPipeline(store)
    first.handle(annAt('home', 1_700_000_000, 'owntracks/fam/Ann-Phone'))
    first.flush()
    expect(Object.keys(first.state().members.ann?.devices ?? {})).toEqual(['ann-phone'])

    const again = manualPipeline(store)
    expect(again.state().members.ann).toMatchObject({
      whereabouts: { kind: 'at-place', place: 'Home' },
      devices: { 'ann-phone': { placeKey: 'home' } },
    })
  })
})

describe('pipeline after a restart', () => {
  it('records in the history a member who went Lost while the clock was down, as of then', () => {
    const store = createMemoryStore()
    const first = manualPipeline(store)
    first.handle(annAt('home', 1_700_000_000))
    first.flush()
    // Down for a day; lostAfterMinutes is 600.
    const again = manualPipeline(store, NOW_MS + 86_400_000)
    again.flush()
    const lostAt = NOW_MS + 600 * 60_000
    expect(again.state().members.ann).toMatchObject({ whereabouts: { kind: 'lost' }, sinceMs: lostAt })
    expect(store.history({ limit: 10 })[0]).toEqual({
      memberId: 'ann',
      from: 'Home',
      to: 'Lost',
      atMs: lostAt,
    })
  })
})

describe('pipeline after a rename in the config', () => {
  it('gives a renamed member the history made under the old name, with the hand and its since', () => {
    const store = createMemoryStore()
    const first = manualPipeline(store)
    first.handle(annAt('home', 1_700_000_000))
    first.flush()
    const renamed = { ...settings, members: [{ id: 'annie', name: 'Annie', deviceIds: ['ann-phone'] }] }
    const again = manualPipeline(store, NOW_MS + 60_000, { settings: renamed })
    again.flush()
    expect(again.view().members.map((m) => [m.id, m.place])).toEqual([['annie', 'Home']])
    expect(store.history({ memberIds: ['annie'], limit: 10 })).toEqual([
      { memberId: 'annie', from: 'Lost', to: 'Home', atMs: NOW_MS },
    ])
    // Once saved under the new id, a later start renames nothing again.
    const third = manualPipeline(store, NOW_MS + 120_000, { settings: renamed })
    third.handle(annAt('away', 1_700_000_100))
    third.flush()
    expect(store.history({ memberId: 'annie', limit: 10 }).map((h) => h.to)).toEqual(['Traveling', 'Home'])
  })
})

describe('pipeline when a commit fails', () => {
  it('keeps the failed batch for the next commit, so the hand move reaches the history', () => {
    const memory = createMemoryStore()
    let failNext = true
    const store: StateStore = {
      ...memory,
      commit(batch) {
        if (failNext) {
          failNext = false
          throw new Error('disk I/O error')
        }
        memory.commit(batch)
      },
    }
    const pipeline = manualPipeline(store)
    const shown: string[] = []
    pipeline.addOutput({ show: (_view, moves) => shown.push(...moves.map((m) => m.memberId)) })
    const acks: (Error | undefined)[] = []
    const message = annAt('home', 1_700_000_000)
    pipeline.handle(message, (error) => acks.push(error))
    pipeline.flush()
    expect(acks.map((e) => e?.message)).toEqual(['disk I/O error'])
    expect(memory.history({ limit: 10 })).toEqual([])

    // The phone got no PUBACK and sends the message again: a duplicate, which moves no hand itself.
    pipeline.handle(message, (error) => acks.push(error))
    pipeline.flush()
    expect(acks.map((e) => e?.message)).toEqual(['disk I/O error', undefined])
    expect(memory.history({ limit: 10 })).toMatchObject([{ memberId: 'ann', from: 'Lost', to: 'Home' }])
    expect(memory.loadState()?.members.ann?.whereabouts).toEqual({ kind: 'at-place', place: 'Home' })
    // The journal logs what arrived: the message and its resend.
    expect(memory.journal({ limit: 10 })).toHaveLength(2)
    // Displays saw the move once (a MagicMirror chimes for each).
    expect(shown).toEqual(['ann'])
  })

  it('says a run of failed commits at once and then once a minute, and when saving works again', () => {
    const memory = createMemoryStore()
    let full = true
    const store: StateStore = {
      ...memory,
      commit(batch) {
        if (full) throw new Error('database or disk is full')
        memory.commit(batch)
      },
    }
    let nowMs = NOW_MS
    const lines: string[] = []
    const pipeline = manualPipeline(store, NOW_MS, {
      now: () => nowMs,
      logger: { log: (level, message) => lines.push(`${level} ${message}`), isEnabled: () => true },
    })
    // Phones resending every few seconds for two minutes.
    for (let i = 0; i <= 40; i++) {
      pipeline.handle(annAt('away', 1_700_000_000 + i), () => {})
      pipeline.flush()
      nowMs += 3_000
    }
    const said = lines.filter((l) => l.includes('could not save state'))
    expect(said).toEqual([
      'error could not save state (kept for the next try): database or disk is full',
      'error could not save state (kept for the next try, 21 failed commits so far): database or disk is full',
      'error could not save state (kept for the next try, 41 failed commits so far): database or disk is full',
    ])
    full = false
    pipeline.handle(annAt('home', 1_700_000_100), () => {})
    pipeline.flush()
    expect(lines.at(-1)).toBe('info saving state works again (41 commits had failed)')
  })

  it('acknowledges every message of a batch even when one acknowledgement throws', () => {
    const pipeline = manualPipeline(createMemoryStore())
    const acked: number[] = []
    for (let i = 0; i < 3; i++) {
      pipeline.handle(annAt('away', 1_700_000_000 + i), () => {
        acked.push(i)
        if (i === 0) throw new Error('socket gone')
      })
    }
    expect(() => pipeline.flush()).not.toThrow()
    expect(acked).toEqual([0, 1, 2])
  })
})
