// Places go to the phones: a device that listens on its cmd topic gets setWaypoints with exactly its
// member's places (shared ones plus its own), encrypted when the device has a key.

import { execFile } from 'node:child_process'
import { readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it, vi } from 'vitest'
import { keyFromSecret, openSealed } from '../../src/adapters/crypto/owntracks-crypto.js'
import { runReportLocation } from '../../src/cli/admin-client.js'
import { provisionToFiles } from '../../src/cli/provision.js'
import { aLocation } from '../builders.js'
import {
  BASE_CONFIG,
  FAMILY,
  json,
  nextEvent,
  PASSWORDS,
  ROOT,
  startTestClock,
} from '../support/clock-harness.js'

const places = [
  ...BASE_CONFIG.places,
  { name: 'Quidditch Pitch', lat: 56.82, lon: -5.11, radius: 120, members: ['ginny'] },
  { name: 'Joke Shop', lat: 51.51, lon: -0.13, radius: 50, members: ['ron'] },
  { name: 'Mortal Peril' },
]

type Command = {
  _type: string
  action: string
  waypoints: {
    _type: string
    waypoints: { desc: string; lat: number; lon: number; rad: number; tst: number }[]
  }
}

describe('places pushed to phones', () => {
  it('sends a device its member’s places when it subscribes to its cmd topic', async () => {
    const t = await startTestClock({ extra: { places } })
    const ginny = t.phoneClient('ginny')
    const message = nextEvent(ginny, 'message')
    await nextEvent(ginny, 'connect')
    await ginny.subscribeAsync(`owntracks/${FAMILY}/ginny/cmd`, { qos: 1 })
    const [topic, payload] = (await message) as [string, Buffer]
    expect(topic).toBe(`owntracks/${FAMILY}/ginny/cmd`)
    const command = JSON.parse(payload.toString()) as Command
    expect(command).toMatchObject({ _type: 'cmd', action: 'setWaypoints', waypoints: { _type: 'waypoints' } })
    expect(command.waypoints.waypoints.map((w) => w.desc)).toEqual([
      'Home',
      'Work',
      'School',
      'Quidditch Pitch',
    ])
    expect(command.waypoints.waypoints[0]).toMatchObject({ lat: 50.7376, lon: -3.2783, rad: 150 })
  })

  it('sends them to the cmd topic as the phone spells its device id', async () => {
    // Device ids match case-insensitively; MQTT topics do not.
    const t = await startTestClock({ extra: { places } })
    const ginny = t.phoneClient('ginny')
    const message = nextEvent(ginny, 'message')
    await nextEvent(ginny, 'connect')
    await ginny.subscribeAsync(`owntracks/${FAMILY}/Ginny/cmd`, { qos: 1 })
    const [topic, payload] = (await message) as [string, Buffer]
    expect(topic).toBe(`owntracks/${FAMILY}/Ginny/cmd`)
    expect(JSON.parse(payload.toString())).toMatchObject({ action: 'setWaypoints' })
  })

  it('encrypts the command for a device that has a key', async () => {
    const members = BASE_CONFIG.members.map((m) =>
      m.name === 'Ron'
        ? { name: 'Ron', devices: [{ id: 'ron', password: PASSWORDS.ron, encryptionKey: 'rons-secret' }] }
        : m,
    )
    const t = await startTestClock({ extra: { places, members } })
    const ron = t.phoneClient('ron')
    const message = nextEvent(ron, 'message')
    await nextEvent(ron, 'connect')
    await ron.subscribeAsync(`owntracks/${FAMILY}/+/cmd`, { qos: 1 })
    const [, payload] = (await message) as [string, Buffer]
    const envelope = JSON.parse(payload.toString()) as { _type: string; data: string }
    expect(envelope._type).toBe('encrypted')
    const command = JSON.parse(
      new TextDecoder().decode(openSealed(envelope.data, keyFromSecret('rons-secret')) ?? new Uint8Array()),
    ) as Command
    expect(command.waypoints.waypoints.map((w) => w.desc)).toEqual(['Home', 'Work', 'School', 'Joke Shop'])
  })
})

