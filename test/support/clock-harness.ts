// Starts a real clock (embedded broker on 127.0.0.1 port 0, SQLite in a temp dir) and real phones.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt'
import { onTestFinished } from 'vitest'
import type { ClockConfig } from '../../src/adapters/config/config-types.js'
import { parseConfig } from '../../src/adapters/config/load-config.js'
import { createConsoleLogger } from '../../src/adapters/log/logger.js'
import { type RunningClock, type StartOptions, startClock } from '../../src/app/start-clock.js'
import type { ClockView, MemberView } from '../../src/core/clock-view.js'

export const ROOT = path.resolve(import.meta.dirname, '..', '..')
export const WEB_ROOT = path.join(ROOT, 'dist', 'web')

export const FAMILY = 'weasleys'
export const PASSWORDS = {
  molly: 'molly-password-1',
  ginny: 'ginny-password-1',
  ron: 'ron-password-12',
  clock: 'clock-password-1',
}

export const BASE_CONFIG = {
  uniqueId: FAMILY,
  places: [
    { name: 'Home', lat: 50.7376, lon: -3.2783, radius: 150 },
    { name: 'Work', lat: 51.5007, lon: -0.1246, radius: 200 },
    { name: 'School', lat: 56.8198, lon: -5.1052, radius: 400 },
  ],
  members: [
    { name: 'Molly', devices: [{ id: 'molly', password: PASSWORDS.molly }] },
    { name: 'Ginny', devices: [{ id: 'ginny', password: PASSWORDS.ginny }] },
    { name: 'Ron', devices: [{ id: 'ron', password: PASSWORDS.ron }] },
  ],
  broker: { clockPassword: PASSWORDS.clock },
}

export function tempDir(prefix = 'weasley-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix))
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

export function testConfig(dataDir: string, extra: Record<string, unknown> = {}, httpPort = 0): ClockConfig {
  return parseConfig({ ...BASE_CONFIG, ...extra }, { dataDir, httpPort, mqttPort: 0, mqttsPort: 0 })
}

export interface TestClock {
  clock: RunningClock
  config: ClockConfig
  dataDir: string
  logs: string[]
  caFile: string
  state(): Promise<ClockView>
  member(id: string): Promise<MemberView>
  /** A phone over TLS (verified against our CA), like the OwnTracks app. */
  phone(deviceId: string, options?: Partial<IClientOptions>): Promise<MqttClient>
  /** The same, returned before it connects, so listeners can be attached first. */
  phoneClient(deviceId: string, options?: Partial<IClientOptions>): MqttClient
  /** Stops the clock and starts it again on the same data; `start` replaces options for this start. */
  restart(start?: Partial<StartOptions>): Promise<void>
}

export async function startTestClock(
  options: {
    dataDir?: string
    extra?: Record<string, unknown>
    start?: Partial<StartOptions>
    /** A fixed web port (freePort), kept across restarts so an open page finds the clock again. */
    httpPort?: number
  } = {},
): Promise<TestClock> {
  const dataDir = options.dataDir ?? tempDir()
  const config = testConfig(dataDir, options.extra, options.httpPort)
  const logs: string[] = []
  const logger = createConsoleLogger({ level: 'debug', write: (line) => logs.push(line) })
  let clock = await startClock(config, { logger, webRoot: WEB_ROOT, ...options.start })
  const phones: MqttClient[] = []
  onTestFinished(async () => {
    await Promise.all(phones.map((p) => p.endAsync(true)))
    await clock.close()
  })
  const caFile = path.join(dataDir, 'tls', 'ca.crt')
  const phoneArgs = (deviceId: string, extra: Partial<IClientOptions>): [string, IClientOptions] => {
    if (clock.broker.kind !== 'embedded') throw new Error('phones need the embedded broker')
    return [
      `mqtts://localhost:${clock.broker.mqttsPort}`,
      {
        clientId: `${FAMILY}${deviceId}`,
        username: deviceId,
        password: PASSWORDS[deviceId as keyof typeof PASSWORDS],
        ...(extra.ca ? {} : { ca: readFileSync(caFile) }),
        reconnectPeriod: 0,
        connectTimeout: 5_000,
        ...extra,
      },
    ]
  }
  const harness: TestClock = {
    get clock() {
      return clock
    },
    config,
    dataDir,
    logs,
    caFile,
    async state() {
      const res = await fetch(`${clock.httpUrl}api/state`)
      return (await res.json()) as ClockView
    },
    async member(id) {
      const view = await harness.state()
      const member = view.members.find((m) => m.id === id)
      if (!member) throw new Error(`no member ${id} in /api/state`)
      return member
    },
    async phone(deviceId, extra = {}) {
      const client = await mqtt.connectAsync(...phoneArgs(deviceId, extra))
      phones.push(client)
      return client
    },
    phoneClient(deviceId, extra = {}) {
      const client = mqtt.connect(...phoneArgs(deviceId, extra))
      phones.push(client)
      return client
    },
    async restart(start = {}) {
      await clock.close()
      clock = await startClock(config, { logger, webRoot: WEB_ROOT, ...options.start, ...start })
    },
  }
  return harness
}

export const json = (value: unknown): string => JSON.stringify(value)

/** events.once for emitters with typed signatures (mqtt.js clients). */
export function nextEvent(
  emitter: { once(event: string, listener: (...args: never[]) => void): unknown },
  event: string,
): Promise<unknown[]> {
  return new Promise((resolve) => emitter.once(event, (...args: never[]) => resolve(args)))
}
