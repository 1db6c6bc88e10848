// `weasley-clock doctor`: checks the config, the certificates and the broker, and names the fix.

import { X509Certificate } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import path from 'node:path'
import { connect as connectTls, type TLSSocket } from 'node:tls'
import mqtt from 'mqtt'
import {
  type Diagnosis,
  diagnoseConnectError,
  diagnoseSubscribe,
  hungUpHint,
} from '../adapters/broker/diagnose.js'
import { clientOptionsOf } from '../adapters/broker/external-client-options.js'
import type { ClockConfig, ExternalBrokerConfig } from '../adapters/config/config-types.js'
import { safeUrl } from '../adapters/log/safe-url.js'
import { certificateCovers } from '../adapters/tls/read-certificate.js'
import { type CliValues, configOf, readableFiles } from './options.js'

export interface Check {
  name: string
  diagnosis: Diagnosis
}

/** How doctor connects: as the clock does (TLS files, AWS IoT's ALPN on port 443…), leaving no session. */
export function doctorClientOptions(b: ExternalBrokerConfig, timeoutMs: number): mqtt.IClientOptions {
  // Never the clock's own id: that would take over its session and acknowledge what waits for it.
  // Cloud policies name the ids they let in: "<clientId>-doctor" (README, cloud brokers).
  const clientId = b.clientId === undefined ? `weasley-doctor-${process.pid}` : `${b.clientId}-doctor`
  return { ...clientOptionsOf(b, clientId), clean: true, connectTimeout: timeoutMs }
}

export async function checkBroker(config: ClockConfig, timeoutMs = 8_000): Promise<Check[]> {
  if (config.broker.kind === 'embedded') return checkEmbedded(config)
  const b = config.broker
  const target = {
    url: b.url,
    ...(b.username === undefined ? {} : { username: b.username }),
    ...(b.password === undefined ? {} : { hasPassword: true }),
    ...(b.caFile === undefined ? {} : { caFile: b.caFile }),
  }
  let options: mqtt.IClientOptions
  try {
    options = doctorClientOptions(b, timeoutMs)
  } catch (error) {
    return [
      {
        name: 'TLS files',
        diagnosis: {
          ok: false,
          problem: (error as Error).message,
          fix: 'check broker.caFile / certFile / keyFile',
        },
      },
    ]
  }
  let client: mqtt.MqttClient
  try {
    // Not retried: a broker that closes the connection without a CONNACK is a finding, not a wait.
    client = await mqtt.connectAsync(b.url, options, false)
  } catch (error) {
    const diagnosis = diagnoseConnectError(error, target)
    // A cloud broker's policy names the client ids it lets in, and doctor's is not the clock's.
    if (diagnosis.problem?.endsWith('closed the connection without answering the login'))
      diagnosis.fix =
        b.profile === 'losant'
          ? `doctor logged in as "${options.clientId}", which Losant refuses unless a device has that id: register one to check the login this way, or look at the clock's own log, which says whether its login works`
          : `doctor logged in as "${options.clientId}"${b.clientId === undefined ? '' : " (the clock's id with -doctor)"}: ${hungUpHint(b.profile, String(options.clientId), b.url)}`
    return [{ name: `connect to ${safeUrl(target.url)}`, diagnosis }]
  }
  const checks: Check[] = [{ name: 'connect and log in', diagnosis: { ok: true } }]
  const expiry = certificateExpiry(client, b)
  if (expiry) checks.push(expiry)
  const topic = `owntracks/${config.settings.family}/#`
  try {
    const granted = await client.subscribeAsync(topic, { qos: 1 })
    const answer = diagnoseSubscribe(topic, granted[0]?.qos, b.username)
    // Mosquitto grants a subscription its ACL denies and then delivers nothing: prove it by delivery.
    const diagnosis = answer.ok ? await probeDelivery(client, config.settings.family, b.username) : answer
    checks.push({ name: `read ${topic}`, diagnosis })
  } catch {
    checks.push({ name: `read ${topic}`, diagnosis: diagnoseSubscribe(topic, undefined, b.username) })
  } finally {
    await client.endAsync(true)
  }
  return checks
}

/** Warned this long before the broker's certificate expires. */
const CERTIFICATE_WARNING_DAYS = 30

/**
 * The certificate a TLS broker showed, when it expires within a month. A Mosquitto given the clock's
 * own certificate by `mosquitto-config` keeps that copy until the command is run again.
 */
function certificateExpiry(client: mqtt.MqttClient, b: ExternalBrokerConfig): Check | undefined {
  const stream = client.stream as Partial<TLSSocket>
  const validTo = stream.getPeerCertificate?.()?.valid_to
  if (!validTo) return undefined
  const daysLeft = Math.floor((new Date(validTo).getTime() - Date.now()) / 86_400_000)
  if (!(daysLeft < CERTIFICATE_WARNING_DAYS)) return undefined
  return {
    name: "the broker's certificate",
    diagnosis: {
      ok: false,
      problem: `expires in ${daysLeft} days (${validTo}): the clock and the phones will refuse it then`,
      fix:
        b.profile === 'mosquitto'
          ? 'if it is the one `weasley-clock mosquitto-config` wrote, run that command again (it re-issues the certificate in its last month) and restart Mosquitto; otherwise renew it (certbot renew)'
          : "renew the broker's certificate",
    },
  }
}

