import { EventEmitter } from 'node:events'
import type { AuthenticateError, Client } from 'aedes'
import { describe, expect, it } from 'vitest'
import { silentLogger } from '../log/logger.js'
import { printable } from '../log/printable.js'
import { createBrokerAccounts } from './broker-accounts.js'

const PASSWORD = 'correct horse'

function accounts() {
  /** Each account's password version now: a test changes one as a new provisioning would. */
  const versions: Record<string, string> = { ron: 'v1', ginny: 'v1' }
  /** Accounts whose password cannot be read now (a disk error). */
  const failing = new Set<string>()
  /** How often an account's password was looked up. */
  const looks = { count: 0 }
  const identity = (deviceId: string) =>
    ({ kind: 'device', family: 'weasleys', deviceId, memberId: deviceId }) as const
  const families = new Map([
    [
      'weasleys',
      {
        credentials: {
          authenticate: async (
            username: string,
            password: Buffer | string,
            _clientId?: string,
            options?: { accepted?: (version: string) => void },
          ) => {
            const version = versions[username]
            if (version === undefined || password.toString() !== PASSWORD) return null
            options?.accepted?.(version)
            return identity(username)
          },
          knows: (username: string) => username in versions,
          generated: [],
          passwordsStamp: () => JSON.stringify(versions),
          passwordVersionOf: (who: { kind: string; deviceId?: string }) => {
            looks.count++
            const version = who.kind === 'device' ? versions[who.deviceId ?? ''] : undefined
            if (failing.has(who.deviceId ?? '')) throw new Error('disk I/O error')
            return version
          },
        },
      },
    ],
  ])
  const logs: string[] = []
  const logger = { log: (_level: string, line: string) => void logs.push(line), isEnabled: () => true }
  const broker = createBrokerAccounts(families, logger, () => 0)
  let n = 0
  /** A login (as ron unless told) on a new connection (its client id given or fresh): the error aedes would get, or null. */
  const login = (clientId = `ron-${n++}`, username = 'ron', password = PASSWORD) => {
    const socket = Object.assign(new EventEmitter(), { remoteAddress: '10.0.0.5', destroyed: false })
    const close = () => {
      if (socket.destroyed) return
      socket.destroyed = true
      socket.emit('close')
    }
    const client = { id: clientId, closed: false, conn: socket, close } as unknown as Client
    return new Promise<{
      client: Client
      close: () => void
      closed: () => boolean
      error: AuthenticateError | null
    }>((resolve) =>
      broker.authenticate(client, username, Buffer.from(password), (error) =>
        resolve({ client, close, closed: () => socket.destroyed, error }),
      ),
    )
  }
  return { login, versions, broker, logs, looks, failing }
}

describe('a password changed while its phone is connected', () => {
  it('ends the connections that logged in with the old one, and only those', async () => {
    const { login, versions, broker } = accounts()
    const ron = await login('ron-1')
    const ginny = [await login('ginny-1', 'ginny'), await login('ginny-2', 'ginny')]
    const gone = await login('ginny-3', 'ginny')
    gone.close()
    expect(broker.closeOutdatedLogins()).toBe(0)

    versions.ginny = 'v2'
    expect(broker.closeOutdatedLogins()).toBe(2)
    expect(ginny.map((g) => g.closed())).toEqual([true, true])
    expect(ron.closed()).toBe(false)
    // A login with the new password stays, and nothing is closed twice.
    const again = await login('ginny-4', 'ginny')
    expect(broker.closeOutdatedLogins()).toBe(0)
    expect(again.closed()).toBe(false)
  })

  it('looks up no account while none of its family’s passwords changed', async () => {
    const { login, versions, broker, looks } = accounts()
    await login('ron-1')
    await login('ginny-1', 'ginny')
    broker.closeOutdatedLogins()
    const first = looks.count
    expect(first).toBe(2)
    expect(broker.closeOutdatedLogins()).toBe(0)
    expect(looks.count).toBe(first)
    versions.ginny = 'v2'
    expect(broker.closeOutdatedLogins()).toBe(1)
    expect(looks.count).toBe(first + 2)
  })

  it('checks every account though one cannot be read, keeps that one’s connections, and looks again', async () => {
    const { login, versions, broker, logs, failing } = accounts()
    const ginny = await login('ginny-1', 'ginny')
    const ron = await login('ron-1')
    failing.add('ginny')
    versions.ginny = 'v2'
    versions.ron = 'v2'
    expect(broker.closeOutdatedLogins()).toBe(1)
    expect([ginny.closed(), ron.closed()]).toEqual([false, true])
    expect(broker.closeOutdatedLogins()).toBe(0)
    expect(logs.filter((l) => l.startsWith('could not check the password of weasleys/ginny'))).toHaveLength(1)
    // Readable again, nothing stored having changed since: its connection is looked at and closed.
    failing.delete('ginny')
    expect(broker.closeOutdatedLogins()).toBe(1)
    expect(ginny.closed()).toBe(true)
  })
})

describe('connections per account', () => {
  it('counts a phone’s connections from its login: a fourth at once is refused, one that closed frees its place', async () => {
    const { login } = accounts()
    // All four logins checked at once: none has been reported ready when the fourth is decided.
    const logins = await Promise.all([login(), login(), login(), login()])
    expect(logins.map((l) => l.error?.message ?? 'ok')).toEqual(['ok', 'ok', 'ok', 'too many connections'])
    logins[0]?.close()
    expect((await login()).error).toBeNull()
  })

  it('frees the place of a connection that closes however it ends, once', async () => {
    const { login } = accounts()
    const flap = await login()
    flap.close()
    flap.close()
    // All three places are still free, and a fourth is still refused (no place given twice).
    for (let i = 0; i < 3; i++) expect((await login()).error).toBeNull()
    expect((await login()).error?.message).toBe('too many connections')
  })

  it('lets a phone back in under its client id when its places are full, closing the connection it replaces', async () => {
    const { login } = accounts()
    const [phone] = await Promise.all([login('phone'), login('other-1'), login('other-2')])
    expect((await login('another')).error?.message).toBe('too many connections')
    const back = await login('phone')
    expect(back.error).toBeNull()
    expect(phone?.client.conn.destroyed).toBe(true)
    // Still three places: the replaced connection gave its own back.
    expect((await login('another')).error?.message).toBe('too many connections')
  })
})

