// Guards on each broker socket, below aedes: the size of incoming packets is checked from their raw
// headers before aedes parses them, and a peer that stops reading our writes is closed in time.

import type { Socket } from 'node:net'
import type { Writable } from 'node:stream'
import type { Logger } from '../../app/ports.js'
import { createPacketSizeGuard } from './packet-size-guard.js'

/**
 * aedes pulls bytes with socket.read() on 'readable' (lib/client.js nextBatch), so the guard sits on
 * read(): each chunk's MQTT headers are checked before aedes' parser sees them, authenticated or not.
 */
export function guardPacketSize(socket: Socket, limitBytes: number, logger: Logger): void {
  const guard = createPacketSizeGuard(limitBytes)
  const read = socket.read.bind(socket)
  socket.read = (size?: number) => {
    const chunk = read(size) as Buffer | string | null
    if (chunk === null || typeof chunk === 'string' || guard.check(chunk)) return chunk
    logger.log(
      'warn',
      `closed the connection from ${socket.remoteAddress ?? 'unknown address'}: it announced a packet over ${limitBytes} bytes`,
    )
    socket.destroy()
    return null
  }
}

/** Watches our writes: once one has to wait, the socket must drain within `timeoutMs` or it is closed. */
export function closeWhenStalled(socket: Socket, timeoutMs: number, logger: Logger): void {
  let timer: NodeJS.Timeout | undefined
  const write = socket.write.bind(socket) as (...args: unknown[]) => boolean
  socket.write = ((...args: unknown[]) => {
    const flushed = write(...args)
    if (!flushed && timer === undefined) {
      timer = setTimeout(() => {
        logger.log(
          'warn',
          `closed the connection from ${socket.remoteAddress ?? 'unknown address'}: it stopped reading (${Math.round(socket.writableLength / 1024)} KiB waiting for ${timeoutMs / 1000} s)`,
        )
        socket.destroy()
      }, timeoutMs)
      timer.unref()
    }
    return flushed
  }) as Socket['write']
  socket.on('drain', () => {
    clearTimeout(timer)
    timer = undefined
  })
  socket.once('close', () => clearTimeout(timer))
}

/** Held bytes are sent once they reach this, so a held burst never looks like a reader's backlog. */
export const GATHER_MAX_BYTES = 64 * 1024

/**
 * Gathers a burst of packets into one write. aedes writes each forward from its own callback, so a
 * busy subscriber cost one socket write (over TLS, one record) per message. mqtt-packet already corks
 * the socket while one callback writes (a group commit's PUBACKs go out together when it ends). Here,
 * once a packet has gone out in this event-loop turn, the next one keeps the socket corked until the
 * next turn, or until GATHER_MAX_BYTES wait; a quiet connection's packets are never held.
 */
export function gatherWrites(socket: Writable): void {
  let packets = 0
  let holding = false
  const release = () => {
    holding = false
    socket.uncork()
  }
  const endTurn = () => {
    packets = 0
    if (holding) release()
  }
  const cork = socket.cork.bind(socket)
  socket.cork = () => {
    if (holding && socket.writableLength >= GATHER_MAX_BYTES) release()
    if (packets++ === 0) setImmediate(endTurn)
    else if (!holding && socket.writableCorked === 0) {
      holding = true
      cork()
    }
    cork()
  }
}
