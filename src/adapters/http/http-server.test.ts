// The web server on a real socket: what a failure of ours tells the browser, and what it tells the log.

import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { request } from 'node:http'
import { connect, type Socket } from 'node:net'
import path from 'node:path'
import { describe, expect, it, onTestFinished, vi } from 'vitest'
import { emptyApi as api } from '../../../test/support/http-api.js'
import { createConsoleLogger } from '../log/logger.js'
import { MAX_STREAMS, MAX_STREAMS_PER_ADDRESS, MAX_STREAMS_THROUGH_A_PROXY } from './event-hub.js'
import { type HttpServerOptions, MAX_CONNECTIONS_FROM_THIS_MACHINE, startHttpServer } from './http-server.js'

/** The server on a loopback port for one test, with what it logs; `options` replace the defaults. */
async function serve(options: Partial<HttpServerOptions> = {}) {
  const logs: string[] = []
  const server = await startHttpServer({
    host: '127.0.0.1',
    port: 0,
    webRoot: '/nonexistent',
    api,
    logger: createConsoleLogger({ level: 'info', write: (line) => logs.push(line) }),
    ...options,
  })
  onTestFinished(() => server.close())
  return { server, logs }
}

/** A GET (or `method`) with the Host header a browser on some page would send: status and body. */
function get(port: number, path: string, host: string, method = 'GET') {
  return new Promise<{ status: number; body: string; allow?: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers: { host } }, (res) => {
      let body = ''
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString()
      })
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body,
          ...(res.headers.allow === undefined ? {} : { allow: res.headers.allow }),
        }),
      )
    })
    req.on('error', reject)
    req.end()
  })
}

describe('web server hosts', () => {
  it('answers its local names and configured ones, and refuses a rebound public name once in the log', async () => {
    const { server, logs } = await serve({ allowedHosts: ['clock.example.com'] })
    for (const host of [`localhost:${server.port}`, `raspberrypi.local:${server.port}`, 'clock.example.com'])
      expect((await get(server.port, '/api/state', host)).status, host).toBe(200)

    for (const path of ['/api/state', '/api/history', '/api/events']) {
      const refused = await get(server.port, path, `rebind.evil.example:${server.port}`)
      expect(refused.status).toBe(421)
      expect(JSON.parse(refused.body).error).toContain('"rebind.evil.example"')
    }
    expect(logs).toEqual([
      expect.stringContaining(
        'refused requests for host "rebind.evil.example": if the clock is reached by that name, add it to http.allowedHosts',
      ),
    ])
    // A name with what a terminal takes for an escape (C1 CSI, 0x9b) is logged without it.
    expect((await get(server.port, '/', 'x\u009b2J.example')).status).toBe(421)
    expect(logs.at(-1)).toContain('refused requests for host "x?2j.example"')
  })
})

interface Stream {
  status: number
  /** The whole body of a refusal (a stream's never ends). */
  body: Promise<string>
  close(): void
}

/** A live-update stream asked for from a local address of this machine; closed when the test ends. */
function openStream(port: number, localAddress: string, forwardedFor?: string): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const headers = forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor }
    const req = request(
      { host: '127.0.0.1', port, path: '/api/events', localAddress, agent: false, headers },
      (res) => {
        let body = ''
        res.on('data', (chunk: Buffer) => {
          body += chunk.toString()
        })
        const ended = new Promise<string>((done) => res.on('end', () => done(body)))
        const close = () => void req.destroy()
        onTestFinished(close)
        resolve({ status: res.statusCode ?? 0, body: ended, close })
      },
    )
    req.on('error', reject)
    req.end()
  })
}

const liveStreams = async (url: string) =>
  ((await (await fetch(`${url}api/stats`)).json()) as { liveWebClients: number }).liveWebClients

