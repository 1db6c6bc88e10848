// What the embedded broker's persistent sessions may keep: only the filters authorizeSubscribe allowed
// (narrowed to the family), and each account only its few newest sessions.

import type { Aedes, Client, Subscription } from 'aedes'
import type { Logger } from '../../app/ports.js'
import type { Identity } from '../auth/credentials.js'
import { printable } from '../log/printable.js'
import type { BoundedMemoryPersistence } from './bounded-persistence.js'
import { MAX_PER_ACCOUNT } from './broker-accounts.js'

type SessionRegistry = Pick<BoundedMemoryPersistence, 'sessionsStartingWith' | 'forgetSession'>

export interface SessionRules {
  /** A subscription authorizeSubscribe allowed (after narrowing it in place). */
  allow(subscription: Subscription): void
  /** Puts the rules between aedes and its persistence. */
  install(aedes: Aedes): void
}

export function createSessionRules(
  identityOf: (client: Client) => Identity | undefined,
  logger: Logger,
): SessionRules {
  const allowed = new WeakSet<Subscription>()
  return {
    allow: (subscription) => {
      allowed.add(subscription)
    },
    install(aedes) {
      const { persistence, clients } = aedes as unknown as {
        persistence: Partial<SessionRegistry> & {
          addSubscriptions(client: Client, subscriptions: Subscription[]): Promise<void>
        }
        clients: Record<string, Client | undefined>
      }
      /**
       * An account keeps a few persistent sessions: a reinstalled phone comes back under a new client
       * id, and every session it left behind would be queued each of its family's messages. The ones
       * subscribed to longest ago go first; connected ones stay.
       */
      const keepFewSessions = async (client: Client): Promise<void> => {
        const identity = identityOf(client)
        const bar = client.id.indexOf('|')
        if (!identity || bar < 0 || !persistence.sessionsStartingWith || !persistence.forgetSession) return
        const keep = MAX_PER_ACCOUNT[identity.kind]
        const sessions = persistence.sessionsStartingWith(client.id.slice(0, bar + 1))
        let excess = sessions.length - keep
        for (const id of sessions) {
          if (excess <= 0) return
          if (id === client.id || clients[id]) continue
          excess--
          await persistence.forgetSession(id)
          logger.log(
            'info',
            `forgot the persistent session ${printable(id)}: an account keeps its ${keep} newest`,
          )
        }
      }
      // For a persistent session aedes stores a SUBSCRIBE's whole list of filters once any one is
      // allowed: refused ones too, and ones not narrowed yet. Stored, a refused `#` would have every
      // family's QoS 1 messages queued for that session (never delivered: authorizeForward stops them).
      // aedes also asks once per allowed filter, each time with the whole list: each filter is stored
      // the first time it is asked with it allowed (a SUBSCRIBE of n filters made n(n+1)/2 writes).
      const addSubscriptions = persistence.addSubscriptions.bind(persistence)
      const storedOf = new WeakMap<Subscription[], Set<Subscription>>()
      persistence.addSubscriptions = async (client, subscriptions) => {
        let stored = storedOf.get(subscriptions)
        if (!stored) {
          stored = new Set()
          storedOf.set(subscriptions, stored)
        }
        const fresh = subscriptions.filter((s) => allowed.has(s) && !stored.has(s))
        if (fresh.length === 0) return
        for (const s of fresh) stored.add(s)
        await addSubscriptions(client, fresh)
        await keepFewSessions(client)
      }
    },
  }
}
