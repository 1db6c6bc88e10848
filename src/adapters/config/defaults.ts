// Defaults and command-line overrides of the config.

export interface ConfigOverrides {
  dataDir?: string
  /** Which MMM-WeasleyClock entry of a MagicMirror config.js (its uniqueId), where it has several. */
  mirrorEntry?: string
  httpPort?: number
  mqttPort?: number
  mqttsPort?: number
}

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
