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
    username: input.username,
    password: input.password,
    deviceId,
    // Android allows at most two letters or digits (§1.1).
    tid: initials(member?.name ?? deviceId),
    clientId: compactId(`${settings.family}${deviceId}`),
    // The clock's topic layout, whatever the username is (§2.1).
    pubTopicBase: `owntracks/${settings.family}/%d`,
    mqttProtocolLevel: 4,
    keepalive: 60,
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
  if (input.encryptionKey !== undefined) config.encryptionKey = input.encryptionKey
  return config
}

export function initials(name: string): string {
  const letters = name
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '')
    .map((w) => w[0] ?? '')
    .join('')
  const tid = (letters.length >= 2 ? letters : name.replace(/[^\p{L}\p{N}]/gu, '')).slice(0, 2)
  return tid.toUpperCase() || 'WC'
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
