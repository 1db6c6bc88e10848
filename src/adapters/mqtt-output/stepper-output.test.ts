import { describe, expect, it } from 'vitest'
import type { Publisher } from '../../app/ports.js'
import type { ClockView, MemberView } from '../../core/clock-view.js'
import { silentLogger } from '../log/logger.js'
import { createStepperOutput, type DialMessage, type HandMessage } from './stepper-output.js'

const member = (id: string, place: string, more: Partial<MemberView> = {}): MemberView => ({
  id,
  name: id,
  color: '#888',
  place,
  kind: place === 'Lost' ? 'lost' : 'at-place',
  sinceMs: 1_000,
  lastSeenMs: 1_000,
  online: true,
  ...more,
})

const view = (...members: MemberView[]): ClockView => ({
  family: 'weasley',
  dial: ['Home', 'School', 'Traveling', 'Lost'],
  members,
  connection: { connected: true },
  nowMs: 2_000,
  style: 'clock',
})

/** Records what the output publishes; `failing` makes the next publishes reject, as a lost broker does. */
function recorder() {
  const sent: { topic: string; hand: HandMessage }[] = []
  const dials: DialMessage[] = []
  let failing = false
  const publisher: Publisher = {
    publish(topic, payload) {
      if (failing) return Promise.reject(new Error('not connected'))
      if (topic.endsWith('/dial')) dials.push(JSON.parse(String(payload)) as DialMessage)
      else sent.push({ topic, hand: JSON.parse(String(payload)) as HandMessage })
      return Promise.resolve()
    },
  }
  return { publisher, sent, dials, fail: (on: boolean) => (failing = on) }
}

const settled = () => new Promise((resolve) => setImmediate(resolve))

describe('stepper output', () => {
  it('publishes every hand once, then only the hands whose message changed', () => {
    const { publisher, sent } = recorder()
    const output = createStepperOutput(publisher, silentLogger)
    output.show(view(member('ginny', 'Home'), member('ron', 'School')), [])
    expect(sent.map((s) => s.topic)).toEqual(['weasley/weasley/hands/ginny', 'weasley/weasley/hands/ron'])

    // Last seen and battery are not on a hand: nothing to send.
    output.show(
      view(member('ginny', 'Home', { lastSeenMs: 9_000, batteryPercent: 40 }), member('ron', 'School')),
      [],
    )
    expect(sent).toHaveLength(2)

    output.show(view(member('ginny', 'Home', { online: false }), member('ron', 'School')), [])
    expect(sent.slice(2)).toMatchObject([{ topic: 'weasley/weasley/hands/ginny', hand: { online: false } }])
  })

  it('publishes the dial, and gives each hand its place’s slot and own angle, for a printed face', () => {
    const { publisher, sent, dials } = recorder()
    const output = createStepperOutput(publisher, silentLogger)
    output.show(view(member('ginny', 'School'), member('ron', 'School')), [])
    expect(dials).toEqual([
      {
        places: [
          { place: 'Home', angle: 0 },
          { place: 'School', angle: 90 },
          { place: 'Traveling', angle: 180 },
          { place: 'Lost', angle: 270 },
        ],
      },
    ])
    // Fanned out either side of School, both with its slot and angle for hands on one axle.
    expect(sent.map((s) => [s.hand.slot, s.hand.placeAngle])).toEqual([
      [1, 90],
      [1, 90],
    ])
    expect(sent[0]?.hand.angle).not.toBe(sent[1]?.hand.angle)
    // A place added to the dial moves every angle: the new dial goes out, then the hands.
    output.show(
      {
        ...view(member('ginny', 'School'), member('ron', 'School')),
        dial: ['Home', 'Work', 'School', 'Traveling', 'Lost'],
      },
      [],
    )
    expect(dials.at(-1)?.places.map((p) => p.place)).toEqual(['Home', 'Work', 'School', 'Traveling', 'Lost'])
    expect(sent.slice(2).map((s) => [s.hand.slot, s.hand.placeAngle])).toEqual([
      [2, 144],
      [2, 144],
    ])
  })

  it('re-sends a neighbour whose angle moved when hands fan out at one place', () => {
    const { publisher, sent } = recorder()
    const output = createStepperOutput(publisher, silentLogger)
    output.show(view(member('ginny', 'Home'), member('ron', 'School')), [])
    const alone = sent[0]?.hand.angle
    output.show(view(member('ginny', 'Home'), member('ron', 'Home', { sinceMs: 5_000 })), [])
    const [ginny, ron] = sent.slice(2)
    expect(ginny?.hand.place).toBe('Home')
    expect(ginny?.hand.angle).not.toBe(alone)
    expect(ron?.hand).toMatchObject({ place: 'Home', since: 5_000 })
  })

  it('keeps a crowd at one place nearer that place than any other, as a motor’s hand must', () => {
    const { publisher, sent } = recorder()
    const output = createStepperOutput(publisher, silentLogger)
    const crowd = Array.from({ length: 8 }, (_, i) => member(`m${i}`, 'Home'))
    output.show(view(...crowd), [])
    const dial = view().dial
    const sector = 360 / dial.length
    const home = sector * dial.indexOf('Home')
    for (const { hand } of sent) {
      const off = Math.abs(((hand.angle - home + 540) % 360) - 180)
      expect(off).toBeLessThan(sector / 2)
    }
    expect(sent).toHaveLength(8)
  })

  it('publishes every hand again when asked, changed or not (after a reconnect)', () => {
    const { publisher, sent } = recorder()
    const output = createStepperOutput(publisher, silentLogger, { retain: false })
    output.resend() // nothing shown yet: nothing to send
    expect(sent).toEqual([])
    output.show(view(member('ginny', 'Home'), member('ron', 'School')), [])
    output.show(view(member('ginny', 'Home'), member('ron', 'School')), [])
    expect(sent.map((s) => s.topic)).toEqual(['weasley/weasley/hands/ginny', 'weasley/weasley/hands/ron'])
    output.resend()
    expect(sent.map((s) => s.hand.place)).toEqual(['Home', 'School', 'Home', 'School'])
  })

  it('sends a hand again after its publish failed, even when the view has not changed', async () => {
    const { publisher, sent, fail } = recorder()
    const output = createStepperOutput(publisher, silentLogger)
    const same = view(member('ginny', 'Home'))
    fail(true)
    output.show(same, [])
    await settled()
    fail(false)
    output.show(same, [])
    expect(sent).toMatchObject([{ topic: 'weasley/weasley/hands/ginny', hand: { place: 'Home' } }])
  })
})

