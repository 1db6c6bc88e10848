// The web clock in real headless Chromium, fed by a phone publishing over TLS to the embedded broker.

import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { type AddressInfo, createServer as createNetServer } from 'node:net'
import path from 'node:path'
import { Aedes } from 'aedes'
import type { Page } from 'playwright-core'
import { PNG } from 'pngjs'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { parseConfig } from '../../src/adapters/config/load-config.js'
import { silentLogger } from '../../src/adapters/log/logger.js'
import { startClock } from '../../src/app/start-clock.js'
import { aLocation, aTransition } from '../builders.js'
import { closeBrowser, openPage, screenshot } from '../support/browser.js'
import {
  BASE_CONFIG,
  FAMILY,
  json,
  ROOT,
  startTestClock,
  tempDir,
  WEB_ROOT,
} from '../support/clock-harness.js'
import { freePort } from '../support/mosquitto.js'
import { requireTool } from '../support/tools.js'

const nowSec = () => Math.floor(Date.now() / 1000)
const HOME = { lat: 50.7376, lon: -3.2783 }

describe.skipIf(!requireTool('chromium'))('web clock in Chromium', () => {
  afterAll(() => closeBrowser())

  it('moves a member’s hand to the place a phone reports over TLS, live', async () => {
    const t = await startTestClock()
    const page = await openPage(t.clock.httpUrl)
    const hand = page.getByTestId('hand-ginny')
    await hand.waitFor()
    expect(await hand.getAttribute('data-place')).toBe('lost')
    expect(await page.getByTestId('dial-home').textContent()).toBe('Home')

    const ginny = await t.phone('ginny')
    await ginny.publishAsync(
      `owntracks/${FAMILY}/ginny/event`,
      json(aTransition({ event: 'enter', desc: 'Home', ...HOME, tst: nowSec() })),
      { qos: 1 },
    )
    await page.waitForSelector('[data-testid="hand-ginny"][data-place="home"]', { timeout: 5_000 })
    expect(Number(await hand.getAttribute('data-angle'))).toBe(0)
    await screenshot(page, 'web-clock-one-hand')
  })

  it('chimes when a hand moves, offers the sound until the page is touched, never in table style', async () => {
    const t = await startTestClock({ extra: { sound: 'bell.wav', volume: 40 } })
    // The browser's autoplay policy, as a tablet's browser has it: no sound before the page is touched,
    // from an audio element or from Web Audio (a context stays suspended until a touch resumes it).
    const hearing = async (page: Page) => {
      await page.addInitScript(() => {
        type Played = { via: string; volume: number; seconds?: number }
        const w = window as unknown as { played: Played[] }
        w.played = []
        // Touched by a real click or key (navigator.userActivation counts the test's navigation).
        let touched = false
        const touch = (e: Event) => {
          if (e.isTrusted) touched = true
        }
        addEventListener('pointerdown', touch, true)
        addEventListener('keydown', touch, true)
        const hundredths = (v: number) => Math.round(v * 100) / 100
        HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
          if (!touched)
            return Promise.reject(new DOMException('play() needs a user gesture', 'NotAllowedError'))
          w.played.push({ via: 'element', volume: hundredths(this.volume) })
          return Promise.resolve()
        }
        const resumed = new WeakSet<BaseAudioContext>()
        let locked = false
        const lockable = w as unknown as { lock: () => void; resumes: number }
        // A tablet locked: iOS suspends a running context until it is asked to resume.
        lockable.lock = () => {
          locked = true
        }
        lockable.resumes = 0
        Object.defineProperty(AudioContext.prototype, 'state', {
          get(this: AudioContext) {
            return resumed.has(this) && !locked ? 'running' : 'suspended'
          },
        })
        AudioContext.prototype.resume = function (this: AudioContext) {
          // Not allowed yet: the promise waits (as Chromium's does) until it is.
          if (!touched) return new Promise<void>(() => {})
          resumed.add(this)
          locked = false
          lockable.resumes++
          return Promise.resolve()
        }
        const gains = new WeakMap<AudioNode, number>()
        const connect = AudioNode.prototype.connect as (this: AudioNode, ...args: unknown[]) => unknown
        AudioNode.prototype.connect = function (this: AudioNode, ...args: unknown[]) {
          if (args[0] instanceof GainNode) gains.set(this, args[0].gain.value)
          return connect.apply(this, args)
        } as typeof AudioNode.prototype.connect
        AudioBufferSourceNode.prototype.start = function (this: AudioBufferSourceNode) {
          w.played.push({
            via: 'gain',
            volume: hundredths(gains.get(this) ?? Number.NaN),
            seconds: hundredths(this.buffer?.duration ?? 0),
          })
        }
      })
    }
    const played = (page: Page) =>
      page.evaluate(() => (window as unknown as { played: { via: string; volume: number }[] }).played)
    const page = await openPage(t.clock.httpUrl, { beforeLoad: hearing })
    const table = await openPage(`${t.clock.httpUrl}?style=table`, { beforeLoad: hearing })
    await page.getByTestId('hand-ginny').waitFor()
    await table.locator('body').click()
    const offer = page.getByTestId('sound-offer')
    expect(await offer.isHidden()).toBe(true)

    const ginny = await t.phone('ginny')
    // Each fix a second after the one before: a location of the same tst never moves a hand.
    let tst = nowSec() - 10
    const moveTo = async (place: { lat: number; lon: number }, name: string) => {
      tst++
      await ginny.publishAsync(`owntracks/${FAMILY}/ginny`, json(aLocation({ ...place, tst })), { qos: 1 })
      await page.waitForSelector(`[data-testid="hand-ginny"][data-place="${name}"]`)
    }
    await moveTo(HOME, 'home')
    // Not touched yet: the browser refused, and the page offers the sound.
    await offer.waitFor({ state: 'visible' })
    expect(await played(page)).toEqual([])
    await offer.click()
    await offer.waitFor({ state: 'hidden' })
    // Below full volume through a gain (an iPad ignores an audio element's volume): the config's 40 %,
    // the file's own length once decoded.
    const wav = readFileSync(path.join(ROOT, 'sounds', 'bell.wav'))
    const seconds = wav.readUInt32LE(wav.indexOf('data') + 4) / wav.readUInt32LE(28)
    const bell = { via: 'gain', volume: 0.4, seconds: Math.round(seconds * 100) / 100 }
    await page.waitForFunction(() => (window as unknown as { played: unknown[] }).played.length === 1)
    expect(await played(page)).toEqual([bell])
    await moveTo({ lat: 51.5007, lon: -0.1246 }, 'work')
    await page.waitForFunction(() => (window as unknown as { played: unknown[] }).played.length === 2)
    expect(await played(page)).toEqual([bell, bell])
    // Locked and shown again: the page asks for sound again by itself (no offer to tap).
    const resumes = () => page.evaluate(() => (window as unknown as { resumes: number }).resumes)
    const before = await resumes()
    await page.evaluate(() => {
      ;(window as unknown as { lock: () => void }).lock()
      document.dispatchEvent(new Event('visibilitychange'))
    })
    await expect.poll(resumes).toBe(before + 1)
    expect(await offer.isHidden()).toBe(true)
    // The table, touched too, shows the moves and stays quiet.
    await table.getByText('Work').first().waitFor()
    expect(await played(table)).toEqual([])

    // The file itself, fetched once by the page and revalidated after.
    const file = await fetch(`${t.clock.httpUrl}sounds/bell.wav`)
    expect([file.status, file.headers.get('content-type')]).toEqual([200, 'audio/wav'])
    expect(Buffer.from(await file.arrayBuffer())).toEqual(readFileSync(path.join(ROOT, 'sounds', 'bell.wav')))
    const again = await fetch(`${t.clock.httpUrl}sounds/bell.wav`, {
      headers: { 'if-none-match': file.headers.get('etag') ?? '' },
    })
    expect(again.status).toBe(304)
    for (const wrong of ['sounds/..%2Fpackage.json', 'sounds/none.wav', 'sounds/.hidden.wav'])
      expect((await fetch(`${t.clock.httpUrl}${wrong}`)).status, wrong).toBe(404)
  })

  it('fans out hands that share a place', async () => {
    const t = await startTestClock()
    const page = await openPage(t.clock.httpUrl)
    for (const id of ['ginny', 'ron', 'molly']) {
      const phone = await t.phone(id)
      await phone.publishAsync(`owntracks/${FAMILY}/${id}`, json(aLocation({ ...HOME, tst: nowSec() })), {
        qos: 1,
      })
    }
    await page.waitForFunction(
      () => document.querySelectorAll('[data-place="home"]').length === 3,
      undefined,
      { timeout: 5_000 },
    )
    const angles = await page
      .locator('.hand')
      .evaluateAll((hands) => hands.map((h) => (h as HTMLElement).dataset.angle))
    expect(new Set(angles).size).toBe(3)
    // Let the animation finish so the screenshot shows the resting hands.
    await page.waitForFunction(() => document.getAnimations().length === 0, undefined, { timeout: 5_000 })
    await screenshot(page, 'web-clock-fan-out')
  })

  it('shows who, where and since in table mode', async () => {
    const t = await startTestClock()
    const ron = await t.phone('ron')
    await ron.publishAsync(
      `owntracks/${FAMILY}/ron`,
      json(aLocation({ lat: 56.8198, lon: -5.1052, inregions: ['School'], batt: 77, tst: nowSec() })),
      { qos: 1 },
    )
    const page = await openPage(`${t.clock.httpUrl}?style=table`)
    await page.waitForSelector('[data-testid="place-ron"]')
    expect(await page.getByTestId('place-ron').textContent()).toBe('School')
    expect(await page.getByTestId('row-ron').textContent()).toContain('77 %')
    expect(await page.getByTestId('place-ginny').textContent()).toBe('Lost')
    await screenshot(page, 'web-clock-table')
  })

  it('draws the style and size the config names, unless the address asks for another style', async () => {
    const t = await startTestClock({ extra: { clockStyle: 'flap', radius: 120 } })
    const page = await openPage(t.clock.httpUrl)
    await page.getByTestId('flap-ginny').waitFor()
    expect(await page.locator('svg.weasley-clock').count()).toBe(0)

    const asked = await openPage(`${t.clock.httpUrl}?style=clock`)
    await asked.getByTestId('hand-ginny').waitFor()
    expect(await asked.locator('.weasley-flap').count()).toBe(0)
    // radius: 120 is a face 240 px across.
    expect((await asked.locator('svg.weasley-clock').boundingBox())?.width).toBe(240)
  })

  it('flips only the letters that changed on the split-flap board', async () => {
    const t = await startTestClock()
    const page = await openPage(`${t.clock.httpUrl}?style=flap`)
    await page.waitForSelector('[data-testid="flap-ron"]')
    // The board comes alive once; then nothing is flipping.
    await page.waitForFunction(() => document.getAnimations().length === 0, undefined, { timeout: 5_000 })
    const ron = await t.phone('ron')
    await ron.publishAsync(
      `owntracks/${FAMILY}/ron`,
      json(aLocation({ lat: 56.8198, lon: -5.1052, inregions: ['School'], tst: nowSec() })),
      { qos: 1 },
    )
    await page.waitForSelector('[data-testid="flap-ron"][data-place="school"]', { timeout: 5_000 })
    // LOST -> SCHOOL: six letters of Ron's place row change; every other tile of every row stays still.
    const flipping = await page.evaluate(() =>
      document.getAnimations().map((a) => {
        const tile =
          (a as CSSAnimation).effect instanceof KeyframeEffect ? (a.effect as KeyframeEffect).target : null
        return tile?.closest('[data-testid]')?.getAttribute('data-testid')
      }),
    )
    expect(flipping.length).toBe(6)
    expect(new Set(flipping)).toEqual(new Set(['flap-ron']))
  })

  it('shows the name and face from a member’s card, and serves only real images', async () => {
    const t = await startTestClock()
    const png = new PNG({ width: 8, height: 8 })
    png.data.fill(200)
    const face = PNG.sync.write(png).toString('base64')
    const ginny = await t.phone('ginny')
    await ginny.publishAsync(
      `owntracks/${FAMILY}/ginny/info`,
      json({ _type: 'card', name: 'Ginevra', face }),
      { qos: 1, retain: true },
    )
    const page = await openPage(`${t.clock.httpUrl}?style=table`)
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="row-ginny"]')?.textContent?.includes('Ginevra'),
    )
    const img = page.locator('[data-testid="row-ginny"] img.face')
    await page.waitForFunction(
      () =>
        (document.querySelector('[data-testid="row-ginny"] img.face') as HTMLImageElement | null)
          ?.complete === true,
    )
    expect(await img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(8)
    const res = await fetch(`${t.clock.httpUrl}api/face?member=ginny`)
    expect(res.headers.get('content-type')).toBe('image/png')

    const ron = await t.phone('ron')
    await ron.publishAsync(
      `owntracks/${FAMILY}/ron/info`,
      json({ _type: 'card', name: 'Ron', face: Buffer.from('<svg onload=alert(1)>').toString('base64') }),
      { qos: 1 },
    )
    expect((await fetch(`${t.clock.httpUrl}api/face?member=ron`)).status).toBe(404)
  })

  it('comes back by itself after a proxy answered 502 while the clock restarted', async () => {
    const dir = tempDir()
    const port = await freePort()
    const config = parseConfig(BASE_CONFIG, { dataDir: dir, httpPort: port, mqttPort: 0, mqttsPort: 0 })
    const first = await startClock(config, { logger: silentLogger, webRoot: WEB_ROOT })
    const page = await openPage(first.httpUrl)
    await page.getByTestId('hand-ginny').waitFor()
    await first.close()
    // What nginx or Caddy answers in front of a clock that is down: EventSource gives up for good on it.
    let asked = 0
    const proxy = createServer((_req, res) => {
      asked++
      res.writeHead(502).end()
    })
    await new Promise<void>((resolve) => proxy.listen(port, '127.0.0.1', resolve))
    await vi.waitFor(() => expect(asked).toBeGreaterThan(1), { timeout: 15_000, interval: 50 })
    expect(await page.getByTestId('status').textContent()).toBe('reconnecting…')
    proxy.closeAllConnections()
    await new Promise((resolve) => proxy.close(resolve))
    const again = await startClock(config, { logger: silentLogger, webRoot: WEB_ROOT })
    try {
      await page.waitForSelector('[data-testid="status"]', { state: 'hidden', timeout: 20_000 })
    } finally {
      await again.close()
    }
  })

  it('shows a small status mark while the broker is unreachable', async () => {
    const dir = tempDir()
    const config = parseConfig(
      { ...BASE_CONFIG, broker: { url: 'mqtt://127.0.0.1:1' } },
      { dataDir: dir, httpPort: 0 },
    )
    const clock = await startClock(config, { logger: silentLogger, webRoot: WEB_ROOT })
    try {
      const page = await openPage(clock.httpUrl)
      await page.waitForSelector('[data-testid="status"]:not([hidden])', { timeout: 10_000 })
      expect(await page.getByTestId('status').textContent()).toBe('broker offline')
    } finally {
      await clock.close()
    }
  })

  it('marks a clock whose broker refused the family subscription as not receiving, saying why', async () => {
    // A broker that takes the clock's login and refuses its subscription (return code 128), as an ACL
    // that does not let the account read the family does.
    const aedes = await Aedes.createBroker({ authorizeSubscribe: (_c, _s, done) => done(null, null) })
    const broker = createNetServer((socket) => aedes.handle(socket))
    await new Promise<void>((resolve) => broker.listen(0, '127.0.0.1', resolve))
    const config = parseConfig(
      { ...BASE_CONFIG, broker: { url: `mqtt://127.0.0.1:${(broker.address() as AddressInfo).port}` } },
      { dataDir: tempDir(), httpPort: 0 },
    )
    const clock = await startClock(config, { logger: silentLogger, webRoot: WEB_ROOT })
    try {
      const page = await openPage(clock.httpUrl)
      await page.waitForSelector('[data-testid="status"]:not([hidden])', { timeout: 10_000 })
      const status = page.getByTestId('status')
      expect(await status.textContent()).toBe('not receiving')
      expect(await status.getAttribute('title')).toMatch(
        /^the broker refused the subscription to owntracks\//,
      )
    } finally {
      await clock.close()
      broker.close()
      await new Promise<void>((resolve) => aedes.close(() => resolve()))
    }
  })
})
