// `npm run bench:footprint`: the running clock's memory and CPU when idle, and event-loop delay while
// phones publish (PRODUCT.md: idle RSS under 80 MB, no CPU use when idle).

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import mqtt from 'mqtt'
import { parseConfig } from '../src/adapters/config/load-config.js'
import { silentLogger } from '../src/adapters/log/logger.js'
import { startClock } from '../src/app/start-clock.js'

const IDLE_MS = 5_000
const MESSAGES = 5_000
const dir = mkdtempSync(path.join(tmpdir(), 'weasley-footprint-'))
const members = Array.from({ length: 6 }, (_, i) => ({
  name: `Member ${i}`,
  devices: [{ id: `phone-${i}`, password: `phone-password-${i}` }],
}))
const config = parseConfig(
  {
    uniqueId: 'bench',
    places: [
      { name: 'Home', lat: 50.7376, lon: -3.2783, radius: 150 },
      { name: 'Work', lat: 51.5007, lon: -0.1246, radius: 200 },
    ],
    members,
  },
  { dataDir: dir, httpPort: 0, mqttPort: 0, mqttsPort: 0 },
)
const clock = await startClock(config, {
  logger: silentLogger,
  webRoot: path.join(process.cwd(), 'dist', 'web'),
})
if (clock.broker.kind !== 'embedded') throw new Error('embedded broker expected')
const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10

try {
  global.gc?.()
  await new Promise((r) => setTimeout(r, 500))
  const cpuBefore = process.cpuUsage()
  await new Promise((r) => setTimeout(r, IDLE_MS))
  const cpu = process.cpuUsage(cpuBefore)
  const idle = {
    rssMB: mb(process.memoryUsage().rss),
    cpuMsPerSecond: Math.round(((cpu.user + cpu.system) / 1000 / (IDLE_MS / 1000)) * 10) / 10,
  }

  const phones = await Promise.all(
    members.map((_member, i) =>
      mqtt.connectAsync(`mqtts://localhost:${(clock.broker as { mqttsPort: number }).mqttsPort}`, {
        username: `phone-${i}`,
        password: `phone-password-${i}`,
        ca: readFileSync(path.join(dir, 'tls', 'ca.crt')),
      }),
    ),
  )
  const delay = monitorEventLoopDelay({ resolution: 5 })
  delay.enable()
  let tst = Math.floor(Date.now() / 1000) - MESSAGES
  const started = Date.now()
  for (let i = 0; i < MESSAGES; i += phones.length) {
    await Promise.all(
      phones.map((phone, p) => {
        tst += 1
        const at = (i + p) % 2 === 0 ? { lat: 50.7376, lon: -3.2783 } : { lat: 51.5007, lon: -0.1246 }
        return phone.publishAsync(
          `owntracks/bench/phone-${p}`,
          JSON.stringify({ _type: 'location', ...at, acc: 10, tid: 'PH', tst }),
          { qos: 1 },
        )
      }),
    )
  }
  const elapsed = Date.now() - started
  delay.disable()
  await Promise.all(phones.map((p) => p.endAsync()))
  const load = {
    messages: MESSAGES,
    msgPerSecond: Math.round(MESSAGES / (elapsed / 1000)),
    eventLoopDelayP99Ms: Math.round((delay.percentile(99) / 1e6) * 10) / 10,
    rssMB: mb(process.memoryUsage().rss),
  }
  console.log(`idle: RSS ${idle.rssMB} MB, CPU ${idle.cpuMsPerSecond} ms/s`)
  console.log(
    `under load (${MESSAGES} QoS 1 messages over TLS from ${phones.length} phones): ${load.msgPerSecond} msg/s, event-loop delay p99 ${load.eventLoopDelayP99Ms} ms, RSS ${load.rssMB} MB`,
  )
  mkdirSync(path.join(process.cwd(), 'bench', 'results'), { recursive: true })
  writeFileSync(
    path.join(process.cwd(), 'bench', 'results', 'footprint.json'),
    `${JSON.stringify({ date: new Date().toISOString(), node: process.version, idle, load }, null, 2)}\n`,
  )
} finally {
  await clock.close()
  rmSync(dir, { recursive: true, force: true })
}
