// The built node_helper.js driven as MagicMirror² drives it (NodeHelper.create, socket notifications),
// with a real embedded broker and a real MQTT publish.

import { mkdirSync, readFileSync, statSync } from 'node:fs'
import Module, { createRequire } from 'node:module'
import path from 'node:path'
import mqtt from 'mqtt'
import { describe, expect, it, onTestFinished, vi } from 'vitest'
import type { ClockView } from '../../src/core/clock-view.js'
import { aTransition } from '../builders.js'
import { BASE_CONFIG, FAMILY, json, PASSWORDS, ROOT, tempDir } from '../support/clock-harness.js'
import { freePort } from '../support/mosquitto.js'

type Sent = [string, { identifier: string; view?: ClockView; moved?: boolean; problems?: string[] }]
interface Helper {
  name: string
  path: string
  start(): void
  stop(): Promise<void>
  socketNotificationReceived(notification: string, payload: unknown): void
  sendSocketNotification(notification: string, payload: unknown): void
}

/** Loads node_helper.js with MagicMirror's two run-time modules provided, as js/app.js does. */
function loadHelper(moduleDir: string, sent: Sent[], debugLines: string[] = []): Helper {
  const loader = Module as unknown as { _load(request: string, ...rest: unknown[]): unknown }
  const original = loader._load
  const log = { log() {}, info() {}, warn() {}, error() {}, debug: (line: string) => debugLines.push(line) }
  loader._load = function (request: string, ...rest: unknown[]) {
    if (request === 'node_helper') return { create: (definition: object) => ({ ...definition }) }
    if (request === 'logger') return log
    return original.call(this, request, ...rest)
  }
  try {
    const file = path.join(ROOT, 'node_helper.js')
    const require = createRequire(import.meta.url)
    delete require.cache[file]
    const helper = require(file) as Helper
    helper.name = 'MMM-WeasleyClock'
    helper.path = moduleDir
    helper.sendSocketNotification = (n, p) => sent.push([n, p as Sent[1]])
    return helper
  } finally {
    loader._load = original
  }
}

describe('MagicMirror node_helper', () => {
  it('runs one clock per broker for every instance, tags notifications, and reports bad config in the box', async () => {
    const moduleDir = tempDir('weasley-mm-')
    mkdirSync(moduleDir, { recursive: true })
    const sent: Sent[] = []
    const debugLines: string[] = []
    const helper = loadHelper(moduleDir, sent, debugLines)
    helper.start()
    onTestFinished(() => helper.stop())
    const [mqttPort, mqttsPort] = [await freePort(), await freePort()]
    const config = {
      ...BASE_CONFIG,
      // Percy's phone has no password in the config: the clock makes one and leaves it in the data folder.
      members: [...BASE_CONFIG.members, { name: 'Percy', devices: ['percy'] }],
      broker: { ...BASE_CONFIG.broker, mqttPort, mqttsPort },
      clockStyle: 'clock',
      debug: true,
      sounds: true,
      volume: 75,
    }
    const stateFor = (id: string) => sent.filter(([n, p]) => n === 'WEASLEY_STATE' && p.identifier === id)

    helper.socketNotificationReceived('WEASLEY_INIT', { identifier: 'module_1_MMM-WeasleyClock', config })
    await vi.waitFor(() => expect(stateFor('module_1_MMM-WeasleyClock').length).toBeGreaterThan(0), {
      timeout: 10_000,
      interval: 10,
    })
    const before = stateFor('module_1_MMM-WeasleyClock').length

    // A page reload runs the front end's start() again: a snapshot, nothing new opened.
    helper.socketNotificationReceived('WEASLEY_INIT', { identifier: 'module_1_MMM-WeasleyClock', config })
    helper.socketNotificationReceived('WEASLEY_INIT', { identifier: 'module_2_MMM-WeasleyClock', config })
    await vi.waitFor(() => expect(stateFor('module_1_MMM-WeasleyClock').length).toBe(before + 1), {
      timeout: 5_000,
      interval: 10,
    })
    await vi.waitFor(() => expect(stateFor('module_2_MMM-WeasleyClock').length).toBeGreaterThan(0), {
      timeout: 5_000,
      interval: 10,
    })
    expect((helper as unknown as { hub: { size(): number } }).hub.size()).toBe(1)
    const passwords = path.join(moduleDir, 'data', 'new-passwords.txt')
    expect(readFileSync(passwords, 'utf8')).toMatch(/^percy\t[A-Za-z0-9]{20,}\tmember percy$/m)
    expect(statSync(passwords).mode & 0o777).toBe(0o600)

    const phone = await mqtt.connectAsync(`mqtts://localhost:${mqttsPort}`, {
      username: 'ginny',
      password: PASSWORDS.ginny,
      ca: readFileSync(path.join(moduleDir, 'data', 'tls', 'ca.crt')),
      reconnectPeriod: 0,
    })
    onTestFinished(() => phone.endAsync(true))
    await phone.publishAsync(
      `owntracks/${FAMILY}/ginny/event`,
      json(aTransition({ desc: 'Home', tst: Math.floor(Date.now() / 1000) })),
      { qos: 1 },
    )
    // `debug: true` in the module's config: every message is logged, at MagicMirror's debug level.
    await vi.waitFor(() =>
      expect(debugLines).toContain(`accepted transition from owntracks/${FAMILY}/ginny/event`),
    )
    for (const id of ['module_1_MMM-WeasleyClock', 'module_2_MMM-WeasleyClock']) {
      await vi.waitFor(() => expect(stateFor(id).at(-1)?.[1]).toMatchObject({ moved: true }), {
        timeout: 5_000,
        interval: 10,
      })
      expect(
        stateFor(id)
          .at(-1)?.[1]
          .view?.members.find((m) => m.id === 'ginny')?.place,
      ).toBe('Home')
    }

    helper.socketNotificationReceived('WEASLEY_INIT', {
      identifier: 'module_3_MMM-WeasleyClock',
      config: { uniqueId: 'x y', people: [] },
    })
    await vi.waitFor(
      () =>
        expect(
          sent.some(([n, p]) => n === 'WEASLEY_ERROR' && p.identifier === 'module_3_MMM-WeasleyClock'),
        ).toBe(true),
      {
        timeout: 5_000,
        interval: 10,
      },
    )
    const error = sent.find(([n]) => n === 'WEASLEY_ERROR')?.[1]
    expect(error?.problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/^uniqueId: may hold only/)]),
    )

    helper.socketNotificationReceived('WEASLEY_INIT', {
      identifier: 'module_4_MMM-WeasleyClock',
      config: {
        ...config,
        broker: { url: 'mqtts://example.invalid:8883', password: '**SECRET_MIRRORPASS**' },
      },
    })
    await vi.waitFor(
      () =>
        expect(
          sent.some(([n, p]) => n === 'WEASLEY_ERROR' && p.identifier === 'module_4_MMM-WeasleyClock'),
        ).toBe(true),
      {
        timeout: 5_000,
        interval: 10,
      },
    )
    expect(sent.at(-1)?.[1].problems?.[0]).toMatch(/SECRET_MIRRORPASS=… in config\/config.env/)
  })
})
