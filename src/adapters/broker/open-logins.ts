// The embedded broker's open logins: how many each account holds, the newest connection of each
// session, and the connections whose password has been changed since they logged in (closed).

import type { Socket } from 'node:net'
import type { Client } from 'aedes'
import type { Logger } from '../../app/ports.js'
import type { Credentials, Identity } from '../auth/credentials.js'
import { accountOf } from './account-names.js'
import { oncePerMinute } from './connection-log.js'

export interface OpenLogins {
  /** How many connections hold a place in the account (see `holdPlace`). */
  countOf(account: string): number
  /** The newest admitted connection of a session ("<account>|<client id>"), until its socket closes. */
  holderOf(sessionId: string): Client | undefined
  holdPlace(
    client: Client,
    account: string,
    sessionId: string,
    login: { identity: Identity; version: string },
  ): void
  /** Closes the connections whose password has been changed since they logged in; returns how many. */
  closeOutdatedLogins(): number
}

export function createOpenLogins(
  families: ReadonlyMap<string, { credentials: Credentials }>,
  logger: Logger,
  /** Takes a connection's rights away before it is closed for a changed password. */
  revoke: (client: Client) => void,
): OpenLogins {
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

  return {
    countOf: (account) => connectionsPerAccount.get(account) ?? 0,
    holderOf: (sessionId) => holders.get(sessionId),
    holdPlace,
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
      // First: aedes publishes the connection's will as it closes it, which is no longer its to publish
      // (a stolen password's holder left a made-up location there, retained for the whole family).
      revoke(client)
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
