// `npm run bench:footprint`: the service as users run it (`node dist/weasley.mjs serve`, its own
// process), measured from outside: cold start to the first served page, idle RSS and CPU, the gzipped
// browser bundle, sequential TLS connects, and event-loop delay while phones publish.
// PRODUCT.md / issue 6 targets: idle RSS ≤ 80 MB, no CPU when idle, bundle ≤ 20 KB gzipped,
// cold start < 1 s, TLS connect < 5 ms.

import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { createSecureContext } from 'node:tls'
import { gzipSync } from 'node:zlib'
import mqtt from 'mqtt'
import { parseConfig } from '../src/adapters/config/load-config.js'
import { writeMosquittoConfig } from '../src/cli/mosquitto-config.js'
import type { ConnectJob, ConnectResult } from './connect-client.js'
import { percentile } from './percentile.js'
import { cpuMsOf, rssMBOf } from './proc-stats.js'
import { bundleBenchScript, freePort, runJsonScript, serviceNodeFlags, waitForOutput } from './processes.js'

const IDLE_MS = 10_000
const CONNECTS = 500
const MESSAGES = 50_000
const MEMBERS = 6
const root = process.cwd()
const dir = mkdtempSync(path.join(tmpdir(), 'weasley-footprint-'))
// The minimal connect client runs in a process of its own; it imports only Node and bench files.
const connectClient = await bundleBenchScript('connect-client', path.join(dir, 'connect-client.mjs'))
const configFile = path.join(dir, 'weasley.config.json')
writeFileSync(
  configFile,
  JSON.stringify({
    uniqueId: 'bench',
    places: [
      { name: 'Home', lat: 50.7376, lon: -3.2783, radius: 150 },
      { name: 'Work', lat: 51.5007, lon: -0.1246, radius: 200 },
    ],
    members: Array.from({ length: MEMBERS }, (_, i) => ({
      name: `Member ${i}`,
      devices: [{ id: `phone-${i}`, password: `phone-password-${i}` }],
    })),
  }),
)

