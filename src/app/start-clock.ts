// Composition root: builds every adapter from a validated config, wires them to the pipeline, and
// returns one handle to stop them all. The CLI, the tests and the MagicMirror helper all start here.

import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { ensureAdminToken, upgradeStoredAdminToken } from '../adapters/auth/admin-token.js'
import { loadCredentials } from '../adapters/auth/credentials.js'
import { forgetNewPassword, writeNewPasswords } from '../adapters/auth/new-passwords.js'
import { startExternalBroker } from '../adapters/broker/external-broker.js'
import { newExternalClientId } from '../adapters/broker/external-client-options.js'
import type { ClockConfig } from '../adapters/config/config-types.js'
import { safeUrl } from '../adapters/log/safe-url.js'
import { createStepperOutput, type StepperOutput } from '../adapters/mqtt-output/stepper-output.js'
import {
  checkDatabaseClosedElsewhere,
  checkDataFolderFree,
  lockDataFolder,
} from '../adapters/sqlite/data-lock.js'
import { databaseFileOf, PAGE_CACHE_KIB } from '../adapters/sqlite/open-database.js'
import { openSqliteStore } from '../adapters/sqlite/sqlite-store.js'
import { certificatesIn } from '../adapters/tls/read-certificate.js'
import type { ConnectionView } from '../core/clock-view.js'
import { startClockWeb } from './clock-web.js'
import { createFamilyPipeline } from './family-pipeline.js'
import { createPhoneCommands } from './phone-commands.js'
import type { Done, Pipeline } from './pipeline.js'
import type { Inbound, KeyValue, Logger, Publisher } from './ports.js'
import {
  couldNotForget,
  type EmbeddedBrokerInfo,
  type ServedBroker,
  startBrokerWithCertificate,
} from './served-broker.js'

export interface StartOptions {
  logger: Logger
  /** Folder of the built web page (dist/web). */
  webRoot: string
  /** How often silence is re-checked for Lost. */
  tickIntervalMs?: number
  /** False inside MagicMirror, which serves the page itself. */
  serveHttp?: boolean
  /** How often the user's own certificate files are checked for a renewal. */
  certCheckIntervalMs?: number
  /** How often the embedded broker looks for connections whose password has been changed since. */
  passwordCheckIntervalMs?: number
  /** On a broker without retained messages (AWS IoT, Losant): how often every hand is published again. */
  handRepublishMs?: number
  /** On a broker without retained messages: the least time between two asks for a fix from every phone. */
  askPhonesAfterMs?: number
  /** An embedded broker already serving other families (one process hosting several): join it. */
  sharedBroker?: ServedBroker
}

export interface RunningClock {
  pipeline: Pipeline
  /** Empty when serveHttp is false. */
  httpUrl: string
  httpPort: number
  broker: EmbeddedBrokerInfo | { kind: 'external'; url: string }
  /** Passwords generated on this start, already in <dataDir>/new-passwords.txt (never logged). */
  generatedPasswords: { username: string; password: string; memberId?: string }[]
  /** The setup page's admin token, only on the start that created it (also in <dataDir>/admin-token.txt). */
  newAdminToken?: string
  /** Feed a message into the pipeline as if it came from the broker (demo mode). */
  inject(inbound: Inbound, done?: Done): void
  close(): Promise<void>
}

export async function startClock(config: ClockConfig, options: StartOptions): Promise<RunningClock> {
  // A data folder serves one running clock (data-lock.ts): taken first, given back once it is closed.
  // A hosted family's is only checked: its host keeps its families apart (hostingProblems), and a lock
  // apiece would cost each of hundreds of families a SQLite connection (~175 KB measured).
  let release = () => {}
  if (options.sharedBroker) await checkDataFolderFree(config.dataDir)
  else release = await lockDataFolder(config.dataDir)
  try {
    // That leaves a hosted family's folder to its database: open in a host (or in another host sharing
    // the folder), it says so, where the lock alone would let a second clock write the same files.
    if (existsSync(databaseFileOf(config.dataDir)))
      checkDatabaseClosedElsewhere(databaseFileOf(config.dataDir))
    const clock = await startInLockedFolder(config, options)
    const close = clock.close
    // Asked twice, the second waits for the first: the folder is given back once, after everything.
    let closing: Promise<void> | undefined
    clock.close = () => {
      closing ??= close().finally(release)
      return closing
    }
    return clock
  } catch (error) {
    release()
    throw error
  }
}

