import { describe, expect, it } from 'vitest'
import { placeKeyOf, regionNameClash } from './names.js'

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

describe('regionNameClash', () => {
  it.each([
    ['Home', null],
    ['Saint-Malo', null],
    ['Grandma: Leeds', { character: ':' }],
    ['Home|1|2', { character: '|', bareName: 'Home' }],
    ['-Gym|2|1', { character: '|', bareName: 'Gym' }],
    [' -Gym', { character: '-', bareName: 'Gym' }],
  ])('reads %j as %j', (name, clash) => {
    expect(regionNameClash(name)).toEqual(clash)
  })
})
