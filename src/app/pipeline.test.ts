import { describe, expect, it } from 'vitest'
import { silentLogger } from '../adapters/log/logger.js'
import { createMemoryStore } from '../adapters/sqlite/memory-store.js'
import type { Settings } from '../core/model.js'
import { createPipeline, type PipelineDeps } from './pipeline.js'
import type { StateStore } from './ports.js'

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
