import { describe, expect, it } from 'vitest'
import { createConsoleLogger } from '../adapters/log/logger.js'
import { describeLocationRequest } from '../core/command-report.js'
import type { Settings } from '../core/model.js'
import { NOWHERE, waypointsFor } from '../core/waypoints.js'
import { createPhoneCommands, forgetPlacesSent } from './phone-commands.js'
import type { DeviceReach, Publisher } from './ports.js'

const settings: Settings = {
  family: 'fam',
  members: [
    { id: 'ann', name: 'Ann', deviceIds: ['ann-phone', 'ann-tablet'] },
    { id: 'bob', name: 'Bob', deviceIds: ['bob-phone'] },
  ],
  places: [],
  lostAfterMinutes: 600,
  lwtMeansLost: false,
  maxAccuracyMeters: 500,
  hysteresisMeters: 50,
  maxPayloadBytes: 64 * 1024,
}

function commandsThrough(
  publisher: Publisher,
  over: { settings?: Settings; meta?: Map<string, string> } = {},
) {
  const logs: string[] = []
  const meta = over.meta ?? new Map<string, string>()
  const commands = createPhoneCommands({
    settings: over.settings ?? settings,
    wrap: (_device, command) => JSON.stringify(command),
    publisher: () => publisher,
    logger: createConsoleLogger({ level: 'info', write: (line) => logs.push(line) }),
    meta: { get: (k) => meta.get(k), set: (k, v) => void meta.set(k, v) },
    commandWaitMs: 20,
  })
  return { commands, logs }
}

/** A phone back in the session the broker kept for it. */
const RESUMED = { resumed: true }

