import { describe, expect, it } from 'vitest'
import { createLoginThrottle, type LoginSource, type LoginThrottle } from './login-throttle.js'

/** One whole login check: begun (if allowed) and failed, against an account (null: any of several). */
const fail = (
  t: LoginThrottle,
  address: LoginSource,
  nowMs: number,
  account: string | null = 'weasleys/ron',
) => {
  if (t.begin(address, nowMs) !== 'ok') return false
  t.failed(address, account ?? undefined, nowMs)
  return true
}

describe('login throttle', () => {
  it('locks an address out after repeated failures, for a while', () => {
    const t = createLoginThrottle({ maxFailures: 3, windowMs: 60_000, lockMs: 30_000 })
    expect([fail(t, '10.0.0.9', 0), fail(t, '10.0.0.9', 1_000), fail(t, '10.0.0.9', 2_000)]).toEqual([
      true,
      true,
      true,
    ])
    expect(t.begin('10.0.0.9', 2_000)).toBe('locked')
    expect(t.begin('10.0.0.8', 2_000)).toBe('ok')
    expect(t.begin('10.0.0.9', 32_001)).toBe('ok')
  })

  it('counts the checks still running, so a burst of logins cannot all be checked before one fails', () => {
    const t = createLoginThrottle({ maxFailures: 3, maxRunning: 4 })
    // Four at once are checked (a household's phones reconnecting together), a fifth waits.
    const started = Array.from({ length: 6 }, () => t.begin('a', 0))
    expect(started).toEqual(['ok', 'ok', 'ok', 'ok', 'busy', 'busy'])
    // Once one has failed, the ones still running count against what is left before the lock.
    t.failed('a', 'weasleys/ron', 1)
    expect(t.begin('a', 1)).toBe('locked')
    for (let i = 0; i < 3; i++) t.succeeded('a', 'weasleys/ginny')
    expect(t.begin('a', 2)).toBe('ok')
  })

  it('forgives failures spread out over more than the window', () => {
    const t = createLoginThrottle({ maxFailures: 2, windowMs: 10_000 })
    fail(t, 'a', 0)
    fail(t, 'a', 20_000)
    expect(t.begin('a', 20_000)).toBe('ok')
  })

  it('lets a login forgive the failures of its own account, not another account’s', () => {
    const t = createLoginThrottle({ maxFailures: 3 })
    // A mistyped password, then the right one: forgiven.
    fail(t, 'a', 0)
    fail(t, 'a', 1)
    t.begin('a', 2)
    t.succeeded('a', 'weasleys/ron')
    expect([fail(t, 'a', 3), fail(t, 'a', 4), t.begin('a', 5)]).toEqual([true, true, 'ok'])
    // Guesses at one account between logins to another are not.
    const u = createLoginThrottle({ maxFailures: 3 })
    for (let i = 0; i < 2; i++) {
      fail(u, 'b', i, 'malfoys/draco')
      u.begin('b', i)
      u.succeeded('b', 'weasleys/ron')
    }
    expect(fail(u, 'b', 3, 'malfoys/draco')).toBe(true)
    expect(u.begin('b', 4)).toBe('locked')
  })

  it('never forgives failures under a username that fits several accounts, whatever logs in next', () => {
    // A family's name (the password picks the device) or a device id several hosted families have: a
    // member who knows one password could otherwise guess at all the others between own logins.
    const t = createLoginThrottle({ maxFailures: 3 })
    for (let round = 0; round < 2; round++) {
      fail(t, 'a', round, null)
      t.begin('a', round)
      t.succeeded('a', undefined)
      t.begin('a', round)
      t.succeeded('a', 'weasleys/ron')
    }
    expect(fail(t, 'a', 3, null)).toBe(true)
    expect(t.begin('a', 4)).toBe('locked')
    // Nor are an account's failures once one of them was under such a username.
    const u = createLoginThrottle({ maxFailures: 3 })
    fail(u, 'b', 0)
    fail(u, 'b', 1, null)
    u.begin('b', 2)
    u.succeeded('b', 'weasleys/ron')
    expect(fail(u, 'b', 3)).toBe(true)
    expect(u.begin('b', 4)).toBe('locked')
  })

  it('counts an IPv6 address by its /64', () => {
    const t = createLoginThrottle({ maxFailures: 3 })
    fail(t, '2001:db8:0:7::1', 0)
    fail(t, '2001:0db8:0000:0007:aaaa:bbbb:cccc:dddd', 1)
    fail(t, '2001:db8::7:0:0:0:9', 2)
    expect(t.begin('2001:db8:0:7:1234::5', 3)).toBe('locked')
    expect(t.begin('2001:db8:0:8::1', 3)).toBe('ok')
    expect(t.begin('::ffff:10.0.0.9', 3)).toBe('ok')
  })

  it('counts each address of the clock’s own IPv6 network by itself, and that network by a higher limit', () => {
    const t = createLoginThrottle({ maxFailures: 3, homeNetworkFactor: 2 })
    const local = '2001:db8:0:7::100'
    const home = (host: string) => ({ remote: `2001:db8:0:7::${host}`, local })
    // A phone at home with a wrong password locks itself out, not the family's other phones.
    for (let i = 0; i < 3; i++) fail(t, home('a'), i)
    expect(t.begin(home('a'), 3)).toBe('locked')
    expect(t.begin(home('b'), 3)).toBe('ok')
    t.succeeded(home('b'), 'weasleys/ginny')
    // Seen from outside the network (another local address), the /64 is one address again.
    expect(t.begin({ remote: '2001:db8:0:7::c', local: '2001:db8:0:9::1' }, 3)).toBe('locked')
    // Fresh addresses from the home network get the network's limit (here 6 failures), no more.
    for (let i = 0; i < 3; i++) fail(t, home(`d${i}`), 4 + i)
    expect(t.begin(home('e'), 8)).toBe('locked')
    // An IPv4 address mapped into IPv6 is no /64 at all.
    expect(t.begin({ remote: '::ffff:10.0.0.9', local: '::ffff:10.0.0.1' }, 8)).toBe('ok')
  })

  it('keeps its memory bounded under a flood of addresses', () => {
    const t = createLoginThrottle({ maxFailures: 2, maxEntries: 100 })
    for (let i = 0; i < 10_000; i++) fail(t, `addr-${i}`, i)
    fail(t, 'addr-9999', 10_001)
    expect(t.begin('addr-9999', 10_001)).toBe('locked')
  })
})
