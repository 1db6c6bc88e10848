// The embedded broker on real sockets, with its family's commit held by the test: what a QoS 1 phone
// message does before and after the clock has it on disk.

import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createConnection } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { connect as connectTls } from 'node:tls'
import MemoryPersistence from 'aedes-persistence/asyncPersistence.js'
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt'
import mqttPacket from 'mqtt-packet'
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest'
import { requireTool } from '../../../test/support/tools.js'
import type { Inbound } from '../../app/ports.js'
import type { Credentials, Identity } from '../auth/credentials.js'
import { createConsoleLogger } from '../log/logger.js'
import { openDatabase } from '../sqlite/open-database.js'
import { ensureCertificates } from '../tls/certificates.js'
import { MAX_UNRELEASED_PER_ACCOUNT } from './bounded-persistence.js'
import { type EmbeddedBroker, startEmbeddedBroker } from './embedded-broker.js'
import { MAX_RETAINED_SPELLINGS } from './retain-rules.js'
import { SqlitePersistence } from './sqlite-persistence.js'
import { MAX_SUBSCRIPTIONS_PER_CLIENT } from './subscription-cap.js'

const FAMILY = 'weasleys'
const PASSWORD = 'correct horse'
const devices: Record<string, string> = { ron: 'ron', ginny: 'ginny' }

/** Two phones; every password is the same, which is all these tests need of accounts. */
const credentials: Credentials = {
  async authenticate(username, password): Promise<Identity | null> {
    const memberId = devices[username]
    if (!memberId || password.toString() !== PASSWORD) return null
    return { kind: 'device', family: FAMILY, deviceId: username, memberId }
  },
  knows: (username) => username in devices,
  generated: [],
  passwordVersionOf: () => 'config',
  passwordsStamp: () => '',
}

let dir: string
let broker: EmbeddedBroker | undefined
let removeFamily: () => void = () => {}
let logs: string[]
/** Messages that reached the family, each with the function that completes its commit. */
let arrived: { inbound: Inbound; commit: (error?: Error) => void }[]
/** Phones the broker said now listen on their cmd topic. */
let listened: { deviceId: string; spelled?: string; resumed: boolean }[]

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'weasley-broker-'))
  arrived = []
  listened = []
  logs = []
})

afterEach(async () => {
  await broker?.close()
  broker = undefined
  rmSync(dir, { recursive: true, force: true })
})

/** The broker, serving one family whose commits the test completes (all at once with `autoCommit`). */
async function start(
  options: {
    persistence?: MemoryPersistence | SqlitePersistence
    autoCommit?: boolean
    heartbeatIntervalMs?: number
    /** How long a password check takes (a real one is a slow hash): logins then overlap. */
    loginMs?: number
    handshakeTimeoutMs?: number
  } = {},
) {
  const files = ensureCertificates(dir, ['localhost'])
  broker = await startEmbeddedBroker({
    config: {
      kind: 'embedded',
      mqttHost: '127.0.0.1',
      mqttPort: 0,
      mqttsHost: '127.0.0.1',
      mqttsPort: 0,
      publicHosts: [],
      clockUsername: 'clock',
    },
    tls: { cert: readFileSync(files.certFile), key: readFileSync(files.keyFile) },
    logger: createConsoleLogger({ level: 'debug', write: (line) => logs.push(line) }),
    ...(options.persistence ? { persistence: options.persistence as never } : {}),
    ...(options.heartbeatIntervalMs ? { heartbeatIntervalMs: options.heartbeatIntervalMs } : {}),
    ...(options.handshakeTimeoutMs ? { handshakeTimeoutMs: options.handshakeTimeoutMs } : {}),
  })
  const loginMs = options.loginMs
  removeFamily = broker.addFamily(FAMILY, {
    credentials:
      loginMs === undefined
        ? credentials
        : {
            ...credentials,
            authenticate: (username, password) =>
              new Promise<Identity | null>((resolve) =>
                setTimeout(() => resolve(credentials.authenticate(username, password, '')), loginMs),
              ),
          },
    onMessage: (inbound, done) => {
      arrived.push({ inbound, commit: done })
      if (options.autoCommit) done()
    },
    onDeviceListening: (device) => listened.push(device),
  })
  return broker
}

