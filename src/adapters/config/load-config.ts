// Reads and validates a config file (JSON or a JS module exporting the object). Old MMM-WeasleyClock
// keys keep their meaning; every problem is collected and reported together before anything listens.

import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { faceRadiusPxOfOldRadius } from '../../core/clock-face.js'
import type { Settings } from '../../core/model.js'
import { unusableFiles } from './certificate-files.js'
import { type ConfigProblem, createReader, describeConfigProblem, isObject } from './config-reader.js'
import type { ClockConfig } from './config-types.js'
import { type ConfigOverrides, DEFAULTS } from './defaults.js'
import {
  fromMagicMirrorConfig,
  isMagicMirrorConfig,
  moduleDirOf,
  readFromModuleFolder,
} from './magicmirror-data.js'
import { readBroker } from './read-broker.js'
import { readDisplay } from './read-display.js'
import { checkMemberPlaces, readFamily, readMembers, readPlaces } from './read-family.js'
import { readHttp } from './read-http.js'

export { type ConfigOverrides, DEFAULTS } from './defaults.js'

export class ConfigError extends Error {
  readonly problems: ConfigProblem[]
  constructor(
    readonly source: string,
    problems: ConfigProblem[],
    options?: { cause?: unknown },
  ) {
    super(
      `${source} has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `  - ${describeConfigProblem(p)}`).join('\n')}`,
      options,
    )
    this.name = 'ConfigError'
    this.problems = problems
  }
}

/** MMM-WeasleyClock's keys (and two of its defaults that never did anything useful). */
const OLD_MODULE_KEYS = [
  'uniqueId',
  'locations',
  'people',
  'colorCycle',
  'radius',
  'hubDisplacement',
  'sounds',
  'volume',
  'debug',
  'host',
  'port',
  'disableEncryption',
  'mirrorUser',
  'mirrorPass',
  'clockStyle',
  'cafile',
  'updateInterval',
  'retryDelay',
] as const

const TOP_KEYS = [
  ...OLD_MODULE_KEYS,
  // Weasley Clock keys
  'family',
  'places',
  'members',
  'broker',
  'http',
  'dataDir',
  'lostAfterMinutes',
  'lwtMeansLost',
  'maxAccuracyMeters',
  'hysteresisMeters',
  'maxPayloadBytes',
  'sound',
  'encryptionKey',
  'learnedPlaces',
] as const

export async function loadConfigFile(file: string, overrides: ConfigOverrides = {}): Promise<ClockConfig> {
  let raw: unknown
  let problems: ConfigProblem[] = []
  try {
    if (isMagicMirrorConfig(file)) {
      const mod = (await import(pathToFileURL(path.resolve(file)).href)) as {
        default?: unknown
        config?: unknown
      }
      ;({ raw, problems } = fromMagicMirrorConfig(
        mod.default ?? mod.config,
        file,
        overrides.dataDir,
        overrides.mirrorEntry,
      ))
    } else {
      // Some editors on Windows start a UTF-8 file with a byte-order mark, which JSON does not allow.
      raw = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''))
    }
  } catch (error) {
    const reason = readError(error, isMagicMirrorConfig(file) ? 'JavaScript' : 'JSON', file)
    throw new ConfigError(file, [{ path: '(file)', message: `cannot be read: ${reason}` }], { cause: error })
  }
  if (problems.length > 0) throw new ConfigError(file, problems)
  let config: ClockConfig
  try {
    config = parseConfig(raw, overrides, file)
  } catch (error) {
    // Every problem at once: the certificate files it names are checked too, or a missing file would
    // come up only once the rest is right.
    if (!(error instanceof ConfigError) || !isObject(raw) || !isObject(raw.broker)) throw error
    const broker = raw.broker
    const named = Object.fromEntries(
      (['caFile', 'certFile', 'keyFile'] as const)
        .map((k) => [k, broker[k]])
        .filter(([, f]) => typeof f === 'string'),
    ) as Record<string, string>
    const base = isMagicMirrorConfig(file) ? moduleDirOf(file) : '.'
    const missing = unusableFiles(named, base).filter((m) => !error.problems.some((p) => p.path === m.path))
    if (missing.length === 0) throw error
    throw new ConfigError(file, [...error.problems, ...missing], { cause: error })
  }
  // The command line reads a mirror's files where its helper does.
  if (isMagicMirrorConfig(file)) {
    const given = overrides.dataDir === undefined && isObject(raw) ? raw.dataDir : undefined
    readFromModuleFolder(config, moduleDirOf(file), given !== undefined)
    // A mirror's `radius` is the old module's, as its front end reads it: the web clock served from
    // the same entry draws the same face.
    if (config.display.radius !== undefined)
      config.display.radius = faceRadiusPxOfOldRadius(config.display.radius)
    // Earlier versions of the command line read it from the working folder: never start afresh beside
    // the data it made there.
    const here = typeof given === 'string' ? path.resolve(given) : undefined
    const madeHere = here !== undefined && existsSync(path.join(here, 'weasley.db'))
    if (here && here !== config.dataDir && !existsSync(config.dataDir) && madeHere)
      throw new ConfigError(file, [
        {
          path: 'dataDir',
          message: `is read from the module folder (${config.dataDir}, which does not exist), not from where this runs (${here}, which does): give it as an absolute path`,
        },
      ])
  }
  return config
}

