// Pure. What every display shows: the dial, the hands and the status marks, as plain JSON.
// The server builds it from settings + state; the browser (web clock, MagicMirror) only renders it.

import { LOST, type Settings, TRAVELING } from './model.js'
import { withLearnedPlaces } from './whereabouts/learned.js'
import { placesOf } from './whereabouts/member-places.js'
import type { DeviceState, FamilyState } from './whereabouts/whereabouts.js'
import { whereaboutsLabel } from './whereabouts/whereabouts.js'

export interface MemberView {
  id: string
  name: string
  /** CSS colour of the hand. */
  color: string
  /** The member's own colour (config), not one of `colorCycle`'s: a display with a cycle of its own keeps it. */
  ownColor?: true
  /** A dial label: a place name, "Traveling" or "Lost". */
  place: string
  kind: 'at-place' | 'traveling' | 'lost'
  /** Epoch ms the hand moved to `place`. */
  sinceMs: number
  /** Epoch ms of the newest message from any of the member's devices, null if never heard. */
  lastSeenMs: number | null
  /** False when every device that has spoken is offline (LWT seen). */
  online: boolean
  batteryPercent?: number
  /** Changes when the member's card face changes; the image is at api/face/<id>?v=<faceVersion>. */
  faceVersion?: string
}

export interface ConnectionView {
  /** True when messages can currently reach the clock (embedded broker listening / external connected). */
  connected: boolean
  /** Short reason shown on the clock when not connected; never a secret. */
  lastError?: string
}

/** How a clock is drawn: hands on a dial, a table, or a split-flap board. */
export type ClockStyle = 'clock' | 'table' | 'flap'

export interface ClockView {
  family: string
  /** Dial labels in order, clockwise from 12 o'clock: configured places, then Traveling and Lost. */
  dial: string[]
  members: MemberView[]
  connection: ConnectionView
  /** Epoch ms the view was built; lets the page show "since" relative to server time. */
  nowMs: number
  /**
   * The config's clockStyle and radius (face radius in CSS pixels), for the web page: its `?style=`
   * overrides the style. Each MagicMirror instance draws by its own config instead.
   */
  style: ClockStyle
  radiusPx?: number
  /** The old module's `hubDisplacement`: how far from the centre the hands start, in its dial units. */
  hubDisplacement?: number
  /**
   * The config's `sounds`, `sound` and `volume`, for the web page: a file of the package's sounds/
   * folder (served at sounds/<file>), played when a hand moves. Absent with `sounds: false`.
   */
  chime?: { sound: string; volume: number }
}

export interface DisplayOptions {
  colorCycle: string[]
  clockStyle?: ClockStyle
  radius?: number
  hubDisplacement?: number
  sounds?: boolean
  /** 0–1. */
  volume?: number
  sound?: string
}

/**
 * Hand colours in member order: the old module's seven, then five more light enough for the dark face
 * and its dark tag text, so a family of up to twelve has no two hands alike.
 */
export const DEFAULT_COLOR_CYCLE = [
  '#e6194b',
  '#3cb44b',
  '#4363d8',
  '#f58231',
  '#911eb4',
  '#42d4f4',
  '#f032e6',
  '#bfef45',
  '#469990',
  '#fabed4',
  '#dcbeff',
  '#ffd8b1',
]

/** The dial of settings that phones cannot add to, built once: every view of a family shares it. */
const fixedDials = new WeakMap<Settings, string[]>()

export function dialOf(settings: Settings, state?: FamilyState): string[] {
  if (settings.learnedPlaces !== 'dial') {
    let dial = fixedDials.get(settings)
    if (!dial) {
      // Frozen: it is shared by every view, so a display that changed it in place would change them all.
      dial = Object.freeze(buildDial(settings)) as string[]
      fixedDials.set(settings, dial)
    }
    return dial
  }
  return buildDial(settings, state)
}

function buildDial(settings: Settings, state?: FamilyState): string[] {
  const visible = settings.places.filter((p) => !p.hidden)
  const names = visible.filter((p) => !p.memberIds).map((p) => p.name)
  // Per-member places with the same display name ("Work" for two people) share one dial position.
  for (const p of visible) if (p.memberIds && !names.includes(p.name)) names.push(p.name)
  // In 'dial' mode the regions phones taught us join the dial, after the configured places.
  if (settings.learnedPlaces === 'dial' && state) {
    for (const m of Object.values(state.members)) {
      if (!m.learnedRegions?.length) continue
      for (const p of withLearnedPlaces(
        placesOf(m.memberId, settings),
        m.learnedRegions,
        m.memberId,
        settings,
      )) {
        if (p.learned && !names.includes(p.name)) names.push(p.name)
      }
    }
  }
  return [...names, TRAVELING, LOST]
}

export function buildClockView(
  settings: Settings,
  state: FamilyState,
  display: DisplayOptions,
  connection: ConnectionView,
  nowMs: number,
): ClockView {
  const colors = display.colorCycle.length > 0 ? display.colorCycle : DEFAULT_COLOR_CYCLE
  const members = settings.members.map((member, index): MemberView => {
    const ms = state.members[member.id]
    const devices = ms ? Object.values(ms.devices) : []
    const battery = newestBattery(devices)
    const view: MemberView = {
      id: member.id,
      name: ms?.displayName ?? member.name,
      color: member.color ?? colors[index % colors.length] ?? '#888',
      place: ms ? whereaboutsLabel(ms.whereabouts) : LOST,
      kind: ms ? ms.whereabouts.kind : 'lost',
      sinceMs: ms?.sinceMs ?? nowMs,
      lastSeenMs: ms?.lastSeenMs ?? null,
      online: devices.length === 0 || devices.some((d) => d.online),
    }
    if (battery !== undefined) view.batteryPercent = battery
    if (member.color !== undefined) view.ownColor = true
    if (ms?.face) view.faceVersion = shortHash(ms.face)
    return view
  })
  const view: ClockView = {
    family: settings.family,
    dial: dialOf(settings, state),
    members,
    connection,
    nowMs,
    style: display.clockStyle ?? 'clock',
  }
  if (display.radius !== undefined) view.radiusPx = display.radius
  if (display.hubDisplacement) view.hubDisplacement = display.hubDisplacement
  if (display.sounds && display.sound) view.chime = { sound: display.sound, volume: display.volume ?? 0.75 }
  return view
}

/**
 * The battery of the device with the newest location (a battery comes with a location): the phone in a
 * pocket, not a tablet at home whose last location is days old, even if the tablet sent something
 * else since (a card, its regions). The devices' order is only the order they were first heard in.
 */
function newestBattery(devices: readonly DeviceState[]): number | undefined {
  let newest: DeviceState | undefined
  for (const d of devices) {
    if (d.batteryPercent === undefined) continue
    if (!newest || (d.lastLocationSec ?? 0) > (newest.lastLocationSec ?? 0)) newest = d
  }
  return newest?.batteryPercent
}

/** FNV-1a of a string, as 8 hex digits: enough to tell one face from the next. */
export function shortHash(text: string): string {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash.toString(16).padStart(8, '0')
}
