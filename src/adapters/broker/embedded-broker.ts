// The embedded MQTT broker (aedes): TLS for phones, plain MQTT on loopback, per-device accounts and
// topic rules. Phone messages go straight into the pipeline from authorizePublish (authorize-hooks.ts),
// so the PUBACK that aedes writes next is sent only after the message is committed; a QoS 1 message is
// forwarded to subscribers meanwhile (aedes itself acks QoS 1 before publishing).

import type { EventEmitter } from 'node:events'
import { Aedes, type AedesOptions, type Client, type PublishPacket } from 'aedes'
import type { DeviceReach, Inbound, Logger } from '../../app/ports.js'
import type { Credentials } from '../auth/credentials.js'
import type { EmbeddedBrokerConfig } from '../config/config-types.js'
import { printable } from '../log/printable.js'
import { narrowSubscription } from './acl.js'
import { aclOf, createAuthorizeHooks } from './authorize-hooks.js'
import { createBrokerAccounts, remoteOf } from './broker-accounts.js'
import { type BrokerListeners, listenForBroker } from './broker-listeners.js'
import { oncePerMinute } from './connection-log.js'
import { watchDeviceListening } from './device-listening.js'
import { createDeviceReach } from './device-reach.js'
import { publishAheadOfAck } from './publish-ahead.js'
import { type Forgotten, forgetRemovedDevices, forgetRemovedFamilies } from './removed-devices.js'
import { createRetainRules } from './retain-rules.js'
import { createSessionRules } from './session-rules.js'
import { createSubscriptionCap } from './subscription-cap.js'
import { narrowUnsubscribes } from './unsubscribe-narrowing.js'

/** aedes' persistence, which its typings leave out: the QoS 2 messages it holds for their PUBREL. */
interface AedesWithPersistence {
  persistence: { incomingGetPacket(client: Client, packet: PublishPacket): Promise<unknown> }
}

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
  /** Forgets the sessions and retained messages of every family not among `families`. */
  forgetRemovedFamilies(families: readonly string[]): Promise<Forgotten>
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
  const sessionRules = createSessionRules(identityOf, logger)
  const subscriptionCap = createSubscriptionCap()
  const retainRules = createRetainRules(logger)

  const aedesOptions: AedesOptions = {
    preConnect: accounts.preConnect,
    authenticate: accounts.authenticate,
    ...createAuthorizeHooks({
      accounts,
      families,
      logger,
      now,
      sessionRules,
      subscriptionCap,
      retainRules,
      // aedes, and so publishAhead, exists only once these hooks are given to it.
      publishAhead: (packet, client, queued) => publishAhead(packet, client, queued),
      heldForRelease: (client, packet) =>
        (aedes as unknown as AedesWithPersistence).persistence.incomingGetPacket(client, packet).then(
          () => true,
          () => false,
        ),
    }),
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
  aedes.on('unsubscribe', (topics, client) => subscriptionCap.forget(client, topics))
  watchDeviceListening(aedes, identityOf, families)
  aedes.on('clientError', (client, error) => {
    // Every write still queued for a connection we closed fails with this: not news.
    if (error.message === 'connection closed') return
    // Before its login a connection goes by a throwaway id (broker-accounts.ts): its address says more.
    const who = identityOf(client) ? printable(client.id) : `from ${remoteOf(client)}`
    logger.log('info', `client ${who}: ${error.message}`)
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
    forgetRemovedDevices: (family, deviceIds) =>
      forgetRemovedDevices(aedes, family, deviceIds, logger, (topic) => retainRules.kept(family, topic)),
    forgetRemovedFamilies: (served) => forgetRemovedFamilies(aedes, served, logger),
    reachOf: createDeviceReach(aedes, identityOf),
    connectedClients: () => aedes.connectedClients,
    setCertificate: (tls) => listeners.setCertificate(tls),
    async close() {
      clearInterval(passwordCheck)
      await listeners.close(() => new Promise<void>((r) => aedes.close(() => r())))
    },
  }
}
