import { describe, expect, it } from 'vitest'
import { checkAgainstMirror } from './mirror-config.js'

const family = { uniqueId: 'weasleys', people: ['Ginny'], broker: { url: 'mqtts://broker.lan' } }
const defaults = { clockStyle: 'clock', sounds: true, volume: 75, sound: 'chime.wav', debug: false }
const mirror = (...modules: unknown[]) => ({ modules })

describe('checkAgainstMirror', () => {
  it('takes the INIT as sent when there is no config.js to compare with', () => {
    expect(checkAgainstMirror(undefined, 'MMM-WeasleyClock', family)).toEqual({ kind: 'unknown' })
    expect(checkAgainstMirror({ modules: 'x' }, 'MMM-WeasleyClock', family)).toEqual({ kind: 'unknown' })
  })

  it('finds the instance whose config, under the defaults, is the one sent, in any key order', () => {
    const listed = mirror(
      { module: 'clock' },
      { module: 'MMM-WeasleyClock', config: { ...family, uniqueId: 'others' } },
      { module: 'modules/MMM-WeasleyClock', position: 'top_left', config: { sounds: false, ...family } },
    )
    const sent = {
      debug: false,
      ...family,
      sounds: false,
      volume: 75,
      sound: 'chime.wav',
      clockStyle: 'clock',
    }
    expect(checkAgainstMirror(listed, 'MMM-WeasleyClock', { ...sent, position: 'top_left' })).toEqual({
      kind: 'listed',
      config: { ...defaults, ...family, sounds: false },
    })
  })

  it('refuses a config no instance has, a disabled instance’s, and another module’s', () => {
    const withDefaults = { ...defaults, ...family }
    expect(
      checkAgainstMirror(mirror({ module: 'MMM-WeasleyClock', config: family }), 'MMM-WeasleyClock', {
        ...withDefaults,
        broker: { url: 'mqtt://elsewhere' },
      }),
    ).toEqual({ kind: 'not-listed' })
    expect(
      checkAgainstMirror(
        mirror({ module: 'MMM-WeasleyClock', disabled: true, config: family }),
        'MMM-WeasleyClock',
        withDefaults,
      ),
    ).toEqual({ kind: 'not-listed' })
    expect(
      checkAgainstMirror(mirror({ module: 'MMM-Other', config: family }), 'MMM-WeasleyClock', withDefaults),
    ).toEqual({ kind: 'not-listed' })
    expect(checkAgainstMirror(mirror(), 'MMM-WeasleyClock', 'not an object')).toEqual({ kind: 'not-listed' })
  })
})
