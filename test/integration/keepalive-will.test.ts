// Keepalive and Last Will as MQTT 3.1.1 defines them [MQTT-3.1.2-24]: a phone that goes silent with its
// socket open gets its will published after 1.5 × keepalive; a clean DISCONNECT publishes none.

import type { Socket } from 'node:net'
import mqttPacket from 'mqtt-packet'
import { describe, expect, it, vi } from 'vitest'
import { aLocation } from '../builders.js'
import { FAMILY, json, PASSWORDS, startTestClock } from '../support/clock-harness.js'
import { rawLogin } from '../support/raw-mqtt.js'

const KEEPALIVE_SEC = 2

/** A phone that sends CONNECT (with its will) and one location, and then nothing at all. */
async function silentPhone(port: number, device: 'ginny' | 'ron' = 'ginny'): Promise<Socket> {
  const socket = await rawLogin(port, {
    clientId: `${FAMILY}${device}`,
    keepalive: KEEPALIVE_SEC,
    username: device,
    password: PASSWORDS[device],
    will: {
      topic: `owntracks/${FAMILY}/${device}`,
      payload: Buffer.from('{"_type":"lwt"}'),
      qos: 0,
      retain: false,
    },
  })
  const connack = new Promise((resolve) => socket.once('data', resolve))
  await connack
  const location = json(aLocation({ lat: 50.7376, lon: -3.2783, tst: Math.floor(Date.now() / 1000) }))
  socket.write(
    mqttPacket.generate({
      cmd: 'publish',
      topic: `owntracks/${FAMILY}/${device}`,
      payload: location,
      qos: 0,
      dup: false,
      retain: false,
    }),
  )
  return socket
}

describe('keepalive and Last Will', () => {
  it('publishes the will of a silent phone after 1.5 × keepalive, and marks it offline', async () => {
    const t = await startTestClock()
    if (t.clock.broker.kind !== 'embedded') throw new Error('embedded broker expected')
    const observer = await t.phone('molly')
    const will = new Promise<number>((resolve) => {
      observer.on('message', (_topic, payload) => {
        if (payload.toString().includes('"lwt"')) resolve(Date.now())
      })
    })
    await observer.subscribeAsync(`owntracks/${FAMILY}/ginny`, { qos: 0 })
    await silentPhone(t.clock.broker.mqttPort)
    const silentSince = Date.now()
    await vi.waitFor(async () => expect((await t.member('ginny')).place).toBe('Home'), {
      timeout: 3_000,
      interval: 20,
    })
    const elapsedMs = (await will) - silentSince
    expect(elapsedMs).toBeGreaterThanOrEqual(1.5 * KEEPALIVE_SEC * 1000 - 500)
    expect(elapsedMs).toBeLessThanOrEqual(1.5 * KEEPALIVE_SEC * 1000 + 2000)
    await vi.waitFor(async () => expect((await t.member('ginny')).online).toBe(false), {
      timeout: 2_000,
      interval: 20,
    })
  })

  it('publishes no will after a clean DISCONNECT', async () => {
    const t = await startTestClock()
    if (t.clock.broker.kind !== 'embedded') throw new Error('embedded broker expected')
    const observer = await t.phone('molly')
    const wills: string[] = []
    const ronsWill = new Promise<void>((resolve) => {
      observer.on('message', (topic, payload) => {
        if (!payload.toString().includes('"lwt"')) return
        wills.push(topic)
        if (topic.endsWith('/ron')) resolve()
      })
    })
    await observer.subscribeAsync(`owntracks/${FAMILY}/+`, { qos: 0 })
    const ginny = await silentPhone(t.clock.broker.mqttPort)
    // Ron goes silent at the same time: his will marks the moment Ginny's would have come.
    await silentPhone(t.clock.broker.mqttPort, 'ron')
    const closed = new Promise((resolve) => ginny.once('close', resolve))
    ginny.end(mqttPacket.generate({ cmd: 'disconnect' }))
    await closed
    await ronsWill
    expect(wills).toEqual([`owntracks/${FAMILY}/ron`])
    expect((await t.member('ginny')).online).toBe(true)
  })
})
