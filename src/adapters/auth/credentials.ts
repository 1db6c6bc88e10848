// Who may connect to the embedded broker: one account per device plus the clock's own account.
// Passwords come from config (plain or hashed) or are generated and only their hash is kept in SQLite.
// Stored hashes are read at each login, so a password rotated by `weasley-clock provision` (another
// process) takes effect at once and the old one stops working; the broker closes the connections it had
// opened (`passwordVersionOf`, checked every few seconds).

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { compactId } from '../../core/provisioning.js'
import type { DeviceAccount } from '../config/config-types.js'
import type { Db } from '../sqlite/open-database.js'
import { generatePassword, hashGeneratedSecret, hashPassword, verifyPassword } from './passwords.js'

export type Identity =
  | { kind: 'device'; family: string; deviceId: string; memberId: string }
  | { kind: 'clock'; family: string }

export interface Credentials {
  /**
   * Resolves the identity for a username/password, or null when either is wrong. The username is a
   * device id, or the family name: then the password picks the device (the apps' default topic
   * owntracks/<username>/<deviceId> needs username = family), trying the device named by the
   * OwnTracks client id (username + device id) first.
   */
  authenticate(
    username: string,
    password: Buffer | string,
    clientId?: string,
    options?: LoginOptions,
  ): Promise<Identity | null>
  /**
   * Which password an account has now ('config' for one the config file fixes; undefined when none is
   * stored any more): a connection whose login matched another has outlived a new password.
   */
  passwordVersionOf(identity: Identity): string | undefined
  /** Changes whenever any stored password of the family does: the accounts need a look only then. */
  passwordsStamp(): string
  /** Is this username one of the family's accounts (or the family name itself)? Decides nothing about passwords. */
  knows(username: string): boolean
  /** Plain passwords generated on this start (shown to the user once, never logged). */
  generated: { username: string; password: string; memberId?: string }[]
}

interface Account {
  identity: Identity
  /** A hash fixed by the config file; otherwise the stored one is read at login. */
  configuredHash?: string
  /**
   * A plain password from the config file, kept as a keyed digest: the file already holds it in clear,
   * so there is no stored hash for scrypt to protect (online guessing is stopped by the login throttle).
   */
  configuredDigest?: Buffer
}

const SELECT = 'SELECT password_hash FROM device_credential WHERE device_id = ?'
const UPSERT =
  'INSERT INTO device_credential (device_id, member_id, password_hash, created_ms) VALUES (?, ?, ?, ?) ON CONFLICT (device_id) DO UPDATE SET password_hash = excluded.password_hash, created_ms = excluded.created_ms'

/** A new password for an account whose password is not fixed by the config; the old one stops working. */
export function rotatePassword(db: Db, username: string, memberId: string): string {
  const password = generatePassword()
  storePassword(db, username, memberId, password)
  return password
}

/** Makes a generated password the account's (the previous one stops working). */
export function storePassword(db: Db, username: string, memberId: string, password: string): void {
  db.prepare(UPSERT).run(username.toLowerCase(), memberId, hashGeneratedSecret(password), Date.now())
}

export interface LoadCredentialsOptions {
  /**
   * Given the passwords generated for accounts without one before their hashes are stored: it must keep
   * them where the user finds them (new-passwords.txt), or throw, and then nothing is stored. A start
   * that fails later has lost nothing: the next one finds the hashes and the file still has the passwords.
   */
  keepGenerated?: (generated: Credentials['generated']) => void
  /** Given the accounts whose stored passwords went (device out of the config, or a password in it). */
  forgetRemoved?: (usernames: readonly string[]) => void
  /** What a refusal spends when no scrypt ran for it (tests count the calls). */
  spend?: (password: Buffer | string) => Promise<void>
}