async function phone(deviceId: string, options: IClientOptions = {}): Promise<MqttClient> {
  const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker?.mqttPort}`, {
    username: deviceId,
    password: PASSWORD,
    clientId: `${deviceId}-test`,
    reconnectPeriod: 0,
    ...options,
  })
  onTestFinished(() => client.endAsync(true))
  return client
}

/**
 * Exactly `places` more connections of the account get in (each retried while the broker still sees a
 * closed one's socket open), under fresh client ids; one more is refused.
 */
async function expectFreePlaces(deviceId: string, places: number): Promise<void> {
  for (let n = 1; n <= places; n++) {
    const clientId = `${deviceId}-free-${n}`
    await expect
      .poll(() =>
        phone(deviceId, { clientId }).then(
          () => true,
          () => false,
        ),
      )
      .toBe(true)
  }
  await expect(phone(deviceId, { clientId: `${deviceId}-one-too-many` })).rejects.toThrow(/not authorized/i)
}

/** A SQLite file in the test's folder, closed when the test ends. */
function testDatabase(name: string) {
  const db = openDatabase(path.join(dir, name))
  onTestFinished(() => {
    db.close()
  })
  return db
}

const location = (tst: number) => JSON.stringify({ _type: 'location', lat: 51.5, lon: -0.1, tst })

describe('embedded broker, sockets', () => {
  // Reads the kernel's table of TCP sockets, which only Linux has.
  it.skipIf(process.platform !== 'linux')(
    'keeps TCP keepalive on for every connection, so a half-open one ends even without MQTT keepalive',
    async () => {
      await start()
      const client = await phone('ginny', { keepalive: 0 })
      const local = (client.stream as unknown as { localPort: number }).localPort
      const hex = (port: number) => port.toString(16).toUpperCase().padStart(4, '0')
      // The broker's end of this connection in the kernel's table: once the CONNACK is acknowledged (no
      // retransmit timer, 1), its timer is the keepalive timer (2); without keepalive it has none (0).
      const timer = () =>
        readFileSync('/proc/net/tcp', 'utf8')
          .split('\n')
          .map((line) => line.trim().split(/\s+/))
          .find(
            (f) => f[1]?.endsWith(`:${hex(broker?.mqttPort ?? 0)}`) && f[2]?.endsWith(`:${hex(local)}`),
          )?.[5]
          ?.split(':')[0]
      await expect.poll(timer).toBe('02')
    },
  )
})

describe('embedded broker, failed TLS handshakes', () => {
  it('closes a TLS connection whose handshake does not finish in time', async () => {
    const started = await start({ autoCommit: true, handshakeTimeoutMs: 200 })
    // Connected, and saying nothing: Node only reported the timeout and left the socket open.
    const silent = createConnection({ host: '127.0.0.1', port: started.mqttsPort })
    const closed = new Promise<void>((resolve) => silent.once('close', () => resolve()))
    silent.on('error', () => {})
    await closed
    expect(logs.some((l) => /TLS handshake from 127\.0\.0\.1 failed/.test(l))).toBe(true)
  })

  it('lets one address have 32 TLS connections not logged in yet, and counts each out as it logs in', async () => {
    const started = await start({ autoCommit: true })
    const open = () => {
      const socket = createConnection({ host: '127.0.0.1', port: started.mqttsPort })
      socket.on('error', () => {})
      onTestFinished(() => {
        socket.destroy()
      })
      return { socket, closed: new Promise<void>((resolve) => socket.once('close', () => resolve())) }
    }
    // Phones that logged in take no place for as long as they stay.
    for (let i = 0; i < 2; i++) {
      const phone = await mqtt.connectAsync(`mqtts://127.0.0.1:${started.mqttsPort}`, {
        rejectUnauthorized: false,
        reconnectPeriod: 0,
        username: 'ron',
        password: PASSWORD,
      })
      onTestFinished(() => phone.endAsync(true))
    }
    // One done with its handshake that says nothing keeps its place (until aedes' wait for a CONNECT
    // runs out), as do those that never start one.
    const quiet = connectTls({ host: '127.0.0.1', port: started.mqttsPort, rejectUnauthorized: false })
    quiet.on('error', () => {})
    onTestFinished(() => {
      quiet.destroy()
    })
    await new Promise((resolve) => quiet.once('secureConnect', resolve))
    const silent = Array.from({ length: 31 }, open)
    await Promise.all(silent.map(({ socket }) => new Promise((r) => socket.once('connect', r))))
    // The next is closed at once.
    await open().closed
    expect(logs.filter((l) => l.includes('TLS connections from it not logged in yet'))).toHaveLength(1)
    expect(quiet.destroyed || silent.some(({ socket }) => socket.destroyed)).toBe(false)
    // The quiet one sends the first byte of a CONNECT and waits: still not logged in, still counted.
    const answers: { cmd: string }[] = []
    const parser = mqttPacket.parser()
    parser.on('packet', (packet) => answers.push(packet))
    quiet.on('data', (chunk) => parser.parse(chunk))
    const connect = mqttPacket.generate({
      cmd: 'connect',
      clientId: 'ron-quiet',
      username: 'ron',
      password: Buffer.from(PASSWORD),
      protocolVersion: 4,
    })
    quiet.write(connect.subarray(0, 1))
    await open().closed
    // The rest: it logs in, and its place is free.
    quiet.write(connect.subarray(1))
    await expect.poll(() => answers.map((a) => a.cmd)).toEqual(['connack'])
    const next = open()
    await new Promise((resolve) => next.socket.once('connect', resolve))
    // So is one that gives up (tried again while the broker has yet to see it close).
    silent[0]?.socket.destroy()
    await silent[0]?.closed
    const ginny = () =>
      mqtt.connectAsync(`mqtts://127.0.0.1:${started.mqttsPort}`, {
        rejectUnauthorized: false,
        reconnectPeriod: 0,
        username: 'ginny',
        password: PASSWORD,
      })
    await expect
      .poll(() =>
        ginny().then(
          (back) => back.endAsync(true).then(() => true),
          () => false,
        ),
      )
      .toBe(true)
    expect(next.socket.destroyed).toBe(false)
  })

  it('closes while a connection is still in its TLS handshake', async () => {
    const started = await start({ autoCommit: true })
    const silent = createConnection({ host: '127.0.0.1', port: started.mqttsPort })
    silent.on('error', () => {})
    onTestFinished(() => {
      silent.destroy()
    })
    await new Promise<void>((resolve) => silent.once('connect', () => resolve()))
    // It waited for that socket (up to two minutes, Node's handshake timeout, or for good).
    await started.close()
    broker = undefined
    expect(silent.destroyed || (await new Promise((r) => silent.once('close', () => r(true))))).toBe(true)
  })

  it('says who failed and what it usually means, once a minute for the same failure', async () => {
    await start()
    const port = broker?.mqttsPort ?? 0
    // A phone with TLS off on the TLS port, twice (the second is not logged again).
    for (let i = 0; i < 2; i++) {
      const plain = createConnection({ host: '127.0.0.1', port })
      plain.on('error', () => undefined)
      plain.write(mqttPacket.generate({ cmd: 'connect', clientId: 'no-tls', protocolVersion: 4 }))
      await new Promise((resolve) => plain.on('close', resolve))
    }
    // A phone that does not trust the clock's CA aborts the handshake with an alert, as OpenSSL's
    // client in mosquitto_sub does (Node's own client checks the certificate only afterwards).
    if (requireTool('mosquitto_sub')) {
      const otherCa = ensureCertificates(path.join(dir, 'other'), ['localhost']).caCertFile
      const sub = spawn(
        'mosquitto_sub',
        ['-h', 'localhost', '-p', String(port), '--cafile', otherCa, '-t', 'x', '-C', '1', '-W', '5'],
        {
          stdio: 'ignore',
        },
      )
      await new Promise((resolve) => sub.on('close', resolve))
    }
    await expect
      .poll(() => logs.filter((l) => l.includes('TLS handshake')))
      .toEqual([
        expect.stringMatching(
          /TLS handshake from 127\.0\.0\.1 failed: wrong version number \(it does not speak TLS: a phone with TLS off belongs on the plain MQTT port/,
        ),
        ...(requireTool('mosquitto_sub')
          ? [
              expect.stringMatching(
                /TLS handshake from 127\.0\.0\.1 failed: tlsv1 alert unknown ca \(the client does not trust this clock's certificate: install the CA certificate from the setup page\)/,
              ),
            ]
          : []),
      ])
  })
})

