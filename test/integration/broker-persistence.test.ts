// The embedded broker keeps what MQTT promises across a restart of the clock, even one killed with
// SIGKILL: persistent sessions, commands queued for a sleeping phone, retained locations.

import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import mqtt, { type MqttClient } from 'mqtt'
import { describe, expect, it, onTestFinished, vi } from 'vitest'
import { aLocation } from '../builders.js'
import { brokerRowsOf } from '../support/broker-rows.js'
import { serveConfig } from '../support/cli-process.js'
import {
  BASE_CONFIG,
  FAMILY,
  json,
  nextEvent,
  PASSWORDS,
  startTestClock,
  tempDir,
} from '../support/clock-harness.js'
import { freePort } from '../support/mosquitto.js'

const nowSec = () => Math.floor(Date.now() / 1000)

describe('embedded broker persistence', () => {
  it('delivers each message once to a persistent session with overlapping filters, and keeps it connected', async () => {
    const t = await startTestClock()
    // `#` and `owntracks/+/+` both become the family's filters; `weasley/#` brings retained hands, whose
    // queued copies a skipped duplicate delivery used to clear by mistake ("no such packet").
    const ginny = await t.phone('ginny', { clientId: 'ginny-tool', clean: false })
    const saw: string[] = []
    ginny.on('message', (topic) => saw.push(topic))
    for (const filter of ['owntracks/+/+', 'weasley/#', '#']) await ginny.subscribeAsync(filter, { qos: 1 })
    const ron = await t.phone('ron')
    const tst = Math.floor(Date.now() / 1000)
    await ron.publishAsync(`owntracks/${FAMILY}/ron`, json(aLocation({ tst })), { qos: 1 })
    await ron.publishAsync(`owntracks/${FAMILY}/ron`, json(aLocation({ tst: tst + 1 })), { qos: 1 })
    await vi.waitFor(() => expect(saw.filter((topic) => topic === `owntracks/${FAMILY}/ron`)).toHaveLength(2))
    expect(ginny.connected).toBe(true)
    expect(t.logs.join('\n')).not.toContain('no such packet')
  })

  it('delivers a command queued for a sleeping phone after the clock is killed (SIGKILL) and restarted', async () => {
    const dir = tempDir()
    const configFile = path.join(dir, 'weasley.config.json')
    writeFileSync(configFile, JSON.stringify(BASE_CONFIG))
    const mqttPort = await freePort()
    const first = await serveConfig(dir, configFile, { mqttPort })
    const token = readFileSync(path.join(dir, 'data', 'admin-token.txt'), 'utf8').trim()
    const session = {
      clientId: 'ginny-phone',
      clean: false,
      username: 'ginny',
      password: PASSWORDS.ginny,
      reconnectPeriod: 0,
    }
    const ginny = await mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`, session)
    await ginny.subscribeAsync(`owntracks/${FAMILY}/ginny/cmd`, { qos: 1 })
    await ginny.endAsync()

    // The setup page's "ask for a location": answered once the command is queued for the sleeping phone.
    const asked = await fetch(`${first.httpUrl}api/admin/report-location`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ member: 'ginny' }),
    })
    // Queued in the sleeping phone's session: it gets the command when it is back.
    expect(await asked.json()).toEqual({ devices: 1, taken: 1, listening: 0, queued: 1 })
    first.child.kill('SIGKILL')
    await first.exited

    const second = await serveConfig(dir, configFile, { mqttPort })
    const back = mqtt.connect(`mqtt://127.0.0.1:${mqttPort}`, session)
    onTestFinished(() => back.endAsync(true))
    // The clock also sends places (setWaypoints) when a phone subscribes: only commands are counted.
    const commands: [string, unknown][] = []
    back.on('message', (topic, payload) => {
      const body = JSON.parse(payload.toString()) as { action?: string }
      if (body.action === 'reportLocation') commands.push([topic, body])
    })
    await vi.waitFor(() => expect(commands).toHaveLength(1), { timeout: 5_000, interval: 10 })
    expect(commands[0]).toEqual([`owntracks/${FAMILY}/ginny/cmd`, { _type: 'cmd', action: 'reportLocation' }])
    // Once: a command asked for now comes after it, with nothing in between (a redelivery of the
    // queued one would come right behind it).
    expect(commands).toHaveLength(1)
    const again = await fetch(`${second.httpUrl}api/admin/report-location`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ member: 'ginny' }),
    })
    expect(await again.json()).toEqual({ devices: 1, taken: 1, listening: 1, queued: 0 })
    await vi.waitFor(() => expect(commands.length).toBeGreaterThanOrEqual(2), {
      timeout: 5_000,
      interval: 10,
    })
    expect(commands).toHaveLength(2)
  })

  it('keeps a phone’s retained location for subscribers that arrive after a restart', async () => {
    const t = await startTestClock()
    const ron = await t.phone('ron')
    await ron.publishAsync(
      `owntracks/${FAMILY}/ron`,
      json(aLocation({ lat: 51.5007, lon: -0.1246, tst: nowSec() })),
      { qos: 1, retain: true },
    )
    await ron.endAsync()
    await t.restart()

    const molly = await t.phone('molly')
    const message = nextEvent(molly, 'message')
    await molly.subscribeAsync(`owntracks/${FAMILY}/+`, { qos: 1 })
    const [topic, payload, packet] = (await message) as [string, Buffer, { retain: boolean }]
    expect(topic).toBe(`owntracks/${FAMILY}/ron`)
    expect(packet.retain).toBe(true)
    expect(JSON.parse(payload.toString())._type).toBe('location')
  })

  it('forgets a device taken out of the config: its session, retained location and card, and password', async () => {
    const dataDir = tempDir()
    // Ron's device has a generated password (kept as a hash in the clock's database).
    const withRon = [
      ...BASE_CONFIG.members.filter((m) => m.name !== 'Ron'),
      { name: 'Ron', devices: ['ron'] },
    ]
    const first = await startTestClock({ dataDir, extra: { members: withRon } })
    const oldPassword = first.clock.generatedPasswords.find((g) => g.username === 'ron')?.password ?? ''
    const passwordsFile = path.join(dataDir, 'new-passwords.txt')
    expect(readFileSync(passwordsFile, 'utf8')).toContain(`ron\t${oldPassword}`)
    const ron = await first.phone('ron', { clientId: 'ron-phone', clean: false, password: oldPassword })
    const where = await leaveSessionAndRetained(ron)
    const molly = await first.phone('molly')
    await molly.publishAsync(`owntracks/${FAMILY}/molly`, where, { qos: 1, retain: true })
    await ron.endAsync()
    await molly.endAsync()
    await first.clock.close()

    const members = BASE_CONFIG.members.filter((m) => m.name !== 'Ron')
    const second = await startTestClock({ dataDir, extra: { members } })
    expect(second.logs.join('\n')).toMatch(
      /forgot 1 persistent session\(s\) and 2 retained message\(s\) of devices no longer in the config/,
    )
    // The password file lists only passwords that work: Ron's went, and with it the file.
    expect(existsSync(passwordsFile)).toBe(false)
    // A phone of the family sees the others' retained messages, and none of Ron's.
    const ginny = await second.phone('ginny')
    const seen: string[] = []
    ginny.on('message', (topic) => seen.push(topic))
    const mollys = nextEvent(ginny, 'message')
    await ginny.subscribeAsync(`owntracks/${FAMILY}/#`, { qos: 1 })
    await mollys
    await ginny.publishAsync(`owntracks/${FAMILY}/ginny`, where, { qos: 1 })
    await vi.waitFor(() => expect(seen).toContain(`owntracks/${FAMILY}/ginny`))
    expect(seen).not.toContain(`owntracks/${FAMILY}/ron`)
    expect(seen).not.toContain(`owntracks/${FAMILY}/ron/info`)
    await second.clock.close()

    // Put back, Ron's device gets a new password: the old one (a lost phone's) no longer lets anyone in.
    const third = await startTestClock({ dataDir, extra: { members: withRon } })
    const newPassword = third.clock.generatedPasswords.find((g) => g.username === 'ron')?.password ?? ''
    expect(newPassword).not.toBe('')
    await expect(third.phone('ron', { password: oldPassword })).rejects.toThrow(/Bad username or password/i)
    await (await third.phone('ron', { password: newPassword })).endAsync()
  })

  it('refuses a second clock on a running clock’s data folder, which keeps its sessions and retained messages', async () => {
    const { dataDir, first } = await clockWithRonsSession()
    // Another family pointed at the same folder would take the first's sessions for a renamed family's.
    await expect(startTestClock({ dataDir, extra: { uniqueId: 'prewetts' } })).rejects.toThrow(
      `the data folder ${dataDir} is in use by another running Weasley Clock`,
    )
    await first.clock.close()
    const kept = rowsIn(dataDir)
    expect(kept.sessions).toBe(1)
    expect(kept.retained).toEqual(expect.arrayContaining(RONS_RETAINED))
    // Stopped, the folder is free again.
    await (await startTestClock({ dataDir })).clock.close()
  })

  it('forgets a family it no longer serves (renamed in the config): its sessions and retained messages', async () => {
    const { dataDir, first } = await clockWithRonsSession()
    await first.clock.close()
    const kept = rowsIn(dataDir)
    expect(kept.sessions).toBeGreaterThan(0)
    expect(kept.retained).toEqual(expect.arrayContaining(RONS_RETAINED))

    // The same data folder, the family renamed: nobody can log in to the old one again.
    const second = await startTestClock({ dataDir, extra: { uniqueId: 'prewetts' } })
    expect(second.logs.join('\n')).toMatch(
      new RegExp(
        `forgot 1 persistent session\\(s\\) and ${kept.retained.length} retained message\\(s\\) of families no longer served`,
      ),
    )
    await second.clock.close()
    expect(rowsIn(dataDir)).toEqual({ sessions: 0, retained: [] })
  })
})

