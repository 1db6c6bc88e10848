import { type AddressInfo, createServer, type Socket } from 'node:net'
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
      // Plain MQTT to a TLS port is hung up on the same way.
      expect(errors[0]).toMatch(/; or the port expects TLS: use mqtts:\/\/ for it$/)
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
    // What `doctor` would say of it: what happened, then what to change.
    expect(clock.logged('WARN')).toEqual([
      expect.stringMatching(
        /the broker refused the login: check broker\.username and broker\.password .* against the broker’s password file$/,
      ),
    ])
    expect(clock.logged('ERROR')).toEqual([])
    expect(clock.broker.connection()).toEqual({ connected: false, lastError: 'the broker refused the login' })
  })

  it('says a working connection reset as lost, not as a setting to change, and each reconnect after a stable spell', async () => {
    let nowMs = 0
    const plain = await startPlainBroker()
    const clock = clockOn(plain.url, { clientId: 'clock-reset', backoff: quick, now: () => nowMs })
    await clock.firstSubscribe
    const connects = () => clock.logged('INFO').filter((l) => l.includes('connected to'))
    for (let i = 1; i <= 2; i++) {
      // Twenty minutes of a working connection, then a reset (a router restarting, say).
      nowMs += 20 * 60_000
      const conn = plain.clients['clock-reset']?.conn as Socket | undefined
      conn?.resetAndDestroy()
      await vi.waitFor(() => expect(connects()).toHaveLength(i + 1))
    }
    expect(clock.logged('WARN')).toEqual([
      expect.stringMatching(
        /lost the connection to mqtt:\/\/127\.0\.0\.1:\d+ \(read ECONNRESET\); reconnecting$/,
      ),
      expect.stringMatching(/lost the connection to .*\(read ECONNRESET\); reconnecting$/),
    ])
    expect(clock.logs.join('\n')).not.toMatch(/expects TLS/)
  })

  it('says the reconnect after an outage that followed a working connection', async () => {
    let nowMs = 0
    let allowed = true
    const plain = await startPlainBroker({
      authenticate: (_client, _username, _password, done) => {
        if (allowed) done(null, true)
        else done(Object.assign(new Error('server unavailable'), { returnCode: 3 as const }), false)
      },
    })
    const clock = clockOn(plain.url, { clientId: 'clock-outage', backoff: quick, now: () => nowMs })
    await clock.firstSubscribe
    const connects = () => clock.logged('INFO').filter((l) => l.includes('connected to'))
    for (let outage = 1; outage <= 3; outage++) {
      // Worked for twenty minutes (the third time only ten seconds); then the broker turns the clock
      // away for a while, which is said, so the reconnect after it is news too.
      nowMs += outage === 3 ? 10_000 : 20 * 60_000
      allowed = false
      const before = retries(clock.logs)
      plain.clients['clock-outage']?.conn.destroy()
      await vi.waitFor(() => expect(retries(clock.logs)).toBeGreaterThanOrEqual(before + 3))
      allowed = true
      await vi.waitFor(() => expect(connects()).toHaveLength(outage + 1))
    }
    expect(connects().slice(1)).toEqual([
      expect.stringContaining('(session resumed)'),
      expect.stringContaining('(session resumed)'),
      expect.stringContaining('(session resumed)'),
    ])
  })

  it('names a refused connection to a name with several addresses (an error with no message of its own)', async () => {
    const free = createServer()
    await new Promise<void>((resolve) => free.listen(0, '127.0.0.1', resolve))
    const port = (free.address() as AddressInfo).port
    await new Promise((resolve) => free.close(resolve))
    // localhost is 127.0.0.1 and ::1: Node tries both and fails with an AggregateError whose message is "".
    const clock = clockOn(`mqtt://localhost:${port}`, { clientId: 'clock-two-addresses', backoff: quick })
    await vi.waitFor(() => expect(retries(clock.logs)).toBeGreaterThanOrEqual(2))
    expect(clock.logged('WARN')).toEqual([
      expect.stringContaining(
        `WARN nothing listens at mqtt://localhost:${port} (connection refused): start the broker, or check host and port`,
      ),
    ])
    expect(clock.broker.connection().lastError).toBe(
      `nothing listens at mqtt://localhost:${port} (connection refused)`,
    )
  })

  it('says a broker that hangs up on the subscription refuses it, and a flapping connection once', async () => {
    const plain = await startPlainBroker({
      authorizeSubscribe: (_client, _subscription, done) => done(new Error('not for you'), null),
    })
    const clock = clockOn(plain.url, { clientId: 'clock-sub-hangup', backoff: quick })
    await vi.waitFor(() => expect(retries(clock.logs)).toBeGreaterThanOrEqual(3))
    expect(clock.logged('ERROR')).toEqual([
      expect.stringMatching(
        /closed the connection on the subscription to owntracks\/.*\/#: check the broker's ACL/,
      ),
    ])
    // Between retries the view is connected a moment: the refusal is what it shows once closed again.
    await vi.waitFor(() =>
      expect(clock.broker.connection().lastError).toMatch(/closed the connection on the subscription/),
    )
    // Said, and once more after the refusal was said; the retries after it say neither again.
    expect(clock.logged('INFO').filter((l) => l.includes('connected to'))).toHaveLength(2)
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
