// `weasley-clock mosquitto-config --out DIR`: the family's Mosquitto 2.0 setup, ready to drop in.

import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { generatePassword } from '../adapters/auth/passwords.js'
import type { ClockConfig } from '../adapters/config/config-types.js'
import { DEMO_CONFIG } from '../adapters/config/demo-config.js'
import { DEFAULTS, loadConfigFile, parseConfig } from '../adapters/config/load-config.js'
import { mosquittoFiles } from '../adapters/mosquitto/mosquitto-config.js'
import { defaultCertificateNames, ensureCertificates } from '../adapters/tls/certificates.js'
import { type CliValues, configFileOf, portOption } from './options.js'

export interface GeneratedMosquitto {
  dir: string
  /** Passwords created for accounts the config gives none (also written to new-passwords.txt). */
  generated: Map<string, string>
}

export function writeMosquittoConfig(
  config: ClockConfig,
  out: string,
  options: { port?: number; certFile?: string; keyFile?: string } = {},
): GeneratedMosquitto {
  mkdirSync(out, { recursive: true, mode: 0o700 })
  const dir = path.resolve(out)
  const clockUsername =
    config.broker.kind === 'embedded'
      ? config.broker.clockUsername
      : (config.broker.username ?? DEFAULTS.clockUsername)
  const clockPassword =
    config.broker.kind === 'embedded' ? config.broker.clockPassword : config.broker.password
  const generated = new Map<string, string>()
  const passwords = new Map<string, string>()
  const passwordFor = (user: string, configured: string | undefined) => {
    const password = configured ?? generatePassword()
    if (configured === undefined) generated.set(user, password)
    passwords.set(user, password)
  }
  for (const d of config.devices) passwordFor(d.deviceId, d.password)
  passwordFor(clockUsername, clockPassword)

  let tls: { caFile?: string; certFile: string; keyFile: string }
  if (options.certFile && options.keyFile) {
    tls = { certFile: path.resolve(options.certFile), keyFile: path.resolve(options.keyFile) }
  } else {
    // Our own CA (the one the embedded broker uses), copied next to the config.
    const publicHosts = config.broker.kind === 'embedded' ? config.broker.publicHosts : []
    const files = ensureCertificates(path.join(config.dataDir, 'tls'), defaultCertificateNames(publicHosts))
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
  const files = mosquittoFiles(config, { dir, port: options.port ?? 8883, tls, passwords, clockUsername })
  writeFileSync(path.join(dir, 'mosquitto.conf'), files['mosquitto.conf'])
  writeFileSync(path.join(dir, 'passwords'), files.passwords, { mode: 0o600 })
  writeFileSync(path.join(dir, 'acl'), files.acl)
  if (generated.size > 0) {
    const lines = [...generated].map(([user, pw]) => `${user}\t${pw}`).join('\n')
    writeFileSync(
      path.join(dir, 'new-passwords.txt'),
      `# username<TAB>password (set them on the phones, then delete this file)\n${lines}\n`,
      { mode: 0o600 },
    )
  }
  return { dir, generated }
}

export async function runMosquittoConfig(
  values: CliValues & { out?: string; cert?: string; key?: string },
): Promise<number> {
  const out = values.out
  if (!out) {
    process.stderr.write(
      'usage: weasley-clock mosquitto-config --out DIR [--config FILE] [--port 8883] [--cert FILE --key FILE]\n',
    )
    return 2
  }
  const file = configFileOf(values)
  const config = file ? await loadConfigFile(file) : parseConfig(DEMO_CONFIG, {}, 'demo config')
  const port = portOption(values.port, '--port')
  const result = writeMosquittoConfig(config, out, {
    ...(port === undefined ? {} : { port }),
    ...(values.cert && values.key ? { certFile: values.cert, keyFile: values.key } : {}),
  })
  const say = (line: string) => process.stdout.write(`${line}\n`)
  say(`Mosquitto setup for family "${config.settings.family}" written to ${result.dir}:`)
  say(
    '  mosquitto.conf  passwords  acl' +
      (existsSync(path.join(result.dir, 'ca.crt')) ? '  ca.crt server.crt server.key' : ''),
  )
  if (result.generated.size > 0)
    say(
      `  New passwords for ${result.generated.size} account(s) are in ${path.join(result.dir, 'new-passwords.txt')}.`,
    )
  say(`Run it with: mosquitto -c ${path.join(result.dir, 'mosquitto.conf')}`)
  return 0
}