describe('embedded broker, QoS 1 from a phone', () => {
  it('forwards the message while its commit runs, and acknowledges it only once committed', async () => {
    await start()
    const ginny = await phone('ginny')
    await ginny.subscribeAsync(`owntracks/${FAMILY}/#`, { qos: 1 })
    const ron = await phone('ron')
    let acknowledged = false
    const publishing = ron
      .publishAsync(`owntracks/${FAMILY}/ron`, location(1_750_000_000), { qos: 1 })
      .then(() => {
        acknowledged = true
      })

    const [topic, payload] = await new Promise<[string, Buffer]>((resolve) =>
      ginny.once('message', (...received) => resolve([received[0], received[1]])),
    )
    expect([topic, JSON.parse(payload.toString()).tst]).toEqual([`owntracks/${FAMILY}/ron`, 1_750_000_000])
    expect(arrived).toHaveLength(1)
    expect(acknowledged).toBe(false)

    arrived[0]?.commit()
    await publishing
    expect(acknowledged).toBe(true)
  })

  it('delivers each message once: the publish aedes makes after the PUBACK adds nothing', async () => {
    await start()
    const ginny = await phone('ginny')
    const seen: number[] = []
    ginny.on('message', (_topic, payload) => seen.push(JSON.parse(payload.toString()).tst))
    await ginny.subscribeAsync(`owntracks/${FAMILY}/#`, { qos: 1 })
    const ron = await phone('ron')
    for (const [i, tst] of [1_750_000_001, 1_750_000_002].entries()) {
      const publishing = ron.publishAsync(`owntracks/${FAMILY}/ron`, location(tst), { qos: 1 })
      await expect.poll(() => arrived.length).toBe(i + 1)
      arrived[i]?.commit()
      await publishing
    }
    // Whatever the second publish after a PUBACK would deliver arrives before a later message does.
    await ron.publishAsync(`owntracks/${FAMILY}/ron`, location(1_750_000_003), { qos: 0 })
    await expect.poll(() => seen.at(-1)).toBe(1_750_000_003)
    expect(seen).toEqual([1_750_000_001, 1_750_000_002, 1_750_000_003])
  })

  it('sends no PUBACK when the commit fails, so the phone keeps the message', async () => {
    await start()
    const ron = await phone('ron')
    const closed = new Promise<void>((resolve) => ron.once('close', () => resolve()))
    ron.publish(`owntracks/${FAMILY}/ron`, location(1_750_000_004), { qos: 1 })
    await expect.poll(() => arrived.length).toBe(1)
    arrived[0]?.commit(new Error('disk full'))
    await closed
    // mqtt.js keeps an unacknowledged QoS 1 message in its outgoing store, to send again on reconnect.
    expect(Object.keys((ron as unknown as { outgoing: object }).outgoing)).toHaveLength(1)
  })

  it('sends no PUBACK until a sleeping session has its copy queued: none if queueing fails', async () => {
    // aedes' own in-memory persistence, whose queue for sleeping sessions fails as a full disk would.
    class FailingQueue extends MemoryPersistence {
      override async outgoingEnqueueCombi(): Promise<void> {
        throw new Error('disk full')
      }
    }
    await start({ persistence: new FailingQueue(), autoCommit: true })
    const sleeper = await phone('ginny', { clean: false })
    await sleeper.subscribeAsync(`owntracks/${FAMILY}/#`, { qos: 1 })
    await sleeper.endAsync()

    const ron = await phone('ron')
    const closed = new Promise<void>((resolve) => ron.once('close', () => resolve()))
    ron.publish(`owntracks/${FAMILY}/ron`, location(1_750_000_005), { qos: 1 })
    await closed
    expect(arrived).toHaveLength(1)
    expect(Object.keys((ron as unknown as { outgoing: object }).outgoing)).toHaveLength(1)
  })
})

describe('embedded broker, persistent subscriptions', () => {
  it('keeps only the filters it allowed, narrowed, for a persistent session', async () => {
    const db = testDatabase('subs.db')
    await start({ persistence: new SqlitePersistence(db), autoCommit: true })
    const ron = await phone('ron', { clean: false })
    // mqtt.js calls a SUBACK with a refusal in it an error.
    const subscribed = await ron
      .subscribeAsync({
        [`owntracks/${FAMILY}/+`]: { qos: 1 },
        'owntracks/malfoys/#': { qos: 1 },
        '#': { qos: 1 },
      })
      .then(
        () => 'all granted',
        (error: Error) => error.message,
      )
    expect(subscribed).toBe('Subscribe error: Unspecified error')
    expect(logs.filter((l) => l.includes('refused subscription'))).toEqual([
      expect.stringContaining('refused subscription to owntracks/malfoys/# by device "ron"'),
    ])
    const stored = db.prepare('SELECT topic FROM broker_subscription ORDER BY topic').pluck().all()
    expect(stored).toEqual([`owntracks/${FAMILY}/#`, `owntracks/${FAMILY}/+`])
  })

  it('says a phone listens for commands only once its cmd filter is granted', async () => {
    await start({ autoCommit: true })
    const ron = await phone('ron')
    // Refused: the family spelled otherwise (topics are case-sensitive).
    await ron.subscribeAsync(`owntracks/${FAMILY.toUpperCase()}/ron/cmd`, { qos: 1 }).catch(() => undefined)
    expect(listened).toEqual([])
    await ron.subscribeAsync(`owntracks/${FAMILY}/Ron/cmd`, { qos: 1 })
    expect(listened).toEqual([{ deviceId: 'ron', memberId: 'ron', spelled: 'Ron', resumed: false }])
  })

  it('says whether a phone that listens took up the session the broker kept for it', async () => {
    await start({ autoCommit: true })
    const session = { clientId: 'owntracks-ron', clean: false }
    const cmd = `owntracks/${FAMILY}/ron/cmd`
    const first = await phone('ron', session)
    await first.subscribeAsync(cmd, { qos: 1 })
    await first.endAsync()
    // Back in its session (the apps subscribe again on every connection), then afresh.
    const again = await phone('ron', session)
    await again.subscribeAsync(cmd, { qos: 1 })
    await again.endAsync()
    const fresh = await phone('ron', { ...session, clean: true })
    await fresh.subscribeAsync(cmd, { qos: 1 })
    expect(listened.map((l) => l.resumed)).toEqual([false, true, false])
  })

  it('writes each filter of a SUBSCRIBE once, however many it holds', async () => {
    const db = testDatabase('many-subs.db')
    await start({ persistence: new SqlitePersistence(db), autoCommit: true })
    const ron = await phone('ron', { clean: false })
    const changes = () => db.prepare('SELECT total_changes()').pluck().get() as number
    const filters = Object.fromEntries(
      Array.from({ length: 100 }, (_, i) => [`owntracks/${FAMILY}/f${i}`, { qos: 1 as const }]),
    )
    for (let round = 0; round < 2; round++) {
      const before = changes()
      await ron.subscribeAsync(filters)
      // One row each (it was 5,050 writes for a hundred filters: the whole list once per filter).
      expect(changes() - before).toBe(100)
    }
    expect(db.prepare('SELECT count(*) FROM broker_subscription').pluck().get()).toBe(100)
  })
})