describe('printable', () => {
  it('shows what a client sent without controls that would rewrite the log line, cut short', () => {
    expect(printable('ron\u001b[2J\u009b2J\u202eevil\u2066')).toBe('ron?[2J?2J?evil?')
    expect(printable('x'.repeat(500))).toBe(`${'x'.repeat(80)}…`)
  })
})

describe('refused logins in the log', () => {
  it('names a username some family has, and no other: a password typed into the username field stays out', async () => {
    const { login, logs } = accounts()
    expect((await login('r-1', 'ron', 'wrong')).error).not.toBeNull()
    expect((await login('r-2', 'my own password 123')).error).not.toBeNull()
    expect(logs).toEqual([
      'refused login for user "ron" from 10.0.0.5: wrong username or password',
      'refused login for an unknown username from 10.0.0.5: wrong username or password',
    ])
  })
})

describe('a username several hosted families have', () => {
  it('asks each family to refuse quickly, so a login that fits the third pays no scrypt for the first two', async () => {
    const asked: [string, boolean | undefined][] = []
    const family = (name: string, password: string) => ({
      credentials: {
        authenticate: async (
          _u: string,
          given: Buffer | string,
          _c?: string,
          refusal?: { spend: boolean },
        ) => {
          asked.push([name, refusal?.spend])
          return given.toString() === password
            ? ({ kind: 'device', family: name, deviceId: 'phone', memberId: 'phone' } as const)
            : null
        },
        knows: (username: string) => username === 'phone',
        generated: [],
        passwordVersionOf: () => 'config',
        passwordsStamp: () => '',
      },
    })
    const families = new Map([
      ['a', family('a', 'pass-of-a-1')],
      ['b', family('b', 'pass-of-b-1')],
      ['c', family('c', 'pass-of-c-1')],
    ])
    const broker = createBrokerAccounts(families, silentLogger, () => 0)
    expect(await login(broker, 'phone', 'pass-of-c-1')).toBeNull()
    expect(asked).toEqual([
      ['a', false],
      ['b', false],
      ['c', false],
    ])
  })

  it('does not let logins to one family forgive guesses at the others under that username', async () => {
    const broker = createBrokerAccounts(hostedFamilies(['a', 'b']), silentLogger, () => 0)
    for (let i = 0; i < 4; i++) expect(await login(broker, 'phone', `guess-${i}`)).not.toBeNull()
    expect(await login(broker, 'phone', 'pass-of-a-1')).toBeNull()
    expect(await login(broker, 'phone', 'guess-4')).not.toBeNull()
    expect(await login(broker, 'phone', 'pass-of-a-1')).not.toBeNull()
  })

  it('refuses a login whose password opens accounts in two families, and says how to tell them apart', async () => {
    const families = hostedFamilies(['a', 'b'])
    // b's phone was given a's password (as a salted hash, the start-up check cannot see it).
    const b = families.get('b')
    if (b)
      b.credentials.authenticate = async (_u: string, given: Buffer | string) =>
        given.toString() === 'pass-of-a-1'
          ? ({ kind: 'device', family: 'b', deviceId: 'phone', memberId: 'phone' } as const)
          : null
    const logs: string[] = []
    const logger = { log: (_level: string, line: string) => void logs.push(line), isEnabled: () => true }
    const broker = createBrokerAccounts(families, logger, () => 0)
    expect(await login(broker, 'phone', 'pass-of-a-1')).not.toBeNull()
    expect(logs).toEqual([
      expect.stringMatching(/opens accounts in two families \(a, b\).*"<family>\/<username>"/),
    ])
    expect(await login(broker, 'a/phone', 'pass-of-a-1')).toBeNull()
  })

  it('forgives the failures of a username only one family has, once its password is right', async () => {
    const broker = createBrokerAccounts(hostedFamilies(['a']), silentLogger, () => 0)
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 4; i++) expect(await login(broker, 'phone', `typo-${i}`)).not.toBeNull()
      expect(await login(broker, 'phone', 'pass-of-a-1')).toBeNull()
    }
  })
})

/** Families each with one device named "phone", whose password is "pass-of-<family>-1". */
function hostedFamilies(names: string[]) {
  return new Map(
    names.map((name) => [
      name,
      {
        credentials: {
          authenticate: async (_u: string, given: Buffer | string) =>
            given.toString() === `pass-of-${name}-1`
              ? ({ kind: 'device', family: name, deviceId: 'phone', memberId: 'phone' } as const)
              : null,
          knows: (username: string) => username === 'phone',
          generated: [],
          passwordVersionOf: () => 'config',
          passwordsStamp: () => '',
        },
      },
    ]),
  )
}

let logins = 0
/** A login from one address on a new connection: the error aedes would get, or null. */
function login(broker: ReturnType<typeof createBrokerAccounts>, username: string, password: string) {
  const socket = Object.assign(new EventEmitter(), { remoteAddress: '10.0.0.6', destroyed: false })
  const client = { id: `phone-${logins++}`, closed: false, conn: socket, close() {} } as unknown as Client
  return new Promise<AuthenticateError | null>((resolve) =>
    broker.authenticate(client, username, Buffer.from(password), (e) => resolve(e)),
  )
}
