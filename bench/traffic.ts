// A realistic mix of OwnTracks traffic for benchmarks: 250–400-byte messages shaped like the apps'.

import type { Settings } from '../src/core/model.js'
import { seededRandom } from '../src/core/simulation.js'

export interface BenchMessage {
  topic: string
  payload: Buffer
}

export const BENCH_FAMILY = 'benchfam'

export function benchSettings(): Settings {
  const members = Array.from({ length: 8 }, (_, i) => ({
    id: `m${i}`,
    name: `Member ${i}`,
    deviceIds: [`m${i}-phone`, `m${i}-tablet`],
  }))
  const places = ['Home', 'Work', 'School', 'Gym', 'Grandma'].map((name, i) => ({
    name,
    key: name.toLowerCase(),
    aliases: [],
    lat: 51.5 + i * 0.05,
    lon: -0.12 + i * 0.05,
    radiusMeters: 150,
  }))
  return {
    family: BENCH_FAMILY,
    members,
    places,
    lostAfterMinutes: 720,
    lwtMeansLost: false,
    maxAccuracyMeters: 500,
    hysteresisMeters: 50,
    maxPayloadBytes: 256 * 1024,
  }
}

/**
 * `mobility` is the chance that a message finds its device somewhere new. At 1 (the default, the
 * stress mix) every message puts its device at a random place, inside or just outside it, so a hand
 * moves on most messages. At 0.02 a member (all their devices) mostly stays put.
 */
export function benchTraffic(count: number, seed = 7, mobility = 1): BenchMessage[] {
  const settings = benchSettings()
  const random = seededRandom(seed)
  // A stream of its own, so the stress mix stays the same message for message.
  const moves = seededRandom(seed + 1)
  const where = new Map<string, { place: (typeof settings.places)[number] | undefined; inside: boolean }>()
  const devices = settings.members.flatMap((m) => m.deviceIds)
  const places = settings.places
  const out: BenchMessage[] = []
  let tst = 1_750_000_000
  for (let i = 0; i < count; i++) {
    tst += 1
    const device = devices[Math.floor(random() * devices.length)] ?? 'm0-phone'
    const base = `owntracks/${BENCH_FAMILY}/${device}`
    let place = places[Math.floor(random() * places.length)] ?? places[0]
    let inside = random() < 0.6
    // A member's devices are where the member is.
    const member = device.slice(0, device.indexOf('-'))
    const last = where.get(member)
    if (last && moves() >= mobility) ({ place, inside } = last)
    else where.set(member, { place, inside })
    const lat = (place?.lat ?? 0) + (inside ? 0.0003 : 0.02) * (random() - 0.5)
    const lon = (place?.lon ?? 0) + (inside ? 0.0003 : 0.02) * (random() - 0.5)
    const id = Math.floor(random() * 0xffffffff).toString(16)
    const r = random()
    let topic = base
    let body: Record<string, unknown>
    if (r < 0.6) {
      body = {
        _type: 'location',
        BSSID: '00:13:10:85:fe:01',
        SSID: 'HomeWifi',
        _id: id,
        acc: 12,
        alt: 31,
        batt: 87,
        bs: 1,
        cog: 0,
        conn: 'w',
        created_at: tst,
        lat,
        lon,
        m: 1,
        tid: device.slice(0, 2),
        tst,
        vac: 3,
        vel: 0,
        inregions: inside ? [place?.name] : [],
      }
    } else if (r < 0.75) {
      body = {
        _type: 'location',
        _id: id,
        acc: 35,
        alt: 12,
        batt: 64,
        bs: 2,
        conn: 'm',
        created_at: tst,
        lat,
        lon,
        m: 1,
        source: 'fused',
        t: 'p',
        tid: device.slice(0, 2),
        tst,
        vac: 8,
        vel: 42,
      }
    } else if (r < 0.9) {
      topic = `${base}/event`
      body = {
        _type: 'transition',
        _id: id,
        acc: 14,
        desc: place?.name,
        event: inside ? 'enter' : 'leave',
        lat,
        lon,
        t: 'c',
        tid: device.slice(0, 2),
        tst,
        wtst: 1_700_000_000,
        rid: 'a1b2c3',
        created_at: tst,
      }
    } else if (r < 0.95) {
      topic = `${base}/waypoint`
      body = {
        _type: 'waypoint',
        desc: `${place?.name} extra`,
        lat,
        lon,
        rad: 120,
        tst: 1_700_000_000 + i,
        rid: id,
        _id: id,
        uuid: 'CA271EAE-5FA8-4E80-8F08-2A302A95A959',
        major: 1,
      }
    } else {
      body = {
        _type: 'lwt',
        tst,
        _id: id,
        note: 'connection lost while the phone was asleep in a pocket somewhere',
      }
    }
    out.push({ topic, payload: Buffer.from(JSON.stringify(body)) })
  }
  return out
}
