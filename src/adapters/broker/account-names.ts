// Which account a login or a stored will names among the families served: account names
// ("<family>/<device>"), a username tried against every family that has it, and the one it can fit.

import type { PublishPacket } from 'aedes'
import { type Credentials, type Identity, spendAVerification } from '../auth/credentials.js'

type Families = ReadonlyMap<string, { credentials: Credentials }>

/** A device's account: its sessions' client ids start with it ("<account>|<client id>"). */
export const deviceAccount = (family: string, deviceId: string): string => `${family}/${deviceId}`

export const accountOf = (identity: Identity): string =>
  identity.kind === 'clock' ? `${identity.family}/(clock)` : deviceAccount(identity.family, identity.deviceId)

/**
 * "<family>/<username>" names the family; a bare username is tried against every family that has it
 * (device ids may repeat across hosted families; each try is one password check): the password decides.
 */
export async function findIdentity(
  families: Families,
  username: string,
  password: Buffer,
  clientId: string,
  accepted: (passwordVersion: string) => void,
  ambiguous?: (first: Identity, second: Identity) => void,
): Promise<Identity | null> {
  const slash = username.indexOf('/')
  if (slash > 0) {
    const family = families.get(username.slice(0, slash))
    const name = username.slice(slash + 1)
    if (family?.credentials.knows(name))
      return family.credentials.authenticate(name, password, clientId, { spend: true, accepted })
  }
  // Each family's refusal is quick (no scrypt spent for it): a login that fits the k-th family does
  // not pay k-1 scrypts, and one that fits none pays one, like an unknown name.
  const candidates = [...families.values()].filter((f) => f.credentials.knows(username))
  let tookScrypt = false
  const refusal = { spend: false, tookScrypt: () => (tookScrypt = true), accepted }
  let found: Identity | null = null
  for (const family of candidates) {
    const identity = await family.credentials.authenticate(username, password, clientId, refusal)
    if (!identity) continue
    // The same name and password open accounts of two families (a family named like another's device,
    // a password given twice): which one the phone meant cannot be told, and the wrong one would let it
    // read that family. Refused, never guessed.
    if (found) {
      ambiguous?.(found, identity)
      return null
    }
    found = identity
    // Only a name other families know too is checked further.
    if (candidates.length === 1) break
  }
  if (found) return found
  if (!tookScrypt) await spendAVerification(password)
  return null
}

/**
 * Whether some family here knows the username (a device's, a family's name, or "<family>/<name>"):
 * only such a username goes into the log, as a password typed into the username field would too.
 */
export function usernameKnown(families: Families, username: string): boolean {
  const slash = username.indexOf('/')
  if (slash > 0) {
    const name = username.slice(slash + 1)
    if (families.get(username.slice(0, slash))?.credentials.knows(name)) return true
  }
  if (families.has(username)) return true
  for (const { credentials } of families.values()) if (credentials.knows(username)) return true
  return false
}

/**
 * The one account a username can log in to ("<family>/<name>"), whatever the password; undefined when
 * it may fit several: a family's name (any of its devices logs in with it, the password picks which)
 * or a name several hosted families have. The login throttle forgives only failures against one.
 */
export function soleAccountOf(families: Families, username: string): string | undefined {
  const slash = username.indexOf('/')
  if (slash > 0) {
    const family = username.slice(0, slash)
    const name = username.slice(slash + 1)
    if (families.get(family)?.credentials.knows(name))
      return name === family ? undefined : `${family}/${name.toLowerCase()}`
  }
  let sole: string | undefined
  for (const [family, { credentials }] of families) {
    if (!credentials.knows(username)) continue
    if (sole !== undefined || username === family) return undefined
    sole = `${family}/${username.toLowerCase()}`
  }
  return sole
}

/**
 * The account of a will published with no client: aedes publishes the wills a previous run of the
 * broker stored (a crash, a power cut) for clients that have not come back. The session's client id
 * is namespaced by account ("<family>/<device>|<id>", set at login), which says whose will it is.
 * The member is left out: the pipeline finds it from the topic, as for every message.
 */
export function accountOfWill(families: Families, packet: PublishPacket): Identity | undefined {
  const clientId: unknown = (packet as { clientId?: unknown }).clientId
  if (typeof clientId !== 'string') return undefined
  const bar = clientId.indexOf('|')
  const slash = clientId.indexOf('/')
  if (slash <= 0 || bar < slash) return undefined
  const family = clientId.slice(0, slash)
  const deviceId = clientId.slice(slash + 1, bar)
  if (deviceId === '' || deviceId === '(clock)' || deviceId === family) return undefined
  // A device taken out of the config since: its will (a retained location, say) would bring it back.
  if (!families.get(family)?.credentials.knows(deviceId)) return undefined
  return { kind: 'device', family, deviceId, memberId: '' }
}
