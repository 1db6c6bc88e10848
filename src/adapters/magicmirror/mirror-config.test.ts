import { describe, expect, it } from 'vitest'
import { checkAgainstMirror } from './mirror-config.js'

const family = { uniqueId: 'weasleys', people: ['Ginny'], broker: { url: 'mqtts://broker.lan' } }
const defaults = { clockStyle: 'clock', sounds: true, volume: 75, sound: 'chime.wav', debug: false }
const mirror = (...modules: unknown[]) => ({ modules })
const check = (modules: unknown[], sent: unknown, secrets: string[] = []) =>
  checkAgainstMirror(mirror(...modules), 'MMM-WeasleyClock', sent, secrets).kind

describe('checkAgainstMirror', () => {
  it('takes the INIT as sent when there is no config.js to compare with', () => {
    expect(checkAgainstMirror(undefined, 'MMM-WeasleyClock', family).kind).toBe('unknown')
    expect(checkAgainstMirror({ modules: 'x' }, 'MMM-WeasleyClock', family).kind).toBe('unknown')
  })

  it('finds the instance whose config, under the defaults, is the one sent, in any key order', () => {
    const modules = [
      { module: 'clock' },
      { module: 'MMM-WeasleyClock', config: { ...family, uniqueId: 'others' } },
      { module: 'modules/MMM-WeasleyClock', position: 'top_left', config: { sounds: false, ...family } },
    ]
    const sent = {
      debug: false,
      ...family,
      sounds: false,
      volume: 75,
      sound: 'chime.wav',
      clockStyle: 'clock',
    }
    expect(check(modules, { ...sent, position: 'top_left' })).toBe('listed')
  })

  it('reads config.js as the browser gets it: undefined keys absent, defaults given or not alike', () => {
    // config.js is run by Node: `volume: process.env.VOLUME` with no VOLUME is undefined there, and the
    // browser, which gets JSON, puts the default back.
    const modules = [{ module: 'MMM-WeasleyClock', config: { ...family, volume: undefined, debug: false } }]
    expect(check(modules, { ...defaults, ...family })).toBe('listed')
    // Before MagicMirror 2.35 the browser ran config.js itself and the undefined went over the default.
    const { volume: _dropped, ...withoutVolume } = defaults
    expect(check(modules, { ...withoutVolume, ...family })).toBe('listed')
  })

  it('matches a secret holding "$" whatever MagicMirror’s own copy made of it', () => {
    // Its copy is written with String.replaceAll, where "$$" stands for "$".
    const secret = 'Pa$$w0rd'
    const fromFile = { ...family, broker: { ...family.broker, password: 'Pa$w0rd' } }
    const sent = { ...defaults, ...family, broker: { ...family.broker, password: secret } }
    expect(check([{ module: 'MMM-WeasleyClock', config: fromFile }], sent, [secret])).toBe('listed')
    expect(check([{ module: 'MMM-WeasleyClock', config: fromFile }], sent, [])).toBe('not-listed')
  })

  it('refuses a config no instance has, a disabled instance’s, and another module’s', () => {
    const withDefaults = { ...defaults, ...family }
    const listed = { module: 'MMM-WeasleyClock', config: family }
    expect(check([listed], { ...withDefaults, broker: { url: 'mqtt://elsewhere' } })).toBe('not-listed')
    expect(check([listed], { ...withDefaults, volume: 10 })).toBe('not-listed')
    expect(check([listed], { ...withDefaults, extra: 1 })).toBe('not-listed')
    expect(check([{ ...listed, disabled: true }], withDefaults)).toBe('not-listed')
    expect(check([{ module: 'MMM-Other', config: family }], withDefaults)).toBe('not-listed')
    expect(check([], 'not an object')).toBe('not-listed')
  })
})
