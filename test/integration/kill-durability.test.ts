// Acknowledged means kept: a phone with a persistent session publishes QoS 1 locations while the
// service is killed with SIGKILL at seeded-random points and restarted, many times (some among the
// first messages after a restart, and twice while an instance starts up). The phone resends
// whatever was not acknowledged, as the apps do, so locations reach the clock twice when they were
// committed but their PUBACK died with the process; one kill makes sure of that: a proxy holds the
// PUBACKs and drops the connection with them. Afterwards every location is in the state and the history exactly once: an acknowledged
// one that was lost would never be sent again and would be missing, a redelivered one applied twice
// would add a row.

import { once } from 'node:events'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import mqtt from 'mqtt'
import { describe, expect, it, onTestFinished, vi } from 'vitest'
import { SEGMENT_BATCH_BYTES } from '../../src/adapters/sqlite/journal-segments.js'
import { readJournal } from '../../src/adapters/sqlite/sqlite-store.js'
import type { ClockView } from '../../src/core/clock-view.js'
import { seededRandom } from '../../src/core/simulation.js'
import { serveArgs, serveConfig, spawnServe } from '../support/cli-process.js'
import { BASE_CONFIG, FAMILY, PASSWORDS, tempDir } from '../support/clock-harness.js'
import { startCutProxy } from '../support/cut-proxy.js'
import { freePort } from '../support/mosquitto.js'

const KILLS = 10
const TOTAL = 600
const WINDOW = 5
const SEED = 6
/** This kill comes once the clock has committed the messages in flight, whose PUBACKs a proxy holds. */
const HELD_ACKS_KILL = 4
/** After these, the next instance is killed while it starts up, before it says it is ready. */
const STARTUP_KILLS = new Set([2, 7])
/** These come within the first acknowledgements after a restart, among the phone's redeliveries. */
const EARLY_KILLS = new Set([1, 5, 8])

