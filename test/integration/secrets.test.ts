// No configured secret ever appears in what the service prints (at debug level) or in its API,
// across a run with good and bad logins, encrypted traffic, an external-broker error and the setup API.

import { readFileSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import mqtt from 'mqtt'
import { describe, expect, it } from 'vitest'
import { keyFromSecret, seal } from '../../src/adapters/crypto/owntracks-crypto.js'
import { aLocation } from '../builders.js'
import { serveConfig } from '../support/cli-process.js'
import { BASE_CONFIG, FAMILY, json, tempDir } from '../support/clock-harness.js'

const SECRETS = {
  ginny: 'ginny-SECRET-pw-41',
  ron: 'ron-SECRET-pw-42',
  molly: 'molly-SECRET-pw-43',
  clock: 'clock-SECRET-pw-44',
  familyKey: 'family-SECRET-key-45',
  ronKey: 'ron-SECRET-key-46',
}

describe('secrets', () => {
  it('never show up in the output or the API', async () => {
    const dir = tempDir()
    const configFile = path.join(dir, 'weasley.config.json')
    writeFileSync(
      configFile,
      JSON.stringify({
        ...BASE_CONFIG,
        members: [
          { name: 'Molly', devices: [{ id: 'molly', password: SECRETS.molly }] },
          { name: 'Ginny', devices: [{ id: 'ginny', password: SECRETS.ginny }] },
          { name: 'Ron', devices: [{ id: 'ron', password: SECRETS.ron, encryptionKey: SECRETS.ronKey }] },
        ],
        broker: { clockPassword: SECRETS.clock },
        encryptionKey: SECRETS.familyKey,
      }),
    )
    const serve = await serveConfig(dir, configFile, { extraArgs: ['--debug'] })
    const ca = readFileSync(path.join(dir, 'data', 'tls', 'ca.crt'))
    const url = `mqtts://localhost:${serve.mqttsPort}`
    // Not a terminal (a service manager's log): the admin token is only in its file.
    const tokenFile = path.join(dir, 'data', 'admin-token.txt')
    expect(serve.output()).toContain(`admin token in ${tokenFile}, readable only by you`)
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600)
    const token = readFileSync(tokenFile, 'utf8').trim()

    // Good and bad logins, plain and encrypted traffic, a garbage payload.
    const ginny = await mqtt.connectAsync(url, {
      username: 'ginny',
      password: SECRETS.ginny,
      ca,
      reconnectPeriod: 0,
    })
    await ginny.publishAsync(
      `owntracks/${FAMILY}/ginny`,
      json(aLocation({ tst: Math.floor(Date.now() / 1000) })),
      { qos: 1 },
    )
    await ginny.publishAsync(`owntracks/${FAMILY}/ginny`, `garbage ${SECRETS.ginny}`, { qos: 1 })
    await ginny.endAsync()
    for (const password of [SECRETS.ron, SECRETS.clock, SECRETS.familyKey]) {
      await mqtt.connectAsync(url, { username: 'ginny', password, ca, reconnectPeriod: 0 }).then(
        (c) => c.endAsync(),
        () => undefined,
      )
    }
    const ron = await mqtt.connectAsync(url, {
      username: 'ron',
      password: SECRETS.ron,
      ca,
      reconnectPeriod: 0,
    })
    const sealed = seal(
      new TextEncoder().encode(json(aLocation({ tst: Math.floor(Date.now() / 1000) }))),
      keyFromSecret(SECRETS.ronKey),
    )
    await ron.publishAsync(`owntracks/${FAMILY}/ron`, json({ _type: 'encrypted', data: sealed }), { qos: 1 })
    await ron.publishAsync(`owntracks/${FAMILY}/ron`, json({ _type: 'encrypted', data: 'AAAA' }), { qos: 1 })
    await ron.endAsync()

    const api: string[] = []
    for (const p of ['api/state', 'api/stats', 'api/history', 'healthz', 'api/admin/members']) {
      const res = await fetch(`${serve.httpUrl}${p}`, { headers: { authorization: `Bearer ${token}` } })
      api.push(await res.text())
    }
    serve.child.kill('SIGTERM')
    await serve.exited

    const printed = serve.output()
    expect(printed).toContain('refused login for user "ginny"') // the bad logins were seen and logged…
    for (const [name, secret] of Object.entries(SECRETS)) {
      expect(printed, `${name} in the output`).not.toContain(secret) // …without their passwords
      for (const body of api) expect(body, `${name} in the API`).not.toContain(secret)
    }
    // The token works (the members list came back) and was never printed.
    expect(JSON.parse(api[4] ?? '')).toHaveLength(3)
    expect(printed).not.toContain(token)
  })
})
