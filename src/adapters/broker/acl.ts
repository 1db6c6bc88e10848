// Topic rules of the embedded broker. A device publishes only under its own base topic and reads only
// its family's topics; the clock's account reads the family and writes commands and hand positions.

import type { Identity } from '../auth/credentials.js'

export interface AclContext {
  family: string
}

const levelsOf = (topic: string): string[] => topic.split('/')

/** May this identity publish to this (wildcard-free) topic? */
export function mayPublish(identity: Identity, topic: string, ctx: AclContext): boolean {
  const [root, family, device, sub, ...rest] = levelsOf(topic)
  if (identity.kind === 'device') {
    // owntracks/<family>/<own device>[/<subtopic>]: the base topic, /event, /waypoint, /info, …
    if (root !== 'owntracks' || family !== ctx.family || device?.toLowerCase() !== identity.deviceId)
      return false
    // A phone never sends itself commands: cmd is written by the clock only.
    return rest.length === 0 && sub !== 'cmd'
  }
  if (root === 'owntracks')
    return family === ctx.family && device !== undefined && sub === 'cmd' && rest.length === 0
  return root === 'weasley' && family === ctx.family
}

/**
 * The filter a subscription is narrowed to, or null to refuse it. Like Mosquitto's read ACLs, a
 * phone may ask for more than it may read (Android subscribes to owntracks/+/+ by default): the
 * filter is narrowed to its own family instead of refused, so the app's friends list still works.
 */
export function narrowSubscription(_identity: Identity, filter: string, ctx: AclContext): string | null {
  const [root, family, ...rest] = levelsOf(filter)
  if (root === '#') return `owntracks/${ctx.family}/#`
  const narrowedRoot = root === '+' ? 'owntracks' : root
  if (narrowedRoot !== 'owntracks' && narrowedRoot !== 'weasley') return null
  if (family === '#') return `${narrowedRoot}/${ctx.family}/#`
  if (family !== '+' && family !== ctx.family) return null
  return [narrowedRoot, ctx.family, ...rest].join('/')
}

/** Defence in depth: whatever a subscription matched, only the family's own topics are delivered. */
export function mayReceive(topic: string, ctx: AclContext): boolean {
  const [root, family] = levelsOf(topic)
  return (root === 'owntracks' || root === 'weasley') && family === ctx.family
}
