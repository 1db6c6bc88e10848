// `weasley-clock provision <member>`: one-scan phone setup. Creates (or rotates) the device's password,
// writes <data>/provisioning/<device>.otrc, .png and .svg (QR of the owntracks:///config link), and
// prints the link and a terminal QR code.

import { mkdirSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import path from 'node:path'
import QRCode from 'qrcode'
import { rotatePassword } from '../adapters/auth/credentials.js'
import type { ClockConfig } from '../adapters/config/config-types.js'
import { DEMO_CONFIG } from '../adapters/config/demo-config.js'
import { loadConfigFile, parseConfig } from '../adapters/config/load-config.js'
import { openDatabase } from '../adapters/sqlite/open-database.js'
import { inlineConfigLink, provisioningConfig } from '../core/provisioning.js'
import { type CliValues, configFileOf, portOption } from './options.js'

export interface ProvisionResult {
  otrcFile: string
  pngFile: string
  svgFile: string
  link: string
  /** True when a new password was created (the previous one no longer works). */
  rotated: boolean
}

export async function provisionDevice(
  config: ClockConfig,
  memberName: string,
  options: { device?: string; host?: string; port?: number },
): Promise<ProvisionResult> {
  const wanted = memberName.toLowerCase()
  const member = config.settings.members.find((m) => m.id === wanted || m.name.toLowerCase() === wanted)
  if (!member)
    throw new Error(
      `no member "${memberName}" (members: ${config.settings.members.map((m) => m.name).join(', ')})`,
    )
  const deviceId = (options.device ?? member.deviceIds[0] ?? '').toLowerCase()
  const account = config.devices.find((d) => d.deviceId === deviceId && d.memberId === member.id)
  if (!account)
    throw new Error(
      `member "${member.name}" has no device "${deviceId}" (devices: ${member.deviceIds.join(', ')})`,
    )
  if (config.broker.kind !== 'embedded') {
    throw new Error(
      'provisioning creates accounts on the embedded broker; with an external broker, set the phone up with that broker’s account',
    )
  }
  if (account.passwordHash && !account.password) {
    throw new Error(
      `the config keeps only a hash of ${deviceId}'s password: put "password" there instead, or remove "passwordHash" so the clock manages it`,
    )
  }
  const db = openDatabase(path.join(config.dataDir, 'weasley.db'))
  let password: string
  try {
    password = account.password ?? rotatePassword(db, deviceId, member.id)
  } finally {
    db.close()
  }
  const encryptionKey = account.encryptionKey ?? config.encryptionKey
  const otrc = provisioningConfig({
    settings: config.settings,
    memberId: member.id,
    deviceId,
    host: options.host ?? config.broker.publicHosts[0] ?? hostname(),
    port: options.port ?? (config.broker.mqttsPort || 8883),
    username: deviceId,
    password,
    ...(encryptionKey === undefined ? {} : { encryptionKey }),
  })
  const link = inlineConfigLink(otrc)
  const dir = path.join(config.dataDir, 'provisioning')
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const base = path.join(dir, deviceId)
  // These files hold the password: readable by the owner only.
  writeFileSync(`${base}.otrc`, `${JSON.stringify(otrc, null, 2)}\n`, { mode: 0o600 })
  writeFileSync(
    `${base}.svg`,
    await QRCode.toString(link, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 }),
    { mode: 0o600 },
  )
  await QRCode.toFile(`${base}.png`, link, { errorCorrectionLevel: 'M', margin: 4, scale: 6 })
  return {
    otrcFile: `${base}.otrc`,
    pngFile: `${base}.png`,
    svgFile: `${base}.svg`,
    link,
    rotated: account.password === undefined,
  }
}

export async function runProvision(values: CliValues, positionals: string[]): Promise<number> {
  const member = positionals[0]
  if (!member) {
    process.stderr.write(
      'usage: weasley-clock provision <member> [--device ID] [--host NAME] [--port N] [--config FILE] [--data-dir DIR]\n',
    )
    return 2
  }
  const overrides = values['data-dir'] === undefined ? {} : { dataDir: values['data-dir'] }
  const file = configFileOf(values)
  const config = file
    ? await loadConfigFile(file, overrides)
    : parseConfig(DEMO_CONFIG, overrides, 'demo config')
  const port = portOption(values.port, '--port')
  const result = await provisionDevice(config, member, {
    ...(values.device?.[0] === undefined ? {} : { device: values.device[0] }),
    ...(values.host === undefined ? {} : { host: values.host }),
    ...(port === undefined ? {} : { port }),
  })
  const say = (line = '') => process.stdout.write(`${line}\n`)
  say(
    `Phone setup for ${member}${result.rotated ? ' (a new password was created; the previous one no longer works)' : ''}:`,
  )
  say(
    '  1. Install OwnTracks, then in its settings turn on "Allow external configuration" (Android: Preferences →',
  )
  say(
    '     Remote control; iOS: Settings). Install the CA certificate first if the clock uses its own (data/tls/ca.crt).',
  )
  say('  2. Scan this code with the phone camera, or open the link on the phone:')
  say()
  say(await QRCode.toString(result.link, { type: 'terminal', small: true, errorCorrectionLevel: 'M' }))
  say(`  ${result.link}`)
  say()
  say(`  Or send the phone ${path.resolve(result.otrcFile)} and open it with OwnTracks.`)
  say(
    `  The QR code is also in ${path.resolve(result.pngFile)} and .svg. These files hold the password: delete them once the phone is set up.`,
  )
  return 0
}
