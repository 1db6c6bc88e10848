import { describe, expect, it } from 'vitest'
import { ConfigError, parseConfig } from './load-config.js'

const problemsOf = (broker: Record<string, unknown>): string[] => {
  try {
    parseConfig({ uniqueId: 'f', people: ['A'], broker })
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.path}: ${p.message}`)
    throw error
  }
  return []
}

describe('the broker settings', () => {
  it('names each external-broker setting given without broker.url, where the clock would run its own broker', () => {
    expect(
      problemsOf({
        profile: 'losant',
        username: 'access-key',
        password: 'access-secret',
        caFile: 'ca.pem',
        clientId: 'device-id',
      }),
    ).toEqual([
      'broker.profile: only applies with broker.url (an external broker)',
      "broker.username: only applies with broker.url (an external broker): the embedded broker's own account is broker.clockUsername",
      "broker.password: only applies with broker.url (an external broker): the embedded broker's own account is broker.clockPassword",
      'broker.caFile: only applies with broker.url (an external broker)',
      'broker.clientId: only applies with broker.url (an external broker)',
    ])
  })

  it('takes a certificate and key without broker.url: the embedded broker serves them', () => {
    const broker = { certFile: 'clock.crt', keyFile: 'clock.key' }
    expect(problemsOf(broker)).toEqual([])
    expect(parseConfig({ uniqueId: 'f', people: ['A'], broker }).broker).toMatchObject({
      kind: 'embedded',
      ...broker,
    })
  })
})
