// `weasley-clock provision <member>`: one-scan phone setup. Creates (or rotates) the device's password,
// writes <data>/provisioning/<device>.otrc, .png and .svg (QR of the owntracks:///config link), and
// prints the link and a terminal QR code.

import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { ClockConfig } from '../adapters/config/config-types.js'
import { writePrivateFile } from '../adapters/files/private-file.js'
import {
  type Provisioned,
  type ProvisionOptions,
  provisionDevice,
  qrPng,
  qrTerminal,
} from '../adapters/provisioning/provision-device.js'
import { createMeta } from '../adapters/sqlite/meta.js'
import { databaseFileOf, openDatabase } from '../adapters/sqlite/open-database.js'
import { defaultCertificateNames, ensureCertificates } from '../adapters/tls/certificates.js'
import { certificateCovers, fingerprintsOf } from '../adapters/tls/read-certificate.js'
import { forgetPlacesSent } from '../app/phone-commands.js'
import { type CliValues, configOf, connectPortOption } from './options.js'

export interface ProvisionResult {
  otrcFile: string
  pngFile: string
  svgFile: string
  link: string
  rotated: boolean
  /** The broker host the phone is given. */
  host: string
  /** What may stop the phone connecting with this code. */
  warnings: string[]
}

/** Provisions and writes <data>/provisioning/<device>.otrc, .png and .svg (owner-only: they hold the password). */
export async function provisionToFiles(
  config: ClockConfig,
  memberName: string,
  options: ProvisionOptions,
): Promise<ProvisionResult> {
  const db = openDatabase(databaseFileOf(config.dataDir))
  let result: Provisioned
  let base: string
  try {
    result = await provisionDevice(config, db, memberName, options)
    const dir = path.join(config.dataDir, 'provisioning')
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    base = path.join(dir, result.deviceId)
    writePrivateFile(`${base}.otrc`, `${JSON.stringify(result.config, null, 2)}\n`)
    writePrivateFile(`${base}.svg`, result.svg)
    writePrivateFile(`${base}.png`, await qrPng(result.link))
    // Only now, with the files written, does the new password replace the phone's old one.
    result.store()
    // The phone (perhaps a new install) gets the places again when it connects, from a running clock.
    forgetPlacesSent(createMeta(db), result.deviceId)
  } finally {
    db.close()
  }
  return {
    otrcFile: `${base}.otrc`,
    pngFile: `${base}.png`,
    svgFile: `${base}.svg`,
    link: result.link,
    rotated: result.rotated,
    host: String((result.config as { host?: unknown }).host ?? ''),
    warnings: result.warnings,
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
  const { config } = await configOf(values)
  const port = connectPortOption(values.port, '--port')
  // No clock has used this folder yet: a first setup, or the command run from another folder than the
  // clock's (a relative dataDir), whose clock would know neither the password nor the CA made here.
  const firstInFolder = !existsSync(databaseFileOf(config.dataDir))
  // The phone must trust the clock's own CA before it can connect: made now, as the clock's first start
  // would make it, when the phone is set up before that start.
  const b = config.broker
  const ownCa =
    b.kind === 'embedded' && !b.certFile
      ? ensureCertificates(path.join(config.dataDir, 'tls'), defaultCertificateNames(b.publicHosts))
          .caCertFile
      : undefined
  const caToInstall = ownCa ?? (b.kind === 'external' ? b.caFile : undefined)
  const result = await provisionToFiles(config, member, {
    ...(values.device?.[0] === undefined ? {} : { device: values.device[0] }),
    ...(values.host === undefined ? {} : { host: values.host }),
    ...(port === undefined ? {} : { port }),
  })
  const say = (line = '') => process.stdout.write(`${line}\n`)
  say(
    `Phone setup for ${member}${result.rotated && !firstInFolder ? ' (with a new password: any earlier one for this device stops working)' : ''}:`,
  )
  if (firstInFolder)
    say(
      `  Note: no clock has used the data folder ${path.resolve(config.dataDir)} yet. If yours runs with another one (its --data-dir, or the folder it is started in), run this again with --data-dir set to it: that clock knows neither this password nor a CA made here.`,
    )
  const host = result.host
  const serverCert =
    config.broker.kind === 'embedded'
      ? (config.broker.certFile ?? path.join(config.dataDir, 'tls', 'server.crt'))
      : undefined
  for (const warning of result.warnings) say(`  Warning: ${warning}`)
  if (serverCert && existsSync(serverCert) && !certificateCovers(serverCert, host))
    say(
      `  Warning: the broker's certificate does not name "${host}", so the phone will refuse it: add it to broker.publicHosts and restart the clock (it makes a new certificate), or use --host with a name it has.`,
    )
  say(
    '  1. Install OwnTracks, then in its settings turn on "Allow external configuration" (Android: Preferences →',
  )
  say(
    `     Remote control; iOS: Settings).${caToInstall ? ` Install the CA certificate on the phone first: ${path.resolve(caToInstall)} (also at /ca.crt on the clock's web page).` : ''}`,
  )
  if (caToInstall)
    say(
      `     Its SHA-256 fingerprint, to compare with the certificate details on the phone: ${fingerprintsOf(readFileSync(caToInstall, 'utf8')).join(', ')}`,
    )
  const code = await qrTerminal(result.link)
  const width = Math.max(...code.split('\n').map((line) => line.length))
  // A code wrapped by a narrow terminal cannot be scanned: then the picture file instead.
  const fits = !process.stdout.isTTY || (process.stdout.columns ?? 80) >= width
  if (fits) {
    say('  2. Scan this code with the phone camera, or open the link on the phone:')
    say()
    say(code)
  } else
    say(
      `  2. The QR code is ${width} columns wide, more than this terminal's ${process.stdout.columns}: open ${path.resolve(result.pngFile)} and scan it with the phone camera (or widen the terminal and run this again), or open the link on the phone:`,
    )
  say(`  ${result.link}`)
  say()
  say(`  Or send the phone ${path.resolve(result.otrcFile)} and open it with OwnTracks.`)
  say(
    `  The QR code is also in ${path.resolve(result.pngFile)} and .svg. These files hold the password: delete them once the phone is set up.`,
  )
  return 0
}
