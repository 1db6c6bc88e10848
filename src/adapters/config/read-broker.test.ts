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

  it('refuses a url no connection can use, or one holding a login, naming broker.url', () => {
    expect(problemsOf({ url: 'mqtts://broker.example.org:99999' })).toEqual([
      'broker.url: port 99999 is not one a broker can listen on (1–65535)',
    ])
    expect(problemsOf({ url: 'mqtts://bro ker.example.org:8883' })).toEqual([
      'broker.url: is not a url a connection can use (a space or a stray character in the host?): "mqtts://bro ker.example.org:8883"',
    ])
    const withLogin = problemsOf({ url: 'mqtts://clock:s3cret@broker.example.org:8883' })
    expect(withLogin).toEqual([
      'broker.url: holds a login: give it as broker.username and broker.password, which are never logged or shown',
    ])
    expect(problemsOf({ url: 'wss://[::1]:9001/mqtt' })).toEqual([])
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

describe('the cloud profiles', () => {
  const aws = {
    profile: 'aws-iot',
    url: 'mqtts://x.iot.eu-west-1.amazonaws.com',
    certFile: 'clock.crt',
    keyFile: 'clock.key',
    clientId: 'clock',
  }
  const losant = { profile: 'losant', username: 'key', password: 'secret', clientId: 'device' }

  it('takes an AWS IoT keepalive only within its limits, 30 to 1200 seconds', () => {
    expect(problemsOf({ ...aws, keepalive: 30 })).toEqual([])
    expect(problemsOf({ ...aws, keepalive: 1200 })).toEqual([])
    expect(problemsOf({ ...aws, keepalive: 29 })).toEqual([
      'broker.keepalive: must be from 30 to 1200 seconds with AWS IoT (its limits), got 29',
    ])
    expect(problemsOf({ ...aws, keepalive: 1201 })).toEqual([
      'broker.keepalive: must be from 30 to 1200 seconds with AWS IoT (its limits), got 1201',
    ])
  })

  it('takes Losant only over TLS, so its access secret never goes in clear', () => {
    expect(problemsOf({ ...losant, url: 'mqtts://broker.losant.com' })).toEqual([])
    expect(problemsOf({ ...losant, url: 'wss://broker.losant.com' })).toEqual([])
    for (const url of ['mqtt://broker.losant.com', 'ws://broker.losant.com'])
      expect(problemsOf({ ...losant, url })).toEqual([
        'broker.url: Losant needs mqtts:// or wss://: its access secret must not cross the network in clear',
      ])
  })
})