/**
 * Ron's phone, connected with a persistent session, subscribes to the family's topics and leaves a
 * retained location and card, as the app does; returns the location's payload.
 */
async function leaveSessionAndRetained(ron: MqttClient): Promise<string> {
  await ron.subscribeAsync(`owntracks/${FAMILY}/#`, { qos: 1 })
  const where = json(aLocation({ lat: 51.5007, lon: -0.1246, tst: nowSec() }))
  await ron.publishAsync(`owntracks/${FAMILY}/ron`, where, { qos: 1, retain: true })
  await ron.publishAsync(`owntracks/${FAMILY}/ron/info`, json({ _type: 'card', name: 'Ron' }), {
    qos: 1,
    retain: true,
  })
  return where
}

/** A running clock on a fresh folder, where Ron's phone left a persistent session and retained messages. */
async function clockWithRonsSession() {
  const dataDir = tempDir()
  const first = await startTestClock({ dataDir })
  const ron = await first.phone('ron', { clientId: 'ron-phone', clean: false })
  await leaveSessionAndRetained(ron)
  await ron.endAsync()
  return { dataDir, first }
}

const RONS_RETAINED = [`owntracks/${FAMILY}/ron`, `owntracks/${FAMILY}/ron/info`]

/** What the clock's broker keeps on disk for the family. */
const rowsIn = (dataDir: string) => brokerRowsOf(path.join(dataDir, 'weasley.db'), FAMILY)
