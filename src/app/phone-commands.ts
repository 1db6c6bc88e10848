// Commands to phones (OWNTRACKS.md §1.7): QoS 1 and not retained, so a sleeping phone gets them when
// it wakes; encrypted for devices that have a key. Places are pushed on demand, when a phone starts
// listening with other places than it was last sent, and when the config's places changed since the
// last start. Each push also removes, where the app can, the regions an earlier push gave the phone that
// are no longer its member's places (see withRemovals).

import type { CommandReport } from '../core/command-report.js'
import type { Settings } from '../core/model.js'
import { setWaypointsCommand, setWaypointsOf, waypointsFor, withRemovals } from '../core/waypoints.js'
import { createPlacesHeld, forgetPlacesHeld } from './places-held.js'
import type { DeviceReach, KeyValue, Logger, Publisher } from './ports.js'

export interface PhoneCommandsDeps {
  settings: Settings
  /** The JSON to send a device: plain, or the encrypted envelope for a device with a key. */
  wrap(deviceId: string, command: object): string
  /** Undefined until a broker is up. */
  publisher: () => Publisher | undefined
  /** The device id as the phone spells it in its topics (by default as the config does). */
  topicIdOf?: (deviceId: string) => string
  logger: Logger
  meta: KeyValue
  /** How long a caller waits for the broker to take a command before hearing it is queued. */
  commandWaitMs?: number
}

export interface PhoneCommands {
  /**
   * A device subscribed to its cmd topic: sends its member's places unless it took up the session it
   * had and was last sent these very ones, and notes them as sent once the broker took them. Resolves
   * true when it sent them.
   */
  pushPlacesOnListening(
    deviceId: string,
    memberId: string,
    connection: { resumed: boolean },
  ): Promise<boolean>
  /** Places to every device of a member (or of everyone), always, and what became of them. */
  pushPlacesTo(member?: string): Promise<CommandReport>
  /**
   * Places to one device, always (a phone that could not open what it was sent): true once the broker
   * took them, false when its member has none.
   */
  pushPlacesToDevice(deviceId: string, memberId: string): Promise<boolean>
  requestLocation(member?: string): Promise<CommandReport>
  /**
   * Sends places that changed since the last start, and remembers them as sent once the broker took
   * them for every device of the member (until then, the next start sends them again).
   */
  pushChangedPlaces(): Promise<void>
}

/**
 * Makes the device's next subscription to its cmd topic send its places, whatever it was sent before:
 * for a phone set up again (its app may have been reinstalled, and a QR code leaves out many places).
 */
export function forgetPlacesSent(meta: KeyValue, deviceId: string): void {
  meta.set(sentKey(deviceId), '')
  forgetPlacesHeld(meta, deviceId)
}

/** What a device was last sent while it listened: its places as JSON, kept with the state. */
const sentKey = (deviceId: string) => `places-sent:${deviceId}`

/** Thrown for a member name nobody has: the caller's mistake, shown to them as is. */
export class UnknownMemberError extends Error {
  override name = 'ProvisionError'
}

interface Sent {
  taken: boolean
  reach?: DeviceReach
}

const REPORT_LOCATION = { _type: 'cmd', action: 'reportLocation' }
const COMMAND_WAIT_MS = 10_000

