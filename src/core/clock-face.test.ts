import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { dialAngles, FACE, fitTags, handLayout, nextRotation, type TagHand } from './clock-face.js'
import type { MemberView } from './clock-view.js'

const member = (id: string, place: string): MemberView => ({
  id,
  name: id,
  color: '#fff',
  place,
  kind: 'at-place',
  sinceMs: 0,
  lastSeenMs: 0,
  online: true,
})
const dial = ['Home', 'Work', 'School', 'Traveling', 'Lost']

describe('clock face', () => {
  it('spreads the dial labels evenly clockwise from 12 o’clock', () => {
    expect([...dialAngles(dial)]).toEqual([
      ['Home', 0],
      ['Work', 72],
      ['School', 144],
      ['Traveling', 216],
      ['Lost', 288],
    ])
  })

  it('points a lone hand at the centre of its place', () => {
    expect(handLayout({ dial, members: [member('a', 'School')] })).toEqual([
      { id: 'a', angleDeg: 144, placeAngleDeg: 144, lengthFactor: 0.74 },
    ])
  })

  it('fans out hands that share a place, symmetrically and within the sector', () => {
    const hands = handLayout({
      dial,
      members: [member('a', 'Home'), member('b', 'Work'), member('c', 'Home'), member('d', 'Home')],
    })
    const home = hands.filter((h) => h.id !== 'b').map((h) => h.angleDeg)
    expect(home).toEqual([345, 0, 15])
    // Each knows the place it fans round (its tag is turned by that, as its neighbours' are).
    expect(hands.map((h) => h.placeAngleDeg)).toEqual([0, 72, 0, 0])
    expect(new Set(hands.map((h) => h.angleDeg)).size).toBe(4)
    expect(hands.find((h) => h.id === 'c')?.lengthFactor).toBeLessThan(
      hands.find((h) => h.id === 'a')?.lengthFactor ?? 0,
    )
  })

  it('narrows the fan so a crowd stays inside its sector, short of a neighbouring fan', () => {
    const crowd = Array.from({ length: 10 }, (_, i) => member(`m${i}`, 'Work'))
    const others = [member('h', 'Home'), member('s', 'School')]
    const angles = handLayout({ dial, members: [...crowd, ...others] })
      .slice(0, 10)
      .map((h) => h.angleDeg)
    expect(Math.max(...angles) - Math.min(...angles)).toBeLessThanOrEqual(72 * 0.7 + 1e-9)
  })

  it('lets a crowd beside an empty place reach nearer the border, still nearer its own label', () => {
    const crowd = Array.from({ length: 6 }, (_, i) => member(`m${i}`, 'Work'))
    // Home (0°) empty, School (144°) taken: Work (72°) reaches further towards Home than School.
    const work = handLayout({ dial, members: [...crowd, member('s', 'School')] })
      .slice(0, 6)
      .map((h) => h.angleDeg)
    expect(72 - Math.min(...work)).toBeCloseTo(72 * 0.45, 6)
    expect(Math.max(...work) - 72).toBeCloseTo(72 * 0.35, 6)
    const steps = work.slice(1).map((a, i) => a - (work[i] as number))
    for (const step of steps) expect(step).toBeCloseTo((72 * 0.8) / 5, 6)
    // With School empty too, the fan is even round Work and wider.
    const even = handLayout({ dial, members: crowd }).map((h) => h.angleDeg)
    expect(((even[0] as number) + (even[5] as number)) / 2).toBeCloseTo(72, 6)
    expect((even[5] as number) - (even[0] as number)).toBeCloseTo(72 * 0.9, 6)
  })

  it('points a hand with an unknown place at Lost', () => {
    expect(handLayout({ dial, members: [member('a', 'Atlantis')] })[0]?.angleDeg).toBe(288)
  })

  it('turns the short way round', () => {
    expect(nextRotation(undefined, 350)).toBe(350)
    expect(nextRotation(350, 10)).toBe(370)
    expect(nextRotation(370, 300)).toBe(300)
    expect(nextRotation(10, 190)).toBe(-170)
  })
})

