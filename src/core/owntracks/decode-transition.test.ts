import { describe, expect, it } from 'vitest'
import { ARTHUR_TOPIC, aDecodeContext, aTransition, payloadOf, without } from '../../../test/builders.js'
import androidTransition from '../../../test/fixtures/owntracks/android-transition.json'
import type { TransitionEvent } from '../events.js'
import { decodeOwnTracks } from './decode.js'

const ctx = aDecodeContext()
const EVENT_TOPIC = `${ARTHUR_TOPIC}/event`
const ARTHUR = { memberId: 'arthur', deviceId: 'arthur-phone' }
const decode = (obj: unknown) => decodeOwnTracks(EVENT_TOPIC, payloadOf(obj), ctx)
const decodeEvent = (obj: unknown): TransitionEvent => {
  const result = decode(obj)
  if (!result.ok || result.value.kind !== 'transition')
    throw new Error(`not a transition: ${JSON.stringify(result)}`)
  return result.value
}
const problemOf = (obj: unknown) => {
  const result = decode(obj)
  return result.ok ? undefined : result.problem
}

describe('decodeOwnTracks: transition', () => {
  it('decodes an enter with the region name, time, fix and trigger', () => {
    expect(decode(aTransition())).toEqual({
      ok: true,
      value: {
        kind: 'transition',
        ...ARTHUR,
        timestampSec: 1_700_000_000,
        event: 'enter',
        placeName: 'Home',
        fix: { lat: 51.5007, lon: -0.1246, accuracyMeters: 20 },
        trigger: 'c',
      },
    })
  })

  it('decodes the Android fixture as a leave', () => {
    expect(decodeEvent(androidTransition)).toEqual({
      kind: 'transition',
      ...ARTHUR,
      timestampSec: 1_603_209_966,
      event: 'leave',
      placeName: 'myregion',
      fix: { lat: 52.71234, lon: -1.61234123, accuracyMeters: 3 },
      trigger: 'l',
    })
  })

  it('keeps the region name exactly as sent', () => {
    expect(decodeEvent(aTransition({ desc: ' -Office|1|2 ' })).placeName).toBe(' -Office|1|2 ')
  })

  it('decodes a transition with no position and no fix', () => {
    const event = decodeEvent(without(aTransition(), 'lat', 'lon', 'acc', 't', 'wtst'))
    expect(event).toEqual({
      kind: 'transition',
      ...ARTHUR,
      timestampSec: 1_700_000_000,
      event: 'enter',
      placeName: 'Home',
    })
  })

  it('keeps acc 0 on a beacon transition', () => {
    expect(decodeEvent(aTransition({ acc: 0, t: 'b' })).fix).toEqual({
      lat: 51.5007,
      lon: -0.1246,
      accuracyMeters: 0,
    })
  })

  it('rounds a fractional acc', () => {
    expect(decodeEvent(aTransition({ acc: 142.5 })).fix?.accuracyMeters).toBe(143)
  })

  it.each([
    ['only lat', without(aTransition(), 'lon')],
    ['lat out of range', aTransition({ lat: 95 })],
    ['lon out of range', aTransition({ lon: -200 })],
    ['0,0', aTransition({ lat: 0, lon: 0 })],
    ['a garbled lat', { ...aTransition(), lat: 'here' }],
  ])('drops the fix but keeps the event with %s', (_case, obj) => {
    const event = decodeEvent(obj)
    expect(event.placeName).toBe('Home')
    expect(event).not.toHaveProperty('fix')
  })

  it.each([
    ['absent', without(aTransition(), 'acc')],
    ['negative', aTransition({ acc: -3 })],
    ['garbled', { ...aTransition(), acc: 'close' }],
  ])('keeps the fix without accuracy when acc is %s', (_case, obj) => {
    expect(decodeEvent(obj).fix).toEqual({ lat: 51.5007, lon: -0.1246 })
  })

  it('reads a numeric-string and millisecond tst', () => {
    expect(decodeEvent({ ...aTransition(), tst: '1603209966000' }).timestampSec).toBe(1_603_209_966)
  })

  it.each(['event', 'desc', 'tst'] as const)('rejects a transition without %s as missing-field', (field) => {
    expect(problemOf(without(aTransition(), field))).toEqual({
      code: 'missing-field',
      topic: EVENT_TOPIC,
      type: 'transition',
      field,
    })
  })

  it.each([
    ['event', 1, 'string'],
    ['desc', 7, 'string'],
    ['desc', ['Home'], 'string'],
    ['tst', 'later', 'number'],
  ])('rejects %s = %j as wrong-type', (field, value, expected) => {
    expect(problemOf({ ...aTransition(), [field]: value })).toEqual({
      code: 'wrong-type',
      topic: EVENT_TOPIC,
      type: 'transition',
      field,
      expected,
    })
  })

  // Android maps DWELL to "enter" before sending (OWNTRACKS.md §1.2), so "dwell" is not a wire value.
  it.each(['dwell', 'Enter', 'exit', ''])('rejects event %j as invalid-value', (event) => {
    expect(problemOf({ ...aTransition(), event })).toMatchObject({ code: 'invalid-value', field: 'event' })
  })

  it('rejects tst 0 as invalid-value', () => {
    expect(problemOf(aTransition({ tst: 0 }))).toMatchObject({ code: 'invalid-value', field: 'tst' })
  })

  it('drops a trigger of the wrong type', () => {
    expect(decodeEvent({ ...aTransition(), t: 5 })).not.toHaveProperty('trigger')
  })
})