describe('places for a phone set up before the family had a key', () => {
  it('are sent again, unencrypted, once its messages show it has no key', async () => {
    const t = await startTestClock({ extra: { places, encryptionKey: 'family-secret' } })
    const ginny = t.phoneClient('ginny')
    const commands: string[] = []
    ginny.on('message', (_topic, payload) => {
      commands.push(payload.toString())
    })
    await nextEvent(ginny, 'connect')
    await ginny.subscribeAsync(`owntracks/${FAMILY}/ginny/cmd`, { qos: 1 })
    // Sealed: its setup code gave it the family's key, for all the clock knows.
    await vi.waitFor(() => expect(commands).toHaveLength(1))
    expect(JSON.parse(commands[0] ?? '')._type).toBe('encrypted')
    // Its locations come plain: it has no key, and could not open them.
    const fix = json(aLocation({ lat: 51.5, lon: -0.12, tst: Math.floor(Date.now() / 1000) }))
    await ginny.publishAsync(`owntracks/${FAMILY}/ginny`, fix, { qos: 1 })
    await vi.waitFor(() => expect(commands).toHaveLength(2))
    expect(JSON.parse(commands[1] ?? '')).toMatchObject({ _type: 'cmd', action: 'setWaypoints' })
    // Once: the next plain message changes nothing.
    await ginny.publishAsync(`owntracks/${FAMILY}/ginny`, fix, { qos: 1 })
    const later = json(aLocation({ lat: 51.5, lon: -0.12, tst: Math.floor(Date.now() / 1000) + 1 }))
    await ginny.publishAsync(`owntracks/${FAMILY}/ginny`, later, { qos: 1 })
    await vi.waitFor(() => expect(t.clock.pipeline.stats().accepted).toBeGreaterThanOrEqual(2))
    expect(commands).toHaveLength(2)
  })
})

