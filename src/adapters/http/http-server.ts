// The web clock's HTTP server: static page, JSON API, a Server-Sent Events stream of views, health.
// No framework: a handful of routes on node:http.

import { readFile, stat } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { hostname } from 'node:os'
import path from 'node:path'
import type { Logger, Output } from '../../app/ports.js'
import type { ClockView } from '../../core/clock-view.js'
import { printable } from '../log/printable.js'
import { addressKey, isLoopbackAddress } from '../net/address-key.js'
import { byteRangeOf } from './byte-range.js'
import { createEventHub, MAX_STREAMS } from './event-hub.js'
import { createHostCheck, hostName } from './host-check.js'
import { SECURITY_HEADERS } from './security-headers.js'
import { loadWebAssets } from './web-assets.js'

export interface HttpApi {
  view(): ClockView
  /** The member's card face as base64, if any. */
  face(memberId: string): string | undefined
  stats(): object
  health(): { ok: boolean; [key: string]: unknown }
  history(memberId: string | undefined, limit: number): unknown
}

export interface HttpServerOptions {
  host: string
  port: number
  /** Folder with index.html, app.js and app.css (dist/web), read once at start (web-assets.ts). */
  webRoot: string
  api: HttpApi
  /** Setup-page routes (/ca.crt, /api/admin/*); they answer true when they handled the request. */
  admin?: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>
  /** Where a failure of ours (a 500) is told; the browser only learns "internal error". */
  logger?: Logger
  /**
   * Names the clock is reached by besides addresses, local names and the machine's own name (see
   * host-check.ts): `http.allowedHosts` and the broker's public names.
   */
  allowedHosts?: readonly string[]
  /** The package's sounds/ folder: the chime the page plays is served from it (sounds/<file>). */
  soundsDir?: string
}

export interface HttpServer {
  readonly port: number
  readonly url: string
  /** The clock page's version, which its event stream tells open pages; undefined with no page. */
  readonly version: string | undefined
  /** An Output: every new view is pushed to connected browsers. */
  output: Output
  close(): Promise<void>
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.ogg': 'audio/ogg',
}

/** A sound's name as the config's `sound` allows it (read-display.ts): nothing that could leave the folder. */
const SOUND_NAME = /^\/sounds\/([\w-][\w.-]*\.(?:wav|mp3|ogg))$/

const NO_FRAMING = {
  'content-security-policy': `${SECURITY_HEADERS['content-security-policy']}; frame-ancestors 'none'`,
  'x-frame-options': 'DENY',
}

/** Connections open at once from one address (for IPv6, one /64): a tablet's page and stream need a few. */
export const MAX_CONNECTIONS_PER_ADDRESS = 64
/** From this machine: a reverse proxy brings every browser's connections, each stream one of them. */
export const MAX_CONNECTIONS_FROM_THIS_MACHINE = MAX_STREAMS + 64
/** Connections open at once in all: every stream there may be, and room for requests beside them. */
export const MAX_CONNECTIONS = MAX_STREAMS + 256
/** How long a request's headers may take to arrive (Node's default is a minute). */
const HEADERS_TIMEOUT_MS = 20_000

