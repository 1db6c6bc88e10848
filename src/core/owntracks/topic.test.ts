import { describe, expect, it } from 'vitest'
import { parseTopic } from './topic.js'

const FAMILY = 'weasley'

describe('parseTopic', () => {
  it.each([
    ['owntracks/weasley/arthur-phone', 'arthur-phone', ''],
    ['owntracks/weasley/arthur-phone/event', 'arthur-phone', 'event'],
    ['owntracks/weasley/arthur-phone/waypoint', 'arthur-phone', 'waypoint'],
    ['owntracks/weasley/arthur-phone/waypoints', 'arthur-phone', 'waypoints'],
    ['owntracks/weasley/arthur-phone/info', 'arthur-phone', 'info'],
    ['owntracks/weasley/arthur-phone/status', 'arthur-phone', 'status'],
    ['owntracks/weasley/arthur-phone/cmd', 'arthur-phone', 'cmd'],
    ['owntracks/weasley/arthur-phone/step', 'arthur-phone', 'step'],
    ['owntracks/weasley/arthur-phone/beacon', 'arthur-phone', 'beacon'],
    ['owntracks/weasley/arthur-phone/dump', 'arthur-phone', 'dump'],
    ['owntracks/weasley/arthur-phone/request', 'arthur-phone', 'request'],
  ])('reads %s as device %s with subtopic %j', (topic, deviceId, subtopic) => {
    expect(parseTopic(topic, FAMILY)).toEqual({ ok: true, value: { family: FAMILY, deviceId, subtopic } })
  })

  it('takes the device from the third level, never from the last one', () => {
    const parsed = parseTopic('owntracks/weasley/molly/event', FAMILY)
    expect(parsed.ok && parsed.value.deviceId).toBe('molly')
  })

  it('keeps every level after the device as the subtopic', () => {
    const parsed = parseTopic('owntracks/weasley/molly/custom/deeper', FAMILY)
    expect(parsed.ok && parsed.value.subtopic).toBe('custom/deeper')
  })

  it('keeps the case of the device id as published', () => {
    const parsed = parseTopic('owntracks/weasley/Molly-iPhone', FAMILY)
    expect(parsed.ok && parsed.value.deviceId).toBe('Molly-iPhone')
  })

  it.each([
    ['a wrong root', 'tracks/weasley/molly', 'does not start'],
    ['a root with other case', 'OwnTracks/weasley/molly', 'does not start'],
    ['a longer root', 'owntracksX/weasley/molly', 'does not start'],
    ['a leading slash', '/owntracks/weasley/molly', 'does not start'],
    ['only the root', 'owntracks', 'does not start'],
    ['only the root and a slash', 'owntracks/', 'no device level'],
    ['no device level', 'owntracks/weasley', 'no device level'],
    ['an empty family level', 'owntracks//molly', 'empty family level'],
    ['an empty device level', 'owntracks/weasley/', 'empty device level'],
    ['an empty device level before a subtopic', 'owntracks/weasley//event', 'empty device level'],
    ['a trailing slash after the device', 'owntracks/weasley/molly/', 'empty level'],
    ['a trailing slash after the subtopic', 'owntracks/weasley/molly/event/', 'empty level'],
    ['an empty level inside the subtopic', 'owntracks/weasley/molly//event', 'empty level'],
    ['an empty level deeper in the subtopic', 'owntracks/weasley/molly/a//b', 'empty level'],
    ['a + wildcard', 'owntracks/weasley/+', 'wildcard'],
    ['a # wildcard', 'owntracks/weasley/#', 'wildcard'],
    ['a wildcard in the family', 'owntracks/+/molly', 'wildcard'],
    ['another family', 'owntracks/malfoy/lucius', 'family "malfoy" is not "weasley"'],
    ['the family in another case', 'owntracks/Weasley/molly', 'family "Weasley"'],
    ['an empty topic', '', 'does not start'],
  ])('rejects a topic with %s', (_case, topic, detail) => {
    const parsed = parseTopic(topic, FAMILY)
    expect(parsed).toEqual({
      ok: false,
      problem: { code: 'bad-topic', topic, detail: expect.stringContaining(detail) },
    })
  })
})