describe('phone commands', () => {
  it('tells the caller a command is queued when the broker does not take it in time, instead of hanging', async () => {
    // An external broker out of reach: the client keeps the command and never settles meanwhile.
    const { commands, logs } = commandsThrough({ publish: () => new Promise<void>(() => {}) })
    expect(await commands.requestLocation('Ann')).toEqual({ devices: 2, taken: 2 })
    expect(logs.filter((l) => l.includes('waits for the broker'))).toHaveLength(2)
  })

  it('counts only the commands the broker took, and names the device of each one it refused', async () => {
    const { commands, logs } = commandsThrough({
      publish: (topic) =>
        topic.includes('bob') ? Promise.reject(new Error('not authorized')) : Promise.resolve(),
    })
    expect(await commands.requestLocation()).toEqual({ devices: 3, taken: 2 })
    expect(logs).toEqual([expect.stringContaining('could not send a command to bob-phone: not authorized')])
  })

  it('tells apart, where the broker knows, the devices listening now, those whose session keeps it, and those it reaches not', async () => {
    const reaches: Record<string, DeviceReach> = {
      'ann-phone': 'listening',
      'ann-tablet': 'session',
      'bob-phone': 'none',
    }
    const asked: string[] = []
    const { commands } = commandsThrough({
      publish: async () => {},
      reachOf: async (family, deviceId, topic) => {
        asked.push(`${family} ${deviceId} ${topic}`)
        return reaches[deviceId] ?? 'none'
      },
    })
    const report = await commands.requestLocation()
    expect(report).toEqual({ devices: 3, taken: 3, listening: 1, queued: 1 })
    expect(asked).toContain('fam ann-tablet owntracks/fam/ann-tablet/cmd')
    expect(describeLocationRequest(report)).toBe(
      'Asked 1 connected device(s) for their location; queued for 1 away, which are asked when they reconnect; 1 device(s) not connected and without a session cannot be asked. iPhones answer when iOS next wakes the app.',
    )
  })

  describe('places for a phone that starts listening', () => {
    const home = { name: 'Home', key: 'home', aliases: [], lat: 50, lon: 1, radiusMeters: 100 }
    const withHomeAt = (lat: number): Settings => ({ ...settings, places: [{ ...home, lat }] })
    const recording = (reaches: Record<string, DeviceReach> = {}) => {
      const sentTo: string[] = []
      const publisher: Publisher = {
        publish: async (topic) => {
          sentTo.push(topic.split('/')[2] ?? '')
        },
        reachOf: async (_family, deviceId) => reaches[deviceId] ?? 'none',
      }
      return { publisher, sentTo }
    }

    it('are sent again to a device that starts afresh, whatever it was sent before', async () => {
      const meta = new Map<string, string>()
      const { publisher, sentTo } = recording()
      const { commands } = commandsThrough(publisher, { settings: withHomeAt(50), meta })
      expect(await commands.pushPlacesOnListening('ann-phone', 'ann', RESUMED)).toBe(true)
      expect(await commands.pushPlacesOnListening('ann-phone', 'ann', RESUMED)).toBe(false)
      // A clean session, a reinstalled app: what it was sent may be gone with its old session.
      expect(await commands.pushPlacesOnListening('ann-phone', 'ann', { resumed: false })).toBe(true)
      expect(sentTo).toEqual(['ann-phone', 'ann-phone'])
    })

    it('are sent only when they differ from what that device was last sent, across restarts', async () => {
      const meta = new Map<string, string>()
      const { publisher, sentTo } = recording()
      const start = (lat: number) => commandsThrough(publisher, { settings: withHomeAt(lat), meta }).commands
      expect(await start(50).pushPlacesOnListening('ann-phone', 'ann', RESUMED)).toBe(true)
      // It reconnects, and the clock restarts: nothing new for it.
      expect(await start(50).pushPlacesOnListening('ann-phone', 'ann', RESUMED)).toBe(false)
      expect(await start(50).pushPlacesOnListening('ann-phone', 'ann', RESUMED)).toBe(false)
      // Her tablet was never sent them; and once Home moved, both get it again.
      expect(await start(50).pushPlacesOnListening('ann-tablet', 'ann', RESUMED)).toBe(true)
      expect(await start(51).pushPlacesOnListening('ann-phone', 'ann', RESUMED)).toBe(true)
      expect(await start(51).pushPlacesOnListening('ann-tablet', 'ann', RESUMED)).toBe(true)
      expect(sentTo).toEqual(['ann-phone', 'ann-tablet', 'ann-phone', 'ann-tablet'])
    })

    it('are sent again when the broker did not take them, or the phone was set up again', async () => {
      const meta = new Map<string, string>()
      const refusing: Publisher = { publish: () => Promise.reject(new Error('gone')) }
      expect(
        await commandsThrough(refusing, { settings: withHomeAt(50), meta }).commands.pushPlacesOnListening(
          'ann-phone',
          'ann',
          RESUMED,
        ),
      ).toBe(false)
      const { publisher, sentTo } = recording()
      const { commands } = commandsThrough(publisher, { settings: withHomeAt(50), meta })
      expect(await commands.pushPlacesOnListening('ann-phone', 'ann', RESUMED)).toBe(true)
      forgetPlacesSent({ get: (k) => meta.get(k), set: (k, v) => void meta.set(k, v) }, 'ann-phone')
      expect(await commands.pushPlacesOnListening('ann-phone', 'ann', RESUMED)).toBe(true)
      expect(sentTo).toEqual(['ann-phone', 'ann-phone'])
    })

    it('are always sent when asked for, and afterwards skipped for a device that listened or kept a session then', async () => {
      const meta = new Map<string, string>()
      const { publisher, sentTo } = recording({ 'ann-phone': 'listening', 'ann-tablet': 'none' })
      const { commands } = commandsThrough(publisher, { settings: withHomeAt(50), meta })
      expect(await commands.pushPlacesOnListening('ann-phone', 'ann', RESUMED)).toBe(true)
      expect(await commands.pushPlacesOnListening('ann-tablet', 'ann', RESUMED)).toBe(true)
      await commands.pushPlacesTo('Ann')
      expect(sentTo).toEqual(['ann-phone', 'ann-tablet', 'ann-phone', 'ann-tablet'])
      // The tablet was away with no session to keep them: it is sent them when it is back.
      expect(await commands.pushPlacesOnListening('ann-phone', 'ann', RESUMED)).toBe(false)
      expect(await commands.pushPlacesOnListening('ann-tablet', 'ann', RESUMED)).toBe(true)
    })
  })

  describe('regions a phone was given that are no longer its member’s places', () => {
    const place = (name: string, lat: number) => ({
      name,
      key: name.toLowerCase(),
      aliases: [],
      lat,
      lon: 1,
      radiusMeters: 100,
    })
    const withPlaces = (...places: ReturnType<typeof place>[]): Settings => ({ ...settings, places })
    const home = place('Home', 50)
    const school = place('School', 52)
    const hogwarts = place('Hogwarts', 52)
    /** Records each device's places and removals; refuses while `refuse` is set. */
    const phones = () => {
      const pushes: { device: string; places: string[]; removed: string[] }[] = []
      const state = { refuse: false, reach: 'listening' as DeviceReach }
      const publisher: Publisher = {
        publish: async (topic, payload) => {
          if (state.refuse) throw new Error('gone')
          const { waypoints } = (
            JSON.parse(String(payload)) as { waypoints: { waypoints: { desc: string; lat: number }[] } }
          ).waypoints
          pushes.push({
            device: topic.split('/')[2] ?? '',
            places: waypoints.filter((w) => w.lat !== NOWHERE.lat).map((w) => w.desc),
            removed: waypoints.filter((w) => w.lat === NOWHERE.lat).map((w) => w.desc),
          })
        },
        reachOf: async () => state.reach,
      }
      return { publisher, pushes, state }
    }

    it('are removed with the next push the broker takes, and only once', async () => {
      const meta = new Map<string, string>()
      const { publisher, pushes, state } = phones()
      const start = (s: Settings) => commandsThrough(publisher, { settings: s, meta }).commands
      expect(await start(withPlaces(home, hogwarts)).pushPlacesOnListening('ann-phone', 'ann', RESUMED)).toBe(
        true,
      )
      // Renamed and moved in the config; the broker refuses the first push: the removal waits for the next.
      state.refuse = true
      expect(await start(withPlaces(school)).pushPlacesOnListening('ann-phone', 'ann', RESUMED)).toBe(false)
      state.refuse = false
      expect(await start(withPlaces(school)).pushPlacesOnListening('ann-phone', 'ann', RESUMED)).toBe(true)
      expect(await start(withPlaces(school)).pushPlacesOnListening('ann-phone', 'ann', RESUMED)).toBe(false)
      expect(
        await start(withPlaces(school)).pushPlacesOnListening('ann-phone', 'ann', { resumed: false }),
      ).toBe(true)
      expect(pushes).toEqual([
        { device: 'ann-phone', places: ['Home', 'Hogwarts'], removed: [] },
        { device: 'ann-phone', places: ['School'], removed: ['Home', 'Hogwarts'] },
        { device: 'ann-phone', places: ['School'], removed: [] },
      ])
    })

    it('are removed from what a clock before this record last sent, and never from a phone set up again', async () => {
      const meta = new Map<string, string>()
      const { publisher, pushes } = phones()
      meta.set('places-sent:ann-phone', JSON.stringify(waypointsFor('ann', withPlaces(home, hogwarts))))
      await commandsThrough(publisher, {
        settings: withPlaces(home, hogwarts),
        meta,
      }).commands.pushPlacesOnListening('ann-tablet', 'ann', RESUMED)
      // Set up again: its app may have been reinstalled, and holds none of them.
      forgetPlacesSent({ get: (k) => meta.get(k), set: (k, v) => void meta.set(k, v) }, 'ann-tablet')
      const { commands } = commandsThrough(publisher, { settings: withPlaces(home), meta })
      await commands.pushPlacesOnListening('ann-phone', 'ann', RESUMED)
      await commands.pushPlacesOnListening('ann-tablet', 'ann', RESUMED)
      expect(pushes).toEqual([
        { device: 'ann-tablet', places: ['Home', 'Hogwarts'], removed: [] },
        { device: 'ann-phone', places: ['Home'], removed: ['Hogwarts'] },
        { device: 'ann-tablet', places: ['Home'], removed: [] },
      ])
    })

    it('are removed once when two pushes overlap, and again only for a phone the broker says never got it', async () => {
      const meta = new Map<string, string>()
      const { publisher, pushes, state } = phones()
      const start = (s: Settings) => commandsThrough(publisher, { settings: s, meta }).commands
      await start(withPlaces(home, hogwarts)).pushPlacesOnListening('ann-phone', 'ann', RESUMED)
      // The start-up push and the phone's subscription at once.
      const now = start(withPlaces(home))
      await Promise.all([now.pushPlacesTo('Ann'), now.pushPlacesOnListening('ann-phone', 'ann', RESUMED)])
      expect(pushes.filter((p) => p.device === 'ann-phone' && p.removed.length > 0)).toHaveLength(1)
      // Never connected, no session: its removal waits for a push it gets.
      await start(withPlaces(home, hogwarts)).pushPlacesOnListening('ann-tablet', 'ann', { resumed: false })
      state.reach = 'none'
      await start(withPlaces(home)).pushPlacesTo('Ann')
      state.reach = 'listening'
      await start(withPlaces(home)).pushPlacesTo('Ann')
      // (Its first push came with the phone's, above.)
      expect(pushes.filter((p) => p.device === 'ann-tablet').map((p) => p.removed)).toEqual([
        [],
        [],
        ['Hogwarts'],
        ['Hogwarts'],
      ])
    })

    it('are removed when asked for, and at the start after a member was left with no places', async () => {
      const meta = new Map<string, string>()
      const { publisher, pushes } = phones()
      const start = (s: Settings) => commandsThrough(publisher, { settings: s, meta }).commands
      await start(withPlaces(home)).pushChangedPlaces()
      await start(withPlaces(home)).pushPlacesOnListening('ann-phone', 'ann', RESUMED)
      // Taken for a phone the broker cannot place: noted as removed, never sent twice.
      await start(withPlaces(home, hogwarts)).pushPlacesTo('Ann')
      await start(withPlaces(home)).pushPlacesTo('Ann')
      await start(withPlaces(home)).pushPlacesTo('Ann')
      await start({ ...settings, places: [] }).pushChangedPlaces()
      await start({ ...settings, places: [] }).pushChangedPlaces()
      expect(pushes.filter((p) => p.device === 'ann-phone')).toEqual([
        { device: 'ann-phone', places: ['Home'], removed: [] },
        { device: 'ann-phone', places: ['Home', 'Hogwarts'], removed: [] },
        { device: 'ann-phone', places: ['Home'], removed: ['Hogwarts'] },
        { device: 'ann-phone', places: ['Home'], removed: [] },
        { device: 'ann-phone', places: [], removed: ['Home'] },
      ])
      // Bob's phone was never sent a place: nothing to remove, nothing sent.
      expect(pushes.filter((p) => p.device === 'bob-phone')).toEqual([])
    })
  })

  it('remembers changed places as sent only once the broker took them for every device', async () => {
    const home = { name: 'Home', key: 'home', aliases: [], lat: 50, lon: 1, radiusMeters: 100 }
    const withPlaces = (lat: number): Settings => ({ ...settings, places: [{ ...home, lat }] })
    const meta = new Map<string, string>()
    const sentTo: string[] = []
    const taking: Publisher = {
      publish: async (topic) => {
        sentTo.push(topic)
      },
    }
    // The first start only notes what there is: phones get places when they subscribe.
    await commandsThrough(taking, { settings: withPlaces(50), meta }).commands.pushChangedPlaces()
    expect(sentTo).toEqual([])
    // Moved, while the broker refuses one of Ann's devices: sent, but not noted, so sent again next time.
    const refusing: Publisher = {
      publish: (topic) =>
        topic.includes('ann-tablet') ? Promise.reject(new Error('gone')) : Promise.resolve(),
    }
    const before = meta.get('places:ann')
    await commandsThrough(refusing, { settings: withPlaces(51), meta }).commands.pushChangedPlaces()
    expect(meta.get('places:ann')).toBe(before)
    await commandsThrough(taking, { settings: withPlaces(51), meta }).commands.pushChangedPlaces()
    expect(sentTo.filter((t) => t.includes('/ann-'))).toEqual([
      'owntracks/fam/ann-phone/cmd',
      'owntracks/fam/ann-tablet/cmd',
    ])
    expect(meta.get('places:ann')).not.toBe(before)
    // Nothing changed since: nothing sent.
    await commandsThrough(taking, { settings: withPlaces(51), meta }).commands.pushChangedPlaces()
    expect(sentTo.filter((t) => t.includes('/ann-'))).toHaveLength(2)
  })

  it('logs, and does not throw, when it cannot read what it sent before', async () => {
    const logs: string[] = []
    const commands = createPhoneCommands({
      settings,
      wrap: (_device, command) => JSON.stringify(command),
      publisher: () => undefined,
      logger: createConsoleLogger({ level: 'info', write: (line) => logs.push(line) }),
      meta: {
        get: () => {
          throw new Error('disk I/O error')
        },
        set: () => {},
      },
    })
    await commands.pushChangedPlaces()
    expect(logs).toEqual([expect.stringContaining('disk I/O error')])
  })
})
