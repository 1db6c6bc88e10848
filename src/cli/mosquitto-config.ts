// `weasley-clock mosquitto-config --out DIR [FAMILY.json …]`: the Mosquitto 2.0 setup of a family, or of
// several families on one broker, ready to drop in.

import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { generatePassword } from '../adapters/auth/passwords.js'
import type { ConfigProblem } from '../adapters/config/config-reader.js'
import type { ClockConfig } from '../adapters/config/config-types.js'
import { ConfigError, DEFAULTS, loadConfigFile } from '../adapters/config/load-config.js'
import { portWritten } from '../adapters/config/read-broker.js'
import { writePrivateFile } from '../adapters/files/private-file.js'
import { safeUrl } from '../adapters/log/safe-url.js'
import {
  accountClashes,
  type ClockListener,
  type MosquittoFamily,
  mosquittoFiles,
  readPasswordsFile,
} from '../adapters/mosquitto/mosquitto-config.js'
import { defaultCertificateNames, ensureCertificates } from '../adapters/tls/certificates.js'
import { type CliValues, configOf, connectPortOption, overridesOf } from './options.js'

export interface GeneratedMosquitto {
  dir: string
  /** Passwords created for accounts the config gives none (also written to new-passwords.txt). */
  generated: Map<string, string>
  /** Accounts the config gives no password whose hash was kept from the passwords file already there. */
  kept: string[]
  /** The files written, by name. */
  written: string[]
  /** Each family's clock account on the broker, by family. */
  clockUsernames: Map<string, string>
  /** Accounts the passwords file there had that none of the families given has: no longer in it. */
  dropped: string[]
  /** What the user must set up by hand (a clock's url that names no port). */
  notes: string[]
}

/**
 * The port Mosquitto's TLS listener takes unless --port says: the one an mqtts:// broker.url names
 * (the clock connects there), else 8883.
 */
function listenerPortOf(config: ClockConfig): number {
  if (config.broker.kind !== 'external') return 8883
  const url = new URL(config.broker.url)
  return url.protocol === 'mqtts:' && url.port !== '' ? Number(url.port) : 8883
}

/**
 * The listeners the clocks' broker.url name besides the phones' TLS one: plain MQTT for a clock on the
 * broker's own machine (mqtt://localhost:1883, the obvious choice on a Pi), WebSockets for ws:// and
 * wss://. Without one, the clock would find nothing listening where its url points. A url that needs
 * what a port already gives otherwise is a problem; one that names no port (a WebSocket behind a web
 * server) gets no listener and a note.
 */
export function clockListenersOf(
  configs: readonly ClockConfig[],
  phonesPort: number,
): { listeners: ClockListener[]; problems: ConfigProblem[]; notes: string[] } {
  const phones: ClockListener = {
    port: phonesPort,
    protocol: 'mqtt',
    tls: true,
    url: `the phones' TLS listener`,
  }
  let listeners: ClockListener[] = [phones]
  const problems: ConfigProblem[] = []
  const notes: string[] = []
  for (const config of configs) {
    if (config.broker.kind !== 'external') continue
    const url = new URL(config.broker.url)
    const shown = safeUrl(config.broker.url)
    const tls = url.protocol === 'mqtts:' || url.protocol === 'wss:'
    const protocol = url.protocol.startsWith('ws') ? 'websockets' : 'mqtt'
    const written = portWritten(config.broker.url)
    if (written === undefined && protocol === 'websockets') {
      notes.push(
        `${shown} names no port: a web server in front of Mosquitto, presumably; give Mosquitto a WebSockets listener for it to pass on to (listener 9001, protocol websockets)`,
      )
      continue
    }
    const port = written !== undefined ? Number(written) : protocol === 'mqtt' && !tls ? 1883 : 8883
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
    // A url naming this machine's loopback: a plain listener there only, not on the network.
    const bind = tls
      ? undefined
      : host === 'localhost'
        ? '127.0.0.1'
        : /^127\.|^::1$/.test(host)
          ? host
          : undefined
    const wanted: ClockListener = { port, protocol, tls, url: shown, ...(bind ? { bind } : {}) }
    const onPort = listeners.filter((l) => l.port === port)
    const other = onPort.find((l) => l.protocol !== protocol || l.tls !== tls)
    if (other) {
      problems.push({
        path: `${config.settings.family}: broker.url`,
        message: `${shown} needs ${describe(wanted)} on port ${port}, which ${other.url} has as ${describe(other)}: give it another port`,
      })
      continue
    }
    const everywhere = onPort.find((l) => l.bind === undefined)
    // One on every address serves the loopback ones too; a loopback address of its own is added.
    if (everywhere) everywhere.url = everywhere === phones ? everywhere.url : `${everywhere.url} and ${shown}`
    else if (bind === undefined)
      listeners = [
        ...listeners.filter((l) => l.port !== port),
        { ...wanted, url: [...onPort.map((l) => l.url), shown].join(' and ') },
      ]
    else if (!onPort.some((l) => l.bind === bind)) listeners.push(wanted)
  }
  return { listeners: listeners.filter((l) => l !== phones), problems, notes }
}

