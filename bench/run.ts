// `npm run bench`: pipeline throughput on one core, each figure as a ratio to a bare JSON.parse +
// field-check loop over the same messages in the same run. Results go to bench/results/.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import path from 'node:path'
import { silentLogger } from '../src/adapters/log/logger.js'
import { createMemoryStore } from '../src/adapters/sqlite/memory-store.js'
import { openDatabase } from '../src/adapters/sqlite/open-database.js'
import { createSqliteStore } from '../src/adapters/sqlite/sqlite-store.js'
import { createPipeline } from '../src/app/pipeline.js'
import type { StateStore } from '../src/app/ports.js'
import { DEFAULT_COLOR_CYCLE } from '../src/core/clock-view.js'
import { decodeOwnTracks } from '../src/core/owntracks/decode.js'
import { CHANGED, initialFamilyState, UNCHANGED, updateMember } from '../src/core/whereabouts/reduce.js'
import { type BenchMessage, benchSettings, benchTraffic } from './traffic.js'

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 100_000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5)

type Case = { name: string; run: (messages: BenchMessage[]) => number | Promise<number> }

const decoder = new TextDecoder()
let sink = 0

/** The physical floor: what any subscriber has to do at least. */
function bareParse(messages: BenchMessage[]): number {
  let ok = 0
  for (const m of messages) {
    const v = JSON.parse(decoder.decode(m.payload)) as Record<string, unknown>
    if (
      typeof v._type === 'string' &&
      (v._type !== 'location' ||
        (typeof v.lat === 'number' && typeof v.lon === 'number' && typeof v.tst === 'number'))
    )
      ok++
  }
  return ok
}

const settings = benchSettings()
const owners = new Map(settings.members.flatMap((m) => m.deviceIds.map((d) => [d, m.id] as const)))
const ctx = {
  family: settings.family,
  maxPayloadBytes: settings.maxPayloadBytes,
  memberOfDevice: (d: string) => owners.get(d),
}

function decodeOnly(messages: BenchMessage[]): number {
  let ok = 0
  for (const m of messages) if (decodeOwnTracks(m.topic, m.payload, ctx).ok) ok++
  return ok
}

/** As the pipeline does it: the owner of the family state updates the changed member in place. */
function decodeAndReduce(messages: BenchMessage[]): number {
  const state = initialFamilyState(settings, 0)
  let moves = 0
  let now = 1_750_000_000_000
  for (const m of messages) {
    const d = decodeOwnTracks(m.topic, m.payload, ctx)
    if (!d.ok) continue
    now += 1000
    const member = state.members[d.value.memberId]
    if (!member) continue
    const change = updateMember(member, d.value, settings, now)
    if (change !== UNCHANGED && change !== CHANGED) moves++
  }
  return moves
}

function pipelineWith(makeStore: () => { store: StateStore; cleanup(): void }) {
  return async (messages: BenchMessage[]): Promise<number> => {
    const { store, cleanup } = makeStore()
    let now = 1_750_000_000_000
    const pipeline = createPipeline({
      settings,
      display: { colorCycle: DEFAULT_COLOR_CYCLE },
      store,
      logger: silentLogger,
      now: () => now,
      connection: () => ({ connected: true }),
    })
    let acked = 0
    // Like the broker: each message's "PUBACK" (done) only after its group commit.
    await new Promise<void>((resolve) => {
      for (const m of messages) {
        now += 1000
        pipeline.handle({ topic: m.topic, payload: m.payload, receivedAtMs: now }, () => {
          if (++acked === messages.length) resolve()
        })
      }
    })
    store.close()
    cleanup()
    return acked
  }
}

const cases: Case[] = [
  { name: 'bare JSON.parse + field check (floor)', run: bareParse },
  { name: 'decode', run: decodeOnly },
  { name: 'decode -> whereabouts (no I/O)', run: decodeAndReduce },
  { name: 'pipeline, memory store', run: pipelineWith(() => ({ store: createMemoryStore(), cleanup() {} })) },
  {
    name: 'pipeline, SQLite durable (PUBACK after commit)',
    run: pipelineWith(() => {
      const dir = mkdtempSync(path.join(tmpdir(), 'weasley-bench-'))
      return {
        store: createSqliteStore(openDatabase(path.join(dir, 'b.db'))),
        cleanup: () => rmSync(dir, { recursive: true, force: true }),
      }
    }),
  },
]

async function main() {
  const messages = benchTraffic(MESSAGES)
  const sizes = messages.map((m) => m.payload.length).sort((a, b) => a - b)
  console.log(
    `${MESSAGES} messages, payload bytes p5=${sizes[Math.floor(sizes.length * 0.05)]} median=${sizes[Math.floor(sizes.length / 2)]} p95=${sizes[Math.floor(sizes.length * 0.95)]}; best of ${ROUNDS} rounds`,
  )
  const results: { name: string; msgPerSec: number; ratio: number }[] = []
  const best = new Map<string, number>()
  // Rounds interleave the cases so drift in machine speed hits every case alike.
  for (let round = 0; round < ROUNDS; round++) {
    for (const c of cases) {
      const start = process.hrtime.bigint()
      sink += await c.run(messages)
      const seconds = Number(process.hrtime.bigint() - start) / 1e9
      best.set(c.name, Math.max(best.get(c.name) ?? 0, MESSAGES / seconds))
    }
  }
  const floor = best.get(cases[0]?.name ?? '') ?? 1
  for (const c of cases) {
    const msgPerSec = best.get(c.name) ?? 0
    results.push({
      name: c.name,
      msgPerSec: Math.round(msgPerSec),
      ratio: Math.round((msgPerSec / floor) * 100) / 100,
    })
  }
  for (const r of results)
    console.log(`${r.name.padEnd(48)} ${String(r.msgPerSec).padStart(9)} msg/s  ${r.ratio.toFixed(2)}x floor`)
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  }
  mkdirSync(path.join(process.cwd(), 'bench', 'results'), { recursive: true })
  const file = path.join(import.meta.dirname, 'results', 'pipeline.json')
  writeFileSync(
    file,
    `${JSON.stringify({ date: new Date().toISOString(), machine, messages: MESSAGES, rounds: ROUNDS, results }, null, 2)}\n`,
  )
  console.log(`written ${path.relative(process.cwd(), file)} (sink ${sink % 10})`)
}

await main()
