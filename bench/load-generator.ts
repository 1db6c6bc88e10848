// The load generator of bench/broker-compare.ts, run in its own process so it never shares an event
// loop (or a CPU budget) with the broker it measures. Reads one scenario as JSON from argv, prints
// one JSON result line. Latency: publisher and subscriber live here, so they share one clock.

import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { performance } from 'node:perf_hooks'
import { createInterface } from 'node:readline'
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt'
import { percentile } from './percentile.js'
import { cpuMsOf } from './proc-stats.js'

export interface Account {
  username: string
  password: string
}

export interface Scenario {
  /** The broker's process: its CPU time is read around the publishing phase only (not the logins). */
  brokerPid: number
  url: string
  ca?: string
  qos: 0 | 1
  /** 1→1 saturation: one phone publishes `messages` as fast as the broker takes them, one reader. */
  saturation?: { phone: Account & { topic: string }; reader: Account & { filter: string }; messages: number }
  /** A fleet: every phone publishes once a second for `seconds`; one reader per family. */
  fleet?: {
    families: { reader: Account & { filter: string }; phones: (Account & { topic: string })[] }[]
    seconds: number
    /**
     * The first family becomes a flood: its first phone publishes `messages` QoS 0 messages of about
     * `bytes` as fast as it can (from a process of its own), its other phones stay quiet, and its reader
     * stops reading when `stalled`. Latency is then measured on the other families only.
     */
    flood?: { messages: number; bytes: number; stalled: boolean }
  }
}

export interface LoadResult {
  sent: number
  received: number
  seconds: number
  msgPerSecond: number
  p50Ms: number
  p99Ms: number
  maxMs: number
  /** Broker CPU time while the messages flowed. */
  brokerCpuMs: number
  /** With a flood: messages it sent, and when (ms after the start) the broker closed a stalled reader. */
  flood?: { sent: number; doneAfterMs: number; readerClosedAfterMs: number | null }
}

const now = () => performance.timeOrigin + performance.now()
let clientCount = 0

/** A realistic OwnTracks location (~280 bytes, or padded to `bytes`) stamped with its send time. */
function payload(tst: number, bytes = 0): string {
  return JSON.stringify({
    ...(bytes > 300 ? { pad: 'x'.repeat(bytes - 300) } : {}),
    _type: 'location',
    lat: 51.5007 + (tst % 7) * 1e-5,
    lon: -0.1246,
    acc: 12,
    alt: 31,
    vac: 3,
    vel: 0,
    batt: 77,
    bs: 1,
    conn: 'w',
    tid: 'BN',
    t: 'u',
    tst,
    created_at: tst,
    inregions: ['Work'],
    inrids: ['65f1a2b3c4d5e6f7a8b9c0d1'],
    SSID: 'office-wifi',
    BSSID: 'a0:b1:c2:d3:e4:f5',
    _sent: now(),
  })
}

async function connect(scenario: Scenario, account: Account): Promise<MqttClient> {
  const options: IClientOptions = {
    username: account.username,
    password: account.password,
    clientId: `bench-${process.pid}-${clientCount++}`,
    reconnectPeriod: 0,
    connectTimeout: 30_000,
    keepalive: 60,
  }
  if (scenario.ca) options.ca = scenario.ca
  return mqtt.connectAsync(scenario.url, options)
}

/** What a reader received: each message's latency, and when the last one arrived. */
interface Arrivals {
  latencies: number[]
  lastAtMs: number
}

function recordLatencies(client: MqttClient, arrivals: Arrivals): void {
  client.on('message', (_topic, message) => {
    const at = now()
    const sent = /"_sent":([\d.]+)/.exec(message.toString())?.[1]
    if (!sent) return
    arrivals.latencies.push(at - Number(sent))
    arrivals.lastAtMs = at
  })
}

/** Waits, bounded, until `count` arrived or nothing more arrives for 200 ms (QoS 0 may be dropped). */
async function settle(arrivals: Arrivals, count: number, timeoutMs: number): Promise<void> {
  const deadline = now() + timeoutMs
  let last = -1
  while (arrivals.latencies.length < count && now() < deadline && arrivals.latencies.length !== last) {
    last = arrivals.latencies.length
    await new Promise((r) => setTimeout(r, 200))
  }
}

