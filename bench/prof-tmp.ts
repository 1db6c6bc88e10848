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
import { CHANGED, UNCHANGED, updateMember } from '../src/core/whereabouts/reduce.js'
import { initialFamilyState } from '../src/core/whereabouts/resolve.js'
import { type BenchMessage, benchSettings, benchTraffic } from './traffic.js'

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 100_000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5)
/** What one read from a busy socket hands the broker: Node reads up to 64 KiB at a time. */
const SOCKET_READ_BYTES = 64 * 1024

/** The stress mix moves a hand on most messages; the settled one is a family that mostly stays put. */
type Mix = 'stress' | 'settled'
const MOBILITY: Record<Mix, number> = { stress: 1, settled: 0.02 }

type Case = {
  name: string
  mix: Mix
  /** The target, as a ratio to the floor of the same mix. */
  target?: number
  run: (messages: BenchMessage[], timer: Timer) => number | Promise<number>
}

/** A case with set-up (a database) restarts the timer once it is ready and stops it before tear-down. */
interface Timer {
  start(): void
  stop(): void
}

/** Wall-clock and process CPU time (every thread) from start to stop. */
class Stopwatch implements Timer {
  #start = process.hrtime.bigint()
  #cpuStart = process.cpuUsage()
  #result: { seconds: number; cpuSeconds: number } | undefined
  start(): void {
    this.#start = process.hrtime.bigint()
    this.#cpuStart = process.cpuUsage()
    this.#result = undefined
  }
  stop(): void {
    const cpu = process.cpuUsage(this.#cpuStart)
    this.#result = {
      seconds: Number(process.hrtime.bigint() - this.#start) / 1e9,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
    }
  }
  /** What it measured; stops it first when the case did not. */
  read(): { seconds: number; cpuSeconds: number } {
    if (!this.#result) this.stop()
    return this.#result as { seconds: number; cpuSeconds: number }
  }
}

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
const senders = new Map(
  settings.members.flatMap((m) => m.deviceIds.map((d) => [d, { memberId: m.id, deviceId: d }] as const)),
)
const ctx = {
  family: settings.family,
  maxPayloadBytes: settings.maxPayloadBytes,
  senderOf: (d: string) => senders.get(d),
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
  return async (messages: BenchMessage[], timer: Timer): Promise<number> => {
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
    timer.start()
    // Like the broker: each message's "PUBACK" (done) only after its group commit. Messages arrive as
    // a socket delivers them, a read of up to 64 KiB per event-loop turn, so the group commits and the
    // background checkpoints interleave with them as they do in the service.
    await new Promise<void>((resolve) => {
      const done = () => {
        if (++acked === messages.length) resolve()
      }
      const read = (from: number): void => {
        let i = from
        for (let bytes = 0; i < messages.length && bytes < SOCKET_READ_BYTES; i++) {
          const m = messages[i] as BenchMessage
          bytes += m.topic.length + m.payload.length
          now += 1000
          pipeline.handle({ topic: m.topic, payload: m.payload, receivedAtMs: now }, done)
        }
        if (i < messages.length) setImmediate(read, i)
      }
      read(0)
    })
    // Closing is timed too: it runs the last WAL checkpoint.
    store.close()
    timer.stop()
    cleanup()
    return acked
  }
}

const durable = pipelineWith(() => {
  const dir = mkdtempSync(path.join(tmpdir(), 'weasley-bench-'))
  return {
    store: createSqliteStore(openDatabase(path.join(dir, 'b.db'))),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  }
})

const FLOOR = 'bare JSON.parse + field check (floor)'
const which = process.env.PROF_CASE ?? 'memory'
const cases: Case[] = [
  which === 'memory'
    ? { name: 'pipeline, memory store', mix: 'stress', run: pipelineWith(() => ({ store: createMemoryStore(), cleanup() {} })) }
    : { name: 'pipeline, SQLite durable (PUBACK after commit)', mix: 'stress', target: 0.3, run: durable },
  { name: FLOOR, mix: 'stress', run: bareParse },
]
async function main() {
  const traffic: Record<Mix, BenchMessage[]> = {
    stress: benchTraffic(MESSAGES, 7, MOBILITY.stress),
    settled: benchTraffic(MESSAGES, 7, MOBILITY.settled),
  }
  const sizes = traffic.stress.map((m) => m.payload.length).sort((a, b) => a - b)
  console.log(
    `${MESSAGES} messages, payload bytes p5=${sizes[Math.floor(sizes.length * 0.05)]} median=${sizes[Math.floor(sizes.length / 2)]} p95=${sizes[Math.floor(sizes.length * 0.95)]}; best of ${ROUNDS} rounds`,
  )
  const movesPerMessage = {} as Record<Mix, number>
  for (const mix of ['stress', 'settled'] as const) {
    movesPerMessage[mix] = Math.round((decodeAndReduce(traffic[mix]) / MESSAGES) * 1000) / 1000
    console.log(`${mix} mix: a hand moves on ${(movesPerMessage[mix] * 100).toFixed(1)}% of messages`)
  }
  const key = (c: Case) => `${c.mix}|${c.name}`
  const best = new Map<string, number>()
  // CPU time of the process, every thread (the SQLite store checkpoints on a worker): per message,
  // the least of any round, so "on one core" can be checked against CPU as well as the clock.
  const leastCpu = new Map<string, number>()
  // Rounds interleave the cases so drift in machine speed hits every case alike.
  for (let round = 0; round < ROUNDS; round++) {
    for (const c of cases) {
      const watch = new Stopwatch()
      sink += await c.run(traffic[c.mix], watch)
      const { seconds, cpuSeconds } = watch.read()
      best.set(key(c), Math.max(best.get(key(c)) ?? 0, MESSAGES / seconds))
      leastCpu.set(key(c), Math.min(leastCpu.get(key(c)) ?? Number.POSITIVE_INFINITY, cpuSeconds))
    }
  }
  const results = cases.map((c) => {
    const msgPerSec = best.get(key(c)) ?? 0
    const floor = best.get(`${c.mix}|${FLOOR}`) ?? 1
    const ratio = Math.round((msgPerSec / floor) * 100) / 100
    const msgPerCpuSec = MESSAGES / (leastCpu.get(key(c)) ?? Number.POSITIVE_INFINITY)
    const floorPerCpuSec = MESSAGES / (leastCpu.get(`${c.mix}|${FLOOR}`) ?? 1)
    return {
      name: c.name,
      mix: c.mix,
      msgPerSec: Math.round(msgPerSec),
      ratio,
      msgPerCpuSecond: Math.round(msgPerCpuSec),
      cpuRatio: Math.round((msgPerCpuSec / floorPerCpuSec) * 100) / 100,
      // Judged on the exact ratio: 0.297 shows as 0.30 but does not meet 0.30.
      ...(c.target === undefined ? {} : { target: c.target, met: msgPerSec / floor >= c.target }),
    }
  })
  for (const r of results) {
    const verdict =
      r.target === undefined ? '' : `  target ${r.target.toFixed(2)}x: ${r.met ? 'met' : 'NOT MET'}`
    console.log(
      `${r.mix.padEnd(8)} ${r.name.padEnd(48)} ${String(r.msgPerSec).padStart(9)} msg/s  ${r.ratio.toFixed(2)}x floor (CPU time ${r.cpuRatio.toFixed(2)}x)${verdict}`,
    )
  }
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  }
  mkdirSync(path.join(process.cwd(), 'bench', 'results'), { recursive: true })
  const file = '/tmp/prof-pipeline.json'
  writeFileSync(
    file,
    `${JSON.stringify({ date: new Date().toISOString(), machine, messages: MESSAGES, rounds: ROUNDS, mobility: MOBILITY, movesPerMessage, results }, null, 2)}\n`,
  )
  console.log(`written ${path.relative(process.cwd(), file)} (sink ${sink % 10})`)
}

await main()