describe('embedded broker, unsubscribing', () => {
  it('gives up a filter it narrowed by the words the phone subscribed with', async () => {
    const db = testDatabase('unsub.db')
    await start({ persistence: new SqlitePersistence(db), autoCommit: true })
    const ron = await phone('ron', { clean: false })
    const heard: string[] = []
    ron.on('message', (topic) => heard.push(topic))
    // Android's default: held as owntracks/weasleys/+.
    await ron.subscribeAsync('owntracks/+/+', { qos: 1 })
    const ginny = await phone('ginny')
    await ginny.publishAsync(`owntracks/${FAMILY}/ginny`, location(1_750_000_000), { qos: 1 })
    await expect.poll(() => heard).toEqual([`owntracks/${FAMILY}/ginny`])

    await ron.unsubscribeAsync('owntracks/+/+')
    expect(db.prepare('SELECT topic FROM broker_subscription').pluck().all()).toEqual([])
    // A filter it still holds comes after the location in ginny's order: the location, were it still
    // delivered, would arrive first.
    await ron.subscribeAsync(`owntracks/${FAMILY}/ginny/event`, { qos: 1 })
    await ginny.publishAsync(`owntracks/${FAMILY}/ginny`, location(1_750_000_001), { qos: 1 })
    await ginny.publishAsync(`owntracks/${FAMILY}/ginny/event`, '{}', { qos: 1 })
    await expect.poll(() => heard.length).toBe(2)
    expect(heard).toEqual([`owntracks/${FAMILY}/ginny`, `owntracks/${FAMILY}/ginny/event`])
  })

  it('also when the UNSUBSCRIBE comes in one write with the CONNECT, before the login is checked', async () => {
    const db = testDatabase('unsub-early.db')
    await start({ persistence: new SqlitePersistence(db), autoCommit: true, loginMs: 20 })
    const session = { clientId: 'ron-raw', clean: false }
    const before = await phone('ron', session)
    await before.subscribeAsync('owntracks/+/+', { qos: 1 })
    await before.endAsync()
    expect(db.prepare('SELECT topic FROM broker_subscription').pluck().all()).toEqual([
      `owntracks/${FAMILY}/+`,
    ])

    // Back, and giving it up at once: the UNSUBSCRIBE waits in aedes' queue while the login is checked.
    const socket = createConnection({ host: '127.0.0.1', port: broker?.mqttPort as number })
    onTestFinished(() => {
      socket.destroy()
    })
    const packets: { cmd: string }[] = []
    const parser = mqttPacket.parser()
    parser.on('packet', (packet) => packets.push(packet))
    socket.on('data', (chunk) => parser.parse(chunk))
    socket.write(
      Buffer.concat([
        mqttPacket.generate({
          cmd: 'connect',
          ...session,
          username: 'ron',
          password: Buffer.from(PASSWORD),
          protocolVersion: 4,
        }),
        mqttPacket.generate({ cmd: 'unsubscribe', messageId: 1, unsubscriptions: ['owntracks/+/+'] }),
      ]),
    )
    await expect.poll(() => packets.map((p) => p.cmd)).toEqual(['connack', 'unsuback'])
    expect(db.prepare('SELECT topic FROM broker_subscription').pluck().all()).toEqual([])
  })
})

/** A session of ron's on a raw socket (it answers nothing by itself): the packets it gets, and a writer. */
async function rawSession(clientId: string) {
  const socket = createConnection({ host: '127.0.0.1', port: broker?.mqttPort as number })
  onTestFinished(() => {
    socket.destroy()
  })
  const packets: { cmd: string; messageId?: number }[] = []
  const parser = mqttPacket.parser()
  parser.on('packet', (packet) => packets.push(packet))
  socket.on('data', (chunk) => parser.parse(chunk))
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()))
  const send = (packet: mqttPacket.Packet) => socket.write(mqttPacket.generate(packet))
  send({
    cmd: 'connect',
    clientId,
    clean: false,
    username: 'ron',
    password: Buffer.from(PASSWORD),
    protocolVersion: 4,
  })
  await expect.poll(() => packets.map((p) => p.cmd)).toEqual(['connack'])
  const count = (cmd: string) => packets.filter((p) => p.cmd === cmd).length
  const publish = (messageId: number, dup = false): mqttPacket.IPublishPacket => ({
    cmd: 'publish',
    qos: 2,
    messageId,
    topic: `owntracks/${FAMILY}/ron`,
    payload: location(1_750_000_000 + messageId),
    retain: false,
    dup,
  })
  const qos2 = (messageId: number, dup = false) => send(publish(messageId, dup))
  /** Several in one write: aedes handles the packets of one read at the same time. */
  const qos2Together = (ids: number[]) =>
    socket.write(Buffer.concat(ids.map((id) => mqttPacket.generate(publish(id)))))
  return { closed, send, count, qos2, qos2Together }
}