describe('places for a phone that reconnects', () => {
  it('are sent once, not at every reconnect; again once they changed, or the phone was set up again', async () => {
    const t = await startTestClock({ extra: { places } })
    const token = t.clock.newAdminToken ?? ''
    const admin = (action: string, body: object) =>
      fetch(`${t.clock.httpUrl}api/admin/${action}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    /**
     * The commands a connection of Ginny's phone gets, until one asked for after it subscribed. Like the
     * apps, it keeps its session (`clean`: it starts afresh, as after a reinstall).
     */
    const connect = async (clean = false) => {
      const ginny = t.phoneClient('ginny', { clientId: `${FAMILY}ginny`, clean })
      const actions: string[] = []
      const asked = new Promise<void>((resolve) =>
        ginny.on('message', (_topic, payload) => {
          const { action } = JSON.parse(payload.toString()) as { action: string }
          actions.push(action)
          if (action === 'reportLocation') resolve()
        }),
      )
      await nextEvent(ginny, 'connect')
      await ginny.subscribeAsync(`owntracks/${FAMILY}/ginny/cmd`, { qos: 1 })
      // The places, when sent, are published as the subscription is granted: before this one.
      await admin('report-location', { member: 'ginny' })
      await asked
      await ginny.endAsync()
      return actions
    }
    expect(await connect()).toEqual(['setWaypoints', 'reportLocation'])
    expect(await connect()).toEqual(['reportLocation'])
    expect(await connect()).toEqual(['reportLocation'])
    // A phone starting afresh (no session: a reinstalled app, places lost with a dropped connection).
    expect(await connect(true)).toEqual(['setWaypoints', 'reportLocation'])
    expect(await connect()).toEqual(['setWaypoints', 'reportLocation'])
    expect(await connect()).toEqual(['reportLocation'])
    // Set up again (perhaps reinstalled): it gets them at its next connection.
    expect((await admin('provision', { member: 'ginny' })).status).toBe(200)
    expect(await connect()).toEqual(['setWaypoints', 'reportLocation'])
    expect(await connect()).toEqual(['reportLocation'])
    // The same from `weasley-clock provision`, another process on the clock's database.
    if (t.clock.broker.kind !== 'embedded') throw new Error('embedded broker expected')
    await provisionToFiles(t.config, 'ginny', { host: 'localhost', port: t.clock.broker.mqttsPort })
    expect(await connect()).toEqual(['setWaypoints', 'reportLocation'])
    // What it was sent is kept across a restart; the places changed meanwhile go out again.
    await t.clock.close()
    const moved = await startTestClock({
      dataDir: t.dataDir,
      extra: { places: places.map((p) => (p.name === 'Home' ? { ...p, radius: 300 } : p)) },
    })
    const ginny = moved.phoneClient('ginny')
    const message = nextEvent(ginny, 'message')
    await nextEvent(ginny, 'connect')
    await ginny.subscribeAsync(`owntracks/${FAMILY}/ginny/cmd`, { qos: 1 })
    const [, payload] = (await message) as [string, Buffer]
    const command = JSON.parse(payload.toString()) as Command
    expect(command.waypoints.waypoints.find((w) => w.desc === 'Home')?.rad).toBe(300)
  })
})

describe('a phone without regions', () => {
  it('is moved between places by coordinates alone, and a walk along a place’s edge does not flicker the hand', async () => {
    const t = await startTestClock()
    const molly = await t.phone('molly')
    const home = { lat: 50.7376, lon: -3.2783 } // radius 150 m
    const metresNorth = (m: number) => ({ lat: home.lat + m / 111_195, lon: home.lon })
    let tst = Math.floor(Date.now() / 1000) - 100
    const at = async (pos: { lat: number; lon: number }, acc = 15) => {
      tst += 1
      await molly.publishAsync(
        `owntracks/${FAMILY}/molly`,
        json({ _type: 'location', ...pos, acc, tid: 'MW', tst }),
        { qos: 1 },
      )
      return (await t.member('molly')).place
    }
    expect(await at(metresNorth(0))).toBe('Home')
    // Along the edge: 140–190 m from the centre, in and out of the 150 m radius, never clearly out.
    const edge = [140, 160, 175, 150, 185, 165, 145, 190, 155]
    const places = []
    for (const m of edge) places.push(await at(metresNorth(m)))
    expect(places.every((p) => p === 'Home')).toBe(true)
    expect(await at(metresNorth(400))).toBe('Traveling')
    expect(await at({ lat: 51.5007, lon: -0.1246 })).toBe('Work')
    const history = (await (await fetch(`${t.clock.httpUrl}api/history?member=molly`)).json()) as {
      to: string
    }[]
    expect(history.map((h) => h.to).reverse()).toEqual(['Home', 'Traveling', 'Work'])
  })
})

describe('places learned from a phone', () => {
  it('keeps a phone’s waypoint across a restart and uses it to place the member', async () => {
    const t = await startTestClock({
      extra: { places: [{ name: 'Home' }, { name: 'Work', lat: 51.5007, lon: -0.1246, radius: 200 }] },
    })
    const ron = await t.phone('ron')
    await ron.publishAsync(
      `owntracks/${FAMILY}/ron/waypoint`,
      json({ _type: 'waypoint', desc: 'Home', lat: 52.2, lon: 0.12, rad: 80, tst: 1_700_000_123 }),
      { qos: 1 },
    )
    await ron.endAsync()
    await t.restart()
    const back = await t.phone('ron')
    await back.publishAsync(
      `owntracks/${FAMILY}/ron`,
      json({
        _type: 'location',
        lat: 52.2,
        lon: 0.12,
        acc: 10,
        tid: 'RW',
        tst: Math.floor(Date.now() / 1000),
      }),
      {
        qos: 1,
      },
    )
    expect((await t.member('ron')).place).toBe('Home')
  })
})

describe('weasley-clock places push and report-location', () => {
  it('send commands through the running clock with the admin token', async () => {
    const run = promisify(execFile)
    const t = await startTestClock()
    const token = t.clock.newAdminToken ?? ''
    const ginny = t.phoneClient('ginny')
    const commands: string[] = []
    ginny.on('message', (_topic, payload) =>
      commands.push((JSON.parse(payload.toString()) as { action: string }).action),
    )
    await nextEvent(ginny, 'connect')
    await ginny.subscribeAsync(`owntracks/${FAMILY}/ginny/cmd`, { qos: 1 })
    const cli = (...args: string[]) =>
      run(process.execPath, [
        path.join(ROOT, 'dist', 'weasley.mjs'),
        ...args,
        '--url',
        t.clock.httpUrl,
        '--token',
        token,
      ])
    expect((await cli('places', 'push', 'Ginny')).stdout).toBe('Places sent to 1 connected device(s).\n')
    expect((await cli('report-location', 'ginny')).stdout).toMatch(/^Asked 1 connected device\(s\)/)
    await expect(
      run(process.execPath, [
        path.join(ROOT, 'dist', 'weasley.mjs'),
        'places',
        'push',
        '--url',
        t.clock.httpUrl,
        '--token',
        'wrong',
      ]),
    ).rejects.toThrow(/admin token missing or wrong/)
    // A new token: printed, kept in the data folder for the owner only, and the old one retired.
    const rotated = await run(process.execPath, [
      path.join(ROOT, 'dist', 'weasley.mjs'),
      'admin-token',
      '--data-dir',
      t.dataDir,
    ])
    const tokenFile = path.join(t.dataDir, 'admin-token.txt')
    const newToken = readFileSync(tokenFile, 'utf8').trim()
    expect(rotated.stdout).toContain(`New admin token for the setup page: ${newToken}`)
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600)
    await expect(cli('report-location', 'ginny')).rejects.toThrow(/admin token missing or wrong/)
    const withNew = ['--url', t.clock.httpUrl, '--token', newToken]
    const asked = await run(process.execPath, [
      path.join(ROOT, 'dist', 'weasley.mjs'),
      'report-location',
      'ginny',
      ...withNew,
    ])
    expect(asked.stdout).toMatch(/^Asked 1 connected device\(s\)/)
    await vi.waitFor(
      () => expect(commands).toEqual(['setWaypoints', 'setWaypoints', 'reportLocation', 'reportLocation']),
      {
        timeout: 5_000,
        interval: 10,
      },
    )
  })
})

describe('the admin token kept in the data folder', () => {
  it('is sent to a clock on this machine only, not to a name that merely starts with 127.', async () => {
    const t = await startTestClock()
    const port = new URL(t.clock.httpUrl).port
    const ask = (host: string) =>
      runReportLocation({ url: `http://${host}:${port}/`, 'data-dir': t.dataDir }, ['ginny'])
    for (const host of ['127.0.0.1.nip.io', '127.0.0.1.example.com', 'localhost.example.com'])
      await expect(ask(host)).rejects.toThrow(/give the admin token of the clock at .* with --token/)
    for (const host of ['127.0.0.1', 'localhost']) expect(await ask(host)).toBe(0)
  })
})

describe('what the setup page is told about a command', () => {
  it('counts the devices listening now and those whose session keeps it, not a device that never connected', async () => {
    const members = BASE_CONFIG.members.map((m) =>
      m.name === 'Ginny'
        ? { name: 'Ginny', devices: [{ id: 'ginny', password: PASSWORDS.ginny }, 'ginny-tablet'] }
        : m,
    )
    const t = await startTestClock({ extra: { members } })
    const token = t.clock.newAdminToken ?? ''
    const ask = async (action: string, member: string) =>
      (
        await fetch(`${t.clock.httpUrl}api/admin/${action}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ member }),
        })
      ).json()
    // Ginny's phone listens; her tablet was never set up: the broker drops what is sent to it.
    const ginny = await t.phone('ginny')
    await ginny.subscribeAsync(`owntracks/${FAMILY}/ginny/cmd`, { qos: 1 })
    expect(await ask('report-location', 'ginny')).toEqual({ devices: 2, taken: 2, listening: 1, queued: 0 })
    expect(await ask('push-places', 'ginny')).toEqual({ devices: 2, taken: 2, listening: 1, queued: 0 })
    // Ron's phone went away leaving a persistent session, which keeps commands for its return; a
    // phone of another member subscribed to every cmd topic does not count as Ron's.
    await ginny.subscribeAsync([`owntracks/${FAMILY}/+/cmd`, `owntracks/${FAMILY}/ron`], { qos: 1 })
    const will = {
      topic: `owntracks/${FAMILY}/ron`,
      payload: Buffer.from('{"_type":"lwt"}'),
      qos: 0 as const,
      retain: false,
    }
    const ron = await t.phone('ron', { clean: false, clientId: 'ron-phone', will })
    await ron.subscribeAsync(`owntracks/${FAMILY}/ron/cmd`, { qos: 1 })
    // Its connection lost: the broker publishes its will once the connection's subscriptions are gone.
    const willSeen = new Promise<void>((resolve) =>
      ginny.on('message', (topic) => topic === will.topic && resolve()),
    )
    await ron.endAsync(true)
    await willSeen
    expect(await ask('report-location', 'ron')).toEqual({ devices: 1, taken: 1, listening: 0, queued: 1 })
    expect(await ask('report-location', 'molly')).toEqual({ devices: 1, taken: 1, listening: 0, queued: 0 })
  })
})

describe('places changed in the config', () => {
  it('are sent to the phones at the next start, queued for phones that are away', async () => {
    const first = await startTestClock()
    const session = { clientId: `${FAMILY}ginny`, clean: false }
    const ginny = first.phoneClient('ginny', session)
    await nextEvent(ginny, 'connect')
    await ginny.subscribeAsync(`owntracks/${FAMILY}/ginny/cmd`, { qos: 1 })
    await nextEvent(ginny, 'message') // the places sent on subscribe
    await ginny.endAsync()
    await first.clock.close()

    const moved = [{ name: 'Home', lat: 50.74, lon: -3.28, radius: 300 }, ...BASE_CONFIG.places.slice(1)]
    const second = await startTestClock({ dataDir: first.dataDir, extra: { places: moved } })
    const back = second.phoneClient('ginny', session)
    const homes: number[] = []
    let asked = false
    back.on('message', (_topic, payload) => {
      const command = JSON.parse(payload.toString()) as {
        action: string
        waypoints?: { waypoints: { desc: string; rad: number }[] }
      }
      const home = command.waypoints?.waypoints.find((w) => w.desc === 'Home')
      if (home) homes.push(home.rad)
      if (command.action === 'reportLocation') asked = true
    })
    await vi.waitFor(() => expect(homes).toContain(300), { timeout: 5_000, interval: 10 })
    // Subscribing again, as the apps do on every connection, it is not sent them a second time.
    await back.subscribeAsync(`owntracks/${FAMILY}/ginny/cmd`, { qos: 1 })
    const token = readFileSync(path.join(first.dataDir, 'admin-token.txt'), 'utf8').trim()
    await fetch(`${second.clock.httpUrl}api/admin/report-location`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ member: 'ginny' }),
    })
    await vi.waitFor(() => expect(asked).toBe(true), { timeout: 5_000, interval: 10 })
    expect(homes).toEqual([300])
  })
})

describe('a place renamed in the config', () => {
  it('is removed from the phone under its old name at the next start, as the apps key it', async () => {
    const pitch = { name: 'Quidditch Pitch', lat: 56.82, lon: -5.11, radius: 120, members: ['ginny'] }
    const first = await startTestClock({ extra: { places: [...BASE_CONFIG.places, pitch] } })
    const session = { clientId: `${FAMILY}ginny`, clean: false }
    const ginny = first.phoneClient('ginny', session)
    await nextEvent(ginny, 'connect')
    const given = nextEvent(ginny, 'message')
    await ginny.subscribeAsync(`owntracks/${FAMILY}/ginny/cmd`, { qos: 1 })
    const sent = (JSON.parse(String(((await given) as [string, Buffer])[1])) as Command).waypoints.waypoints
    const old = sent.find((w) => w.desc === 'Quidditch Pitch')
    await ginny.endAsync()
    await first.clock.close()

    const renamed = { ...pitch, name: 'The Pitch' }
    const second = await startTestClock({
      dataDir: first.dataDir,
      extra: { places: [...BASE_CONFIG.places, renamed] },
    })
    const back = second.phoneClient('ginny', session)
    const [, payload] = (await nextEvent(back, 'message')) as [string, Buffer]
    const waypoints = (JSON.parse(payload.toString()) as Command).waypoints.waypoints
    // iOS removes the region it matches by name and tst when given coordinates out of range; Android
    // ignores such a waypoint.
    expect(waypoints[0]).toEqual({
      _type: 'waypoint',
      desc: 'Quidditch Pitch',
      lat: -1000,
      lon: -1000,
      rad: 0,
      tst: old?.tst,
    })
    expect(waypoints.slice(1).map((w) => w.desc)).toEqual(['Home', 'Work', 'School', 'The Pitch'])
  })
})
