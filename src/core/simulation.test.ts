import { describe, expect, it } from 'vitest'
import type { Place } from './model.js'
import { decodeOwnTracks } from './owntracks/decode.js'
import { createSimulation } from './simulation.js'

const places: Place[] = [
  { name: 'Home', key: 'home', aliases: [], lat: 50, lon: 1, radiusMeters: 100 },
  { name: 'Work', key: 'work', aliases: [], lat: 51, lon: 1, radiusMeters: 100 },
  { name: 'Mortal Peril', key: 'mortal peril', aliases: [] },
]
const ctx = {
  family: 'fam',
  maxPayloadBytes: 65_536,
  senderOf: (d: string) => ({ memberId: d, deviceId: d }),
}

describe('the traffic simulation', () => {
  it('produces only messages the decoder accepts, on each device’s own topics', () => {
    const sim = createSimulation({ family: 'fam', deviceIds: ['ann', 'ben'], places, seed: 3 })
    const kinds = new Set<string>()
    for (let step = 0; step < 300; step++) {
      for (const m of sim.step(1_700_000_000 + step)) {
        const decoded = decodeOwnTracks(m.topic, new TextEncoder().encode(m.payload), ctx)
        expect(decoded.ok, m.payload).toBe(true)
        if (decoded.ok) kinds.add(decoded.value.kind)
        expect(m.topic).toMatch(/^owntracks\/fam\/(ann|ben)(\/event)?$/)
      }
    }
    expect([...kinds].sort()).toEqual(['location', 'lwt', 'transition'])
  })

  it('replays the same day for the same seed', () => {
    const run = () => {
      const sim = createSimulation({ family: 'fam', deviceIds: ['ann'], places, seed: 9 })
      return Array.from({ length: 50 }, (_, i) => sim.step(1_700_000_000 + i).map((m) => m.payload)).flat()
    }
    expect(run()).toEqual(run())
  })

  it('moves each device only between its own member’s places', () => {
    const gym: Place = { name: 'Gym', key: 'gym', aliases: [], lat: 52, lon: 1, radiusMeters: 100 }
    const sim = createSimulation({
      family: 'fam',
      deviceIds: ['ann', 'ben'],
      places: [...places, gym],
      placesFor: (d) => (d === 'ann' ? [places[0] as Place, gym] : places),
      seed: 5,
    })
    const seen = { ann: new Set<string>(), ben: new Set<string>() }
    for (let step = 0; step < 400; step++)
      for (const m of sim.step(1_700_000_000 + step)) {
        const device = m.topic.split('/')[2] as 'ann' | 'ben'
        const message = JSON.parse(m.payload) as { desc?: string; inregions?: string[] }
        for (const name of [message.desc, ...(message.inregions ?? [])]) if (name) seen[device].add(name)
      }
    expect([...seen.ann].sort()).toEqual(['Gym', 'Home'])
    expect([...seen.ben].sort()).toEqual(['Home', 'Work'])
  })

  it('needs a place with coordinates', () => {
    expect(() =>
      createSimulation({ family: 'fam', deviceIds: ['ann'], places: [places[2] as Place] }),
    ).toThrow(/at least one place/)
  })
})