describe('embedded broker, QoS 2', () => {
  it(`holds at most ${MAX_UNRELEASED_PER_ACCOUNT} QoS 2 messages of an account waiting for their PUBREL, the newest`, async () => {
    const db = testDatabase('qos2.db')
    await start({ persistence: new SqlitePersistence(db), autoCommit: true })
    const held = () =>
      db.prepare('SELECT client_id, message_id FROM broker_incoming ORDER BY client_id, message_id').all()
    const first = await rawSession('ron-a')
    for (let id = 1; id <= MAX_UNRELEASED_PER_ACCOUNT; id++) first.qos2(id)
    await expect.poll(() => first.count('pubrec')).toBe(MAX_UNRELEASED_PER_ACCOUNT)
    // A resend of one it holds takes no new place; a new one pushes the oldest out (it was published
    // when it came: only telling a resend of it from a new message is lost).
    first.qos2(1)
    first.qos2(MAX_UNRELEASED_PER_ACCOUNT + 1)
    await expect.poll(() => first.count('pubrec')).toBe(MAX_UNRELEASED_PER_ACCOUNT + 2)
    const ids = (from: number, to: number) =>
      Array.from({ length: to - from + 1 }, (_, i) => ({
        client_id: `${FAMILY}/ron|ron-a`,
        message_id: from + i,
      }))
    await expect.poll(held).toEqual(ids(2, MAX_UNRELEASED_PER_ACCOUNT + 1))
    // Another session of the same account: the account's bound, the oldest of either pushed out.
    const second = await rawSession('ron-b')
    second.qos2(1)
    await expect.poll(() => second.count('pubrec')).toBe(1)
    await expect
      .poll(held)
      .toEqual([
        ...ids(3, MAX_UNRELEASED_PER_ACCOUNT + 1),
        { client_id: `${FAMILY}/ron|ron-b`, message_id: 1 },
      ])
    // A PUBREL for one pushed out is still answered; one for one held frees its place.
    first.send({ cmd: 'pubrel', messageId: 1 })
    first.send({ cmd: 'pubrel', messageId: 3 })
    await expect.poll(() => first.count('pubcomp')).toBe(2)
    expect(held()).toHaveLength(MAX_UNRELEASED_PER_ACCOUNT - 1)
    expect(first.count('connack')).toBe(1)
  })

  it('hands the family a QoS 2 message sent again before its PUBREC once, each copy answered after the commit', async () => {
    const db = testDatabase('qos2-dup.db')
    await start({ persistence: new SqlitePersistence(db) })
    const first = await rawSession('ron-dup')
    first.qos2(5)
    await expect.poll(() => arrived.length).toBe(1)
    // Sent again while the first is being committed: no second commit, and no PUBREC before the first's.
    first.qos2(5, true)
    await new Promise((resolve) => setImmediate(resolve))
    expect(first.count('pubrec')).toBe(0)
    arrived[0]?.commit()
    await expect.poll(() => first.count('pubrec')).toBe(2)
    // And again after its PUBREC, on a new connection (the phone never saw it): still once.
    first.send({ cmd: 'disconnect' })
    await first.closed
    const again = await rawSession('ron-dup')
    again.qos2(5, true)
    await expect.poll(() => again.count('pubrec')).toBe(1)
    expect(arrived).toHaveLength(1)
    // A new message with the next id is the family's, of course.
    again.qos2(6)
    await expect.poll(() => arrived.length).toBe(2)
  })

  it('keeps a session’s QoS 2 messages when a refused login comes under that session’s id', async () => {
    const db = testDatabase('qos2-refused.db')
    await start({ persistence: new SqlitePersistence(db), autoCommit: true })
    const first = await rawSession('ron-held')
    first.qos2(7)
    await expect.poll(() => first.count('pubrec')).toBe(1)
    first.send({ cmd: 'disconnect' })
    await first.closed
    // A wrong password, with ron's session id (as the broker names it) for its own and a clean session:
    // aedes cleans a refused connection's QoS 2 state up under the id it goes by.
    const intruder = createConnection({ host: '127.0.0.1', port: broker?.mqttPort as number })
    onTestFinished(() => {
      intruder.destroy()
    })
    const answers: { cmd: string; returnCode?: number }[] = []
    const parser = mqttPacket.parser()
    parser.on('packet', (packet) => answers.push(packet))
    intruder.on('data', (chunk) => parser.parse(chunk))
    const gone = new Promise((resolve) => intruder.once('close', resolve))
    intruder.write(
      mqttPacket.generate({
        cmd: 'connect',
        clientId: `${FAMILY}/ron|ron-held`,
        clean: true,
        username: 'ron',
        password: Buffer.from('not the password'),
        protocolVersion: 4,
      }),
    )
    await gone
    expect(answers).toMatchObject([{ cmd: 'connack', returnCode: 4 }])
    // Ron's phone sends it again (it never saw the PUBREC): still held, so still the family's once.
    const again = await rawSession('ron-held')
    again.qos2(7, true)
    await expect.poll(() => again.count('pubrec')).toBe(1)
    expect(arrived).toHaveLength(1)
  })

  it('keeps that bound when many come in one write, connection after connection', async () => {
    const db = testDatabase('qos2-batch.db')
    await start({ persistence: new SqlitePersistence(db), autoCommit: true })
    const rows = () => db.prepare('SELECT COUNT(*) FROM broker_incoming').pluck().get()
    for (let round = 0; round < 3; round++) {
      const session = await rawSession('ron-batch')
      const ids = Array.from({ length: 60 }, (_, i) => round * 100 + i + 1)
      session.qos2Together(ids)
      await expect.poll(() => session.count('pubrec')).toBe(60)
      await expect.poll(rows).toBe(MAX_UNRELEASED_PER_ACCOUNT)
      session.send({ cmd: 'disconnect' })
      await session.closed
    }
  })
})

