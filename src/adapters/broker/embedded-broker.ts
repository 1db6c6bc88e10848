// The embedded MQTT broker (aedes): TLS for phones, plain MQTT on loopback, per-device accounts and
// topic rules. Phone messages go straight into the pipeline from authorizePublish, so the PUBACK that
// aedes writes next is sent only after the message is committed; a QoS 1 message is forwarded to
// subscribers meanwhile (aedes itself acks QoS 1 before publishing).

import type { EventEmitter } from 'node:events'
import type { Socket } from 'node:net'
import { Aedes, type AedesOptions, type Client, type PublishPacket } from 'aedes'
import type { DeviceReach, Inbound, Logger } from '../../app/ports.js'
import type { Credentials, Identity } from '../auth/credentials.js'
import type { EmbeddedBrokerConfig } from '../config/config-types.js'
import { printable } from '../log/printable.js'
import { type AclContext, mayPublish, mayReceive, narrowSubscription, topicMatches } from './acl.js'
import { createBrokerAccounts, remoteOf } from './broker-accounts.js'
import { type BrokerListeners, listenForBroker } from './broker-listeners.js'
import { oncePerMinute } from './connection-log.js'
import { createDeviceReach } from './device-reach.js'
import { publishAheadOfAck, skipPublish } from './publish-ahead.js'
import { type Forgotten, forgetRemovedDevices } from './removed-devices.js'
import { createRetainRules } from './retain-rules.js'
import { createSessionRules } from './session-rules.js'
import { createSubscriptionCap, MAX_SUBSCRIPTIONS_PER_CLIENT } from './subscription-cap.js'
import { narrowUnsubscribes } from './unsubscribe-narrowing.js'

export interface EmbeddedBrokerOptions {
  config: EmbeddedBrokerConfig
  tls: { cert: string | Buffer; key: string | Buffer }
  logger: Logger
  /** Largest MQTT packet accepted; bigger ones close the connection before they are read. */
  maxPacketBytes?: number
  /** aedes persistence (defaults to aedes' in-memory one). */
  persistence?: AedesOptions['persistence']
  now?: () => number
  /**
   * How often aedes announces itself (60 s by default). The wills of a broker that stopped announcing,
   * such as this one before a crash, are published after four of them.
   */
  heartbeatIntervalMs?: number
  /** How long a TLS handshake may take before its connection is closed (10 s by default). */
  handshakeTimeoutMs?: number
  /** How often connections are checked for a password changed since they logged in (5 s by default). */
  passwordCheckIntervalMs?: number
}

/** One family served by the broker: its accounts and where its phones' messages go. */
export interface BrokerFamily {
  credentials: Credentials
  /** Every message on the family's OwnTracks topics, including Last Wills; call done once committed. */
  onMessage(inbound: Inbound, done: (error?: Error) => void): void
  /** A device subscribed to its own cmd topic (once per connection): the moment to send it commands. */
  /** `spelled`: the device id as the phone's cmd filter spells it, when it names it (ids match case-insensitively). */
  /** `resumed`: the connection took up a session the broker kept (its subscriptions, its queue). */
  onDeviceListening?(device: { deviceId: string; memberId: string; spelled?: string; resumed: boolean }): void
}

export interface EmbeddedBroker {
  readonly mqttPort: number
  readonly mqttsPort: number
  /**
   * Serves one more family: its accounts may log in, its phones' messages reach its onMessage. Families
   * never see each other's topics, sessions or client ids. Returns a function that stops serving it.
   */
  addFamily(family: string, served: BrokerFamily): () => void
  /** Publish as the clock (commands, hand positions). */
  publish(topic: string, payload: string | Buffer, options: { qos: 0 | 1; retain: boolean }): Promise<void>
  /** Forgets the sessions and retained messages of the family's devices not among `deviceIds`. */
  forgetRemovedDevices(family: string, deviceIds: readonly string[]): Promise<Forgotten>
  /** Whether a message published now to one of a device's topics reaches that device, now or later. */
  reachOf(family: string, deviceId: string, topic: string): Promise<DeviceReach>
  connectedClients(): number
  /** Serves a new certificate to new connections; connected phones keep theirs (e.g. a renewal). */
  setCertificate(tls: { cert: string | Buffer; key: string | Buffer }): void
  close(): Promise<void>
}

