// aedes' authorize hooks for the embedded broker: the topic rules applied to every publish, subscription
// and forward (refusals logged, sparingly), and phone messages handed to their family before the PUBACK.

import type { Socket } from 'node:net'
import type { AedesOptions, Client, PublishPacket } from 'aedes'
import type { Logger } from '../../app/ports.js'
import type { Identity } from '../auth/credentials.js'
import { printable } from '../log/printable.js'
import { type AclContext, mayPublish, mayReceive, narrowSubscription } from './acl.js'
import { type BrokerAccounts, remoteOf } from './broker-accounts.js'
import { oncePerMinute } from './connection-log.js'
import type { BrokerFamily } from './embedded-broker.js'
import { skipPublish } from './publish-ahead.js'
import { createRetainRules, type RetainRules } from './retain-rules.js'
import type { SessionRules } from './session-rules.js'
import { MAX_SUBSCRIPTIONS_PER_CLIENT, type SubscriptionCap } from './subscription-cap.js'

// An identity carries its family: it is its own topic-rule context (no object per message).
export const aclOf = (identity: Identity): AclContext => identity

export interface AuthorizeHooksOptions {
  accounts: Pick<BrokerAccounts, 'identityOf' | 'identityOfWill'>
  families: ReadonlyMap<string, BrokerFamily>
  logger: Logger
  now: () => number
  sessionRules: Pick<SessionRules, 'allow'>
  subscriptionCap: Pick<SubscriptionCap, 'admits'>
  /** Publishes a phone's QoS 1 message ahead of its PUBACK (see publishAheadOfAck). */
  publishAhead: (packet: PublishPacket, client: Client | null, queued: (error?: Error) => void) => void
  /** Whether aedes holds this QoS 2 message (by client and packet id) until its PUBREL: taken already. */
  heldForRelease?: (client: Client, packet: PublishPacket) => Promise<boolean>
  /** Which retained messages a device may keep (made here unless given, to be told what is kept). */
  retainRules?: RetainRules
}

export type AuthorizeHooks = Required<
  Pick<AedesOptions, 'authorizePublish' | 'authorizeSubscribe' | 'authorizeForward'>
>

