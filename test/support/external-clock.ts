// The clock's external-broker client against brokers on loopback ports: a plain aedes standing in for
// the family's Mosquitto, and a bare TCP server that hangs up after the login, as cloud brokers do.

import { type AddressInfo, createServer } from 'node:net'
import { Aedes, type AedesOptions, type Client } from 'aedes'
import mqtt from 'mqtt'
import { onTestFinished } from 'vitest'
import { type ExternalBroker, startExternalBroker } from '../../src/adapters/broker/external-broker.js'
import type { BrokerProfile, ExternalBrokerConfig } from '../../src/adapters/config/config-types.js'
import { createConsoleLogger } from '../../src/adapters/log/logger.js'
import type { ConnectionView } from '../../src/core/clock-view.js'

/** A plain aedes broker on a loopback port, standing in for the family's own broker. */
export async function startPlainBroker(options: AedesOptions = {}) {
  const aedes = await Aedes.createBroker(options)
  const server = createServer((socket) => aedes.handle(socket))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  onTestFinished(async () => {
    server.close()
    await new Promise<void>((resolve) => aedes.close(() => resolve()))
  })
  const clients = (aedes as unknown as { clients: Record<string, Client | undefined> }).clients
  return { aedes, port, url: `mqtt://127.0.0.1:${port}`, clients }
}

/**
 * A broker that reads the login (CONNECT) and closes the connection without a CONNACK, as AWS IoT does
 * for a client id its policy does not allow. `logins` counts the connections it closed so.
 */
export async function startSilentBroker() {
  let logins = 0
  const server = createServer((socket) => {
    socket.once('data', () => {
      logins++
      socket.end()
    })
    socket.on('error', () => {})
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())))
  const port = (server.address() as AddressInfo).port
  return { url: `mqtt://127.0.0.1:${port}`, logins: () => logins }
}

export interface ClockOnOptions {
  family?: string
  clientId: string
  profile?: BrokerProfile
  config?: Partial<Omit<ExternalBrokerConfig, 'kind' | 'url' | 'profile'>>
  /** Answers each message's commit (true: kept). */
  kept?: () => boolean
  now?: () => number
  backoff?: { initialMs: number; maxMs: number }
  resubscribe?: { initialMs: number; maxMs: number }
  subscribedBefore?: string
  onFilterHeld?: (filter: string) => void
}

/** The clock's client on that broker, with what it logged, received and showed. */
export function clockOn(url: string, options: ClockOnOptions) {
  const logs: string[] = []
  const received: string[] = []
  const views: boolean[] = []
  const changes: ConnectionView[] = []
  let subscribed: () => void = () => {}
  const firstSubscribe = new Promise<void>((resolve) => {
    subscribed = resolve
  })
  const broker: ExternalBroker = startExternalBroker({
    config: { ...options.config, kind: 'external', profile: options.profile ?? 'mosquitto', url },
    family: options.family ?? 'fam',
    clientId: options.clientId,
    logger: createConsoleLogger({ level: 'debug', write: (line) => logs.push(line) }),
    onMessage: (inbound, done) => {
      received.push(`${inbound.topic} ${inbound.payload.toString()}`)
      done((options.kept?.() ?? true) ? undefined : new Error('disk I/O error'))
    },
    onConnectionChange: (view) => {
      views.push(view.connected)
      changes.push(view)
    },
    onSubscribed: () => subscribed(),
    backoff: options.backoff ?? { initialMs: 200, maxMs: 400 },
    ...(options.resubscribe ? { resubscribe: options.resubscribe } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.subscribedBefore ? { subscribedBefore: options.subscribedBefore } : {}),
    ...(options.onFilterHeld ? { onFilterHeld: options.onFilterHeld } : {}),
  })
  onTestFinished(() => broker.close())
  /** The lines logged at a level ("ERROR", "WARN", "INFO"). */
  const logged = (level: string) => logs.filter((line) => line.split(' ')[1] === level)
  return { broker, logs, logged, received, views, changes, firstSubscribe }
}

export async function phoneOn(url: string) {
  const phone = await mqtt.connectAsync(url, { clientId: `phone-${Math.random()}`, reconnectPeriod: 0 })
  onTestFinished(() => phone.endAsync(true))
  return phone
}
