// Pure. Splits an OwnTracks publish topic `owntracks/<family>/<device>[/<subtopic>…]` into its parts.
// The device is always the 3rd level, never the last one (OWNTRACKS.md §2.2 and the MMM-WeasleyClock bug, §5).

import type { Problem } from '../problems.js'
import { fail, ok, type Result } from '../result.js'

/** The default `pubTopicBase` root, `owntracks/%u/%d` (OWNTRACKS.md §2.1). */
export const OWNTRACKS_ROOT = 'owntracks'

export interface DeviceTopic {
  family: string
  deviceId: string
  /** '' for the base topic; otherwise every level after the device ('event', 'info', 'waypoint', …). */
  subtopic: string
}

const ROOT_PREFIX = `${OWNTRACKS_ROOT}/`

// indexOf (vectorised in V8) instead of split, a regex or a charCodeAt loop: it runs for every message.
export function parseTopic(topic: string, family: string): Result<DeviceTopic, Problem> {
  // A publish topic never holds wildcards (MQTT 3.1.1 §4.7.1); one that does cannot name a device.
  if (topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0) return badTopic(topic, 'contains a wildcard')
  // slice + === measured about twice as fast as startsWith in V8 (Node 20) for these short prefixes.
  if (topic.slice(0, ROOT_PREFIX.length) !== ROOT_PREFIX) {
    return badTopic(topic, `does not start with "${ROOT_PREFIX}"`)
  }

  const familyStart = ROOT_PREFIX.length
  const familyEnd = topic.indexOf('/', familyStart)
  if (familyEnd < 0) return badTopic(topic, 'has no device level')
  if (familyEnd === familyStart) return badTopic(topic, 'has an empty family level')

  const deviceEnd = topic.indexOf('/', familyEnd + 1)
  const deviceId = topic.slice(familyEnd + 1, deviceEnd < 0 ? topic.length : deviceEnd)
  if (deviceId === '') return badTopic(topic, 'has an empty device level')

  let subtopic = ''
  if (deviceEnd >= 0) {
    subtopic = topic.slice(deviceEnd + 1)
    if (subtopic === '' || subtopic[0] === '/' || subtopic.endsWith('/') || subtopic.indexOf('//') >= 0) {
      return badTopic(topic, 'has an empty level')
    }
  }

  // Exact match: MQTT topics and broker ACLs are case-sensitive, so "Weasley" is another family.
  const topicFamily = topic.slice(familyStart, familyEnd)
  if (topicFamily !== family) return badTopic(topic, `family "${topicFamily}" is not "${family}"`)

  return ok({ family, deviceId, subtopic })
}

function badTopic(topic: string, detail: string): { ok: false; problem: Problem } {
  return fail({ code: 'bad-topic', topic, detail })
}
