// `npm run bench:e2e`: a phone's publish over TLS -> embedded broker -> pipeline -> SSE -> web clock
// DOM, in headless Chromium; p50 / p99 / max over 1,000 hand moves (PRODUCT.md target: p99 < 50 ms).

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import path from 'node:path'
import mqtt from 'mqtt'
import { chromium } from 'playwright-core'
import { parseConfig } from '../src/adapters/config/load-config.js'
import { silentLogger } from '../src/adapters/log/logger.js'
import { startClock } from '../src/app/start-clock.js'
import { percentile } from './percentile.js'

const MOVES = Number(process.env.BENCH_MOVES ?? 1000)
const root = process.cwd()
const dir = mkdtempSync(path.join(tmpdir(), 'weasley-e2e-'))
const config = parseConfig(
  {
    uniqueId: 'bench',
    places: [
      { name: 'Home', lat: 50.7376, lon: -3.2783, radius: 150 },
      { name: 'Work', lat: 51.5007, lon: -0.1246, radius: 200 },
    ],
    members: [{ name: 'Ginny', devices: [{ id: 'ginny', password: 'ginny-bench-pw' }] }],
  },
  { dataDir: dir, httpPort: 0, mqttPort: 0, mqttsPort: 0 },
)
const clock = await startClock(config, { logger: silentLogger, webRoot: path.join(root, 'dist', 'web') })
if (clock.broker.kind !== 'embedded') throw new Error('embedded broker expected')
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
})
try {
  const page = await browser.newPage()
  await page.goto(clock.httpUrl)
  await page.waitForSelector('[data-testid="hand-ginny"]')
  // The page records when each new place lands in the DOM (wall clock, same machine as the phone).
  await page.evaluate(() => {
    const w = window as unknown as { landed: Record<string, number> }
    w.landed = {}
    const hand = document.querySelector('[data-testid="hand-ginny"]') as HTMLElement
    new MutationObserver(() => {
      w.landed[`${hand.dataset.place}:${Object.keys(w.landed).length}`] = Date.now()
    }).observe(hand, { attributes: true, attributeFilter: ['data-place'] })
  })
  const phone = await mqtt.connectAsync(`mqtts://localhost:${clock.broker.mqttsPort}`, {
    username: 'ginny',
    password: 'ginny-bench-pw',
    ca: readFileSync(path.join(dir, 'tls', 'ca.crt')),
  })
  const latencies: number[] = []
  let tst = Math.floor(Date.now() / 1000) - MOVES * 2
  for (let i = 0; i < MOVES; i++) {
    tst += 1
    const place =
      i % 2 === 0
        ? { lat: 51.5007, lon: -0.1246, name: 'work' }
        : { lat: 50.7376, lon: -3.2783, name: 'home' }
    const sent = Date.now()
    await phone.publishAsync(
      'owntracks/bench/ginny',
      JSON.stringify({ _type: 'location', lat: place.lat, lon: place.lon, acc: 10, tid: 'GW', tst }),
      { qos: 1 },
    )
    const landed = await page.waitForFunction(
      (key) => (window as unknown as { landed: Record<string, number> }).landed[key],
      `${place.name}:${i}`,
      { polling: 'raf', timeout: 10_000 },
    )
    latencies.push(((await landed.jsonValue()) as number) - sent)
  }
  await phone.endAsync()
  latencies.sort((a, b) => a - b)
  const pick = (q: number) => percentile(latencies, q)
  const result = { moves: MOVES, p50Ms: pick(0.5), p99Ms: pick(0.99), maxMs: latencies.at(-1) ?? 0 }
  console.log(
    `publish over TLS -> DOM, ${MOVES} moves: p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, max ${result.maxMs} ms`,
  )
  mkdirSync(path.join(root, 'bench', 'results'), { recursive: true })
  const machine = { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version }
  writeFileSync(
    path.join(root, 'bench', 'results', 'e2e-latency.json'),
    `${JSON.stringify({ date: new Date().toISOString(), machine, ...result }, null, 2)}\n`,
  )
} finally {
  await browser.close()
  await clock.close()
  rmSync(dir, { recursive: true, force: true })
}
