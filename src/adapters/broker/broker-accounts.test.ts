import { EventEmitter } from 'node:events'
import type { Aedes, AuthenticateError, Client } from 'aedes'
import { describe, expect, it } from 'vitest'
import { silentLogger } from '../log/logger.js'
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
  /** What aedes has registered: a client id found here is a phone coming back. */
  const registered: Record<string, Client> = {}
  broker.countConnections({ clients: registered } as unknown as Aedes)
  let n = 0
  /** A login as ron on a new connection (its client id given or fresh): the error aedes would get, or null. */
  const login = (clientId = `ron-${n++}`) => {
    const socket = Object.assign(new EventEmitter(), { remoteAddress: '10.0.0.5', destroyed: false })
    const client = { id: clientId, closed: false, conn: socket } as unknown as Client
    const close = () => {
      socket.destroyed = true
      socket.emit('close')
    }
    return new Promise<{ client: Client; close: () => void; error: AuthenticateError | null }>((resolve) =>
      broker.authenticate(client, 'ron', Buffer.from(PASSWORD), (error) => resolve({ client, close, error })),
    )
  }
  return { login, registered }
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

  it('lets a phone back in under its client id when dead connections fill its places', async () => {
    const { login, registered } = accounts()
    const open = await Promise.all([login('phone'), login('other-1'), login('other-2')])
    for (const { client } of open) registered[client.id] = client
    expect((await login('another')).error?.message).toBe('too many connections')
    // The phone's new connection replaces its old one (aedes closes it), so it is not refused.
    expect((await login('phone')).error).toBeNull()
  })
})
