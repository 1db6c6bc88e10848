import { describe, expect, it } from 'vitest'
import { afterDeliveries } from './after-deliveries.js'

describe('afterDeliveries (when the pipeline commits)', () => {
  it('runs after a setImmediate queued later in the same turn, as aedes queues each delivery', async () => {
    const order: string[] = []
    await new Promise<void>((resolve) => {
      afterDeliveries(() => {
        order.push('commit')
        resolve()
      })
      setImmediate(() => order.push('delivery'))
    })
    expect(order).toEqual(['delivery', 'commit'])
  })
})
