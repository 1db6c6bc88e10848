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
  const aedes = new EventEmitter()
  broker.countConnections(aedes as unknown as Aedes)
  let n = 0
  /** A login as ron on a new connection: the error aedes would get, or null once accepted. */
  const login = () => {
    const client = {
      id: `ron-${n++}`,
      closed: false,
      conn: { remoteAddress: '10.0.0.5' },
    } as unknown as Client
    return new Promise<{ client: Client; error: AuthenticateError | null }>((resolve) =>
      broker.authenticate(client, 'ron', Buffer.from(PASSWORD), (error) => resolve({ client, error })),
    )
  }
  return { aedes, login }
}

describe('connections per account', () => {
  it('counts a phone’s connections: a fourth at once is refused, one that closed frees its place', async () => {
    const { aedes, login } = accounts()
    const open = []
    for (let i = 0; i < 3; i++) {
      const { client, error } = await login()
      expect(error).toBeNull()
      aedes.emit('clientReady', client)
      open.push(client)
    }
    expect((await login()).error?.message).toBe('too many connections')
    aedes.emit('clientDisconnect', open[0])
    expect((await login()).error).toBeNull()
  })

  it('does not leak a place when a connection is reported ready after it was reported gone', async () => {
    const { aedes, login } = accounts()
    // A mobile network flapping: the connection closes between its CONNACK and the end of its queue.
    const flap = await login()
    expect(flap.error).toBeNull()
    ;(flap.client as { closed: boolean }).closed = true
    aedes.emit('clientDisconnect', flap.client)
    aedes.emit('clientReady', flap.client)
    // All three places are still free.
    for (let i = 0; i < 3; i++) {
      const { client, error } = await login()
      expect(error).toBeNull()
      aedes.emit('clientReady', client)
    }
  })
})