describe('embedded broker, sessions per account', () => {
  it('keeps an account’s three newest persistent sessions and forgets the ones left behind', async () => {
    const db = testDatabase('sessions.db')
    await start({ persistence: new SqlitePersistence(db), autoCommit: true })
    // A phone reinstalled five times: each install comes back under a new client id.
    for (let install = 1; install <= 5; install++) {
      const ron = await phone('ron', { clean: false, clientId: `ron-install-${install}` })
      await ron.subscribeAsync(`owntracks/${FAMILY}/+`, { qos: 1 })
      await ron.endAsync()
    }
    const sessions = () =>
      db.prepare('SELECT DISTINCT client_id FROM broker_subscription ORDER BY client_id').pluck().all()
    expect(sessions()).toEqual([3, 4, 5].map((n) => `${FAMILY}/ron|ron-install-${n}`))
    expect(logs.filter((l) => l.includes('forgot the persistent session'))).toHaveLength(2)
    // Nothing is queued for a forgotten one.
    const ginny = await phone('ginny')
    await ginny.publishAsync(`owntracks/${FAMILY}/ginny`, location(1_750_000_000), { qos: 1 })
    const queued = db
      .prepare('SELECT DISTINCT client_id FROM broker_outgoing ORDER BY client_id')
      .pluck()
      .all()
    expect(queued).toEqual(sessions())
  })
})

describe('embedded broker, connections per account', () => {
  it('admits three of five logins made at once, lets the phone back in under its client id, and frees closed places', async () => {
    await start({ autoCommit: true })
    const attempts = await Promise.allSettled(
      [1, 2, 3, 4, 5].map((n) => phone('ron', { clientId: `ron-${n}` })),
    )
    const admitted = attempts.flatMap((a) => (a.status === 'fulfilled' ? [a.value] : []))
    const refusals = attempts.flatMap((a) => (a.status === 'rejected' ? [String(a.reason)] : []))
    expect(admitted).toHaveLength(3)
    expect(refusals).toEqual([
      expect.stringMatching(/not authorized/i),
      expect.stringMatching(/not authorized/i),
    ])

    // The phone comes back under a client id that holds a place: its old connection is replaced.
    const first = admitted[0] as MqttClient
    const replaced = new Promise<void>((resolve) => first.once('close', () => resolve()))
    const back = await phone('ron', { clientId: first.options.clientId as string })
    await replaced
    expect(back.connected).toBe(true)

    // Every place that closed is free again (the broker sees each close a moment after the phone).
    await Promise.all([...admitted, back].map((c) => c.endAsync()))
    await expectFreePlaces('ron', 3)
  })
})

describe('embedded broker, logins under one client id', () => {
  it('lets a burst of them in only as replacements of each other: the account keeps its limit', async () => {
    await start({
      autoCommit: true,
      persistence: new SqlitePersistence(testDatabase('burst.db')),
      loginMs: 20,
    })
    const session = { clientId: 'ron-phone', clean: false }
    const phones = [await phone('ron', session)]
    // Fifteen logins at once under the phone's client id, three times (a stolen password, a retry storm).
    for (let round = 0; round < 3; round++)
      await Promise.allSettled(
        Array.from({ length: 15 }, async () => {
          const c = await phone('ron', session)
          phones.push(c)
          await c.subscribeAsync(`owntracks/${FAMILY}/ron/cmd`)
        }),
      )
    await expect.poll(() => phones.filter((c) => c.connected).length).toBe(1)
    // One connection under that id is left; two places of three are free, and no more.
    await expectFreePlaces('ron', 2)
    // The one left is the broker's to reach: removing the family closes it.
    removeFamily()
    await expect.poll(() => phones.filter((c) => c.connected).length).toBe(0)
  })
})

describe('embedded broker, refused subscriptions', () => {
  it('logs the first ten of a connection, not thousands', async () => {
    await start({ autoCommit: true })
    const ron = await phone('ron')
    const filters = Object.fromEntries(
      Array.from({ length: 500 }, (_, i) => [`owntracks/family${i}/#`, { qos: 0 as const }]),
    )
    await ron.subscribeAsync(filters).catch(() => undefined)
    const said = logs.filter((l) => l.includes('refused subscription'))
    expect(said).toHaveLength(10)
    expect(said.at(-1)).toContain(
      'refused subscription to owntracks/family9/# by device "ron" (further refusals',
    )
  })
})

describe('embedded broker, filters per connection', () => {
  it(`grants a connection ${MAX_SUBSCRIPTIONS_PER_CLIENT} filters at most, and frees places as it unsubscribes`, async () => {
    await start({ autoCommit: true })
    const ron = await phone('ron')
    const own = (i: number) => `owntracks/${FAMILY}/x${i}`
    /** The SUBACK's return codes (mqtt.js rejects a SUBACK that refuses a filter, with the packet). */
    const suback = (filters: Record<string, { qos: 0 }>) =>
      ron.subscribeAsync(filters).then(
        (granted) => granted.map((g) => g.qos),
        (error: { packet?: { granted?: number[] } }) => error.packet?.granted ?? [],
      )
    const many = Object.fromEntries(
      Array.from({ length: MAX_SUBSCRIPTIONS_PER_CLIENT + 50 }, (_, i) => [own(i), { qos: 0 as const }]),
    )
    const codes = await suback(many)
    expect(codes.slice(0, MAX_SUBSCRIPTIONS_PER_CLIENT).every((code) => code === 0)).toBe(true)
    expect(codes.slice(MAX_SUBSCRIPTIONS_PER_CLIENT)).toEqual(Array(50).fill(128))
    // A filter it holds already takes no new place; one it gave up frees one.
    expect(await suback({ [own(0)]: { qos: 0 } })).toEqual([0])
    expect(await suback({ [own(120)]: { qos: 0 } })).toEqual([128])
    await ron.unsubscribeAsync(own(0))
    expect(await suback({ [own(120)]: { qos: 0 } })).toEqual([0])
    expect(await suback({ [own(121)]: { qos: 0 } })).toEqual([128])
    expect(logs.some((l) => l.includes(`holds ${MAX_SUBSCRIPTIONS_PER_CLIENT} filters already`))).toBe(true)
  })

  it('frees the place of a filter given up right after it was taken, again and again', async () => {
    await start({ autoCommit: true })
    const ron = await phone('ron')
    for (let i = 0; i < MAX_SUBSCRIPTIONS_PER_CLIENT + 20; i++) {
      const topic = `owntracks/${FAMILY}/y${i}`
      expect((await ron.subscribeAsync(topic, { qos: 0 }))[0]?.qos, topic).toBe(0)
      await ron.unsubscribeAsync(topic)
    }
  })
})

