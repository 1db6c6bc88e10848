import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { ConfigError, parseConfig } from '../adapters/config/load-config.js'
import { certificateCovers } from '../adapters/tls/read-certificate.js'
import { clockListenersOf, runMosquittoConfig } from './mosquitto-config.js'

describe('weasley-clock mosquitto-config, what it says', () => {
  it('names every account and topic as written, and says device ids are lowercase', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'weasley-mosquitto-'))
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
    const config = path.join(dir, 'weasley.config.json')
    writeFileSync(
      config,
      JSON.stringify({
        uniqueId: 'Weasleys',
        members: [
          { name: 'Ginny', devices: [{ id: 'Ginny-Phone', password: 'ginny-password-1' }] },
          { name: 'Ron', devices: [{ id: 'ron', password: 'ron-password-12' }] },
        ],
        broker: { clockUsername: 'weasley-clock', clockPassword: 'clock-password-1' },
        dataDir: path.join(dir, 'data'),
      }),
    )
    const lines: string[] = []
    const code = await runMosquittoConfig({ config, out: path.join(dir, 'mosquitto') }, [], (line) =>
      lines.push(line),
    )
    expect(code).toBe(0)
    const said = lines.join('\n')
    expect(lines).toContainEqual(
      '  ginny-phone    writes owntracks/Weasleys/ginny-phone (and its event, info, … subtopics), reads owntracks/Weasleys/#',
    )
    expect(lines).toContainEqual(
      '  ron            writes owntracks/Weasleys/ron (and its event, info, … subtopics), reads owntracks/Weasleys/#',
    )
    expect(lines).toContainEqual(
      '  weasley-clock  the clock: reads owntracks/Weasleys/#, writes owntracks/Weasleys/+/cmd and weasley/Weasleys/#',
    )
    expect(said).toMatch(
      /Device ids are written in lowercase: .*Username and Device ID must be the id above in lowercase/,
    )
    expect(said).toContain('the base topic owntracks/Weasleys/%d')
    expect(said).not.toContain('Ginny-Phone')
  })

  it('writes several families for one broker, and refuses accounts two of them would share', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'weasley-mosquitto-'))
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
    const family = (uniqueId: string, device: string, broker: object = {}) => {
      const file = path.join(dir, `${uniqueId}.json`)
      writeFileSync(
        file,
        JSON.stringify({
          uniqueId,
          members: [{ name: 'M', devices: [{ id: device, password: `${device}-password-1` }] }],
          broker: { url: 'mqtts://broker.home.arpa:8883', password: `${uniqueId}-clock-pw`, ...broker },
          dataDir: path.join(dir, 'data'),
        }),
      )
      return file
    }
    const say = () => {}
    // Both clocks left at the default account name, and a device id both families use.
    const clashing = [family('smiths', 'anna'), family('joneses', 'anna')]
    const out = path.join(dir, 'clash')
    const refused = runMosquittoConfig({ out }, clashing, say)
    await expect(refused).rejects.toThrow(ConfigError)
    await expect(refused).rejects.toThrow(
      /"weasley-clock" would be the account of the clock of family "smiths" and of the clock of family "joneses"/,
    )
    await expect(refused).rejects.toThrow(/"anna" would be the account of device "anna" of family "smiths"/)
    expect(existsSync(out)).toBe(false)
    // Each its own names: one setup with both, each family's rules under its own accounts.
    const both = [
      family('smiths', 'anna', { username: 'clock-smiths' }),
      family('joneses', 'bob', { username: 'clock-joneses' }),
    ]
    expect(await runMosquittoConfig({ out: path.join(dir, 'both') }, both, say)).toBe(0)
    const acl = readFileSync(path.join(dir, 'both', 'acl'), 'utf8')
    expect(acl).toMatch(/user clock-smiths\ntopic read owntracks\/smiths\/#\n/)
    expect(acl).toMatch(/user clock-joneses\ntopic read owntracks\/joneses\/#\n/)
    const users = readFileSync(path.join(dir, 'both', 'passwords'), 'utf8')
      .split('\n')
      .map((l) => l.split(':')[0])
    expect(users.filter((u) => u !== '')).toEqual(['anna', 'clock-smiths', 'bob', 'clock-joneses'])
    // Run again with one of them into the same folder: the other's accounts go, and it says so; given
    // again, they have their passwords back (the phones and the clock were set up with them).
    // (Bob's password is made by the command here, not given in his config: its hash is what there is.)
    const joneses = path.join(dir, 'joneses-generated.json')
    writeFileSync(
      joneses,
      JSON.stringify({
        uniqueId: 'joneses',
        members: [{ name: 'B', devices: ['bob'] }],
        broker: { url: 'mqtts://broker.home.arpa:8883', username: 'clock-joneses', password: 'pw-joneses' },
        dataDir: path.join(dir, 'data'),
      }),
    )
    const again = [both[0] as string, joneses]
    const hashOf = (user: string) =>
      readFileSync(path.join(dir, 'again', 'passwords'), 'utf8')
        .split('\n')
        .find((l) => l.startsWith(`${user}:`))
    expect(await runMosquittoConfig({ out: path.join(dir, 'again') }, again, say)).toBe(0)
    const bob = hashOf('bob')
    const lines: string[] = []
    expect(
      await runMosquittoConfig({ out: path.join(dir, 'again') }, [both[0] as string], (l) => lines.push(l)),
    ).toBe(0)
    expect(lines).toContainEqual(
      expect.stringMatching(/^ {2}Warning: no longer in it: bob, clock-joneses, accounts/),
    )
    expect(hashOf('bob')).toBeUndefined()
    expect(await runMosquittoConfig({ out: path.join(dir, 'again') }, again, say)).toBe(0)
    expect(bob).toBeDefined()
    expect(hashOf('bob')).toBe(bob)
    // Listening where the clocks' broker.url says they connect.
    expect(readFileSync(path.join(dir, 'both', 'mosquitto.conf'), 'utf8')).toMatch(/^listener 8883$/m)
    const elsewhere = [
      family('smiths', 'anna', {
        username: 'c1',
        url: 'mqtts://broker.home.arpa:18883',
        // The name phones use, from outside: on the certificate with the clock's.
        publicHosts: ['smiths.duckdns.org'],
      }),
    ]
    expect(await runMosquittoConfig({ out: path.join(dir, 'elsewhere') }, elsewhere, say)).toBe(0)
    expect(readFileSync(path.join(dir, 'elsewhere', 'mosquitto.conf'), 'utf8')).toMatch(/^listener 18883$/m)
    const cert = path.join(dir, 'elsewhere', 'server.crt')
    expect([
      certificateCovers(cert, 'broker.home.arpa'),
      certificateCovers(cert, 'smiths.duckdns.org'),
    ]).toEqual([true, true])
    // Port 0 is no port for Mosquitto's listener.
    await expect(
      runMosquittoConfig({ out: path.join(dir, 'zero'), port: '0' }, elsewhere, say),
    ).rejects.toThrow(/--port must be the port phones connect to/)
  })
})

