// A renewed certificate (Let's Encrypt renews files in place) is picked up without a restart: new
// connections get it, connected phones stay connected, and a broken pair is refused.

import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { connect as connectTls } from 'node:tls'
import { describe, expect, it, vi } from 'vitest'
import { ensureCertificates } from '../../src/adapters/tls/certificates.js'
import { aLocation } from '../builders.js'
import { FAMILY, json, startTestClock, tempDir } from '../support/clock-harness.js'

describe('the embedded broker with the user’s own certificate', () => {
  it('serves a renewed certificate to new connections without dropping connected phones', async () => {
    const dir = tempDir()
    const first = ensureCertificates(path.join(dir, 'first'), ['localhost'])
    const second = ensureCertificates(path.join(dir, 'second'), ['localhost'])
    const certFile = path.join(dir, 'fullchain.pem')
    const keyFile = path.join(dir, 'privkey.pem')
    copyFileSync(first.certFile, certFile)
    copyFileSync(first.keyFile, keyFile)
    const t = await startTestClock({
      extra: { broker: { certFile, keyFile, clockPassword: 'clock-password-1' } },
      start: { certCheckIntervalMs: 50 },
    })

    const connected = await t.phone('ginny', { ca: readFileSync(first.caCertFile) })
    // Renewal: key first, then certificate, as certbot's deploy does it; the half-way pair must not be used.
    copyFileSync(second.keyFile, keyFile)
    copyFileSync(second.certFile, certFile)
    await vi.waitFor(
      () => expect(t.logs.some((l) => l.includes('reloaded the TLS certificate'))).toBe(true),
      { timeout: 5_000, interval: 20 },
    )

    const renewed = await t.phone('ron', { ca: readFileSync(second.caCertFile) })
    await renewed.endAsync()
    await expect(t.phone('molly', { ca: readFileSync(first.caCertFile) })).rejects.toThrow(
      /certificate|self[- ]signed/i,
    )
    await connected.publishAsync(
      `owntracks/${FAMILY}/ginny`,
      json(aLocation({ lat: 51.5007, lon: -0.1246, tst: Math.floor(Date.now() / 1000) })),
      { qos: 1 },
    )
    expect((await t.member('ginny')).place).toBe('Work')

    writeFileSync(certFile, 'not a certificate')
    await vi.waitFor(
      () => expect(t.logs.some((l) => l.includes('kept the current TLS certificate'))).toBe(true),
      { timeout: 5_000, interval: 20 },
    )
    const still = await t.phone('molly', { ca: readFileSync(second.caCertFile) })
    await still.endAsync()
  })
})

describe('the embedded broker with a certificate from the clock’s own CA', () => {
  it('issues a new one while running when it is due, from the same CA, and none once the CA is gone', async () => {
    const t = await startTestClock({ start: { certCheckIntervalMs: 50 } })
    if (t.clock.broker.kind !== 'embedded') throw new Error('embedded')
    const port = t.clock.broker.mqttsPort
    const serial = () =>
      new Promise<string>((resolve, reject) => {
        const socket = connectTls({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
          resolve(socket.getPeerCertificate().serialNumber)
          socket.destroy()
        })
        socket.on('error', reject)
      })
    const before = await serial()
    // Due (it is re-issued a month before it expires): here, gone.
    rmSync(path.join(t.dataDir, 'tls', 'server.crt'))
    await vi.waitFor(
      () => expect(t.logs.some((l) => l.includes('issued a new TLS certificate'))).toBe(true),
      { timeout: 5_000, interval: 20 },
    )
    expect(await serial()).not.toBe(before)
    // Phones that trust the CA connect as before.
    const ginny = await t.phone('ginny')
    await ginny.endAsync()

    rmSync(path.join(t.dataDir, 'tls', 'ca.key'))
    await vi.waitFor(() => expect(t.logs.some((l) => l.includes('CA is gone'))).toBe(true), {
      timeout: 5_000,
      interval: 20,
    })
    // And nothing re-issued from a CA phones do not know.
    expect(t.logs.filter((l) => l.includes('issued a new TLS certificate'))).toHaveLength(1)
  })
})
