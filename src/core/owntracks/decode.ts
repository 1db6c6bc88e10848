// Pure. Turns one OwnTracks MQTT message (topic + bytes) into a domain event or a coded Problem.
// Never throws on bad input, never looks at the clock; the only payload text a Problem holds is an
// unknown `_type` (which describeProblem clips).

import type { CardEvent, LastWillEvent, OwnTracksEvent, Sender } from '../events.js'
import type { Problem } from '../problems.js'
import { fail, ok, type Result } from '../result.js'
import { decorativeString, optionalTimestamp, type WireObject, wrongType } from './decode-fields.js'
import { decodeLocation } from './decode-location.js'
import { decodeWaypoint, decodeWaypoints } from './decode-regions.js'
import { decodeTransition } from './decode-transition.js'
import { scanWireObject } from './scan-json.js'
import { type DeviceTopic, parseTopic } from './topic.js'
import type { WireType } from './wire.js'

export interface DecodeContext {
  /** The family topic level configured for this clock: owntracks/<family>/<device>. */
  family: string
  /** Payloads over this many bytes are rejected before they are decoded or parsed. */
  maxPayloadBytes: number
  /**
   * Who sent on a device id (3rd topic level): the owning member and the device id as the clock knows
   * it (ids match case-insensitively; events carry this spelling), or undefined for a stranger. Only
   * read, so the same object may be returned every time.
   */
  senderOf: (deviceId: string) => Sender | undefined
  /** Opens an `_type: "encrypted"` payload's `data` for a device (OWNTRACKS.md §3); absent = no keys. */
  decrypt?: (deviceId: string, data: string) => Decrypted
  /**
   * Told of each location or transition a device sent unencrypted (its Last Will and other messages
   * say nothing: an app with a key sends those plain too), so commands to it go plain as well.
   */
  sentPlain?: (deviceId: string) => void
}

export type Decrypted = { ok: true; plaintext: Uint8Array } | { ok: false; reason: 'no-key' | 'failed' }

/**
 * About 150 KB of image: iOS's "Create Card" sends a 192×192 PNG, at most 147 KB uncompressed (a
 * photograph compresses to 70–110 KB); an Android card's JPEG is a tenth of that.
 */
export const MAX_FACE_BASE64 = 204_800

/** Stands in for `_type` in problems about a payload whose `_type` is unusable. */
const UNTYPED = 'message'

// A family publishes on a few dozen topics (devices × subtopics), so good parses are remembered:
// measured 0.69x -> 0.79x of a bare JSON.parse loop for small payloads. Only successful parses are
// kept, the entries are never handed out or mutated, and the bound stops a topic flood growing it.
const parsedTopics = new Map<string, DeviceTopic>()
const PARSED_TOPICS_LIMIT = 256

// One shared decoder. fatal: invalid UTF-8 throws (-> not-json) instead of becoming U+FFFD.
const utf8 = new TextDecoder('utf-8', { fatal: true })

export function decodeOwnTracks(
  topic: string,
  payload: Uint8Array,
  ctx: DecodeContext,
): Result<OwnTracksEvent, Problem> {
  // Checked first so an oversized payload costs nothing (no text decoding, no parse).
  const bytes = payload.byteLength
  if (bytes > ctx.maxPayloadBytes) {
    return fail({ code: 'oversize', topic, bytes, limitBytes: ctx.maxPayloadBytes })
  }

  let device = parsedTopics.get(topic)
  if (device === undefined || device.family !== ctx.family) {
    const parsed = parseTopic(topic, ctx.family)
    if (!parsed.ok) return parsed
    device = parsed.value
    if (parsedTopics.size >= PARSED_TOPICS_LIMIT) parsedTopics.clear()
    parsedTopics.set(topic, device)
  }
  const subtopic = device.subtopic
  const sender = ctx.senderOf(device.deviceId)
  if (sender === undefined) return fail({ code: 'unknown-device', topic, deviceId: device.deviceId })

  // §1.7: the cmd topic is written to the phone, never by it; through an external broker the clock hears
  // its own commands there. Whatever it holds, it is no word from the phone (not even a sign of life).
  if (subtopic === 'cmd') return ok(ignored(sender, 'cmd'))

  // OWNTRACKS.md §1: a zero-byte payload is not JSON but a message. Retained on the base topic it means
  // "forget this device" (Android MessageClear); elsewhere it only clears a retained message (e.g. a card).
  if (bytes === 0) {
    if (subtopic === '') return ok({ kind: 'forget', memberId: sender.memberId, deviceId: sender.deviceId })
    // On /info it takes the card back (§1.6): the clock shows the member's own name and no face again.
    if (subtopic === 'info')
      return ok({ kind: 'card', memberId: sender.memberId, deviceId: sender.deviceId, cleared: true })
    return ok(ignored(sender, 'clear'))
  }

  // Most payloads are flat objects: their fields are read straight from the bytes (see scan-json.ts).
  const scanned = scanWireObject(payload)
  if (scanned !== undefined) return decodeMessage(scanned, topic, sender, ctx)

  let text: string
  try {
    text = utf8.decode(payload)
  } catch {
    return fail({ code: 'not-json', topic, detail: 'invalid UTF-8' })
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    // The engine's message quotes the payload, which may hold coordinates: keep the detail generic.
    return fail({ code: 'not-json', topic, detail: `invalid JSON syntax in ${bytes} bytes` })
  }
  // HTTP-mode replies may be arrays (§1.9), but an MQTT message is always one object (§1).
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return fail({ code: 'not-object', topic })

  return decodeMessage(json as WireObject, topic, sender, ctx)
}

