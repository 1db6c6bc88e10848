// `weasley-clock mosquitto-config` output run by a real Mosquitto 2.0: hashed passwords work, each
// phone writes only its own topics, another family on the same broker receives nothing of this one
// whatever it subscribes to (asserted on what is delivered), and the clock runs on it end to end.

import { execFile, spawn } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import mqtt, { type MqttClient } from 'mqtt'
import { describe, expect, it, onTestFinished, vi } from 'vitest'
import { parseConfig } from '../../src/adapters/config/load-config.js'
import { silentLogger } from '../../src/adapters/log/logger.js'
import { certificateCovers } from '../../src/adapters/tls/read-certificate.js'
import { startClock } from '../../src/app/start-clock.js'
import { writeMosquittoConfig } from '../../src/cli/mosquitto-config.js'
import { aLocation } from '../builders.js'
import { BASE_CONFIG, FAMILY, json, PASSWORDS, ROOT, tempDir, WEB_ROOT } from '../support/clock-harness.js'
import { freePort } from '../support/mosquitto.js'
import { requireTool } from '../support/tools.js'

const nowSec = () => Math.floor(Date.now() / 1000)
const MALFOYS = {
  uniqueId: 'malfoys',
  members: [{ name: 'Draco', devices: [{ id: 'draco', password: 'draco-password-1' }] }],
  broker: { clockUsername: 'malfoy-clock', clockPassword: 'malfoy-clock-pw' },
}

async function startGenerated(
  dir: string,
  port: number,
  weasleysConfig: Record<string, unknown> = BASE_CONFIG,
) {
  const weasleys = parseConfig(weasleysConfig, { dataDir: path.join(dir, 'data') })
  // A second family on the same broker, written with the first.
  const malfoys = parseConfig(MALFOYS, { dataDir: path.join(dir, 'data') })
  const a = writeMosquittoConfig([weasleys, malfoys], path.join(dir, 'mosquitto'), { port })
  // Tests run as root: keep Mosquitto from switching to its own user, which could not read the files.
  const conf = path.join(a.dir, 'mosquitto.conf')
  writeFileSync(conf, `user root\nlog_dest stderr\nlog_type information\n${readFileSync(conf, 'utf8')}`)
  const child = spawn('mosquitto', ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] })
  let log = ''
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`mosquitto did not start:\n${log}`)), 5_000)
    child.stderr.on('data', (d: Buffer) => {
      log += d.toString()
      if (log.includes(' running')) {
        clearTimeout(timer)
        resolve()
      }
    })
    child.once('exit', (code) => reject(new Error(`mosquitto exited ${code}:\n${log}`)))
  })
  onTestFinished(() => {
    child.kill()
  })
  return { dir: a.dir, ca: readFileSync(path.join(a.dir, 'ca.crt')), conf: readFileSync(conf, 'utf8') }
}

/** Starts the clock on `config`, then Ron's phone publishes over TLS on `port`: his hand must follow. */
async function clockFollowsRon(config: ReturnType<typeof parseConfig>, port: number, ca: Buffer) {
  const clock = await startClock(config, { logger: silentLogger, webRoot: WEB_ROOT })
  onTestFinished(() => clock.close())
  await vi.waitFor(() => expect(clock.pipeline.view().connection.connected).toBe(true), {
    timeout: 10_000,
    interval: 20,
  })
  const ron = await mqtt.connectAsync(`mqtts://localhost:${port}`, {
    username: 'ron',
    password: PASSWORDS.ron,
    ca,
    reconnectPeriod: 0,
  })
  onTestFinished(() => ron.endAsync(true))
  const fix = json(aLocation({ lat: 56.8198, lon: -5.1052, tst: nowSec() }))
  await ron.publishAsync(`owntracks/${FAMILY}/ron`, fix, { qos: 1 })
  await vi.waitFor(
    () => expect(clock.pipeline.view().members.find((m) => m.id === 'ron')?.place).toBe('School'),
    {
      timeout: 5_000,
      interval: 20,
    },
  )
}

