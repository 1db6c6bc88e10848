// The core promise, end to end over real sockets: phones publish OwnTracks over TLS to the embedded
// broker, the clock moves hands, keeps them across restarts and shrugs off bad input.

import { existsSync, readdirSync, readlinkSync } from 'node:fs'
import { connect } from 'node:net'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it, vi } from 'vitest'
import { silentLogger } from '../../src/adapters/log/logger.js'
import { startClock } from '../../src/app/start-clock.js'
import { aLocation, aTransition } from '../builders.js'
import { FAMILY, json, nextEvent, PASSWORDS, startTestClock, WEB_ROOT } from '../support/clock-harness.js'

const HOME = { lat: 50.7376, lon: -3.2783 }
const SCHOOL = { lat: 56.8198, lon: -5.1052 }
const nowSec = () => Math.floor(Date.now() / 1000)

describe('a phone talking to the embedded broker', () => {
  it('moves its member to Home when it publishes an enter transition over TLS', async () => {
    const t = await startTestClock()
    const ginny = await t.phone('ginny')
    await ginny.publishAsync(
      `owntracks/${FAMILY}/ginny/event`,
      json(aTransition({ event: 'enter', desc: 'Home', ...HOME, tst: nowSec() })),
      { qos: 1 },
    )
    // QoS 1: the PUBACK is sent only after the commit, so the state is already there.
    expect(await t.member('ginny')).toMatchObject({ place: 'Home', kind: 'at-place' })
  })

  it('takes a device named in another alphabet, as the old module did ("Zoë")', async () => {
    const password = 'zoe-password-1'
    const t = await startTestClock({
      extra: { members: [{ name: 'Zoë', devices: [{ id: 'Zoë', password }] }] },
    })
    const zoe = await t.phone('Zoë', { clientId: `${FAMILY}Zoë`, password })
    await zoe.publishAsync(
      `owntracks/${FAMILY}/Zoë`,
      json(aLocation({ ...SCHOOL, inregions: ['School'], tst: nowSec() })),
      { qos: 1 },
    )
    expect(await t.member('zoë')).toMatchObject({ name: 'Zoë', place: 'School' })
  })

  it('moves a member to the place named in inregions of a location', async () => {
    const t = await startTestClock()
    const ron = await t.phone('ron')
    await ron.publishAsync(
      `owntracks/${FAMILY}/ron`,
      json(aLocation({ ...SCHOOL, inregions: ['School'], tst: nowSec() })),
      { qos: 1, retain: true },
    )
    expect(await t.member('ron')).toMatchObject({ place: 'School' })
  })

  it('keeps state on garbage, counts every rejection by reason, and applies the next good message', async () => {
    const t = await startTestClock()
    const molly = await t.phone('molly')
    const topic = `owntracks/${FAMILY}/molly`
    await molly.publishAsync(topic, json(aLocation({ ...HOME, tst: nowSec() - 10 })), { qos: 1 })
    const before = await t.member('molly')
    expect(before.place).toBe('Home')

    await molly.publishAsync(topic, 'not json at all', { qos: 1 })
    await molly.publishAsync(topic, json({ _type: 'location', lat: 'north', lon: 2, tst: 5 }), { qos: 1 })
    await molly.publishAsync(topic, json({ _type: 'teleport', tst: 5 }), { qos: 1 })
    await molly.publishAsync(`${topic}/event`, json({ _type: 'transition', event: 'enter' }), { qos: 1 })
    expect(await t.member('molly')).toEqual({ ...before })

    const stats = (await (await fetch(`${t.clock.httpUrl}api/stats`)).json()) as {
      rejected: number
      rejectedByReason: Record<string, number>
    }
    expect(stats.rejected).toBe(4)
    expect(stats.rejectedByReason).toMatchObject({ 'not-json': 1, 'unknown-type': 1 })

    await molly.publishAsync(topic, json(aLocation({ ...SCHOOL, tst: nowSec() })), { qos: 1 })
    expect((await t.member('molly')).place).toBe('School')
    expect(
      t.logs.some((line) => line.includes('WARN rejected: payload on owntracks/weasleys/molly is not JSON')),
    ).toBe(true)
  })

  it('does not let a phone whose clock runs a year ahead freeze its hand, and says so once', async () => {
    const t = await startTestClock()
    const ron = await t.phone('ron')
    const topic = `owntracks/${FAMILY}/ron`
    const yearAhead = nowSec() + 365 * 86_400
    await ron.publishAsync(topic, json(aLocation({ ...SCHOOL, tst: yearAhead })), { qos: 1 })
    expect((await t.member('ron')).place).toBe('School')
    // Its clock is put right: the next fix is today's, and still moves the hand.
    await ron.publishAsync(topic, json(aLocation({ ...HOME, tst: nowSec() + 1 })), { qos: 1 })
    expect((await t.member('ron')).place).toBe('Home')
    await ron.publishAsync(topic, json(aLocation({ ...SCHOOL, tst: yearAhead + 60 })), { qos: 1 })
    const warnings = t.logs.filter((line) => line.includes(`${topic}: tst is 87`))
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(
      /WARN .*h ahead of this clock \(is the phone's clock, or this machine's, wrong\?\)/,
    )
  })

  it('refuses a wrong password and an unknown user', async () => {
    const t = await startTestClock()
    await expect(t.phone('ginny', { password: 'wrong-password' })).rejects.toThrow(
      /Bad username or password/i,
    )
    await expect(t.phone('ginny', { username: 'voldemort' })).rejects.toThrow(/Bad username or password/i)
    expect(t.logs.join('\n')).not.toContain('wrong-password')
  })

  it('refuses a device publishing on another device’s topic and leaves that member alone', async () => {
    const t = await startTestClock()
    const ron = await t.phone('ron')
    const closed = nextEvent(ron, 'close')
    ron.publish(
      `owntracks/${FAMILY}/ginny/event`,
      json(aTransition({ event: 'enter', desc: 'Home', tst: nowSec() })),
      { qos: 1 },
    )
    await closed
    expect((await t.member('ginny')).place).toBe('Lost')
    expect(
      t.logs.some((l) => l.includes('refused publish to owntracks/weasleys/ginny/event by device "ron"')),
    ).toBe(true)
  })

  it('narrows a device’s wide subscriptions to its own family and refuses the rest', async () => {
    const t = await startTestClock()
    const ron = await t.phone('ron')
    // Android subscribes to owntracks/+/+ by default: granted, but only the family is delivered.
    const granted = await ron.subscribeAsync({ 'owntracks/+/+': { qos: 1 }, '#': { qos: 1 } })
    expect(granted.map((g) => g.qos)).toEqual([1, 1])
    await expect(ron.subscribeAsync('$SYS/#', { qos: 0 })).rejects.toThrow(/Subscribe error/)
    await expect(ron.subscribeAsync('owntracks/malfoys/#', { qos: 0 })).rejects.toThrow(/Subscribe error/)

    const received: string[] = []
    ron.on('message', (topic) => received.push(topic))
    const ginny = await t.phone('ginny')
    const got = nextEvent(ron, 'message')
    await ginny.publishAsync(`owntracks/${FAMILY}/ginny`, json(aLocation({ ...HOME, tst: nowSec() })), {
      qos: 1,
    })
    await got
    expect(received[0]).toBe(`owntracks/${FAMILY}/ginny`)
    expect(received.every((topic) => topic.startsWith(`owntracks/${FAMILY}/`))).toBe(true)
  })

  it('marks a device offline when the broker publishes its Last Will', async () => {
    const t = await startTestClock()
    const ginny = await t.phone('ginny', {
      will: {
        topic: `owntracks/${FAMILY}/ginny`,
        payload: Buffer.from('{"_type":"lwt"}'),
        qos: 0,
        retain: false,
      },
    })
    await ginny.publishAsync(`owntracks/${FAMILY}/ginny`, json(aLocation({ ...HOME, tst: nowSec() })), {
      qos: 1,
    })
    expect(await t.member('ginny')).toMatchObject({ place: 'Home', online: true })
    ginny.stream.destroy() // the socket dies without DISCONNECT, as when a phone loses its network
    await vi.waitFor(async () => expect((await t.member('ginny')).online).toBe(false), {
      timeout: 5_000,
      interval: 20,
    })
    expect((await t.member('ginny')).place).toBe('Home') // an LWT alone is not Lost (lwtMeansLost is off)
  })

  it('shows the same hands after a restart', async () => {
    const t = await startTestClock()
    const ginny = await t.phone('ginny')
    await ginny.publishAsync(
      `owntracks/${FAMILY}/ginny/event`,
      json(aTransition({ event: 'enter', desc: 'School', ...SCHOOL, tst: nowSec() })),
      { qos: 1 },
    )
    await ginny.endAsync()
    const before = await t.state()
    await t.restart()
    const after = await t.state()
    expect(after.members).toEqual(before.members)
    expect(after.members.find((m) => m.id === 'ginny')?.place).toBe('School')
  })

  it.skipIf(!existsSync('/proc/self/fd'))(
    'says which database it could not load, and leaves it closed for the next try',
    async () => {
      const t = await startTestClock()
      await t.clock.close()
      const file = path.join(t.dataDir, 'weasley.db')
      const db = new Database(file)
      db.prepare("UPDATE member_state SET state_json = '{' WHERE member_id = 'ginny'").run()
      db.close()
      const openHandles = () =>
        readdirSync('/proc/self/fd').filter((fd) => {
          try {
            return readlinkSync(`/proc/self/fd/${fd}`) === file
          } catch {
            return false
          }
        }).length
      for (let attempt = 0; attempt < 2; attempt++) {
        const start = startClock(t.config, { logger: silentLogger, webRoot: WEB_ROOT })
        // Without the row's text: JSON.parse's message quotes it, coordinates and all.
        await expect(start).rejects.toThrow(
          `could not load the state in ${file}: a saved row is not valid JSON`,
        )
        expect(openHandles()).toBe(0)
      }
    },
  )

  it('leaves a member removed from the config out of the history, as out of the clock', async () => {
    const t = await startTestClock()
    for (const id of ['ginny', 'ron']) {
      const phone = await t.phone(id)
      await phone.publishAsync(
        `owntracks/${FAMILY}/${id}/event`,
        json(aTransition({ event: 'enter', desc: 'School', ...SCHOOL, tst: nowSec() })),
        { qos: 1 },
      )
      await phone.endAsync()
    }
    const history = async (query = '') =>
      (await (await fetch(`${t.clock.httpUrl}api/history${query}`)).json()) as { memberId: string }[]
    expect(new Set((await history()).map((h) => h.memberId))).toEqual(new Set(['ginny', 'ron']))
    await t.clock.close()

    // The same data folder, Ron no longer in the family.
    const members = [
      { name: 'Molly', devices: [{ id: 'molly', password: PASSWORDS.molly }] },
      { name: 'Ginny', devices: [{ id: 'ginny', password: PASSWORDS.ginny }] },
    ]
    const u = await startTestClock({ dataDir: t.dataDir, extra: { members } })
    const historyAfter = async (query = '') =>
      (await (await fetch(`${u.clock.httpUrl}api/history${query}`)).json()) as { memberId: string }[]
    expect((await historyAfter()).map((h) => h.memberId)).toEqual(['ginny'])
    expect(await historyAfter('?member=ron')).toEqual([])
    expect((await historyAfter('?member=ginny')).map((h) => h.memberId)).toEqual(['ginny'])
    // A limit that is no whole number is read as one (SQLite refused 1.5: a 500, an error logged).
    for (const limit of ['1.5', '1e3', '-2', 'abc', '99999'])
      expect((await historyAfter(`?limit=${limit}`)).map((h) => h.memberId)).toEqual(['ginny'])
    expect(u.logs.filter((line) => line.includes('ERROR'))).toEqual([])
  })

  it('accepts the clock account for reading the family, but not for publishing as a phone', async () => {
    const t = await startTestClock()
    const clock = await t.phone('clock', { username: 'weasley-clock', password: PASSWORDS.clock })
    const closed = nextEvent(clock, 'close')
    clock.publish(`owntracks/${FAMILY}/ginny`, json(aLocation({ tst: nowSec() })), { qos: 1 })
    await closed
    expect((await t.member('ginny')).place).toBe('Lost')
  })
})