/** A parsed message decoded (exported for the test that holds the decoders to `WIRE_FIELDS`). */
export function decodeMessage(
  msg: WireObject,
  topic: string,
  sender: Sender,
  ctx?: DecodeContext,
): Result<OwnTracksEvent, Problem> {
  const type = msg._type
  if (type === undefined || type === null) {
    return fail({ code: 'missing-field', topic, type: UNTYPED, field: '_type' })
  }
  if (typeof type !== 'string') return fail(wrongType(topic, UNTYPED, '_type', 'string'))

  // Every WireType has a case; adding one to wire.ts without a case here fails to compile (`never`).
  const known = type as WireType
  switch (known) {
    case 'location':
      return saidPlain(decodeLocation(msg, topic, sender), ctx)
    case 'transition':
      return saidPlain(decodeTransition(msg, topic, sender), ctx)
    case 'waypoint':
      return decodeWaypoint(msg, topic, sender)
    case 'waypoints':
      return decodeWaypoints(msg, topic, sender)
    case 'lwt':
      return decodeLastWill(msg, topic, sender)
    case 'card':
      return ok(cardOf(msg, sender))
    case 'encrypted':
      return decodeEncrypted(msg, topic, sender, ctx)
    // Valid messages that never move a hand (§1.7, §1.8, §1.10–§1.14): acknowledged, not parsed.
    case 'status':
    case 'steps':
    case 'cmd':
    case 'beacon':
    case 'dump':
    case 'configuration':
    case 'request':
      return ok(ignored(sender, known))
    default: {
      // Unknown `_type` values must be tolerated (§1), so this is a Problem, not an exception.
      const other: never = known
      return fail({ code: 'unknown-type', topic, type: other })
    }
  }
}

/** A valid location or transition that came unencrypted, told to `ctx.sentPlain` (an opened one has no ctx). */
function saidPlain<T extends OwnTracksEvent>(
  decoded: Result<T, Problem>,
  ctx: DecodeContext | undefined,
): Result<T, Problem> {
  if (decoded.ok && ctx?.sentPlain) ctx.sentPlain(decoded.value.deviceId)
  return decoded
}

// §1.9 / §3: the plaintext is another message; it is decoded once more, but never decrypted again.
function decodeEncrypted(
  msg: WireObject,
  topic: string,
  sender: Sender,
  ctx?: DecodeContext,
): Result<OwnTracksEvent, Problem> {
  const data = msg.data
  if (data === undefined || data === null)
    return fail({ code: 'missing-field', topic, type: 'encrypted', field: 'data' })
  if (typeof data !== 'string') return fail(wrongType(topic, 'encrypted', 'data', 'string'))
  const opened = ctx?.decrypt
    ? ctx.decrypt(sender.deviceId, data)
    : ({ ok: false, reason: 'no-key' } as const)
  if (!opened.ok)
    return fail({ code: opened.reason === 'no-key' ? 'encrypted-no-key' : 'decrypt-failed', topic })
  let inner: unknown
  try {
    inner = JSON.parse(utf8.decode(opened.plaintext))
  } catch {
    return fail({ code: 'decrypt-failed', topic })
  }
  if (
    typeof inner !== 'object' ||
    inner === null ||
    Array.isArray(inner) ||
    (inner as WireObject)._type === 'encrypted'
  ) {
    return fail({ code: 'decrypt-failed', topic })
  }
  return decodeMessage(inner as WireObject, topic, sender)
}

// §1.5: iOS sends the connect time (old builds as a numeric string), Android sends no tst at all.
function decodeLastWill(msg: WireObject, topic: string, sender: Sender): Result<LastWillEvent, Problem> {
  const timestampSec = optionalTimestamp(msg, 'tst', topic, 'lwt')
  if (typeof timestampSec === 'object') return fail(timestampSec)
  const event: LastWillEvent = { kind: 'lwt', memberId: sender.memberId, deviceId: sender.deviceId }
  if (timestampSec !== undefined) event.timestampSec = timestampSec
  return ok(event)
}

// §1.6: every card field is optional and only decorates the clock, so odd values are dropped.
function cardOf(msg: WireObject, sender: Sender): CardEvent {
  const card: CardEvent = { kind: 'card', memberId: sender.memberId, deviceId: sender.deviceId }
  const name = decorativeString(msg.name)
  if (name !== undefined) card.name = name
  const face = typeof msg.face === 'string' && msg.face !== '' ? msg.face : undefined
  // §1.6: a face is base64 PNG/JPEG, 192×192 recommended; anything far bigger is not worth keeping.
  if (face !== undefined && face.length <= MAX_FACE_BASE64) card.face = face
  const initials = decorativeString(msg.tid)
  if (initials !== undefined) card.initials = initials
  return card
}

function ignored(sender: Sender, type: string): OwnTracksEvent {
  return { kind: 'ignored', memberId: sender.memberId, deviceId: sender.deviceId, type }
}
