// Outputs and tools around the core: retained hands for stepper clocks, the family-name login the
// apps' default topics need, oversize payloads, and the simulator as a user runs it.

import { spawn } from 'node:child_process'
import { once } from 'node:events'
import path from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { keyFromSecret, seal } from '../../src/adapters/crypto/owntracks-crypto.js'
import { aLocation, aTransition } from '../builders.js'
import { FAMILY, json, nextEvent, PASSWORDS, ROOT, startTestClock } from '../support/clock-harness.js'

const nowSec = () => Math.floor(Date.now() / 1000)

describe('around the core', () => {
  it('publishes retained hand positions that a stepper clock subscribing later receives', async () => {
    const t = await startTestClock()
    const ginny = await t.phone('ginny')
    await ginny.publishAsync(
      `owntracks/${FAMILY}/ginny/event`,
      json(aTransition({ desc: 'School', tst: nowSec() })),
      { qos: 1 },
    )

    const stepper = t.phoneClient('clock', {
      username: 'weasley-clock',
      password: PASSWORDS.clock,
      clientId: 'stepper-1',
    })
    const hands = new Map<string, { place: string; angle: number }>()
    stepper.on('message', (topic, payload) => hands.set(topic, JSON.parse(payload.toString())))
    await nextEvent(stepper, 'connect')
    await stepper.subscribeAsync(`weasley/${FAMILY}/hands/+`, { qos: 1 })
    await vi.waitFor(() => expect(hands.size).toBe(3), { timeout: 5_000, interval: 10 })
    expect(hands.get(`weasley/${FAMILY}/hands/ginny`)).toMatchObject({ place: 'School', angle: 144 })
    expect(hands.get(`weasley/${FAMILY}/hands/ron`)).toMatchObject({ place: 'Lost' })
  })

  it('lets a phone log in with the family as username, as the apps’ default topics need', async () => {
    const t = await startTestClock()
    // OwnTracks builds the client id from username + device id, and publishes to owntracks/<username>/<device>.
    const ron = await t.phone('ron', { username: FAMILY, password: PASSWORDS.ron, clientId: `${FAMILY}ron` })
    await ron.publishAsync(
      `owntracks/${FAMILY}/ron`,
      json(aLocation({ lat: 51.5007, lon: -0.1246, tst: nowSec() })),
      { qos: 1 },
    )
    expect((await t.member('ron')).place).toBe('Work')
    // The password decides the device: Ron's password never speaks for Ginny.
    const closed = nextEvent(ron, 'close')
    ron.publish(`owntracks/${FAMILY}/ginny`, json(aLocation({ tst: nowSec() })), { qos: 1 })
    await closed
    expect((await t.member('ginny')).place).toBe('Lost')
    await expect(t.phone('ron', { username: FAMILY, password: 'not-a-device-password' })).rejects.toThrow(
      /Bad username or password/i,
    )
  })

  it('rejects an oversize payload unread and keeps the state', async () => {
    const t = await startTestClock({ extra: { maxPayloadBytes: 4096 } })
    const molly = await t.phone('molly')
    await molly.publishAsync(
      `owntracks/${FAMILY}/molly`,
      json({ ...aLocation({ tst: nowSec() }), padding: 'x'.repeat(5000) }),
      { qos: 1 },
    )
    const stats = (await (await fetch(`${t.clock.httpUrl}api/stats`)).json()) as {
      rejectedByReason: Record<string, number>
    }
    expect(stats.rejectedByReason.oversize).toBe(1)
    expect((await t.member('molly')).place).toBe('Lost')
  })

  it('decrypts encrypted payloads with the family key and names a wrong key', async () => {
    const t = await startTestClock({ extra: { encryptionKey: 'family-secret' } })
    const ron = await t.phone('ron')
    const sealed = (secret: string) =>
      json({
        _type: 'encrypted',
        data: seal(
          new TextEncoder().encode(json(aLocation({ lat: 51.5007, lon: -0.1246, tst: nowSec() }))),
          keyFromSecret(secret),
        ),
      })
    await ron.publishAsync(`owntracks/${FAMILY}/ron`, sealed('family-secret'), { qos: 1 })
    expect((await t.member('ron')).place).toBe('Work')
    await ron.publishAsync(`owntracks/${FAMILY}/ron`, sealed('another-secret'), { qos: 1 })
    const stats = (await (await fetch(`${t.clock.httpUrl}api/stats`)).json()) as {
      rejectedByReason: Record<string, number>
    }
    expect(stats.rejectedByReason['decrypt-failed']).toBe(1)
    expect(t.logs.join('\n')).not.toContain('family-secret')
  })

  it('answers /healthz while the embedded broker is listening', async () => {
    const t = await startTestClock()
    const res = await fetch(`${t.clock.httpUrl}healthz`)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ ok: true, broker: { connected: true } })
  })

  it('moves hands with `weasley-clock simulate` publishing like real phones', async () => {
    const t = await startTestClock()
    if (t.clock.broker.kind !== 'embedded') throw new Error('embedded broker expected')
    const child = spawn(
      process.execPath,
      [
        path.join(ROOT, 'dist', 'weasley.mjs'),
        'simulate',
        '--url',
        `mqtts://localhost:${t.clock.broker.mqttsPort}`,
        '--ca',
        t.caFile,
        '--family',
        FAMILY,
        '--device',
        `ginny:${PASSWORDS.ginny}`,
        '--device',
        `ron:${PASSWORDS.ron}`,
        '--count',
        '12',
        '--interval',
        '0',
        '--seed',
        '3',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let output = ''
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString()
    })
    child.stderr.on('data', (d: Buffer) => {
      output += d.toString()
    })
    const [code] = await once(child, 'exit')
    expect(code, output).toBe(0)
    const stats = (await (await fetch(`${t.clock.httpUrl}api/stats`)).json()) as {
      accepted: number
      rejected: number
    }
    expect(stats.accepted).toBeGreaterThanOrEqual(12)
    expect(stats.rejected).toBe(0)
    for (const id of ['ginny', 'ron']) expect((await t.member(id)).place).not.toBe('Lost')
  })
})
