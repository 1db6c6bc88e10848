// `weasley-clock places push` and `weasley-clock report-location`: ask the running clock, through the
// setup page's API, to send commands to phones. The admin token comes from --token or WEASLEY_ADMIN_TOKEN.

import { loadConfigFile } from '../adapters/config/load-config.js'
import { type CommandReport, describeLocationRequest, describePlacesPush } from '../core/command-report.js'
import { type CliValues, configFileOf } from './options.js'

async function baseUrl(values: CliValues): Promise<string> {
  if (values.url) return values.url.endsWith('/') ? values.url : `${values.url}/`
  const file = configFileOf(values)
  const http = file ? (await loadConfigFile(file)).http : { host: '127.0.0.1', port: 8080 }
  const host = http.host === '0.0.0.0' || http.host === '::' ? '127.0.0.1' : http.host
  return `http://${host.includes(':') ? `[${host}]` : host}:${http.port}/`
}

async function post(values: CliValues, action: string, body: object): Promise<CommandReport> {
  const token = values.token ?? process.env.WEASLEY_ADMIN_TOKEN
  if (!token)
    throw new Error(
      'give the admin token with --token or WEASLEY_ADMIN_TOKEN (see `weasley-clock admin-token`)',
    )
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
  const data = (await res.json()) as CommandReport & { error?: string }
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
