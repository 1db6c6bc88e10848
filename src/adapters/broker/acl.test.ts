import { describe, expect, it } from 'vitest'
import type { Identity } from '../auth/credentials.js'
import { mayPublish, mayReceive, maySubscribe } from './acl.js'

const ctx = { family: 'weasleys' }
const ginny: Identity = { kind: 'device', deviceId: 'ginny', memberId: 'ginny' }
const clock: Identity = { kind: 'clock' }

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
    ['weasley/weasleys/hands/ginny', false],
    ['$SYS/x', false],
  ])('a device may publish to %s: %s', (topic, allowed) => {
    expect(mayPublish(ginny, topic, ctx)).toBe(allowed)
  })

  it.each([
    ['owntracks/weasleys/ginny/cmd', true],
    ['weasley/weasleys/hands/ginny', true],
    ['owntracks/weasleys/ginny', false],
    ['owntracks/malfoys/draco/cmd', false],
  ])('the clock may publish to %s: %s', (topic, allowed) => {
    expect(mayPublish(clock, topic, ctx)).toBe(allowed)
  })

  it.each([
    ['owntracks/weasleys/#', true],
    ['owntracks/weasleys/+/event', true],
    ['owntracks/weasleys/ginny/cmd', true],
    ['weasley/weasleys/hands/+', true],
    ['#', false],
    ['owntracks/#', false],
    ['owntracks/+/+', false],
    ['owntracks/malfoys/#', false],
    ['$SYS/#', false],
    ['+/weasleys/#', false],
  ])('a device may subscribe to %s: %s', (filter, allowed) => {
    expect(maySubscribe(ginny, filter, ctx)).toBe(allowed)
  })

  it('delivers only the family’s own topics', () => {
    expect(mayReceive('owntracks/weasleys/ron', ctx)).toBe(true)
    expect(mayReceive('owntracks/malfoys/draco', ctx)).toBe(false)
    expect(mayReceive('$SYS/abc/new/clients', ctx)).toBe(false)
  })
})