const describe = (l: ClockListener): string =>
  `${l.protocol === 'websockets' ? 'WebSockets' : 'MQTT'} ${l.tls ? 'over TLS' : 'in plain'}`

const clockUsernameOf = (config: ClockConfig): string =>
  config.broker.kind === 'embedded'
    ? config.broker.clockUsername
    : (config.broker.username ?? DEFAULTS.clockUsername)

/**
 * Writes the setup of the families (their configs) for one Mosquitto. Throws a ConfigError, writing
 * nothing, when two families would share an account.
 */
export function writeMosquittoConfig(
  configs: ClockConfig | readonly ClockConfig[],
  out: string,
  options: { port?: number; certFile?: string; keyFile?: string; source?: string } = {},
): GeneratedMosquitto {
  const all: readonly ClockConfig[] = Array.isArray(configs) ? configs : [configs as ClockConfig]
  const [first] = all
  if (!first) throw new Error('no family to write a Mosquitto setup for')
  const families: MosquittoFamily[] = all.map((config) => ({
    config,
    clockUsername: clockUsernameOf(config),
  }))
  const port = options.port ?? listenerPortOf(first)
  const listeners = clockListenersOf(all, port)
  const clashes = [...accountClashes(families), ...listeners.problems]
  if (clashes.length > 0) throw new ConfigError(options.source ?? 'the families given', clashes)
  mkdirSync(out, { recursive: true, mode: 0o700 })
  const dir = path.resolve(out)
  // Run again (a device added), it keeps the password of every account the config gives none: those
  // phones and the clock were set up with it. Deleting an account's line gives it a new one.
  // Accounts a run dropped are set aside (DROPPED), not lost: a family left out once by mistake gets
  // its passwords back when it is given again.
  const droppedBefore = readIfThere(path.join(dir, DROPPED), readPasswordsFile)
  const before = new Map([...droppedBefore, ...readIfThere(path.join(dir, 'passwords'), readPasswordsFile)])
  const unsaid = readIfThere(path.join(dir, NEW_PASSWORDS), readNewPasswords)
  const generated = new Map<string, string>()
  const kept: string[] = []
  const passwords = new Map<string, { plain: string } | { hash: string }>()
  const passwordFor = (user: string, configured: string | undefined) => {
    const hash = before.get(user)
    if (configured !== undefined) {
      passwords.set(user, { plain: configured })
    } else if (hash !== undefined) {
      passwords.set(user, { hash })
      kept.push(user)
    } else {
      const password = generatePassword()
      generated.set(user, password)
      passwords.set(user, { plain: password })
    }
  }
  for (const { config, clockUsername } of families) {
    for (const d of config.devices) passwordFor(d.deviceId, d.password)
    passwordFor(
      clockUsername,
      config.broker.kind === 'embedded' ? config.broker.clockPassword : config.broker.password,
    )
  }

  let tls: { caFile?: string; certFile: string; keyFile: string }
  if (options.certFile && options.keyFile) {
    tls = { certFile: path.resolve(options.certFile), keyFile: path.resolve(options.keyFile) }
  } else {
    // Our own CA (the one the embedded broker uses; the first family's), copied next to the config, with
    // a certificate for every name the clocks and phones reach the broker by (each broker.url among them).
    const names = [
      ...new Set(
        all.flatMap((config) =>
          config.broker.kind === 'embedded'
            ? config.broker.publicHosts
            : [
                new URL(config.broker.url).hostname.replace(/^\[(.*)\]$/, '$1'),
                ...(config.broker.publicHosts ?? []),
              ],
        ),
      ),
    ]
    const files = ensureCertificates(path.join(first.dataDir, 'tls'), defaultCertificateNames(names))
    for (const [from, to] of [
      [files.caCertFile, 'ca.crt'],
      [files.certFile, 'server.crt'],
      [files.keyFile, 'server.key'],
    ] as const) {
      copyFileSync(from, path.join(dir, to))
    }
    tls = {
      caFile: path.join(dir, 'ca.crt'),
      certFile: path.join(dir, 'server.crt'),
      keyFile: path.join(dir, 'server.key'),
    }
  }
  const files = mosquittoFiles(families, { dir, port, tls, passwords, clockListeners: listeners.listeners })
  writeFileSync(path.join(dir, 'mosquitto.conf'), files['mosquitto.conf'])
  writePrivateFile(path.join(dir, 'passwords'), files.passwords)
  writeFileSync(path.join(dir, 'acl'), files.acl)
  const written = ['mosquitto.conf', 'passwords', 'acl']
  if (tls.caFile) written.push('ca.crt', 'server.crt', 'server.key')
  // The passwords an earlier run wrote there and nobody has deleted yet stay while they are still the
  // accounts' (not once the config gives one, or the account is gone): the file lists only what works.
  const stillToSet = new Map([...unsaid].filter(([user]) => kept.includes(user)))
  for (const [user, password] of generated) stillToSet.set(user, password)
  const newPasswords = path.join(dir, NEW_PASSWORDS)
  if (stillToSet.size > 0) {
    written.push(NEW_PASSWORDS)
    const lines = [...stillToSet].map(([user, pw]) => `${user}\t${pw}`).join('\n')
    writePrivateFile(
      newPasswords,
      `# username<TAB>password (set them on the phones, then delete this file)\n${lines}\n`,
    )
  } else {
    rmSync(newPasswords, { force: true })
  }
  const clockUsernames = new Map(families.map((f) => [f.config.settings.family, f.clockUsername]))
  const setAside = [...before].filter(([user]) => !passwords.has(user))
  if (setAside.length > 0)
    writePrivateFile(
      path.join(dir, DROPPED),
      `${setAside.map(([user, hash]) => `${user}:${hash}`).join('\n')}\n`,
    )
  else rmSync(path.join(dir, DROPPED), { force: true })
  const dropped = setAside.map(([user]) => user).filter((user) => !droppedBefore.has(user))
  return { dir, generated, kept, written, clockUsernames, dropped, notes: listeners.notes }
}

