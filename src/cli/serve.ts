// `weasley-clock serve`: load the config (or the demo family), start everything, say where it is.

import { existsSync, readFileSync } from 'node:fs'
import { networkInterfaces } from 'node:os'
import path from 'node:path'
import { adminTokenFile } from '../adapters/auth/admin-token.js'
import { newPasswordsFile } from '../adapters/auth/new-passwords.js'
import type { ClockConfig } from '../adapters/config/config-types.js'
import { DEMO_CONFIG } from '../adapters/config/demo-config.js'
import {
  ConfigError,
  type ConfigOverrides,
  loadConfigFile,
  parseConfig,
} from '../adapters/config/load-config.js'
import { createConsoleLogger } from '../adapters/log/logger.js'
import type { TlsFiles } from '../adapters/tls/certificates.js'
import { fingerprintsOf } from '../adapters/tls/read-certificate.js'
import { type RunningClock, startClock } from '../app/start-clock.js'
import { startHost } from '../app/start-host.js'
import { isExampleName } from '../core/provisioning.js'
import { createSimulation } from '../core/simulation.js'
import { type CliValues, configFileOf, overridesOf, portOption, readableFiles } from './options.js'
import { devicePlaces } from './simulate.js'

const DEMO_STEP_MS = 2_500

export async function runServe(values: CliValues, packageRoot: string): Promise<number> {
  const overrides = overridesOf(values)

  const file = configFileOf(values)
  const config: ClockConfig = file
    ? readableFiles(await loadConfigFile(file, overrides), file)
    : { ...parseConfig(DEMO_CONFIG, overrides, 'demo config'), demo: true }
  const demo = config.demo || values.demo === true
  if (values.debug) config.debug = true

  const logger = createConsoleLogger({ level: config.debug ? 'debug' : 'info', secrets: secretsOf(config) })
  const say = (line = '') => process.stdout.write(`${line}\n`)

  const clock = await startClock(config, { logger, webRoot: path.join(packageRoot, 'dist', 'web') })
  for (const g of clock.generatedPasswords) logger.addSecret(g.password)
  if (clock.newAdminToken) logger.addSecret(clock.newAdminToken)

  say(`Weasley Clock for family "${config.settings.family}"${file ? ` (config ${file})` : ''}`)
  if (!file) say('No config file given: running the demo family (see weasley.example.json to make your own).')
  say(`  Web clock:   ${clock.httpUrl}`)
  if (clock.broker.kind === 'embedded') {
    const b = config.broker.kind === 'embedded' ? config.broker : undefined
    say(`  MQTT (TLS):  port ${clock.broker.mqttsPort} on ${b?.mqttsHost} — for phones`)
    say(`  MQTT:        port ${clock.broker.mqttPort} on ${b?.mqttHost} — plain, for local tools`)
    if (clock.broker.caCertFile) {
      say(
        `  CA cert:     ${path.resolve(clock.broker.caCertFile)} (${CA_NOTES[clock.broker.certAction ?? 'reused']})`,
      )
      say(caFingerprintLine(clock.broker.caCertFile))
    }
    say(`  Certificate names: ${clock.broker.certNames.join(', ')}`)
    for (const name of (b?.publicHosts ?? []).filter(isExampleName))
      say(
        `  Warning:     broker.publicHosts has "${name}", a placeholder: put the name or address phones reach this machine by`,
      )
  } else {
    say(`  Broker:      ${clock.broker.url}`)
  }
  say(`  Phone setup: ${clock.httpUrl}setup${adminTokenNote(config.dataDir, clock)}`)
  const lan = clock.httpUrl ? lanUrls(config.http.host, Number(new URL(clock.httpUrl).port || 80)) : []
  if (lan.length > 0) {
    say(`  On the LAN:  ${lan.join('  ')}`)
    say(
      '               (plain HTTP: the setup page shows phone passwords and takes the admin token, so use it on a network you trust, or put a TLS proxy in front)',
    )
  }
  say(`  Data:        ${path.resolve(config.dataDir)}`)
  sayNewPasswords(config.dataDir, clock, say)
  if (demo) startDemo(clock, config)
  say()

  await untilStopped(logger)
  await clock.close()
  return 0
}

