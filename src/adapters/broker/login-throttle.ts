// Slows password guessing: after a few failed logins from one address, that address is refused
// without a password check for a while. Bounded memory: old entries are swept, and an entry keeps a
// digest of the account its failures were against, never what a client sent.

import { createHash } from 'node:crypto'
import { addressKey, peerKey } from '../net/address-key.js'

/**
 * Where a login comes from: the peer's address, and the address of ours it reached (which tells a
 * phone on the clock's own network from one outside it).
 */
export type LoginSource = string | { remote: string; local: string | undefined }

export interface LoginThrottle {
  /**
   * Whether a login from the address may be checked now. 'locked': it failed too often, or the checks
   * already running from it could lock it (password checks take a while: a burst of logins must not
   * all be checked before the first failure counts). 'busy': too many checks from it are running
   * already. 'ok' means one more check is running, to be ended with `failed` or `succeeded`.
   */
  begin(from: LoginSource, nowMs: number): 'ok' | 'locked' | 'busy'
  /**
   * `account` is the one account the login could have been to; undefined when its username may fit
   * several (a family's name, which any of its devices logs in with; a device id several hosted
   * families have) or none. Such failures are never forgiven by a login that works.
   */
  failed(from: LoginSource, account: string | undefined, nowMs: number): void
  /**
   * A login that worked to the one account every failure from there was against (a phone that
   * mistyped its own password) forgives them: whoever knows that password gains nothing by guessing
   * at it. Logins under a username several accounts share forgive nothing.
   */
  succeeded(from: LoginSource, account: string | undefined): void
}

interface Entry {
  failures: number
  firstMs: number
  lockedUntilMs: number
  /** Checks under way. */
  running: number
  /**
   * A digest of the account every failure was against, while that is one (a mistyped password);
   * null once several, or once one failed under a username that fits several accounts.
   */
  failedAs: string | null
}

export function createLoginThrottle(
  options: {
    maxFailures?: number
    /** Checks at once from one address: a household's phones reconnecting together stay under it. */
    maxRunning?: number
    windowMs?: number
    lockMs?: number
    maxEntries?: number
    /**
     * How many times the limits a whole IPv6 /64 gets when it is the clock's own network. An address
     * outside counts by its /64 (its owner has all of it to pick from); but at home every phone and
     * tablet has an address of the clock's /64, and one phone with a wrong password must not lock the
     * family's other devices out. There each address counts by itself, and the /64 as a whole is held
     * to this many times as many failures and checks, so that picking new addresses from the home
     * network gains a guesser only so much.
     */
    homeNetworkFactor?: number
  } = {},
): LoginThrottle {
  const maxFailures = options.maxFailures ?? 5
  const maxRunning = options.maxRunning ?? 16
  const homeFactor = options.homeNetworkFactor ?? 4
  const windowMs = options.windowMs ?? 60_000
  const lockMs = options.lockMs ?? 60_000
  const maxEntries = options.maxEntries ?? 10_000
  const entries = new Map<string, Entry>()

  const entryOf = (address: string, nowMs: number): Entry => {
    let e = entries.get(address)
    const served = e !== undefined && e.lockedUntilMs !== 0 && e.lockedUntilMs <= nowMs
    if (e && (served || (e.lockedUntilMs === 0 && nowMs - e.firstMs > windowMs))) {
      // The lock was served, or the window passed: failures are forgiven, running checks are not.
      e.failures = 0
      e.firstMs = nowMs
      e.lockedUntilMs = 0
      e.failedAs = null
    }
    if (!e) {
      if (entries.size >= maxEntries) {
        for (const [key, old] of entries)
          if (old.running === 0 && old.lockedUntilMs <= nowMs && nowMs - old.firstMs > windowMs)
            entries.delete(key)
        if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string)
      }
      e = { failures: 0, firstMs: nowMs, lockedUntilMs: 0, running: 0, failedAs: null }
      entries.set(address, e)
    }
    return e
  }

  const forgetIfIdle = (address: string, e: Entry) => {
    if (e.running === 0 && e.failures === 0 && e.lockedUntilMs === 0) entries.delete(address)
  }

  /** The entries a login from there counts against, each with its limit on failures and on checks. */
  const tallies = (from: LoginSource, nowMs: number): { e: Entry; failures: number; running: number }[] => {
    const [own, home] = keysOf(from)
    const peer = { e: entryOf(own, nowMs), failures: maxFailures, running: maxRunning }
    if (home === undefined) return [peer]
    return [
      peer,
      { e: entryOf(home, nowMs), failures: maxFailures * homeFactor, running: maxRunning * homeFactor },
    ]
  }

  return {
    begin(from, nowMs) {
      const counted = tallies(from, nowMs)
      // Once it has failed, the checks under way count against what is left before the lock.
      const locked = ({ e, failures }: (typeof counted)[number]) =>
        e.lockedUntilMs > nowMs || (e.failures > 0 && e.failures + e.running >= failures)
      if (counted.some(locked)) return 'locked'
      if (counted.some(({ e, running }) => e.running >= running)) return 'busy'
      for (const { e } of counted) e.running++
      return 'ok'
    },
    failed(from, account, nowMs) {
      const against = account === undefined ? null : digestOf(account)
      for (const { e, failures } of tallies(from, nowMs)) {
        e.running = Math.max(0, e.running - 1)
        e.failedAs = e.failures === 0 || e.failedAs === against ? against : null
        e.failures++
        if (e.failures >= failures) e.lockedUntilMs = nowMs + lockMs
      }
    },
    succeeded(from, account) {
      for (const address of keysOf(from)) {
        if (address === undefined) continue
        const e = entries.get(address)
        if (!e) continue
        e.running = Math.max(0, e.running - 1)
        if (account !== undefined && e.failedAs === digestOf(account) && e.lockedUntilMs === 0) {
          e.failures = 0
          e.failedAs = null
        }
        forgetIfIdle(address, e)
      }
    },
  }
}

/** What a login counts against: its address (for IPv6 outside the home network, its /64) and, at home, the /64. */
function keysOf(from: LoginSource): [string, string?] {
  const remote = typeof from === 'string' ? from : from.remote
  const network = addressKey(remote)
  const own = typeof from === 'string' ? network : peerKey(remote, from.local)
  return own === network ? [own] : [own, network]
}

const digestOf = (account: string): string => createHash('sha256').update(account).digest('base64')
