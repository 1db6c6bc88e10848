// `weasley-clock places push`, `report-location` and `replay`: ask the running clock, through the setup
// page's API, to send commands to phones or to take rejected messages again. The admin token comes from
// --token, WEASLEY_ADMIN_TOKEN or the clock's data folder.

import { existsSync, readFileSync } from 'node:fs'
import { adminTokenFile } from '../adapters/auth/admin-token.js'
import { loadConfigFile } from '../adapters/config/load-config.js'
import { createConsoleLogger } from '../adapters/log/logger.js'
import { isLoopbackAddress } from '../adapters/net/address-key.js'
import { replayStoppedClock } from '../app/replay-stopped-clock.js'
import { type CommandReport, describeLocationRequest, describePlacesPush } from '../core/command-report.js'
import { PROBLEM_CODES, type ProblemCode } from '../core/problems.js'
import { describeReplay, type ReplayFilter, type ReplayReport } from '../core/replay-report.js'
import { type CliValues, configFileOf, configOf, dataDirOf, entryOf } from './options.js'
import { secretsOf } from './serve.js'

async function baseUrl(values: CliValues): Promise<string> {
  if (values.url) return values.url.endsWith('/') ? values.url : `${values.url}/`
  const file = configFileOf(values)
  const http = file ? (await loadConfigFile(file, entryOf(values))).http : { host: '127.0.0.1', port: 8080 }
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

/** Nothing listens where the clock's web server would be. */
class NoClockAnswers extends Error {}

/** Whether a clock's API answers at `url` (it refuses a HEAD without a token, in JSON). */
const clockAnswers = (url: string): Promise<boolean> =>
  fetch(url, { method: 'HEAD' }).then(
    async (res) => {
      await res.body?.cancel()
      return res.headers.get('content-type')?.startsWith('application/json') === true
    },
    () => false,
  )

async function post<T = CommandReport>(values: CliValues, action: string, body: object): Promise<T> {
  const url = `${await baseUrl(values)}api/admin/${action}`
  const noClock = () =>
    new NoClockAnswers(`no clock answers at ${url}: is it running? (--url to point elsewhere)`)
  let token: string
  try {
    token = await tokenOf(values)
  } catch (error) {
    // A clock of this machine's that is not running (or MagicMirror's, which keeps no token and
    // serves no API) is told as such, not as a missing token.
    if (values.url === undefined && !(await clockAnswers(url))) throw noClock()
    throw error
  }
  let res: Response
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
  } catch {
    throw noClock()
  }
  // MagicMirror's own server, on the port a module config's clock would have: no clock's API there.
  const data = (await res.json().catch(() => {
    throw new NoClockAnswers(`no Weasley Clock answers at ${url} (HTTP ${res.status} from something else)`)
  })) as T & { error?: string }
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
  const filter: ReplayFilter = {
    ...(code ? { code } : {}),
    ...(typeof sinceMs === 'number' ? { sinceMs } : {}),
  }
  let report: ReplayReport
  try {
    // `since` as epoch ms, which the API takes as it takes an ISO time; what is undefined is left out.
    report = await post<ReplayReport>(values, 'replay', { code: filter.code, since: filter.sinceMs })
  } catch (error) {
    // A clock not running here (or in MagicMirror, without a web server): its own folder, replayed into.
    if (!(error instanceof NoClockAnswers) || values.url !== undefined) throw error
    const { file, config } = await configOf(values)
    // Its members, devices and keys are the config's: the demo's would be a stranger's to the folder.
    if (!file && values['data-dir'] !== undefined)
      throw new Error(
        `${error.message}; to replay into the data folder of a clock that is not running, give its config (--config FILE)`,
      )
    const logger = createConsoleLogger({ level: 'warn', secrets: secretsOf(config) })
    report = await replayStoppedClock(config, filter, logger)
    process.stdout.write(`(no clock answers at its web address: replayed into ${config.dataDir})\n`)
  }
  process.stdout.write(`${describeReplay(report)}\n`)
  return 0
}

const SPAN_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const

/** Epoch ms of "2026-12-01T18:00" (local time, as a date alone is too) or of "2h" ago; null if neither. */
function timeOf(text: string, nowMs: number): number | null {
  const span = /^(\d{1,6})([mhd])$/.exec(text)
  if (span) return nowMs - Number(span[1]) * SPAN_MS[span[2] as keyof typeof SPAN_MS]
  // Date.parse reads a date alone as UTC midnight, and a date with a time as local time.
  const day = /^(\d{4})-(\d{2})-(\d{2})/.exec(text)
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00` : text)
  if (!day || !Number.isFinite(ms)) return null
  // Not 2026-02-30, which Date.parse takes for the 2nd of March.
  const [year, month, date] = [Number(day[1]), Number(day[2]) - 1, Number(day[3])]
  const real = new Date(Date.UTC(year, month, date))
  return real.getUTCMonth() === month && real.getUTCDate() === date ? ms : null
}

/** Only names that cannot leave this machine: "127.0.0.1.nip.io" starts like a loopback address and is not one. */
const isLoopback = (host: string): boolean => host === 'localhost' || isLoopbackAddress(host)
