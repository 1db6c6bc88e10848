// Composition of a clock's web side: the page and its API, the setup page's admin routes (provisioning,
// places, location requests, the CA for phones) and the health check, over what start-clock built.

import { readFileSync } from 'node:fs'
import path from 'node:path'
import { createAdminTokenCheck } from '../adapters/auth/admin-token.js'
import type { ClockConfig } from '../adapters/config/config-types.js'
import { createAdminRoutes } from '../adapters/http/admin-routes.js'
import { sendJson, startHttpServer } from '../adapters/http/http-server.js'
import { processMetrics } from '../adapters/metrics/process-metrics.js'
import { provisionDevice } from '../adapters/provisioning/provision-device.js'
import type { Db } from '../adapters/sqlite/open-database.js'
import { certificatesIn } from '../adapters/tls/read-certificate.js'
import type { ConnectionView } from '../core/clock-view.js'
import { clipped } from '../core/problems.js'
import { forgetPlacesSent, type PhoneCommands } from './phone-commands.js'
import type { Pipeline } from './pipeline.js'
import type { KeyValue, Logger, StateStore } from './ports.js'
import { createJournalReplay, journalForReplay, waitingForReplay } from './replay-journal.js'
import type { EmbeddedBrokerInfo, ServedBroker } from './served-broker.js'

export interface ClockWebDeps {
  config: ClockConfig
  webRoot: string
  /** Where the chimes are (default: the package's sounds/ folder, beside dist/web's dist/). */
  soundsDir?: string
  logger: Logger
  db: Db
  meta: KeyValue
  commands: PhoneCommands
  pipeline: Pipeline
  store: StateStore
  /** The broker phones use, as it runs (the port it really listens on). */
  broker: EmbeddedBrokerInfo | { kind: 'external'; url: string }
  /** A hosted family's shared broker: its phones use its name and say which family they are. */
  sharedBroker?: ServedBroker
  /** The CA file phones are to trust, if any. */
  caCert: () => string | undefined
  connection: () => ConnectionView
}

export async function startClockWeb(deps: ClockWebDeps) {
  const { config, pipeline, store, broker, sharedBroker, commands } = deps
  const memberIds = config.settings.members.map((m) => m.id)
  return startHttpServer({
    host: config.http.host,
    port: config.http.port,
    webRoot: deps.webRoot,
    // The package's sounds/ folder, beside dist/ (webRoot is dist/web).
    soundsDir: deps.soundsDir ?? path.join(deps.webRoot, '..', '..', 'sounds'),
    logger: deps.logger,
    allowedHosts: [
      ...config.http.allowedHosts,
      ...(config.broker.kind === 'embedded' ? config.broker.publicHosts : []),
      ...(sharedBroker?.publicHost ? [sharedBroker.publicHost] : []),
    ],
    admin: createAdminRoutes(
      {
        members: () => config.settings.members.map((m) => ({ id: m.id, name: m.name, devices: m.deviceIds })),
        provision: async (member, device) => {
          const provisioned = await provisionDevice(config, deps.db, member, {
            ...(device === undefined ? {} : { device }),
            // The port the broker really listens on (a config may say 0).
            ...(broker.kind === 'embedded' ? { port: broker.mqttsPort } : {}),
            // A hosted family's phones use the shared broker's name (its certificate carries it)
            // and say which family they are.
            ...(sharedBroker ? { familyQualifiedUsername: true } : {}),
            ...(sharedBroker?.publicHost ? { host: sharedBroker.publicHost } : {}),
          })
          provisioned.store()
          forgetPlacesSent(deps.meta, provisioned.deviceId)
          return provisioned
        },
        pushPlaces: (member) => commands.pushPlacesTo(member),
        requestLocation: (member) => commands.requestLocation(member),
        rejected: (limit) =>
          waitingForReplay(journalForReplay(store), limit).map((e) => ({
            atMs: e.receivedAtMs,
            // Wire text: the page shows it as text, yet a phone's topic may be 64 KB.
            topic: clipped(e.topic),
            ...(e.problemCode ? { code: e.problemCode } : {}),
            ...(e.detail ? { detail: clipped(e.detail, 400) } : {}),
          })),
        replay: createJournalReplay({ pipeline, store, now: Date.now }),
        caCert: () => {
          const file = deps.caCert()
          return file ? certificatesIn(readFileSync(file, 'utf8')).certificates || null : null
        },
      },
      createAdminTokenCheck(deps.db),
      sendJson,
    ),
    api: {
      view: () => pipeline.view(),
      face: (memberId) => pipeline.state().members[memberId]?.face,
      stats: () => pipeline.stats(),
      // Only members in the config: someone removed from the clock is not shown by its history either.
      history: (memberId, limit) =>
        memberId === undefined
          ? store.history({ memberIds, limit })
          : memberIds.includes(memberId)
            ? store.history({ memberId, limit })
            : [],
      health: () => {
        const connection = deps.connection()
        return {
          // Connected but refused the family's subscription (an ACL): up, and hearing nothing.
          ok: connection.connected && connection.lastError === undefined,
          broker: connection,
          uptimeMs: Date.now() - pipeline.stats().startedAtMs,
          process: processMetrics(),
        }
      },
    },
  })
}
