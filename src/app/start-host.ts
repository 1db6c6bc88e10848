// One process hosting several families: one embedded broker (one TLS port for every phone), and per
// family its own pipeline, SQLite file, accounts and web clock. The broker keeps families apart by
// account: topics, retained messages, sessions and client ids never cross.

import path from 'node:path'
import type { ConfigProblem } from '../adapters/config/config-reader.js'
import type { ClockConfig } from '../adapters/config/config-types.js'
import { ConfigError } from '../adapters/config/load-config.js'
import { checkpointInBackground, keepCheckpointWorker } from '../adapters/sqlite/checkpointer.js'
import { lockDataFolder } from '../adapters/sqlite/data-lock.js'
import { openDatabase } from '../adapters/sqlite/open-database.js'
import type { Logger } from './ports.js'
import {
  couldNotForget,
  type EmbeddedBrokerInfo,
  type ServedBroker,
  startBrokerWithCertificate,
} from './served-broker.js'
import { type RunningClock, type StartOptions, startClock } from './start-clock.js'

export interface HostOptions extends Omit<StartOptions, 'sharedBroker'> {
  /** Where the broker keeps its sessions and generated certificates (each family keeps its own data dir). */
  dataDir: string
  /** The wait before a family that could not start is tried again; it doubles up to five minutes. */
  retryDelayMs?: number
  /** Told of every family that starts: at first, or later when a failed start is tried again. */
  onFamilyStarted?: (family: HostedFamily) => void
}

/** One hosted family: running, or waiting to be tried again after a failed start. */
export interface HostedFamily {
  config: ClockConfig
  /** Undefined while the family is not running. */
  clock: RunningClock | undefined
  /** Why its last start failed, while it is not running. */
  error: string | undefined
}

export interface RunningHost {
  broker: EmbeddedBrokerInfo
  /** In the order of the configs. */
  families: HostedFamily[]
  close(): Promise<void>
}

const MAX_RETRY_DELAY_MS = 5 * 60_000

/**
 * Starts the families of `configs` on one embedded broker. Its ports, certificate and clock-account
 * rules come from the first config; every family keeps its own data dir, devices and web clock.
 */
export async function startHost(configs: readonly ClockConfig[], options: HostOptions): Promise<RunningHost> {
  const problems = hostingProblems(configs)
  const first = configs[0]
  if (problems.length > 0 || !first || first.broker.kind !== 'embedded')
    throw new ConfigError('the hosted families', problems)

  // The host's folder (its broker's database, certificates) serves one running host (data-lock.ts).
  const release = await lockDataFolder(options.dataDir)
  let db: ReturnType<typeof openDatabase> | undefined
  let checkpointer: ReturnType<typeof checkpointInBackground>
  try {
    db = openDatabase(path.join(options.dataDir, 'broker.db'))
    keepCheckpointWorker()
    // Every phone's location is kept retained here: its WAL is checkpointed on the worker too, not
    // inside a write on the event loop every family shares.
    checkpointer = checkpointInBackground(db, db.name, {
      onError: (message) => options.logger.log('warn', message),
    })
  } catch (error) {
    db?.close()
    release()
    throw error
  }
  const database = db
  const families: HostedFamily[] = configs.map((config) => ({ config, clock: undefined, error: undefined }))
  const retries = new Set<NodeJS.Timeout>()
  const starting = new Set<Promise<void>>()
  let closed = false
  let served: ServedBroker | undefined
  const close = async () => {
    closed = true
    for (const timer of retries) clearTimeout(timer)
    retries.clear()
    await Promise.all(starting)
    for (const family of [...families].reverse()) {
      const clock = family.clock
      family.clock = undefined
      await clock?.close()
    }
    try {
      await served?.close()
    } finally {
      checkpointer.close()
      database.close()
      release()
    }
  }

  // One family that cannot start (a damaged database, a web port taken) must not keep the others dark:
  // it is logged and tried again, later and later, while they run.
  const startFamily = (family: HostedFamily, broker: ServedBroker, delayMs: number): Promise<void> => {
    const logger = familyLogger(options.logger, family.config.settings.family)
    const started = startClock(family.config, { ...options, logger, sharedBroker: broker }).then(
      async (clock) => {
        if (closed) return clock.close()
        family.clock = clock
        if (family.error !== undefined)
          logger.log('info', `started${clock.httpUrl ? `: web clock at ${clock.httpUrl}` : ''}`)
        family.error = undefined
        try {
          options.onFamilyStarted?.(family)
        } catch (error) {
          logger.log('error', `after starting: ${error instanceof Error ? error.message : String(error)}`)
        }
      },
      (error: unknown) => {
        family.error = error instanceof Error ? error.message : String(error)
        if (closed) return
        logger.log(
          'error',
          `could not start: ${family.error} (the other families run; trying again in ${Math.round(delayMs / 1000)} s)`,
        )
        const timer = setTimeout(() => {
          retries.delete(timer)
          void startFamily(family, broker, Math.min(delayMs * 2, MAX_RETRY_DELAY_MS))
        }, delayMs)
        timer.unref()
        retries.add(timer)
      },
    )
    starting.add(started)
    return started.finally(() => starting.delete(started))
  }

  try {
    const broker = await startBrokerWithCertificate(first.broker, {
      db: database,
      tlsDir: path.join(options.dataDir, 'tls'),
      logger: options.logger,
      maxPacketBytes: Math.max(...configs.map((c) => c.settings.maxPayloadBytes)) + 64 * 1024,
      certCheckIntervalMs: options.certCheckIntervalMs ?? 60_000,
      onCommitted: (bytes) => checkpointer.committed(bytes),
    })
    served = broker
    // Families taken out of the host: their sessions and retained locations are not kept for nobody.
    await broker.broker
      .forgetRemovedFamilies(configs.map((c) => c.settings.family))
      .catch(couldNotForget(options.logger, 'families'))
    for (const family of families) await startFamily(family, broker, options.retryDelayMs ?? 5_000)
    // With none running there is nothing to host: say why each failed, and stop.
    if (families.every((f) => f.clock === undefined))
      throw new Error(
        `no family could start: ${families.map((f) => `${f.config.settings.family}: ${f.error}`).join('; ')}`,
      )
    return { broker: broker.info, families, close }
  } catch (error) {
    await close()
    throw error
  }
}