describe('embedded broker, retained messages', () => {
  it('keeps a phone’s location and card retained, and nothing it retains elsewhere', async () => {
    await start({ autoCommit: true })
    const ron = await phone('ron')
    const base = `owntracks/${FAMILY}/ron`
    for (let i = 0; i < 5; i++) await ron.publishAsync(`${base}/invented-${i}`, 'x', { qos: 1, retain: true })
    await ron.publishAsync(`${base}/info`, JSON.stringify({ _type: 'card', name: 'Ron' }), {
      qos: 1,
      retain: true,
    })
    await ron.publishAsync(base, location(1_750_000_100), { qos: 1, retain: true })
    // A subscriber that comes later gets the location and the card, nothing else.
    const ginny = await phone('ginny')
    const got: string[] = []
    ginny.on('message', (topic, _payload, packet) => {
      if (packet.retain) got.push(topic)
    })
    await ginny.subscribeAsync(`owntracks/${FAMILY}/#`, { qos: 1 })
    await expect.poll(() => [...got].sort()).toEqual([base, `${base}/info`])
    // Told once for the phone, not once per invented topic.
    expect(logs.filter((l) => l.includes('did not retain'))).toHaveLength(1)
  })

  it(`keeps a phone’s location retained under ${MAX_RETAINED_SPELLINGS} spellings of its id at most`, async () => {
    const persistence = new MemoryPersistence()
    await start({ autoCommit: true, persistence })
    const ron = await phone('ron')
    // Device ids match whatever the case, and each spelling is a topic of its own.
    const spellings = ['ron', 'Ron', 'RON', 'rOn', 'roN', 'rON']
    for (const [i, spelled] of spellings.entries())
      await ron.publishAsync(`owntracks/${FAMILY}/${spelled}`, location(1_750_000_100 + i), {
        qos: 1,
        retain: true,
      })
    const kept = spellings.slice(0, MAX_RETAINED_SPELLINGS).map((s) => `owntracks/${FAMILY}/${s}`)
    const stored = async () =>
      (await persistence.createRetainedStream('#').toArray()).map((p: { topic: string }) => p.topic).sort()
    expect(await stored()).toEqual([...kept].sort())
    // A later subscriber gets those (all were delivered live, too).
    const ginny = await phone('ginny')
    const got: string[] = []
    ginny.on('message', (topic, _payload, packet) => {
      if (packet.retain) got.push(topic)
    })
    await ginny.subscribeAsync(`owntracks/${FAMILY}/#`, { qos: 1 })
    await expect.poll(() => [...got].sort()).toEqual([...kept].sort())
    // Clearing is always allowed.
    await ron.publishAsync(`owntracks/${FAMILY}/RON`, '', { qos: 1, retain: true })
    expect(await stored()).toEqual([...kept].slice(0, 2).sort())
  })

  it(`counts the spellings kept from an earlier run towards the ${MAX_RETAINED_SPELLINGS}`, async () => {
    const persistence = new SqlitePersistence(testDatabase('spellings.db'))
    const earlier = ['ron', 'Ron', 'RON'].slice(0, MAX_RETAINED_SPELLINGS)
    for (const spelled of earlier)
      await persistence.storeRetained({
        cmd: 'publish',
        topic: `owntracks/${FAMILY}/${spelled}`,
        payload: Buffer.from(location(1_750_000_000)),
        qos: 1,
        retain: true,
        dup: false,
      } as never)
    await start({ autoCommit: true, persistence })
    // What a clock does at each start: it reads what the broker kept of its devices.
    await broker?.forgetRemovedDevices(FAMILY, ['ron', 'ginny'])
    const ron = await phone('ron')
    await ron.publishAsync(`owntracks/${FAMILY}/rOn`, location(1_750_000_100), { qos: 1, retain: true })
    await ron.publishAsync(`owntracks/${FAMILY}/Ron`, location(1_750_000_101), { qos: 1, retain: true })
    const stored = (await persistence.createRetainedStream('#').toArray()).map(
      (p: { topic: string }) => p.topic,
    )
    expect(stored.sort()).toEqual(earlier.map((s) => `owntracks/${FAMILY}/${s}`).sort())
  })

  it('still clears, with an empty retained payload, what a phone retained on a subtopic before', async () => {
    const persistence = new MemoryPersistence()
    const stale = `owntracks/${FAMILY}/ron/status`
    // Kept by an earlier version, which retained anything a phone retained.
    await persistence.storeRetained({
      cmd: 'publish',
      topic: stale,
      payload: Buffer.from('old'),
      qos: 0,
      retain: true,
      dup: false,
    } as never)
    await start({ autoCommit: true, persistence })
    const ron = await phone('ron')
    await ron.publishAsync(stale, '', { qos: 1, retain: true })
    const ginny = await phone('ginny')
    const got: string[] = []
    const heard: string[] = []
    ginny.on('message', (topic, payload, packet) => {
      if (packet.retain) got.push(topic)
      heard.push(payload.toString())
    })
    await ginny.subscribeAsync(`owntracks/${FAMILY}/#`, { qos: 1 })
    // A message after the subscription: by then any retained one would have come.
    await ron.publishAsync(`owntracks/${FAMILY}/ron/event`, 'marker', { qos: 1 })
    await expect.poll(() => heard.includes('marker')).toBe(true)
    expect(got).toEqual([])
  })
})

