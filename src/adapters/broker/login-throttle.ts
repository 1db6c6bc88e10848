// Slows password guessing: after a few failed logins from one address, that address is refused
// without a password check for a while. Bounded memory: old entries are swept.

export interface LoginThrottle {
  /**
   * Whether a login from the address may be checked now. 'locked': it failed too often, or the checks
   * already running from it could lock it (password checks take a while: a burst of logins must not
   * all be checked before the first failure counts). 'busy': too many checks from it are running
   * already. 'ok' means one more check is running, to be ended with `failed` or `succeeded`.
   */
  begin(address: string, nowMs: number): 'ok' | 'locked' | 'busy'
  failed(address: string, username: string, nowMs: number): void
  /** A login that worked forgives the failures of its own username from there, not anyone else's. */
  succeeded(address: string, username: string): void
}

interface Entry {
  failures: number
  firstMs: number
  lockedUntilMs: number
  /** Checks under way. */
  running: number
  /** The usernames that failed, while they are all one (a mistyped password); null once several. */
  failedAs: string | null | undefined
}

export function createLoginThrottle(
  options: {
    maxFailures?: number
    /** Checks at once from one address: a household's phones reconnecting together stay under it. */
    maxRunning?: number
    windowMs?: number
    lockMs?: number
    maxEntries?: number
  } = {},
): LoginThrottle {
  const maxFailures = options.maxFailures ?? 5
  const maxRunning = options.maxRunning ?? 16
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
      e.failedAs = undefined
    }
    if (!e) {
      if (entries.size >= maxEntries) {
        for (const [key, old] of entries)
          if (old.running === 0 && old.lockedUntilMs <= nowMs && nowMs - old.firstMs > windowMs)
            entries.delete(key)
        if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string)
      }
      e = { failures: 0, firstMs: nowMs, lockedUntilMs: 0, running: 0, failedAs: undefined }
      entries.set(address, e)
    }
    return e
  }

  const forgetIfIdle = (address: string, e: Entry) => {
    if (e.running === 0 && e.failures === 0 && e.lockedUntilMs === 0) entries.delete(address)
  }

  return {
    begin(address, nowMs) {
      const e = entryOf(address, nowMs)
      if (e.lockedUntilMs > nowMs) return 'locked'
      // Once it has failed, the checks under way count against what is left before the lock.
      if (e.failures > 0 && e.failures + e.running >= maxFailures) return 'locked'
      if (e.running >= maxRunning) return 'busy'
      e.running++
      return 'ok'
    },
    failed(address, username, nowMs) {
      const e = entryOf(address, nowMs)
      e.running = Math.max(0, e.running - 1)
      e.failures++
      e.failedAs = e.failedAs === undefined || e.failedAs === username ? username : null
      if (e.failures >= maxFailures) e.lockedUntilMs = nowMs + lockMs
    },
    succeeded(address, username) {
      const e = entries.get(address)
      if (!e) return
      e.running = Math.max(0, e.running - 1)
      if (e.failedAs === username && e.lockedUntilMs === 0) {
        e.failures = 0
        e.failedAs = undefined
      }
      forgetIfIdle(address, e)
    },
  }
}
