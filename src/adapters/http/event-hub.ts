// Server-Sent Events: every browser gets the full view on connect and after each change.
// A browser that stops reading is dropped once its backlog passes a bound, so it cannot hold memory
// or slow the others; EventSource reconnects by itself and gets a fresh view. One address may hold a
// few streams only, so one device on the LAN cannot take every place and leave the wall tablets none.

import type { IncomingMessage, ServerResponse } from 'node:http'
import type { ClockView } from '../../core/clock-view.js'
import { addressKey, isLoopbackAddress, peerKey } from '../net/address-key.js'

const HEARTBEAT_MS = 25_000
/** Bytes a client may leave unread before it is disconnected. */
const MAX_BACKLOG_BYTES = 256 * 1024
/** Streams open at once: a wall of tablets is a handful; more is someone holding connections open. */
export const MAX_STREAMS = 256
/**
 * Streams open at once from one address (for IPv6, one /64): a tablet holds one, a few browser tabs a
 * few. A reverse proxy on this machine says whose each is (X-Forwarded-For), or every browser behind it
 * would share the proxy's eight.
 */
export const MAX_STREAMS_PER_ADDRESS = 8

/**
 * Streams open at once through a reverse proxy on this machine, however many browsers it says they are
 * for: a proxy that passes on a client's own X-Forwarded-For (nginx without proxy_add_x_forwarded_for, a
 * TCP tunnel) lets that client name any address, and it must not take every place.
 */
export const MAX_STREAMS_THROUGH_A_PROXY = 64

/** Counts the streams a proxy on this machine passed on, whoever they are for. */
const PROXIED = '(through a proxy)'

/**
 * What a stream counts against: its peer's address; for one a program on this machine passed on with
 * X-Forwarded-For (a reverse proxy), the client address added last, and the proxied streams' total.
 */
function streamOwners(req: IncomingMessage): string[] {
  const peer = req.socket.remoteAddress ?? ''
  const forwarded = req.headers['x-forwarded-for']
  const last = typeof forwarded === 'string' ? forwarded.split(',').at(-1)?.trim() : undefined
  if (!last || !isLoopbackAddress(peer)) return [peerKey(peer, req.socket.localAddress)]
  return [addressKey(last), PROXIED]
}

export interface EventHub {
  attach(req: IncomingMessage, res: ServerResponse, view: ClockView): void
  broadcast(view: ClockView): void
  closeAll(): void
  size(): number
}

/** `pageVersion`: the clock page's version (web-assets.ts), told first on every stream. */
export function createEventHub(pageVersion?: string): EventHub {
  /** Each open stream and what it counts against (streamOwners). */
  const clients = new Map<ServerResponse, string[]>()
  const streamsFrom = new Map<string, number>()
  let heartbeat: NodeJS.Timeout | undefined

  const drop = (res: ServerResponse) => {
    const owners = clients.get(res)
    if (owners === undefined) return
    clients.delete(res)
    for (const from of owners) {
      const left = (streamsFrom.get(from) ?? 1) - 1
      if (left <= 0) streamsFrom.delete(from)
      else streamsFrom.set(from, left)
    }
  }

  const send = (res: ServerResponse, chunk: string) => {
    if (res.writableLength > MAX_BACKLOG_BYTES) {
      drop(res)
      res.destroy()
      return
    }
    res.write(chunk)
  }

  const ensureHeartbeat = () => {
    if (heartbeat || clients.size === 0) return
    heartbeat = setInterval(() => {
      // An event, not a comment: the page watches for it to tell a quiet stream from a dead one. It
      // carries the server's time, by which the page ages its "since" texts (its own timer may have
      // stood still while the tablet slept).
      const ping = `event: ping\ndata: ${Date.now()}\n\n`
      for (const res of clients.keys()) send(res, ping)
      if (clients.size === 0 && heartbeat) {
        clearInterval(heartbeat)
        heartbeat = undefined
      }
    }, HEARTBEAT_MS)
    heartbeat.unref()
  }

  return {
    attach(req, res, view) {
      const head = {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        // nginx buffers proxied answers, event streams too, and would hold views back until its buffer
        // fills; this header turns that off for this answer alone, with no change to nginx's config.
        'x-accel-buffering': 'no',
        'x-content-type-options': 'nosniff',
      }
      // A HEAD asks only what the stream would be: it gets the headers, and no stream.
      if (req.method === 'HEAD') {
        res.writeHead(200, head).end()
        return
      }
      const refuse = (status: number, reason: string) => {
        res.writeHead(status, { ...head, 'content-type': 'text/plain; charset=utf-8', 'retry-after': '30' })
        res.end(reason)
      }
      const owners = streamOwners(req)
      const [from] = owners as [string]
      if ((streamsFrom.get(from) ?? 0) >= MAX_STREAMS_PER_ADDRESS)
        return refuse(429, `at most ${MAX_STREAMS_PER_ADDRESS} live clocks at once from one address`)
      if (owners.length > 1 && (streamsFrom.get(PROXIED) ?? 0) >= MAX_STREAMS_THROUGH_A_PROXY)
        return refuse(429, `at most ${MAX_STREAMS_THROUGH_A_PROXY} live clocks at once through a proxy`)
      if (clients.size >= MAX_STREAMS) return refuse(503, `at most ${MAX_STREAMS} live clocks at once`)
      res.writeHead(200, { ...head, connection: 'keep-alive' })
      res.socket?.setNoDelay(true)
      res.write(`retry: 2000\n\n`)
      // A page left open (a wall tablet) that was loaded from another version reloads: the server was
      // upgraded under it. Sent on every stream, so a page hears it on its first reconnect after.
      if (pageVersion !== undefined) res.write(`event: version\ndata: ${pageVersion}\n\n`)
      clients.set(res, owners)
      for (const owner of owners) streamsFrom.set(owner, (streamsFrom.get(owner) ?? 0) + 1)
      send(res, frame(view))
      req.on('close', () => drop(res))
      ensureHeartbeat()
    },
    broadcast(view) {
      if (clients.size === 0) return
      const chunk = frame(view)
      for (const res of clients.keys()) send(res, chunk)
    },
    closeAll() {
      for (const res of clients.keys()) res.end()
      clients.clear()
      streamsFrom.clear()
      if (heartbeat) clearInterval(heartbeat)
      heartbeat = undefined
    },
    size: () => clients.size,
  }
}

const frame = (view: ClockView): string => `event: state\ndata: ${JSON.stringify(view)}\n\n`
