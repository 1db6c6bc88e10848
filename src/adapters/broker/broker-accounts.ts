// Who is on the embedded broker: logins (throttled, at most a few connections per account, counted in
// open-logins.ts), the identity of each connection, and whose will a restarted broker publishes for a
// client long gone (the names of accounts: account-names.ts).

import { randomUUID } from 'node:crypto'
import type { Socket } from 'node:net'
import type { AedesOptions, AuthenticateError, Client, PublishPacket } from 'aedes'
import type { Logger } from '../../app/ports.js'
import type { Credentials, Identity } from '../auth/credentials.js'
import { printable } from '../log/printable.js'
import { accountOf, accountOfWill, findIdentity, soleAccountOf, usernameKnown } from './account-names.js'
import { loggedIn } from './broker-listeners.js'
import { oncePerMinute } from './connection-log.js'
import { createLoginThrottle } from './login-throttle.js'
import { createOpenLogins } from './open-logins.js'

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

export function createBrokerAccounts(
  families: ReadonlyMap<string, { credentials: Credentials }>,
  logger: Logger,
  now: () => number,
): BrokerAccounts {
  const identities = new WeakMap<Client, Identity>()
  const throttle = createLoginThrottle()
  // A login revoked (its password changed since) can do nothing more: its will, which aedes publishes
  // as it closes the connection, and any publish still under way are refused.
  const openLogins = createOpenLogins(families, logger, (client) => identities.delete(client))

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
    // Until its password is accepted the connection goes by a throwaway id, the one it sent kept aside:
    // aedes cleans a refused clean session's QoS 2 state up under its id, so a wrong password sent with
    // another phone's session id ("<family>/<device>|<id>") wiped what that phone was sending.
    const sentId = client.id
    client.id = `(unauthenticated)|${randomUUID()}`
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
    const from = { remote: address, local: (client.conn as Partial<Socket>).localAddress }
    const admitted = throttle.begin(from, now())
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
    let wasAmbiguous = false
    const ambiguous = (first: Identity, second: Identity) => {
      wasAmbiguous = true
      logger.log(
        'warn',
        `refused login for user "${printable(username)}" from ${address}: its password opens accounts in two families (${first.family}, ${second.family}); give one of them another password, or log in as "<family>/<username>"`,
      )
    }
    findIdentity(
      families,
      username,
      password,
      sentId,
      (version) => (passwordVersion = version),
      ambiguous,
    ).then(
      (identity) => {
        if (!identity) {
          throttle.failed(from, soleAccountOf(families, username), now())
          if (!wasAmbiguous)
            logger.log(
              'warn',
              `refused login for ${
                usernameKnown(families, username) ? `user "${printable(username)}"` : 'an unknown username'
              } from ${address}: wrong username or password`,
            )
          return done(refused(), false)
        }
        throttle.succeeded(from, soleAccountOf(families, username))
        const account = accountOf(identity)
        // Sessions belong to an account: another device or family reusing this client id gets its own
        // session instead of taking over this one's subscriptions and queued commands.
        const sessionId = `${account}|${sentId}`
        const open = openLogins.countOf(account)
        // A phone coming back under its client id replaces its old connection, so it is never refused:
        // connections a flaky mobile network left half-open would otherwise lock it out until their
        // keepalive ran out (an hour and a half on Android).
        const previous = openLogins.holderOf(sessionId)
        if (open >= MAX_PER_ACCOUNT[identity.kind] && previous === undefined) {
          logger.log('warn', `refused login for "${printable(username)}": it already has ${open} connections`)
          return done(
            Object.assign(new Error('too many connections'), { returnCode: 5 }) as AuthenticateError,
            false,
          )
        }
        identities.set(client, identity)
        loggedIn(client.conn)
        client.id = sessionId
        openLogins.holdPlace(client, account, sessionId, { identity, version: passwordVersion })
        // Closed here rather than left to aedes (which replaces only what it has registered by then): a
        // burst of logins under one client id is let in only as replacements of each other.
        previous?.close()
        done(null, true)
      },
      (error: unknown) => {
        throttle.failed(from, soleAccountOf(families, username), now())
        done(Object.assign(new Error(String(error)), { returnCode: 3 }) as AuthenticateError, false)
      },
    )
  }

  return {
    preConnect,
    authenticate,
    identityOf: (client) => identities.get(client),
    identityOfWill: (packet) => accountOfWill(families, packet),
    closeOutdatedLogins: openLogins.closeOutdatedLogins,
  }
}

const refused = (): AuthenticateError =>
  Object.assign(new Error('bad username or password'), { returnCode: BAD_CREDENTIALS }) as AuthenticateError

export const remoteOf = (client: Client): string => {
  const socket = client.conn as Partial<Socket>
  return socket.remoteAddress ?? 'unknown address'
}