describe('embedded broker, Last Will', () => {
  it('publishes a QoS 1 will once when a phone drops its connection', async () => {
    await start({ autoCommit: true })
    const ginny = await phone('ginny')
    const seen: string[] = []
    ginny.on('message', (_topic, payload) => seen.push(payload.toString()))
    await ginny.subscribeAsync(`owntracks/${FAMILY}/#`, { qos: 1 })
    const will = '{"_type":"lwt","tst":1750000000}'
    const ron = await phone('ron', {
      will: { topic: `owntracks/${FAMILY}/ron`, payload: Buffer.from(will), qos: 1, retain: false },
    })
    ron.stream.destroy()
    await expect.poll(() => seen).toEqual([will])
    // A second copy would have been handed to ginny before anything published after the first.
    const later = location(1_750_000_010)
    await ginny.publishAsync(`owntracks/${FAMILY}/ginny`, later, { qos: 1 })
    await expect.poll(() => seen.length).toBe(2)
    expect(seen).toEqual([will, later])
    expect(arrived.map((a) => a.inbound.payload.toString())).toEqual([will, later])
  })
})

describe('embedded broker, after a crash', () => {
  it('refuses a CONNECT whose will topic has a wildcard or U+0000, saying why', async () => {
    await start({ autoCommit: true })
    for (const topic of [
      `owntracks/${FAMILY}/ron/#`,
      `owntracks/${FAMILY}/+`,
      `owntracks/${FAMILY}/ron\u0000`,
    ])
      await expect(
        phone('ron', { will: { topic, payload: Buffer.from('{}'), qos: 1, retain: false } }),
      ).rejects.toThrow(/not authorized/i)
    expect(logs.filter((l) => l.includes('will topic has a wildcard or U+0000'))).toHaveLength(1)
    // Its own base topic, as the apps set it, is fine.
    const will = {
      topic: `owntracks/${FAMILY}/ron`,
      payload: Buffer.from('{}'),
      qos: 1 as const,
      retain: false,
    }
    expect((await phone('ron', { will })).connected).toBe(true)
  })

  it('publishes the will a phone left with the broker that crashed, and keeps running', async () => {
    // The first run: ron connects with a will, which the broker keeps in SQLite; so does draco, of a
    // family the next run no longer serves.
    const first = openDatabase(path.join(dir, 'first.db'))
    const crashed = await start({ persistence: new SqlitePersistence(first), autoCommit: true })
    crashed.addFamily('malfoys', {
      credentials: {
        authenticate: async (username, password) =>
          username === 'draco' && password.toString() === PASSWORD
            ? { kind: 'device', family: 'malfoys', deviceId: 'draco', memberId: 'draco' }
            : null,
        knows: (username) => username === 'draco',
        generated: [],
        passwordVersionOf: () => 'config',
        passwordsStamp: () => '',
      },
      onMessage: (_inbound, done) => done(),
    })
    const will = {
      topic: `owntracks/${FAMILY}/ron`,
      payload: Buffer.from('{"_type":"lwt","tst":1750000000}'),
    }
    const ron = await phone('ron', { will: { ...will, qos: 1, retain: false } })
    const draco = await phone('draco', {
      will: {
        topic: 'owntracks/malfoys/draco',
        payload: Buffer.from('{"_type":"lwt"}'),
        qos: 1,
        retain: false,
      },
    })
    await expect.poll(() => first.prepare('SELECT count(*) AS n FROM broker_will').get()).toEqual({ n: 2 })
    // What a crash leaves on disk: the same file as it stood (the first broker goes on serving ron).
    const snapshot = path.join(dir, 'after-crash.db')
    first.exec(`VACUUM INTO '${snapshot}'`)
    onTestFinished(async () => {
      await Promise.all([ron.endAsync(true), draco.endAsync(true)])
      await crashed.close()
      first.close()
    })

    // The next run: ron never comes back, so after four missed heartbeats of the broker that stored it,
    // its will goes out, to its family's clock and to subscribers, as if it had disconnected.
    arrived = []
    const again = openDatabase(snapshot)
    onTestFinished(() => {
      again.close()
    })
    // And a will with U+0000 in its topic, as a version that did not check wills at CONNECT kept one.
    const kept = again
      .prepare("SELECT packet, payload FROM broker_will WHERE client_id LIKE '%|ron-test'")
      .get() as {
      packet: string
      payload: Buffer
    }
    const odd = {
      ...JSON.parse(kept.packet),
      topic: `owntracks/${FAMILY}/ginny\u0000`,
      clientId: `${FAMILY}/ginny|old`,
    }
    again
      .prepare('INSERT INTO broker_will (client_id, packet, payload) VALUES (?, ?, ?)')
      .run(odd.clientId, JSON.stringify(odd), kept.payload)
    // And one of a device taken out of the config since (a retained location would bring it back).
    const removed = {
      ...JSON.parse(kept.packet),
      topic: `owntracks/${FAMILY}/percy`,
      retain: true,
      clientId: `${FAMILY}/percy|old`,
    }
    again
      .prepare('INSERT INTO broker_will (client_id, packet, payload) VALUES (?, ?, ?)')
      .run(removed.clientId, JSON.stringify(removed), kept.payload)
    await start({ persistence: new SqlitePersistence(again), autoCommit: true, heartbeatIntervalMs: 50 })
    const ginny = await phone('ginny')
    await ginny.subscribeAsync(`owntracks/${FAMILY}/ron`, { qos: 1 })
    const delivered = new Promise<string>((resolve) =>
      ginny.once('message', (_topic, payload) => resolve(payload.toString())),
    )
    expect(await delivered).toBe(will.payload.toString())
    expect(arrived.map((a) => [a.inbound.topic, a.inbound.payload.toString()])).toEqual([
      [will.topic, will.payload.toString()],
    ])
    // draco's will belongs to no family served now: dropped (said once), deleted with ron's, and
    // nothing stops. Refused instead, aedes would retry it every four minutes and publish no will
    // stored after it.
    await expect.poll(() => again.prepare('SELECT count(*) AS n FROM broker_will').get()).toEqual({ n: 0 })
    const dropped = logs.filter((l) => l.includes('dropped the stored will'))
    expect(dropped).toHaveLength(2)
    expect(dropped).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          'dropped the stored will to owntracks/malfoys/draco: no family or device served here owns it',
        ),
        expect.stringContaining(`dropped the stored will to owntracks/${FAMILY}/percy: no family or device`),
      ]),
    )
    expect(logs.filter((l) => l.includes('not authorised') || l.includes('refused publish'))).toEqual([])
  })
})
