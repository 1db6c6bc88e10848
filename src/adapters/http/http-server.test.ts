// The web server on a real socket: what a failure of ours tells the browser, and what it tells the log.

import { describe, expect, it, onTestFinished } from 'vitest'
import { createConsoleLogger } from '../log/logger.js'
import { startHttpServer } from './http-server.js'

describe('web server failures', () => {
  it('answers a failure of ours with a bare 500 and logs what failed, without the query', async () => {
    const logs: string[] = []
    const server = await startHttpServer({
      host: '127.0.0.1',
      port: 0,
      webRoot: '/nonexistent',
      api: {
        view: () => ({ family: 'f', dial: [], members: [], connection: { connected: true }, nowMs: 0 }),
        face: () => undefined,
        stats: () => ({}),
        health: () => ({ ok: true }),
        history: () => {
          throw new Error('database is locked')
        },
      },
      logger: createConsoleLogger({ level: 'info', write: (line) => logs.push(line) }),
    })
    onTestFinished(() => server.close())
    const res = await fetch(`${server.url}api/history?member=ginny&limit=5`)
    expect(res.status).toBe(500)
    expect(await res.json()).toEqual({ error: 'internal error' })
    expect(logs).toEqual([
      expect.stringContaining('ERROR web server: GET /api/history failed: database is locked'),
    ])
  })
})
