import { describe, expect, it } from 'vitest'
import { placeKeyOf } from './names.js'

describe('placeKeyOf', () => {
  it.each([
    ['Home', 'home'],
    ['  School ', 'school'],
    ['Home|1|2', 'home'],
    ['-Office', 'office'],
    ['-Gym|2|1', 'gym'],
    ['CAFÉ', 'café'],
  ])('matches %j as %j', (raw, key) => {
    expect(placeKeyOf(raw)).toBe(key)
  })

  it.each(['+follow', '+60follow', '', '   ', '|1|2', '-'])('never makes a place of %j', (raw) => {
    expect(placeKeyOf(raw)).toBeNull()
  })
})
