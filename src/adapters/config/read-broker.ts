// Reads the broker part of a config: the embedded broker (default) or an external one, including the
// old module's host/port/mirrorUser/mirrorPass/disableEncryption keys and the cloud profiles' rules.

import { plainRemoteHost } from '../broker/external-client-options.js'
import { safeUrl } from '../log/safe-url.js'
import type { Obj, Reader } from './config-reader.js'
import type { BrokerConfig, BrokerProfile, ExternalBrokerConfig } from './config-types.js'
import { type ConfigOverrides, DEFAULTS } from './defaults.js'

export function readBroker(r: Reader, raw: Obj, overrides: ConfigOverrides): BrokerConfig {
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
      'keepalive',
      'retained',
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
    // Old module: host/port/disableEncryption described an external broker. Same meaning, but TLS is verified
    // now. Its port defaulted to 8883 with or without encryption, so a config that worked keeps working.
    url = `${plain ? 'mqtt' : 'mqtts'}://${oldHost}:${oldPort ?? 8883}`
  }
  const certFile = r.string(b, 'certFile', 'broker')
  const keyFile = r.string(b, 'keyFile', 'broker')
  if ((certFile === undefined) !== (keyFile === undefined))
    r.report('broker', 'certFile and keyFile go together')

  if (url !== undefined) {
    if (!/^(mqtts?|wss?):\/\/[^/]+/.test(url))
      r.report(
        'broker.url',
        `must start with mqtt://, mqtts://, ws:// or wss://, got ${JSON.stringify(safeUrl(url))}`,
      )
    else for (const problem of urlProblems(url)) r.report('broker.url', problem)
    const profile = r.string(b, 'profile', 'broker') ?? 'mosquitto'
    if (!['mosquitto', 'aws-iot', 'losant'].includes(profile)) {
      r.report('broker.profile', `must be "mosquitto", "aws-iot" or "losant", got ${JSON.stringify(profile)}`)
    }
    const ext: BrokerConfig = { kind: 'external', url, profile: profile as BrokerProfile }
    const username = r.string(b, 'username', 'broker') ?? r.string(raw, 'mirrorUser', '')
    const password = r.string(b, 'password', 'broker') ?? r.string(raw, 'mirrorPass', '')
    const caFile = r.string(b, 'caFile', 'broker') ?? r.string(raw, 'cafile', '')
    const clientId = r.string(b, 'clientId', 'broker')
    // MQTT allows up to 65535 s; 0 would switch off the only way to notice a connection gone silent.
    const keepaliveSeconds = r.number(b, 'keepalive', 'broker', { min: 1, max: 65_535, integer: true })
    const retained = r.boolean(b, 'retained', 'broker')
    const publicHosts = r.stringList(b, 'publicHosts', 'broker')
    Object.assign(
      ext,
      dropUndefined({
        username,
        password,
        caFile,
        certFile,
        keyFile,
        clientId,
        keepaliveSeconds,
        retained,
        publicHosts,
      }),
    )
    checkProfile(r, ext)
    return ext
  }
  // Without a url the clock runs its own broker: a cloud broker's settings given without one would be
  // dropped silently while the user thinks the clock uses it. (certFile and keyFile are the embedded
  // broker's own certificate too.)
  for (const [key, why] of EXTERNAL_ONLY)
    if (b[key] !== undefined)
      r.report(`broker.${key}`, `only applies with broker.url (an external broker)${why}`)
  if (b.keepalive !== undefined)
    r.report('broker.keepalive', 'only applies to an external broker (with broker.url); phones set their own')
  if (b.retained !== undefined)
    r.report(
      'broker.retained',
      'only applies to an external broker (with broker.url): the embedded one keeps them',
    )
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

/** Keys that mean something only for an external broker, each with what to use instead, if anything. */
const EXTERNAL_ONLY = [
  ['profile', ''],
  ['username', ": the embedded broker's own account is broker.clockUsername"],
  ['password', ": the embedded broker's own account is broker.clockPassword"],
  ['caFile', ''],
  ['clientId', ''],
] as const

/** The rules of the cloud brokers the OwnTracks docs list (OWNTRACKS.md §5). */
function checkProfile(r: Reader, b: ExternalBrokerConfig): void {
  if (b.profile === 'aws-iot') {
    if (!b.url.startsWith('mqtts://')) r.report('broker.url', 'AWS IoT needs mqtts:// (port 8883, or 443)')
    if (!b.certFile || !b.keyFile)
      r.report('broker', 'AWS IoT authenticates with a client certificate: give certFile and keyFile')
    if (!b.clientId)
      r.report('broker.clientId', "is required with AWS IoT: the thing's policy allows specific client ids")
    else if (b.clientId.length > 128 || b.clientId.startsWith('$'))
      r.report('broker.clientId', 'AWS IoT client ids are at most 128 characters and do not start with "$"')
    // AWS IoT Core's message broker limits: it takes a keepalive from 30 to 1200 s.
    const k = b.keepaliveSeconds
    if (k !== undefined && (k < 30 || k > 1200))
      r.report('broker.keepalive', `must be from 30 to 1200 seconds with AWS IoT (its limits), got ${k}`)
  }
  if (b.profile === 'losant') {
    if (!b.username || !b.password)
      r.report('broker', 'Losant needs username and password (an application access key and secret)')
    if (!b.clientId) r.report('broker.clientId', 'is required with Losant: it is the Losant device id')
    if (b.retained === true) r.report('broker.retained', 'Losant keeps no retained messages')
    // On this machine (a stand-in broker, a tunnel) the secret never crosses the network.
    if (plainRemoteHost(b.url) !== undefined)
      r.report(
        'broker.url',
        'Losant needs mqtts:// or wss://: its access secret must not cross the network in clear',
      )
  }
}

/**
 * The port as a url writes it, default ones included (`URL` drops ws://h:80's), or undefined where it
 * writes none.
 */
export const portWritten = (url: string): string | undefined =>
  /^[a-z]+:\/\/(?:[^@/]*@)?(?:\[[^\]]*\]|[^:/]*):(\d+)/i.exec(url)?.[1]

/** What a url of a right scheme can still have wrong: a host or port no connection can use, a login in it. */
function urlProblems(url: string): string[] {
  const port = portWritten(url)
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65_535))
    return [`port ${port} is not one a broker can listen on (1–65535)`]
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return [
      `is not a url a connection can use (a space or a stray character in the host?): ${JSON.stringify(safeUrl(url))}`,
    ]
  }
  return parsed.username || parsed.password
    ? ['holds a login: give it as broker.username and broker.password, which are never logged or shown']
    : []
}

function dropUndefined<T>(o: Record<string, T | undefined>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).filter((e): e is [string, T] => e[1] !== undefined))
}
