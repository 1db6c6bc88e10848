// Pure. Dial geometry shared by every display (web, MagicMirror, stepper motors): where each label
// sits and where each hand points, with hands that share a place fanned out instead of overlapping;
// and how far each name tag may reach along its hand without touching another (fitTags).

import type { ClockView } from './clock-view.js'

export interface HandPosition {
  id: string
  /** Degrees clockwise from 12 o'clock, in [0, 360). */
  angleDeg: number
  /** The angle of its place's label (a fan beside an empty place may lean that way from it). */
  placeAngleDeg: number
  /** Fraction of the dial radius; fanned hands alternate lengths, so neighbours' tips stand apart. */
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

/** The dial's label a member's hand points at: a place the dial does not show counts as Lost. */
export const dialLabelOf = (place: string, dial: readonly string[]): string =>
  dial.includes(place) ? place : 'Lost'

/** How far apart fanned hands point, when there is room: enough for their name tags to fit. */
export const FAN_STEP_DEG = 15
/**
 * How far a fan may reach from its place's label, as a share of a sector: short of the border with a
 * neighbour's fan, and nearer the border (but always nearer its own label) beside an empty place.
 */
const FAN_REACH = 0.35
const FAN_REACH_BESIDE_EMPTY = 0.45

/**
 * Where each hand points. Hands at one place fan out round its label, `FAN_STEP_DEG` apart when there
 * is room, narrower for a crowd; every hand stays in its own place's sector, nearer its label than any
 * other (a stepper motor's hand too).
 */
export function handLayout(
  view: Pick<ClockView, 'dial' | 'members'>,
  options: { fanSpreadDegrees?: number } = {},
): HandPosition[] {
  const angles = dialAngles(view.dial)
  const sector = 360 / Math.max(1, view.dial.length)
  const lostAngle = angles.get('Lost') ?? 0
  const groups = new Map<string, string[]>()
  for (const m of view.members) {
    const label = dialLabelOf(m.place, view.dial)
    groups.set(label, [...(groups.get(label) ?? []), m.id])
  }
  const wanted = options.fanSpreadDegrees ?? FAN_STEP_DEG
  /** How far the fan at dial position `index` may reach towards its neighbour at `index + side`. */
  const reach = (index: number, side: number): number => {
    const neighbour = view.dial[(index + side + view.dial.length) % view.dial.length]
    const empty = index >= 0 && view.dial.length > 2 && neighbour !== undefined && !groups.has(neighbour)
    return (empty ? FAN_REACH_BESIDE_EMPTY : FAN_REACH) * sector
  }
  const positions = new Map<string, HandPosition>()
  for (const [label, ids] of groups) {
    const centre = angles.get(label) ?? lostAngle
    const index = view.dial.indexOf(label)
    const before = reach(index, -1)
    const after = reach(index, 1)
    const gaps = Math.max(1, ids.length - 1)
    const step = Math.min(wanted, (before + after) / gaps)
    // As even round the label as the room on each side allows.
    const width = step * (ids.length - 1)
    const first = centre - Math.min(before, Math.max(width / 2, width - after))
    ids.forEach((id, i) => {
      positions.set(id, {
        id,
        angleDeg: normalise(first + i * step),
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

/**
 * The face's geometry in SVG user units (the dial's radius is 92), shared by the renderer and the tag
 * fitting below. A name tag is a rounded band along its hand, ending a little short of the tip.
 */
export const FACE = {
  radius: 92,
  hubRadius: 5,
  /** A tag's band: this thick, and kept this far out from the centre (clear of the hub). */
  tagHeight: 8,
  tagClearOfHub: 6,
  tagShortOfTip: 5,
  shaftWidth: 2.6,
  /** A shaft starting at the centre runs this far past it, behind the hub. */
  shaftTail: 6,
  tipRadius: 2.4,
  /** A card's face on the tip: a square this wide, centred on it. */
  faceSize: 11,
  /** The least gap left between a tag and another hand or tag. */
  gap: 1,
} as const

/** One hand as the tag fitting sees it: where it points, its shaft, and the span its tag wants. */
export interface TagHand {
  angleDeg: number
  /** Where the shaft starts and ends, from the centre (a start below 0 is behind it). */
  shaftFrom: number
  length: number
  /** The radius of what sits on the tip: the tip's dot, or a card's face. */
  tipRadius: number
  /** The tag's inner and outer ends along the hand, from the centre (from ≥ to: no tag). */
  tagFrom: number
  tagTo: number
}

/**
 * Where each tag may start so that no tag touches another tag or another hand (its shaft or what sits
 * on its tip): tags only ever get shorter, from the hub end, as a long name cut with "…" does. Each
 * result is at least the hand's own `tagFrom`; a result of `tagTo` or more means no room for a tag.
 */
export function fitTags(hands: readonly TagHand[]): number[] {
  const from = hands.map((h) => h.tagFrom)
  const half = FACE.tagHeight / 2
  // Against the other hands, which do not move: the least start that clears each of them.
  for (let i = 0; i < hands.length; i++) {
    const tag = hands[i] as TagHand
    for (let j = 0; j < hands.length; j++) {
      if (i === j) continue
      const other = hands[j] as TagHand
      const shaft = segment(other.angleDeg, other.shaftFrom, other.length)
      from[i] = clearingStart(tag, from[i] as number, shaft, half + FACE.shaftWidth / 2 + FACE.gap)
      const tip = segment(other.angleDeg, other.length, other.length)
      from[i] = clearingStart(tag, from[i] as number, tip, half + other.tipRadius + FACE.gap)
    }
  }
  // Against each other: of two tags that touch, the one that needs the smaller cut gives way. Starts
  // only grow, so this settles; the bound is a guard.
  for (let round = 0; round < hands.length * hands.length; round++) {
    let changed = false
    for (let i = 0; i < hands.length; i++) {
      for (let j = i + 1; j < hands.length; j++) {
        const a = hands[i] as TagHand
        const b = hands[j] as TagHand
        const fromA = from[i] as number
        const fromB = from[j] as number
        if (fromA >= a.tagTo || fromB >= b.tagTo) continue
        const clearance = FACE.tagHeight + FACE.gap
        if (distance(segment(a.angleDeg, fromA, a.tagTo), segment(b.angleDeg, fromB, b.tagTo)) >= clearance)
          continue
        const startA = clearingStart(a, fromA, segment(b.angleDeg, fromB, b.tagTo), clearance)
        const startB = clearingStart(b, fromB, segment(a.angleDeg, fromA, a.tagTo), clearance)
        if (startA - fromA <= startB - fromB) from[i] = startA
        else from[j] = startB
        changed = true
      }
    }
    if (!changed) break
  }
  return from
}

type Segment = { ax: number; ay: number; bx: number; by: number }

/** The points from `r0` to `r1` out from the centre at an angle clockwise from 12 o'clock. */
function segment(angleDeg: number, r0: number, r1: number): Segment {
  const rad = (angleDeg * Math.PI) / 180
  const x = Math.sin(rad)
  const y = -Math.cos(rad)
  return { ax: x * r0, ay: y * r0, bx: x * r1, by: y * r1 }
}

/**
 * The least start from `start` on for the tag of `hand` (running out to its `tagTo`) that keeps it
 * `clearance` from `obstacle`; `tagTo` when none does. The distance only grows as the tag shortens,
 * so a bisection finds it.
 */
function clearingStart(hand: TagHand, start: number, obstacle: Segment, clearance: number): number {
  const clear = (r: number) => distance(segment(hand.angleDeg, r, hand.tagTo), obstacle) >= clearance
  if (start >= hand.tagTo || clear(start)) return start
  let low = start
  let high = hand.tagTo
  if (!clear(high)) return hand.tagTo
  for (let k = 0; k < 30 && high - low > 0.01; k++) {
    const mid = (low + high) / 2
    if (clear(mid)) high = mid
    else low = mid
  }
  return high
}

/** The shortest distance between two segments in the plane. */
function distance(p: Segment, q: Segment): number {
  if (crosses(p, q)) return 0
  return Math.min(
    pointToSegment(p.ax, p.ay, q),
    pointToSegment(p.bx, p.by, q),
    pointToSegment(q.ax, q.ay, p),
    pointToSegment(q.bx, q.by, p),
  )
}

function pointToSegment(x: number, y: number, s: Segment): number {
  const dx = s.bx - s.ax
  const dy = s.by - s.ay
  const lengthSquared = dx * dx + dy * dy
  const t =
    lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, ((x - s.ax) * dx + (y - s.ay) * dy) / lengthSquared))
  return Math.hypot(x - (s.ax + t * dx), y - (s.ay + t * dy))
}

/** Whether two segments cross (proper intersection; touching counts as distance 0 anyway). */
function crosses(p: Segment, q: Segment): boolean {
  const side = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number) =>
    Math.sign((bx - ax) * (cy - ay) - (by - ay) * (cx - ax))
  const d1 = side(q.ax, q.ay, q.bx, q.by, p.ax, p.ay)
  const d2 = side(q.ax, q.ay, q.bx, q.by, p.bx, p.by)
  const d3 = side(p.ax, p.ay, p.bx, p.by, q.ax, q.ay)
  const d4 = side(p.ax, p.ay, p.bx, p.by, q.bx, q.by)
  return d1 * d2 < 0 && d3 * d4 < 0
}
