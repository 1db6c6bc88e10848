// Who is on the embedded broker: logins (throttled, at most a few connections per account), the
// identity of each connection, and whose will a restarted broker publishes for a client long gone.

import type { Socket } from 'node:net'
import type { AedesOptions, AuthenticateError, Client, PublishPacket } from 'aedes'
import type { Logger } from '../../app/ports.js'
import { type Credentials, type Identity, spendAVerification } from '../auth/credentials.js'
import { printable } from '../log/printable.js'
import { oncePerMinute } from './connection-log.js'
import { createLoginThrottle } from './login-throttle.js'

const BAD_CREDENTIALS = 4 // CONNACK "bad user name or password" [MQTT-3.2.2-3]

/**
 * What one account may hold at once, connections and persistent sessions alike: a phone needs one (two
 * while it replaces a dead one); stepper clocks and tools share the clock's.
 */
export const MAX_PER_ACCOUNT = { device: 3, clock: 20 } as const

export interface BrokerAccounts {
  preConnect: NonNullable<AedesOptions['preConnect']>
  authenticate: NonNullable<AedesOptions['authenticate']>
  /** Who a connection logged in as; undefined before its login succeeded. */
  identityOf(client: Client): Identity | undefined
  /** Whose will aedes publishes with no client (see `accountOfWill`); undefined when it cannot be told. */
  identityOfWill(packet: PublishPacket): Identity | undefined
  /**
   * Closes every connection that logged in with a password its account no longer has (a phone
   * provisioned again, here or by `weasley-clock provision` in another process): the new password
   * stops the old one for logins at once, and this ends what it had already opened. Returns how many.
   */
  closeOutdatedLogins(): number
}

/** A device's account: its sessions' client ids start with it ("<account>|<client id>"). */
export const deviceAccount = (family: string, deviceId: string): string => `${family}/${deviceId}`

const accountOf = (identity: Identity): string =>
  identity.kind === 'clock' ? `${identity.family}/(clock)` : deviceAccount(identity.family, identity.deviceId)

