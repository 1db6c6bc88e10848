// Acknowledged means kept: a phone publishes QoS 1 locations while the service is killed with SIGKILL
// at arbitrary points and restarted; every message that got a PUBACK is in the journal afterwards,
// and the clock never shows an older place than the newest acknowledged one.

import { writeFileSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import mqtt from 'mqtt'
import { describe, expect, it, onTestFinished } from 'vitest'
import { unpackJournal } from '../../src/adapters/sqlite/journal-pack.js'
import type { ClockView } from '../../src/core/clock-view.js'
import { serveConfig } from '../support/cli-process.js'
import { BASE_CONFIG, FAMILY, PASSWORDS, tempDir } from '../support/clock-harness.js'
import { freePort } from '../support/mosquitto.js'

const CYCLES = 4
const PER_CYCLE = 60

describe('kill -9 while phones publish', () => {
  it('keeps every acknowledged QoS 1 message', async () => {
    const dir = tempDir()
    const configFile = path.join(dir, 'weasley.config.json')
    writeFileSync(configFile, JSON.stringify(BASE_CONFIG))
    const mqttPort = await freePort()
    const acked = new Set<number>()
    let tst = Math.floor(Date.now() / 1000) - 10_000
    let lastAckedPlace = ''

    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const serve = await serveConfig(dir, configFile, { mqttPort })
      const phone = await mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`, {
        username: 'ginny',
        password: PASSWORDS.ginny,
        reconnectPeriod: 0,
      })
      phone.on('error', () => undefined)
      // A window of five messages in flight; the service is killed after some acknowledgements, so
      // messages are cut off at every stage: unsent, sent but not committed, committed but not acked.
      const killAfter = 10 + ((cycle * 17) % (PER_CYCLE - 20))
      let ackedThisCycle = 0
      let next = 0
      const publishNext = (): void => {
        if (next >= PER_CYCLE || serve.child.exitCode !== null) return
        next++
        tst += 1
        const sent = tst
        const place =
          sent % 2 === 0
            ? { lat: 50.7376, lon: -3.2783, name: 'Home' }
            : { lat: 56.8198, lon: -5.1052, name: 'School' }
        const payload = JSON.stringify({
          _type: 'location',
          lat: place.lat,
          lon: place.lon,
          acc: 10,
          tid: 'GW',
          tst: sent,
        })
        phone.publishAsync(`owntracks/${FAMILY}/ginny`, payload, { qos: 1 }).then(
          () => {
            acked.add(sent)
            if (sent === Math.max(...acked)) lastAckedPlace = place.name
            if (++ackedThisCycle === killAfter) serve.child.kill('SIGKILL')
            else publishNext()
          },
          () => undefined,
        )
      }
      for (let i = 0; i < 5; i++) publishNext()
      await serve.exited
      // Unacknowledged publishes stay pending in mqtt.js once the broker is gone: they are not awaited.
      phone.end(true)
    }

    // Every acknowledged tst is in the journal, exactly once.
    const db = new Database(path.join(dir, 'data', 'weasley.db'), { readonly: true })
    onTestFinished(() => {
      db.close()
    })
    const rows = db.prepare('SELECT packed FROM journal_batch ORDER BY id').all() as { packed: Buffer }[]
    const journaled = rows
      .flatMap((r) => unpackJournal(r.packed))
      .filter((e) => e.topic === `owntracks/${FAMILY}/ginny` && e.outcome === 'accepted')
      .map((e) => (JSON.parse(Buffer.from(e.payload).toString()) as { tst: number }).tst)
    expect(acked.size).toBeGreaterThan(CYCLES * 5)
    expect(acked.size, 'each kill should cut some messages off').toBeLessThan(CYCLES * PER_CYCLE)
    for (const t of acked) expect(journaled.filter((j) => j === t)).toHaveLength(1)

    // And after one more restart the hand is at the newest acknowledged place (or a newer unacknowledged one).
    const serve = await serveConfig(dir, configFile, { mqttPort })
    const view = (await (await fetch(`${serve.httpUrl}api/state`)).json()) as ClockView
    const newestJournaled = Math.max(...journaled)
    const expected =
      newestJournaled === Math.max(...acked) ? lastAckedPlace : newestJournaled % 2 === 0 ? 'Home' : 'School'
    expect(view.members.find((m) => m.id === 'ginny')?.place).toBe(expected)
  }, 60_000)
})