/**
 * Why a config file could not be read, in one line. A syntax error's message may quote the file
 * around the mistake (`..."password": hunter22}" is not valid JSON`, `Unexpected identifier
 * 'hunter22'`), and a mistake is often in a password: quoted text is left out.
 */
function readError(error: unknown, language: 'JSON' | 'JavaScript', file: string): string {
  const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)
  if (!(error instanceof SyntaxError)) return message
  // A lone punctuation mark ("Expected ',' or '}'") is kept: it says what is missing and is no secret.
  const bare = message
    .replace(/, .* is not valid JSON$/, '')
    .replace(/'([^']*)'|"([^"]*)"/g, (quoted, a, b) => (/^[,:{}[\]]$/.test(a ?? b) ? quoted : '…'))
  return `${placeOfMistake(bare, file)} (a syntax error: the file is not valid ${language})`
}

/** "… at position 24" said as the line and column an editor shows. */
function placeOfMistake(message: string, file: string): string {
  const at = /at position (\d+)/.exec(message)
  if (!at) return message
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    return message
  }
  const before = text.slice(0, Number(at[1]))
  const line = before.split('\n').length
  const column = before.length - before.lastIndexOf('\n')
  return message.replace(/at position \d+( \(line \d+ column \d+\))?/, `at line ${line}, column ${column}`)
}

export function parseConfig(input: unknown, overrides: ConfigOverrides = {}, source = 'config'): ClockConfig {
  const r = createReader()
  if (!isObject(input))
    throw new ConfigError(source, [{ path: '(root)', message: 'must be an object of settings' }])
  r.unknownKeys(input, TOP_KEYS, '')
  // The old module's README gives `null` as the default of some keys (mirrorUser, mirrorPass), and its
  // defaults block is what people paste: null there means "not set".
  const raw = Object.fromEntries(
    Object.entries(input).filter(
      ([key, value]) => value !== null || !(OLD_MODULE_KEYS as readonly string[]).includes(key),
    ),
  )

  const family = readFamily(r, raw)
  const places = readPlaces(r, raw)
  const { members, devices } = readMembers(r, raw)
  checkMemberPlaces(r, places, members)

  const learnedPlaces = r.string(raw, 'learnedPlaces', '')
  if (learnedPlaces !== undefined && !['geofence', 'dial', 'off'].includes(learnedPlaces)) {
    r.report('learnedPlaces', `must be "geofence", "dial" or "off", got ${JSON.stringify(learnedPlaces)}`)
  }
  const settings: Settings = {
    learnedPlaces: learnedPlaces === 'dial' || learnedPlaces === 'off' ? learnedPlaces : 'geofence',
    family: family ?? 'family',
    members,
    places,
    lostAfterMinutes: r.number(raw, 'lostAfterMinutes', '', { min: 1 }) ?? DEFAULTS.lostAfterMinutes,
    lwtMeansLost: r.boolean(raw, 'lwtMeansLost', '') ?? false,
    maxAccuracyMeters: r.number(raw, 'maxAccuracyMeters', '', { min: 1 }) ?? DEFAULTS.maxAccuracyMeters,
    hysteresisMeters: r.number(raw, 'hysteresisMeters', '', { min: 0 }) ?? DEFAULTS.hysteresisMeters,
    maxPayloadBytes:
      r.number(raw, 'maxPayloadBytes', '', { min: 1024, max: 16 * 1024 * 1024, integer: true }) ??
      DEFAULTS.maxPayloadBytes,
  }

  const display = readDisplay(r, raw)
  const http = readHttp(r, raw, overrides)

  const broker = readBroker(r, raw, overrides)
  // The clock's account and a device's would share one login: the phone's password would read the family as the clock.
  const clockUsername = broker.kind === 'embedded' ? broker.clockUsername.toLowerCase() : undefined
  if (clockUsername !== undefined && devices.some((d) => d.deviceId === clockUsername))
    r.report(
      'broker.clockUsername',
      `"${clockUsername}" is also a device id: give the clock an account of its own`,
    )
  // Phones may log in with the family's name (the app's default topic then fits): the clock's account
  // would take that login over, and every such phone would be refused.
  if (clockUsername !== undefined && clockUsername === settings.family.toLowerCase())
    r.report(
      'broker.clockUsername',
      `"${clockUsername}" is the family's uniqueId, which phones log in with: give the clock an account of its own (old configs: mirrorUser)`,
    )
  // Two listeners on one port: the second start fails with "in use", after certificates, passwords and
  // the database were made, and as if another program held it.
  if (broker.kind === 'embedded') {
    const listeners: [string, number][] = [
      ['http.port', http.port],
      ['broker.mqttPort', broker.mqttPort],
      ['broker.mqttsPort', broker.mqttsPort],
    ]
    listeners.forEach(([name, port], i) => {
      const other = listeners.slice(0, i).find(([, p]) => p === port && port !== 0)
      if (other) r.report(name, `is ${port}, as ${other[0]} is: each listener needs a port of its own`)
    })
  }
  const debug = r.boolean(raw, 'debug', '') ?? false
  const dataDir = overrides.dataDir ?? r.string(raw, 'dataDir', '') ?? DEFAULTS.dataDir

  const encryptionKey = r.string(raw, 'encryptionKey', '')
  if (r.problems.length > 0) throw new ConfigError(source, r.problems)
  const config: ClockConfig = { settings, devices, display, broker, http, dataDir, debug, demo: false }
  if (encryptionKey !== undefined) config.encryptionKey = encryptionKey
  return config
}
