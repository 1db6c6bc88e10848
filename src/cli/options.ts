// Shared command-line option handling: port numbers, the config file lookup, and what a config file
// names that must be there when the clock starts.

import { existsSync } from 'node:fs'
import { unusableCertificateFiles } from '../adapters/config/certificate-files.js'
import type { ClockConfig } from '../adapters/config/config-types.js'
import { DEMO_CONFIG } from '../adapters/config/demo-config.js'
import {
  ConfigError,
  type ConfigOverrides,
  loadConfigFile,
  parseConfig,
} from '../adapters/config/load-config.js'
import { isMagicMirrorConfig, moduleDirOf } from '../adapters/config/magicmirror-data.js'

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
  outcome?: string
  code?: string
  since?: string
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

/** A port the phone is told to connect to: 0 only asks a server for any free port, and names none. */
export function connectPortOption(value: string | undefined, flag: string): number | undefined {
  const port = portOption(value, flag)
  if (port === 0)
    throw new Error(
      `${flag} must be the port phones connect to, from 1 to 65535 (0 is no port: it asks a server to pick a free one)`,
    )
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

/** The config, once the certificate files it names can be read and used: otherwise every one that cannot, listed. */
export function readableFiles(config: ClockConfig, file: string): ClockConfig {
  // A MagicMirror config's relative paths are the module folder's, as its helper reads them.
  const base = isMagicMirrorConfig(file) ? moduleDirOf(file) : '.'
  const problems = unusableCertificateFiles(config, base)
  if (problems.length > 0) throw new ConfigError(file, problems)
  return config
}

/** The data folder a command works in: --data-dir, else the config's, else the demo family's. */
export async function dataDirOf(values: CliValues): Promise<string> {
  if (values['data-dir'] !== undefined) return values['data-dir']
  const file = configFileOf(values)
  return file ? (await loadConfigFile(file, entryOf(values))).dataDir : DEMO_CONFIG.dataDir
}

/** Which clock of a MagicMirror config.js holding several (--family). */
export const entryOf = (values: CliValues): ConfigOverrides =>
  values.family === undefined ? {} : { mirrorEntry: values.family }

/** What the command line says over the config file: the data folder and the ports given. */
export function overridesOf(values: CliValues): ConfigOverrides {
  const overrides: ConfigOverrides = {}
  if (values['data-dir'] !== undefined) overrides.dataDir = values['data-dir']
  Object.assign(overrides, entryOf(values))
  const ports = {
    httpPort: portOption(values['http-port'], '--http-port'),
    mqttPort: portOption(values['mqtt-port'], '--mqtt-port'),
    mqttsPort: portOption(values['mqtts-port'], '--mqtts-port'),
  }
  for (const [key, port] of Object.entries(ports)) if (port !== undefined) overrides[key as 'httpPort'] = port
  return overrides
}

/** The config file's config with the command line's overrides, or the demo family's. */
export async function configOf(
  values: CliValues,
): Promise<{ file: string | undefined; config: ClockConfig }> {
  const file = configFileOf(values)
  const overrides = overridesOf(values)
  return {
    file,
    config: file ? await loadConfigFile(file, overrides) : parseConfig(DEMO_CONFIG, overrides, 'demo config'),
  }
}