describe('web server event streams', () => {
  it('answers HEAD with headers only, and refuses streams past the bound', async () => {
    const { server } = await serve()
    const head = await fetch(`${server.url}api/events`, { method: 'HEAD' })
    expect([head.status, head.headers.get('content-type')]).toEqual([200, 'text/event-stream; charset=utf-8'])
    expect(await liveStreams(server.url)).toBe(0)
    // As many addresses (all of them this machine's: 127.0.0.0/8) as it takes to fill every place.
    const streams: Promise<Stream>[] = []
    for (let i = 0; i < MAX_STREAMS; i++)
      streams.push(openStream(server.port, `127.0.1.${1 + Math.floor(i / MAX_STREAMS_PER_ADDRESS)}`))
    expect(new Set((await Promise.all(streams)).map((s) => s.status))).toEqual(new Set([200]))
    expect((await openStream(server.port, '127.0.2.1')).status).toBe(503)
    expect(await liveStreams(server.url)).toBe(MAX_STREAMS)
  })

  it(`lets one address hold ${MAX_STREAMS_PER_ADDRESS} streams, leaving the others theirs, and frees a closed one’s place`, async () => {
    const { server } = await serve()
    const mine = await Promise.all(
      Array.from({ length: MAX_STREAMS_PER_ADDRESS }, () => openStream(server.port, '127.0.0.5')),
    )
    expect(new Set(mine.map((s) => s.status))).toEqual(new Set([200]))
    const refused = await openStream(server.port, '127.0.0.5')
    expect(refused.status).toBe(429)
    expect(await refused.body).toBe(`at most ${MAX_STREAMS_PER_ADDRESS} live clocks at once from one address`)
    expect((await openStream(server.port, '127.0.0.6')).status).toBe(200)
    mine[0]?.close()
    await vi.waitFor(async () => expect(await liveStreams(server.url)).toBe(MAX_STREAMS_PER_ADDRESS), {
      timeout: 2_000,
      interval: 10,
    })
    expect((await openStream(server.port, '127.0.0.5')).status).toBe(200)
  })

  it('counts the streams a reverse proxy on this machine passes on by the browsers it names', async () => {
    const { server } = await serve()
    const tablets = await Promise.all(
      Array.from({ length: MAX_STREAMS_PER_ADDRESS }, (_, i) =>
        openStream(server.port, '127.0.0.7', `192.168.1.${10 + i}`),
      ),
    )
    expect(new Set(tablets.map((s) => s.status))).toEqual(new Set([200]))
    // One more browser behind the proxy gets its stream; one browser past its own eight does not.
    expect((await openStream(server.port, '127.0.0.7', '192.168.1.99')).status).toBe(200)
    const kitchen = await Promise.all(
      Array.from({ length: MAX_STREAMS_PER_ADDRESS }, () =>
        openStream(server.port, '127.0.0.7', 'spoofed, 192.168.1.50'),
      ),
    )
    expect(new Set(kitchen.map((s) => s.status))).toEqual(new Set([200]))
    expect((await openStream(server.port, '127.0.0.7', '192.168.1.50')).status).toBe(429)
    // A client that names a new address each time through a proxy passing its own header on gets the
    // proxied streams' share, not every place: direct ones still get theirs.
    const named = await Promise.all(
      Array.from({ length: MAX_STREAMS_THROUGH_A_PROXY - 2 * MAX_STREAMS_PER_ADDRESS - 1 }, (_, i) =>
        openStream(server.port, '127.0.0.7', `10.9.${i}.1`),
      ),
    )
    expect(new Set(named.map((s) => s.status))).toEqual(new Set([200]))
    const past = await openStream(server.port, '127.0.0.7', '10.10.0.1')
    expect(past.status).toBe(429)
    expect(await past.body).toBe(`at most ${MAX_STREAMS_THROUGH_A_PROXY} live clocks at once through a proxy`)
    expect((await openStream(server.port, '127.0.0.8')).status).toBe(200)
  })

  it('asks a proxy in front (nginx) to pass views on as they come, and caches to keep none', async () => {
    const { server } = await serve()
    const headers = await new Promise<Record<string, unknown>>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: '/api/events' }, (res) => {
        resolve(res.headers)
        res.destroy()
      })
      req.on('error', reject)
      req.end()
    })
    expect(headers).toMatchObject({
      'content-type': 'text/event-stream; charset=utf-8',
      'x-accel-buffering': 'no',
      'cache-control': 'no-store',
    })
  })
})

describe('web server faces', () => {
  it('lets the browser keep a member’s photo, and no shared cache', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')
    const { server } = await serve({ api: { ...api, face: () => png.toString('base64') } })
    const res = await fetch(`${server.url}api/face?member=ginny&v=1`)
    expect([res.status, res.headers.get('content-type')]).toEqual([200, 'image/png'])
    const cacheControl = res.headers.get('cache-control')?.split(/,\s*/) ?? []
    expect(cacheControl).toContain('private')
    expect(cacheControl).not.toContain('public')
    expect(cacheControl).toContain('max-age=31536000')
  })
})

describe('web server failures', () => {
  it('answers a failure of ours with a bare 500 and logs what failed, without the query', async () => {
    const { server, logs } = await serve({
      api: {
        ...api,
        history: () => {
          throw new Error('database is locked')
        },
      },
    })
    const res = await fetch(`${server.url}api/history?member=ginny&limit=5`)
    expect(res.status).toBe(500)
    expect(await res.json()).toEqual({ error: 'internal error' })
    expect(logs).toEqual([
      expect.stringContaining('ERROR web server: GET /api/history failed: database is locked'),
    ])
  })
})

