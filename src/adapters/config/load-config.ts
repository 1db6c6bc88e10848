// Reads and validates a config file (JSON or a JS module exporting the object). Old MMM-WeasleyClock
// keys keep their meaning; every problem is collected and reported together before anything listens.

import { readFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { DEFAULT_COLOR_CYCLE } from '../../core/clock-view.js'
import type { Member, Place, Settings } from '../../core/model.js'
import { LOST, TRAVELING } from '../../core/model.js'
import { placeKeyOf } from '../../core/owntracks/names.js'
import {
  type ConfigProblem,
  createReader,
  describeConfigProblem,
  isObject,
  joinPath,
  type Obj,
  type Reader,
} from './config-reader.js'
import type {
  BrokerConfig,
  BrokerProfile,
  ClockConfig,
  DeviceAccount,
  ExternalBrokerConfig,
} from './config-types.js'

export interface ConfigOverrides {
  dataDir?: string
  httpPort?: number
  mqttPort?: number
  mqttsPort?: number
}

export class ConfigError extends Error {
  readonly problems: ConfigProblem[]
  constructor(source: string, problems: ConfigProblem[], options?: { cause?: unknown }) {
    super(
      `${source} has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `  - ${describeConfigProblem(p)}`).join('\n')}`,
      options,
    )
    this.name = 'ConfigError'
    this.problems = problems
  }
}

const CLOCK_STYLES = ['clock', 'table', 'flap'] as const
type ClockStyle = (typeof CLOCK_STYLES)[number]

export const DEFAULTS = {
  lostAfterMinutes: 720,
  maxAccuracyMeters: 500,
  hysteresisMeters: 50,
  maxPayloadBytes: 256 * 1024,
  httpHost: '127.0.0.1',
  httpPort: 8080,
  mqttHost: '127.0.0.1',
  mqttPort: 1883,
  mqttsHost: '0.0.0.0',
  mqttsPort: 8883,
  dataDir: 'data',
  clockUsername: 'weasley-clock',
} as const

const TOP_KEYS = [
  // MMM-WeasleyClock keys
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
  // old module defaults that never did anything useful: accepted so old config entries keep working
  'updateInterval',
  'retryDelay',
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

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/

export async function loadConfigFile(file: string, overrides: ConfigOverrides = {}): Promise<ClockConfig> {
  let raw: unknown
  try {
    if (/\.(c|m)?js$/.test(file)) {
      const mod = (await import(pathToFileURL(path.resolve(file)).href)) as {
        default?: unknown
        config?: unknown
      }
      raw = mod.default ?? mod.config
    } else {
      raw = JSON.parse(readFileSync(file, 'utf8'))
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error)
    throw new ConfigError(file, [{ path: '(file)', message: `cannot be read: ${reason}` }], { cause: error })
  }
  return parseConfig(raw, overrides, file)
}

export function parseConfig(raw: unknown, overrides: ConfigOverrides = {}, source = 'config'): ClockConfig {
  const r = createReader()
  if (!isObject(raw))
    throw new ConfigError(source, [{ path: '(root)', message: 'must be an object of settings' }])
  r.unknownKeys(raw, TOP_KEYS, '')

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

  const clockStyle = r.string(raw, 'clockStyle', '')
  if (clockStyle !== undefined && !CLOCK_STYLES.includes(clockStyle as ClockStyle)) {
    r.report('clockStyle', `must be "clock", "table" or "flap", got ${JSON.stringify(clockStyle)}`)
  }
  // The old module took 0–100 (default 75); 0–1 is accepted too.
  const volume = r.number(raw, 'volume', '', { min: 0, max: 100 })
  const sound = r.string(raw, 'sound', '')
  if (sound !== undefined && !/^[\w.-]+\.(wav|mp3|ogg)$/.test(sound)) {
    r.report('sound', 'must be the file name of a sound in the module\'s sounds/ folder, e.g. "chime.wav"')
  }
  const display: ClockConfig['display'] = {
    colorCycle: r.stringList(raw, 'colorCycle', '') ?? DEFAULT_COLOR_CYCLE,
    clockStyle: CLOCK_STYLES.includes(clockStyle as ClockStyle) ? (clockStyle as ClockStyle) : 'clock',
    sounds: r.boolean(raw, 'sounds', '') ?? true,
    volume: volume === undefined ? 0.75 : volume > 1 ? volume / 100 : volume,
    sound: sound ?? 'chime.wav',
  }
  r.number(raw, 'updateInterval', '', { min: 0 })
  r.number(raw, 'retryDelay', '', { min: 0 })
  const radius = r.number(raw, 'radius', '', { min: 1 })
  if (radius !== undefined) display.radius = radius
  const hub = r.number(raw, 'hubDisplacement', '', { min: 0 })
  if (hub !== undefined) display.hubDisplacement = hub

  const httpObj = r.object(raw, 'http', '') ?? {}
  r.unknownKeys(httpObj, ['host', 'port'], 'http')
  const http = {
    host: r.string(httpObj, 'host', 'http') ?? DEFAULTS.httpHost,
    port:
      overrides.httpPort ??
      r.number(httpObj, 'port', 'http', { min: 0, max: 65535, integer: true }) ??
      DEFAULTS.httpPort,
  }

  const broker = readBroker(r, raw, overrides)
  const debug = r.boolean(raw, 'debug', '') ?? false
  const dataDir = overrides.dataDir ?? r.string(raw, 'dataDir', '') ?? DEFAULTS.dataDir

  const encryptionKey = r.string(raw, 'encryptionKey', '')
  if (r.problems.length > 0) throw new ConfigError(source, r.problems)
  const config: ClockConfig = { settings, devices, display, broker, http, dataDir, debug, demo: false }
  if (encryptionKey !== undefined) config.encryptionKey = encryptionKey
  return config
}

function readFamily(r: Reader, raw: Obj): string | undefined {
  const uniqueId = r.string(raw, 'uniqueId', '')
  const family = r.string(raw, 'family', '')
  if (uniqueId !== undefined && family !== undefined && uniqueId !== family) {
    r.report('family', `differs from uniqueId (${JSON.stringify(uniqueId)}); give only one of them`)
  }
  const value = family ?? uniqueId
  if (value === undefined)
    r.report('uniqueId', 'is required: the family name used in topics owntracks/<uniqueId>/<device>')
  else if (!ID_PATTERN.test(value)) {
    r.report(
      family ? 'family' : 'uniqueId',
      'may hold only letters, digits, "_", "." and "-" (it is an MQTT topic level)',
    )
  }
  return value
}

function readPlaces(r: Reader, raw: Obj): Place[] {
  const byKey = new Map<string, Place>()
  const order: string[] = []
  const add = (place: Place, at: string) => {
    if (byKey.has(place.key) && !place.memberIds) {
      const existing = byKey.get(place.key)
      if (existing && existing.lat === undefined && place.lat !== undefined)
        return byKey.set(place.key, place)
      return r.report(at, `duplicates the place "${existing?.name}" (names match case-insensitively)`)
    }
    const key = place.memberIds ? `${place.key}@${place.memberIds.join(',')}` : place.key
    if (!byKey.has(key)) order.push(key)
    byKey.set(key, place)
  }

  for (const [i, name] of (r.stringList(raw, 'locations', '') ?? []).entries()) {
    const key = checkPlaceName(r, name, `locations[${i}]`)
    if (key) add({ name: name.trim(), key, aliases: [] }, `locations[${i}]`)
  }
  for (const [i, item] of (r.list(raw, 'places', '') ?? []).entries()) {
    const at = joinPath('places', i)
    if (!isObject(item)) {
      r.report(at, 'must be an object like { "name": "Home", "lat": 51.5, "lon": -0.1, "radius": 100 }')
      continue
    }
    r.unknownKeys(item, ['name', 'lat', 'lon', 'radius', 'aliases', 'members', 'hidden'], at)
    const name = r.string(item, 'name', at)
    if (name === undefined) r.report(joinPath(at, 'name'), 'is required')
    const key = name === undefined ? null : checkPlaceName(r, name, joinPath(at, 'name'))
    const lat = r.number(item, 'lat', at, { min: -90, max: 90 })
    const lon = r.number(item, 'lon', at, { min: -180, max: 180 })
    const radius = r.number(item, 'radius', at, { min: 1, max: 100_000 })
    if ((item.lat === undefined) !== (item.lon === undefined))
      r.report(at, 'needs both lat and lon, or neither')
    if (lat !== undefined && radius === undefined && item.radius === undefined)
      r.report(joinPath(at, 'radius'), 'is required with lat/lon (metres)')
    const aliases = (r.stringList(item, 'aliases', at) ?? [])
      .map((a) => placeKeyOf(a))
      .filter((a): a is string => a !== null)
    const memberIds = r.stringList(item, 'members', at)?.map((m) => m.toLowerCase())
    if (!name || !key) continue
    const place: Place = { name: name.trim(), key, aliases }
    if (lat !== undefined && lon !== undefined && radius !== undefined)
      Object.assign(place, { lat, lon, radiusMeters: radius })
    if (memberIds && memberIds.length > 0) place.memberIds = memberIds
    if (r.boolean(item, 'hidden', at) === true) place.hidden = true
    add(place, at)
  }
  return order.map((k) => byKey.get(k)).filter((p): p is Place => p !== undefined)
}

function checkPlaceName(r: Reader, name: string, at: string): string | null {
  const key = placeKeyOf(name)
  if (key === null) {
    r.report(
      at,
      `${JSON.stringify(name)} cannot be a place (OwnTracks "+" follow regions and empty names never are)`,
    )
    return null
  }
  if (key === TRAVELING.toLowerCase() || key === LOST.toLowerCase()) {
    r.report(at, `"${TRAVELING}" and "${LOST}" are reserved and always on the dial`)
    return null
  }
  return key
}

function readMembers(r: Reader, raw: Obj): { members: Member[]; devices: DeviceAccount[] } {
  const problemsBefore = r.problems.length
  const members: Member[] = []
  const devices: DeviceAccount[] = []
  const seenDevices = new Map<string, string>()
  const addMember = (member: Member, at: string) => {
    if (members.some((m) => m.id === member.id)) return r.report(at, `duplicates member "${member.id}"`)
    members.push(member)
  }
  const addDevice = (account: DeviceAccount, at: string) => {
    if (!ID_PATTERN.test(account.deviceId)) {
      return r.report(
        at,
        'device ids may hold only letters, digits, "_", "." and "-" (they are MQTT topic levels)',
      )
    }
    const owner = seenDevices.get(account.deviceId)
    if (owner) return r.report(at, `device "${account.deviceId}" already belongs to member "${owner}"`)
    seenDevices.set(account.deviceId, account.memberId)
    devices.push(account)
  }

  for (const [i, name] of (r.stringList(raw, 'people', '') ?? []).entries()) {
    // Old module: the person's name was the OwnTracks device id (topic owntracks/<uniqueId>/<name>).
    const id = name.trim().toLowerCase()
    addMember({ id, name: name.trim(), deviceIds: [id] }, `people[${i}]`)
    addDevice({ memberId: id, deviceId: id }, `people[${i}]`)
  }
  for (const [i, item] of (r.list(raw, 'members', '') ?? []).entries()) {
    const at = joinPath('members', i)
    if (!isObject(item)) {
      r.report(at, 'must be an object like { "name": "Ginny", "devices": ["ginny-phone"] }')
      continue
    }
    r.unknownKeys(item, ['name', 'id', 'devices', 'color'], at)
    const name = r.string(item, 'name', at)
    if (name === undefined) r.report(joinPath(at, 'name'), 'is required')
    const id = (r.string(item, 'id', at) ?? name ?? '').trim().toLowerCase()
    const color = r.string(item, 'color', at)
    const rawDevices = r.list(item, 'devices', at) ?? [id]
    const deviceIds: string[] = []
    rawDevices.forEach((d, j) => {
      const dat = joinPath(joinPath(at, 'devices'), j)
      const account = readDevice(r, d, id, dat)
      if (account) {
        deviceIds.push(account.deviceId)
        addDevice(account, dat)
      }
    })
    if (!name || id === '') continue
    const member: Member = { id, name: name.trim(), deviceIds }
    if (color) member.color = color
    addMember(member, at)
  }
  if (raw.members === undefined && raw.people === undefined) {
    r.report('members', 'configure at least one member (or the old "people" list)')
  } else if (members.length === 0 && problemsBefore === r.problems.length) {
    r.report('members', 'is empty: configure at least one member')
  }
  return { members, devices }
}

function readDevice(r: Reader, d: unknown, memberId: string, at: string): DeviceAccount | undefined {
  if (typeof d === 'string' && d.trim() !== '') return { memberId, deviceId: d.trim().toLowerCase() }
  if (!isObject(d)) {
    r.report(at, 'must be a device id or { "id": "…", "password": "…" }')
    return undefined
  }
  r.unknownKeys(d, ['id', 'password', 'passwordHash', 'encryptionKey'], at)
  const id = r.string(d, 'id', at)
  if (id === undefined) r.report(joinPath(at, 'id'), 'is required')
  const password = r.string(d, 'password', at)
  const passwordHash = r.string(d, 'passwordHash', at)
  if (password !== undefined && password.length < 8)
    r.report(joinPath(at, 'password'), 'must be at least 8 characters')
  if (passwordHash !== undefined && !passwordHash.startsWith('scrypt$')) {
    r.report(joinPath(at, 'passwordHash'), 'must be a hash made by "weasley-clock hash-password"')
  }
  if (id === undefined) return undefined
  const account: DeviceAccount = { memberId, deviceId: id.trim().toLowerCase() }
  if (password !== undefined) account.password = password
  if (passwordHash !== undefined) account.passwordHash = passwordHash
  const encryptionKey = r.string(d, 'encryptionKey', at)
  if (encryptionKey !== undefined) account.encryptionKey = encryptionKey
  return account
}

function checkMemberPlaces(r: Reader, places: Place[], members: Member[]): void {
  places.forEach((p, i) => {
    for (const id of p.memberIds ?? []) {
      if (!members.some((m) => m.id === id)) r.report(`places[${i}].members`, `names unknown member "${id}"`)
    }
  })
}

function readBroker(r: Reader, raw: Obj, overrides: ConfigOverrides): BrokerConfig {
  const b = r.object(raw, 'broker', '') ?? {}
  r.unknownKeys(
    b,
    [
      'profile',
      'url',
      'username',
      'password',
      'caFile',
      'certFile',
      'keyFile',
      'clientId',
      'mqttHost',
      'mqttPort',
      'mqttsHost',
      'mqttsPort',
      'publicHosts',
      'clockUsername',
      'clockPassword',
    ],
    'broker',
  )
  const oldHost = r.string(raw, 'host', '')
  const oldPort = r.number(raw, 'port', '', { min: 1, max: 65535, integer: true })
  const plain = r.boolean(raw, 'disableEncryption', '') ?? false
  let url = r.string(b, 'url', 'broker')
  if (url === undefined && oldHost !== undefined) {
    // Old module: host/port/disableEncryption described an external broker. Same meaning, but TLS is verified now.
    url = `${plain ? 'mqtt' : 'mqtts'}://${oldHost}:${oldPort ?? (plain ? 1883 : 8883)}`
  }
  const certFile = r.string(b, 'certFile', 'broker')
  const keyFile = r.string(b, 'keyFile', 'broker')
  if ((certFile === undefined) !== (keyFile === undefined))
    r.report('broker', 'certFile and keyFile go together')

  if (url !== undefined) {
    if (!/^(mqtts?|wss?):\/\/[^/]+/.test(url))
      r.report('broker.url', `must start with mqtt://, mqtts://, ws:// or wss://, got ${JSON.stringify(url)}`)
    const profile = r.string(b, 'profile', 'broker') ?? 'mosquitto'
    if (!['mosquitto', 'aws-iot', 'losant'].includes(profile)) {
      r.report('broker.profile', `must be "mosquitto", "aws-iot" or "losant", got ${JSON.stringify(profile)}`)
    }
    const ext: BrokerConfig = { kind: 'external', url, profile: profile as BrokerProfile }
    const username = r.string(b, 'username', 'broker') ?? r.string(raw, 'mirrorUser', '')
    const password = r.string(b, 'password', 'broker') ?? r.string(raw, 'mirrorPass', '')
    const caFile = r.string(b, 'caFile', 'broker') ?? r.string(raw, 'cafile', '')
    const clientId = r.string(b, 'clientId', 'broker')
    Object.assign(ext, dropUndefined({ username, password, caFile, certFile, keyFile, clientId }))
    checkProfile(r, ext)
    return ext
  }
  const port = (key: string) => r.number(b, key, 'broker', { min: 0, max: 65535, integer: true })
  const embedded: BrokerConfig = {
    kind: 'embedded',
    mqttHost: r.string(b, 'mqttHost', 'broker') ?? DEFAULTS.mqttHost,
    mqttPort: overrides.mqttPort ?? port('mqttPort') ?? DEFAULTS.mqttPort,
    mqttsHost: r.string(b, 'mqttsHost', 'broker') ?? DEFAULTS.mqttsHost,
    mqttsPort: overrides.mqttsPort ?? port('mqttsPort') ?? DEFAULTS.mqttsPort,
    publicHosts: r.stringList(b, 'publicHosts', 'broker') ?? [],
    clockUsername:
      r.string(b, 'clockUsername', 'broker') ?? r.string(raw, 'mirrorUser', '') ?? DEFAULTS.clockUsername,
  }
  const clockPassword = r.string(b, 'clockPassword', 'broker') ?? r.string(raw, 'mirrorPass', '')
  Object.assign(embedded, dropUndefined({ certFile, keyFile, clockPassword }))
  return embedded
}

/** The rules of the cloud brokers the OwnTracks docs list (OWNTRACKS.md §5). */
function checkProfile(r: Reader, b: ExternalBrokerConfig): void {
  if (b.profile === 'aws-iot') {
    if (!b.url.startsWith('mqtts://')) r.report('broker.url', 'AWS IoT needs mqtts:// (port 8883)')
    if (!b.certFile || !b.keyFile)
      r.report('broker', 'AWS IoT authenticates with a client certificate: give certFile and keyFile')
    if (!b.clientId)
      r.report('broker.clientId', "is required with AWS IoT: the thing's policy allows specific client ids")
    else if (b.clientId.length > 128 || b.clientId.startsWith('$'))
      r.report('broker.clientId', 'AWS IoT client ids are at most 128 characters and do not start with "$"')
  }
  if (b.profile === 'losant') {
    if (!b.username || !b.password)
      r.report('broker', 'Losant needs username and password (an application access key and secret)')
    if (!b.clientId) r.report('broker.clientId', 'is required with Losant: it is the Losant device id')
  }
}

function dropUndefined(o: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).filter((e): e is [string, string] => e[1] !== undefined))
}
