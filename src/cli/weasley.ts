#!/usr/bin/env node
// The `weasley-clock` command: serve (what `npm start` runs), simulate, check-config, hash-password.

import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { ConfigError } from '../adapters/config/load-config.js'
import { runPlaces, runReplay, runReportLocation } from './admin-client.js'
import { COMMANDS, commandHelp, didYouMean, foreignOptions, OPTIONS, overallHelp } from './commands.js'
import { runAdminToken, runCheckConfig, runHashPassword } from './config-commands.js'
import { runDoctor } from './doctor.js'
import { runJournal } from './journal-command.js'
import { runMosquittoConfig } from './mosquitto-config.js'
import { runProvision } from './provision.js'
import { runHost, runServe } from './serve.js'
import { runSimulate } from './simulate.js'

/** Folder of this file at run time: dist/ for the bundle, src/cli/ under tsx. */
export const PACKAGE_ROOT = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url))
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir)
  return dir
})()

async function main(argv: string[]): Promise<number> {
  const [command = 'serve', ...rest] = argv[0]?.startsWith('-') ? ['serve', ...argv] : argv
  const usageError = (problem: string, help: string) => {
    process.stderr.write(`weasley-clock: ${problem}\n\n${help}\n`)
    return 2
  }
  if (command === 'help' || argv[0] === '--help' || argv[0] === '-h') {
    // `weasley-clock help provision` is `weasley-clock provision --help`.
    const about = command === 'help' ? rest[0] : undefined
    const asked = about === undefined ? undefined : COMMANDS[about]
    process.stdout.write(`${asked && about ? commandHelp(about, asked) : overallHelp()}\n`)
    return 0
  }
  const spec = COMMANDS[command]
  if (!spec) return usageError(`unknown command "${command}"${didYouMean(command)}`, overallHelp())
  let parsed: ReturnType<
    typeof parseArgs<{ args: string[]; options: typeof OPTIONS; allowPositionals: true }>
  >
  try {
    parsed = parseArgs({ args: rest, allowPositionals: spec.positionals, options: OPTIONS })
  } catch (error) {
    // Node's own words ("Unknown option '--prot'", "Option '--port <value>' argument missing").
    return usageError(`${command}: ${(error as Error).message}`, commandHelp(command, spec))
  }
  const { values, positionals } = parsed
  if (values.help) {
    process.stdout.write(`${commandHelp(command, spec)}\n`)
    return 0
  }
  const foreign = foreignOptions(spec, values)
  if (foreign.length > 0)
    return usageError(
      `${command} does not take ${foreign.join(', ')}${spec.options.length === 0 ? ' (it takes no options)' : ''}`,
      commandHelp(command, spec),
    )
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
    case 'journal':
      return runJournal(values)
    case 'places':
      return runPlaces(values, positionals)
    case 'mosquitto-config':
      return runMosquittoConfig(values, positionals)
    case 'doctor':
      return runDoctor(values)
    case 'report-location':
      return runReportLocation(values, positionals)
    case 'replay':
      return runReplay(values)
    default:
      return usageError(`unknown command "${command}"`, overallHelp())
  }
}

// `weasley-clock provision … | head` closes the pipe early: that is the reader's choice, not an error.
// The clock itself (serve, host) keeps running without its log (which goes to stderr) rather than stop
// without a clean shutdown: a log reader restarting (`npm start 2>&1 | head`), a log file's disk full
// (ENOSPC), a terminal gone (EIO). Losing log lines beats losing every family's clock.
const first = process.argv[2]
const keepsRunning = first === undefined || first.startsWith('-') || first === 'serve' || first === 'host'
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (keepsRunning) return
    if (error.code !== 'EPIPE') throw error
    process.exit(0)
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
