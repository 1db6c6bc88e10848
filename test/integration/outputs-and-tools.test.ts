// Outputs and tools around the core: retained hands for stepper clocks, the family-name login the
// apps' default topics need, oversize payloads, and the simulator as a user runs it.

import { spawn } from 'node:child_process'
import { once } from 'node:events'
import path from 'node:path'
import { describe, expect, it, onTestFinished, vi } from 'vitest'
import { keyFromSecret, seal } from '../../src/adapters/crypto/owntracks-crypto.js'
import { aLocation, aTransition } from '../builders.js'
import {
  FAMILY,
  json,
  nextEvent,
  PASSWORDS,
  ROOT,
  startTestClock,
  type TestClock,
} from '../support/clock-harness.js'

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
    const { code, output } = await simulate(t, [
      '--device',
      `ginny:${PASSWORDS.ginny}`,
      '--device',
      `ron:${PASSWORDS.ron}`,
      '--count',
      '12',
    ])
    expect(code, output).toBe(0)
    const stats = (await (await fetch(`${t.clock.httpUrl}api/stats`)).json()) as {
      accepted: number
      rejected: number
    }
    expect(stats.accepted).toBeGreaterThanOrEqual(12)
    expect(stats.rejected).toBe(0)
    for (const id of ['ginny', 'ron']) expect((await t.member(id)).place).not.toBe('Lost')
  })

  it('ends `simulate`, saying why, when what it publishes never arrives (a family spelled wrong)', async () => {
    const t = await startTestClock()
    // Topics are case-sensitive: the broker refuses these, and would be asked again and again.
    const { code, output } = await simulate(t, [
      '--device',
      `ginny:${PASSWORDS.ginny}`,
      '--family',
      'Weasleys',
    ])
    expect(code, output).toBe(1)
    expect(output).toContain('the broker does not let ginny read owntracks/Weasleys/…, so whether')
    expect(output).toContain(
      'the broker did not acknowledge a message on owntracks/Weasleys/… within 10 s: check --family (topics are case-sensitive)',
    )
  })

  it('ends `simulate`, naming the device, when one cannot connect after another did', async () => {
    const t = await startTestClock()
    const { code, output } = await simulate(t, [
      '--device',
      `ginny:${PASSWORDS.ginny}`,
      '--device',
      'ron:not-rons-password',
    ])
    expect(code, output).toBe(1)
    expect(output).toMatch(/could not connect to \S+ as ron: .*Bad username or password/i)
  })

  it('leaves the phone’s own connection and session alone while `simulate` plays its device', async () => {
    const t = await startTestClock()
    // Connected as a provisioned phone is: its client id and a persistent session.
    const phone = await t.phone('ginny', { clientId: `${FAMILY}ginny`, clean: false })
    const asked = new Promise<void>((resolve) =>
      phone.on('message', (_topic, payload) => {
        if ((JSON.parse(payload.toString()) as { action: string }).action === 'reportLocation') resolve()
      }),
    )
    await phone.subscribeAsync(`owntracks/${FAMILY}/ginny/cmd`, { qos: 1 })
    const { code, output } = await simulate(t, ['--device', `ginny:${PASSWORDS.ginny}`, '--count', '4'])
    expect(code, output).toBe(0)
    const report = await fetch(`${t.clock.httpUrl}api/admin/report-location`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.clock.newAdminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ member: 'ginny' }),
    })
    expect(await report.json()).toMatchObject({ listening: 1 })
    await asked
  })

  it('never repeats a malformed --device of `simulate`: it may be the password alone', async () => {
    const t = await startTestClock()
    const { code, output } = await simulate(t, ['--device', 'hunter22-the-password'])
    expect(code).toBe(1)
    expect(output).toMatch(/--device must be ID:PASSWORD/)
    expect(output).not.toContain('hunter22')
  })
})

/** Runs the built `weasley-clock simulate` against the test clock, as a user would; waits for it to end. */
async function simulate(t: TestClock, args: string[]): Promise<{ code: number; output: string }> {
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
      '--interval',
      '0',
      '--seed',
      '3',
      ...args,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  // A simulator that hangs (a test failing by its timeout) must not outlive the test.
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill()
  })
  let output = ''
  const collect = (d: Buffer) => {
    output += d.toString()
  }
  child.stdout.on('data', collect)
  child.stderr.on('data', collect)
  const [code] = (await once(child, 'exit')) as [number]
  return { code, output }
}
