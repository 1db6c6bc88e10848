import { describe, expect, it } from 'vitest'
import type { Identity } from '../auth/credentials.js'
import { mayPublish, mayReceive, narrowSubscription } from './acl.js'
import { mayRetain } from './retain-rules.js'

const ctx = { family: 'weasleys' }
const ginny: Identity = { kind: 'device', family: 'weasleys', deviceId: 'ginny', memberId: 'ginny' }
const clock: Identity = { kind: 'clock', family: 'weasleys' }

describe('embedded broker topic rules', () => {
  it.each([
    ['owntracks/weasleys/ginny', true],
    ['owntracks/weasleys/ginny/event', true],
    ['owntracks/weasleys/ginny/info', true],
    ['owntracks/weasleys/Ginny/waypoint', true],
    ['owntracks/weasleys/ron', false],
    ['owntracks/weasleys/ron/event', false],
    ['owntracks/malfoys/ginny', false],
    ['owntracks/weasleys/ginny/cmd', false],
    ['owntracks/weasleys/ginny/event/extra', false],
    ['owntracks/weasleys/ginny/', true],
    ['owntracks/weasleys/GINNY', true],
    ['owntracks/weasleys/ginnyx', false],
    ['owntracks/weasleys/gin', false],
    ['owntracks/weasleys/', false],
    ['owntracks/weasleys', false],
    ['owntracks/weasleysx/ginny', false],
    ['owntracks/weasley/ginny', false],
    ['owntracks//ginny', false],
    ['OwnTracks/weasleys/ginny', false],
    ['owntracks/weasleys/ginny/cmdx', true],
    ['owntracks/weasleys/ginny/cm', true],
    ['owntracks/weasleys/ginny//', false],
    ['/owntracks/weasleys/ginny', false],
    ['weasley/weasleys/hands/ginny', false],
    ['$SYS/x', false],
  ])('a device may publish to %s: %s', (topic, allowed) => {
    expect(mayPublish(ginny, topic, ctx)).toBe(allowed)
  })

  it.each([
    ['owntracks/weasleys/ginny', true],
    ['owntracks/weasleys/ginny/info', true],
    ['owntracks/weasleys/ginny/event', false],
    ['owntracks/weasleys/ginny/waypoints', false],
    ['owntracks/weasleys/ginny/anything-else', false],
    ['owntracks/weasleys/ginny/', false],
  ])('a device message to %s may stay retained: %s', (topic, kept) => {
    expect(mayRetain(ginny, topic)).toBe(kept)
  })

  it.each([
    ['owntracks/weasleys/ginny/cmd', false],
    ['weasley/weasleys/hands/ginny', false],
    ['weasley/weasleys/anything', false],
    ['owntracks/weasleys/ginny', false],
    ['owntracks/malfoys/draco/cmd', false],
  ])('the clock account (stepper clocks) may publish to %s: %s', (topic, allowed) => {
    expect(mayPublish(clock, topic, ctx)).toBe(allowed)
  })

  it.each([
    ['owntracks/weasleys/#', 'owntracks/weasleys/#'],
    ['owntracks/weasleys/+/event', 'owntracks/weasleys/+/event'],
    ['owntracks/weasleys/ginny/cmd', 'owntracks/weasleys/ginny/cmd'],
    ['weasley/weasleys/hands/+', 'weasley/weasleys/hands/+'],
    ['#', 'owntracks/weasleys/#'],
    ['owntracks/#', 'owntracks/weasleys/#'],
    ['owntracks/+/+', 'owntracks/weasleys/+'],
    ['owntracks/+/+/info', 'owntracks/weasleys/+/info'],
    ['+/+/+', 'owntracks/weasleys/+'],
    ['owntracks/malfoys/#', null],
    ['$SYS/#', null],
    ['owntracks', null],
    ['other/weasleys/#', null],
    ['owntracks/weasleys/ginny/event/#', 'owntracks/weasleys/ginny/event/#'],
    // Deeper or longer than any topic here: it would match nothing, and only fill the sessions.
    ['owntracks/weasleys/ginny/event/x/#', null],
    [`owntracks/weasleys/${'x'.repeat(300)}`, null],
    [`owntracks/weasleys/${'g'.repeat(64)}/waypoints`, `owntracks/weasleys/${'g'.repeat(64)}/waypoints`],
  ])('narrows a subscription to %s into %s', (filter, narrowed) => {
    expect(narrowSubscription(ginny, filter, ctx)).toBe(narrowed)
  })

  it('delivers only the family’s own topics', () => {
    expect(mayReceive('owntracks/weasleys/ron', ctx)).toBe(true)
    expect(mayReceive('owntracks/malfoys/draco', ctx)).toBe(false)
    expect(mayReceive('$SYS/abc/new/clients', ctx)).toBe(false)
    expect(mayReceive('weasley/weasleys/hands/ron', ctx)).toBe(true)
    expect(mayReceive('weasley/weasleys', ctx)).toBe(true)
    expect(mayReceive('owntracks/weasleysx/ron', ctx)).toBe(false)
    expect(mayReceive('owntracks/weasley/ron', ctx)).toBe(false)
    expect(mayReceive('owntracksx/weasleys/ron', ctx)).toBe(false)
    expect(mayReceive('other/weasleys/ron', ctx)).toBe(false)
    expect(mayReceive('owntracks', ctx)).toBe(false)
  })
})
