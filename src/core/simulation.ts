// Pure. Realistic OwnTracks traffic for a family without phones: members leave places, travel with
// periodic fixes, arrive (transition + location with inregions), and sometimes drop off (LWT).
// Used by `weasley-clock simulate` (over MQTT) and by the demo mode (in-process).

import type { Place } from './model.js'

export interface SimulatedMessage {
  topic: string
  payload: string
  /** OwnTracks: locations are retained, transitions and LWTs are not. */
  retain: boolean
}

export interface SimulationOptions {
  family: string
  deviceIds: readonly string[]
  /** Places with coordinates; members move between them. */
  places: readonly Place[]
  /**
   * The places one device's member moves between (their own "Work", not another's; no hidden ones),
   * when they are not all of `places`.
   */
  placesFor?: (deviceId: string) => readonly Place[]
  seed?: number
}

interface DeviceWalk {
  deviceId: string
  places: readonly Place[]
  at: Place | null
  target: Place | null
  from: { lat: number; lon: number }
  progress: number
  battery: number
}

export interface Simulation {
  /** The messages one device produces in one step at time nowSec. */
  step(nowSec: number): SimulatedMessage[]
}

/** Deterministic PRNG (mulberry32) so a seed replays the same day. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

export function createSimulation(options: SimulationOptions): Simulation {
  const random = seededRandom(options.seed ?? 1)
  const located = (list: readonly Place[]) => list.filter((p) => p.lat !== undefined && p.lon !== undefined)
  const everywhere = located(options.places)
  if (everywhere.length === 0) throw new Error('the simulation needs at least one place with coordinates')
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
  const walks: DeviceWalk[] = options.deviceIds.map((deviceId) => {
    const own = options.placesFor ? located(options.placesFor(deviceId)) : everywhere
    const places = own.length > 0 ? own : everywhere
    const at = pick(places)
    return {
      deviceId,
      places,
      at,
      target: null,
      from: centre(at),
      progress: 0,
      battery: 60 + Math.floor(random() * 40),
    }
  })
  let next = 0

  return {
    step(nowSec) {
      const walk = walks[next % walks.length] as DeviceWalk
      next++
      const base = `owntracks/${options.family}/${walk.deviceId}`
      const tid = walk.deviceId.slice(0, 2)
      const out: SimulatedMessage[] = []
      const location = (pos: { lat: number; lon: number }, extra: Record<string, unknown>) =>
        out.push({
          topic: base,
          retain: true,
          payload: JSON.stringify({
            _type: 'location',
            lat: round(pos.lat),
            lon: round(pos.lon),
            acc: 10 + Math.floor(random() * 20),
            batt: walk.battery,
            tid,
            tst: nowSec,
            ...extra,
          }),
        })
      const transition = (event: 'enter' | 'leave', place: Place, pos: { lat: number; lon: number }) =>
        out.push({
          topic: `${base}/event`,
          retain: false,
          payload: JSON.stringify({
            _type: 'transition',
            event,
            desc: place.name,
            lat: round(pos.lat),
            lon: round(pos.lon),
            acc: 15,
            t: 'c',
            tid,
            tst: nowSec,
            wtst: 1_700_000_000,
          }),
        })

      walk.battery = Math.max(5, walk.battery - (random() < 0.3 ? 1 : 0))
      if (walk.at && random() < 0.05) {
        out.push({ topic: base, retain: false, payload: JSON.stringify({ _type: 'lwt', tst: nowSec }) })
      } else if (walk.at) {
        const leaving = walk.places.length > 1 && random() < 0.5
        if (!leaving) location(centre(walk.at), { inregions: [walk.at.name], t: 'p' })
        else {
          const target = pick(walk.places.filter((p) => p !== walk.at))
          transition('leave', walk.at, centre(walk.at))
          walk.from = centre(walk.at)
          walk.target = target
          walk.at = null
          walk.progress = 0
          location(walk.from, { inregions: [], t: 'c', vel: 40 })
        }
      } else if (walk.target) {
        walk.progress += 0.34 + random() * 0.3
        if (walk.progress >= 1) {
          const arrived = walk.target
          walk.at = arrived
          walk.target = null
          transition('enter', arrived, centre(arrived))
          location(centre(arrived), { inregions: [arrived.name], t: 'c' })
        } else {
          const to = centre(walk.target)
          const pos = {
            lat: walk.from.lat + (to.lat - walk.from.lat) * walk.progress,
            lon: walk.from.lon + (to.lon - walk.from.lon) * walk.progress,
          }
          location(pos, { inregions: [], vel: 30 + Math.floor(random() * 60) })
        }
      }
      return out
    },
  }
}

const centre = (p: Place): { lat: number; lon: number } => ({ lat: p.lat ?? 0, lon: p.lon ?? 0 })
const round = (n: number): number => Math.round(n * 1e6) / 1e6
