// Bad input over HTTP: 600 seeded-random requests (methods, paths with traversal and odd encodings,
// good, bad and missing admin tokens, foreign Host headers, bodies that are no JSON, too big or shaped
// wrong) to a running clock: each gets an answer below 500 (a 503 from /healthz aside, which means
// the broker), nothing is logged as an error of ours, and the clock keeps serving.

import { request } from 'node:http'
import { describe, expect, it } from 'vitest'
import { seededRandom } from '../../src/core/simulation.js'
import { startTestClock } from '../support/clock-harness.js'

const PATHS = [
  '/',
  '/?style=flap',
  '/api/state',
  '/api/events',
  '/api/stats',
  '/api/history',
  '/api/history?member=ginny&limit=abc',
  '/api/history?limit=-1',
  '/api/history?limit=99999999999',
  '/api/history?member=%00',
  '/healthz',
  '/setup',
  '/ca.crt',
  '/api/admin/members',
  '/api/admin/provision',
  '/api/admin/push-places',
  '/api/admin/report-location',
  '/api/admin/replay',
  '/api/admin/rejected',
  '/api/admin/rejected?count=-5',
  '/api/face/ginny',
  '/app.js',
  '/../../etc/passwd',
  '/%2e%2e/%2e%2e/etc/passwd',
  '/index.html%00',
  '//',
  '//x/api/state',
  '/api//state',
  '/API/STATE',
  '/%',
  '/%zz',
  '*',
  'http://evil.example.com/api/state',
  'http://localhost/api/state',
]
const BODIES = [
  '',
  '{}',
  '{"member":"ginny"}',
  '{"member":1}',
  `{"member":"ginny","device":"${'x'.repeat(5000)}"}`,
  'not json',
  '[]',
  'null',
  '\u0000\u0001',
  '{"__proto__":{"member":"ginny"}}',
  'x'.repeat(100_000),
]

describe('the web server under arbitrary requests', () => {
  it('answers each of 600 seeded-random requests below 500, and keeps serving', async () => {
    const t = await startTestClock()
    const url = new URL(t.clock.httpUrl)
    const token = t.clock.newAdminToken ?? ''
    const random = seededRandom(12)
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
    const failures: string[] = []
    const statuses = new Set<number>()
    for (let i = 0; i < 600; i++) {
      const method = pick(['GET', 'GET', 'POST', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH'])
      const path =
        random() < 0.85
          ? pick(PATHS)
          : `/${String.fromCharCode(...Array.from({ length: Math.floor(random() * 12) }, () => 33 + Math.floor(random() * 90)))}`
      const headers: Record<string, string> = {}
      if (random() < 0.5)
        headers.authorization = pick([`Bearer ${token}`, 'Bearer wrong', 'Basic abc', 'Bearer'])
      if (random() < 0.5)
        headers['content-type'] = pick(['application/json', 'text/plain', 'multipart/form-data'])
      if (random() < 0.2) headers.host = pick(['evil.example.com', 'localhost', '127.0.0.1:1'])
      const body = method === 'GET' || method === 'HEAD' ? '' : pick(BODIES)
      const status = await new Promise<number>((resolve, reject) => {
        // A connection each (agent: false): a refused request's connection may be closed by the server.
        const req = request(
          { host: url.hostname, port: url.port, method, path, headers, agent: false },
          (res) => {
            res.resume()
            // A live stream never ends: its answer is enough.
            if (res.headers['content-type']?.startsWith('text/event-stream')) {
              req.destroy()
              resolve(res.statusCode ?? 0)
            } else res.on('end', () => resolve(res.statusCode ?? 0))
          },
        )
        req.on('error', (error) =>
          reject(new Error(`${method} ${path} ${JSON.stringify(headers)} ${body.length}: ${error.message}`)),
        )
        req.end(body)
      })
      statuses.add(status)
      if (status >= 500 && !(status === 503 && path.startsWith('/healthz')))
        failures.push(`${method} ${path} (${JSON.stringify(headers)}, ${body.length} bytes): ${status}`)
    }
    expect(failures).toEqual([])
    // The requests reached real answers, refusals among them.
    expect([...statuses].sort()).toEqual(expect.arrayContaining([200, 400, 401, 404, 405]))
    expect(t.logs.filter((line) => /ERROR/.test(line))).toEqual([])
    expect((await fetch(`${t.clock.httpUrl}api/state`)).status).toBe(200)
  })
})
