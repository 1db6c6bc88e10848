// The embedded broker keeps what MQTT promises across a restart of the clock: persistent sessions,
// commands queued for a sleeping phone, retained locations.

import { describe, expect, it, vi } from 'vitest'
import { aLocation } from '../builders.js'
import { FAMILY, json, nextEvent, PASSWORDS, startTestClock } from '../support/clock-harness.js'

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

  it('delivers a command queued for a sleeping phone after the clock restarts', async () => {
    const t = await startTestClock()
    const session = { clientId: `${FAMILY}ginny`, clean: false }
    const ginny = await t.phone('ginny', session)
    await ginny.subscribeAsync(`owntracks/${FAMILY}/ginny/cmd`, { qos: 1 })
    await ginny.endAsync()

    const clock = await t.phone('clock', { username: 'weasley-clock', password: PASSWORDS.clock })
    await clock.publishAsync(
      `owntracks/${FAMILY}/ginny/cmd`,
      json({ _type: 'cmd', action: 'reportLocation' }),
      { qos: 1 },
    )
    await clock.endAsync()

    await t.restart()
    const back = t.phoneClient('ginny', session)
    // The clock also sends places (setWaypoints) when a phone subscribes: wait for the queued command.
    const command = new Promise<[string, unknown]>((resolve) => {
      back.on('message', (topic, payload) => {
        const body = JSON.parse(payload.toString()) as { action?: string }
        if (body.action === 'reportLocation') resolve([topic, body])
      })
    })
    const [topic, body] = await command
    expect(topic).toBe(`owntracks/${FAMILY}/ginny/cmd`)
    expect(body).toEqual({ _type: 'cmd', action: 'reportLocation' })
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
})