function summarise(sent: number, latencies: number[], seconds: number, brokerCpuMs: number): LoadResult {
  const sorted = [...latencies].sort((a, b) => a - b)
  const pick = (q: number) => Math.round(percentile(sorted, q) * 100) / 100
  return {
    sent,
    received: latencies.length,
    seconds: Math.round(seconds * 100) / 100,
    msgPerSecond: Math.round(latencies.length / seconds),
    p50Ms: pick(0.5),
    p99Ms: pick(0.99),
    maxMs: Math.round((sorted.at(-1) ?? 0) * 100) / 100,
    brokerCpuMs,
  }
}

/** Not timed: the first messages of a run warm up both ends (JIT, buffers, the SQLite cache). */
const SATURATION_WARM_UP = 2_000

/** Publishes in windows of 64 so QoS 0 cannot pile up unboundedly in the client. */
async function saturate(scenario: Scenario, spec: NonNullable<Scenario['saturation']>): Promise<LoadResult> {
  const reader = await connect(scenario, spec.reader)
  await reader.subscribeAsync(spec.reader.filter, { qos: scenario.qos })
  const phone = await connect(scenario, spec.phone)
  const arrivals: Arrivals = { latencies: [], lastAtMs: 0 }
  recordLatencies(reader, arrivals)
  let tst = Math.floor(Date.now() / 1000) - spec.messages - SATURATION_WARM_UP
  const flood = async (messages: number) => {
    for (let i = 0; i < messages; i += 64) {
      const window: Promise<unknown>[] = []
      for (let j = i; j < Math.min(messages, i + 64); j++)
        window.push(phone.publishAsync(spec.phone.topic, payload(tst++), { qos: scenario.qos }))
      await Promise.all(window)
    }
  }
  await flood(SATURATION_WARM_UP)
  await settle(arrivals, SATURATION_WARM_UP, 10_000)
  arrivals.latencies = []
  const cpu0 = cpuMsOf(scenario.brokerPid)
  const start = now()
  await flood(spec.messages)
  // Bounded wait for the reader to catch up: brokers may drop QoS 0 under saturation.
  await settle(arrivals, spec.messages, 10_000)
  // Timed to the last delivery, not to when the wait noticed it.
  const seconds = ((arrivals.latencies.length > 0 ? arrivals.lastAtMs : now()) - start) / 1000
  const cpuMs = cpuMsOf(scenario.brokerPid) - cpu0
  await Promise.all([reader.endAsync(true), phone.endAsync(true)])
  return summarise(spec.messages, arrivals.latencies, seconds, cpuMs)
}

async function runFleet(scenario: Scenario, spec: NonNullable<Scenario['fleet']>): Promise<LoadResult> {
  const arrivals: Arrivals = { latencies: [], lastAtMs: 0 }
  const clients: MqttClient[] = []
  const phones: { client: MqttClient; topic: string }[] = []
  let floodReader: MqttClient | undefined
  // The flooding phone sends from a process of its own, so its sending never delays the clients
  // whose latency is measured here.
  const flooder = spec.flood ? await startFlooder() : undefined
  for (const [f, family] of spec.families.entries()) {
    const reader = await connect(scenario, family.reader)
    await reader.subscribeAsync(family.reader.filter, { qos: scenario.qos })
    const flooding = spec.flood && f === 0
    const quiet = flooding ? family.phones.slice(1) : family.phones
    const connected = await Promise.all(quiet.map((p) => connect(scenario, p)))
    clients.push(reader, ...connected)
    if (flooding) {
      floodReader = reader
      continue
    }
    recordLatencies(reader, arrivals)
    connected.forEach((client, i) => {
      phones.push({ client, topic: family.phones[i]?.topic as string })
    })
  }
  let sent = 0
  const cpu0 = cpuMsOf(scenario.brokerPid)
  const start = now()
  const tst0 = Math.floor(Date.now() / 1000) - spec.seconds - 1
  // The stalled reader stops reading: the kernel buffers fill, then the broker's.
  let readerClosedAfterMs: number | null = null
  let probe: NodeJS.Timeout | undefined
  if (spec.flood?.stalled && floodReader) {
    const socket = floodReader.stream
    // mqtt.js pipes the socket into its parser, and a pipe resumes a paused source: unpipe first.
    socket.unpipe()
    socket.pause()
    // A socket that reads nothing never sees the broker hang up, but a write fails once it has:
    // a PINGREQ every 100 ms finds out when.
    const closed = () => {
      readerClosedAfterMs ??= Math.round(now() - start)
      clearInterval(probe)
    }
    socket.on('error', closed)
    probe = setInterval(() => {
      if (socket.destroyed) return closed()
      socket.write(Buffer.from([0xc0, 0x00]), (error) => {
        if (error) closed()
      })
    }, 100)
  }
  const floodDone = flooder?.go(start, tst0)
  await Promise.all([
    floodDone,
    ...phones.map(async ({ client, topic }, i) => {
      await new Promise((r) => setTimeout(r, (i * 1000) / phones.length))
      for (let n = 0; n < spec.seconds; n++) {
        const due = start + (i * 1000) / phones.length + n * 1000
        await new Promise((r) => setTimeout(r, Math.max(0, due - now())))
        await client.publishAsync(topic, payload(tst0 + n), { qos: scenario.qos })
        sent++
      }
    }),
  ])
  await settle(arrivals, sent, 5_000)
  const seconds = ((arrivals.latencies.length > 0 ? arrivals.lastAtMs : now()) - start) / 1000
  const cpuMs = cpuMsOf(scenario.brokerPid) - cpu0
  clearInterval(probe)
  await Promise.all(clients.map((c) => c.endAsync(true)))
  const result = summarise(sent, arrivals.latencies, seconds, cpuMs)
  const flooded = await floodDone
  if (flooded) result.flood = { ...flooded, readerClosedAfterMs }
  return result
}