export function loadCredentials(
  db: Db,
  devices: readonly DeviceAccount[],
  clock: { username: string; password?: string },
  family: string,
  options: LoadCredentialsOptions = {},
): Credentials {
  const spend = options.spend ?? spendAVerification
  const generated: Credentials['generated'] = []
  const select = db.prepare(SELECT)
  // A rotation rewrites a row's created_ms, a removal drops a row: either changes this.
  const stamp = db.prepare('SELECT count(*) AS rows, total(created_ms) AS times FROM device_credential')
  const accounts = new Map<string, Account>()
  const add = (
    username: string,
    identity: Identity,
    memberId: string,
    configured: { password?: string; passwordHash?: string },
  ) => {
    const key = username.toLowerCase()
    if (configured.passwordHash)
      return accounts.set(key, { identity, configuredHash: configured.passwordHash })
    if (configured.password)
      return accounts.set(key, { identity, configuredDigest: digestOf(configured.password) })
    if (!select.get(key)) {
      const password = generatePassword()
      generated.push(memberId === '' ? { username: key, password } : { username: key, password, memberId })
    }
    return accounts.set(key, { identity })
  }
  for (const d of devices)
    add(d.deviceId, { kind: 'device', family, deviceId: d.deviceId, memberId: d.memberId }, d.memberId, d)
  add(
    clock.username,
    { kind: 'clock', family },
    '',
    clock.password === undefined ? {} : { password: clock.password },
  )

  // A device taken out of the config loses its stored password: put back later, it gets a new one,
  // and a phone (or a leaked .otrc) holding the old one is not let in again. So does one the config now
  // gives a password: the stored one no longer lets anyone in, and is no longer to be set up.
  const storedInUse = JSON.stringify(
    [...accounts].filter(([, a]) => !a.configuredHash && !a.configuredDigest).map(([name]) => name),
  )
  const unused = db
    .prepare(
      'SELECT device_id FROM device_credential WHERE device_id NOT IN (SELECT value FROM json_each(?))',
    )
    .pluck()
    .all(storedInUse) as string[]
  if (unused.length > 0) {
    db.prepare('DELETE FROM device_credential WHERE device_id NOT IN (SELECT value FROM json_each(?))').run(
      storedInUse,
    )
    options.forgetRemoved?.(unused)
  }
  if (generated.length > 0) {
    options.keepGenerated?.(generated)
    db.transaction(() => {
      for (const g of generated) storePassword(db, g.username, g.memberId ?? '', g.password)
    })()
  }

  const clockKey = clock.username.toLowerCase()
  const hashOf = (username: string, account: Account): string | undefined =>
    account.configuredHash ?? (select.get(username) as { password_hash: string } | undefined)?.password_hash

  /** Whether the password is right (and which it matched); a wrong one says whether that took a scrypt. */
  const check = async (username: string, account: Account, password: Buffer | string): Promise<Check> => {
    if (account.configuredDigest)
      return timingSafeEqual(account.configuredDigest, digestOf(password)) ? CONFIGURED : 'wrong'
    const hash = hashOf(username, account)
    if (hash === undefined) return 'wrong'
    // Phones reconnect often (mobile networks, a broker restart): a password scrypt already accepted
    // for this very hash is recognised by a keyed digest instead of another round of scrypt. A changed
    // hash (rotation) has another cache key, so an old password never matches. A hash is of one password,
    // so once it is known any other is wrong without a scrypt: a login by the family's name with a wrong
    // password, which is checked against every device, then costs a scrypt only for the devices not
    // seen since the start (and the refusal one, for its time).
    const cacheKey = `${username}\u0000${hash}`
    const digest = digestOf(password)
    const right: Accepted = account.configuredHash ? CONFIGURED : { version: hash }
    const known = verified.get(cacheKey)
    if (known) return timingSafeEqual(known, digest) ? right : 'wrong'
    const ok = await verifyPassword(password, hash)
    if (!ok) return hash.startsWith('scrypt$') ? 'wrong-after-scrypt' : 'wrong'
    if (verified.size >= MAX_CACHED_LOGINS) verified.clear()
    verified.set(cacheKey, digest)
    return right
  }
  const accept = (account: Account, checked: Accepted, options: LoginOptions): Identity => {
    options.accepted?.(checked.version)
    return account.identity
  }
  // A refusal takes the time of a scrypt whatever the account, so a prober cannot tell unknown usernames
  // from known ones: a generated secret is checked in microseconds (it needs no slow hash), and its
  // refusal would come at once where an unknown name's takes a scrypt.
  const refuse = async (
    password: Buffer | string,
    checks: readonly Check[],
    options: LoginOptions,
  ): Promise<null> => {
    if (checks.includes('wrong-after-scrypt')) options.tookScrypt?.()
    else if (options.spend) await spend(password)
    return null
  }
  const verified = new Map<string, Buffer>()

  async function authenticateFamilyMember(
    password: Buffer | string,
    clientId: string,
    options: LoginOptions,
  ): Promise<Identity | null> {
    const hint = compactId(clientId)
    const devicesFirstHinted = [...accounts].filter(([, a]) => a.identity.kind === 'device')
    const hinted = ([name]: [string, Account]) => Number(hint !== '' && hint.endsWith(compactId(name)))
    devicesFirstHinted.sort((a, b) => hinted(b) - hinted(a))
    const checks: Check[] = []
    for (const [name, account] of devicesFirstHinted) {
      const checked = await check(name, account, password)
      if (typeof checked === 'object') return accept(account, checked, options)
      checks.push(checked)
    }
    return refuse(password, checks, options)
  }

  return {
    generated,
    knows: (username) => username === family || accounts.has(username.toLowerCase()),
    async authenticate(username, password, clientId = '', options: LoginOptions = { spend: true }) {
      const key = username.toLowerCase()
      if (username === family && !accounts.has(key))
        return authenticateFamilyMember(password, clientId, options)
      const account = accounts.get(key)
      if (!account) return refuse(password, [], options)
      const checked = await check(key, account, password)
      return typeof checked === 'object'
        ? accept(account, checked, options)
        : refuse(password, [checked], options)
    },
    passwordsStamp: () => {
      const row = stamp.get() as { rows: number; times: number }
      return `${row.rows}:${row.times}`
    },
    passwordVersionOf(identity) {
      const key = identity.kind === 'clock' ? clockKey : identity.deviceId.toLowerCase()
      const account = accounts.get(key)
      if (!account || account.identity.family !== identity.family) return undefined
      if (account.configuredDigest || account.configuredHash) return CONFIGURED.version
      return (select.get(key) as { password_hash: string } | undefined)?.password_hash
    },
  }
}

/** A right password, and which: the stored hash it matched, or 'config' for one the config file fixes. */
type Accepted = { version: string }
const CONFIGURED: Accepted = { version: 'config' }
type Check = Accepted | 'wrong' | 'wrong-after-scrypt'

export interface LoginOptions {
  /**
   * A host trying one username against several families refuses in each without spending a scrypt
   * (`spend: false`), hears whether a refusal took one anyway (a password hash from the config), and
   * spends one for all of them only when none did. Alone, a refusal always takes a scrypt's time.
   */
  spend: boolean
  tookScrypt?: () => void
  /** Told which password version an accepted login matched (see `passwordVersionOf`). */
  accepted?: (passwordVersion: string) => void
}

/** Spends the time of a real check, so a prober cannot tell unknown users from wrong passwords. */
export async function spendAVerification(password: Buffer | string): Promise<void> {
  dummyHash ??= hashPassword('not-a-real-account')
  await verifyPassword(password, dummyHash)
}

let dummyHash: string | undefined
/** Random per process: the digests are worthless outside it. */
const CACHE_KEY = randomBytes(32)
const MAX_CACHED_LOGINS = 10_000
const digestOf = (password: Buffer | string): Buffer =>
  createHmac('sha256', CACHE_KEY).update(password).digest()
