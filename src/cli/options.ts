// Shared command-line option handling: port numbers and the config file lookup.

import { existsSync } from 'node:fs'

export interface CliValues {
  config?: string
  'data-dir'?: string
  'http-port'?: string
  'mqtt-port'?: string
  'mqtts-port'?: string
  demo?: boolean
  debug?: boolean
  url?: string
  family?: string
  device?: string[]
  ca?: string
  count?: string
  interval?: string
  seed?: string
  host?: string
  port?: string
  token?: string
  out?: string
  cert?: string
  key?: string
}

export const DEFAULT_CONFIG_FILE = 'weasley.config.json'

export function portOption(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined
  const port = Number(value)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`${flag} must be a port number from 0 to 65535, got "${value}"`)
  return port
}

export function countOption(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} must be a whole number, got "${value}"`)
  return n
}

/** The config file to use: --config, else ./weasley.config.json when it exists, else none (demo). */
export function configFileOf(values: CliValues): string | undefined {
  if (values.config !== undefined) return values.config
  return existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : undefined
}
