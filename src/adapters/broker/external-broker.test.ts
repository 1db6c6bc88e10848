import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { reconnectDelayMs } from './external-broker.js'

const bounds = { initialMs: 1_000, maxMs: 60_000 }

describe('reconnect backoff', () => {
  it('doubles per attempt, with jitter in the upper half of the ceiling', () => {
    expect(reconnectDelayMs(0, bounds, 0)).toBe(500)
    expect(reconnectDelayMs(0, bounds, 1)).toBe(1_000)
    expect(reconnectDelayMs(3, bounds, 0)).toBe(4_000)
    expect(reconnectDelayMs(3, bounds, 1)).toBe(8_000)
  })

  it('never waits more than a minute, however many attempts failed', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (attempt, random) => {
          const delay = reconnectDelayMs(attempt, bounds, random)
          expect(delay).toBeGreaterThanOrEqual(250)
          expect(delay).toBeLessThanOrEqual(60_000)
        },
      ),
    )
  })
})
