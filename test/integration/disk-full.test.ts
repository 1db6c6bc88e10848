// A full disk (Raspberry Pi SD cards fill up) for the clock running as `serve` in its own process
// (see support/full-disk.ts). Messages are then refused (no PUBACK; the phone keeps them),
// nothing is acknowledged that was not committed, and the clock stays up. Killed while the disk is
// full and started again with room, it takes the phone's resent messages, and every location is in
// the history exactly once, in order.

import { writeFileSync } from 'node:fs'
import path from 'node:path'
import mqtt from 'mqtt'
import { describe, expect, it, onTestFinished, vi } from 'vitest'
import { serveConfig } from '../support/cli-process.js'
import { BASE_CONFIG, FAMILY, nextEvent, PASSWORDS, tempDir } from '../support/clock-harness.js'
import { fillDisk } from '../support/full-disk.js'
import { freePort } from '../support/mosquitto.js'
import { requireTool } from '../support/tools.js'

const PLACES = [
  { lat: 50.7376, lon: -3.2783, name: 'Home' },
  { lat: 56.8198, lon: -5.1052, name: 'School' },
]

describe('a full disk', () => {
  it.skipIf(process.platform !== 'linux' || !requireTool('prlimit'))(
    'refuses messages while writes fail, acknowledges only what it kept, and takes them when there is room',
    async () => {
      const dir = tempDir()
      const configFile = path.join(dir, 'weasley.config.json')
      writeFileSync(configFile, JSON.stringify(BASE_CONFIG))
      const mqttPort = await freePort()
      let serve = await serveConfig(dir, configFile, { mqttPort })
      const phone = mqtt.connect(`mqtt://127.0.0.1:${mqttPort}`, {
        clientId: 'ginny-phone',
        clean: false,
        username: 'ginny',
        password: PASSWORDS.ginny,
        reconnectPeriod: 100,
      })
      phone.on('error', () => undefined)
      onTestFinished(() => phone.endAsync(true))
      await nextEvent(phone, 'connect')
      let closes = 0
      phone.on('close', () => closes++)

      const firstTst = Math.floor(Date.now() / 1000) - 10_000
      let sent = 0
      const acked: number[] = []
      const publish = () => {
        const tst = firstTst + sent
        const place = PLACES[sent % PLACES.length] as (typeof PLACES)[number]
        sent++
        const payload = JSON.stringify({ _type: 'location', lat: place.lat, lon: place.lon, acc: 10, tst })
        return phone.publishAsync(`owntracks/${FAMILY}/ginny`, payload, { qos: 1 }).then(() => {
          acked.push(tst)
        })
      }
      for (let i = 0; i < 10; i++) await publish()

      fillDisk(serve.child.pid, path.join(dir, 'data'))
      // Until a commit fails: the connection of the message it was for is closed, without its PUBACK.
      const pending: Promise<void>[] = []
      while (closes === 0 && sent < 2_000) {
        const next = publish()
        pending.push(next)
        await Promise.race([next, nextEvent(phone, 'close')])
      }
      expect(closes, 'a commit failed and the phone was disconnected').toBeGreaterThan(0)
      // The phone comes back and sends what it has again, and is refused again, while the disk is full.
      await vi.waitFor(() => expect(closes).toBeGreaterThanOrEqual(3), { timeout: 10_000, interval: 20 })
      const ackedWhenFull = acked.length
      expect(ackedWhenFull).toBeLessThan(sent)
      expect(serve.child.exitCode).toBe(null)
      expect((await fetch(`${serve.httpUrl}api/state`)).status).toBe(200)

      expect(serve.output()).toMatch(/could not save state/)

      // Killed while the disk is full, and started again with room: the phone's resent messages, and
      // newer ones, are taken (one acknowledged without its commit would now be lost).
      serve.child.kill('SIGKILL')
      await serve.exited
      serve = await serveConfig(dir, configFile, { mqttPort })
      await vi.waitFor(() => expect(acked).toHaveLength(sent), { timeout: 10_000, interval: 20 })
      for (let i = 0; i < 5; i++) await publish()
      await Promise.all(pending)

      // The history has one move per location, in order: none lost, none twice.
      const history = (
        (await (await fetch(`${serve.httpUrl}api/history?member=ginny&limit=5000`)).json()) as {
          to: string
        }[]
      ).map((h) => h.to)
      expect(history.reverse()).toEqual(Array.from({ length: sent }, (_, i) => PLACES[i % 2]?.name))
      expect([...acked].sort((a, b) => a - b)).toEqual(Array.from({ length: sent }, (_, i) => firstTst + i))
    },
    60_000,
  )
})
