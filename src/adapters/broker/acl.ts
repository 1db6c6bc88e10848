// Topic rules of the embedded broker. A device publishes only under its own base topic and reads only
// its family's topics; the clock's account (stepper clocks, tools) only reads the family. The clock
// itself publishes commands and hands inside the process, without an account.

import type { Identity } from '../auth/credentials.js'

export interface AclContext {
  family: string
}

const levelsOf = (topic: string): string[] => topic.split('/')

const OWNTRACKS = 'owntracks'
const WEASLEY = 'weasley'

const SLASH = 0x2f

/**
 * Where the family level ends when the topic's first levels are `<root>/<family>`, else -1. The broker
 * checks every publish and every forward, so levels are compared in place rather than split into arrays.
 */
function familyLevelEnd(topic: string, root: string, family: string): number {
  const end = root.length + 1 + family.length
  const matches =
    topic.startsWith(root) &&
    topic.charCodeAt(root.length) === SLASH &&
    topic.startsWith(family, root.length + 1) &&
    (topic.length === end || topic.charCodeAt(end) === SLASH)
  return matches ? end : -1
}

/** May this identity publish to this (wildcard-free) topic? */
export function mayPublish(identity: Identity, topic: string, ctx: AclContext): boolean {
  if (identity.kind === 'device') {
    // owntracks/<family>/<own device>[/<subtopic>]: the base topic, /event, /waypoint, /info, …
    const familyEnd = familyLevelEnd(topic, OWNTRACKS, ctx.family)
    if (familyEnd < 0 || familyEnd === topic.length) return false
    const deviceAt = familyEnd + 1
    const slash = topic.indexOf('/', deviceAt)
    const deviceEnd = slash < 0 ? topic.length : slash
    const device = topic.slice(deviceAt, deviceEnd)
    if (device !== identity.deviceId && device.toLowerCase() !== identity.deviceId) return false
    if (slash < 0) return true
    // One subtopic level at most, and never cmd: commands are written by the clock only.
    const sub = slash + 1
    if (topic.indexOf('/', sub) >= 0) return false
    return !(topic.length - sub === 3 && topic.startsWith('cmd', sub))
  }
  // The clock's account is what stepper clocks are given, and its password sits in their flash: with
  // it, a command to the phones (setConfiguration) could send every phone to another broker, and
  // retained messages could fill the disk. So it publishes nothing.
  return false
}

/**
 * The filter a subscription is narrowed to, or null to refuse it. Like Mosquitto's read ACLs, a
 * phone may ask for more than it may read (Android subscribes to owntracks/+/+ by default): the
 * filter is narrowed to its own family instead of refused, so the app's friends list still works.
 */
export function narrowSubscription(_identity: Identity, filter: string, ctx: AclContext): string | null {
  // No topic here has more than four levels (owntracks/<family>/<device>/<sub>, weasley/<family>/hands/
  // <member>), nor a level of more than 64 characters: a longer filter matches nothing, and kept in
  // sessions (memory, then disk) it would only be a way to fill them.
  if (filter.length > MAX_FILTER_LENGTH) return null
  const levels = levelsOf(filter)
  if (levels.length > MAX_FILTER_LEVELS) return null
  const [root, family, ...rest] = levels
  if (root === '#') return `owntracks/${ctx.family}/#`
  const narrowedRoot = root === '+' ? 'owntracks' : root
  if (narrowedRoot !== 'owntracks' && narrowedRoot !== 'weasley') return null
  if (family === '#') return `${narrowedRoot}/${ctx.family}/#`
  if (family !== '+' && family !== ctx.family) return null
  return [narrowedRoot, ctx.family, ...rest].join('/')
}

/** The longest filter a subscription may have, in UTF-16 units: four ids of 64 and their names. */
export const MAX_FILTER_LENGTH = 300
/** Four levels, and a `#` after them (which matches the four-level topic too). */
export const MAX_FILTER_LEVELS = 5

/** Defence in depth: whatever a subscription matched, only the family's own topics are delivered. */
export function mayReceive(topic: string, ctx: AclContext): boolean {
  return familyLevelEnd(topic, OWNTRACKS, ctx.family) >= 0 || familyLevelEnd(topic, WEASLEY, ctx.family) >= 0
}

/** MQTT filter matching ('+' one level, '#' the rest) [MQTT-4.7.1]. */
export function topicMatches(filter: string, topic: string): boolean {
  const f = filter.split('/')
  const t = topic.split('/')
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true
    if (i >= t.length || (f[i] !== '+' && f[i] !== t[i])) return false
  }
  return f.length === t.length
}
