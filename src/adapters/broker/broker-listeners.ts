// The embedded broker's two listeners, plain MQTT and MQTT over TLS, and what every socket gets before
// aedes sees it: no Nagle, TCP keepalive, the packet-size guard, the stall guard, gathered writes, and
// its peer's address kept for the log.

import type { AddressInfo, Server, Socket } from 'node:net'
import { createServer } from 'node:net'
import { createServer as createTlsServer, type TLSSocket } from 'node:tls'
import type { Logger } from '../../app/ports.js'
import type { EmbeddedBrokerConfig } from '../config/config-types.js'
import { addressKey } from '../net/address-key.js'
import { logHandshakeFailure, oncePerMinute, rememberPeer } from './connection-log.js'
import { closeWhenStalled, gatherWrites, guardPacketSize } from './socket-guards.js'

/**
 * A connection with data waiting that drains nothing for this long is closed: its peer is gone or has
 * stopped reading. The broker's backlog bound catches a flood at once; this catches a trickle that
 * would otherwise sit in memory until TCP gives up. A persistent session keeps its QoS 1 messages.
 */
const STALL_TIMEOUT_MS = 10_000

/**
 * A TLS handshake not done by then closes its connection (Node's default is 120 s, and it only reports
 * the timeout: the socket stayed open). A phone on a bad network retries; a peer that connects and says
 * nothing must not hold a file descriptor for good, nor keep the broker from closing.
 */
const HANDSHAKE_TIMEOUT_MS = 10_000

/**
 * TLS connections one address may have open that have not logged in yet: in their handshake, or done
 * with it and not through their CONNECT (aedes waits 30 s for one). A home's phones need a few; a
 * flood of idle sockets, each holding memory and a file descriptor, is cut off here.
 */
const SILENT_PER_ADDRESS = 32

/** Room for the largest OwnTracks message we accept (a card with a face) plus MQTT headers. */
const DEFAULT_MAX_PACKET_BYTES = 300 * 1024

export interface BrokerListeners {
  mqttPort: number
  mqttsPort: number
  /** Serves a new certificate to new connections; connected phones keep theirs. */
  setCertificate(tls: { cert: string | Buffer; key: string | Buffer }): void
  /**
   * Stops listening and closes every connection: those in a TLS handshake at once, then, once
   * `closeClients` (aedes closing the clients it has) is done, any still open (never logged in).
   */
  close(closeClients?: () => Promise<void>): Promise<void>
}

export async function listenForBroker(
  handOver: (socket: Socket | TLSSocket) => void,
  options: {
    config: EmbeddedBrokerConfig
    tls: { cert: string | Buffer; key: string | Buffer }
    logger: Logger
    maxPacketBytes?: number
    handshakeTimeoutMs?: number
  },
): Promise<BrokerListeners> {
  const { config, logger } = options
  /** Every TCP connection, and those whose TLS handshake is not done yet: closed with the listeners. */
  const open = new Set<Socket>()
  const handshaking = new Set<Socket>()
  const track = (tcp: Socket) => {
    open.add(tcp)
    tcp.once('close', () => open.delete(tcp))
  }
  /** How each TLS connection not logged in yet is counted out, once it logs in or it closes. */
  const finished = new WeakMap<Socket, () => void>()
  // Node's default (Nagle) adds ~40 ms to small writes such as CONNACK and PUBACK. TCP keepalive at the
  // system's interval (2 h on Linux, longer than any phone's MQTT keepalive, so it never wakes one that
  // pings) ends a half-open connection of a client that asked for no MQTT keepalive, which aedes
  // would keep, and its account's place, for good.
  const handle = (socket: Socket | TLSSocket) => {
    const tcp = (socket as Socket & { _parent?: Socket })._parent
    if (tcp) handshaking.delete(tcp)
    // Asked now, so that a log line about the connection after it closed still says who it was.
    rememberPeer(socket)
    socket.setNoDelay(true)
    socket.setKeepAlive(true)
    guardPacketSize(socket, options.maxPacketBytes ?? DEFAULT_MAX_PACKET_BYTES, logger)
    const counted = tcp ? finished.get(tcp) : undefined
    if (counted) awaitingLogin.set(socket, counted)
    closeWhenStalled(socket, STALL_TIMEOUT_MS, logger)
    gatherWrites(socket)
    handOver(socket)
  }
  const plain = createServer(handle)
  plain.on('connection', track)
  const secure = createTlsServer(
    {
      cert: options.tls.cert,
      key: options.tls.key,
      minVersion: 'TLSv1.2',
      handshakeTimeout: options.handshakeTimeoutMs ?? HANDSHAKE_TIMEOUT_MS,
    },
    handle,
  )
  const silentFrom = new Map<string, number>()
  const tooMany = oncePerMinute()
  secure.on('connection', (tcp: Socket) => {
    rememberPeer(tcp)
    track(tcp)
    // An IPv6 host has a whole /64 to pick addresses from: it is one address here.
    const address = addressKey(tcp.remoteAddress ?? '')
    const under = silentFrom.get(address) ?? 0
    if (under >= SILENT_PER_ADDRESS) {
      if (tooMany(address))
        logger.log(
          'warn',
          `closed connections from ${address}: ${under} TLS connections from it not logged in yet`,
        )
      tcp.destroy()
      return
    }
    silentFrom.set(address, under + 1)
    handshaking.add(tcp)
    let counted = true
    const done = () => {
      if (!counted) return
      counted = false
      handshaking.delete(tcp)
      const left = (silentFrom.get(address) ?? 1) - 1
      if (left > 0) silentFrom.set(address, left)
      else silentFrom.delete(address)
    }
    tcp.once('close', done)
    finished.set(tcp, done)
  })
  const logFailure = logHandshakeFailure(logger)
  secure.on('tlsClientError', (error: Error, socket: TLSSocket) => {
    logFailure(error, socket)
    socket.destroy()
  })
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
    async close(closeClients) {
      const closed = Promise.all([closeServer(plain), closeServer(secure)])
      for (const tcp of handshaking) tcp.destroy()
      await closeClients?.()
      // A connection that never sent its CONNECT is no client of aedes' yet, and the listener would
      // wait for it (up to aedes' 30 s connect timeout).
      for (const socket of open) socket.destroy()
      await closed
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

/** How a TLS connection not logged in yet is counted out of its address's silent ones (see loggedIn). */
const awaitingLogin = new WeakMap<object, () => void>()

/**
 * A connection's login was accepted: it no longer counts among its address's silent ones. Until then a
 * socket that sent a byte and waits (aedes gives a CONNECT 30 s) holds its place as an idle one does.
 */
export function loggedIn(socket: unknown): void {
  if (typeof socket !== 'object' || socket === null) return
  awaitingLogin.get(socket)?.()
  awaitingLogin.delete(socket)
}
