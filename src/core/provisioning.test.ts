import { describe, expect, it } from 'vitest'
import type { Settings } from './model.js'
import { initials, inlineConfigLink, provisioningConfig } from './provisioning.js'

const settings: Settings = {
  family: 'smiths',
  members: [{ id: 'anna', name: 'Anna Maria', deviceIds: ['anna-phone'] }],
  places: [
    { name: 'Home', key: 'home', aliases: [], lat: 51.5, lon: -0.14, radiusMeters: 120 },
    // A region on the phone the clock ignores: never handed to the phone either.
    { name: 'Gym', key: 'gym', aliases: [], lat: 51.6, lon: -0.14, radiusMeters: 50, hidden: true },
  ],
  lostAfterMinutes: 60,
  lwtMeansLost: false,
  maxAccuracyMeters: 500,
  hysteresisMeters: 50,
  maxPayloadBytes: 65_536,
}

const input = {
  settings,
  memberId: 'anna',
  deviceId: 'anna-phone',
  host: 'clock.example.org',
  port: 8883,
  username: 'smiths',
  password: 'pw-123456',
}

describe('provisioning a phone', () => {
  it('builds an MQTT/TLS configuration with the clock’s topics, commands on and the member’s places', () => {
    expect(provisioningConfig({ ...input, encryptionKey: 'k' })).toMatchObject({
      _type: 'configuration',
      mode: 0,
      host: 'clock.example.org',
      port: 8883,
      tls: true,
      username: 'smiths',
      password: 'pw-123456',
      deviceId: 'anna-phone',
      tid: 'AM',
      clientId: 'smithsannaphone',
      pubTopicBase: 'owntracks/smiths/%d',
      cleanSession: false,
      // Not a minute: Android pings as often as asked, waking from Doze to do it.
      keepalive: 900,
      pubRetain: true,
      cmd: true,
      monitoring: 1,
      extendedData: true,
      encryptionKey: 'k',
      waypoints: [{ _type: 'waypoint', desc: 'Home', lat: 51.5, lon: -0.14, rad: 120 }],
    })
  })

  it('always gives the phone an encryption key, an empty one to turn a stale key off', () => {
    expect(provisioningConfig(input)).toMatchObject({ encryptionKey: '', usePassword: true })
  })

  it('makes a link whose base64 decodes back to the same configuration', () => {
    const config = provisioningConfig({ ...input, host: 'hôte.example' })
    const link = inlineConfigLink(config)
    expect(link.startsWith('owntracks:///config?inline=')).toBe(true)
    const value = link.slice('owntracks:///config?inline='.length)
    expect(value).not.toMatch(/[+/=]/)
    const encoded = decodeURIComponent(value)
    expect(JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'))).toEqual(config)
  })

  it.each([
    ['Anna Maria', 'AM'],
    ['ginny', 'GI'],
    ['Ø', 'Ø'],
    ['--', 'WC'],
    ['𠮷田 花子', '𠮷花'],
    ['ßara Öz', 'SS'],
  ])('turns %j into the tracker id %j', (name, tid) => {
    expect(initials(name)).toBe(tid)
  })
})