async function startInLockedFolder(config: ClockConfig, options: StartOptions): Promise<RunningClock> {
  const { logger } = options
  const { db, store } = openSqliteStore(databaseFileOf(config.dataDir), {
    cacheKiB: options.sharedBroker ? PAGE_CACHE_KIB.hosted : PAGE_CACHE_KIB.ownProcess,
    onError: (message) => logger.log('warn', message),
  })
  let connection: ConnectionView = { connected: false, lastError: 'starting' }
  let family: ReturnType<typeof createFamilyPipeline>
  /** Set once the phone commands exist (below). */
  let turnedPlain: (deviceId: string) => void = () => {}
  try {
    family = createFamilyPipeline(config, {
      db,
      store,
      logger,
      connection: () => connection,
      onDeviceTurnedPlain: (deviceId) => turnedPlain(deviceId),
    })
  } catch (error) {
    // A state it cannot load (a damaged row): the database is closed again, not left open for good (a
    // host tries again and again), and the error names it.
    store.close()
    // JSON.parse's message quotes the text around the mistake: coordinates, in a state row.
    const reason =
      error instanceof SyntaxError
        ? 'a saved row is not valid JSON'
        : error instanceof Error
          ? error.message
          : String(error)
    throw new Error(`could not load the state in ${databaseFileOf(config.dataDir)}: ${reason}`, {
      cause: error,
    })
  }
  const { pipeline, keyring, meta, spellings } = family
  const setConnection = (next: ConnectionView) => {
    connection = next
    pipeline.refresh()
  }
  // Run in reverse: whatever is still pending is committed before the database closes.
  const closers: (() => Promise<void> | void)[] = [() => store.close(), () => pipeline.flush()]
  let stopping = false
  const closeAll = async () => {
    stopping = true
    for (const close of closers.splice(0).reverse()) {
      try {
        await close()
      } catch (error) {
        logger.log('error', `while stopping: ${error instanceof Error ? error.message : String(error)}`)
      }
    }
  }

  try {
    let brokerInfo: RunningClock['broker']
    let generatedPasswords: RunningClock['generatedPasswords'] = []
    let publisher: Publisher | undefined
    let caCert: string | undefined
    const retainAvailable =
      config.broker.kind === 'embedded' || (config.broker.retained ?? config.broker.profile === 'mosquitto')
    let lastAskedMs = Number.NEGATIVE_INFINITY
    let stepper: StepperOutput | undefined
    const commands = createPhoneCommands({
      settings: config.settings,
      wrap: keyring.wrapForDevice,
      publisher: () => publisher,
      logger,
      meta,
      topicIdOf: spellings.topicIdOf,
    })
    // A phone set up before the family had a key sends plain, and could not open the places it was sent
    // sealed: they go to it again, plain now, once the message that told is handled.
    turnedPlain = (deviceId) => {
      const device = config.devices.find((d) => d.deviceId.toLowerCase() === deviceId)
      if (device === undefined) return
      setImmediate(() => {
        if (stopping) return
        commands.pushPlacesToDevice(device.deviceId, device.memberId).then(
          (sent) => {
            if (sent)
              logger.log(
                'info',
                `${deviceId} sends unencrypted messages: sent it its places again, unencrypted`,
              )
          },
          (error: unknown) =>
            logger.log('warn', `could not send ${deviceId} its places: ${(error as Error).message}`),
        )
      })
    }
    const onMessage = (inbound: Inbound, done: Done) => pipeline.handle(inbound, done)

    if (config.broker.kind === 'embedded') {
      const b = config.broker
      const served =
        options.sharedBroker ??
        (await startBrokerWithCertificate(b, {
          db,
          tlsDir: path.join(config.dataDir, 'tls'),
          logger,
          maxPacketBytes: config.settings.maxPayloadBytes + 64 * 1024,
          certCheckIntervalMs: options.certCheckIntervalMs ?? 60_000,
          // The broker keeps its sessions and retained messages in the family's database: its writes
          // count towards that database's background checkpoints.
          onCommitted: (bytes) => store.walWritten(bytes),
          ...(options.passwordCheckIntervalMs === undefined
            ? {}
            : { passwordCheckIntervalMs: options.passwordCheckIntervalMs }),
        }))
      if (!options.sharedBroker) closers.push(() => served.close())
      const clock =
        b.clockPassword === undefined
          ? { username: b.clockUsername }
          : { username: b.clockUsername, password: b.clockPassword }
      // The passwords go to new-passwords.txt before their hashes are stored: a start that fails after
      // this (a port in use) must not leave accounts whose passwords nobody was shown.
      const credentials = loadCredentials(db, config.devices, clock, config.settings.family, {
        keepGenerated: (generated) => writeNewPasswords(config.dataDir, generated),
        // new-passwords.txt lists passwords that work: not those of devices taken out of the config.
        forgetRemoved: (usernames) => {
          for (const username of usernames) forgetNewPassword(config.dataDir, username)
        },
      })
      generatedPasswords = credentials.generated
      closers.push(
        served.broker.addFamily(config.settings.family, {
          credentials,
          onMessage,
          // OWNTRACKS.md §1.7: setWaypoints gives the phone the member's places as regions, so its own
          // transitions and inregions name them exactly as the clock does (unless it has them already).
          onDeviceListening: ({ deviceId, memberId, spelled, resumed }) => {
            if (spelled !== undefined) spellings.saw(deviceId, spelled)
            void commands.pushPlacesOnListening(deviceId, memberId, { resumed })
          },
        }),
      )
      await served.broker
        .forgetRemovedDevices(
          config.settings.family,
          config.devices.map((d) => d.deviceId),
        )
        .catch(couldNotForget(logger, 'devices'))
      // A broker of its own serves this family alone: a family renamed in the config leaves its old one's.
      if (!options.sharedBroker)
        await served.broker
          .forgetRemovedFamilies([config.settings.family])
          .catch(couldNotForget(logger, 'families'))
      publisher = served.broker
      caCert = served.info.caCertFile
      brokerInfo = served.info
      setConnection({ connected: true })
    } else {
      // Phones trust the external broker by the same CA as the clock does (none to install: a public one).
      caCert = config.broker.caFile
      if (caCert && certificatesIn(readFileSync(caCert, 'utf8')).heldKey)
        logger.log(
          'warn',
          `broker.caFile (${caCert}) holds a private key: keep it in a file of its own (the setup page hands out only the certificates)`,
        )
      const external = startExternalBroker({
        config: config.broker,
        family: config.settings.family,
        // AWS IoT policies and Losant devices name the client id the clock must use.
        clientId: config.broker.clientId ?? stableClientId(meta, config.settings.family),
        logger,
        onMessage,
        onConnectionChange: setConnection,
        // A family renamed keeps the client id, and with it the session's subscription to the old name.
        ...subscribedFilter(meta),
        onFilterHeld: (filter) => {
          try {
            meta.set(HELD_FILTER, filter)
          } catch (error) {
            logger.log('warn', `could not note the broker subscription: ${(error as Error).message}`)
          }
        },
        // Without retained messages (AWS IoT, Losant) nobody replays the phones' last locations: the
        // store has the hands, and when the broker kept no session for the clock (so what the phones
        // sent while it was away is gone) each phone is asked for a fresh fix (OWNTRACKS.md §1.7). At
        // most every two minutes: a connection that keeps dropping must not keep waking the phones.
        // And every hand goes out again: a broker restarted without persistence lost the retained ones,
        // and one that keeps none has nothing for a stepper clock that started in the meantime.
        onSubscribed: (resumed) => {
          const askAfterMs = options.askPhonesAfterMs ?? 2 * 60_000
          if (!retainAvailable && !resumed && performance.now() - lastAskedMs >= askAfterMs) {
            lastAskedMs = performance.now()
            void commands.requestLocation()
          }
          stepper?.resend()
        },
      })
      closers.push(() => external.close())
      publisher = external
      brokerInfo = { kind: 'external', url: safeUrl(config.broker.url) }
    }

    let httpUrl = ''
    let httpPort = 0
    if (options.serveHttp !== false) {
      const web = await startClockWeb({
        config,
        webRoot: options.webRoot,
        logger,
        db,
        meta,
        commands,
        pipeline,
        store,
        ...(options.sharedBroker ? { sharedBroker: options.sharedBroker } : {}),
        broker: brokerInfo,
        caCert: () => caCert,
        connection: () => connection,
      })
      closers.push(() => web.close())
      closers.push(pipeline.addOutput(web.output))
      httpUrl = web.url
      httpPort = web.port
    }
    if (publisher) {
      const hands = createStepperOutput(publisher, logger, { retain: retainAvailable, meta })
      stepper = hands
      closers.push(pipeline.addOutput(hands))
      // Without retained messages a stepper clock that boots while the hands stand still would wait for
      // the next move or reconnect: every hand goes out again every ten minutes while the broker is
      // there (864 messages a day for five members and the dial: cloud brokers count them).
      if (!retainAvailable) {
        const republish = setInterval(
          () => {
            if (!connection.connected) return
            try {
              hands.resend()
            } catch (error) {
              logger.log(
                'warn',
                `could not publish the hands: ${error instanceof Error ? error.message : String(error)}`,
              )
            }
          },
          options.handRepublishMs ?? 10 * 60_000,
        )
        republish.unref()
        closers.push(() => clearInterval(republish))
      }
    }
    const newAdminToken = options.serveHttp === false ? null : ensureAdminToken(db, config.dataDir)
    if (options.serveHttp !== false) await upgradeStoredAdminToken(db, config.dataDir)
    void commands.pushChangedPlaces()

    const tick = setInterval(() => pipeline.tick(), options.tickIntervalMs ?? 30_000)
    tick.unref()
    closers.push(() => clearInterval(tick))

    return {
      pipeline,
      httpUrl,
      httpPort,
      broker: brokerInfo,
      generatedPasswords,
      ...(newAdminToken ? { newAdminToken } : {}),
      inject: (inbound, done) => pipeline.handle(inbound, done),
      close: closeAll,
    }
  } catch (error) {
    await closeAll()
    throw error
  }
}

/** The filter the external broker's session for this client id holds, as noted at its last grant. */
const HELD_FILTER = 'external_filter'
const subscribedFilter = (meta: KeyValue): { subscribedBefore?: string } => {
  const held = meta.get(HELD_FILTER)
  return held ? { subscribedBefore: held } : {}
}

/** One MQTT client id per data folder, kept across restarts so the external broker resumes our session. */
function stableClientId(meta: KeyValue, family: string): string {
  const existing = meta.get('client_id')
  if (existing) return existing
  const id = newExternalClientId(family, randomBytes(4).toString('hex'))
  meta.set('client_id', id)
  return id
}