/** Mosquitto on a free port with the `mosquitto-config` output for the same family (TLS listener). */
async function startMosquitto(): Promise<{
  child: ChildProcess
  port: number
  url: string
  ca: Buffer
  caFile: string
  name: string
}> {
  const port = await freePort()
  const config = parseConfig(JSON.parse(readFileSync(configFile, 'utf8')), {
    dataDir: path.join(dir, 'mosquitto-data'),
  })
  const generated = writeMosquittoConfig(config, path.join(dir, 'mosquitto'), { port })
  const conf = path.join(generated.dir, 'mosquitto.conf')
  writeFileSync(
    conf,
    `user root\nlog_dest stderr\nlog_type notice\nlog_type information\n${readFileSync(conf, 'utf8')}`,
  )
  const child = spawn('mosquitto', ['-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] })
  await waitForOutput(child, / running/, 'mosquitto')
  // `mosquitto -h` prints the version and exits non-zero.
  const version = spawnSync('mosquitto', ['-h'], { encoding: 'utf8' }).stdout.split('\n')[0] ?? ''
  return {
    child,
    port,
    url: `mqtts://localhost:${port}`,
    ca: readFileSync(path.join(generated.dir, 'ca.crt')),
    caFile: path.join(generated.dir, 'ca.crt'),
    name: version.replace(/^mosquitto version /, 'Mosquitto '),
  }
}

const CONNECT_WARM_UP = 20
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits

const args = [
  '--config',
  configFile,
  '--data-dir',
  path.join(dir, 'data'),
  '--http-port',
  '0',
  '--mqtt-port',
  '0',
  '--mqtts-port',
  '0',
]
// BENCH_PROFILE=DIR writes a CPU profile of the service there (on its clean exit), as in broker-compare.ts.
const profile = process.env.BENCH_PROFILE
  ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_PROFILE)}`]
  : []
const started = performance.now()
const child = spawn(
  process.execPath,
  [...serviceNodeFlags(), ...profile, path.join(root, 'dist', 'weasley.mjs'), 'serve', ...args],
  {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  },
)
try {
  let text = ''
  child.stderr.on('data', (d: Buffer) => {
    text += d.toString()
  })
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      text += d.toString()
      const found = /Web clock: +(\S+)/.exec(text)
      if (found && /\n {2}Data:/.test(text)) resolve(found[1] as string)
    })
    child.once('exit', (code) => reject(new Error(`serve exited ${code}:\n${text}`)))
  })
  const page = await fetch(url)
  if (!page.ok) throw new Error(`GET / answered ${page.status}`)
  await page.text()
  const coldStartMs = round(performance.now() - started, 0)
  const pid = child.pid as number
  const tlsPort = Number(/MQTT \(TLS\): +port (\d+)/.exec(text)?.[1])
  const ca = readFileSync(path.join(dir, 'data', 'tls', 'ca.crt'))

  // Idle: nothing connected, once start-up has settled (V8's memory reducer runs once, some 5–15 s in).
  await new Promise((r) => setTimeout(r, 15_000))
  const cpu0 = cpuMsOf(pid)
  await new Promise((r) => setTimeout(r, IDLE_MS))
  const idle = { rssMB: rssMBOf(pid), cpuMsPerSecond: round((cpuMsOf(pid) - cpu0) / (IDLE_MS / 1000), 2) }

  const web = path.join(root, 'dist', 'web')
  const bundle = readdirSync(web).filter((f) => f === 'index.html' || f === 'app.js' || f === 'app.css')
  const bundleGzipKB = round(
    bundle.reduce((sum, f) => sum + gzipSync(readFileSync(path.join(web, f))).length, 0) / 1024,
  )

  // Sequential TLS connects of one phone: handshake + CONNECT/CONNACK, then a clean DISCONNECT. Once
  // with a full handshake every time, once resuming the previous TLS session (a ticket), as the
  // phones' TLS stacks do when they reconnect. The client loads its trust store once (a
  // SecureContext), as a phone does: given `ca`, Node builds a new context for every connect, client
  // work that measured ~0.4 ms a connect and is no part of the broker's cost.
  const options = { username: 'phone-0', password: 'phone-password-0', reconnectPeriod: 0 }
  const connectSeries = async (url: string, ca: Buffer, resume: boolean, brokerPid: number) => {
    let cpu0 = cpuMsOf(brokerPid)
    const times: number[] = []
    // The TLS handshake alone (to 'secureConnect'), to tell it apart from our login and CONNACK.
    const handshakes: number[] = []
    let session: Buffer | undefined
    let resumed = 0
    // mqtt.js hands its options to tls.connect as they are; its types do not name secureContext.
    const trust = { secureContext: createSecureContext({ ca }) }
    // 20 uncounted connects first, for each broker alike: the bench's own TLS and mqtt.js code warms up.
    let start = performance.now()
    for (let i = -CONNECT_WARM_UP; i < CONNECTS; i++) {
      if (i === 0) {
        times.length = 0
        handshakes.length = 0
        resumed = 0
        cpu0 = cpuMsOf(brokerPid)
        start = performance.now()
      }
      const t0 = performance.now()
      const client = mqtt.connect(url, {
        ...options,
        ...trust,
        clientId: `connect-bench-${i}`,
        ...(resume && session ? { session } : {}),
      })
      const stream = client.stream as import('node:tls').TLSSocket
      stream.once('secureConnect', () => {
        handshakes.push(performance.now() - t0)
        if (stream.isSessionReused()) resumed++
      })
      stream.on('session', (ticket: Buffer) => {
        session = ticket
      })
      await new Promise((resolve, reject) => {
        client.once('connect', resolve)
        client.once('error', reject)
      })
      times.push(performance.now() - t0)
      await client.endAsync()
    }
    const seconds = (performance.now() - start) / 1000
    const brokerCpuMsPerConnect = round((cpuMsOf(brokerPid) - cpu0) / CONNECTS, 2)
    times.sort((a, b) => a - b)
    handshakes.sort((a, b) => a - b)
    return {
      count: CONNECTS,
      resumed,
      brokerCpuMsPerConnect,
      medianMs: round(percentile(times, 0.5), 2),
      p99Ms: round(percentile(times, 0.99), 2),
      handshakeMedianMs: round(percentile(handshakes, 0.5), 2),
      handshakeP99Ms: round(percentile(handshakes, 0.99), 2),
      slowestMs: times.slice(-5).map((t) => round(t, 1)),
      perSecond: Math.round(CONNECTS / seconds),
    }
  }
  // The same connects from a minimal client in a process of its own (bench/connect-client.ts).
  const minimalConnectSeries = (port: number, caFile: string, brokerPid: number) => {
    const job: ConnectJob = { port, caFile, brokerPid, count: CONNECTS, ...options }
    return runJsonScript<ConnectResult>(connectClient, job).catch((error: Error) => {
      throw new Error(`minimal connect client failed: ${error.message}`)
    })
  }
  const ours = `mqtts://localhost:${tlsPort}`
  const connect = await connectSeries(ours, ca, false, pid)
  const resumedConnect = await connectSeries(ours, ca, true, pid)
  const minimalConnect = await minimalConnectSeries(tlsPort, path.join(dir, 'data', 'tls', 'ca.crt'), pid)
  // The same client against Mosquitto with the same accounts, for what this machine allows.
  const mosquitto = await startMosquitto()
  const mosquittoPid = mosquitto.child.pid as number
  let mosquittoConnect: Awaited<ReturnType<typeof connectSeries>> & { broker: string }
  let mosquittoMinimalConnect: ConnectResult
  try {
    mosquittoConnect = {
      broker: mosquitto.name,
      ...(await connectSeries(mosquitto.url, mosquitto.ca, false, mosquittoPid)),
    }
    mosquittoMinimalConnect = await minimalConnectSeries(mosquitto.port, mosquitto.caFile, mosquittoPid)
  } finally {
    mosquitto.child.kill('SIGTERM')
    await once(mosquitto.child, 'exit').catch(() => {})
  }

  // Load: QoS 1 locations from every member's phone; the service reports its own event-loop delay.
  const phones = await Promise.all(
    Array.from({ length: MEMBERS }, (_, i) =>
      mqtt.connectAsync(`mqtts://localhost:${tlsPort}`, {
        username: `phone-${i}`,
        password: `phone-password-${i}`,
        ca,
        reconnectPeriod: 0,
      }),
    ),
  )
  let tst = Math.floor(Date.now() / 1000) - MESSAGES
  const health = async () =>
    (
      (await (await fetch(`${url}healthz`)).json()) as {
        process: { eventLoopDelay: { p99Ms: number } | null }
      }
    ).process.eventLoopDelay
  await health() // starts the service's event-loop monitor (it runs from the first /healthz on)
  const loadStart = performance.now()
  const windows: number[] = []
  const sampler = setInterval(() => {
    void health().then((w) => {
      if (w) windows.push(w.p99Ms)
    })
  }, 10_000)
  for (let i = 0; i < MESSAGES; i += phones.length) {
    await Promise.all(
      phones.map((phone, p) => {
        tst += 1
        const at = (i + p) % 2 === 0 ? { lat: 50.7376, lon: -3.2783 } : { lat: 51.5007, lon: -0.1246 }
        return phone.publishAsync(
          `owntracks/bench/phone-${p}`,
          JSON.stringify({ _type: 'location', ...at, acc: 10, tid: 'PH', tst, batt: 80 }),
          { qos: 1 },
        )
      }),
    )
  }
  const loadSeconds = (performance.now() - loadStart) / 1000
  clearInterval(sampler)
  // The window that holds the end of the load: wait for it to close.
  await new Promise((r) => setTimeout(r, 10_500))
  const last = await health()
  if (last) windows.push(last.p99Ms)
  await Promise.all(phones.map((p) => p.endAsync()))
  const load = {
    messages: MESSAGES,
    msgPerSecond: Math.round(MESSAGES / loadSeconds),
    eventLoopDelayP99Ms: Math.max(...windows),
    rssMB: rssMBOf(pid),
  }

  const verdict = (met: boolean) => (met ? 'met' : 'NOT MET')
  console.log(`cold start to first page: ${coldStartMs} ms (target < 1000: ${verdict(coldStartMs < 1000)})`)
  console.log(
    `idle RSS: ${idle.rssMB} MB (target ≤ 80: ${verdict(idle.rssMB <= 80)}), idle CPU: ${idle.cpuMsPerSecond} ms/s`,
  )
  console.log(
    `browser bundle (index.html, app.js, app.css) gzipped: ${bundleGzipKB} KB (target ≤ 20: ${verdict(bundleGzipKB <= 20)})`,
  )
  console.log(
    `sequential TLS connects, full handshakes: median ${connect.medianMs} ms, p99 ${connect.p99Ms} ms (target < 5: ${verdict(connect.p99Ms < 5)}), ${connect.perSecond}/s; of which the TLS handshake: median ${connect.handshakeMedianMs} ms, p99 ${connect.handshakeP99Ms} ms`,
  )
  console.log(
    `sequential TLS connects, resuming the session (${resumedConnect.resumed} of ${resumedConnect.count} resumed): median ${resumedConnect.medianMs} ms, p99 ${resumedConnect.p99Ms} ms (target < 5: ${verdict(resumedConnect.p99Ms < 5)}), ${resumedConnect.perSecond}/s; of which the TLS handshake: median ${resumedConnect.handshakeMedianMs} ms, p99 ${resumedConnect.handshakeP99Ms} ms`,
  )
  console.log(
    `  the same client against ${mosquittoConnect.broker}: median ${mosquittoConnect.medianMs} ms, p99 ${mosquittoConnect.p99Ms} ms, ${mosquittoConnect.perSecond}/s; of which the TLS handshake: median ${mosquittoConnect.handshakeMedianMs} ms, p99 ${mosquittoConnect.handshakeP99Ms} ms`,
  )
  console.log(
    `  broker CPU per connect (full handshakes): ours ${connect.brokerCpuMsPerConnect} ms, ${mosquittoConnect.broker} ${mosquittoConnect.brokerCpuMsPerConnect} ms`,
  )
  console.log(
    `sequential TLS connects from a minimal client in its own process (bare TLS socket + CONNECT bytes): median ${minimalConnect.medianMs} ms, p99 ${minimalConnect.p99Ms} ms (target < 5: ${verdict(minimalConnect.p99Ms < 5)}); ${mosquittoConnect.broker}: median ${mosquittoMinimalConnect.medianMs} ms, p99 ${mosquittoMinimalConnect.p99Ms} ms`,
  )
  console.log(
    `load (${MESSAGES} QoS 1 messages over TLS from ${MEMBERS} phones): ${load.msgPerSecond} msg/s, event-loop delay p99 ${load.eventLoopDelayP99Ms} ms, RSS ${load.rssMB} MB`,
  )
  mkdirSync(path.join(root, 'bench', 'results'), { recursive: true })
  writeFileSync(
    path.join(root, 'bench', 'results', 'footprint.json'),
    `${JSON.stringify({ date: new Date().toISOString(), node: process.version, coldStartMs, idle, bundleGzipKB, connect, resumedConnect, minimalConnect, mosquittoConnect, mosquittoMinimalConnect, load }, null, 2)}\n`,
  )
} finally {
  child.kill('SIGTERM')
  await once(child, 'exit').catch(() => {})
  rmSync(dir, { recursive: true, force: true })
}
