// The setup page's API, behind the admin token (Authorization: Bearer <token>): members, one-scan
// provisioning, pushing places, asking a phone for its location, the messages the clock rejected and
// replaying them. The CA certificate is public.

import type { IncomingMessage, ServerResponse } from 'node:http'
import type { CommandReport } from '../../core/command-report.js'
import { PROBLEM_CODES, type ProblemCode } from '../../core/problems.js'
import type { RejectedMessage, ReplayFilter, ReplayReport } from '../../core/replay-report.js'
import { fingerprintsOf } from '../tls/read-certificate.js'
import { SECURITY_HEADERS } from './security-headers.js'

export interface AdminApi {
  members(): { id: string; name: string; devices: string[] }[]
  provision(
    member: string,
    device?: string,
  ): Promise<{ config: object; link: string; svg: string; rotated: boolean }>
  pushPlaces(member?: string): Promise<CommandReport>
  requestLocation(member: string): Promise<CommandReport>
  /** The newest rejected messages in the journal, newest first. */
  rejected(limit: number): RejectedMessage[]
  replay(filter: ReplayFilter): Promise<ReplayReport>
  caCert(): string | Buffer | null
}

/** How many rejected messages the setup page is given at most. */
const MAX_REJECTED_SHOWN = 200

export type Reply = (
  res: ServerResponse,
  status: number,
  body: unknown,
  headers?: Record<string, string>,
) => void

const MAX_BODY_BYTES = 4096
/** The SHA-256 fingerprint of the CA certificate /ca.crt hands out (of each, for a bundle). */
export const CA_FINGERPRINT_HEADER = 'x-certificate-sha256'

/** Handles /ca.crt and /api/admin/*; returns false for any other path. */
export function createAdminRoutes(
  api: AdminApi,
  checkToken: (token: string) => Promise<boolean>,
  reply: Reply,
) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    if (url.pathname === '/ca.crt') {
      const ca = api.caCert()
      if (!ca)
        reply(res, 404, {
          error:
            "no CA certificate to install: the broker's certificate is from a public CA, or from files you gave it",
        })
      else {
        res.writeHead(200, {
          ...SECURITY_HEADERS,
          'cache-control': 'no-cache',
          'content-type': 'application/x-x509-ca-cert',
          'content-disposition': 'attachment; filename="weasley-clock-ca.crt"',
          // For the setup page to show (its HEAD asks): what the phone's certificate details must say.
          [CA_FINGERPRINT_HEADER]: fingerprintsOf(ca.toString()).join(', '),
        })
        res.end(ca)
      }
      return true
    }
    if (!url.pathname.startsWith('/api/admin/')) return false
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? ''
    if (!(await checkToken(token))) {
      reply(res, 401, { error: 'admin token missing or wrong' })
      return true
    }
    const action = url.pathname.slice('/api/admin/'.length)
    if (req.method === 'GET' && action === 'members') {
      reply(res, 200, api.members())
      return true
    }
    if (req.method === 'GET' && action === 'rejected') {
      const asked = Number(url.searchParams.get('count') ?? 20)
      const limit = Number.isInteger(asked) && asked > 0 ? Math.min(asked, MAX_REJECTED_SHOWN) : 20
      reply(res, 200, api.rejected(limit))
      return true
    }
    if (req.method !== 'POST') {
      const readable = action === 'members' || action === 'rejected'
      reply(res, 405, { error: 'method not allowed' }, { allow: readable ? 'GET, POST' : 'POST' })
      return true
    }
    const body = await readJson(req)
    if (body === undefined) {
      reply(res, 400, { error: `the request body must be a JSON object of at most ${MAX_BODY_BYTES} bytes` })
      return true
    }
    const member = typeof body.member === 'string' ? body.member : undefined
    switch (action) {
      case 'provision':
        if (!member) return missing(res, 'member')
        reply(
          res,
          200,
          await api.provision(member, typeof body.device === 'string' ? body.device : undefined),
        )
        return true
      case 'push-places':
        reply(res, 200, await api.pushPlaces(member))
        return true
      case 'report-location':
        if (!member) return missing(res, 'member')
        reply(res, 200, await api.requestLocation(member))
        return true
      case 'replay': {
        const filter = replayFilterOf(body)
        if (typeof filter === 'string') reply(res, 400, { error: filter })
        else reply(res, 200, await api.replay(filter))
        return true
      }
      default:
        reply(res, 404, { error: `no admin action "${action.slice(0, 40)}"` })
        return true
    }
  }

  function missing(res: ServerResponse, field: string): true {
    reply(res, 400, { error: `"${field}" is required` })
    return true
  }
}

/** `code` a problem code, `since` an ISO 8601 time or epoch ms; what is wrong with them, said. */
function replayFilterOf(body: Record<string, unknown>): ReplayFilter | string {
  const filter: ReplayFilter = {}
  const { code, since } = body
  if (code !== undefined) {
    if (!PROBLEM_CODES.includes(code as ProblemCode))
      return `"code" must be one of ${PROBLEM_CODES.join(', ')}`
    filter.code = code as ProblemCode
  }
  if (since !== undefined) {
    const ms = typeof since === 'number' ? since : typeof since === 'string' ? Date.parse(since) : Number.NaN
    if (!Number.isFinite(ms)) return '"since" must be a time, such as 2026-12-01T18:00:00Z'
    filter.sinceMs = ms
  }
  return filter
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  let size = 0
  const chunks: Buffer[] = []
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY_BYTES) return undefined
    chunks.push(chunk as Buffer)
  }
  try {
    const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}')
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}
