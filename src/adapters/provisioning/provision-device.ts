// Sets one device up: creates (or rotates) its password and builds the OwnTracks configuration, the
// owntracks:///config link and its QR code. Used by `weasley-clock provision` and the setup page.

import { hostname } from 'node:os'
import QRCode from 'qrcode'
import { inlineConfigLink, isExampleName, provisioningConfig } from '../../core/provisioning.js'
import { storePassword } from '../auth/credentials.js'
import { forgetNewPassword } from '../auth/new-passwords.js'
import { generatePassword } from '../auth/passwords.js'
import type { ClockConfig } from '../config/config-types.js'
import type { Db } from '../sqlite/open-database.js'

export interface Provisioned {
  memberName: string
  deviceId: string
  config: Record<string, unknown>
  link: string
  /** QR code of the link as an SVG document. */
  svg: string
  /** True when a new password was created: it replaces the previous one once `store` is called. */
  rotated: boolean
  /** What may stop the phone connecting with this code, to show with it. */
  warnings: string[]
  /** Makes a new password the device's (the previous one stops working); call it once it was handed out. */
  store(): void
}

export interface ProvisionOptions {
  device?: string
  host?: string
  port?: number
  /** Log in as "<family>/<device>": a hosted family, whose device ids may repeat in other families. */
  familyQualifiedUsername?: boolean
}

// Medium error correction: long links (a config with places) decode reliably from camera and screen.
const QR_OPTIONS = { errorCorrectionLevel: 'M' as const, margin: 4 }

export async function provisionDevice(
  config: ClockConfig,
  db: Db,
  memberName: string,
  options: ProvisionOptions = {},
): Promise<Provisioned> {
  const wanted = memberName.toLowerCase()
  const member = config.settings.members.find((m) => m.id === wanted || m.name.toLowerCase() === wanted)
  if (!member)
    throw new ProvisionError(
      `no member "${memberName}" (members: ${config.settings.members.map((m) => m.name).join(', ')})`,
    )
  const deviceId = (options.device ?? member.deviceIds[0] ?? '').toLowerCase()
  const account = config.devices.find((d) => d.deviceId === deviceId && d.memberId === member.id)
  if (!account)
    throw new ProvisionError(
      `member "${member.name}" has no device "${deviceId}" (devices: ${member.deviceIds.join(', ')})`,
    )
  if (config.broker.kind !== 'embedded') {
    throw new ProvisionError(
      'provisioning creates accounts on the embedded broker; with an external broker, use that broker’s account on the phone',
    )
  }
  if (account.passwordHash && !account.password) {
    throw new ProvisionError(
      `the config keeps only a hash of ${deviceId}'s password: put "password" there instead, or remove "passwordHash" so the clock manages it`,
    )
  }
  // A config's port 0 is any free port, picked anew at each start: only the running clock knows it.
  const port = options.port ?? config.broker.mqttsPort
  if (port === 0)
    throw new ProvisionError(
      "the config's broker.mqttsPort is 0 (a free port picked at each start), so there is no port to give the phone: pass the port the clock listens on now with --port, or use the setup page",
    )
  // Stored only once everything is made and handed out (`store`): a failure must not leave the phone's
  // old password dead.
  const password = account.password ?? generatePassword()
  const encryptionKey = account.encryptionKey ?? config.encryptionKey
  const host = options.host ?? config.broker.publicHosts[0] ?? hostname()
  const warnings: string[] = []
  if (options.host === undefined && config.broker.publicHosts.length === 0)
    warnings.push(
      `broker.publicHosts is empty, so the phone is given this machine's name, "${host}": it connects only where the network's DNS knows that name. Put the name or address phones reach the clock by in broker.publicHosts, restart the clock (its certificate then carries it) and set the phone up again.`,
    )
  if (isExampleName(host))
    warnings.push(
      `"${host}" is an example name no phone can reach (the example config's placeholder): put the name or address phones reach the clock by in broker.publicHosts, restart the clock (its certificate then carries it) and set the phone up again.`,
    )
  if (config.broker.mqttsPort === 0)
    warnings.push(
      `broker.mqttsPort is 0 (a free port picked at each start): port ${port} in this code stops working when the clock restarts. Give broker.mqttsPort a fixed port (8883) and set the phone up again.`,
    )
  const otrc = provisioningConfig({
    settings: config.settings,
    memberId: member.id,
    deviceId,
    host,
    port,
    username: options.familyQualifiedUsername ? `${config.settings.family}/${deviceId}` : deviceId,
    password,
    ...(encryptionKey === undefined ? {} : { encryptionKey }),
  })
  let link = inlineConfigLink(otrc)
  let svg: string
  try {
    svg = await QRCode.toString(link, { ...QR_OPTIONS, type: 'svg' })
  } catch {
    // Too long for a QR code (a dozen places or more): the places are left out of the code (the .otrc
    // keeps them). The phone gets them all the same, from the clock, as soon as it listens on its cmd
    // topic (setWaypoints).
    link = inlineConfigLink({ ...otrc, waypoints: [] })
    svg = await QRCode.toString(link, { ...QR_OPTIONS, type: 'svg' })
    const places = Array.isArray(otrc.waypoints) ? otrc.waypoints.length : 0
    warnings.push(
      `The ${places} places do not fit in a QR code with the rest, so this code leaves them out: the clock sends them to the phone when it connects (the .otrc file holds them too).`,
    )
  }
  const rotated = account.password === undefined
  return {
    memberName: member.name,
    deviceId,
    config: otrc,
    link,
    svg,
    rotated,
    warnings,
    store: () => {
      if (!rotated) return
      storePassword(db, deviceId, member.id, password)
      // The password the first start wrote down for this device no longer works.
      forgetNewPassword(config.dataDir, deviceId)
    },
  }
}

export const qrPng = (link: string): Promise<Buffer> => QRCode.toBuffer(link, { ...QR_OPTIONS, scale: 6 })
export const qrTerminal = (link: string): Promise<string> =>
  QRCode.toString(link, { ...QR_OPTIONS, type: 'terminal', small: true })

/** A mistake in what was asked for (unknown member…), as opposed to a failure. */
export class ProvisionError extends Error {
  override name = 'ProvisionError'
}