/** Everything that stops these configs from sharing one process and broker, all at once. */
export function hostingProblems(configs: readonly ClockConfig[]): ConfigProblem[] {
  const problems: ConfigProblem[] = []
  if (configs.length === 0) problems.push({ path: 'families', message: 'no family config was given' })
  const seen = { family: new Map<string, number>(), dataDir: new Map<string, number>(), http: new Map() }
  configs.forEach((config, i) => {
    const where = `family ${i + 1} ("${config.settings.family}")`
    if (config.broker.kind !== 'embedded')
      problems.push({ path: `${where} broker`, message: 'hosting needs the embedded broker' })
    const clash = (kind: keyof typeof seen, key: string, what: string) => {
      const other = seen[kind].get(key)
      if (other !== undefined)
        problems.push({ path: where, message: `${what} is the same as family ${other + 1}'s` })
      else seen[kind].set(key, i)
    }
    clash('family', config.settings.family, `family name "${config.settings.family}"`)
    clash('dataDir', path.resolve(config.dataDir), `dataDir "${config.dataDir}"`)
    // Wildcard and named addresses overlap: the port alone decides.
    if (config.http.port !== 0) clash('http', String(config.http.port), `web clock port ${config.http.port}`)
  })
  problems.push(...sharedLogins(configs))
  return problems
}

/**
 * A bare username is tried against every family that has it, and the password decides: two families
 * giving one username the same password would let one's phone (or stepper clock) log in as the other's
 * and read that family. Generated passwords are random and never alike.
 */
function sharedLogins(configs: readonly ClockConfig[]): ConfigProblem[] {
  const byLogin = new Map<string, Set<string>>()
  for (const config of configs) {
    const family = config.settings.family
    // A device logs in by its id, or by its family's name (the password picks the device).
    const logins = config.devices.flatMap((d) => [
      [d.deviceId, d.password ?? d.passwordHash] as const,
      [family.toLowerCase(), d.password ?? d.passwordHash] as const,
    ])
    if (config.broker.kind === 'embedded')
      logins.push([config.broker.clockUsername.toLowerCase(), config.broker.clockPassword] as const)
    for (const [username, secret] of logins) {
      if (secret === undefined) continue
      const key = `${username}\u0000${secret}`
      byLogin.set(key, (byLogin.get(key) ?? new Set()).add(family))
    }
  }
  // (Hashes given in the config are salted, so equal passwords there differ: the broker refuses a login
  // that opens accounts in two families, whatever this check saw.)
  return [...byLogin].flatMap(([key, set]) => {
    const families = [...set]
    return families.length < 2
      ? []
      : [
          {
            path: `username "${key.split('\u0000')[0]}"`,
            message: `has the same password in families ${families.join(', ')}: a login could land in either family; give each its own password`,
          },
        ]
  })
}

/** Log lines of a hosted family say which family they are about. */
function familyLogger(logger: Logger, family: string): Logger {
  return {
    log: (level, message) => logger.log(level, `[${family}] ${message}`),
    isEnabled: (level) => logger.isEnabled(level),
  }
}
