// 20 network cuts between a phone and the embedded broker, with the sockets left open: every QoS 1
// location published during a cut arrives once the network heals, in the order of its tst, and the
// hand never goes back to an older place. Some cuts outlast the keepalive, so the broker drops the
// phone and the phone comes back with its session; in one, only the broker's replies are held, so
// the phone sends locations the clock already has again (DUP), and they must change nothing. The
// places the clock shows are watched as it shows them, as well as read from the history afterwards.

import mqtt from 'mqtt'
import { describe, expect, it, onTestFinished, vi } from 'vitest'
import { FAMILY, nextEvent, PASSWORDS, startTestClock } from '../support/clock-harness.js'
import { startCutProxy } from '../support/cut-proxy.js'

const CYCLES = 20
const DURING_CUT = 3
const KEEPALIVE_SECONDS = 1
const LONG_CUTS = new Set([6, 13])
const REPLIES_CUT = 17

describe('network cuts', () => {
  it('lose no acknowledged location and never move a hand backwards', async () => {
    const t = await startTestClock()
    if (t.clock.broker.kind !== 'embedded') throw new Error('embedded broker expected')
    const proxy = await startCutProxy(t.clock.broker.mqttPort)
    onTestFinished(() => proxy.close())
    const phone = mqtt.connect(`mqtt://127.0.0.1:${proxy.port}`, {
      clientId: 'ginny-phone',
      clean: false,
      username: 'ginny',
      password: PASSWORDS.ginny,
      keepalive: KEEPALIVE_SECONDS,
      reconnectPeriod: 100,
    })
    phone.on('error', () => undefined)
    onTestFinished(() => phone.endAsync(true))
    let connects = 0
    phone.on('connect', () => connects++)
    // What the clock shows, as it shows it: after each commit, Ginny's moves in it and where her hand
    // then points, which must be where the newest of them took it.
    const moves: string[] = []
    const mismatches: string[] = []
    t.clock.pipeline.addOutput({
      show(view, changes) {
        const hers = changes.filter((c) => c.memberId === 'ginny').map((c) => c.to)
        const newest = hers.at(-1)
        if (!newest) return
        moves.push(...hers.map((w) => (w.kind === 'at-place' ? w.place : w.kind)))
        const place = view.members.find((m) => m.id === 'ginny')?.place
        if (newest.kind !== 'at-place' || place !== newest.place)
          mismatches.push(`${place} after ${moves.at(-1)}`)
      },
    })
    await nextEvent(phone, 'connect')

    const accepted = async () =>
      ((await (await fetch(`${t.clock.httpUrl}api/stats`)).json()) as { accepted: number }).accepted
    const places = ['Home', 'Work', 'School'] as const
    const at = { Home: [50.7376, -3.2783], Work: [51.5007, -0.1246], School: [56.8198, -5.1052] } as const
    let tst = Math.floor(Date.now() / 1000) - 10_000
    const sent: number[] = []

    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const direction = cycle === REPLIES_CUT ? 'to-client' : 'both'
      const before = await accepted()
      proxy.cut(direction)
      const acks: Promise<unknown>[] = []
      for (let i = 0; i < DURING_CUT; i++) {
        tst += 1
        const [lat, lon] = at[places[sent.length % places.length] ?? 'Home']
        sent.push(tst)
        const payload = JSON.stringify({ _type: 'location', lat, lon, acc: 10, tid: 'GW', tst })
        acks.push(phone.publishAsync(`owntracks/${FAMILY}/ginny`, payload, { qos: 1 }))
      }
      // Cuts of 20–120 ms, and a few that last until the phone has given the connection up; what the
      // network held for that connection is then lost with it.
      if (LONG_CUTS.has(cycle) || cycle === REPLIES_CUT) {
        await nextEvent(phone, 'close')
        proxy.drop()
      } else await new Promise((resolve) => setTimeout(resolve, 20 + ((cycle * 37) % 100)))
      if (direction === 'both') {
        expect(await accepted(), `cycle ${cycle}: nothing may get through a cut`).toBe(before)
      } else {
        expect(await accepted(), 'the locations reach the clock; only their PUBACKs are held').toBe(
          before + DURING_CUT,
        )
      }
      proxy.heal()
      await Promise.all(acks)
      if (direction === 'to-client') {
        // The phone never saw the PUBACKs, so it sent all three again after reconnecting.
        await vi.waitFor(async () => expect(await accepted()).toBe(before + 2 * DURING_CUT))
      }
    }

    const last = places[(sent.length - 1) % places.length]
    await vi.waitFor(async () => expect((await t.member('ginny')).place).toBe(last), {
      timeout: 5_000,
      interval: 20,
    })
    const stats = (await (await fetch(`${t.clock.httpUrl}api/stats`)).json()) as {
      accepted: number
      rejected: number
    }
    // Each location once, plus the three the phone sent twice; and it came back after every long cut.
    expect(stats.accepted).toBe(sent.length + DURING_CUT)
    expect(connects).toBe(1 + LONG_CUTS.size + 1)
    expect(stats.rejected).toBe(0)
    // Every change of the shown place is a history row, written in the same commit: the history is
    // exactly one move per location, in the order of tst. A location applied twice, out of order, or
    // an older place shown after a newer one would add, drop or reorder a row.
    const history = (await (await fetch(`${t.clock.httpUrl}api/history?member=ginny&limit=1000`)).json()) as {
      to: string
    }[]
    const expected = sent.map((_, i) => places[i % places.length])
    expect(history.map((h) => h.to).reverse()).toEqual(expected)
    // And as the clock showed it while it happened: every place in turn, the hand always on the newest.
    expect(moves).toEqual(expected)
    expect(mismatches).toEqual([])
  }, 60_000)
})