describe('embedded broker hardening', () => {
  it('locks out an address after repeated wrong passwords, even for the right one', async () => {
    const t = await startTestClock()
    for (let i = 0; i < 5; i++)
      await expect(t.phone('ginny', { password: `guess-${i}` })).rejects.toThrow(/Bad username or password/i)
    await expect(t.phone('ginny')).rejects.toThrow(/Bad username or password/i)
    expect(t.logs.some((l) => l.includes('too many failed logins'))).toBe(true)
    // Anyone can knock all day: the refusal is said once a minute per address.
    for (let i = 0; i < 20; i++) await expect(t.phone('ginny')).rejects.toThrow(/Bad username or password/i)
    expect(t.logs.filter((l) => l.includes('too many failed logins'))).toHaveLength(1)
  })

  it('does not let a member’s own logins under the family name forgive guesses made under it', async () => {
    // The family name is checked against every device's password: four guesses, then Ginny's own
    // password, again and again, would otherwise guess at Ron's and Molly's without end.
    const t = await startTestClock()
    const asFamily = (password?: string) =>
      t.phone('ginny', password === undefined ? { username: FAMILY } : { username: FAMILY, password })
    for (let i = 0; i < 4; i++)
      await expect(asFamily(`guess-${i}`)).rejects.toThrow(/Bad username or password/i)
    await asFamily()
    await expect(asFamily('guess-4')).rejects.toThrow(/Bad username or password/i)
    await expect(asFamily()).rejects.toThrow(/Bad username or password/i)
    expect(t.logs.some((l) => l.includes('too many failed logins'))).toBe(true)
  })

  it('forgives a phone that mistyped its own password once it gets it right', async () => {
    const t = await startTestClock()
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 4; i++)
        await expect(t.phone('ginny', { password: `typo-${round}-${i}` })).rejects.toThrow(
          /Bad username or password/i,
        )
      await t.phone('ginny')
    }
  })

  it('caps the connections of one device account', async () => {
    const t = await startTestClock()
    for (let i = 0; i < 3; i++) await t.phone('ron', { clientId: `ron-${i}` })
    await expect(t.phone('ron', { clientId: 'ron-3' })).rejects.toThrow(/Not authorized/i)
  })
})

