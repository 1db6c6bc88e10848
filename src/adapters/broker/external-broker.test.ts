import { createServer as createHttpServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import fc from 'fast-check'
import { describe, expect, it, onTestFinished, vi } from 'vitest'
import { clockOn, phoneOn, startPlainBroker } from '../../../test/support/external-clock.js'
import { reconnectDelayMs } from './external-broker.js'

const bounds = { initialMs: 1_000, maxMs: 60_000 }

describe('reconnect backoff', () => {
  it('doubles per attempt, with jitter in the upper half of the ceiling', () => {
    expect(reconnectDelayMs(0, bounds, 0)).toBe(500)
    expect(reconnectDelayMs(0, bounds, 1)).toBe(1_000)
    expect(reconnectDelayMs(3, bounds, 0)).toBe(4_000)
    expect(reconnectDelayMs(3, bounds, 1)).toBe(8_000)
  })

  it('never waits more than a minute, however many attempts failed', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (attempt, random) => {
          const delay = reconnectDelayMs(attempt, bounds, random)
          expect(delay).toBeGreaterThanOrEqual(250)
          expect(delay).toBeLessThanOrEqual(60_000)
        },
      ),
    )
  })
})

describe('external broker connection', () => {
  it('sends the QoS 1 messages published while it was cut off once it is back', async () => {
    const plain = await startPlainBroker()
    const watcher = await phoneOn(plain.url)
    const seen = new Promise<string>((resolve) =>
      watcher.on('message', (_t, payload) => resolve(payload.toString())),
    )
    await watcher.subscribeAsync('weasley/#', { qos: 1 })
    const clock = clockOn(plain.url, { clientId: 'clock-cut' })
    await clock.firstSubscribe

    plain.clients['clock-cut']?.conn.destroy()
    await vi.waitFor(() => expect(clock.views.at(-1)).toBe(false))
    // A stepper clock's hand, published while the connection is down: it waits in the client's queue.
    const published = clock.broker.publish('weasley/fam/hands/ann', 'Home', { qos: 1, retain: true })
    expect(await seen).toBe('Home')
    await published
  })

  it('drops kept publishes the broker hangs up on each time, and gets connected again', async () => {
    // A cloud policy that refuses one of the clock's topics: the broker closes the connection.
    const plain = await startPlainBroker({
      authorizePublish: (_client, packet, done) =>
        done(packet.topic === 'weasley/fam/hands/ghost' ? new Error('policy') : null),
    })
    const clock = clockOn(plain.url, { clientId: 'clock-refused', backoff: { initialMs: 20, maxMs: 40 } })
    await clock.firstSubscribe
    const ghost = clock.broker.publish('weasley/fam/hands/ghost', 'x', { qos: 1, retain: false })
    await expect(ghost).rejects.toThrow(/Message removed/)
    await vi.waitFor(() => expect(clock.views.at(-1)).toBe(true))
    const phone = await phoneOn(plain.url)
    await phone.publishAsync('owntracks/fam/ann', 'still heard', { qos: 1 })
    await vi.waitFor(() => expect(clock.received).toContain('owntracks/fam/ann still heard'))
    expect(clock.logs).toContainEqual(expect.stringContaining('dropped a message to weasley/fam/hands/ghost'))
  })

  it('drops nothing when connections die while different kept publishes are sent', async () => {
    // Each of two topics is refused once (the connection closed), then taken: a flaky link, not a policy.
    const refusedOnce = new Set(['weasley/fam/hands/a', 'weasley/fam/hands/b'])
    const plain = await startPlainBroker({
      authorizePublish: (_client, packet, done) =>
        done(refusedOnce.delete(packet.topic) ? new Error('connection lost') : null),
    })
    const watcher = await phoneOn(plain.url)
    const seen: string[] = []
    watcher.on('message', (topic) => seen.push(topic))
    await watcher.subscribeAsync('weasley/#', { qos: 1 })
    const clock = clockOn(plain.url, { clientId: 'clock-flaky', backoff: { initialMs: 200, maxMs: 400 } })
    await clock.firstSubscribe
    plain.clients['clock-flaky']?.conn.destroy()
    await vi.waitFor(() => expect(clock.views.at(-1)).toBe(false))
    const sent = ['a', 'b'].map((m) =>
      clock.broker.publish(`weasley/fam/hands/${m}`, m, { qos: 1, retain: false }),
    )
    await Promise.all(sent)
    await vi.waitFor(() => expect(seen).toEqual(['weasley/fam/hands/a', 'weasley/fam/hands/b']))
    expect(clock.logs.filter((l) => l.includes('dropped a message'))).toEqual([])
  })

  it('keeps a command published while it sends the kept ones again, when that connection dies too', async () => {
    // The broker answers a kept hand only on the third connection; the clock reconnects in between.
    let holding = true
    let replayed: () => void = () => {}
    const replaying = new Promise<void>((resolve) => {
      replayed = resolve
    })
    const plain = await startPlainBroker({
      authorizePublish: (client, packet, done) => {
        if (client?.id !== 'clock-replay' || packet.topic !== 'weasley/fam/hands/slow' || !holding)
          return done(null)
        replayed() // and no PUBACK: the clock is between its CONNACK and its 'connect'
      },
    })
    const watcher = await phoneOn(plain.url)
    const seen: string[] = []
    watcher.on('message', (topic) => seen.push(topic))
    await watcher.subscribeAsync('owntracks/fam/+/cmd', { qos: 1 })
    const clock = clockOn(plain.url, { clientId: 'clock-replay', backoff: { initialMs: 200, maxMs: 400 } })
    await clock.firstSubscribe
    plain.clients['clock-replay']?.conn.destroy()
    await vi.waitFor(() => expect(clock.views.at(-1)).toBe(false))
    const hand = clock.broker.publish('weasley/fam/hands/slow', 'Home', { qos: 1, retain: false })
    await replaying
    const command = clock.broker.publish('owntracks/fam/ann/cmd', '{"_type":"cmd"}', {
      qos: 1,
      retain: false,
    })
    holding = false
    plain.clients['clock-replay']?.conn.destroy()
    await Promise.all([hand, command])
    await vi.waitFor(() => expect(seen).toEqual(['owntracks/fam/ann/cmd']))
  })

  it('names the WebSocket path when a WebSocket server refuses the handshake, which reads like a refused login', async () => {
    const server = createHttpServer((_request, response) => response.writeHead(404).end())
    server.on('upgrade', (_request, socket: Duplex) =>
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n'),
    )
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    onTestFinished(() => new Promise<void>((done) => server.close(() => done())))
    const { port } = server.address() as AddressInfo
    const clock = clockOn(`ws://127.0.0.1:${port}/`, {
      clientId: 'clock-ws',
      backoff: { initialMs: 60_000, maxMs: 60_000 },
    })
    await vi.waitFor(() =>
      expect(clock.changes.at(-1)?.lastError).toMatch(/WebSocket path \/ is not the broker's/),
    )
  })

  it('tells the callers of publishes still waiting when it stops', async () => {
    const plain = await startPlainBroker()
    const clock = clockOn(plain.url, { clientId: 'clock-stopping' })
    await clock.firstSubscribe
    plain.clients['clock-stopping']?.conn.destroy()
    await vi.waitFor(() => expect(clock.views.at(-1)).toBe(false))
    const waiting = clock.broker.publish('weasley/fam/hands/ann', 'Home', { qos: 1, retain: true })
    await clock.broker.close()
    await expect(waiting).rejects.toThrow(/the clock is stopping/)
  })

  it('subscribes again on a resumed session, so a session kept from another family does not leave it deaf', async () => {
    const plain = await startPlainBroker()
    const before = clockOn(plain.url, { family: 'smiths', clientId: 'clock-kept' })
    await before.firstSubscribe
    await before.broker.close()

    const after = clockOn(plain.url, { family: 'smythes', clientId: 'clock-kept' })
    await after.firstSubscribe
    expect(after.logs.join('\n')).toContain('(session resumed)')
    const phone = await phoneOn(plain.url)
    await phone.publishAsync('owntracks/smythes/ann', 'hello', { qos: 1 })
    await vi.waitFor(() => expect(after.received).toEqual(['owntracks/smythes/ann hello']))
  })

  it('gives up the subscription an earlier run held for the family’s old name, once the new one is granted', async () => {
    const plain = await startPlainBroker()
    let held: string | undefined
    const before = clockOn(plain.url, {
      family: 'smiths',
      clientId: 'clock-renamed',
      onFilterHeld: (f) => (held = f),
    })
    await before.firstSubscribe
    expect(held).toBe('owntracks/smiths/#')
    await before.broker.close()

    const after = clockOn(plain.url, {
      family: 'smythes',
      clientId: 'clock-renamed',
      subscribedBefore: held as string,
      onFilterHeld: (f) => (held = f),
    })
    await vi.waitFor(() => expect(held).toBe('owntracks/smythes/#'))
    expect(after.logged('INFO')).toContainEqual(
      expect.stringContaining(
        'gave up the subscription to owntracks/smiths/# an earlier run of this clock held',
      ),
    )
    const phone = await phoneOn(plain.url)
    await phone.publishAsync('owntracks/smiths/ann', 'old name', { qos: 1 })
    await phone.publishAsync('owntracks/smythes/ann', 'new name', { qos: 1 })
    await vi.waitFor(() => expect(after.received).toContain('owntracks/smythes/ann new name'))
    expect(after.received).toEqual(['owntracks/smythes/ann new name'])
  })

  it('asks again for a subscription the broker refused while the connection lasts, until it is granted', async () => {
    let allowed = false
    let asked = 0
    const plain = await startPlainBroker({
      authorizeSubscribe: (_client, subscription, done) => {
        asked++
        done(null, allowed ? subscription : null)
      },
    })
    const clock = clockOn(plain.url, { clientId: 'clock-acl', resubscribe: { initialMs: 20, maxMs: 40 } })
    await vi.waitFor(() => expect(asked).toBeGreaterThanOrEqual(3))
    expect(clock.logs.filter((l) => l.includes('refused the subscription'))).toHaveLength(1)
    expect(clock.broker.connection()).toMatchObject({
      connected: true,
      lastError: expect.stringContaining('refused'),
    })
    // The ACL is put right; the connection never dropped.
    allowed = true
    await clock.firstSubscribe
    expect(clock.views).toEqual([true, true, true])
    const phone = await phoneOn(plain.url)
    await phone.publishAsync('owntracks/fam/ann', 'hello', { qos: 1 })
    await vi.waitFor(() => expect(clock.received).toEqual(['owntracks/fam/ann hello']))
    expect(clock.broker.connection()).toEqual({ connected: true })
  })

  it('drops its connection when a message could not be kept, and has the message again after reconnecting', async () => {
    const plain = await startPlainBroker()
    let attempts = 0
    const clock = clockOn(plain.url, { clientId: 'clock-disk', kept: () => ++attempts > 1 })
    await clock.firstSubscribe
    const phone = await phoneOn(plain.url)
    await phone.publishAsync('owntracks/fam/ann', 'fix', { qos: 1 })
    await vi.waitFor(() => expect(clock.received).toEqual(['owntracks/fam/ann fix', 'owntracks/fam/ann fix']))
    expect(clock.logs).toContainEqual(
      expect.stringContaining('could not keep a message from the broker: reconnecting to have it again'),
    )
  })

  it('backs off ever longer from a broker that drops it right after accepting it', async () => {
    const plain = await startPlainBroker()
    // Another clock with the same client id, or a cloud policy: every connection is closed at once.
    plain.aedes.on('clientReady', (client) => client.close())
    const clock = clockOn(plain.url, { clientId: 'clock-dropped', backoff: { initialMs: 20, maxMs: 10_000 } })
    const delays = () =>
      clock.logs.flatMap((line) => {
        const ms = / in (\d+) ms$/.exec(line)?.[1]
        return ms === undefined ? [] : [Number(ms)]
      })
    await vi.waitFor(() => expect(delays().length).toBeGreaterThanOrEqual(5), { timeout: 5_000 })
    // Attempt n waits within [20·2ⁿ/2, 20·2ⁿ] ms; starting over at each connection it would stay ≤ 20.
    expect(delays()[4]).toBeGreaterThanOrEqual(160)
  })
})