/**
 * `weasley-clock host a.json b.json …`: several families in one process on one embedded broker.
 * Broker ports and certificate come from the first config (or --mqtt-port/--mqtts-port); broker sessions
 * and generated certificates live in --data-dir (default ./data/host); each family keeps its own dataDir.
 */
export async function runHost(values: CliValues, files: string[], packageRoot: string): Promise<number> {
  if (files.length === 0)
    throw new Error('host needs one config file per family: weasley-clock host a.json b.json')
  const overrides: ConfigOverrides = {}
  const mqttPort = portOption(values['mqtt-port'], '--mqtt-port')
  const mqttsPort = portOption(values['mqtts-port'], '--mqtts-port')
  if (mqttPort !== undefined) overrides.mqttPort = mqttPort
  if (mqttsPort !== undefined) overrides.mqttsPort = mqttsPort
  const configs: ClockConfig[] = []
  // Every file's problems, not only the first's: fixing one at a time and starting again is slow.
  const refused: ConfigError[] = []
  for (const file of files) {
    try {
      configs.push(await loadConfigFile(file, overrides))
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error
      refused.push(error)
    }
  }
  if (refused.length === 1) throw refused[0]
  if (refused.length > 1)
    throw new ConfigError(
      `${refused.length} of the config files`,
      refused.flatMap((e) => e.problems.map((p) => ({ ...p, path: `${e.source}: ${p.path}` }))),
    )
  // The broker (and its certificate) is the first config's.
  if (configs[0] && files[0]) readableFiles(configs[0], files[0])
  // One log for the process: a family's `debug: true` turns it on for all, as --debug does.
  const logger = createConsoleLogger({
    level: values.debug || configs.some((c) => c.debug) ? 'debug' : 'info',
    secrets: configs.flatMap(secretsOf),
  })
  const say = (line = '') => process.stdout.write(`${line}\n`)
  const sayFamily = (config: ClockConfig, clock: RunningClock) => {
    say(
      `  ${config.settings.family}: ${clock.httpUrl || '(no web clock)'}  data ${path.resolve(config.dataDir)}${adminTokenNote(config.dataDir, clock)}`,
    )
    sayNewPasswords(config.dataDir, clock, say)
  }
  let listed = false
  const host = await startHost(configs, {
    logger,
    webRoot: path.join(packageRoot, 'dist', 'web'),
    dataDir: values['data-dir'] ?? path.join('data', 'host'),
    onFamilyStarted: ({ config, clock }) => {
      if (!clock) return
      for (const g of clock.generatedPasswords) logger.addSecret(g.password)
      if (clock.newAdminToken) logger.addSecret(clock.newAdminToken)
      // A family that starts only when tried again is told of as it comes.
      if (listed) sayFamily(config, clock)
    },
  })
  say(`Weasley Clock hosting ${configs.length} families`)
  say(
    `  MQTT (TLS):  port ${host.broker.mqttsPort} — for every family's phones (log in as <family>/<username>)`,
  )
  say(`  MQTT:        port ${host.broker.mqttPort} — plain, for local tools`)
  if (host.broker.caCertFile) {
    say(`  CA cert:     ${path.resolve(host.broker.caCertFile)}`)
    say(caFingerprintLine(host.broker.caCertFile))
  }
  for (const { config, clock, error } of host.families) {
    if (clock) sayFamily(config, clock)
    else say(`  ${config.settings.family}: NOT RUNNING: ${error} (tried again, later and later)`)
  }
  listed = true
  await untilStopped(logger)
  await host.close()
  return 0
}

/** What a phone's certificate details must show for the CA it installed (a swapped one would differ). */
const caFingerprintLine = (caCertFile: string): string =>
  `  CA SHA-256:  ${fingerprintsOf(readFileSync(caCertFile, 'utf8')).join(', ')} (compare it with the phone's certificate details)`

export function secretsOf(config: ClockConfig): string[] {
  return [
    ...config.devices.flatMap((d) => [d.password ?? '', d.encryptionKey ?? '']),
    config.encryptionKey ?? '',
    ...(config.broker.kind === 'embedded'
      ? [config.broker.clockPassword ?? '']
      : [config.broker.password ?? '']),
  ]
}

/**
 * Where a new admin token is: in its file, and on the screen when there is one (never in a service
 * manager's log; a container started with a terminal, `docker run -t`, keeps its output too).
 */
