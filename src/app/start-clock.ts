// Composition root: builds every adapter from a validated config, wires them to the pipeline, and
// returns one handle to stop them all. The CLI, the tests and the MagicMirror helper all start here.

import { randomBytes } from 'node:crypto'
import { readFileSync, type Stats, unwatchFile, watchFile } from 'node:fs'
import path from 'node:path'
import { createSecureContext } from 'node:tls'
import { createAdminTokenCheck, ensureAdminToken } from '../adapters/auth/admin-token.js'
import { loadCredentials } from '../adapters/auth/credentials.js'
import { startEmbeddedBroker } from '../adapters/broker/embedded-broker.js'
import { startExternalBroker } from '../adapters/broker/external-broker.js'
import { SqlitePersistence } from '../adapters/broker/sqlite-persistence.js'
import type { ClockConfig } from '../adapters/config/config-types.js'
import { createKeyring } from '../adapters/crypto/owntracks-crypto.js'
import { createAdminRoutes } from '../adapters/http/admin-routes.js'
import { sendJson, startHttpServer } from '../adapters/http/http-server.js'
import { createStepperOutput, type HandPublisher } from '../adapters/mqtt-output/stepper-output.js'
import { provisionDevice } from '../adapters/provisioning/provision-device.js'
import { openDatabase } from '../adapters/sqlite/open-database.js'
import { createSqliteStore } from '../adapters/sqlite/sqlite-store.js'
import { defaultCertificateNames, ensureCertificates } from '../adapters/tls/certificates.js'
import type { ConnectionView } from '../core/clock-view.js'
import { setWaypointsCommand } from '../core/waypoints.js'
import { createPipeline, type Done, type Pipeline } from './pipeline.js'
import type { Inbound, Logger } from './ports.js'

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
}

export interface RunningClock {
  pipeline: Pipeline
  /** Empty when serveHttp is false. */
  httpUrl: string
  httpPort: number
  broker:
    | {
        kind: 'embedded'
        mqttPort: number
        mqttsPort: number
        caCertFile?: string
        certNames: string[]
        certAction?: string
      }
    | { kind: 'external'; url: string }
  /** Passwords generated on this start, to show the user once. */
  generatedPasswords: { username: string; password: string; memberId?: string }[]
  /** The setup page's admin token, only on the start that created it (shown once). */
  newAdminToken?: string
  /** Feed a message into the pipeline as if it came from the broker (demo mode). */
  inject(inbound: Inbound, done?: Done): void
  close(): Promise<void>
}

