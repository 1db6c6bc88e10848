// 20 network cuts between a phone and the embedded broker: every QoS 1 location published during a
// cut arrives once the network heals, and the hand never goes back to an older place.

import mqtt from 'mqtt'
import { describe, expect, it, onTestFinished, vi } from 'vitest'
import { FAMILY, PASSWORDS, startTestClock } from '../support/clock-harness.js'
import { startCutProxy } from '../support/cut-proxy.js'

const CYCLES = 20
const DURING_CUT = 3

describe('network cuts', () => {
  it('lose no acknowledged location and never move a hand backwards', async () => {
    const t = await startTestClock()
    if (t.clock.broker.kind !== 'embedded') throw new Error('embedded broker expected')
    const proxy = await startCutProxy(t.clock.broker.mqttPort)
    onTestFinished(() => proxy.close())
    const phone = await mqtt.connectAsync(`mqtt://127.0.0.1:${proxy.port}`, {
      username: 'ginny',
      password: PASSWORDS.ginny,
      reconnectPeriod: 0,
      keepalive: 60,
    })
    onTestFinished(() => phone.endAsync(true))

    const places = ['Home', 'Work', 'School'] as const
    const at = { Home: [50.7376, -3.2783], Work: [51.5007, -0.1246], School: [56.8198, -5.1052] } as const
    let tst = Math.floor(Date.now() / 1000) - 10_000
    const sent: number[] = []
    const seen: string[] = []
    const poll = setInterval(() => {
      void t.member('ginny').then(
        (m) => seen.push(m.place),
        () => undefined,
      )
    }, 5)
    onTestFinished(() => clearInterval(poll))

    for (let cycle = 0; cycle < CYCLES; cycle++) {
      proxy.cut()
      const acks: Promise<unknown>[] = []
      for (let i = 0; i < DURING_CUT; i++) {
        tst += 1
        const place = places[(cycle * DURING_CUT + i) % places.length] ?? 'Home'
        const [lat, lon] = at[place]
        sent.push(tst)
        acks.push(
          phone.publishAsync(
            `owntracks/${FAMILY}/ginny`,
            JSON.stringify({ _type: 'location', lat, lon, acc: 10, tid: 'GW', tst }),
            { qos: 1 },
          ),
        )
      }
      proxy.heal()
      await Promise.all(acks)
    }

    const last = places[(CYCLES * DURING_CUT - 1) % places.length]
    await vi.waitFor(async () => expect((await t.member('ginny')).place).toBe(last), {
      timeout: 5_000,
      interval: 20,
    })
    const stats = (await (await fetch(`${t.clock.httpUrl}api/stats`)).json()) as {
      accepted: number
      rejected: number
    }
    expect(stats.accepted).toBe(sent.length)
    expect(stats.rejected).toBe(0)
    // Every location moved the hand one step along the order it was sent in: none applied out of order.
    const history = (await (await fetch(`${t.clock.httpUrl}api/history?member=ginny&limit=1000`)).json()) as {
      to: string
    }[]
    const expected = sent.map((_, i) => places[i % places.length])
    expect(history.map((h) => h.to).reverse()).toEqual(expected)
  }, 60_000)
})
