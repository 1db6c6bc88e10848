// `weasley-clock places push`, `report-location` and `replay`: ask the running clock, through the setup
// page's API, to send commands to phones or to take rejected messages again. The admin token comes from
// --token, WEASLEY_ADMIN_TOKEN or the clock's data folder.

import { existsSync, readFileSync } from 'node:fs'
import { adminTokenFile } from '../adapters/auth/admin-token.js'
import { loadConfigFile } from '../adapters/config/load-config.js'
import { isLoopbackAddress } from '../adapters/net/address-key.js'
import { type CommandReport, describeLocationRequest, describePlacesPush } from '../core/command-report.js'
import { PROBLEM_CODES, type ProblemCode } from '../core/problems.js'
import { describeReplay, type ReplayReport } from '../core/replay-report.js'
import { type CliValues, configFileOf, dataDirOf } from './options.js'

async function baseUrl(values: CliValues): Promise<string> {
  if (values.url) return values.url.endsWith('/') ? values.url : `${values.url}/`
  const file = configFileOf(values)
  const http = file ? (await loadConfigFile(file)).http : { host: '127.0.0.1', port: 8080 }
  const host = http.host === '0.0.0.0' || http.host === '::' ? '127.0.0.1' : http.host
  return `http://${host.includes(':') ? `[${host}]` : host}:${http.port}/`
}

/** --token, else WEASLEY_ADMIN_TOKEN, else the token file the clock keeps in its data folder. */
async function tokenOf(values: CliValues): Promise<string> {
  const given = values.token ?? process.env.WEASLEY_ADMIN_TOKEN
  if (given) return given
  // The token kept here opens this machine's clock only: never sent (over plain HTTP) to one elsewhere.
  if (values.url !== undefined && !isLoopback(new URL(values.url).hostname))
    throw new Error(`give the admin token of the clock at ${values.url} with --token or WEASLEY_ADMIN_TOKEN`)
  const file = adminTokenFile(await dataDirOf(values))
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  throw new Error(
    `give the admin token with --token or WEASLEY_ADMIN_TOKEN (${file} is not there; see \`weasley-clock admin-token\`)`,
  )
}

async function post<T = CommandReport>(values: CliValues, action: string, body: object): Promise<T> {
  const token = await tokenOf(values)
  const url = `${await baseUrl(values)}api/admin/${action}`
  let res: Response
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
  } catch {
    throw new Error(`no clock answers at ${url}: is it running? (--url to point elsewhere)`)
  }
  const data = (await res.json()) as T & { error?: string }
  if (!res.ok) throw new Error(data.error ?? `the clock answered HTTP ${res.status}`)
  return data
}

export async function runPlaces(values: CliValues, positionals: string[]): Promise<number> {
  if (positionals[0] !== 'push') {
    process.stderr.write('usage: weasley-clock places push [member] [--token T] [--url http://clock:8080]\n')
    return 2
  }
  const member = positionals[1]
  const report = await post(values, 'push-places', member === undefined ? {} : { member })
  process.stdout.write(`${describePlacesPush(report)}\n`)
  return 0
}

export async function runReportLocation(values: CliValues, positionals: string[]): Promise<number> {
  const member = positionals[0]
  if (!member) {
    process.stderr.write(
      'usage: weasley-clock report-location <member> [--token T] [--url http://clock:8080]\n',
    )
    return 2
  }
  const report = await post(values, 'report-location', { member })
  process.stdout.write(`${describeLocationRequest(report)}\n`)
  return 0
}

export async function runReplay(values: CliValues, nowMs = Date.now()): Promise<number> {
  const problems: string[] = []
  const code = values.code as ProblemCode | undefined
  if (code !== undefined && !PROBLEM_CODES.includes(code))
    problems.push(`--code must be one of ${PROBLEM_CODES.join(', ')}, not "${values.code}"`)
  const sinceMs = values.since === undefined ? undefined : timeOf(values.since, nowMs)
  if (sinceMs === null)
    problems.push(
      `--since must be a time (2026-12-01T18:00, local time) or a span back from now (30m, 2h, 3d), not "${values.since}"`,
    )
  if (problems.length > 0) {
    for (const problem of problems) process.stderr.write(`weasley-clock: ${problem}\n`)
    return 2
  }
  const report = await post<ReplayReport>(values, 'replay', {
    ...(code ? { code } : {}),
    ...(typeof sinceMs === 'number' ? { since: new Date(sinceMs).toISOString() } : {}),
  })
  process.stdout.write(`${describeReplay(report)}\n`)
  return 0
}

const SPAN_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const

/** Epoch ms of "2026-12-01T18:00" (local time, as a date alone is too) or of "2h" ago; null if neither. */
function timeOf(text: string, nowMs: number): number | null {
  const span = /^(\d{1,6})([mhd])$/.exec(text)
  if (span) return nowMs - Number(span[1]) * SPAN_MS[span[2] as keyof typeof SPAN_MS]
  // Date.parse reads a date alone as UTC midnight, and a date with a time as local time.
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00` : text)
  return /^\d{4}-\d{2}-\d{2}/.test(text) && Number.isFinite(ms) ? ms : null
}

/** Only names that cannot leave this machine: "127.0.0.1.nip.io" starts like a loopback address and is not one. */
const isLoopback = (host: string): boolean => host === 'localhost' || isLoopbackAddress(host)
