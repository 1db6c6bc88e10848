import { describe, expect, it } from 'vitest'
import { createHostCheck, hostName } from './host-check.js'

describe('host check (DNS rebinding)', () => {
  const allowed = createHostCheck(['clock.example.com', '.weasley.family'])

  it('lets through every name a home network gives the clock', () => {
    for (const host of [
      'localhost:8080',
      '127.0.0.1:8080',
      '192.168.1.20',
      '[::1]:8080',
      '[fe80::1%25eth0]:8080',
      'raspberrypi:8080',
      'magicmirror.local',
      'clock.lan',
      'kitchen.home.arpa:8080',
      'raspberrypi.fritz.box',
      'app.localhost',
      'CLOCK.LOCAL.',
    ])
      expect(allowed(host), host).toBe(true)
  })

  it('refuses a public name it was not given: a rebound page sends its own', () => {
    for (const host of [
      'evil.example:8080',
      'localhost.evil.example',
      '127.0.0.1.nip.io',
      'clock.example.org',
      '',
    ])
      expect(allowed(host), host).toBe(false)
  })

  it('lets through the names of the config, with ".domain" for every name under it, and "*" for all', () => {
    expect(allowed('Clock.Example.com:443')).toBe(true)
    expect(allowed('kitchen.weasley.family')).toBe(true)
    expect(allowed('weasley.family')).toBe(true)
    expect(allowed('weasley.family.evil.example')).toBe(false)
    expect(createHostCheck(['*'])('anything.example')).toBe(true)
  })

  it('lets through a request with no Host header (no browser sends one)', () => {
    expect(allowed(undefined)).toBe(true)
  })

  it('reads the name out of a header', () => {
    expect(hostName('Clock.Lan:8080')).toBe('clock.lan')
    expect(hostName('[::1]:8080')).toBe('[::1]')
    expect(hostName('example.com.')).toBe('example.com')
  })
})
