// The embedded broker's two listeners, plain MQTT and MQTT over TLS, and what every socket gets before
// aedes sees it: no Nagle, TCP keepalive, the packet-size guard, the stall guard, gathered writes, and
// its peer's address kept for the log.

import type { AddressInfo, Server, Socket } from 'node:net'
import { createServer } from 'node:net'
import { createServer as createTlsServer, type TLSSocket } from 'node:tls'
import type { Logger } from '../../app/ports.js'
import type { EmbeddedBrokerConfig } from '../config/config-types.js'
import { logHandshakeFailure, rememberPeer } from './connection-log.js'
import { closeWhenStalled, gatherWrites, guardPacketSize } from './socket-guards.js'

/**
 * A connection with data waiting that drains nothing for this long is closed: its peer is gone or has
 * stopped reading. The broker's backlog bound catches a flood at once; this catches a trickle that
 * would otherwise sit in memory until TCP gives up. A persistent session keeps its QoS 1 messages.
 */
const STALL_TIMEOUT_MS = 10_000

/** Room for the largest OwnTracks message we accept (a card with a face) plus MQTT headers. */
const DEFAULT_MAX_PACKET_BYTES = 300 * 1024

export interface BrokerListeners {
  mqttPort: number
  mqttsPort: number
  /** Serves a new certificate to new connections; connected phones keep theirs. */
  setCertificate(tls: { cert: string | Buffer; key: string | Buffer }): void
  close(): Promise<void>
}

export async function listenForBroker(
  handOver: (socket: Socket | TLSSocket) => void,
  options: {
    config: EmbeddedBrokerConfig
    tls: { cert: string | Buffer; key: string | Buffer }
    logger: Logger
    maxPacketBytes?: number
  },
): Promise<BrokerListeners> {
  const { config, logger } = options
  // Node's default (Nagle) adds ~40 ms to small writes such as CONNACK and PUBACK. TCP keepalive at the
  // system's interval (2 h on Linux, longer than any phone's MQTT keepalive, so it never wakes one that
  // pings) ends a half-open connection of a client that asked for no MQTT keepalive, which aedes
  // would keep, and its account's place, for good.
  const handle = (socket: Socket | TLSSocket) => {
    // Asked now, so that a log line about the connection after it closed still says who it was.
    rememberPeer(socket)
    socket.setNoDelay(true)
    socket.setKeepAlive(true)
    guardPacketSize(socket, options.maxPacketBytes ?? DEFAULT_MAX_PACKET_BYTES, logger)
    closeWhenStalled(socket, STALL_TIMEOUT_MS, logger)
    gatherWrites(socket)
    handOver(socket)
  }
  const plain = createServer(handle)
  const secure = createTlsServer(
    { cert: options.tls.cert, key: options.tls.key, minVersion: 'TLSv1.2' },
    handle,
  )
  secure.on('connection', rememberPeer)
  secure.on('tlsClientError', logHandshakeFailure(logger))
  try {
    await listen(plain, config.mqttPort, config.mqttHost)
    await listen(secure, config.mqttsPort, config.mqttsHost)
  } catch (error) {
    await Promise.all([closeServer(plain), closeServer(secure)])
    throw error
  }
  return {
    mqttPort: (plain.address() as AddressInfo).port,
    mqttsPort: (secure.address() as AddressInfo).port,
    setCertificate(tls) {
      secure.setSecureContext({ cert: tls.cert, key: tls.key, minVersion: 'TLSv1.2' })
    },
    async close() {
      await Promise.all([closeServer(plain), closeServer(secure)])
    },
  }
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => (server.listening ? server.close(() => resolve()) : resolve()))
}