describe('the listeners a clock’s broker.url needs', () => {
  const clockOn = (family: string, url: string) =>
    parseConfig({ uniqueId: family, people: ['Ann'], broker: { url, username: `${family}-clock` } })

  it('opens a plain one on loopback only for a clock on this machine, at the address its url names', () => {
    const { listeners, problems } = clockListenersOf(
      [clockOn('smiths', 'mqtt://localhost:1883'), clockOn('joneses', 'mqtt://127.0.1.1:1884')],
      8883,
    )
    expect(problems).toEqual([])
    expect(listeners).toMatchObject([
      { port: 1883, protocol: 'mqtt', tls: false, bind: '127.0.0.1' },
      { port: 1884, protocol: 'mqtt', tls: false, bind: '127.0.1.1' },
    ])
  })

  it('keeps two loopback addresses on one port apart, and takes a default port written out as given', () => {
    const { listeners } = clockListenersOf(
      [
        clockOn('smiths', 'mqtt://127.0.0.1:1883'),
        clockOn('joneses', 'mqtt://[::1]:1883'),
        clockOn('browns', 'ws://localhost:80'),
      ],
      8883,
    )
    expect(listeners).toMatchObject([
      { port: 1883, bind: '127.0.0.1' },
      { port: 1883, bind: '::1' },
      { port: 80, protocol: 'websockets', bind: '127.0.0.1' },
    ])
  })

  it('opens one for every family on the network when one clock is on this machine and another is not', () => {
    const { listeners } = clockListenersOf(
      [clockOn('smiths', 'mqtt://localhost:1883'), clockOn('joneses', 'mqtt://pi.home.arpa:1883')],
      8883,
    )
    expect(listeners).toHaveLength(1)
    expect(listeners[0]).not.toHaveProperty('bind')
  })

  it('refuses a url that needs what a port already gives otherwise, and leaves a port-less WebSocket to the user', () => {
    const clash = clockListenersOf([clockOn('smiths', 'mqtt://localhost:8883')], 8883)
    expect(clash.problems).toEqual([
      {
        path: 'smiths: broker.url',
        message:
          "mqtt://localhost:8883 needs MQTT in plain on port 8883, which the phones' TLS listener has as MQTT over TLS: give it another port",
      },
    ])
    const twoKinds = clockListenersOf(
      [clockOn('smiths', 'ws://localhost:9001'), clockOn('joneses', 'mqtt://localhost:9001')],
      8883,
    )
    expect(twoKinds.problems).toHaveLength(1)
    const proxied = clockListenersOf([clockOn('smiths', 'wss://clock.example.org/mqtt')], 8883)
    expect(proxied.listeners).toEqual([])
    expect(proxied.notes).toEqual([expect.stringContaining('wss://clock.example.org/mqtt names no port')])
  })
})