describe('name tags fitted to the hands', () => {
  const R = FACE.radius
  const hand = (angleDeg: number, over: Partial<TagHand> = {}): TagHand => ({
    angleDeg,
    shaftFrom: -FACE.shaftTail,
    length: 0.74 * R,
    tipRadius: FACE.tipRadius,
    tagFrom: FACE.tagClearOfHub,
    tagTo: 0.74 * R - FACE.tagShortOfTip,
    ...over,
  })

  // Geometry written again here, apart from the code under test: a point on the dial, the distance
  // from a point to a segment, and between two segments by walking one of them in small steps.
  const at = (angleDeg: number, r: number) => {
    const rad = (angleDeg * Math.PI) / 180
    return { x: r * Math.sin(rad), y: -r * Math.cos(rad) }
  }
  const toSegment = (
    p: { x: number; y: number },
    a: { x: number; y: number },
    b: { x: number; y: number },
  ) => {
    const [dx, dy] = [b.x - a.x, b.y - a.y]
    const t =
      dx === 0 && dy === 0
        ? 0
        : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / (dx * dx + dy * dy)))
    return Math.hypot(p.x - a.x - t * dx, p.y - a.y - t * dy)
  }
  const gap = (angle: number, r0: number, r1: number, otherAngle: number, s0: number, s1: number) => {
    let least = Number.POSITIVE_INFINITY
    const steps = Math.max(1, Math.ceil((r1 - r0) / 0.05))
    for (let k = 0; k <= steps; k++)
      least = Math.min(
        least,
        toSegment(at(angle, r0 + ((r1 - r0) * k) / steps), at(otherAngle, s0), at(otherAngle, s1)),
      )
    return least
  }
  const SAMPLING = 0.05

  it('leaves a lone hand’s tag as it is, and cuts tags far apart only near the hub', () => {
    expect(fitTags([hand(30)])).toEqual([FACE.tagClearOfHub])
    const shaftClearance = FACE.tagHeight / 2 + FACE.shaftWidth / 2 + FACE.gap
    for (const start of fitTags([hand(0), hand(90)])) {
      // Square to each other, a tag clears the other's shaft 6.3 units out and its tag 9/√2.
      expect(start).toBeGreaterThanOrEqual(shaftClearance)
      expect(start).toBeLessThan((FACE.tagHeight + FACE.gap) / Math.SQRT2 + 0.1)
    }
    // Opposite hands: each tag clears the other's shaft where it runs on behind the hub.
    for (const start of fitTags([hand(0), hand(180)]))
      expect(start).toBeCloseTo(FACE.shaftTail + shaftClearance, 1)
  })

  it('shortens the tags of close hands from the hub end, no more than they must', () => {
    const sin = Math.sin((12 * Math.PI) / 180)
    const from = fitTags([hand(0), hand(12)]).sort((x, y) => x - y)
    // Each clears the other's shaft; then one gives way further, until the two tags clear each other.
    expect(from[0]).toBeCloseTo((FACE.tagHeight / 2 + FACE.shaftWidth / 2 + FACE.gap) / sin, 1)
    expect(from[1]).toBeCloseTo((FACE.tagHeight + FACE.gap) / sin, 1)
    // Short tags near the tips already clear each other: nothing is cut.
    const short = { tagFrom: hand(0).tagTo - 15 }
    expect(fitTags([hand(0, short), hand(20, short)])).toEqual([short.tagFrom, short.tagFrom])
  })

  it('never lets a tag touch another tag, another hand or what sits on its tip', () => {
    const someHand = fc
      .record({
        angleDeg: fc.integer({ min: 0, max: 359 }),
        long: fc.boolean(),
        shaftFrom: fc.constantFrom(-FACE.shaftTail, -FACE.shaftTail, 18.4),
        face: fc.boolean(),
        wants: fc.double({ min: 0, max: 1, noNaN: true }),
      })
      .map(({ angleDeg, long, shaftFrom, face, wants }): TagHand => {
        const length = (long ? 0.74 : 0.62) * R
        const tagTo = length - FACE.tagShortOfTip
        const inner = Math.max(FACE.tagClearOfHub, shaftFrom + 1)
        return {
          angleDeg,
          shaftFrom,
          length,
          tipRadius: face ? (FACE.faceSize / 2) * Math.SQRT2 : FACE.tipRadius,
          tagFrom: tagTo - wants * (tagTo - inner),
          tagTo,
        }
      })
    fc.assert(
      fc.property(fc.array(someHand, { minLength: 1, maxLength: 12 }), (hands) => {
        const from = fitTags(hands)
        hands.forEach((h, i) => {
          const start = from[i] as number
          expect(start).toBeGreaterThanOrEqual(h.tagFrom)
          if (start >= h.tagTo) return
          hands.forEach((other, j) => {
            if (i === j) return
            const shaft = gap(h.angleDeg, start, h.tagTo, other.angleDeg, other.shaftFrom, other.length)
            expect(shaft).toBeGreaterThanOrEqual(
              FACE.tagHeight / 2 + FACE.shaftWidth / 2 + FACE.gap - SAMPLING,
            )
            const tip = gap(h.angleDeg, start, h.tagTo, other.angleDeg, other.length, other.length)
            expect(tip).toBeGreaterThanOrEqual(FACE.tagHeight / 2 + other.tipRadius + FACE.gap - SAMPLING)
            const otherStart = from[j] as number
            if (otherStart >= other.tagTo) return
            const tags = gap(h.angleDeg, start, h.tagTo, other.angleDeg, otherStart, other.tagTo)
            expect(tags).toBeGreaterThanOrEqual(FACE.tagHeight + FACE.gap - SAMPLING)
          })
        })
      }),
      { numRuns: 300, seed: 42 },
    )
  })
})
