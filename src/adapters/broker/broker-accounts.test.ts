import { EventEmitter } from 'node:events'
import type { AuthenticateError, Client } from 'aedes'
import { describe, expect, it } from 'vitest'
import { silentLogger } from '../log/logger.js'
import { printable } from '../log/printable.js'
import { createBrokerAccounts } from './broker-accounts.js'

const PASSWORD = 'correct horse'

function accounts() {
  const families = new Map([
    [
      'weasleys',
      {
        credentials: {
          authenticate: async (username: string, password: Buffer | string) =>
            username === 'ron' && password.toString() === PASSWORD
              ? ({ kind: 'device', family: 'weasleys', deviceId: 'ron', memberId: 'ron' } as const)
              : null,
          knows: (username: string) => username === 'ron',
          generated: [],
        },
      },
    ],
  ])
  const broker = createBrokerAccounts(families, silentLogger, () => 0)
  let n = 0
  /** A login as ron on a new connection (its client id given or fresh): the error aedes would get, or null. */
  const login = (clientId = `ron-${n++}`) => {
    const socket = Object.assign(new EventEmitter(), { remoteAddress: '10.0.0.5', destroyed: false })
    const close = () => {
      if (socket.destroyed) return
      socket.destroyed = true
      socket.emit('close')
    }
    const client = { id: clientId, closed: false, conn: socket, close } as unknown as Client
    return new Promise<{ client: Client; close: () => void; error: AuthenticateError | null }>((resolve) =>
      broker.authenticate(client, 'ron', Buffer.from(PASSWORD), (error) => resolve({ client, close, error })),
    )
  }
  return { login }
}

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
      },
    })
    const families = new Map([
      ['a', family('a', 'pass-of-a-1')],
      ['b', family('b', 'pass-of-b-1')],
      ['c', family('c', 'pass-of-c-1')],
    ])
    const broker = createBrokerAccounts(families, silentLogger, () => 0)
    const socket = Object.assign(new EventEmitter(), { remoteAddress: '10.0.0.6', destroyed: false })
    const client = { id: 'phone-1', closed: false, conn: socket, close() {} } as unknown as Client
    const error = await new Promise<AuthenticateError | null>((resolve) =>
      broker.authenticate(client, 'phone', Buffer.from('pass-of-c-1'), (e) => resolve(e)),
    )
    expect(error).toBeNull()
    expect(asked).toEqual([
      ['a', false],
      ['b', false],
      ['c', false],
    ])
  })
})
