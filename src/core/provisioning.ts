// Pure. The OwnTracks configuration that sets a phone up in one scan (OWNTRACKS.md §1.8, §4), and the
// owntracks:///config?inline= link that carries it: base64 of the UTF-8 JSON, URL-encoded (§4.2).

import type { Settings } from './model.js'
import { waypointsFor } from './waypoints.js'

export interface ProvisioningInput {
  settings: Settings
  memberId: string
  deviceId: string
  /** How the phone reaches the broker. */
  host: string
  port: number
  username: string
  password: string
  encryptionKey?: string
}

export function provisioningConfig(input: ProvisioningInput): Record<string, unknown> {
  const { settings, memberId, deviceId } = input
  const member = settings.members.find((m) => m.id === memberId)
  const config: Record<string, unknown> = {
    _type: 'configuration',
    mode: 0, // MQTT
    host: input.host,
    port: input.port,
    tls: true,
    ws: false,
    auth: true,
    // iOS's own switch for sending the password, which an earlier setup may have left off.
    usePassword: true,
    username: input.username,
    password: input.password,
    deviceId,
    // Android allows at most two letters or digits (§1.1).
    tid: initials(member?.name ?? deviceId),
    clientId: compactId(`${settings.family}${deviceId}`),
    // The clock's topic layout, whatever the username is (§2.1).
    pubTopicBase: `owntracks/${settings.family}/%d`,
    mqttProtocolLevel: 4,
    // Android obeys it (since v2.5; it used to raise anything under 15 minutes), and a short one wakes
    // the phone from Doze for a ping every time: 15 minutes, so a silent phone's will comes ~22 later.
    keepalive: 900,
    cleanSession: false,
    pubQos: 1,
    pubRetain: true,
    cmd: true,
    remoteConfiguration: true,
    allowRemoteLocation: true,
    monitoring: 1,
    extendedData: true,
    waypoints: waypointsFor(memberId, settings),
  }
  // Always given: an import changes only the keys it holds, so a phone that had a key (another setup,
  // a key since taken out of the config) would go on encrypting with it. An empty one turns it off.
  config.encryptionKey = input.encryptionKey ?? ''
  return config
}

export function initials(name: string): string {
  // Whole characters (a CJK name's first may be a surrogate pair), upper-cased before the cut ("ß" is
  // "SS"), so the id is never half a character nor three.
  const firsts = name
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '')
    .map((w) => String.fromCodePoint(w.codePointAt(0) as number))
    .join('')
  const source = [...firsts].length >= 2 ? firsts : name.replace(/[^\p{L}\p{N}]/gu, '')
  return [...source.toUpperCase()].slice(0, 2).join('') || 'WC'
}

export function inlineConfigLink(config: Record<string, unknown>): string {
  const bytes = new TextEncoder().encode(JSON.stringify(config))
  let binary = ''
  for (const b of bytes) binary += String.fromCharCode(b)
  return `owntracks:///config?inline=${encodeURIComponent(btoa(binary))}`
}

/**
 * Letters (any alphabet), digits and "_" only, lower case: the apps' client id made from family and
 * device (what the broker reads a device hint from).
 */
export function compactId(text: string): string {
  return text.replace(/[^\p{L}\p{N}_]/gu, '').toLowerCase()
}

/** A name reserved for examples (RFC 2606), such as the example config's: no phone can reach it. */
export const isExampleName = (name: string): boolean =>
  /(^|\.)example(\.(com|net|org))?\.?$/i.test(name) || /\.invalid\.?$/i.test(name)
