// The validated configuration of one clock: family settings for the core plus everything the adapters need.

import type { ClockStyle } from '../../core/clock-view.js'
import type { Settings } from '../../core/model.js'

export interface DeviceAccount {
  memberId: string
  deviceId: string
  /** Plain password from the config file (hashed in memory at start, never logged). */
  password?: string
  /** An scrypt hash made by `weasley-clock hash-password`. */
  passwordHash?: string
  /** OwnTracks payload encryption secret of this device (OWNTRACKS.md §3). */
  encryptionKey?: string
}

export interface EmbeddedBrokerConfig {
  kind: 'embedded'
  /** Plain MQTT, for local tools and the simulator; bound to loopback unless told otherwise. */
  mqttHost: string
  mqttPort: number
  /** MQTT over TLS, for phones. */
  mqttsHost: string
  mqttsPort: number
  /** Extra DNS names or IPs phones use to reach the broker; they go into the generated certificate. */
  publicHosts: string[]
  /** The user's own certificate (e.g. Let's Encrypt) instead of the generated CA. */
  certFile?: string
  keyFile?: string
  /** Username of the clock's own account (for stepper clocks and tools). */
  clockUsername: string
  clockPassword?: string
}

export type BrokerProfile = 'mosquitto' | 'aws-iot' | 'losant'

export interface ExternalBrokerConfig {
  kind: 'external'
  /** What the broker can do: AWS IoT and Losant keep no retained messages. */
  profile: BrokerProfile
  /** mqtt://, mqtts://, ws:// or wss:// */
  url: string
  username?: string
  password?: string
  caFile?: string
  certFile?: string
  keyFile?: string
  clientId?: string
  /** MQTT keepalive in seconds: a silent connection is given up after 1.5 × this. Default 60. */
  keepaliveSeconds?: number
  /**
   * Whether the broker keeps retained messages for the clock and the phones. Default: true for
   * Mosquitto, false for AWS IoT (only where its policies allow iot:RetainPublish) and Losant (never).
   */
  retained?: boolean
  /**
   * Names phones reach the broker by, besides the url's host: the certificate `mosquitto-config`
   * issues names them all (a phone refuses one without the name it connected to).
   */
  publicHosts?: string[]
}

export type BrokerConfig = EmbeddedBrokerConfig | ExternalBrokerConfig

export interface DisplayConfig {
  colorCycle: string[]
  clockStyle: ClockStyle
  /** Old module keys, kept for the MagicMirror front end. */
  radius?: number
  hubDisplacement?: number
  sounds: boolean
  /** 0–1. */
  volume: number
  /** File in the module's sounds/ folder played when a hand moves. */
  sound: string
}

export interface ClockConfig {
  settings: Settings
  /** Family-wide OwnTracks encryption secret, used for devices without their own. */
  encryptionKey?: string
  devices: DeviceAccount[]
  display: DisplayConfig
  broker: BrokerConfig
  http: {
    host: string
    port: number
    /** Names the web clock answers to besides addresses and local names (see host-check.ts). */
    allowedHosts: string[]
  }
  dataDir: string
  debug: boolean
  /** True when no config file was given and the built-in demo family is used. */
  demo: boolean
}