export async function startEmbeddedBroker(options: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
  const { logger } = options
  const now = options.now ?? Date.now
  const families = new Map<string, BrokerFamily>()
  const accounts = createBrokerAccounts(families, logger, now)
  const identityOf = accounts.identityOf
  // An identity carries its family: it is its own topic-rule context (no object per message).
  const aclOf = (identity: Identity): AclContext => identity
  const cutOff = new WeakSet<Client>()
  const sessionRules = createSessionRules(identityOf, logger)
  const refusalsSaid = new WeakMap<Client, number>()
  const subscriptionCap = createSubscriptionCap()
  const publishRefusals = oncePerMinute()
  const limitRetained = createRetainRules(logger)

  const aedesOptions: AedesOptions = {
    preConnect: accounts.preConnect,
    authenticate: accounts.authenticate,
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
            `dropped the stored will to ${printable(packet.topic)}: no family served here owns it`,
          )
          skipPublish(packet)
          return done(null)
        }
        // Once a minute per account: the connection is closed, and a phone may come back and try again.
        if (publishRefusals(`${identity?.kind === 'device' ? identity.family : ''}|${describe(identity)}`))
          logger.log('warn', `refused publish to ${printable(packet.topic)} by ${describe(identity)}`)
        return done(new Error('not authorised'))
      }
      limitRetained(identity, packet, describe(identity))
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
  if (options.persistence) aedesOptions.persistence = options.persistence
  if (options.heartbeatIntervalMs !== undefined) aedesOptions.heartbeatInterval = options.heartbeatIntervalMs
  // aedes lets 100 messages be handed to subscribers at once and queues the rest. A delivery to a
  // subscriber that stopped reading holds its place until the socket drains (or is closed after 10 s),
  // so a phone's small QoS 1 messages to such a reader would fill them all and stall every family.
  // Unbounded here: what waits per subscriber is bounded by the backlog cut-off in authorizeForward.
  aedesOptions.concurrency = 0
  const aedes = await Aedes.createBroker(aedesOptions)
  // aedes reports errors of its own work (such as publishing the wills a crash left) here; unheard,
  // they would end the process.
  ;(aedes as unknown as EventEmitter).on('error', (error: Error) =>
    logger.log('error', `broker: ${error.message}`),
  )
  const publishAhead = publishAheadOfAck(aedes)
  sessionRules.install(aedes)
  const listening = new WeakSet<Client>()
  // Whether each connection took up a session the broker kept (aedes restores that session's
  // subscriptions without a 'subscribe' event: only the phone's own SUBSCRIBE after it is seen here).
  const resumedSession = new WeakMap<Client, boolean>()
  aedes.on('connackSent', (connack, client) =>
    resumedSession.set(client, (connack as { sessionPresent?: boolean }).sessionPresent === true),
  )
  aedes.on('unsubscribe', (topics, client) => subscriptionCap.forget(client, topics))
  aedes.on('subscribe', (subscriptions, client) => {
    const identity = identityOf(client)
    if (identity?.kind !== 'device' || listening.has(client)) return
    const onListening = families.get(identity.family)?.onDeviceListening
    // Device ids match case-insensitively, so the phone's filter for its cmd topic may spell its id
    // otherwise than the config does: commands then go to the topic as the phone spells it.
    const cmdTopic = `owntracks/${identity.family}/${identity.deviceId}/cmd`.toLowerCase()
    // Granted ones only: aedes lists the refused ones too (0x80), never narrowed (a wrongly spelled
    // family, one past the filter cap), and commands sent for those would reach nobody.
    const filter = subscriptions.find(
      (s) => (s.qos as number) !== 128 && topicMatches(s.topic.toLowerCase(), cmdTopic),
    )
    if (!onListening || !filter) return
    listening.add(client)
    const spelled = filter.topic.split('/')[2]
    onListening({
      deviceId: identity.deviceId,
      memberId: identity.memberId,
      resumed: resumedSession.get(client) ?? false,
      ...(spelled === undefined || spelled === '+' || spelled === '#' ? {} : { spelled }),
    })
  })
  aedes.on('clientError', (client, error) => {
    // Every write still queued for a connection we closed fails with this: not news.
    if (error.message === 'connection closed') return
    logger.log('info', `client ${printable(client.id)}: ${error.message}`)
  })
  const freshConnectionError = oncePerMinute()
  aedes.on('connectionError', (client, error) => {
    const from = remoteOf(client)
    if (freshConnectionError(`${from}|${error.message}`))
      logger.log('info', `connection from ${from}: ${error.message}`)
  })

  let listeners: BrokerListeners
  try {
    const narrowFor = (client: Client, filter: string) => {
      const identity = identityOf(client)
      return identity ? narrowSubscription(identity, filter, aclOf(identity)) : null
    }
    listeners = await listenForBroker(
      (socket) => narrowUnsubscribes(aedes.handle(socket), narrowFor),
      options,
    )
  } catch (error) {
    await new Promise<void>((resolve) => aedes.close(() => resolve()))
    throw error
  }
  const passwordCheck = setInterval(accounts.closeOutdatedLogins, options.passwordCheckIntervalMs ?? 5_000)
  passwordCheck.unref()

  return {
    mqttPort: listeners.mqttPort,
    mqttsPort: listeners.mqttsPort,
    publish(topic, payload, { qos, retain }) {
      const packet = {
        cmd: 'publish',
        topic,
        payload: Buffer.from(payload),
        qos,
        retain,
        dup: false,
      } as PublishPacket
      return new Promise((resolve, reject) =>
        aedes.publish(packet, (error) => (error ? reject(error) : resolve())),
      )
    },
    addFamily(family, served) {
      if (families.has(family)) throw new Error(`the broker already serves a family named "${family}"`)
      families.set(family, served)
      return () => {
        if (families.get(family) !== served) return
        families.delete(family)
        const clients = (aedes as unknown as { clients: Record<string, Client> }).clients
        for (const client of Object.values(clients)) if (identityOf(client)?.family === family) client.close()
      }
    },
    forgetRemovedDevices: (family, deviceIds) => forgetRemovedDevices(aedes, family, deviceIds, logger),
    reachOf: createDeviceReach(aedes, identityOf),
    connectedClients: () => aedes.connectedClients,
    setCertificate: (tls) => listeners.setCertificate(tls),
    async close() {
      clearInterval(passwordCheck)
      await listeners.close(() => new Promise<void>((r) => aedes.close(() => r())))
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