describe('kill -9 while phones publish', () => {
  it('keeps every acknowledged QoS 1 message, and applies a redelivered one once', async () => {
    const dir = tempDir()
    const configFile = path.join(dir, 'weasley.config.json')
    writeFileSync(configFile, JSON.stringify(BASE_CONFIG))
    const mqttPort = await freePort()
    const random = seededRandom(SEED)
    const places = [
      { lat: 50.7376, lon: -3.2783, name: 'Home' },
      { lat: 56.8198, lon: -5.1052, name: 'School' },
    ]
    const firstTst = Math.floor(Date.now() / 1000) - 10_000

    let serve = await serveConfig(dir, configFile, { mqttPort })
    const proxy = await startCutProxy(mqttPort)
    onTestFinished(() => proxy.close())
    // One phone for the whole test: a persistent session, reconnecting on its own like the app.
    const phone = mqtt.connect(`mqtt://127.0.0.1:${proxy.port}`, {
      clientId: 'ginny-phone',
      clean: false,
      username: 'ginny',
      password: PASSWORDS.ginny,
      reconnectPeriod: 50,
    })
    phone.on('error', () => undefined)
    onTestFinished(() => phone.endAsync(true))

    const acked = new Set<number>()
    let published = 0
    let onAck = (): void => undefined
    // A window of messages in flight: the kills find messages unsent, sent but not committed, and
    // committed but not acknowledged.
    /** While an instance is started to be killed, the phone sends nothing new (it would race ahead). */
    let held = 0
    let holding = false
    const publishNext = (): void => {
      if (holding) {
        held++
        return
      }
      if (published >= TOTAL) return
      const tst = firstTst + published
      const place = places[published % places.length] as (typeof places)[number]
      published++
      const payload = JSON.stringify({
        _type: 'location',
        lat: place.lat,
        lon: place.lon,
        acc: 10,
        tid: 'GW',
        tst,
        // Past the size at which a commit's journal batch goes to a segment file rather than its row
        // (journal-segments.ts), so the kills land between those files' writes and SQLite's commits too.
        note: 'x'.repeat(SEGMENT_BATCH_BYTES),
      })
      send(tst, payload, 1)
    }
    // mqtt.js gives up (with "Connection closed") on what was published while it was resending its
    // session after a reconnect, if that connection dies too; the app would keep it queued, so it is
    // published again at once, before anything newer.
    const failed: string[] = []
    const send = (tst: number, payload: string, attempt: number): void => {
      phone.publishAsync(`owntracks/${FAMILY}/ginny`, payload, { qos: 1 }).then(
        () => {
          acked.add(tst)
          onAck()
          publishNext()
        },
        (error: Error) => {
          if (attempt < 20) send(tst, payload, attempt + 1)
          else failed.push(`tst ${tst - firstTst}: ${error.message}`)
        },
      )
    }
    for (let i = 0; i < WINDOW; i++) publishNext()

    const applied = async () =>
      ((await (await fetch(`${serve.httpUrl}api/history?member=ginny&limit=1000`)).json()) as unknown[])
        .length
    let heldAcks = 0
    for (let kill = 0; kill < KILLS; kill++) {
      if (kill === HELD_ACKS_KILL) {
        // Once the phone is back and publishing to this instance:
        const resumedAt = acked.size
        await vi.waitFor(() => expect(acked.size).toBeGreaterThan(resumedAt + 10), {
          timeout: 10_000,
          interval: 5,
        })
        proxy.cut('to-client')
        heldAcks = published - acked.size
        // Every location sent so far is in the clock (one move each), none of the last ones acknowledged.
        await vi.waitFor(async () => expect(await applied()).toBe(published), {
          timeout: 5_000,
          interval: 10,
        })
        // The connection dies with the held PUBACKs, and so does the clock.
        proxy.drop()
        serve.child.kill('SIGKILL')
        await serve.exited
        serve = await serveConfig(dir, configFile, { mqttPort })
        proxy.heal()
        continue
      }
      // Killed after a seeded-random number of acknowledgements, and a random 0–3 ms after that one.
      const killAfter =
        acked.size + (EARLY_KILLS.has(kill) ? 1 + Math.floor(random() * 3) : 5 + Math.floor(random() * 40))
      const delayMs = Math.floor(random() * 4)
      await new Promise<void>((resolve) => {
        onAck = () => {
          if (acked.size < killAfter) return
          onAck = () => undefined
          setTimeout(() => {
            serve.child.kill('SIGKILL')
            resolve()
          }, delayMs)
        }
      })
      await serve.exited
      if (STARTUP_KILLS.has(kill)) {
        // Opening the database, catching up on its log, starting the broker, or just after.
        holding = true
        const starting = spawnServe(serveArgs(dir, configFile, { mqttPort }))
        const startupKillMs = Math.floor(random() * 400)
        setTimeout(() => starting.kill('SIGKILL'), startupKillMs)
        await once(starting, 'exit')
      }
      serve = await serveConfig(dir, configFile, { mqttPort })
      if (holding) {
        holding = false
        for (; held > 0; held--) publishNext()
      }
    }
    onAck = () => undefined
    await vi.waitFor(
      () => {
        expect(failed).toEqual([])
        expect(acked.size).toBe(TOTAL)
      },
      { timeout: 20_000, interval: 20 },
    )

    // Exactly once in the history: one move per location (each goes to the other place), in tst order.
    const history = (await (await fetch(`${serve.httpUrl}api/history?member=ginny&limit=1000`)).json()) as {
      to: string
    }[]
    const expected = Array.from({ length: TOTAL }, (_, i) => places[i % places.length]?.name)
    expect(history.map((h) => h.to).reverse(), `seed ${SEED}`).toEqual(expected)
    const view = (await (await fetch(`${serve.httpUrl}api/state`)).json()) as ClockView
    expect(view.members.find((m) => m.id === 'ginny')?.place).toBe(expected.at(-1))

    // The journal, a log of what arrived, has every location, and the redeliveries the kills caused.
    serve.child.kill('SIGKILL')
    await serve.exited
    const db = new Database(path.join(dir, 'data', 'weasley.db'), { readonly: true })
    onTestFinished(() => {
      db.close()
    })
    expect(db.prepare('SELECT count(*) FROM journal_batch WHERE segment IS NULL').pluck().get()).toBe(0)
    const journaled = readJournal(db, { limit: 100_000 })
      .reverse()
      .filter((e) => e.topic === `owntracks/${FAMILY}/ginny` && e.outcome === 'accepted')
      .map((e) => (JSON.parse(Buffer.from(e.payload).toString()) as { tst: number }).tst)
    expect(new Set(journaled).size).toBe(TOTAL)
    expect(heldAcks).toBeGreaterThan(0)
    expect(journaled.length - TOTAL, 'the held ones, at least, came twice').toBeGreaterThanOrEqual(heldAcks)
  }, 90_000)
})
