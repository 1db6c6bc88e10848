// A browser that stops reading the live stream is dropped once its backlog passes a bound (256 KiB
// beyond what the kernel buffers); it holds no more memory than that, and the others keep up all the
// while, before it is dropped as after.

import { connect } from 'node:net'
import { describe, expect, it, vi } from 'vitest'
import { aLocation } from '../builders.js'
import { BASE_CONFIG, FAMILY, json, nextEvent, startTestClock } from '../support/clock-harness.js'

// A big family makes every view ~12 KB, so a stalled reader's backlog outgrows the kernel's buffers fast.
const members = [
  ...BASE_CONFIG.members,
  ...Array.from({ length: 80 }, (_, i) => ({ name: `Cousin ${i}`, devices: [`cousin-${i}`] })),
]

describe('a slow web client', () => {
  it('is disconnected at the backlog bound while a reading client stays current', async () => {
    const t = await startTestClock({ extra: { members } })
    const url = new URL(t.clock.httpUrl)
    const slow = connect(Number(url.port), url.hostname)
    await nextEvent(slow, 'connect')
    slow.write(`GET /api/events HTTP/1.1\r\nHost: ${url.host}\r\n\r\n`)
    slow.pause() // asks for the stream, then never reads a byte
    slow.on('error', () => undefined)
    // A paused socket never reports its close, so the server's count of live clients tells.
    const liveClients = async () =>
      ((await (await fetch(`${t.clock.httpUrl}api/stats`)).json()) as { liveWebClients: number })
        .liveWebClients
    await vi.waitFor(async () => expect(await liveClients()).toBe(1), { timeout: 5_000, interval: 20 })

    const controller = new AbortController()
    const res = await fetch(`${t.clock.httpUrl}api/events`, { signal: controller.signal })
    const reader = res.body?.getReader()
    let tail = ''
    const reading = (async () => {
      const decoder = new TextDecoder()
      for (;;) {
        const chunk = await reader?.read()
        if (!chunk || chunk.done) return
        tail = (tail + decoder.decode(chunk.value)).slice(-40_000)
      }
    })().catch(() => undefined)

    await vi.waitFor(async () => expect(await liveClients()).toBe(2), { timeout: 5_000, interval: 20 })
    const ron = await t.phone('ron')
    let tst = Math.floor(Date.now() / 1000) - 100_000
    let live = 2
    // Every 50th message carries a battery level of its own, which the reading client must be shown
    // before more are sent: it keeps up while the stalled one is still connected, not only afterwards.
    let currentWhileStalled = 0
    for (let i = 0; i < 3_000 && live === 2; i++) {
      tst += 1
      const at = i % 2 === 0 ? { lat: 50.7376, lon: -3.2783 } : { lat: 51.5007, lon: -0.1246 }
      const checkpoint = i % 50 === 49
      const batt = checkpoint ? 1 + (((i - 49) / 50) % 99) : 100
      await ron.publishAsync(`owntracks/${FAMILY}/ron`, json(aLocation({ ...at, tst, batt })), { qos: 1 })
      if (!checkpoint) continue
      await vi.waitFor(() => expect(tail).toMatch(new RegExp(`"id":"ron"[^}]*"batteryPercent":${batt}\\b`)), {
        timeout: 5_000,
        interval: 5,
      })
      live = await liveClients()
      if (live === 2) currentWhileStalled++
    }
    expect(live).toBe(1)
    expect(currentWhileStalled, 'checks while the stalled client was connected').toBeGreaterThan(0)

    await ron.publishAsync(
      `owntracks/${FAMILY}/ron`,
      json(aLocation({ lat: 56.8198, lon: -5.1052, tst: tst + 1 })),
      { qos: 1 },
    )
    await vi.waitFor(() => expect(tail).toMatch(/"id":"ron","name":"Ron","color":"[^"]+","place":"School"/), {
      timeout: 5_000,
      interval: 20,
    })
    controller.abort()
    await reading
  }, 60_000)
})
