// A renewed certificate (Let's Encrypt renews files in place) is picked up without a restart: new
// connections get it, connected phones stay connected, and a broken pair is refused.

import { copyFileSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
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
