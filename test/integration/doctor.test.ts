// `weasley-clock doctor` against a real Mosquitto: each common failure gets its exact fix.

import { type AddressInfo, createServer } from 'node:net'
import path from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { parseConfig } from '../../src/adapters/config/load-config.js'
import { ensureCertificates } from '../../src/adapters/tls/certificates.js'
import { checkBroker } from '../../src/cli/doctor.js'
import { BASE_CONFIG, FAMILY, startTestClock, tempDir } from '../support/clock-harness.js'
import { freePort, startMosquitto } from '../support/mosquitto.js'
import { requireTool } from '../support/tools.js'

describe.skipIf(!requireTool('mosquitto'))('weasley-clock doctor', () => {
  async function setup(issuedAtMs = Date.now()) {
    const dir = tempDir()
    // A certificate that names only "localhost", so 127.0.0.1 is a name it does not carry.
    const tls = ensureCertificates(path.join(dir, 'tls'), ['localhost'], issuedAtMs)
    const broker = await startMosquitto({
      dir,
      users: { clock: 'clock-secret-pw', nobody: 'nobody-secret-pw' },
      acl: [
        'user clock',
        `topic read owntracks/${FAMILY}/#`,
        `topic write owntracks/${FAMILY}/+/cmd`,
        '',
        'user nobody',
        'topic read nothing/#',
        '',
      ].join('\n'),
      tls: { caFile: tls.caCertFile, certFile: tls.certFile, keyFile: tls.keyFile },
    })
    onTestFinished(() => broker.stop())
    const check = (broker: Record<string, unknown>) =>
      checkBroker(parseConfig({ ...BASE_CONFIG, broker }, { dataDir: path.join(dir, 'data') }), 5_000)
    return { dir, tls, port: broker.port, check }
  }

  it('passes with the right settings', async () => {
    const s = await setup()
    const checks = await s.check({
      url: `mqtts://localhost:${s.port}`,
      username: 'clock',
      password: 'clock-secret-pw',
      caFile: s.tls.caCertFile,
    })
    expect(checks.map((c) => c.diagnosis.ok)).toEqual([true, true])
  })

  it('warns a month before the broker’s certificate expires, and says how the one it wrote is renewed', async () => {
    // Issued 810 days ago: the clock's server certificates last 820.
    const s = await setup(Date.now() - 810 * 86_400_000)
    const checks = await s.check({
      url: `mqtts://localhost:${s.port}`,
      username: 'clock',
      password: 'clock-secret-pw',
      caFile: s.tls.caCertFile,
    })
    expect(checks).toContainEqual({
      name: "the broker's certificate",
      diagnosis: expect.objectContaining({
        ok: false,
        problem: expect.stringMatching(/^expires in (9|10) days/),
        fix: expect.stringMatching(/mosquitto-config/),
      }),
    })
  })

  it.each([
    [
      'a closed port',
      (s: { port: number; tls: { caCertFile: string } }, closed: number) => ({
        url: `mqtts://localhost:${closed}`,
        username: 'clock',
        password: 'clock-secret-pw',
        caFile: s.tls.caCertFile,
      }),
      /start the broker, or check host and port/,
    ],
    [
      'an unknown CA',
      (s: { port: number }) => ({
        url: `mqtts://localhost:${s.port}`,
        username: 'clock',
        password: 'clock-secret-pw',
      }),
      /set broker.caFile to the CA certificate/,
    ],
    [
      'a CA file that is not the broker’s CA',
      (s: { port: number; dir: string }) => ({
        url: `mqtts://localhost:${s.port}`,
        username: 'clock',
        password: 'clock-secret-pw',
        caFile: ensureCertificates(path.join(s.dir, 'other-tls'), ['localhost']).caCertFile,
      }),
      /other-tls\/ca\.crt\) is not the CA that signed it/,
    ],
    [
      'plain MQTT to the TLS port',
      (s: { port: number }) => ({
        url: `mqtt://localhost:${s.port}`,
        username: 'clock',
        password: 'clock-secret-pw',
      }),
      /use mqtts:\/\/|TLS and plain MQTT are mixed up/,
    ],
    [
      'a password without a username',
      (s: { port: number; tls: { caCertFile: string } }) => ({
        url: `mqtts://localhost:${s.port}`,
        password: 'clock-secret-pw',
        caFile: s.tls.caCertFile,
      }),
      /set broker.username too/,
    ],
    [
      'a name not in the certificate',
      (s: { port: number; tls: { caCertFile: string } }) => ({
        url: `mqtts://127.0.0.1:${s.port}`,
        username: 'clock',
        password: 'clock-secret-pw',
        caFile: s.tls.caCertFile,
      }),
      /certificate lists|re-issue it with this name/,
    ],
    [
      'a wrong password',
      (s: { port: number; tls: { caCertFile: string } }) => ({
        url: `mqtts://localhost:${s.port}`,
        username: 'clock',
        password: 'wrong-password-1',
        caFile: s.tls.caCertFile,
      }),
      /check broker.username and broker.password/,
    ],
    [
      'an ACL that denies the subscription',
      (s: { port: number; tls: { caCertFile: string } }) => ({
        url: `mqtts://localhost:${s.port}`,
        username: 'nobody',
        password: 'nobody-secret-pw',
        caFile: s.tls.caCertFile,
      }),
      /topic read owntracks\/weasleys\/#/,
    ],
  ])('names the fix for %s', async (_name, brokerOf, fix) => {
    const s = await setup()
    const checks = await s.check(brokerOf(s as never, await freePort()))
    const failed = checks.find((c) => !c.diagnosis.ok)
    expect(failed?.diagnosis.fix, JSON.stringify(checks)).toMatch(fix)
  })
})