describe('web server request targets', () => {
  it('reads a target that starts with "//" as a path, and refuses one that is no path or URL', async () => {
    const { server, logs } = await serve()
    const port = server.port
    // "//" made new URL() throw (a 500 and an error logged for any client that sent it); "//x/…"
    // named the host x and served the path after it.
    expect((await get(port, '//', 'localhost')).status).toBe(404)
    expect((await get(port, '//x/api/state', 'localhost')).status).toBe(404)
    expect((await get(port, '/api/state', 'localhost')).status).toBe(200)
    // The absolute form a proxy may send is a URL as well.
    expect((await get(port, 'http://localhost/api/state', 'localhost')).status).toBe(200)
    const odd = await get(port, '*', 'localhost')
    expect(odd.status).toBe(400)
    expect(JSON.parse(odd.body)).toEqual({ error: 'malformed request target' })
    expect(logs.filter((line) => /ERROR/.test(line))).toEqual([])
  })
})

describe('web server methods', () => {
  it('says which methods it takes when it refuses one, and answers OPTIONS *', async () => {
    const { server } = await serve()
    const port = server.port
    const refused = await get(port, '/api/state', 'localhost', 'DELETE')
    expect(refused).toMatchObject({ status: 405, allow: 'GET, HEAD' })
    // RFC 9110: the server as a whole, not a resource (it used to be a malformed target).
    expect(await get(port, '*', 'localhost', 'OPTIONS')).toEqual({
      status: 204,
      body: '',
      allow: 'GET, HEAD, POST',
    })
    // Another name is still refused first.
    expect((await get(port, '*', 'rebound.example', 'OPTIONS')).status).toBe(421)
  })
})

describe('sounds', () => {
  it('answers a byte range as WebKit asks for one before it plays a chime, and the whole file otherwise', async () => {
    const { server } = await serve({ soundsDir: path.resolve('sounds') })
    const whole = readFileSync(path.resolve('sounds', 'chime.wav'))
    const fetchSound = (headers: Record<string, string> = {}) =>
      fetch(`http://127.0.0.1:${server.port}/sounds/chime.wav`, {
        headers: { host: 'localhost', ...headers },
      })
    const full = await fetchSound()
    expect(full.status).toBe(200)
    expect(full.headers.get('accept-ranges')).toBe('bytes')
    expect(Buffer.from(await full.arrayBuffer())).toEqual(whole)
    const first = await fetchSound({ range: 'bytes=0-1' })
    expect(first.status).toBe(206)
    expect(first.headers.get('content-range')).toBe(`bytes 0-1/${whole.length}`)
    expect(Buffer.from(await first.arrayBuffer())).toEqual(whole.subarray(0, 2))
    const rest = await fetchSound({ range: 'bytes=2-', 'if-range': full.headers.get('etag') ?? '' })
    expect(Buffer.from(await rest.arrayBuffer())).toEqual(whole.subarray(2))
    // A range of another version of the file (If-Range with an old tag): the whole new one.
    expect((await fetchSound({ range: 'bytes=2-', 'if-range': '"old"' })).status).toBe(200)
    // A HEAD is never answered in part.
    const head = await fetch(`http://127.0.0.1:${server.port}/sounds/chime.wav`, {
      method: 'HEAD',
      headers: { host: 'localhost', range: 'bytes=0-1' },
    })
    expect(head.status).toBe(200)
    const past = await fetchSound({ range: `bytes=${whole.length}-` })
    expect(past.status).toBe(416)
    expect(past.headers.get('content-range')).toBe(`bytes */${whole.length}`)
  })
})

describe('connections held open', () => {
  it('closes those one machine opens past its share, and takes new ones once some are gone', async () => {
    const { server, logs } = await serve()
    const open = async () => {
      const socket = connect(server.port, '127.0.0.1')
      await once(socket, 'connect')
      return socket
    }
    const held: Socket[] = []
    onTestFinished(() => {
      for (const socket of held) socket.destroy()
    })
    for (let i = 0; i < MAX_CONNECTIONS_FROM_THIS_MACHINE; i++) held.push(await open())
    const extra = await open()
    await once(extra, 'close')
    expect(logs).toEqual([
      expect.stringContaining(
        `web server: 127.0.0.1 holds ${MAX_CONNECTIONS_FROM_THIS_MACHINE} connections; closing any more it opens`,
      ),
    ])
    // One given back: a page loads again.
    const gone = held.pop() as Socket
    gone.destroy()
    await once(gone, 'close')
    await vi.waitFor(async () => expect((await get(server.port, '/api/state', 'localhost')).status).toBe(200))
  })
})
