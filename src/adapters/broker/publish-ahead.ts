// QoS 1 messages from phones, published while their commit runs instead of after their PUBACK.

import type { Aedes, Client, PublishPacket } from 'aedes'

type PublishDone = (error?: Error) => void
type RawPublish = (packet: PublishPacket, client: Client | null | PublishDone, done?: PublishDone) => void
type Emit = (message: { payload?: unknown }, done?: PublishDone) => unknown

/**
 * Lets a QoS 1 message be published before its PUBACK, while its commit runs. aedes writes the PUBACK
 * once authorizePublish calls back and only then publishes the message itself; that later publish of
 * a packet already published becomes a no-op.
 *
 * `queued` is called once the message is kept for everyone it is owed to: stored if retained and queued
 * for sleeping sessions, which aedes does before it hands the message to the connected subscribers.
 * It does not wait for those deliveries: a subscriber that stopped reading must not hold the PUBACK.
 * If the commit or the queueing fails, or the phone disconnects before its PUBACK, the phone sends the
 * message again: subscribers may see it twice, which QoS 1 allows (the clock's own state dedupes on
 * device + tst); a retained one stays stored even so.
 */
export function publishAheadOfAck(
  aedes: Aedes,
): (packet: PublishPacket, client: Client | null, queued: PublishDone) => void {
  const broker = aedes as unknown as { publish: RawPublish; mq: { emit: Emit } }
  const publishNow = broker.publish.bind(aedes)
  broker.publish = (packet, client, done) => {
    const callback = (typeof client === 'function' ? client : done) ?? (() => {})
    // aedes publishes a will with two arguments once authorizePublish allowed it.
    if ((packet as Marked)[PUBLISHED] === true) {
      ;(packet as Marked)[PUBLISHED] = false
      return callback()
    }
    publishNow(packet, typeof client === 'function' ? null : client, callback)
  }
  // aedes wraps the packet before it emits it but keeps its payload: that finds the message again.
  // Every PUBLISH from a socket has a Buffer of its own, and nothing republishes a phone's payload
  // object; a path that did would signal this message's queueing too early.
  // (The emit hands it to every matching subscriber synchronously; deliveries complete later.)
  const emit = broker.mq.emit.bind(broker.mq)
  broker.mq.emit = (message, done) => {
    const payload = message.payload
    const signal = typeof payload === 'object' && payload !== null ? (payload as Marked)[ON_EMIT] : undefined
    // Emitted first: the PUBACK the signal may send lets aedes read the phone's next packets at once,
    // and those must not be handed to subscribers ahead of this one.
    const emitted = emit(message, done)
    if (signal) {
      ;(payload as Marked)[ON_EMIT] = undefined
      signal()
    }
    return emitted
  }
  return (packet, client, queued) => {
    let signalled = false
    const signal = (error?: Error) => {
      if (signalled) return
      signalled = true
      queued(error)
    }
    const payload = packet.payload
    const marked = typeof payload === 'object' && payload !== null ? (payload as Marked) : undefined
    if (marked) marked[ON_EMIT] = () => signal()
    ;(packet as Marked)[PUBLISHED] = true
    publishNow(packet, client, (error) => {
      if (marked) marked[ON_EMIT] = undefined
      signal(error)
    })
  }
}

/** Makes aedes' coming publish of `packet` a no-op (once publishAheadOfAck is in place). */
export function skipPublish(packet: PublishPacket): void {
  ;(packet as Marked)[PUBLISHED] = true
}

// Marks on the packet and its payload rather than weak maps keyed by them: with a WeakMap and a WeakSet
// entry per message, two soaks had 10 s windows with an event-loop p99 of 4.4–5.7 ms; with these marks,
// and without publishing ahead at all, the worst windows were 1.35–1.5 ms (one soak each).
const PUBLISHED = Symbol('published ahead of its PUBACK')
const ON_EMIT = Symbol('called when aedes emits the message')
interface Marked {
  [PUBLISHED]?: boolean
  [ON_EMIT]?: (() => void) | undefined
}