interface FloodResult {
  sent: number
  doneAfterMs: number
}

/** Starts this script as the flooding phone (connected, waiting for the start time on its stdin). */
async function startFlooder(): Promise<{ go(startMs: number, tst0: number): Promise<FloodResult> }> {
  const child = spawn(process.execPath, [process.argv[1] as string, process.argv[2] as string, 'flood'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  const lines = createInterface({ input: child.stdout })
  // A flooder that dies (its error is on stderr) fails the run instead of leaving it waiting.
  const exited = once(child, 'close').then(([code]) => {
    throw new Error(`the flooding phone exited with ${code} before it reported`)
  })
  exited.catch(() => {})
  const nextLine = async () => ((await Promise.race([once(lines, 'line'), exited])) as [string])[0]
  const ready = await nextLine()
  if (ready !== 'ready') throw new Error(`flooder: ${ready}`)
  return {
    async go(startMs, tst0) {
      child.stdin.write(`${JSON.stringify({ startMs, tst0 })}\n`)
      return JSON.parse(await nextLine()) as FloodResult
    },
  }
}

/** The flooding phone, in its own process: QoS 0 in windows of 64 until its messages or seconds run out. */
async function runFlooder(scenario: Scenario, spec: NonNullable<Scenario['fleet']>): Promise<void> {
  const account = spec.families[0]?.phones[0]
  if (!spec.flood || !account) throw new Error('no flood in this scenario')
  const client = await connect(scenario, account)
  const lines = createInterface({ input: process.stdin })
  process.stdout.write('ready\n')
  const [line] = (await once(lines, 'line')) as [string]
  const { startMs, tst0 } = JSON.parse(line) as { startMs: number; tst0: number }
  const deadline = startMs + spec.seconds * 1000
  let sent = 0
  for (let i = 0; i < spec.flood.messages && now() < deadline; i += 64) {
    const window: Promise<unknown>[] = []
    for (let j = i; j < Math.min(spec.flood.messages, i + 64); j++)
      window.push(client.publishAsync(account.topic, payload(tst0 + j, spec.flood.bytes), { qos: 0 }))
    await Promise.all(window)
    sent = Math.min(spec.flood.messages, i + 64)
  }
  const result: FloodResult = { sent, doneAfterMs: Math.round(now() - startMs) }
  process.stdout.write(`${JSON.stringify(result)}\n`)
  await client.endAsync(true)
}

const scenario = JSON.parse(process.argv[2] ?? '{}') as Scenario
if (process.argv[3] === 'flood' && scenario.fleet) {
  await runFlooder(scenario, scenario.fleet)
  process.exit(0)
}
const result = scenario.saturation
  ? await saturate(scenario, scenario.saturation)
  : scenario.fleet
    ? await runFleet(scenario, scenario.fleet)
    : undefined
process.stdout.write(`${JSON.stringify(result)}\n`)
process.exit(0)