export async function startHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const { api } = options
  const assets = loadWebAssets(options.webRoot)
  const hub = createEventHub(assets.version)
  const hostAllowed = createHostCheck([...(options.allowedHosts ?? []), hostname()])
  const refusedHosts = new Set<string>()

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      // A mistake in a request (unknown member…) is the caller's to fix; anything else is ours.
      const known = error instanceof Error && error.name === 'ProvisionError'
      if (!known)
        options.logger?.log(
          'error',
          `web server: ${req.method} ${(req.url ?? '').split('?')[0]} failed: ${error instanceof Error ? error.message : String(error)}`,
        )
      if (res.headersSent) res.destroy()
      else sendJson(res, known ? 400 : 500, { error: known ? (error as Error).message : 'internal error' })
    })
  })

  // Connections held open (a slow request, an idle keep-alive, a stream) are bounded, per address and in
  // all, in the process that also runs the broker: one machine on the network cannot hold thousands.
  server.maxConnections = MAX_CONNECTIONS
  server.headersTimeout = HEADERS_TIMEOUT_MS
  const connections = new Map<string, number>()
  let refusedSaid = false
  server.on('connection', (socket) => {
    const key = addressKey(socket.remoteAddress ?? '')
    const count = (connections.get(key) ?? 0) + 1
    const cap = isLoopbackAddress(socket.remoteAddress ?? '')
      ? MAX_CONNECTIONS_FROM_THIS_MACHINE
      : MAX_CONNECTIONS_PER_ADDRESS
    if (count > cap) {
      if (!refusedSaid)
        options.logger?.log('warn', `web server: ${key} holds ${cap} connections; closing any more it opens`)
      refusedSaid = true
      return void socket.destroy()
    }
    connections.set(key, count)
    socket.once('close', () => {
      const left = (connections.get(key) ?? 1) - 1
      if (left > 0) connections.set(key, left)
      else connections.delete(key)
    })
  })

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostAllowed(req.headers.host)) return refuseHost(req.headers.host ?? '', res)
    // "OPTIONS *" asks what the server as a whole supports (RFC 9110 §9.3.7).
    if (req.method === 'OPTIONS' && req.url === '*') {
      res.writeHead(204, { ...SECURITY_HEADERS, allow: 'GET, HEAD, POST' })
      return void res.end()
    }
    const url = requestUrl(req.url)
    if (!url) return sendJson(res, 400, { error: 'malformed request target' })
    if (options.admin && (await options.admin(req, res, url))) return
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return sendJson(res, 405, { error: 'method not allowed' }, { allow: 'GET, HEAD' })
    switch (url.pathname) {
      case '/api/state':
        return sendJson(res, 200, api.view())
      case '/api/events':
        return hub.attach(req, res, api.view())
      case '/api/stats':
        return sendJson(res, 200, { ...(api.stats() as object), liveWebClients: hub.size() })
      case '/api/history': {
        // A whole number (SQLite refuses 1.5 for a LIMIT), 1 to 1000.
        const asked = Math.trunc(Number(url.searchParams.get('limit') ?? 100))
        const limit = Math.min(1000, Math.max(1, asked || 100))
        return sendJson(res, 200, api.history(url.searchParams.get('member') ?? undefined, limit))
      }
      case '/healthz': {
        const health = api.health()
        return sendJson(res, health.ok ? 200 : 503, health)
      }
      case '/setup':
        return serveStatic('/setup.html', url, res)
      case '/api/face':
        return serveFace(url.searchParams.get('member') ?? '', res)
      default: {
        const sound = SOUND_NAME.exec(url.pathname)?.[1]
        if (sound !== undefined && options.soundsDir) return serveSound(options.soundsDir, sound, req, res)
        return serveStatic(url.pathname, url, res)
      }
    }
  }

  function refuseHost(header: string, res: ServerResponse): void {
    // Anything may be in a Host header: shown without what a terminal would take for an escape.
    const name = printable(hostName(header))
    // Told once per name (at most a hundred): a page trying it in a loop does not fill the log.
    if (refusedHosts.size < 100 && !refusedHosts.has(name)) {
      refusedHosts.add(name)
      options.logger?.log(
        'warn',
        `web server: refused requests for host "${name}": if the clock is reached by that name, add it to http.allowedHosts`,
      )
    }
    sendJson(res, 421, { error: `this clock does not answer to "${name}": add it to http.allowedHosts` })
  }

  function serveFace(memberId: string, res: ServerResponse): void {
    const face = api.face(memberId)
    const image = face === undefined ? undefined : Buffer.from(face, 'base64')
    const type = image && imageType(image)
    if (!image || !type) {
      sendJson(res, 404, { error: 'no face for this member' })
      return
    }
    // The URL carries the face's version, so browsers may keep it as long as they like; a member's
    // photo is not for a shared cache (a proxy, a CDN in front of a hosted clock) to keep and hand out.
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': type,
      'cache-control': 'private, max-age=31536000, immutable',
      'content-length': image.length,
    })
    res.end(image)
  }

  /**
   * Read when asked (a sound of the user's own may be added to the folder), revalidated by its size and
   * time: the page keeps its Audio element, so a chime is fetched once, not at every move.
   */
  async function serveSound(dir: string, name: string, req: IncomingMessage, res: ServerResponse) {
    const file = path.join(dir, name)
    let body: Buffer
    let tag: string
    try {
      const info = await stat(file)
      tag = `"${info.size.toString(36)}-${Math.trunc(info.mtimeMs).toString(36)}"`
      if (req.headers['if-none-match'] === tag) {
        res.writeHead(304, { etag: tag, 'cache-control': 'no-cache' })
        return void res.end()
      }
      body = await readFile(file)
    } catch {
      return sendJson(res, 404, { error: 'no such sound' })
    }
    const headers = {
      ...SECURITY_HEADERS,
      'content-type': CONTENT_TYPES[path.extname(name)] ?? 'application/octet-stream',
      'cache-control': 'no-cache',
      etag: tag,
      'accept-ranges': 'bytes',
    }
    // iPads' WebKit asks for a range before it plays a chime, and plays none from a server that does
    // not answer one. An If-Range naming another version gets the whole new file.
    const ifRange = req.headers['if-range']
    // Only a GET is answered in part (RFC 9110 §14.2): a HEAD gets the whole file's headers.
    const asked = req.method === 'GET' && (ifRange === undefined || ifRange === tag)
    const range = asked ? byteRangeOf(req.headers.range, body.length) : undefined
    if (range === 'unsatisfiable') {
      res.writeHead(416, { ...headers, 'content-range': `bytes */${body.length}`, 'content-length': 0 })
      return void res.end()
    }
    if (range) {
      res.writeHead(206, {
        ...headers,
        'content-range': `bytes ${range.start}-${range.end}/${body.length}`,
        'content-length': range.end - range.start + 1,
      })
      return void res.end(body.subarray(range.start, range.end + 1))
    }
    res.writeHead(200, { ...headers, 'content-length': body.length })
    res.end(body)
  }

  function serveStatic(pathname: string, url: URL, res: ServerResponse): void {
    const name = pathname === '/' ? 'index.html' : pathname.slice(1)
    const file = assets.file(name)
    if (!file) {
      sendJson(res, 404, { error: 'not found' })
      return
    }
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      // The setup page may not be framed (clicks through another site); the clock may (a dashboard).
      ...(name === 'setup.html' ? NO_FRAMING : {}),
      'content-type': CONTENT_TYPES[path.extname(name)] ?? 'application/octet-stream',
      // A URL with the file's hash never names other bytes, so it is kept for good. Anything else (the
      // pages, which name those URLs) is asked again each time: a page kept a while after an upgrade
      // would load old scripts into a tablet that then runs them for months.
      'cache-control':
        file.hash !== undefined && url.searchParams.get('v') === file.hash
          ? 'public, max-age=31536000, immutable'
          : 'no-cache',
      'content-length': file.body.length,
    })
    res.end(file.body)
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  const hostForUrl = options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host
  return {
    port,
    url: `http://${hostForUrl.includes(':') ? `[${hostForUrl}]` : hostForUrl}:${port}/`,
    version: assets.version,
    output: { show: (view) => hub.broadcast(view) },
    async close() {
      hub.closeAll()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** Only real PNG or JPEG bytes are served as images (a card is untrusted input). */
function imageType(bytes: Buffer): string | undefined {
  if (bytes.length > 8 && bytes.readUInt32BE(0) === 0x89504e47) return 'image/png'
  if (bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg'
  return undefined
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(text),
  })
  res.end(text)
}

/**
 * The request target as a URL: a path (the usual form) is read as a path even when it starts with
 * "//", which `new URL(target, base)` would take for a host (and "//" alone would make it throw);
 * the absolute form (`http://host/path`) as it is. Null for anything else.
 */
function requestUrl(target: string | undefined): URL | null {
  try {
    if (target === undefined || target.startsWith('/')) return new URL(`http://localhost${target ?? '/'}`)
    return /^https?:\/\//i.test(target) ? new URL(target) : null
  } catch {
    return null
  }
}
