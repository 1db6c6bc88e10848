import { afterEach, describe, expect, it, vi } from 'vitest'
import { oncePerMinute } from './connection-log.js'

afterEach(() => {
  vi.useRealTimers()
})

describe('oncePerMinute', () => {
  it('says a key once a minute, and at most its limit of keys a minute however many come', () => {
    vi.useFakeTimers({ toFake: ['performance'] })
    const fresh = oncePerMinute(3)
    expect(['a', 'b', 'a', 'c'].map(fresh)).toEqual([true, true, false, true])
    // Full with keys said this minute: a new one waits (it used to clear the lot and start again).
    expect(['d', 'e', 'a'].map(fresh)).toEqual([false, false, false])
    vi.advanceTimersByTime(30_000)
    expect(fresh('b')).toBe(false)
    vi.advanceTimersByTime(31_000)
    // A minute on: the old keys are forgotten one by one, and said again.
    expect(['d', 'a', 'b', 'e'].map(fresh)).toEqual([true, true, true, false])
  })
})
