import { describe, expect, it } from 'vitest'
import { buildClockView, DEFAULT_COLOR_CYCLE, type DisplayOptions } from './clock-view.js'
import type { Settings } from './model.js'
import type { DeviceState, MemberState } from './whereabouts/whereabouts.js'

const settings: Settings = {
  family: 'smiths',
  members: [{ id: 'anna', name: 'Anna', deviceIds: ['anna-phone', 'anna-tablet', 'anna-watch'] }],
  places: [{ name: 'Home', key: 'home', aliases: [], lat: 51.5, lon: -0.14, radiusMeters: 120 }],
  lostAfterMinutes: 60,
  lwtMeansLost: false,
  maxAccuracyMeters: 500,
  hysteresisMeters: 50,
  maxPayloadBytes: 65_536,
}

const aDevice = (deviceId: string, over: Partial<DeviceState> = {}): DeviceState => ({
  deviceId,
  lastTimestampSec: 1_700_000_000,
  lastReceivedMs: 1_000,
  enteredPlaceKeys: [],
  placeKey: 'home',
  online: true,
  ...over,
})

const anna = (...devices: DeviceState[]): MemberState => ({
  memberId: 'anna',
  whereabouts: { kind: 'at-place', place: 'Home' },
  sinceMs: 1_000,
  lastSeenMs: 9_000,
  devices: Object.fromEntries(devices.map((d) => [d.deviceId, d])),
})

const batteryOf = (member: MemberState) =>
  buildClockView(
    settings,
    { members: { anna: member } },
    { colorCycle: DEFAULT_COLOR_CYCLE },
    { connected: true },
    10_000,
  ).members[0]?.batteryPercent

describe('clock view', () => {
  it('gives each member of a family of twelve a colour of their own, unless the config names one', () => {
    const twelve: Settings = {
      ...settings,
      members: Array.from({ length: 12 }, (_, i) => ({ id: `m${i}`, name: `M${i}`, deviceIds: [`m${i}`] })),
    }
    const view = buildClockView(
      twelve,
      { members: {} },
      { colorCycle: DEFAULT_COLOR_CYCLE },
      { connected: true },
      0,
    )
    expect(new Set(view.members.map((m) => m.color)).size).toBe(12)
    const chosen = {
      ...twelve,
      members: twelve.members.map((m, i) => (i === 3 ? { ...m, color: '#000' } : m)),
    }
    const members = buildClockView(
      chosen,
      { members: {} },
      { colorCycle: DEFAULT_COLOR_CYCLE },
      { connected: true },
      0,
    ).members
    expect(members[3]).toMatchObject({ color: '#000', ownColor: true })
    // Marked as their own, so a display with a colour cycle of its own keeps it (a second MagicMirror instance).
    expect(members.filter((m) => m.ownColor)).toHaveLength(1)
  })

  it('shows the battery of the device with the newest location, not of the one heard from first', () => {
    const tabletInADrawer = aDevice('anna-tablet', { lastLocationSec: 1_000, batteryPercent: 90 })
    const phone = aDevice('anna-phone', { lastLocationSec: 9_000, batteryPercent: 15 })
    expect(batteryOf(anna(tabletInADrawer, phone))).toBe(15)
    expect(batteryOf(anna(phone, tabletInADrawer))).toBe(15)
    // The tablet answered something else since (its regions): its battery is still days old.
    const answered = { ...tabletInADrawer, lastReceivedMs: 9_900 }
    expect(batteryOf(anna(phone, answered))).toBe(15)
  })

  it('passes over a device that reports no battery, and shows none when no device does', () => {
    const watch = aDevice('anna-watch', { lastLocationSec: 9_500 })
    const phone = aDevice('anna-phone', { lastLocationSec: 9_000, batteryPercent: 15 })
    expect(batteryOf(anna(phone, watch))).toBe(15)
    expect(batteryOf(anna(watch))).toBeUndefined()
  })

  it('carries the configured style and face radius for the web page, the hands by default', () => {
    const state = { members: {} }
    const view = (display: DisplayOptions) => buildClockView(settings, state, display, { connected: true }, 0)
    expect(view({ colorCycle: [] })).toMatchObject({ style: 'clock' })
    expect(view({ colorCycle: [] })).not.toHaveProperty('radiusPx')
    expect(view({ colorCycle: [], clockStyle: 'table', radius: 120 })).toMatchObject({
      style: 'table',
      radiusPx: 120,
    })
    expect(view({ colorCycle: [] })).not.toHaveProperty('hubDisplacement')
    expect(view({ colorCycle: [], hubDisplacement: 12 })).toMatchObject({ hubDisplacement: 12 })
  })

  it('tells the web page which chime to play, at what volume, unless sounds are off', () => {
    const view = (display: DisplayOptions) =>
      buildClockView(settings, { members: {} }, display, { connected: true }, 0)
    expect(view({ colorCycle: [], sounds: true, sound: 'bell.wav', volume: 0.4 }).chime).toEqual({
      sound: 'bell.wav',
      volume: 0.4,
    })
    expect(view({ colorCycle: [], sounds: false, sound: 'bell.wav', volume: 0.4 })).not.toHaveProperty(
      'chime',
    )
    expect(view({ colorCycle: [] })).not.toHaveProperty('chime')
  })
})
