// Reads the display part of a config: the old module's clock style, colours, sounds and face
// geometry, as the MagicMirror front end and the web clock draw them.

import { DEFAULT_COLOR_CYCLE } from '../../core/clock-view.js'
import type { Obj, Reader } from './config-reader.js'
import type { DisplayConfig } from './config-types.js'

const CLOCK_STYLES = ['clock', 'table', 'flap'] as const
type ClockStyle = (typeof CLOCK_STYLES)[number]

export function readDisplay(r: Reader, raw: Obj): DisplayConfig {
  const clockStyle = r.string(raw, 'clockStyle', '')
  if (clockStyle !== undefined && !CLOCK_STYLES.includes(clockStyle as ClockStyle)) {
    r.report('clockStyle', `must be "clock", "table" or "flap", got ${JSON.stringify(clockStyle)}`)
  }
  // The old module took 0–100 (default 75); 0–1 is accepted too.
  const volume = r.number(raw, 'volume', '', { min: 0, max: 100 })
  const sound = r.string(raw, 'sound', '')
  // As the web server serves them (http-server.ts): no name that starts with a dot.
  if (sound !== undefined && !/^[\w-][\w.-]*\.(wav|mp3|ogg)$/.test(sound)) {
    r.report('sound', 'must be the file name of a sound in the module\'s sounds/ folder, e.g. "chime.wav"')
  }
  const display: DisplayConfig = {
    colorCycle: r.stringList(raw, 'colorCycle', '') ?? DEFAULT_COLOR_CYCLE,
    clockStyle: CLOCK_STYLES.includes(clockStyle as ClockStyle) ? (clockStyle as ClockStyle) : 'clock',
    sounds: r.boolean(raw, 'sounds', '') ?? true,
    volume: volume === undefined ? 0.75 : volume > 1 ? volume / 100 : volume,
    sound: sound ?? 'chime.wav',
  }
  // The old module's updateInterval and retryDelay are accepted and unused: only checked (here, among
  // its display keys, so that problems are listed in the order they always were).
  r.number(raw, 'updateInterval', '', { min: 0 })
  r.number(raw, 'retryDelay', '', { min: 0 })
  const radius = r.number(raw, 'radius', '', { min: 1 })
  if (radius !== undefined) display.radius = radius
  const hub = r.number(raw, 'hubDisplacement', '', { min: 0 })
  if (hub !== undefined) display.hubDisplacement = hub
  return display
}
