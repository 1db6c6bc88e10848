// Pure. Dial geometry shared by every display (web, MagicMirror, stepper motors): where each label
// sits and where each hand points, with hands that share a place fanned out instead of overlapping.

import type { ClockView } from './clock-view.js'

export interface HandPosition {
  id: string
  /** Degrees clockwise from 12 o'clock, in [0, 360). */
  angleDeg: number
  /** The angle of the place it points at: the middle of its fan when several hands share it. */
  placeAngleDeg: number
  /** Fraction of the dial radius; fanned hands alternate lengths so their tags do not collide. */
  lengthFactor: number
}

/**
 * The old MMM-WeasleyClock drew its face in a box of 300 of its units, about 300 CSS px on a mirror,
 * with the place names `radius` units from the centre (85 by default): its `radius` and
 * `hubDisplacement` are in those units.
 */
export const OLD_MODULE_FACE = { width: 300, radius: 85 } as const

/**
 * The face radius in CSS px for an old module's `radius`: as large as the old face at its default
 * (150 px, a 300 px face, at 85), and in proportion to it, as the old module's place names were.
 */
export const faceRadiusPxOfOldRadius = (radius: number): number =>
  (radius * OLD_MODULE_FACE.width) / 2 / OLD_MODULE_FACE.radius

/** The centre angle of each label's sector, clockwise from 12 o'clock. */
export function dialAngles(dial: readonly string[]): Map<string, number> {
  const step = 360 / Math.max(1, dial.length)
  return new Map(dial.map((label, i) => [label, i * step]))
}

export function handLayout(
  view: Pick<ClockView, 'dial' | 'members'>,
  options: { fanSpreadDegrees?: number } = {},
): HandPosition[] {
  const angles = dialAngles(view.dial)
  const sector = 360 / Math.max(1, view.dial.length)
  const lostAngle = angles.get('Lost') ?? 0
  const groups = new Map<string, string[]>()
  for (const m of view.members) {
    const label = angles.has(m.place) ? m.place : 'Lost'
    groups.set(label, [...(groups.get(label) ?? []), m.id])
  }
  const positions = new Map<string, HandPosition>()
  for (const [label, ids] of groups) {
    const centre = angles.get(label) ?? lostAngle
    // Keep a fanned group inside its own sector: at most 70% of it, and no more than the spread each.
    const spread = Math.min(options.fanSpreadDegrees ?? 15, (sector * 0.7) / Math.max(1, ids.length - 1))
    ids.forEach((id, i) => {
      const offset = (i - (ids.length - 1) / 2) * spread
      positions.set(id, {
        id,
        angleDeg: normalise(centre + offset),
        placeAngleDeg: normalise(centre),
        lengthFactor: ids.length > 1 && i % 2 === 1 ? 0.62 : 0.74,
      })
    })
  }
  return view.members.map((m) => positions.get(m.id) as HandPosition)
}

const normalise = (deg: number): number => Math.round((((deg % 360) + 360) % 360) * 1000) / 1000

/** The rotation to animate to from `previous`, taking the short way round (350° -> 10° turns +20°). */
export function nextRotation(previous: number | undefined, targetDeg: number): number {
  if (previous === undefined) return targetDeg
  const delta = ((((targetDeg - previous) % 360) + 540) % 360) - 180
  return previous + delta
}
