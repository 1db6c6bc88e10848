import { describe, expect, it, vi } from 'vitest'
import { clockOn, startPlainBroker, startSilentBroker } from '../../../test/support/external-clock.js'

const HOUR_MS = 3_600_000
const quick = { initialMs: 20, maxMs: 40 }

/** How many times the clock has given up on a connection (each close schedules the next attempt). */
const retries = (logs: string[]) => logs.filter((l) => l.includes('reconnecting to')).length

describe('what the clock says about an external broker that will not have it', () => {
  it.each([
    ['aws-iot', /policy allows iot:Connect for client id "clock-aws".*certificate is active and attached/],
    ['losant', /client id "clock-aws" must be the id of a device registered in the Losant application/],
    ['mosquitto', /check the broker's log/],
  ] as const)(
    'says once, with a hint for %s, that the broker hung up on the login',
    async (profile, hint) => {
      const silent = await startSilentBroker()
      const clock = clockOn(silent.url, { clientId: 'clock-aws', profile, backoff: quick })
      await vi.waitFor(() => expect(retries(clock.logs)).toBeGreaterThanOrEqual(3))
      const errors = clock.logged('ERROR')
      expect(errors).toHaveLength(1)
      expect(errors[0]).toContain(`${silent.url} closed the connection without answering the login`)
      expect(errors[0]).toMatch(hint)
      const lastError = clock.broker.connection().lastError ?? ''
      expect(errors[0]).toContain(lastError)
      expect(lastError).toMatch(hint)
    },
  )

  it('says the same failure again once an hour while it lasts', async () => {
    const silent = await startSilentBroker()
    let nowMs = 0
    const clock = clockOn(silent.url, { clientId: 'clock-hour', backoff: quick, now: () => nowMs })
    await vi.waitFor(() => expect(retries(clock.logs)).toBeGreaterThanOrEqual(2))
    expect(clock.logged('ERROR')).toHaveLength(1)
    nowMs += HOUR_MS
    await vi.waitFor(() => expect(clock.logged('ERROR')).toHaveLength(2))
  })

  it('warns once about a refused login, and once that an established connection was lost', async () => {
    let allowed = true
    const plain = await startPlainBroker({
      authenticate: (_client, _username, _password, done) => {
        const refusal = Object.assign(new Error('bad password'), { returnCode: 4 as const })
        if (allowed) done(null, true)
        else done(refusal, false)
      },
    })
    const clock = clockOn(plain.url, { clientId: 'clock-refused-login', backoff: quick })
    await clock.firstSubscribe
    // The password is changed on the broker, and the clock's connection dropped.
    allowed = false
    plain.clients['clock-refused-login']?.conn.destroy()
    await vi.waitFor(() => expect(retries(clock.logs)).toBeGreaterThanOrEqual(4))
    expect(clock.logged('INFO').filter((l) => l.includes('lost'))).toEqual([
      expect.stringContaining(`lost the connection to ${plain.url}`),
    ])
    expect(clock.logged('WARN')).toEqual([expect.stringContaining('Bad username or password')])
    expect(clock.logged('ERROR')).toEqual([])
    expect(clock.broker.connection()).toEqual({
      connected: false,
      lastError: expect.stringContaining('Bad username or password'),
    })
  })

  it('warns at start that a password goes in clear to a broker on another machine, and only then', async () => {
    const account = { username: 'clock', password: 'clock-secret' }
    const warnings = (url: string) => {
      const clock = clockOn(url, { clientId: `clock-clear-${url}`, config: account })
      return clock.logged('WARN').filter((l) => l.includes('in clear'))
    }
    // broker.invalid never resolves (RFC 2606): only what the clock says before connecting is looked at.
    for (const url of ['mqtt://broker.invalid:1883', 'ws://Broker.invalid/mqtt']) {
      const said = warnings(url)
      expect(said).toEqual([expect.stringContaining('broker.password goes to broker.invalid in clear')])
      expect(said[0]).not.toContain(account.password)
    }
    const plain = await startPlainBroker()
    for (const url of [
      plain.url,
      `mqtt://localhost:${plain.port}`,
      'mqtts://broker.invalid',
      'wss://broker.invalid',
    ])
      expect(warnings(url)).toEqual([])
  })
})
