import { describe, expect, it } from 'vitest'
import { byteRangeOf } from './byte-range.js'

describe('a Range header', () => {
  it('gives the one range asked for, cut to the file', () => {
    expect(byteRangeOf('bytes=0-1', 1000)).toEqual({ start: 0, end: 1 })
    expect(byteRangeOf('bytes=500-', 1000)).toEqual({ start: 500, end: 999 })
    expect(byteRangeOf('bytes=900-5000', 1000)).toEqual({ start: 900, end: 999 })
    expect(byteRangeOf('bytes=-100', 1000)).toEqual({ start: 900, end: 999 })
    expect(byteRangeOf('bytes=-5000', 1000)).toEqual({ start: 0, end: 999 })
  })

  it('says when the range lies past the end', () => {
    expect(byteRangeOf('bytes=1000-', 1000)).toBe('unsatisfiable')
    expect(byteRangeOf('bytes=-0', 1000)).toBe('unsatisfiable')
    expect(byteRangeOf('bytes=0-1', 0)).toBe('unsatisfiable')
  })

  it('leaves the whole file for what it does not take: no header, several ranges, another unit, nonsense', () => {
    for (const header of [undefined, 'bytes=0-1,5-6', 'items=0-1', 'bytes=-', 'bytes=5-2', 'bytes=a-b'])
      expect(byteRangeOf(header, 1000)).toBeUndefined()
  })
})