/**
 * The accounts and topics written, spelled exactly: Mosquitto compares both case by case, and the
 * config reads device ids in lowercase, so a phone set up as "Ann" would be refused or shut out.
 */
function accountLines(config: ClockConfig, clockUsername: string): string[] {
  const family = config.settings.family
  const width = Math.max(...[...config.devices.map((d) => d.deviceId), clockUsername].map((u) => u.length))
  return [
    'Accounts and topics, exactly as written (Mosquitto tells upper from lower case in both):',
    ...config.devices.map(
      (d) =>
        `  ${d.deviceId.padEnd(width)}  writes owntracks/${family}/${d.deviceId} (and its event, info, … subtopics), reads owntracks/${family}/#`,
    ),
    `  ${clockUsername.padEnd(width)}  the clock: reads owntracks/${family}/#, writes owntracks/${family}/+/cmd and weasley/${family}/#`,
    `  Device ids are written in lowercase: on each phone, Username and Device ID must be the id above in lowercase, letter for letter, and the base topic owntracks/${family}/%d.`,
  ]
}

const NEW_PASSWORDS = 'new-passwords.txt'
/** Password hashes of accounts a run left out, in Mosquitto's format: taken back when given again. */
const DROPPED = 'dropped-passwords'

function readIfThere<T>(file: string, parse: (text: string) => Map<string, T>): Map<string, T> {
  return existsSync(file) ? parse(readFileSync(file, 'utf8')) : new Map()
}

