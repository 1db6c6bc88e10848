// How the clock's mqtt.js client connects to an external broker: session, keepalive, TLS files, and
// what a cloud profile needs on the wire. Reads the certificate files; opens nothing.

import { readFileSync } from 'node:fs'
import type { IClientOptions } from 'mqtt'
import type { ExternalBrokerConfig } from '../config/config-types.js'
import { isLoopbackAddress } from '../net/address-key.js'

/**
 * AWS IoT Core takes MQTT with an X.509 client certificate on port 443 only from a client that offers
 * this ALPN protocol name (AWS IoT developer guide, "Protocols, port mappings, and authentication").
 */
export const AWS_IOT_ALPN = 'x-amzn-mqtt-ca'

/**
 * A new client id for a clock on an external broker: at most 23 bytes of ASCII letters, digits and
 * hyphens, which brokers accept (MQTT 3.1.1 §3.1.3.1 promises 23 bytes of letters and digits); the
 * random part always whole, so two clocks of one family on one broker do not take each other's session.
 */
export function newExternalClientId(family: string, randomHex8: string): string {
  const readable = family
    .normalize('NFKD')
    .replace(/[^0-9A-Za-z]/g, '')
    .slice(0, 6)
  return readable === '' ? `weasley-${randomHex8}` : `weasley-${readable}-${randomHex8}`
}

export function clientOptionsOf(config: ExternalBrokerConfig, clientId: string): IClientOptions {
  const clientOptions: IClientOptions = {
    clientId,
    clean: false,
    protocolVersion: 4,
    keepalive: config.keepaliveSeconds ?? 60,
    // We schedule reconnects ourselves (exponential backoff with jitter).
    reconnectPeriod: 0,
    connectTimeout: 15_000,
    rejectUnauthorized: true,
    // QoS 0 publishes made while offline are dropped instead of piling up.
    queueQoSZero: false,
  }
  if (config.username !== undefined) clientOptions.username = config.username
  if (config.password !== undefined) clientOptions.password = config.password
  if (config.caFile !== undefined) clientOptions.ca = readFileSync(config.caFile)
  if (config.certFile !== undefined) clientOptions.cert = readFileSync(config.certFile)
  if (config.keyFile !== undefined) clientOptions.key = readFileSync(config.keyFile)
  if (config.profile === 'aws-iot' && portOf(config.url) === '443' && config.url.startsWith('mqtts://'))
    clientOptions.ALPNProtocols = [AWS_IOT_ALPN]
  // mqtt.js builds a WebSocket URL from the host without its brackets: "ws://::1:9001/", which ws
  // refuses by throwing, so the clock would not start.
  if (/^wss?:\/\//.test(config.url))
    clientOptions.transformWsUrl = (url, options) =>
      options.hostname?.includes(':')
        ? `${options.protocol}://[${options.hostname}]:${options.port}${options.path ?? '/'}`
        : url
  return clientOptions
}

function portOf(url: string): string | undefined {
  try {
    return new URL(url).port
  } catch {
    return undefined
  }
}

/** The host of a plain (mqtt:// or ws://) url when it is not this machine: a password sent there can be read on the way. */
export function plainRemoteHost(url: string): string | undefined {
  if (!/^(mqtt|ws):\/\//.test(url)) return undefined
  let host: string
  try {
    host = new URL(url).hostname.toLowerCase()
  } catch {
    return undefined
  }
  const loopback = host === 'localhost' || host.endsWith('.localhost') || isLoopbackAddress(host)
  return loopback ? undefined : host
}
