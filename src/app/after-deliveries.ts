// When the pipeline commits after a message: once aedes has handed the message to its subscribers.

/**
 * Two setImmediate hops: aedes defers every delivery to a subscriber by one setImmediate, queued after
 * the message reached us, so a single hop would commit first and make each QoS 0 forward (and any other
 * client's delivery queued meanwhile) wait for the disk. Measured with 500 phones over 100 families:
 * the forward went out after the commit's locks and writes on every message.
 */
export function afterDeliveries(fn: () => void): void {
  setImmediate(() => setImmediate(fn))
}