describe('weasley-clock doctor, against a broker that hangs up', () => {
  it('reports a connection closed without an answer instead of ending with nothing said', async () => {
    // What AWS IoT does with a client id its policy does not allow: reads the CONNECT and hangs up.
    const server = createServer((socket) => socket.once('data', () => socket.destroy()))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())))
    const url = `mqtt://127.0.0.1:${(server.address() as AddressInfo).port}`
    const checks = await checkBroker(
      parseConfig({ ...BASE_CONFIG, broker: { url } }, { dataDir: path.join(tempDir(), 'data') }),
      5_000,
    )
    expect(checks).toEqual([
      {
        name: `connect to ${url}`,
        diagnosis: expect.objectContaining({ ok: false, fix: expect.stringMatching(/client id/) }),
      },
    ])
    // A cloud broker's policy names the ids it lets in: the user hears which one doctor used.
    const losant = { url, profile: 'losant', username: 'key', password: 'secret', clientId: 'device-1' }
    const [connect] = await checkBroker(
      parseConfig({ ...BASE_CONFIG, broker: losant }, { dataDir: path.join(tempDir(), 'data') }),
      5_000,
    )
    expect(connect?.diagnosis.fix).toMatch(
      /^doctor logged in as "device-1-doctor", which Losant refuses unless a device has that id/,
    )
    // Without a client id of the clock's own, doctor's is its own too.
    expect(checks[0]?.diagnosis.fix).toMatch(
      /^doctor logged in as "weasley-doctor-\d+": check the broker's log/,
    )
  })
})

describe('weasley-clock doctor, embedded broker', () => {
  it('tells this clock running on its ports from another program holding them', async () => {
    const t = await startTestClock()
    if (t.clock.broker.kind !== 'embedded' || t.config.broker.kind !== 'embedded') throw new Error('embedded')
    const running = {
      ...t.config,
      broker: { ...t.config.broker, mqttPort: t.clock.broker.mqttPort, mqttsPort: t.clock.broker.mqttsPort },
    }
    const ports = (checks: Awaited<ReturnType<typeof checkBroker>>) =>
      checks.filter((c) => c.name.startsWith('port ')).map((c) => c.diagnosis)
    expect(ports(await checkBroker(running))).toEqual([
      { ok: true, problem: 'in use by this clock, which is running' },
      { ok: true, problem: 'in use by this clock, which is running' },
    ])
    // Its look at the TLS port is no failed handshake in the clock's log (a phone's full login after it
    // is handled after what the check sent).
    const phone = await t.phone('ginny')
    await phone.endAsync()
    expect(t.logs.join('\n')).not.toMatch(/TLS handshake from .* failed/)

    // Another program on the TLS port: not the clock.
    const other = createServer((socket) => socket.destroy())
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve))
    onTestFinished(() => new Promise<void>((resolve) => other.close(() => resolve())))
    const taken = {
      ...running,
      broker: { ...running.broker, mqttsHost: '127.0.0.1', mqttsPort: (other.address() as AddressInfo).port },
    }
    expect(ports(await checkBroker(taken))[0]).toMatchObject({
      ok: false,
      fix: 'stop the other program, or give the clock other ports (broker.mqttsPort / broker.mqttPort)',
    })
  })

  it('finds the public names in the certificate as a phone would: whatever their case or IPv6 spelling', async () => {
    const dataDir = tempDir()
    ensureCertificates(path.join(dataDir, 'tls'), ['clock.example.com', 'fd00::1'])
    const config = parseConfig({ ...BASE_CONFIG, dataDir })
    const broker = config.broker
    if (broker.kind !== 'embedded') throw new Error('embedded')
    const certificateCheck = async (publicHosts: string[]) =>
      (await checkBroker({ ...config, broker: { ...broker, publicHosts } })).find((c) =>
        c.name.startsWith('certificate'),
      )?.diagnosis
    expect(await certificateCheck(['Clock.Example.COM', 'FD00:0:0:0:0:0:0:1'])).toMatchObject({ ok: true })
    expect(await certificateCheck(['other.example.com'])).toMatchObject({ ok: false })
  })
})
