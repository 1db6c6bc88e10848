// What a failed connection to the broker is told as: who, why, and for a TLS handshake what it usually
// means for someone setting a phone up; a client that keeps failing the same way, once a minute.

import type { Socket } from 'node:net'
import type { TLSSocket } from 'node:tls'
import type { Logger } from '../../app/ports.js'

/** The causes of a failed TLS handshake that a phone's setup explains, and what to do about each. */
const HANDSHAKE_HINTS: [RegExp, string][] = [
  [
    /wrong version number|http request|packet length too long|unknown protocol/i,
    'it does not speak TLS: a phone with TLS off belongs on the plain MQTT port, or turn TLS on',
  ],
  [
    /unknown ca|bad certificate|certificate unknown|decrypt error/i,
    "the client does not trust this clock's certificate: install the CA certificate from the setup page",
  ],
  [/protocol version|no shared cipher|no protocols available/i, 'the client is too old for TLS 1.2'],
]

/**
 * One line per failed handshake: who, OpenSSL's reason without its codes, and what it usually means;
 * the same failure from the same address once a minute at most (scanners and a misconfigured phone
 * retry all day).
 */
export function logHandshakeFailure(logger: Logger) {
  const fresh = oncePerMinute()
  return (error: Error & { reason?: string }, socket: TLSSocket): void => {
    const reason = error.reason ?? error.message
    // A socket the client already closed no longer knows its peer; the TCP socket under it does, when
    // it was asked on arrival (see rememberPeer).
    const from = socket.remoteAddress ?? (socket as Parented)._parent?.remoteAddress ?? 'unknown address'
    if (!fresh(`${from}|${reason}`)) return
    const hint = HANDSHAKE_HINTS.find(([pattern]) => pattern.test(reason))?.[1]
    logger.log('info', `TLS handshake from ${from} failed: ${reason}${hint ? ` (${hint})` : ''}`)
  }
}

/** Node's TLS socket keeps the TCP socket it wraps as `_parent` (not in its types). */
type Parented = TLSSocket & { _parent?: Socket }

/** On each connection: its peer, asked now, is kept for log lines written after it closed. */
export function rememberPeer(socket: Socket): void {
  // Reading it makes Node ask the kernel now and keep the answer.
  void socket.remoteAddress
}

/**
 * True for a key not seen in the last minute: what a client that retries all day (a scanner, a phone
 * set up wrong) keeps doing is logged once a minute. Bounded: at most a thousand keys a minute are
 * said (one who cycles through more, from many addresses, gets no more lines for the rest of it).
 */
export function oncePerMinute(limit = 1_000): (key: string) => boolean {
  const lastSaid = new Map<string, number>()
  return (key) => {
    const now = performance.now()
    const last = lastSaid.get(key)
    if (last !== undefined && now - last < 60_000) return false
    if (lastSaid.size >= limit) {
      // Oldest first (a key said again moves to the end): forget what was said over a minute ago.
      for (const [old, at] of lastSaid) {
        if (now - at < 60_000) break
        lastSaid.delete(old)
      }
      if (lastSaid.size >= limit) return false
    }
    lastSaid.delete(key)
    lastSaid.set(key, now)
    return true
  }
}
