// An external broker restarted without persistence (its retained messages gone): the clock, once back,
// publishes every hand again, so a stepper clock that subscribes afterwards still finds them. And on a
// broker that keeps no retained messages at all, the hands go out again periodically, and phones are
// asked for a fix when the clock connects without its session, not at every reconnect.

import { type AddressInfo, createServer, type Server } from 'node:net'
import path from 'node:path'
import { Aedes } from 'aedes'
import mqtt from 'mqtt'
import { describe, expect, it, onTestFinished, vi } from 'vitest'
import { parseConfig } from '../../src/adapters/config/load-config.js'
import { silentLogger } from '../../src/adapters/log/logger.js'
import { startClock } from '../../src/app/start-clock.js'
import { BASE_CONFIG, FAMILY, tempDir, WEB_ROOT } from '../support/clock-harness.js'

/** A broker that keeps nothing across restarts, on a port that stays the same. */
async function brokerOn(
  port: number,
): Promise<{ port: number; cut(clientId: string): void; stop(): Promise<void> }> {
  const aedes = await Aedes.createBroker()
  const server: Server = createServer((socket) => aedes.handle(socket))
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  const stop = async () => {
    await new Promise<void>((resolve) => aedes.close(() => resolve()))
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
  // A connection dropped without a DISCONNECT: the broker keeps the client's session.
  const clients = (aedes as unknown as { clients: Record<string, { conn: { destroy(): void } } | undefined> })
    .clients
  const cut = (clientId: string) => clients[clientId]?.conn.destroy()
  return { port: (server.address() as AddressInfo).port, cut, stop }
}

/** The hands a stepper clock subscribing now gets: retained ones only, or also those published meanwhile. */
async function retainedHands(url: string, onlyRetained = true): Promise<string[]> {
  const client = await mqtt.connectAsync(url, { reconnectPeriod: 0 })
  const topics: string[] = []
  client.on('message', (topic, _payload, packet) => {
    if (packet.retain || !onlyRetained) topics.push(topic)
  })
  await client.subscribeAsync(`weasley/${FAMILY}/hands/#`, { qos: 1 })
  try {
    await vi.waitFor(() => expect(new Set(topics).size).toBe(3), { timeout: 5_000 })
  } finally {
    await client.endAsync(true)
  }
  return [...new Set(topics)].sort()
}

describe('an external broker restarted without its retained messages', () => {
  it('gets every hand again from the clock once it is back', async () => {
    let broker = await brokerOn(0)
    const url = `mqtt://127.0.0.1:${broker.port}`
    onTestFinished(() => broker.stop())
    const config = parseConfig(
      { ...BASE_CONFIG, broker: { url } },
      { dataDir: path.join(tempDir(), 'data'), httpPort: 0 },
    )
    const clock = await startClock(config, { logger: silentLogger, webRoot: WEB_ROOT, serveHttp: false })
    onTestFinished(() => clock.close())
    await vi.waitFor(() => expect(clock.pipeline.view().connection.connected).toBe(true), { timeout: 10_000 })
    expect(await retainedHands(url)).toEqual(HANDS)

    await broker.stop()
    broker = await brokerOn(Number(new URL(url).port))
    await vi.waitFor(() => expect(clock.pipeline.view().connection.connected).toBe(true), { timeout: 10_000 })
    // Published again on the new connection (seen live), and so retained for a clock that comes later.
    expect(await retainedHands(url, false)).toEqual(HANDS)
    expect(await retainedHands(url)).toEqual(HANDS)
  })
})

const losantConfig = (url: string) =>
  parseConfig(
    {
      ...BASE_CONFIG,
      broker: { url, profile: 'losant', username: 'key', password: 'secret', clientId: 'clock-device' },
    },
    { dataDir: path.join(tempDir(), 'data'), httpPort: 0 },
  )

/** Counts what arrives on the topics, by topic. */
async function listen(url: string, filters: string[]) {
  const client = await mqtt.connectAsync(url, { reconnectPeriod: 0 })
  onTestFinished(() => client.endAsync(true))
  const received = new Map<string, number>()
  let retained = 0
  client.on('message', (topic, _payload, packet) => {
    if (packet.retain) retained++
    received.set(topic, (received.get(topic) ?? 0) + 1)
  })
  await client.subscribeAsync(filters, { qos: 1 })
  return { received, retained: () => retained }
}

const HANDS = BASE_CONFIG.members.map((m) => `weasley/${FAMILY}/hands/${m.name.toLowerCase()}`).sort()
const COMMANDS = BASE_CONFIG.members.flatMap((m) => m.devices.map((d) => `owntracks/${FAMILY}/${d.id}/cmd`))

describe('a broker that keeps no retained messages (Losant)', () => {
  it('gets every hand again periodically, for a stepper clock that boots while the hands stand still', async () => {
    const broker = await brokerOn(0)
    const url = `mqtt://127.0.0.1:${broker.port}`
    onTestFinished(() => broker.stop())
    const clock = await startClock(losantConfig(url), {
      logger: silentLogger,
      webRoot: WEB_ROOT,
      serveHttp: false,
      handRepublishMs: 100,
    })
    onTestFinished(() => clock.close())
    await vi.waitFor(() => expect(clock.pipeline.view().connection.connected).toBe(true), { timeout: 10_000 })

    // Nothing moves and nothing reconnects: the first show and the resend on connecting are at most two
    // rounds, so a third of every hand can only come from the periodic republish.
    const stepper = await listen(url, [`weasley/${FAMILY}/hands/#`])
    await vi.waitFor(
      () => {
        expect([...stepper.received.keys()].sort()).toEqual(HANDS)
        for (const topic of HANDS) expect(stepper.received.get(topic)).toBeGreaterThanOrEqual(3)
      },
      { timeout: 5_000 },
    )
    expect(stepper.retained()).toBe(0)
  })

  /** A Losant clock and a listener on the phones' command topics and the hands, after the first ask. */
  async function askedOnce(askPhonesAfterMs?: number) {
    const broker = { current: await brokerOn(0) }
    const url = `mqtt://127.0.0.1:${broker.current.port}`
    onTestFinished(() => broker.current.stop())
    const filters = [`owntracks/${FAMILY}/+/cmd`, `weasley/${FAMILY}/hands/#`]
    const phones = await listen(url, filters)
    const clock = await startClock(losantConfig(url), {
      logger: silentLogger,
      webRoot: WEB_ROOT,
      serveHttp: false,
      ...(askPhonesAfterMs === undefined ? {} : { askPhonesAfterMs }),
    })
    onTestFinished(() => clock.close())
    await vi.waitFor(
      () => {
        for (const topic of COMMANDS) expect(phones.received.get(topic)).toBe(1)
      },
      { timeout: 10_000 },
    )
    // The broker restarts without the clock's session. The clock's first reconnect waits at least half
    // a second, so the listener is there first.
    const restart = async () => {
      await broker.current.stop()
      broker.current = await brokerOn(Number(new URL(url).port))
      return listen(url, filters)
    }
    return { broker, url, filters, restart }
  }

  // After a reconnect the clock publishes every hand again right after its subscription, where a
  // command to each phone would come first: hands alone mean no phone was asked.
  const handsOnly = async (phones: Awaited<ReturnType<typeof listen>>) => {
    await vi.waitFor(() => expect([...phones.received.keys()].sort()).toEqual(HANDS), { timeout: 10_000 })
  }

  it('asks the phones for a fix when it connects without its session, not when the broker kept it', async () => {
    const { broker, url, filters, restart } = await askedOnce(0)
    // Cut: the broker kept the session, and with it what the phones sent meanwhile.
    const phones = await listen(url, filters)
    broker.current.cut('clock-device')
    await handsOnly(phones)
    // Restarted: the session is gone, so every phone is asked again.
    const after = await restart()
    await vi.waitFor(
      () => {
        for (const topic of COMMANDS) expect(after.received.get(topic)).toBe(1)
      },
      { timeout: 10_000 },
    )
  })

  it('treats a broker configured without retained messages (broker.retained: false) the same way', async () => {
    const broker = await brokerOn(0)
    const url = `mqtt://127.0.0.1:${broker.port}`
    onTestFinished(() => broker.stop())
    const phones = await listen(url, [`owntracks/${FAMILY}/+/cmd`, `weasley/${FAMILY}/hands/#`])
    const config = parseConfig(
      { ...BASE_CONFIG, broker: { url, retained: false } },
      { dataDir: path.join(tempDir(), 'data'), httpPort: 0 },
    )
    const clock = await startClock(config, { logger: silentLogger, webRoot: WEB_ROOT, serveHttp: false })
    onTestFinished(() => clock.close())
    await vi.waitFor(
      () => {
        for (const topic of [...COMMANDS, ...HANDS]) expect(phones.received.get(topic)).toBeGreaterThan(0)
      },
      { timeout: 10_000 },
    )
    expect(phones.retained()).toBe(0)
  })

  it('asks at most every two minutes, however often the broker loses its session', async () => {
    const { restart } = await askedOnce()
    await handsOnly(await restart())
  })
})
