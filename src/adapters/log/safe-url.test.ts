import { describe, expect, it } from 'vitest'
import { safeUrl } from './safe-url.js'

describe('safeUrl', () => {
  it('drops user and password, whatever the password holds', () => {
    expect(safeUrl('mqtts://clock:s3cret@broker.example:8883')).toBe('mqtts://broker.example:8883')
    expect(safeUrl('mqtts://clock:s3cr@t-pass@broker.example:8883')).toBe('mqtts://broker.example:8883')
    expect(safeUrl('mqtts://clock:p#ss?w@broker.example')).toBe('mqtts://broker.example')
    expect(safeUrl('wss://clock:pw@broker.example/mqtt')).toBe('wss://broker.example/mqtt')
    expect(safeUrl('mqtts://clock:pa/ss@broker.example')).toBe('mqtts://broker.example')
  })

  it('drops them from a mistyped URL too', () => {
    expect(safeUrl('clock:s3cret@pi.lan:8883')).toBe('pi.lan:8883')
    expect(safeUrl('mqtt:/clock:s3cret@pi.lan')).toBe('mqtt:/pi.lan')
    expect(safeUrl('mqtt:clock:s3cret@pi.lan')).toBe('pi.lan')
  })

  it('leaves a URL without user info as it is', () => {
    expect(safeUrl('mqtts://broker.example:8883')).toBe('mqtts://broker.example:8883')
  })
})