describe.skipIf(!requireTool('mosquitto'))('generated Mosquitto setup', () => {
  it('enforces the topic rules and isolates families, by what is delivered', async () => {
    const dir = tempDir()
    const port = await freePort()
    const { ca } = await startGenerated(dir, port)
    const clients: MqttClient[] = []
    onTestFinished(async () => {
      await Promise.all(clients.map((c) => c.endAsync(true)))
    })
    const connect = async (username: string, password: string) => {
      const c = await mqtt.connectAsync(`mqtts://localhost:${port}`, {
        username,
        password,
        ca,
        reconnectPeriod: 0,
      })
      clients.push(c)
      return c
    }
    const received = (c: MqttClient) => {
      const topics: string[] = []
      c.on('message', (topic) => topics.push(topic))
      return topics
    }

    await expect(connect('ginny', 'wrong-password')).rejects.toThrow(/Not authorized|Bad username/i)
    const clock = await connect('weasley-clock', PASSWORDS.clock)
    const clockSaw = received(clock)
    await clock.subscribeAsync(`owntracks/${FAMILY}/#`, { qos: 1 })
    const draco = await connect('draco', 'draco-password-1')
    const dracoSaw = received(draco)
    for (const filter of ['#', 'owntracks/#', 'owntracks/+/+', '$SYS/#', `owntracks/${FAMILY}/#`])
      await draco.subscribeAsync(filter, { qos: 1 })

    const ginny = await connect('ginny', PASSWORDS.ginny)
    const location = json(aLocation({ tst: nowSec() }))
    await ginny.publishAsync(`owntracks/${FAMILY}/ron`, location, { qos: 1 }) // another device: dropped
    await ginny.publishAsync(`owntracks/${FAMILY}/ginny/cmd`, location, { qos: 1 }) // its own cmd: dropped
    await ginny.publishAsync(`owntracks/malfoys/ginny`, location, { qos: 1 }) // another family: dropped
    await ginny.publishAsync(`owntracks/${FAMILY}/ginny`, location, { qos: 1 }) // its own: delivered
    await draco.publishAsync('owntracks/malfoys/draco', location, { qos: 1 })
    await vi.waitFor(() => expect(clockSaw).toContain(`owntracks/${FAMILY}/ginny`), {
      timeout: 5_000,
      interval: 10,
    })
    await vi.waitFor(() => expect(dracoSaw).toContain('owntracks/malfoys/draco'), {
      timeout: 5_000,
      interval: 10,
    })
    expect(clockSaw).toEqual([`owntracks/${FAMILY}/ginny`])

    // The clock's commands reach the phone on its own cmd topic.
    const ginnySaw = received(ginny)
    await ginny.subscribeAsync(`owntracks/${FAMILY}/ginny/cmd`, { qos: 1 })
    await clock.publishAsync(`owntracks/${FAMILY}/ginny/cmd`, '{"_type":"cmd","action":"reportLocation"}', {
      qos: 1,
    })
    await vi.waitFor(() => expect(ginnySaw).toEqual([`owntracks/${FAMILY}/ginny/cmd`]), {
      timeout: 5_000,
      interval: 10,
    })
    // And its subtopics, transitions first, reach the clock.
    await ginny.publishAsync(`owntracks/${FAMILY}/ginny/event`, location, { qos: 1 })
    await vi.waitFor(() => expect(clockSaw).toContain(`owntracks/${FAMILY}/ginny/event`), {
      timeout: 5_000,
      interval: 10,
    })
    expect(dracoSaw.filter((t) => !t.startsWith('$SYS/'))).toEqual(['owntracks/malfoys/draco'])
    expect(dracoSaw.some((t) => t.includes(FAMILY))).toBe(false)
  })

  it('runs the clock on it with the generated clock account', async () => {
    const dir = tempDir()
    const port = await freePort()
    const { dir: confDir, ca } = await startGenerated(dir, port)
    const config = parseConfig(
      {
        ...BASE_CONFIG,
        broker: {
          url: `mqtts://localhost:${port}`,
          username: 'weasley-clock',
          password: PASSWORDS.clock,
          caFile: path.join(confDir, 'ca.crt'),
        },
      },
      { dataDir: path.join(dir, 'clock'), httpPort: 0 },
    )
    await clockFollowsRon(config, port, ca)
  })
})

describe.skipIf(!requireTool('mosquitto'))('generated Mosquitto setup for a clock on its machine', () => {
  it('listens where the clock’s mqtt://localhost url points, on loopback only, beside the phones’ TLS port', async () => {
    const dir = tempDir()
    const [port, plainPort] = [await freePort(), await freePort()]
    const broker = {
      url: `mqtt://localhost:${plainPort}`,
      username: 'weasley-clock',
      password: PASSWORDS.clock,
    }
    const { conf, ca } = await startGenerated(dir, port, { ...BASE_CONFIG, broker })
    expect(conf).toContain(`listener ${plainPort} 127.0.0.1\nprotocol mqtt\n`)
    // Phones still only over TLS.
    await clockFollowsRon(
      parseConfig({ ...BASE_CONFIG, broker }, { dataDir: path.join(dir, 'clock'), httpPort: 0 }),
      port,
      ca,
    )
  })
})

