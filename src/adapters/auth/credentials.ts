// Who may connect to the embedded broker: one account per device plus the clock's own account.
// Passwords come from config (plain or hashed) or are generated once and only their hash is kept.

import type { DeviceAccount } from '../config/config-types.js'
import type { Db } from '../sqlite/open-database.js'
import { generatePassword, hashPassword, verifyPassword } from './passwords.js'

export type Identity = { kind: 'device'; deviceId: string; memberId: string } | { kind: 'clock' }

export interface Credentials {
  /**
   * Resolves the identity for a username/password, or null when either is wrong. The username is a
   * device id, or the family name: then the password picks the device (the apps' default topic
   * owntracks/<username>/<deviceId> needs username = family), trying the device named by the
   * OwnTracks client id (username + device id) first.
   */
  authenticate(username: string, password: Buffer | string, clientId?: string): Promise<Identity | null>
  /** Plain passwords generated on this start (shown to the user once, never logged). */
  generated: { username: string; password: string; memberId?: string }[]
}

export function loadCredentials(
  db: Db,
  devices: readonly DeviceAccount[],
  clock: { username: string; password?: string },
  family?: string,
): Credentials {
  const generated: Credentials['generated'] = []
  const select = db.prepare('SELECT password_hash FROM device_credential WHERE device_id = ?')
  const insert = db.prepare(
    'INSERT INTO device_credential (device_id, member_id, password_hash, created_ms) VALUES (?, ?, ?, ?)',
  )
  const hashFor = (
    username: string,
    memberId: string,
    configured?: { password?: string; passwordHash?: string },
  ) => {
    if (configured?.passwordHash) return configured.passwordHash
    if (configured?.password) return hashPassword(configured.password)
    const row = select.get(username) as { password_hash: string } | undefined
    if (row) return row.password_hash
    const password = generatePassword()
    const hash = hashPassword(password)
    insert.run(username, memberId, hash, Date.now())
    generated.push(memberId === '' ? { username, password } : { username, password, memberId })
    return hash
  }

  const accounts = new Map<string, { identity: Identity; hash: string }>()
  for (const d of devices) {
    accounts.set(d.deviceId, {
      identity: { kind: 'device', deviceId: d.deviceId, memberId: d.memberId },
      hash: hashFor(d.deviceId, d.memberId, d),
    })
  }
  const clockPassword = clock.password === undefined ? undefined : { password: clock.password }
  accounts.set(clock.username.toLowerCase(), {
    identity: { kind: 'clock' },
    hash: hashFor(clock.username, '', clockPassword),
  })

  return {
    generated,
    async authenticate(username, password, clientId) {
      if (family !== undefined && username === family && !accounts.has(username.toLowerCase())) {
        return authenticateFamilyMember(password, clientId)
      }
      const account = accounts.get(username.toLowerCase())
      if (!account) {
        // Spend the same time as a real check so a prober cannot tell unknown users from wrong passwords.
        await verifyPassword(password, DUMMY_HASH)
        return null
      }
      return (await verifyPassword(password, account.hash)) ? account.identity : null
    },
  }

  async function authenticateFamilyMember(
    password: Buffer | string,
    clientId = '',
  ): Promise<Identity | null> {
    const hint = clientId.toLowerCase().replace(/\W/g, '')
    const candidates = [...accounts.values()].filter((a) => a.identity.kind === 'device')
    const bare = (id: string) => id.replace(/\W/g, '')
    candidates.sort((a, b) => Number(endsWithDevice(b, hint, bare)) - Number(endsWithDevice(a, hint, bare)))
    for (const account of candidates) {
      if (await verifyPassword(password, account.hash)) return account.identity
    }
    return null
  }
}

const endsWithDevice = (a: { identity: Identity }, hint: string, bare: (id: string) => string): boolean =>
  a.identity.kind === 'device' && hint !== '' && hint.endsWith(bare(a.identity.deviceId))

const DUMMY_HASH = hashPassword('not-a-real-account')