function readNewPasswords(text: string): Map<string, string> {
  const passwords = new Map<string, string>()
  for (const line of text.split('\n')) {
    const tab = line.indexOf('\t')
    if (!line.startsWith('#') && tab > 0) passwords.set(line.slice(0, tab), line.slice(tab + 1))
  }
  return passwords
}

export async function runMosquittoConfig(
  values: CliValues & { out?: string; cert?: string; key?: string },
  files: readonly string[] = [],
  say: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<number> {
  const out = values.out
  const usage = (problem?: string) => {
    if (problem) process.stderr.write(`weasley-clock mosquitto-config: ${problem}\n`)
    process.stderr.write(
      'usage: weasley-clock mosquitto-config --out DIR [FAMILY.json …] [--config FILE] [--port 8883] [--cert FILE --key FILE]\n',
    )
    return 2
  }
  if (!out) return usage()
  if (files.length > 0 && values.config !== undefined)
    return usage("give the families' config files as arguments, or one --config, not both")
  if ((values.cert === undefined) !== (values.key === undefined))
    return usage('--cert and --key go together (the certificate and its private key)')
  for (const [flag, f] of [
    ['--cert', values.cert],
    ['--key', values.key],
  ] as const)
    if (f !== undefined && !existsSync(f)) return usage(`${flag} ${f}: no such file`)
  const configs =
    files.length > 0
      ? await Promise.all(files.map((file) => loadConfigFile(file, overridesOf(values))))
      : [(await configOf(values)).config]
  // A listener on port 0 is refused by Mosquitto (it asks for a Unix socket then).
  const port = connectPortOption(values.port, '--port')
  const result = writeMosquittoConfig(configs, out, {
    ...(port === undefined ? {} : { port }),
    ...(values.cert && values.key ? { certFile: values.cert, keyFile: values.key } : {}),
    source: files.length > 0 ? files.join(', ') : (values.config ?? 'the config'),
  })
  const names = configs.map((c) => `"${c.settings.family}"`).join(', ')
  say(
    `Mosquitto setup for ${configs.length === 1 ? 'family' : 'families'} ${names} written to ${result.dir}:`,
  )
  say(`  ${result.written.join('  ')}`)
  for (const note of result.notes) say(`  Note: ${note}`)
  if (result.dropped.length > 0)
    say(
      `  Warning: no longer in it: ${result.dropped.join(', ')}, accounts the folder had that no family given has (a device taken out of a config, or a family not given this time). Their password hashes are set aside in ${path.join(result.dir, DROPPED)}: given again (every family's config file together), they keep their passwords.`,
    )
  if (result.kept.length > 0)
    say(
      `  Kept the passwords of ${result.kept.join(', ')} from the passwords file already there (delete an account's line to give it a new one).`,
    )
  if (result.generated.size > 0)
    say(
      `  New passwords for ${[...result.generated.keys()].join(', ')} are in ${path.join(result.dir, NEW_PASSWORDS)}.`,
    )
  const hashOnly = configs.flatMap((config) =>
    config.devices.filter(
      (d) => d.password === undefined && d.passwordHash !== undefined && result.generated.has(d.deviceId),
    ),
  )
  if (hashOnly.length > 0)
    say(
      `  ${hashOnly.map((d) => d.deviceId).join(', ')}: the config keeps only a hash, which Mosquitto cannot use, so they got new passwords too.`,
    )
  for (const config of configs)
    for (const line of accountLines(config, result.clockUsernames.get(config.settings.family) ?? ''))
      say(line)
  say(`Give the folder to Mosquitto's user: chown -R mosquitto: ${result.dir}`)
  say(`Run it with: mosquitto -c ${path.join(result.dir, 'mosquitto.conf')}`)
  return 0
}