export function createAuthorizeHooks(options: AuthorizeHooksOptions): AuthorizeHooks {
  const { accounts, families, logger, now, sessionRules, subscriptionCap, publishAhead } = options
  const identityOf = accounts.identityOf
  const cutOff = new WeakSet<Client>()
  const refusalsSaid = new WeakMap<Client, number>()
  const publishRefusals = oncePerMinute()
  const retainRules = options.retainRules ?? createRetainRules(logger)
  /** QoS 2 messages of a connection on their way to the family, by packet id: each one commit. */
  const qos2Keeping = new WeakMap<Client, Map<number, Promise<Error | null>>>()
  /**
   * A phone sends a QoS 2 message again (dup) until it has the PUBREC: the family takes it once. A copy
   * that comes while the first is being committed gets the first's answer; one that comes after,
   * while aedes holds the message for its PUBREL, is answered at once (aedes then sends PUBREC only).
   */
  const keepQos2Once = (
    client: Client,
    packet: PublishPacket,
    keep: () => Promise<Error | null>,
    done: (error: Error | null) => void,
  ) => {
    let keeping = qos2Keeping.get(client)
    if (!keeping) {
      keeping = new Map()
      qos2Keeping.set(client, keeping)
    }
    const id = packet.messageId ?? -1
    const first = keeping.get(id)
    if (first) return void first.then(done)
    const held = options.heldForRelease?.(client, packet) ?? Promise.resolve(false)
    const kept = held.then((taken) => (taken ? null : keep()))
    keeping.set(id, kept)
    void kept.then((error) => {
      if (keeping.get(id) === kept) keeping.delete(id)
      done(error)
    })
  }

  return {
    authorizePublish(client, packet, done) {
      if (packet.topic.includes('\u0000')) {
        // [MQTT-4.7.3-2]. A will stored by an older version with one is dropped, not refused: aedes would
        // retry a refused one every four minutes and publish no will stored after it.
        if (client) return done(new Error('U+0000 in topic'))
        skipPublish(packet)
        return done(null)
      }
      const identity = client ? identityOf(client) : accounts.identityOfWill(packet)
      if (!identity || !mayPublish(identity, packet.topic, aclOf(identity))) {
        if (!client) {
          // A will stored by the previous run for a client that never came back, which no family served
          // now owns (its family was removed). aedes would retry a refused one every four minutes and
          // stop publishing the wills stored after it, so it is dropped: aedes deletes it unpublished,
          // as it does a connected client's refused will.
          logger.log(
            'warn',
            `dropped the stored will to ${printable(packet.topic)}: no family or device served here owns it`,
          )
          skipPublish(packet)
          return done(null)
        }
        // Once a minute per account: the connection is closed, and a phone may come back and try again.
        if (publishRefusals(`${identity?.kind === 'device' ? identity.family : ''}|${describe(identity)}`))
          logger.log('warn', `refused publish to ${printable(packet.topic)} by ${describe(identity)}`)
        return done(new Error('not authorised'))
      }
      retainRules.limit(identity, packet, describe(identity))
      if (identity.kind !== 'device' || !packet.topic.startsWith('owntracks/')) return done(null)
      const family = families.get(identity.family)
      // Its family was removed while it was still connected (it is being disconnected): no PUBACK
      // without a commit.
      if (!family) return done(new Error('family no longer served'))
      const inbound = { topic: packet.topic, payload: packet.payload as Buffer, receivedAtMs: now() }
      // QoS 0 promises the sender nothing: forward at once and commit in the background.
      if (packet.qos === 0) {
        family.onMessage(inbound, () => {})
        return done(null)
      }
      // QoS 1 and 2 wait for the commit, so the acknowledgement aedes sends next means "kept on disk".
      if (packet.qos === 2 && client)
        return keepQos2Once(
          client,
          packet,
          () => new Promise((resolve) => family.onMessage(inbound, (error) => resolve(error ?? null))),
          done,
        )
      if (packet.qos !== 1) return family.onMessage(inbound, (error) => done(error ?? null))
      // A QoS 1 message is published now all the same (subscribers need not wait for our disk), and
      // the PUBACK also waits until sleeping sessions have their copy queued (not for deliveries).
      let pending = 2
      let failure: Error | null = null
      const settled = (error?: Error | null) => {
        failure ??= error ?? null
        if (--pending === 0) done(failure)
      }
      publishAhead(packet, client, settled)
      family.onMessage(inbound, settled)
    },
    authorizeSubscribe(client, subscription, done) {
      const identity = identityOf(client)
      const valid = !subscription.topic.includes('\u0000')
      const narrowed =
        identity && valid ? narrowSubscription(identity, subscription.topic, aclOf(identity)) : null
      const capped = narrowed !== null && client !== null && !subscriptionCap.admits(client, narrowed)
      if (narrowed !== null && !capped) {
        // Changed in place: aedes persists the packet's own subscription objects for persistent sessions.
        subscription.topic = narrowed
        sessionRules.allow(subscription)
        return done(null, subscription)
      }
      // Said for the first few of a connection: one SUBSCRIBE can carry thousands of filters.
      const said = refusalsSaid.get(client) ?? 0
      if (said < REFUSALS_SAID_PER_CONNECTION) {
        refusalsSaid.set(client, said + 1)
        const more =
          said + 1 === REFUSALS_SAID_PER_CONNECTION
            ? ' (further refusals on this connection are not logged)'
            : ''
        const why = capped ? ` (it holds ${MAX_SUBSCRIPTIONS_PER_CLIENT} filters already)` : ''
        logger.log(
          'info',
          `refused subscription to ${printable(subscription.topic)} by ${describe(identity)}${why}${more}`,
        )
      }
      // A null subscription makes aedes answer SUBACK 0x80 (failure) for this filter [MQTT-3.9.3-2].
      done(null, null)
    },
    authorizeForward(client, packet) {
      const identity = identityOf(client)
      if (!identity || !mayReceive(packet.topic, aclOf(identity))) return null
      // Bounded memory for a subscriber that stopped reading: past the backlog bound it is disconnected
      // at once (closeWhenStalled bounds the time; a persistent session keeps its QoS 1 messages).
      const backlog = (client.conn as Partial<Socket>).writableLength ?? 0
      if (backlog <= MAX_SUBSCRIBER_BACKLOG_BYTES) return packet
      if (!cutOff.has(client)) {
        cutOff.add(client)
        logger.log(
          'warn',
          `closed the connection of ${describe(identity)} from ${remoteOf(client)}: it stopped reading (${Math.round(backlog / 1024)} KiB waiting)`,
        )
        client.close()
      }
      return null
    },
  }
}

const describe = (identity: Identity | undefined): string =>
  identity === undefined
    ? 'an unauthenticated client'
    : identity.kind === 'clock'
      ? 'the clock account'
      : `device "${identity.deviceId}"`

/** Refused subscriptions logged per connection. */
const REFUSALS_SAID_PER_CONNECTION = 10
/** What may wait in our own send buffer for one subscriber, beyond what the kernel holds. */
const MAX_SUBSCRIBER_BACKLOG_BYTES = 1024 * 1024
