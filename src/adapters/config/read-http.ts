// Reads the http part of a config: where the web clock listens, and the host names it answers to
// besides addresses and local names (the DNS-rebinding check, host-check.ts).

import type { Obj, Reader } from './config-reader.js'
import type { ClockConfig } from './config-types.js'
import { type ConfigOverrides, DEFAULTS } from './defaults.js'

export function readHttp(r: Reader, raw: Obj, overrides: ConfigOverrides): ClockConfig['http'] {
  const httpObj = r.object(raw, 'http', '') ?? {}
  r.unknownKeys(httpObj, ['host', 'port', 'allowedHosts'], 'http')
  const allowedHosts = r.stringList(httpObj, 'allowedHosts', 'http') ?? []
  for (const [i, name] of allowedHosts.entries()) {
    const problem = hostEntryProblem(name)
    if (problem) r.report(`http.allowedHosts[${i}]`, `"${name.slice(0, 80)}" ${problem}`)
  }
  return {
    host: r.string(httpObj, 'host', 'http') ?? DEFAULTS.httpHost,
    port:
      overrides.httpPort ??
      r.number(httpObj, 'port', 'http', { min: 0, max: 65535, integer: true }) ??
      DEFAULTS.httpPort,
    allowedHosts,
  }
}

/**
 * Domains where anyone can get a name of their own for free: ".duckdns.org" in `http.allowedHosts`
 * would let an attacker's name under it through the DNS-rebinding check.
 */
const SHARED_DOMAINS = new Set([
  'duckdns.org',
  'ts.net',
  'no-ip.org',
  'no-ip.com',
  'ddns.net',
  'hopto.org',
  'zapto.org',
  'sytes.net',
  'dynu.net',
  'dyndns.org',
  'freeddns.org',
  'myfritz.net',
  'synology.me',
  'nip.io',
  'sslip.io',
  'ngrok.io',
  'ngrok-free.app',
])

function hostEntryProblem(name: string): string | undefined {
  if (name === '*') return undefined
  if (!/^\.?[a-z0-9-]+(\.[a-z0-9-]+)*\.?$/i.test(name))
    return 'is not a host name (a name, ".example.com" for every name under it, or "*")'
  if (!name.startsWith('.')) return undefined
  const domain = name.slice(1).toLowerCase().replace(/\.$/, '')
  if (!domain.includes('.') || SHARED_DOMAINS.has(domain))
    return 'would let names anyone can register through: list your own names exactly'
  return undefined
}
