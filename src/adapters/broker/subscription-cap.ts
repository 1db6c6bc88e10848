// How many filters one connection may hold. The apps subscribe to a handful (OwnTracks: its friends'
// locations, cards, events and its own commands); without a bound, one phone of a family could add
// filters by the thousand, in memory and, for a persistent session, on disk, on every connection.

import type { Client } from 'aedes'

export const MAX_SUBSCRIPTIONS_PER_CLIENT = 100

export interface SubscriptionCap {
  /** Whether the client may take this (allowed, narrowed) filter: always when it already holds it. */
  admits(client: Client, topic: string): boolean
  /** The client gave these up (UNSUBSCRIBE): one admitted but not yet held no longer takes a place. */
  forget(client: Client, topics: readonly string[]): void
}

export function createSubscriptionCap(max = MAX_SUBSCRIPTIONS_PER_CLIENT): SubscriptionCap {
  // aedes asks about every filter of a SUBSCRIBE before it adds any of them to the client's own list:
  // the ones admitted and not yet there are counted here.
  const admittedMeanwhile = new WeakMap<Client, Set<string>>()
  return {
    admits(client, topic) {
      const held = (client as Client & { subscriptions?: Record<string, unknown> }).subscriptions ?? {}
      if (topic in held) return true
      let waiting = admittedMeanwhile.get(client)
      if (!waiting) {
        waiting = new Set()
        admittedMeanwhile.set(client, waiting)
      }
      for (const t of waiting) if (t in held) waiting.delete(t)
      if (waiting.has(topic)) return true
      if (Object.keys(held).length + waiting.size >= max) return false
      waiting.add(topic)
      return true
    },
    forget(client, topics) {
      const waiting = admittedMeanwhile.get(client)
      if (waiting) for (const topic of topics) waiting.delete(topic)
    },
  }
}