function adminTokenNote(dataDir: string, clock: RunningClock): string {
  if (!clock.newAdminToken) return ''
  const file = adminTokenFile(dataDir)
  return process.stdout.isTTY
    ? `  (admin token: ${clock.newAdminToken}, also in ${file})`
    : `  (admin token in ${file}, readable only by you)`
}

/** Where the passwords are that phones still need: made now, or on an earlier start (one that failed). */
function sayNewPasswords(dataDir: string, clock: RunningClock, say: (line: string) => void): void {
  const file = newPasswordsFile(dataDir)
  if (clock.generatedPasswords.length > 0)
    say(
      `  New MQTT passwords for ${clock.generatedPasswords.length} account(s) are in ${file} (readable only by you).`,
    )
  else if (existsSync(file))
    say(`  MQTT passwords still to set up are in ${file}: delete it once the phones have them.`)
}

/**
 * Resolves at the first SIGINT, SIGTERM or (in a terminal) SIGHUP. The handlers stay: a second signal while the clock
 * closes (Ctrl-C reaches node from the terminal and again through npm) would otherwise kill it halfway
 * through, its database and broker state not closed. A third, given on purpose, stops it at once.
 */
export function untilStopped(
  logger: { log(level: 'info' | 'warn', message: string): void },
  signals: Pick<NodeJS.EventEmitter, 'on'> = process,
  exit: (code: number) => void = (code) => process.exit(code),
): Promise<void> {
  return new Promise<void>((resolve) => {
    let received = 0
    const stop = (signal: NodeJS.Signals) => {
      received++
      if (received === 1) {
        logger.log('info', `${signal}: stopping`)
        resolve()
      } else if (received === 2) {
        logger.log('info', `${signal} again: still stopping (a third stops at once, without closing cleanly)`)
      } else {
        logger.log('warn', `${signal} a third time: stopping at once`)
        exit(130)
      }
    }
    // SIGHUP only from a terminal: `nohup` keeps a clock running past the logout by ignoring it, which a
    // handler would undo.
    const hangUp = process.stdout.isTTY || process.stdin.isTTY ? (['SIGHUP'] as const) : []
    for (const signal of ['SIGINT', 'SIGTERM', ...hangUp] as const) signals.on(signal, () => stop(signal))
  })
}

function startDemo(clock: RunningClock, config: ClockConfig): void {
  const simulation = createSimulation({
    family: config.settings.family,
    deviceIds: config.devices.map((d) => d.deviceId),
    places: config.settings.places,
    placesFor: devicePlaces(config),
    seed: Date.now() % 100_000,
  })
  const step = () => {
    for (const m of simulation.step(Math.floor(Date.now() / 1000))) {
      clock.inject({ topic: m.topic, payload: Buffer.from(m.payload), receivedAtMs: Date.now() })
    }
  }
  for (let i = 0; i < config.devices.length; i++) step()
  setInterval(step, DEMO_STEP_MS).unref()
  process.stdout.write('  Demo:        simulated phones are moving the hands every few seconds.\n')
}

/** The web clock's addresses on this machine's networks, when it listens on more than loopback. */
export function lanUrls(host: string, port: number): string[] {
  const everywhere = host === '0.0.0.0' || host === '::'
  let interfaces: ReturnType<typeof networkInterfaces>
  try {
    interfaces = networkInterfaces()
  } catch {
    // Android's Termux refuses to list them: the clock runs on, its LAN address unsaid.
    return []
  }
  const addresses = Object.values(interfaces)
    .flat()
    .filter((a) => a !== undefined && !a.internal && (a.family === 'IPv4' || host === '::'))
    .map((a) => (a as { address: string }).address)
    .filter((a) => !a.startsWith('fe80:'))
  const shown = everywhere ? addresses : addresses.filter((a) => a === host)
  return shown.map((a) => `http://${a.includes(':') ? `[${a}]` : a}:${port}/`)
}

/** What a start did to the clock's certificates, as the phones' owner needs to hear it. */
const CA_NOTES: Record<TlsFiles['action'], string> = {
  generated: 'new: install it on every phone',
  reissued: 'unchanged, phones keep it; the server certificate was renewed for its names',
  reused: 'phones need it installed once',
}