export function createBrokerAccounts(
  families: ReadonlyMap<string, { credentials: Credentials }>,
  logger: Logger,
  now: () => number,
): BrokerAccounts {
  const identities = new WeakMap<Client, Identity>()
  const throttle = createLoginThrottle()
  const connectionsPerAccount = new Map<string, number>()
  /** The newest admitted connection of each session ("<account>|<client id>"), until its socket closes. */
  const holders = new Map<string, Client>()
  /** Open connections and the password version each logged in with, until their sockets close. */
  const logins = new Map<Client, { identity: Identity; version: string }>()
  /** Password stores that could not be read, said once a minute per account. */
  const unreadable = oncePerMinute()
  const UNREADABLE = Symbol('unreadable')
  /** Each family's stored passwords as they were at its last look (see `closeOutdatedLogins`). */
  const stamps = new Map<string, string>()
  /**
   * "<family>/<username>" names the family; a bare username is tried against every family that has it
   * (device ids may repeat across hosted families; each try is one password check): the password decides.
   */
  const findIdentity = async (
    username: string,
    password: Buffer,
    clientId: string,
    accepted: (passwordVersion: string) => void,
  ): Promise<Identity | null> => {
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
    for (const family of candidates) {
      const identity = await family.credentials.authenticate(username, password, clientId, refusal)
      if (identity) return identity
    }
    if (!tookScrypt) await spendAVerification(password)
    return null
  }

  /**
   * The one account a username can log in to ("<family>/<name>"), whatever the password; undefined when
   * it may fit several: a family's name (any of its devices logs in with it, the password picks which)
   * or a name several hosted families have. The login throttle forgives only failures against one.
   */
  const soleAccountOf = (username: string): string | undefined => {
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
  const accountOfWill = (packet: PublishPacket): Identity | undefined => {
    const clientId: unknown = (packet as { clientId?: unknown }).clientId
    if (typeof clientId !== 'string') return undefined
    const bar = clientId.indexOf('|')
    const slash = clientId.indexOf('/')
    if (slash <= 0 || bar < slash) return undefined
    const family = clientId.slice(0, slash)
    const deviceId = clientId.slice(slash + 1, bar)
    if (!families.has(family) || deviceId === '' || deviceId === '(clock)') return undefined
    return { kind: 'device', family, deviceId, memberId: '' }
  }

  const badIdentifiers = new WeakSet<Client>()
  const badWills = new WeakSet<Client>()
  /** Refusals before a password is checked are said once a minute per address (anyone can cause them). */
  const fresh = oncePerMinute()

  const preConnect: NonNullable<AedesOptions['preConnect']> = (client, packet, done) => {
    // [MQTT-3.1.3-8]: a persistent session needs a client id to find it again (aedes would invent one);
    // [MQTT-1.5.3-2]: no U+0000 in strings.
    if ((packet.clientId === '' && !packet.clean) || packet.clientId.includes('\u0000'))
      badIdentifiers.add(client)
    // A will is published to its topic: no wildcard [MQTT-3.3.2-2] and no U+0000 in it. aedes keeps it
    // as given, and a stored one it could not publish after a crash held up every will after it.
    const willTopic = (packet as { will?: { topic?: unknown } }).will?.topic
    if (typeof willTopic === 'string' && (willTopic.includes('\u0000') || /[+#]/.test(willTopic)))
      badWills.add(client)
    done(null, true)
  }
  const authenticate: NonNullable<AedesOptions['authenticate']> = (client, username, password, done) => {
    if (badIdentifiers.has(client)) {
      if (fresh(`${remoteOf(client)}|identifier`))
        logger.log(
          'info',
          `refused a client from ${remoteOf(client)}: a persistent session needs a client id without U+0000`,
        )
      return done(
        Object.assign(new Error('identifier rejected'), { returnCode: 2 }) as AuthenticateError,
        false,
      )
    }
    const address = remoteOf(client)
    if (badWills.has(client)) {
      if (fresh(`${address}|will`))
        logger.log('info', `refused a client from ${address}: its will topic has a wildcard or U+0000`)
      return done(Object.assign(new Error('bad will topic'), { returnCode: 5 }) as AuthenticateError, false)
    }
    if (username === undefined || password === undefined) return done(refused(), false)
    const admitted = throttle.begin(address, now())
    if (admitted === 'locked') {
      if (fresh(`${address}|locked`))
        logger.log('warn', `refused login from ${address}: too many failed logins, try again in a minute`)
      return done(refused(), false)
    }
    if (admitted === 'busy') {
      // "Server unavailable": the phone tries again soon, and does not report a wrong password.
      if (fresh(`${address}|busy`))
        logger.log(
          'warn',
          `refused login from ${address} for now: too many logins from it being checked at once`,
        )
      return done(Object.assign(new Error('busy'), { returnCode: 3 }) as AuthenticateError, false)
    }
    let passwordVersion = ''
    findIdentity(username, password, client.id, (version) => (passwordVersion = version)).then(
      (identity) => {
        if (!identity) {
          throttle.failed(address, soleAccountOf(username), now())
          logger.log(
            'warn',
            `refused login for user "${printable(username)}" from ${address}: wrong username or password`,
          )
          return done(refused(), false)
        }
        throttle.succeeded(address, soleAccountOf(username))
        const account = accountOf(identity)
        // Sessions belong to an account: another device or family reusing this client id gets its own
        // session instead of taking over this one's subscriptions and queued commands.
        const sessionId = `${account}|${client.id}`
        const open = connectionsPerAccount.get(account) ?? 0
        // A phone coming back under its client id replaces its old connection, so it is never refused:
        // connections a flaky mobile network left half-open would otherwise lock it out until their
        // keepalive ran out (an hour and a half on Android).
        const previous = holders.get(sessionId)
        if (open >= MAX_PER_ACCOUNT[identity.kind] && previous === undefined) {
          logger.log('warn', `refused login for "${printable(username)}": it already has ${open} connections`)
          return done(
            Object.assign(new Error('too many connections'), { returnCode: 5 }) as AuthenticateError,
            false,
          )
        }
        identities.set(client, identity)
        client.id = sessionId
        holdPlace(client, account, sessionId, { identity, version: passwordVersion })
        // Closed here rather than left to aedes (which replaces only what it has registered by then): a
        // burst of logins under one client id is let in only as replacements of each other.
        previous?.close()
        done(null, true)
      },
      (error: unknown) => {
        throttle.failed(address, soleAccountOf(username), now())
        done(Object.assign(new Error(String(error)), { returnCode: 3 }) as AuthenticateError, false)
      },
    )
  }

  return {
    preConnect,
    authenticate,
    identityOf: (client) => identities.get(client),
    identityOfWill: accountOfWill,
    closeOutdatedLogins,
  }

  function closeOutdatedLogins(): number {
    // A family none of whose stored passwords changed since its last look is passed over: one small
    // query a family instead of one per connection (a host has a thousand phones connected).
    const changed = new Map<string, boolean>()
    const changedIn = (family: string): boolean => {
      let result = changed.get(family)
      if (result !== undefined) return result
      try {
        const now = families.get(family)?.credentials.passwordsStamp()
        result = now === undefined || now !== stamps.get(family)
        if (now !== undefined) stamps.set(family, now)
      } catch {
        result = true // looked at account by account below, where a failure is said
      }
      changed.set(family, result)
      return result
    }
    // One look per account, however many of its connections are open.
    const versions = new Map<string, string | undefined | typeof UNREADABLE>()
    let closed = 0
    for (const [client, login] of logins) {
      if (!changedIn(login.identity.family)) continue
      const account = accountOf(login.identity)
      if (!versions.has(account)) {
        try {
          versions.set(
            account,
            families.get(login.identity.family)?.credentials.passwordVersionOf(login.identity),
          )
        } catch (error) {
          // Its store could not be read (a disk error): its connections stay until it can, and the
          // other accounts (other families' too) are checked all the same.
          versions.set(account, UNREADABLE)
          stamps.delete(login.identity.family) // so that the next pass looks again
          if (unreadable(account))
            logger.log('warn', `could not check the password of ${account}: ${String(error)}`)
        }
      }
      const version = versions.get(account)
      if (version === UNREADABLE || version === login.version) continue
      logins.delete(client)
      logger.log(
        'info',
        `closed a connection of ${account}: its password has been changed since it logged in`,
      )
      client.close()
      closed++
    }
    return closed
  }

  /**
   * A login holds its place in its account from the moment its password is accepted until its socket
   * closes: counting only connections aedes reports ready let a burst of logins all pass the check
   * before any was counted, and the socket's 'close' comes exactly once however the connection ends
   * (aedes reports a client gone only if it got as far as registering it).
   */
  function holdPlace(
    client: Client,
    account: string,
    sessionId: string,
    login: { identity: Identity; version: string },
  ): void {
    const socket = client.conn as Partial<Socket>
    if (socket.destroyed || !socket.once) return
    connectionsPerAccount.set(account, (connectionsPerAccount.get(account) ?? 0) + 1)
    holders.set(sessionId, client)
    logins.set(client, login)
    socket.once('close', () => {
      logins.delete(client)
      if (holders.get(sessionId) === client) holders.delete(sessionId)
      const left = (connectionsPerAccount.get(account) ?? 1) - 1
      if (left <= 0) connectionsPerAccount.delete(account)
      else connectionsPerAccount.set(account, left)
    })
  }
}

const refused = (): AuthenticateError =>
  Object.assign(new Error('bad username or password'), { returnCode: BAD_CREDENTIALS }) as AuthenticateError

export const remoteOf = (client: Client): string => {
  const socket = client.conn as Partial<Socket>
  return socket.remoteAddress ?? 'unknown address'
}