export async function startClock(config: ClockConfig, options: StartOptions): Promise<RunningClock> {
  const { logger } = options
  const db = openDatabase(path.join(config.dataDir, 'weasley.db'))
  const store = createSqliteStore(db)
  let connection: ConnectionView = { connected: false, lastError: 'starting' }
  const keyring = createKeyring({
    ...(config.encryptionKey === undefined ? {} : { family: config.encryptionKey }),
    devices: new Map(
      config.devices.flatMap((d) => (d.encryptionKey ? [[d.deviceId, d.encryptionKey] as const] : [])),
    ),
  })
  const pipeline = createPipeline({
    decrypt: keyring.decrypt,
    settings: config.settings,
    display: config.display,
    store,
    logger,
    now: Date.now,
    connection: () => connection,
  })
  const setConnection = (next: ConnectionView) => {
    connection = next
    pipeline.refresh()
  }
  const closers: (() => Promise<void> | void)[] = [() => pipeline.flush(), () => store.close()]
  const closeAll = async () => {
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
    let handPublisher: HandPublisher | undefined
    const retainAvailable = config.broker.kind === 'embedded' || config.broker.profile === 'mosquitto'
    let caCert: string | undefined
    // Commands to phones (QoS 1, not retained, so a sleeping phone gets them when it wakes: §1.7),
    // encrypted for devices that have a key.
    const sendCommand = async (deviceId: string, command: object): Promise<boolean> => {
      if (!handPublisher) return false
      const topic = `owntracks/${config.settings.family}/${deviceId}/cmd`
      try {
        await handPublisher.publish(topic, keyring.wrapForDevice(deviceId, command), {
          qos: 1,
          retain: false,
        })
        return true
      } catch (error) {
        logger.log(
          'warn',
          `could not send a command to ${deviceId}: ${error instanceof Error ? error.message : String(error)}`,
        )
        return false
      }
    }
    const pushPlaces = (deviceId: string, memberId: string): Promise<boolean> => {
      const command = setWaypointsCommand(memberId, config.settings)
      return command.waypoints.waypoints.length === 0
        ? Promise.resolve(false)
        : sendCommand(deviceId, command)
    }
    const devicesOf = (member?: string) => {
      const wanted = member?.toLowerCase()
      const found = config.settings.members.filter(
        (m) => wanted === undefined || m.id === wanted || m.name.toLowerCase() === wanted,
      )
      if (wanted !== undefined && found.length === 0)
        throw Object.assign(new Error(`no member "${member}"`), { name: 'ProvisionError' })
      return found.flatMap((m) => m.deviceIds.map((deviceId) => ({ deviceId, memberId: m.id })))
    }
    const count = async (jobs: Promise<boolean>[]) => (await Promise.all(jobs)).filter(Boolean).length
    const onMessage = (inbound: Inbound, done: Done) => pipeline.handle(inbound, done)

    if (config.broker.kind === 'embedded') {
      const b = config.broker
      const clock =
        b.clockPassword === undefined
          ? { username: b.clockUsername }
          : { username: b.clockUsername, password: b.clockPassword }
      const credentials = loadCredentials(db, config.devices, clock, config.settings.family)
      generatedPasswords = credentials.generated
      let tls: { cert: Buffer; key: Buffer }
      let caCertFile: string | undefined
      let certNames: string[]
      let certAction: string | undefined
      if (b.certFile && b.keyFile) {
        tls = { cert: readFileSync(b.certFile), key: readFileSync(b.keyFile) }
        certNames = b.publicHosts
      } else {
        const files = ensureCertificates(
          path.join(config.dataDir, 'tls'),
          defaultCertificateNames(b.publicHosts),
        )
        tls = { cert: readFileSync(files.certFile), key: readFileSync(files.keyFile) }
        caCertFile = files.caCertFile
        certNames = files.names
        certAction = files.action
      }
      const broker = await startEmbeddedBroker({
        config: b,
        family: config.settings.family,
        credentials,
        tls,
        logger,
        onMessage,
        persistence: new SqlitePersistence(db),
        maxPacketBytes: config.settings.maxPayloadBytes + 64 * 1024,
        // OWNTRACKS.md §1.7: setWaypoints gives the phone the member's places as regions, so its own
        // transitions and inregions name them exactly as the clock does.
        onDeviceListening: ({ deviceId, memberId }) => {
          const command = setWaypointsCommand(memberId, config.settings)
          if (command.waypoints.waypoints.length === 0) return
          const topic = `owntracks/${config.settings.family}/${deviceId}/cmd`
          broker
            .publish(topic, keyring.wrapForDevice(deviceId, command), { qos: 1, retain: false })
            .catch((error: unknown) => {
              logger.log(
                'warn',
                `could not send places to ${deviceId}: ${error instanceof Error ? error.message : String(error)}`,
              )
            })
        },
      })
      closers.push(() => broker.close())
      if (b.certFile && b.keyFile)
        closers.push(
          watchCertificate(b.certFile, b.keyFile, broker, logger, options.certCheckIntervalMs ?? 60_000),
        )
      handPublisher = broker
      caCert = caCertFile
      brokerInfo = { kind: 'embedded', mqttPort: broker.mqttPort, mqttsPort: broker.mqttsPort, certNames }
      if (caCertFile) brokerInfo.caCertFile = caCertFile
      if (certAction) brokerInfo.certAction = certAction
      setConnection({ connected: true })
    } else {
      const external = startExternalBroker({
        config: config.broker,
        family: config.settings.family,
        clientId: stableClientId(db, config.settings.family),
        logger,
        onMessage,
        onConnectionChange: setConnection,
        // Without retained messages (AWS IoT, Losant) nobody replays the phones' last locations after
        // a restart: the store has the hands, and each phone is asked for a fresh fix (OWNTRACKS.md §1.7).
        onSubscribed: () => {
          if (retainAvailable) return
          for (const d of config.devices)
            void sendCommand(d.deviceId, { _type: 'cmd', action: 'reportLocation' })
        },
      })
      closers.push(() => external.close())
      handPublisher = external
      brokerInfo = { kind: 'external', url: config.broker.url.replace(/\/\/[^@/]*@/, '//') }
    }

    let httpUrl = ''
    let httpPort = 0
    if (options.serveHttp !== false) {
      const http = await startHttpServer({
        host: config.http.host,
        port: config.http.port,
        webRoot: options.webRoot,
        admin: createAdminRoutes(
          {
            members: () =>
              config.settings.members.map((m) => ({ id: m.id, name: m.name, devices: m.deviceIds })),
            provision: (member, device) =>
              provisionDevice(config, db, member, device === undefined ? {} : { device }),
            pushPlaces: (member) => count(devicesOf(member).map((d) => pushPlaces(d.deviceId, d.memberId))),
            requestLocation: (member) =>
              count(
                devicesOf(member).map((d) =>
                  sendCommand(d.deviceId, { _type: 'cmd', action: 'reportLocation' }),
                ),
              ),
            caCert: () => (caCert ? readFileSync(caCert) : null),
          },
          createAdminTokenCheck(db),
          sendJson,
        ),
        api: {
          view: () => pipeline.view(),
          face: (memberId) => pipeline.state().members[memberId]?.face,
          stats: () => pipeline.stats(),
          history: (memberId, limit) =>
            store.history(memberId === undefined ? { limit } : { memberId, limit }),
          health: () => ({
            ok: connection.connected,
            broker: connection,
            uptimeMs: Date.now() - pipeline.stats().startedAtMs,
          }),
        },
      })
      closers.push(() => http.close())
      closers.push(pipeline.addOutput(http.output))
      httpUrl = http.url
      httpPort = http.port
    }
    if (handPublisher)
      closers.push(
        pipeline.addOutput(createStepperOutput(handPublisher, logger, { retain: retainAvailable })),
      )
    const newAdminToken = options.serveHttp === false ? null : ensureAdminToken(db)
    // Places changed in the config since the last start: send them now (QoS 1, so a sleeping phone
    // gets them when it wakes), for external brokers too, where no subscription hook exists.
    for (const member of config.settings.members) {
      const key = `places:${member.id}`
      const fingerprint = JSON.stringify(setWaypointsCommand(member.id, config.settings).waypoints.waypoints)
      const previous = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as
        | { value: string }
        | undefined
      if (previous?.value === fingerprint) continue
      db.prepare(
        'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      ).run(key, fingerprint)
      if (previous) for (const deviceId of member.deviceIds) void pushPlaces(deviceId, member.id)
    }

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

/**
 * Let's Encrypt renews certificates in place: when the files change, new connections get the new
 * certificate and connected phones stay connected. A half-written or mismatched pair is ignored
 * (and retried at the next change) rather than taking the listener down.
 */
function watchCertificate(
  certFile: string,
  keyFile: string,
  broker: { setCertificate(tls: { cert: Buffer; key: Buffer }): void },
  logger: Logger,
  intervalMs: number,
): () => void {
  const reload = () => {
    try {
      const tls = { cert: readFileSync(certFile), key: readFileSync(keyFile) }
      createSecureContext(tls) // throws when the key does not belong to the certificate
      broker.setCertificate(tls)
      logger.log('info', `reloaded the TLS certificate from ${certFile}`)
    } catch (error) {
      logger.log(
        'warn',
        `kept the current TLS certificate: ${certFile} and ${keyFile} do not load (${error instanceof Error ? error.message : String(error)})`,
      )
    }
  }
  const onChange = (current: Stats, previous: Stats) => {
    if (current.mtimeMs !== previous.mtimeMs || current.size !== previous.size) reload()
  }
  watchFile(certFile, { interval: intervalMs, persistent: false }, onChange)
  watchFile(keyFile, { interval: intervalMs, persistent: false }, onChange)
  return () => {
    unwatchFile(certFile, onChange)
    unwatchFile(keyFile, onChange)
  }
}

/** One MQTT client id per data folder, kept across restarts so the external broker resumes our session. */
function stableClientId(db: ReturnType<typeof openDatabase>, family: string): string {
  const row = db.prepare("SELECT value FROM meta WHERE key = 'client_id'").get() as
    | { value: string }
    | undefined
  if (row) return row.value
  const id = `weasley-${family}-${randomBytes(4).toString('hex')}`.slice(0, 23)
  db.prepare("INSERT INTO meta (key, value) VALUES ('client_id', ?)").run(id)
  return id
}