export function createPhoneCommands(deps: PhoneCommandsDeps): PhoneCommands {
  const { settings, logger } = deps
  const cmdTopicOf = (deviceId: string) =>
    `owntracks/${settings.family}/${deps.topicIdOf?.(deviceId) ?? deviceId}/cmd`
  /** True once the broker took the command (for an external one, possibly much later); false if not. */
  const publish = async (deviceId: string, command: object): Promise<boolean> => {
    const publisher = deps.publisher()
    if (!publisher) return false
    try {
      await publisher.publish(cmdTopicOf(deviceId), deps.wrap(deviceId, command), { qos: 1, retain: false })
      return true
    } catch (error) {
      logger.log(
        'warn',
        `could not send a command to ${deviceId}: ${error instanceof Error ? error.message : String(error)}`,
      )
      return false
    }
  }
  const send = async (deviceId: string, command: object): Promise<boolean> => {
    if (!deps.publisher()) return false
    const sent = publish(deviceId, command)
    // While an external broker is out of reach the command waits in the client's queue: whoever asked
    // (the setup page, `places push`) hears that it is queued instead of waiting for the broker.
    let timer: ReturnType<typeof setTimeout> | undefined
    const queued = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => {
        logger.log(
          'info',
          `a command to ${deviceId} waits for the broker: it goes when the connection is back`,
        )
        resolve(true)
      }, deps.commandWaitMs ?? COMMAND_WAIT_MS)
      timer.unref?.()
    })
    try {
      return await Promise.race([sent, queued])
    } finally {
      clearTimeout(timer)
    }
  }
  /** Who a command sent now reaches, as the broker tells (undefined when it cannot). */
  const reachOf = async (deviceId: string): Promise<DeviceReach | undefined> => {
    try {
      return await deps.publisher()?.reachOf?.(settings.family, deviceId, cmdTopicOf(deviceId))
    } catch (error) {
      logger.log('warn', `could not tell whether ${deviceId} listens: ${(error as Error).message}`)
      return undefined
    }
  }
  /** Sends, for a report to the user: whether the broker took it, and for whom (told before sending). */
  const sendReported = async (deviceId: string, command: object): Promise<Sent> => {
    const reach = await reachOf(deviceId)
    const taken = await send(deviceId, command)
    return reach === undefined ? { taken } : { taken, reach }
  }
  const report = async (jobs: Promise<Sent>[]): Promise<CommandReport> => {
    const sent = await Promise.all(jobs)
    const counted: CommandReport = { devices: sent.length, taken: sent.filter((s) => s.taken).length }
    // An external broker does not say who listens: then there is nothing more to tell.
    if (sent.some((s) => s.reach === undefined)) return counted
    const reaching = (reach: DeviceReach) => sent.filter((s) => s.taken && s.reach === reach).length
    return { ...counted, listening: reaching('listening'), queued: reaching('session') }
  }
  const devicesOf = (member?: string) => {
    const wanted = member?.toLowerCase()
    const found = settings.members.filter(
      (m) => wanted === undefined || m.id === wanted || m.name.toLowerCase() === wanted,
    )
    if (wanted !== undefined && found.length === 0) throw new UnknownMemberError(`no member "${member}"`)
    return found.flatMap((m) => m.deviceIds.map((deviceId) => ({ deviceId, memberId: m.id })))
  }
  /** A failure to read or write what was sent costs at most one push too many: logged, never thrown. */
  const sentBefore = (deviceId: string): string | undefined => {
    try {
      return deps.meta.get(sentKey(deviceId))
    } catch (error) {
      logger.log('warn', `could not read which places ${deviceId} was sent: ${(error as Error).message}`)
      return undefined
    }
  }
  const noteSent = (deviceId: string, fingerprint: string) => {
    try {
      deps.meta.set(sentKey(deviceId), fingerprint)
    } catch (error) {
      logger.log('warn', `could not note which places ${deviceId} was sent: ${(error as Error).message}`)
    }
  }
  const held = createPlacesHeld(deps.meta, logger, sentBefore)
  /** The device's push: its member's places, after the removal of those it holds and should not. */
  const placesCommand = (deviceId: string, memberId: string) => {
    const places = waypointsFor(memberId, settings)
    const waypoints = withRemovals(places, held.by(deviceId))
    return {
      command: setWaypointsOf(waypoints),
      places,
      fingerprint: JSON.stringify(places),
      removing: waypoints.length > places.length,
      empty: waypoints.length === 0,
    }
  }
  /** Sends a device its places; true once the broker took them (then noted as sent). */
  const pushPlaces = async (
    deviceId: string,
    { command, places, fingerprint }: ReturnType<typeof placesCommand>,
  ): Promise<boolean> => {
    const { taken } = await held.sending(deviceId, places, async () => {
      const reach = await reachOf(deviceId)
      const taken = await publish(deviceId, command)
      return reach === undefined ? { taken } : { taken, reach }
    })
    if (taken) noteSent(deviceId, fingerprint)
    return taken
  }
  const pushPlacesOnListening = async (
    deviceId: string,
    memberId: string,
    { resumed }: { resumed: boolean },
  ): Promise<boolean> => {
    const push = placesCommand(deviceId, memberId)
    const { fingerprint, removing, empty } = push
    if (empty) return false
    // Every setWaypoints makes Android delete and insert each region again (it keys them on tst,
    // forgetting whether the phone is inside) and iOS remove and add them (OWNTRACKS.md §1.7): a phone
    // back in the session it had, which was sent these places, is left alone. One that starts afresh
    // (a reinstalled app, a clean session, places sent but lost with a connection) is sent them again.
    if (resumed && !removing && sentBefore(deviceId) === fingerprint) return false
    // Subscribed, so the broker hands it over now (or keeps it in the session of a phone gone meanwhile).
    return pushPlaces(deviceId, push)
  }
  const pushPlacesTo = async (member?: string): Promise<CommandReport> => {
    const pushes = devicesOf(member).flatMap(({ deviceId, memberId }) => {
      const { command, places, fingerprint, empty } = placesCommand(deviceId, memberId)
      if (empty) return []
      return [
        held
          .sending(deviceId, places, () => sendReported(deviceId, command))
          .then((sent) => {
            // Noted for a phone that listens now or whose session keeps them (if that session is dropped,
            // the phone comes back without one and is sent them again). Any other one (never connected,
            // or the broker cannot tell) is sent them when it next subscribes.
            if (sent.taken && (sent.reach === 'listening' || sent.reach === 'session'))
              noteSent(deviceId, fingerprint)
            else noteSent(deviceId, '')
            return sent
          }),
      ]
    })
    return report(pushes)
  }

  return {
    pushPlacesOnListening,
    pushPlacesTo,
    pushPlacesToDevice(deviceId, memberId) {
      const push = placesCommand(deviceId, memberId)
      return push.empty ? Promise.resolve(false) : pushPlaces(deviceId, push)
    },
    requestLocation: (member) =>
      report(devicesOf(member).map((d) => sendReported(d.deviceId, REPORT_LOCATION))),
    async pushChangedPlaces() {
      // Run at start-up without anyone to answer: what fails is logged, never thrown.
      const noted = (error: unknown) =>
        logger.log('warn', `places changed since the last start: ${(error as Error).message}`)
      const remember = (key: string, fingerprint: string) => {
        try {
          deps.meta.set(key, fingerprint)
        } catch (error) {
          noted(error)
        }
      }
      const pushes: Promise<void>[] = []
      try {
        for (const member of settings.members) {
          const key = `places:${member.id}`
          const fingerprint = JSON.stringify(setWaypointsCommand(member.id, settings).waypoints.waypoints)
          const previous = deps.meta.get(key)
          if (previous === fingerprint) continue
          // The first start has nothing to compare with: phones get their places when they subscribe.
          if (previous === undefined) {
            remember(key, fingerprint)
            continue
          }
          // Each device taken is noted as sent too: a phone back in the session that holds them is
          // not sent them a second time when it subscribes (one back without it is). A member left
          // without places is sent only the removal of those their phones hold.
          const taken = member.deviceIds.map((deviceId) => {
            const push = placesCommand(deviceId, member.id)
            return push.empty ? Promise.resolve(true) : pushPlaces(deviceId, push)
          })
          pushes.push(
            Promise.all(taken).then((results) => {
              if (results.every(Boolean)) remember(key, fingerprint)
            }),
          )
        }
      } catch (error) {
        noted(error)
      }
      await Promise.all(pushes)
    },
  }
}
