// One-scan setup, checked the way the apps read it: the .otrc is the configuration, the QR code
// decodes to the owntracks:///config link, the link decodes to the same configuration, and the
// credentials in it work against the running clock, until a new provisioning rotates them.

import { execFile } from 'node:child_process'
import { X509Certificate } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { type AddressInfo, createServer } from 'node:net'
import path from 'node:path'
import { promisify } from 'node:util'
import jsQR from 'jsqr'
import mqtt from 'mqtt'
import { PNG } from 'pngjs'
import { describe, expect, it, onTestFinished } from 'vitest'
import { writeNewPasswords } from '../../src/adapters/auth/new-passwords.js'
import { parseConfig } from '../../src/adapters/config/load-config.js'
import { silentLogger } from '../../src/adapters/log/logger.js'
import { startClock } from '../../src/app/start-clock.js'
import { provisionToFiles } from '../../src/cli/provision.js'
import { aLocation } from '../builders.js'
import { BUILT_CLI } from '../support/cli-process.js'
import { BASE_CONFIG, FAMILY, json, startTestClock, tempDir, WEB_ROOT } from '../support/clock-harness.js'

const decodeQr = (file: string): string | undefined => {
  const png = PNG.sync.read(readFileSync(file))
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data
}

describe('weasley-clock provision', () => {
  it('produces a configuration, link and QR code that agree, with working credentials that rotate', async () => {
    const members = [
      { name: 'Ginny', devices: ['ginny'] },
      ...BASE_CONFIG.members.filter((m) => m.name !== 'Ginny'),
    ]
    const t = await startTestClock({
      extra: { members, encryptionKey: 'family-key-1' },
      start: { passwordCheckIntervalMs: 50 },
    })
    if (t.clock.broker.kind !== 'embedded') throw new Error('embedded broker expected')
    const port = t.clock.broker.mqttsPort

    const first = await provisionToFiles(t.config, 'ginny', { host: 'localhost', port })
    const otrc = JSON.parse(readFileSync(first.otrcFile, 'utf8')) as Record<string, unknown>
    expect(otrc).toMatchObject({
      _type: 'configuration',
      host: 'localhost',
      port,
      tls: true,
      username: 'ginny',
      deviceId: 'ginny',
      encryptionKey: 'family-key-1',
    })
    expect(decodeQr(first.pngFile)).toBe(first.link)
    const inline = decodeURIComponent(first.link.slice('owntracks:///config?inline='.length))
    expect(JSON.parse(Buffer.from(inline, 'base64').toString('utf8'))).toEqual(otrc)
    expect(readFileSync(first.svgFile, 'utf8')).toMatch(/^<svg/)
    // Each file holds the password: the owner's only.
    for (const file of [first.otrcFile, first.pngFile, first.svgFile])
      expect(statSync(file).mode & 0o777, file).toBe(0o600)

    const connect = (password: string, will?: mqtt.IClientOptions['will']) =>
      mqtt.connectAsync(`mqtts://localhost:${port}`, {
        username: 'ginny',
        password,
        ca: readFileSync(t.caFile),
        reconnectPeriod: 0,
        ...(will ? { will } : {}),
      })
    // Whoever holds this password leaves a will: a made-up fix at home, retained for the family.
    const forged = {
      topic: `owntracks/${FAMILY}/ginny`,
      payload: Buffer.from(
        json(aLocation({ lat: 50.7376, lon: -3.2783, tst: Math.floor(Date.now() / 1000) + 5 })),
      ),
      qos: 1 as const,
      retain: true,
    }
    const phone = await connect(String(otrc.password), forged)
    onTestFinished(() => phone.endAsync(true))
    await phone.publishAsync(
      `owntracks/${FAMILY}/ginny`,
      json(aLocation({ lat: 51.5007, lon: -0.1246, tst: Math.floor(Date.now() / 1000) })),
      { qos: 1 },
    )
    expect((await t.member('ginny')).place).toBe('Work')

    // What `serve` writes down at its first start: Ginny's generated password, and the clock's.
    const newPasswords = writeNewPasswords(t.dataDir, [
      ...t.clock.generatedPasswords,
      { username: 'weasley-clock', password: 'clock-password-1' },
    ])
    expect(readFileSync(newPasswords, 'utf8')).toMatch(/^ginny\t/m)
    const phoneClosed = new Promise<void>((resolve) => phone.once('close', () => resolve()))
    const second = await provisionToFiles(t.config, 'Ginny', { host: 'localhost', port })
    // That line no longer works once she has a new password: it goes, the others stay.
    expect(readFileSync(newPasswords, 'utf8')).not.toMatch(/^ginny\t/m)
    expect(readFileSync(newPasswords, 'utf8')).toMatch(/^weasley-clock\tclock-password-1/m)
    expect(second.rotated).toBe(true)
    const newPassword = String(
      (JSON.parse(readFileSync(second.otrcFile, 'utf8')) as Record<string, unknown>).password,
    )
    expect(newPassword).not.toBe(otrc.password)
    await expect(connect(String(otrc.password))).rejects.toThrow(/Bad username or password/i)
    // The phone still connected with the old password (a lost phone, a leaked .otrc) is put out too.
    await phoneClosed
    expect(t.logs.join('\n')).toMatch(/closed a connection of .*ginny: its password has been changed/)
    // Its will went with its rights: aedes hands it on as it closes the connection, before the socket goes.
    expect((await t.member('ginny')).place).toBe('Work')
    const again = await connect(newPassword)
    await again.endAsync(true)
  })

  it('leaves the places out of a QR code they would not fit in, and they still reach the phone', async () => {
    // Twenty places: more than a QR code can hold in the link (a dozen fit).
    const places = Array.from({ length: 20 }, (_, i) => ({
      name: `Quidditch Pitch ${i}`,
      lat: 50 + i / 100,
      lon: -3 + i / 100,
      radius: 150,
    }))
    const t = await startTestClock({ extra: { places } })
    if (t.clock.broker.kind !== 'embedded') throw new Error('embedded broker expected')
    const port = t.clock.broker.mqttsPort
    const result = await provisionToFiles(t.config, 'ginny', { host: 'localhost', port })
    expect(decodeQr(result.pngFile)).toBe(result.link)
    const otrc = JSON.parse(readFileSync(result.otrcFile, 'utf8')) as {
      password: string
      waypoints: unknown[]
    }
    // The file keeps them; the code does not.
    expect(otrc.waypoints).toHaveLength(20)
    const inline = decodeURIComponent(result.link.slice('owntracks:///config?inline='.length))
    expect(JSON.parse(Buffer.from(inline, 'base64').toString('utf8'))).toEqual({ ...otrc, waypoints: [] })
    // And says so where the code is shown.
    expect(result.warnings).toContainEqual(expect.stringMatching(/^The 20 places do not fit in a QR code/))
    // The password in it works (it was stored only once the code was made), and the places follow.
    const phone = await mqtt.connectAsync(`mqtts://localhost:${port}`, {
      username: 'ginny',
      password: otrc.password,
      ca: readFileSync(t.caFile),
      reconnectPeriod: 0,
    })
    onTestFinished(() => phone.endAsync(true))
    const command = new Promise<string>((resolve) => phone.once('message', (_t, p) => resolve(p.toString())))
    await phone.subscribeAsync(`owntracks/${FAMILY}/ginny/cmd`, { qos: 1 })
    const sent = JSON.parse(await command) as { waypoints: { waypoints: unknown[] } }
    expect(sent.waypoints.waypoints).toHaveLength(20)
  })

  it('keeps the old password when the new one cannot be handed out', async () => {
    const members = [
      { name: 'Ginny', devices: ['ginny'] },
      ...BASE_CONFIG.members.filter((m) => m.name !== 'Ginny'),
    ]
    const t = await startTestClock({ extra: { members } })
    if (t.clock.broker.kind !== 'embedded') throw new Error('embedded broker expected')
    const port = t.clock.broker.mqttsPort
    const first = await provisionToFiles(t.config, 'ginny', { host: 'localhost', port })
    const password = String(
      (JSON.parse(readFileSync(first.otrcFile, 'utf8')) as { password: string }).password,
    )
    // The .otrc cannot be written this time (a folder stands where the file goes).
    rmSync(first.otrcFile)
    mkdirSync(first.otrcFile)
    await expect(provisionToFiles(t.config, 'ginny', { host: 'localhost', port })).rejects.toThrow(/EISDIR/)
    const phone = await mqtt.connectAsync(`mqtts://localhost:${port}`, {
      username: 'ginny',
      password,
      ca: readFileSync(t.caFile),
      reconnectPeriod: 0,
    })
    await phone.endAsync(true)
  })

  it('names what is wrong: unknown member, unknown device, hash-only password', async () => {
    const t = await startTestClock()
    await expect(provisionToFiles(t.config, 'Voldemort', {})).rejects.toThrow(
      /no member "Voldemort" \(members: Molly, Ginny, Ron\)/,
    )
    await expect(provisionToFiles(t.config, 'Ginny', { device: 'broom' })).rejects.toThrow(
      /member "Ginny" has no device "broom"/,
    )
  })

  it('asks for the port when the config says 0 (any free port), and refuses to give a phone port 0', async () => {
    // This test's config asks for any free port, as `mqttsPort: 0` does.
    const t = await startTestClock()
    expect(t.config.broker.kind === 'embedded' && t.config.broker.mqttsPort).toBe(0)
    await expect(provisionToFiles(t.config, 'ginny', { host: 'localhost' })).rejects.toThrow(
      /broker\.mqttsPort is 0 .*pass the port the clock listens on now with --port/,
    )
    const configFile = path.join(t.dataDir, 'weasley.config.json')
    writeFileSync(configFile, JSON.stringify(BASE_CONFIG))
    const provision = provisionGinny(configFile, t.dataDir, '--port', '0')
    await expect(provision).rejects.toThrow(/--port must be the port phones connect to, from 1 to 65535/)
    // Nothing was made for the phone.
    expect(existsSync(path.join(t.dataDir, 'provisioning'))).toBe(false)
  })

  it("warns, on the command line, when the phone is given a host the broker's certificate does not name", async () => {
    const t = await startTestClock()
    const configFile = path.join(t.dataDir, 'weasley.config.json')
    writeFileSync(configFile, JSON.stringify(BASE_CONFIG))
    const provision = (host: string) => provisionGinny(configFile, t.dataDir, '--host', host)
    expect((await provision('pi.example.org')).stdout).toContain(
      `Warning: the broker's certificate does not name "pi.example.org"`,
    )
    const plain = (await provision('localhost')).stdout
    expect(plain).not.toContain('Warning')
    // The clock has used this folder: no note that it may be another's.
    expect(plain).not.toContain('Note: no clock')
  })

  it('warns with the code when the phone is given a name only DNS may know, or a port that changes', async () => {
    const t = await startTestClock()
    // This test's config has no publicHosts and asks for any free port.
    const { warnings } = await provisionToFiles(t.config, 'ginny', { port: 18883 })
    expect(warnings).toEqual([
      expect.stringMatching(/^broker\.publicHosts is empty, so the phone is given this machine's name/),
      expect.stringMatching(
        /^broker\.mqttsPort is 0 .*port 18883 in this code stops working when the clock restarts/,
      ),
    ])
    const fixed = {
      ...t.config,
      broker: { ...t.config.broker, publicHosts: ['clock.home.arpa'], mqttsPort: 8883 },
    }
    expect((await provisionToFiles(fixed as typeof t.config, 'ginny', {})).warnings).toEqual([])
    // A host given for the phone is the user's choice: nothing to say about publicHosts.
    expect((await provisionToFiles(fixed as typeof t.config, 'ginny', { host: 'pi' })).warnings).toEqual([])
    // The example config's placeholder reaches no phone.
    const placeholder = { ...fixed, broker: { ...fixed.broker, publicHosts: ['clock.example.org'] } }
    expect((await provisionToFiles(placeholder as typeof t.config, 'ginny', {})).warnings).toEqual([
      expect.stringMatching(/^"clock\.example\.org" is an example name no phone can reach/),
    ])
  })

  it('makes the CA the phone must trust when a phone is set up before the clock ever started', async () => {
    const { configFile, dataDir } = ginnyOnlyFolder()
    const { stdout } = await provisionGinny(configFile, dataDir)
    const ca = path.join(dataDir, 'tls', 'ca.crt')
    expect(stdout).toContain(`Install the CA certificate on the phone first: ${ca}`)
    // Said, in case the clock runs with another folder (run from elsewhere, a relative dataDir).
    expect(stdout).toContain(`Note: no clock has used the data folder ${dataDir} yet.`)
    expect(stdout).not.toContain('any earlier one for this device stops working')
    // With the fingerprint the phone shows in the certificate's details, to compare.
    const fingerprint = new X509Certificate(readFileSync(ca)).fingerprint256
    expect(stdout).toContain(
      `Its SHA-256 fingerprint, to compare with the certificate details on the phone: ${fingerprint}\n`,
    )
    expect(readFileSync(ca, 'utf8')).toMatch(/^-----BEGIN CERTIFICATE-----/)
    // The clock's first start then keeps that CA: the phone already trusts it.
    const t = await startTestClock({ dataDir, extra: { members: [{ name: 'Ginny', devices: ['ginny'] }] } })
    expect(t.clock.broker.kind === 'embedded' && t.clock.broker.certAction).toBe('reused')
  })

  it('points a terminal too narrow for the code to its picture, instead of a code it would wrap', async () => {
    const { configFile, dataDir } = ginnyOnlyFolder()
    // A terminal of 60 columns (an SSH session in a small window), as `script` gives the command one.
    const command = [process.execPath, ...BUILT_CLI, 'provision', 'Ginny', '--config', configFile]
      .concat(['--data-dir', dataDir])
      .map((arg) => `'${arg}'`)
      .join(' ')
    const { stdout } = await promisify(execFile)('script', [
      '-qec',
      `stty cols 60 rows 50; ${command}`,
      '/dev/null',
    ])
    const png = path.join(dataDir, 'provisioning', 'ginny.png')
    expect(stdout).toContain(`more than this terminal's 60: open ${png} and scan it`)
    expect(stdout).not.toMatch(/[▀▄█]/)
    expect(stdout).toContain('owntracks:///config?inline=')
  })

  it('keeps the passwords it made when the first start fails after making them (a port in use)', async () => {
    const busy = createServer()
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve))
    onTestFinished(() => new Promise<void>((resolve) => busy.close(() => resolve())))
    const dataDir = path.join(tempDir(), 'data')
    const members = [
      { name: 'Ginny', devices: ['ginny'] },
      ...BASE_CONFIG.members.filter((m) => m.name !== 'Ginny'),
    ]
    const start = (httpPort: number) =>
      startClock(
        parseConfig(
          { ...BASE_CONFIG, members, broker: {} },
          { dataDir, httpPort, mqttPort: 0, mqttsPort: 0 },
        ),
        { logger: silentLogger, webRoot: WEB_ROOT },
      )
    await expect(start((busy.address() as AddressInfo).port)).rejects.toThrow(/in use/)
    const clock = await start(0)
    onTestFinished(() => clock.close())
    // Nothing new this time: the accounts have passwords, and the file is where the user finds them.
    expect(clock.generatedPasswords).toEqual([])
    const lines = readFileSync(path.join(dataDir, 'new-passwords.txt'), 'utf8').split('\n')
    const passwordOf = (username: string) => lines.find((l) => l.startsWith(`${username}\t`))?.split('\t')[1]
    if (clock.broker.kind !== 'embedded') throw new Error('embedded broker expected')
    for (const username of ['ginny', 'weasley-clock']) {
      const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${clock.broker.mqttPort}`, {
        username,
        password: passwordOf(username) ?? 'missing',
        reconnectPeriod: 0,
      })
      await client.endAsync()
    }
  })
})

/** A config file of Ginny alone in a fresh folder, and the data folder beside it (not made yet). */
function ginnyOnlyFolder(): { configFile: string; dataDir: string } {
  const dir = tempDir()
  const configFile = path.join(dir, 'weasley.config.json')
  writeFileSync(
    configFile,
    JSON.stringify({ ...BASE_CONFIG, members: [{ name: 'Ginny', devices: ['ginny'] }] }),
  )
  return { configFile, dataDir: path.join(dir, 'data') }
}

/** `weasley-clock provision Ginny` as a user runs it, on a config file and data folder. */
const provisionGinny = (configFile: string, dataDir: string, ...options: string[]) =>
  promisify(execFile)(process.execPath, [
    ...BUILT_CLI,
    'provision',
    'Ginny',
    '--config',
    configFile,
    '--data-dir',
    dataDir,
    ...options,
  ])
