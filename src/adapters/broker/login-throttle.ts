// Slows password guessing: after a few failed logins from one address, that address is refused
// without a password check for a while. Bounded memory: old entries are swept.

export interface LoginThrottle {
  /** True while the address is locked out. */
  isLocked(address: string, nowMs: number): boolean
  failed(address: string, nowMs: number): void
  succeeded(address: string): void
}

export function createLoginThrottle(
  options: { maxFailures?: number; windowMs?: number; lockMs?: number; maxEntries?: number } = {},
): LoginThrottle {
  const maxFailures = options.maxFailures ?? 5
  const windowMs = options.windowMs ?? 60_000
  const lockMs = options.lockMs ?? 60_000
  const maxEntries = options.maxEntries ?? 10_000
  const entries = new Map<string, { failures: number; firstMs: number; lockedUntilMs: number }>()
  return {
    isLocked(address, nowMs) {
      const e = entries.get(address)
      return e !== undefined && e.lockedUntilMs > nowMs
    },
    failed(address, nowMs) {
      let e = entries.get(address)
      if (!e || nowMs - e.firstMs > windowMs) {
        if (entries.size >= maxEntries) {
          for (const [key, old] of entries)
            if (old.lockedUntilMs <= nowMs && nowMs - old.firstMs > windowMs) entries.delete(key)
          if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string)
        }
        e = { failures: 0, firstMs: nowMs, lockedUntilMs: 0 }
        entries.set(address, e)
      }
      e.failures++
      if (e.failures >= maxFailures) e.lockedUntilMs = nowMs + lockMs
    },
    succeeded(address) {
      entries.delete(address)
    },
  }
}