/** Sends a command to a device that does not exist and waits for it to come back through the subscription. */
async function probeDelivery(
  client: mqtt.MqttClient,
  family: string,
  username: string | undefined,
  waitMs = 2_000,
): Promise<Diagnosis> {
  const probeTopic = `owntracks/${family}/weasley-doctor/cmd`
  const arrived = new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), waitMs)
    client.on('message', (topic) => {
      if (topic === probeTopic) {
        clearTimeout(timer)
        resolve(true)
      }
    })
  })
  await client
    .publishAsync(probeTopic, JSON.stringify({ _type: 'cmd', action: 'doctor-probe' }), { qos: 1 })
    .catch(() => undefined)
  if (await arrived) return { ok: true }
  return {
    ok: false,
    problem: `a test command to ${probeTopic} never came back: the broker's ACL keeps the clock from reading the family or writing commands`,
    fix: `allow both, e.g. for Mosquitto: "user ${username ?? '<clock user>'}", "topic read owntracks/${family}/#", "topic write owntracks/${family}/+/cmd"`,
  }
}

async function checkEmbedded(config: ClockConfig): Promise<Check[]> {
  const b = config.broker
  if (b.kind !== 'embedded') return []
  const checks: Check[] = []
  const certFile = b.certFile ?? path.join(config.dataDir, 'tls', 'server.crt')
  if (existsSync(certFile)) {
    const cert = new X509Certificate(readFileSync(certFile))
    // Matched as a phone matches it: names whatever the case, IPv6 addresses however written.
    const missing = b.publicHosts.filter((h) => !certificateCovers(certFile, h))
    checks.push({
      name: `certificate ${certFile}`,
      diagnosis:
        new Date(cert.validTo).getTime() < Date.now()
          ? {
              ok: false,
              problem: `expired on ${cert.validTo}`,
              fix: b.certFile ? 'renew it (certbot renew)' : 'delete it; the clock issues a new one at start',
            }
          : missing.length > 0
            ? {
                ok: false,
                problem: `does not name ${missing.join(', ')}`,
                fix: b.certFile
                  ? 'issue it with these names'
                  : 'start the clock once: it re-issues the certificate with broker.publicHosts',
              }
            : { ok: true },
    })
  } else {
    checks.push({
      name: 'certificate',
      diagnosis: { ok: true, problem: `none yet at ${certFile}; the clock creates it at first start` },
    })
  }
  // A port in use may be this very clock, running: its TLS port then shows the clock's certificate.
  const tlsPort = await portFree(b.mqttsHost, b.mqttsPort)
  const running =
    !tlsPort.ok &&
    existsSync(certFile) &&
    (await servesCertificate(b.mqttsHost, b.mqttsPort, certFile, b.certFile ? undefined : caFileOf(config)))
  const inUseByClock: Diagnosis = { ok: true, problem: 'in use by this clock, which is running' }
  checks.push({ name: `port ${b.mqttsPort} on ${b.mqttsHost}`, diagnosis: running ? inUseByClock : tlsPort })
  const plainPort = await portFree(b.mqttHost, b.mqttPort)
  checks.push({
    name: `port ${b.mqttPort} on ${b.mqttHost}`,
    diagnosis: running && !plainPort.ok ? inUseByClock : plainPort,
  })
  return checks
}

function portFree(host: string, port: number): Promise<Diagnosis> {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', (error: NodeJS.ErrnoException) =>
      resolve(
        error.code === 'EADDRINUSE'
          ? {
              ok: false,
              problem: 'already in use (is the clock, or another broker, running?)',
              fix: 'stop the other program, or give the clock other ports (broker.mqttsPort / broker.mqttPort)',
            }
          : {
              ok: false,
              problem: error.message,
              fix:
                error.code === 'EACCES'
                  ? 'ports below 1024 need privileges: use 8883/1883'
                  : 'check broker.mqttHost / mqttsHost',
            },
      ),
    )
    server.listen(port, host, () => server.close(() => resolve({ ok: true })))
  })
}

const caFileOf = (config: ClockConfig) => path.join(config.dataDir, 'tls', 'ca.crt')

/**
 * Whether what listens on host:port is a TLS server presenting the certificate in certFile, checked as a
 * phone checks it: signed by the clock's CA (`caFile`) or a CA this machine trusts, for a name it has.
 */
function servesCertificate(host: string, port: number, certFile: string, caFile?: string): Promise<boolean> {
  const expected = new X509Certificate(readFileSync(certFile))
  const name = /DNS:([^,\s]+)/.exec(expected.subjectAltName ?? '')?.[1] ?? 'localhost'
  const address = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host
  return new Promise((resolve) => {
    const socket = connectTls({
      host: address,
      port,
      servername: name,
      ...(caFile && existsSync(caFile) ? { ca: readFileSync(caFile) } : {}),
      timeout: 3_000,
    })
    const done = (same: boolean) => {
      socket.destroy()
      resolve(same)
    }
    socket.once('secureConnect', () => {
      // Closed politely once its side of the handshake has gone out: destroyed at once, the clock's log
      // would show the check as a failed handshake.
      socket.end()
      resolve(socket.getPeerCertificate().raw?.equals(expected.raw) ?? false)
    })
    socket.once('error', () => done(false))
    socket.once('timeout', () => done(false))
  })
}

export async function runDoctor(values: CliValues): Promise<number> {
  const { file, config } = await configOf(values)
  // Certificate files the config names that cannot be read stop `serve`: listed here too, not passed.
  if (file) readableFiles(config, file)
  const say = (line: string) => process.stdout.write(`${line}\n`)
  say(
    `Config ${file ?? '(demo)'}: valid — family "${config.settings.family}", ${config.devices.length} device(s), ${config.broker.kind} broker`,
  )
  const checks = await checkBroker(config)
  for (const { name, diagnosis } of checks) {
    say(`${diagnosis.ok ? 'ok  ' : 'FAIL'} ${name}${diagnosis.problem ? `: ${diagnosis.problem}` : ''}`)
    if (!diagnosis.ok && diagnosis.fix) say(`     fix: ${diagnosis.fix}`)
  }
  return checks.every((c) => c.diagnosis.ok) ? 0 : 1
}