describe('weasley-clock mosquitto-config, what it writes and refuses', () => {
  it.each([
    ['a name', 'mqtts://pi.home.arpa:8883', 'pi.home.arpa'],
    ['an IPv6 address', 'mqtts://[fd00::1]:8883', 'fd00::1'],
  ])(
    'names the broker of the config, reached by %s, in its certificate, and lists what it wrote',
    (_kind, url, host) => {
      const dir = tempDir()
      const config = parseConfig(
        { ...BASE_CONFIG, broker: { url, username: 'clock', password: 'clock-secret-pw' } },
        { dataDir: path.join(dir, 'data') },
      )
      const result = writeMosquittoConfig(config, path.join(dir, 'mosquitto'))
      expect(certificateCovers(path.join(result.dir, 'server.crt'), host)).toBe(true)
      expect(result.written).toEqual([
        'mosquitto.conf',
        'passwords',
        'acl',
        'ca.crt',
        'server.crt',
        'server.key',
      ])
    },
  )

  it('keeps, when run again, the passwords of accounts already set up, and gives new ones only to new accounts', () => {
    const dir = tempDir()
    const out = path.join(dir, 'mosquitto')
    const members = (extra: { name: string; devices: (string | { id: string; password: string })[] }[]) =>
      parseConfig(
        {
          ...BASE_CONFIG,
          members: [...extra, { name: 'Ron', devices: [{ id: 'ron', password: 'ron-password-12' }] }],
          broker: { url: 'mqtts://localhost:8883', username: 'clock' },
        },
        { dataDir: path.join(dir, 'data') },
      )
    const first = writeMosquittoConfig(members([{ name: 'Ginny', devices: ['ginny'] }]), out)
    expect([...first.generated.keys()].sort()).toEqual(['clock', 'ginny'])
    const linesOf = () =>
      new Map(
        readFileSync(path.join(out, 'passwords'), 'utf8')
          .trim()
          .split('\n')
          .map((l) => [l.slice(0, l.indexOf(':')), l] as const),
      )
    const before = linesOf()

    const second = writeMosquittoConfig(
      members([
        { name: 'Ginny', devices: ['ginny'] },
        { name: 'Percy', devices: ['percy'] },
      ]),
      out,
    )
    expect([...second.generated.keys()]).toEqual(['percy'])
    expect(second.kept.sort()).toEqual(['clock', 'ginny'])
    const after = linesOf()
    expect(after.get('ginny')).toBe(before.get('ginny'))
    expect(after.get('clock')).toBe(before.get('clock'))
    // A password the config gives is hashed again (a new salt), whatever the file had.
    expect(after.get('ron')).toMatch(/^ron:\$7\$/)
    // The passwords still to be set up are all in new-passwords.txt: the first run's and the new one.
    const unsaid = readFileSync(path.join(out, 'new-passwords.txt'), 'utf8')
    for (const [user, password] of [...first.generated, ...second.generated])
      expect(unsaid).toContain(`${user}\t${password}\n`)

    // Percy gone and Ginny given a password in the config: their old lines go, the clock's stays.
    const ginnyPassword = 'ginny-config-pw-1'
    const third = writeMosquittoConfig(
      members([{ name: 'Ginny', devices: [{ id: 'ginny', password: ginnyPassword }] }]),
      out,
    )
    expect(third.generated.size).toBe(0)
    const left = readFileSync(path.join(out, 'new-passwords.txt'), 'utf8')
    expect(left).toContain(`clock\t${first.generated.get('clock')}\n`)
    expect(left).not.toMatch(/^(ginny|percy)\t/m)
    expect([...linesOf().keys()].sort()).toEqual(['clock', 'ginny', 'ron'])
    expect(linesOf().get('ginny')).not.toBe(before.get('ginny'))
  })

  it('refuses a certificate without its key, and files that are not there', async () => {
    const dir = tempDir()
    const run = (...args: string[]) =>
      promisify(execFile)(process.execPath, [
        path.join(ROOT, 'dist', 'weasley.mjs'),
        'mosquitto-config',
        '--out',
        path.join(dir, 'out'),
        ...args,
      ]).then(
        () => 'ok',
        (error: { code: number; stderr: string }) => `${error.code} ${error.stderr.split('\n')[0]}`,
      )
    expect(await run('--cert', '/etc/hostname')).toBe(
      '2 weasley-clock mosquitto-config: --cert and --key go together (the certificate and its private key)',
    )
    expect(await run('--cert', '/nonexistent.pem', '--key', '/nonexistent.key')).toBe(
      '2 weasley-clock mosquitto-config: --cert /nonexistent.pem: no such file',
    )
  })
})
