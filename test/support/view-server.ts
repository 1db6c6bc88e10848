// The built web page (dist/web) served with views a test chooses, in place of a running clock: the
// page's first GET /api/state and its event stream carry them. For checking how the page draws any
// state (a hand at any angle, a long name, a clock that jumps) without a broker or a database.

import { readFileSync } from 'node:fs'
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { onTestFinished } from 'vitest'
import type { ClockView, MemberView } from '../../src/core/clock-view.js'
import { WEB_ROOT } from './clock-harness.js'

const FILES: Record<string, [string, string]> = {
  '/': ['index.html', 'text/html; charset=utf-8'],
  '/app.js': ['app.js', 'text/javascript; charset=utf-8'],
  '/app.css': ['app.css', 'text/css; charset=utf-8'],
}

export interface ViewServer {
  url: string
  /** Sends a new view to every open page, as the clock does after a change. */
  show(view: ClockView): void
  /** How many event streams pages have opened, reconnections included. */
  streamsOpened(): number
  /** Sends the stream's keep-alive, carrying the server's time as the clock's does. */
  ping(nowMs: number): void
  /**
   * Ends every open stream, as a restarting clock or a dropped network does; pages make theirs again
   * (at once: the server asks for a 100 ms retry) and get `next` as their new stream's first view.
   */
  drop(next: ClockView): void
}

export async function serveViews(first: ClockView): Promise<ViewServer> {
  let current = first
  let opened = 0
  const streams = new Set<ServerResponse>()
  const frame = () => `event: state\ndata: ${JSON.stringify(current)}\n\n`
  const server = createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname
    if (pathname === '/api/state') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(current))
      return
    }
    if (pathname === '/api/events') {
      opened++
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      res.write(`retry: 100\n\n${frame()}`)
      streams.add(res)
      req.on('close', () => streams.delete(res))
      return
    }
    const file = FILES[pathname]
    if (!file) return void res.writeHead(404).end()
    res.writeHead(200, { 'content-type': file[1] }).end(readFileSync(path.join(WEB_ROOT, file[0])))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  onTestFinished(async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    show(view) {
      current = view
      for (const res of streams) res.write(frame())
    },
    streamsOpened: () => opened,
    ping(nowMs) {
      for (const res of streams) res.write(`event: ping\ndata: ${nowMs}\n\n`)
    },
    drop(next) {
      current = next
      for (const res of streams) res.end()
      streams.clear()
    },
  }
}

export const aMemberView = (over: Partial<MemberView> & Pick<MemberView, 'id'>): MemberView => ({
  name: over.id,
  color: '#3cb44b',
  place: 'Home',
  kind: 'at-place',
  sinceMs: 1_700_000_000_000,
  lastSeenMs: 1_700_000_000_000,
  online: true,
  ...over,
})

export const aClockView = (over: Partial<ClockView> = {}): ClockView => ({
  family: 'weasleys',
  dial: ['Home', 'Work', 'School', 'Traveling', 'Lost'],
  members: [aMemberView({ id: 'ginny', name: 'Ginny' })],
  connection: { connected: true },
  nowMs: 1_700_000_600_000,
  style: 'clock',
  ...over,
})
