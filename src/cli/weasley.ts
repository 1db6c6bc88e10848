#!/usr/bin/env node
// The `weasley-clock` command: serve (what `npm start` runs), simulate, check-config, hash-password.

import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { ConfigError } from '../adapters/config/load-config.js'
import { runPlaces, runReportLocation } from './admin-client.js'
import { runAdminToken, runCheckConfig, runHashPassword } from './config-commands.js'
import { runDoctor } from './doctor.js'
import { runMosquittoConfig } from './mosquitto-config.js'
import { runProvision } from './provision.js'
import { runHost, runServe } from './serve.js'
import { runSimulate } from './simulate.js'

const USAGE = `Usage: weasley-clock <command> [options]

Commands:
  serve            run the clock: embedded broker, web clock, state in SQLite (default)
  host             several families in one process on one broker: weasley-clock host a.json b.json …
                   (broker ports and certificate from the first config; --data-dir for broker state, default ./data/host)
  simulate         publish realistic OwnTracks traffic to a broker, for testing without phones
  check-config     validate a config file and list every problem
  doctor           check config, certificates and the broker connection, and name the fix
  hash-password    print a passwordHash for a device (reads the password from stdin)
  provision        set a phone up in one scan: weasley-clock provision <member> [--device ID]
  admin-token      make a new admin token for the setup page (the old one stops working)
  mosquitto-config write a Mosquitto 2.0 setup (conf, hashed passwords, ACL) for the family: --out DIR
  places push      send members' places to their phones now: weasley-clock places push [member] --token T
  report-location  ask a member's phones for a fix now: weasley-clock report-location <member> --token T

serve options:
  --config FILE        config file (.json or .js); default: ./weasley.config.json if present, else the demo family
  --data-dir DIR       where state, certificates and credentials live (default: ./data)
  --http-port N        web clock port (default 8080; 0 = any free port)
  --mqtt-port N        plain MQTT port on 127.0.0.1 (default 1883)
  --mqtts-port N       MQTT over TLS port for phones (default 8883)
  --demo               simulate the family's phones so hands move at once
  --debug              log every message (never passwords; coordinates only at this level)

provision options:
  --device ID          which of the member's devices (default: the first)
  --host NAME          the broker's name as the phone reaches it (default: broker.publicHosts[0], else this host)
  --port N             the TLS port as the phone reaches it (default: broker.mqttsPort)
  --config, --data-dir as for serve

simulate options:
  --url URL            broker URL, e.g. mqtts://localhost:8883 (default mqtt://127.0.0.1:1883)
  --family NAME        the family (uniqueId) topic level
  --device ID:PASSWORD a device to simulate (repeat for several)
  --ca FILE            CA certificate for mqtts:// (e.g. data/tls/ca.crt)
  --config FILE        take family, places and devices from a config file
  --count N            messages to publish before stopping (default 200)
  --interval MS        pause between messages (default 1000)
  --seed N             replay the same day`

/** Folder of this file at run time: dist/ for the bundle, src/cli/ under tsx. */
export const PACKAGE_ROOT = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url))
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir)
  return dir
})()

async function main(argv: string[]): Promise<number> {
  const [command = 'serve', ...rest] = argv[0]?.startsWith('-') ? ['serve', ...argv] : argv
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: ['provision', 'places', 'report-location', 'host'].includes(command),
    options: {
      config: { type: 'string' },
      'data-dir': { type: 'string' },
      'http-port': { type: 'string' },
      'mqtt-port': { type: 'string' },
      'mqtts-port': { type: 'string' },
      demo: { type: 'boolean' },
      debug: { type: 'boolean' },
      url: { type: 'string' },
      family: { type: 'string' },
      device: { type: 'string', multiple: true },
      ca: { type: 'string' },
      count: { type: 'string' },
      interval: { type: 'string' },
      seed: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      token: { type: 'string' },
      out: { type: 'string' },
      cert: { type: 'string' },
      key: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help || command === 'help') {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }
  switch (command) {
    case 'serve':
      return runServe(values, PACKAGE_ROOT)
    case 'host':
      return runHost(values, positionals, PACKAGE_ROOT)
    case 'simulate':
      return runSimulate(values)
    case 'check-config':
      return runCheckConfig(values)
    case 'hash-password':
      return runHashPassword()
    case 'provision':
      return runProvision(values, positionals)
    case 'admin-token':
      return runAdminToken(values)
    case 'places':
      return runPlaces(values, positionals)
    case 'mosquitto-config':
      return runMosquittoConfig(values)
    case 'doctor':
      return runDoctor(values)
    case 'report-location':
      return runReportLocation(values, positionals)
    default:
      process.stderr.write(`weasley-clock: unknown command "${command}"\n\n${USAGE}\n`)
      return 2
  }
}

// `weasley-clock provision … | head` closes the pipe early: that is the reader's choice, not an error.
// The clock itself (serve, host) keeps running without its log (which goes to stderr) rather than stop
// without a clean shutdown (a log reader restarting, `npm start 2>&1 | head`).
const first = process.argv[2]
const keepsRunning = first === undefined || first.startsWith('-') || first === 'serve' || first === 'host'
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error
    if (!keepsRunning) process.exit(0)
  })

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exitCode = code
  },
  (error: unknown) => {
    const e = error as NodeJS.ErrnoException & { port?: number; address?: string }
    if (error instanceof ConfigError) process.stderr.write(`weasley-clock: ${error.message}\n`)
    else if (e.code === 'EADDRINUSE') {
      process.stderr.write(
        `weasley-clock: port ${e.port} on ${e.address} is already in use (is the clock running already?); stop that program or pick another port with --http-port, --mqtt-port or --mqtts-port\n`,
      )
    } else process.stderr.write(`weasley-clock: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exitCode = error instanceof ConfigError ? 78 : 1
  },
)