describe('embedded broker limits', () => {
  it('cuts off a client that announces a huge packet, before it logs in, and keeps serving the others', async () => {
    const t = await startTestClock()
    if (t.clock.broker.kind !== 'embedded') throw new Error('embedded broker expected')
    const ginny = await t.phone('ginny')
    const rogue = connect(t.clock.broker.mqttPort, '127.0.0.1')
    const closed = nextEvent(rogue, 'close')
    // A CONNECT fixed header claiming 256 MB, and nothing else.
    rogue.write(Buffer.from([0x10, 0xff, 0xff, 0xff, 0x7f]))
    await closed
    expect(t.logs.some((l) => l.includes('announced a packet over'))).toBe(true)
    await ginny.publishAsync(`owntracks/${FAMILY}/ginny`, json(aLocation({ ...HOME, tst: nowSec() })), {
      qos: 1,
    })
    expect((await t.member('ginny')).place).toBe('Home')
  })
})

describe('embedded broker protocol rules', () => {
  it('refuses a persistent session without a client id [MQTT-3.1.3-8] and a topic with U+0000', async () => {
    const t = await startTestClock()
    if (t.clock.broker.kind !== 'embedded') throw new Error('embedded broker expected')
    // mqtt.js refuses to send this CONNECT itself, so it goes over a raw socket.
    const raw = connect(t.clock.broker.mqttPort, '127.0.0.1')
    const connack = nextEvent(raw, 'data')
    // CONNECT 3.1.1 by hand (mqtt-packet will not build it either): empty client id, clean session off.
    const str = (text: string) => {
      const bytes = Buffer.from(text)
      return Buffer.concat([Buffer.from([bytes.length >> 8, bytes.length & 0xff]), bytes])
    }
    const body = Buffer.concat([
      str('MQTT'),
      Buffer.from([0x04, 0xc0, 0x00, 0x3c]),
      str(''),
      str('ginny'),
      str(PASSWORDS.ginny),
    ])
    raw.write(Buffer.concat([Buffer.from([0x10, body.length]), body]))
    const [bytes] = (await connack) as [Buffer]
    expect([...bytes]).toEqual([0x20, 0x02, 0x00, 0x02]) // CONNACK, return code 2: identifier rejected
    raw.destroy()
    const ginny = await t.phone('ginny')
    const closed = nextEvent(ginny, 'close')
    ginny.publish(`owntracks/${FAMILY}/ginny\u0000/event`, json(aTransition({ tst: nowSec() })), { qos: 1 })
    await closed
    expect((await t.member('ginny')).place).toBe('Lost')
  })
})