describe('stepper output across config changes', () => {
  it('empties the retained hand of a member removed from the config, once', async () => {
    const values = new Map<string, string>()
    const meta = { get: (k: string) => values.get(k), set: (k: string, v: string) => void values.set(k, v) }
    const raw: { topic: string; payload: string; retain: boolean }[] = []
    const publisher: Publisher = {
      publish(topic, payload, options) {
        raw.push({ topic, payload: String(payload), retain: options.retain })
        return Promise.resolve()
      },
    }
    createStepperOutput(publisher, silentLogger, { retain: true, meta }).show(
      view(member('ginny', 'Home'), member('percy', 'School')),
      [],
    )
    await settled()
    // Percy left the config; the next start clears his hand for clocks that boot later.
    raw.length = 0
    const output = createStepperOutput(publisher, silentLogger, { retain: true, meta })
    output.show(view(member('ginny', 'Home')), [])
    await settled()
    output.show(view(member('ginny', 'School')), [])
    // A third start has nothing left to clear.
    createStepperOutput(publisher, silentLogger, { retain: true, meta }).show(
      view(member('ginny', 'School')),
      [],
    )
    expect(raw.filter((r) => r.payload === '')).toEqual([
      { topic: 'weasley/weasley/hands/percy', payload: '', retain: true },
    ])
    // Ginny's hand: at each of the two starts, and when it moved.
    expect(raw.filter((r) => r.payload !== '' && r.topic.includes('/hands/')).map((r) => r.topic)).toEqual([
      'weasley/weasley/hands/ginny',
      'weasley/weasley/hands/ginny',
      'weasley/weasley/hands/ginny',
    ])
    // A broker that keeps no retained messages (AWS IoT, Losant): a running clock hears it all the same.
    values.set('hands:weasley', JSON.stringify(['ginny', 'percy']))
    raw.length = 0
    createStepperOutput(publisher, silentLogger, { retain: false, meta }).show(
      view(member('ginny', 'Home')),
      [],
    )
    await settled()
    expect(raw.filter((r) => r.payload === '')).toEqual([
      { topic: 'weasley/weasley/hands/percy', payload: '', retain: false },
    ])
  })
})

describe('stepper output with broken memory', () => {
  it('shows the hands all the same when what it remembers cannot be read or written', async () => {
    const { publisher, sent } = recorder()
    const logs: string[] = []
    const logger = { isEnabled: () => true, log: (_level: string, line: string) => void logs.push(line) }
    const meta = {
      get: () => '{not json',
      set: () => {
        throw new Error('database is locked')
      },
    }
    const output = createStepperOutput(publisher, logger, { retain: true, meta })
    expect(() => output.show(view(member('ginny', 'Home')), [])).not.toThrow()
    expect(sent.map((s) => s.topic)).toEqual(['weasley/weasley/hands/ginny'])
    await settled()
    expect(logs).toEqual([expect.stringContaining('database is locked')])
  })
})
