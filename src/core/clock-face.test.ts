import { describe, expect, it } from 'vitest'
import { dialAngles, handLayout, nextRotation } from './clock-face.js'
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

  it('narrows the fan so a crowd stays inside its sector', () => {
    const crowd = Array.from({ length: 10 }, (_, i) => member(`m${i}`, 'Work'))
    const angles = handLayout({ dial, members: crowd }).map((h) => h.angleDeg)
    expect(Math.max(...angles) - Math.min(...angles)).toBeLessThanOrEqual(72 * 0.7 + 1e-9)
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
