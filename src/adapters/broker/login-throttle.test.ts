import { describe, expect, it } from 'vitest'
import { createLoginThrottle } from './login-throttle.js'

describe('login throttle', () => {
  it('locks an address out after repeated failures, for a while', () => {
    const t = createLoginThrottle({ maxFailures: 3, windowMs: 60_000, lockMs: 30_000 })
    t.failed('10.0.0.9', 0)
    t.failed('10.0.0.9', 1_000)
    expect(t.isLocked('10.0.0.9', 1_000)).toBe(false)
    t.failed('10.0.0.9', 2_000)
    expect(t.isLocked('10.0.0.9', 2_000)).toBe(true)
    expect(t.isLocked('10.0.0.8', 2_000)).toBe(false)
    expect(t.isLocked('10.0.0.9', 32_001)).toBe(false)
  })

  it('forgives failures spread out over more than the window, and a success clears them', () => {
    const t = createLoginThrottle({ maxFailures: 2, windowMs: 10_000 })
    t.failed('a', 0)
    t.failed('a', 20_000)
    expect(t.isLocked('a', 20_000)).toBe(false)
    t.succeeded('a')
    t.failed('a', 20_001)
    expect(t.isLocked('a', 20_001)).toBe(false)
  })

  it('keeps its memory bounded under a flood of addresses', () => {
    const t = createLoginThrottle({ maxFailures: 2, maxEntries: 100 })
    for (let i = 0; i < 10_000; i++) t.failed(`addr-${i}`, i)
    t.failed('addr-9999', 10_001)
    expect(t.isLocked('addr-9999', 10_001)).toBe(true)
  })
})
