// An external broker that accepts the clock's login but refuses its subscription (an ACL that does not
// let the account read the family): the clock says so where monitoring looks.

import { type AddressInfo, createServer } from 'node:net'
import path from 'node:path'
import { Aedes } from 'aedes'
import { describe, expect, it, onTestFinished, vi } from 'vitest'
import { parseConfig } from '../../src/adapters/config/load-config.js'
import { silentLogger } from '../../src/adapters/log/logger.js'
import { startClock } from '../../src/app/start-clock.js'
import { BASE_CONFIG, tempDir, WEB_ROOT } from '../support/clock-harness.js'

describe('an external broker refusing the family subscription', () => {
  it('reports the clock unhealthy, naming the refusal', async () => {
    const aedes = await Aedes.createBroker({
      // No error, no subscription: refused with return code 128, the connection kept.
      authorizeSubscribe: (_client, _subscription, done) => done(null, null),
    })
    const server = createServer((socket) => aedes.handle(socket))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    onTestFinished(async () => {
      server.close()
      await new Promise<void>((resolve) => aedes.close(() => resolve()))
    })
    const url = `mqtt://127.0.0.1:${(server.address() as AddressInfo).port}`
    const config = parseConfig(
      { ...BASE_CONFIG, broker: { url } },
      { dataDir: path.join(tempDir(), 'data'), httpPort: 0 },
    )
    const clock = await startClock(config, { logger: silentLogger, webRoot: WEB_ROOT })
    onTestFinished(() => clock.close())
    await vi.waitFor(async () => {
      const health = await fetch(`${clock.httpUrl}healthz`)
      expect(health.status).toBe(503)
      expect(((await health.json()) as { broker: { lastError: string } }).broker.lastError).toMatch(
        /refused the subscription/,
      )
    })
  })
})
