import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createServer, type TLSSocket } from 'node:tls'
import mqtt from 'mqtt'
import { describe, expect, it, onTestFinished } from 'vitest'
import { doctorClientOptions } from '../../cli/doctor.js'
import type { ExternalBrokerConfig } from '../config/config-types.js'
import { ensureCertificates } from '../tls/certificates.js'
import { AWS_IOT_ALPN, clientOptionsOf, newExternalClientId } from './external-client-options.js'

/**
 * A TLS server on a loopback port that answers the AWS IoT protocol name, and the protocol the first
 * connection settled on (false: the client offered none).
 */
async function startTlsServer() {
  const dir = mkdtempSync(path.join(tmpdir(), 'weasley-alpn-'))
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
  const tls = ensureCertificates(dir, ['127.0.0.1'])
  let settle: (protocol: string | false) => void = () => {}
  const negotiated = new Promise<string | false>((resolve) => {
    settle = resolve
  })
  const server = createServer(
    { cert: readFileSync(tls.certFile), key: readFileSync(tls.keyFile), ALPNProtocols: [AWS_IOT_ALPN] },
    (socket: TLSSocket) => {
      settle(socket.alpnProtocol ?? false)
      socket.destroy()
    },
  )
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  onTestFinished(() => new Promise<void>((done) => server.close(() => done())))
  return { caFile: tls.caCertFile, negotiated, port: (server.address() as AddressInfo).port }
}

describe('how the clock connects to an external broker', () => {
  it.each([
    ['AWS IoT on port 443', 'aws-iot', 'mqtts://a1b2.iot.eu-west-1.amazonaws.com:443', AWS_IOT_ALPN],
    ['AWS IoT on port 8883', 'aws-iot', 'mqtts://a1b2.iot.eu-west-1.amazonaws.com:8883', false],
    ['Mosquitto on port 443', 'mosquitto', 'mqtts://mqtt.example.org:443', false],
  ] as const)(
    'offers the protocol name AWS IoT needs for certificates on 443: %s',
    async (_, profile, url, offered) => {
      const server = await startTlsServer()
      const config: ExternalBrokerConfig = { kind: 'external', profile, url, caFile: server.caFile }
      // The options the clock would use for that broker, sent to the stand-in on a loopback port.
      const client = mqtt.connect(`mqtts://127.0.0.1:${server.port}`, clientOptionsOf(config, 'clock'))
      client.on('error', () => {})
      onTestFinished(() => client.endAsync(true))
      expect(await server.negotiated).toBe(offered)
    },
  )

  it('is how `doctor` connects too, leaving no session behind', async () => {
    const server = await startTlsServer()
    const url = 'mqtts://a1b2.iot.eu-west-1.amazonaws.com:443'
    const config: ExternalBrokerConfig = { kind: 'external', profile: 'aws-iot', url, caFile: server.caFile }
    const options = doctorClientOptions(config, 1_000)
    expect(options).toMatchObject({ clean: true, connectTimeout: 1_000 })
    const client = mqtt.connect(`mqtts://127.0.0.1:${server.port}`, options)
    client.on('error', () => {})
    onTestFinished(() => client.endAsync(true))
    expect(await server.negotiated).toBe(AWS_IOT_ALPN)
  })
})

describe('the client id of a clock on an external broker', () => {
  it('is at most 23 bytes of ASCII letters, digits and hyphens, whatever the family is called', () => {
    for (const family of ['weasleys', 'Уизли', 'Zoë_family.2', 'w', '日本'])
      expect(newExternalClientId(family, '0a1b2c3d'), family).toMatch(/^[0-9A-Za-z-]{1,23}$/)
    expect(newExternalClientId('weasleys', '0a1b2c3d')).toBe('weasley-weasle-0a1b2c3d')
    expect(newExternalClientId('Zoë_family', '0a1b2c3d')).toBe('weasley-Zoefam-0a1b2c3d')
    expect(newExternalClientId('Уизли', '0a1b2c3d')).toBe('weasley-0a1b2c3d')
  })
})

describe('a WebSocket broker at an IPv6 address', () => {
  it('is reached at the address in brackets, where mqtt.js would throw for want of them', async () => {
    const url = 'ws://[::1]:9/mqtt'
    const options = clientOptionsOf({ kind: 'external', profile: 'mosquitto', url }, 'clock')
    // Port 9 (discard) on this machine: nothing answers, so the connection fails, later, as an event.
    const client = mqtt.connect(url, { ...options, connectTimeout: 500 })
    client.on('error', () => {})
    await client.endAsync(true)
    const built = (hostname: string) =>
      options.transformWsUrl?.(
        `ws://${hostname}:9/mqtt`,
        { protocol: 'ws', hostname, port: 9, path: '/mqtt' },
        client,
      )
    expect(built('::1')).toBe('ws://[::1]:9/mqtt')
    expect(built('127.0.0.1')).toBe('ws://127.0.0.1:9/mqtt')
  })
})
