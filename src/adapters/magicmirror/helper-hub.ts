// The MagicMirror helper's logic, free of MagicMirror itself: one running clock per distinct broker
// connection, shared by the module instances that use it; INIT from a known instance only gets a
// snapshot. MagicMirror calls the helper's start() once, but the front end's start() on every reload.

import { existsSync } from 'node:fs'
import path from 'node:path'
import type { Logger } from '../../app/ports.js'
import { type RunningClock, startClock } from '../../app/start-clock.js'
import {
  ERROR,
  type ErrorPayload,
  type InitPayload,
  STATE,
  type StatePayload,
} from '../../displays/magicmirror/notifications.js'
import { newPasswordsFile } from '../auth/new-passwords.js'
import type { ClockConfig } from '../config/config-types.js'
import { ConfigError, parseConfig } from '../config/load-config.js'
import {
  magicMirrorDataDir,
  moveOldDataDir,
  readFromModuleFolder,
  servedDataDirProblem,
  unfilledVariables,
} from '../config/magicmirror-data.js'
import { checkAgainstMirror } from './mirror-config.js'

export type Send = (notification: string, payload: StatePayload | ErrorPayload) => void

export interface HelperHubOptions {
  send: Send
  logger: Logger
  /** The module folder: default data folder and web root. */
  moduleDir: string
  /** MagicMirror's config as its server read it (global.config), to check what an INIT asks for. */
  mirrorConfig?: () => unknown
}

interface Entry {
  key: string
  /** The broker connection alone (see brokerKey). */
  where: string
  family: string
  /** The config the clock runs with, less display keys: another instance's may differ. */
  fingerprint: string
  running: Promise<RunningClock>
  instances: Set<string>
}

export interface HelperHub {
  init(payload: InitPayload): Promise<void>
  /** How many clocks (broker connections) are running. */
  size(): number
  stop(): Promise<void>
}

/** Clocks one MagicMirror runs at most (a family per broker connection). */
const MAX_CLOCKS = 4
/** Module instances showing one clock at most (each gets every view). */
const MAX_INSTANCES_PER_CLOCK = 16

/** Config values MagicMirror should have replaced from config.env (hideConfigSecrets). */
const UNREPLACED_SECRET = /\*\*(SECRET_[^*]+)\*\*/

/** MagicMirror's SECRET_* values that its own copy of config.js may hold garbled (see checkAgainstMirror). */
const secretsWithDollar = (): string[] =>
  Object.entries(process.env)
    .filter(([name, value]) => name.startsWith('SECRET_') && value?.includes('$'))
    .map(([, value]) => value as string)

export function createHelperHub(options: HelperHubOptions): HelperHub {
  const { send, logger, moduleDir } = options
  const entries = new Map<string, Entry>()
  const owner = new Map<string, Entry>()

  const fail = (identifier: string, problems: string[]) => {
    for (const p of problems) logger.log('error', `MMM-WeasleyClock ${identifier}: ${p}`)
    send(ERROR, { identifier, problems })
  }

  const snapshot = async (entry: Entry, identifier: string) => {
    const clock = await entry.running
    send(STATE, { identifier, view: clock.pipeline.view(), moved: false })
  }

  return {
    async init({ identifier, config: raw }) {
      if (typeof identifier !== 'string') return
      const known = owner.get(identifier)
      if (known) {
        await snapshot(known, identifier).catch(() => undefined)
        return
      }
      let config: ClockConfig
      try {
        const secret = UNREPLACED_SECRET.exec(JSON.stringify(raw))
        if (secret) {
          return fail(identifier, [
            `the config still holds the placeholder **${secret[1]}**: put ${secret[1]}=… in config/config.env and set hideConfigSecrets: true in config.js (MagicMirror also leaves it when cors is "allowAll")`,
          ])
        }
        // Anything that reaches MagicMirror's socket can send an INIT: only a config that MagicMirror's
        // config.js gives an instance of this module is run.
        const check = checkAgainstMirror(
          options.mirrorConfig?.(),
          'MMM-WeasleyClock',
          raw,
          secretsWithDollar(),
        )
        if (check.kind === 'not-listed')
          return fail(identifier, [
            "this config is not one that MagicMirror's config.js gives MMM-WeasleyClock (a page open since before config.js changed? reload it after restarting MagicMirror): not started",
          ])
        // MagicMirror leaves a ${NAME} it has no value for as it is: it would become a password.
        const unfilled = unfilledVariables(raw)
        if (unfilled.length > 0)
          return fail(
            identifier,
            unfilled.map(
              (name) => `\${${name}} has no value: put ${name}=… in config/config.env (or the environment)`,
            ),
          )
        config = parseConfig(raw, {}, 'MMM-WeasleyClock config')
      } catch (error) {
        if (error instanceof ConfigError)
          return fail(
            identifier,
            error.problems.map((p) => `${p.path}: ${p.message}`),
          )
        throw error
      }
      const placed = placeFiles(config, raw, moduleDir)
      if (placed.problem) return fail(identifier, [placed.problem])
      if (placed.moved)
        logger.log(
          'warn',
          `moved the data folder out of ${placed.moved} (MagicMirror serves that folder to every browser): it is now ${config.dataDir}`,
        )
      if (placed.inContainer)
        logger.log(
          'warn',
          `the data folder ${config.dataDir} is in this container's own file system, which is lost when the container is made anew: mount a volume outside MagicMirror's folders and set dataDir to it`,
        )
      const { key, where } = brokerKey(config)
      let entry = entries.get(key)
      const rival = [...entries.values()].find(
        (e) => e.where === where && e.family !== config.settings.family,
      )
      if (!entry && rival && config.broker.kind === 'embedded') {
        return fail(identifier, [
          `another MMM-WeasleyClock runs the embedded broker on these ports for family "${rival.family}": give this one other broker.mqttsPort and broker.mqttPort, or the same uniqueId`,
        ])
      }
      // Anything that reaches MagicMirror's socket can send an INIT: a bound on what it can start.
      if (!entry && entries.size >= MAX_CLOCKS) {
        return fail(identifier, [
          `at most ${MAX_CLOCKS} clocks (families or brokers) run in one MagicMirror: this one would be the ${entries.size + 1}th`,
        ])
      }
      if (entry && entry.instances.size >= MAX_INSTANCES_PER_CLOCK) {
        return fail(identifier, [
          `at most ${MAX_INSTANCES_PER_CLOCK} module instances show one family's clock`,
        ])
      }
      const fingerprint = JSON.stringify([config.settings, config.devices, config.broker, config.dataDir])
      if (entry && entry.fingerprint !== fingerprint)
        logger.log(
          'warn',
          `MMM-WeasleyClock ${identifier}: family "${entry.family}" already runs with another instance's config; this one shows that clock (its own display keys apply, its other settings do not)`,
        )
      if (!entry) {
        const instances = new Set<string>()
        const running = startClock(config, {
          // MagicMirror's log shows debug lines only when the module's config asks for them.
          logger: config.debug ? { ...logger, isEnabled: () => true } : logger,
          webRoot: path.join(moduleDir, 'dist', 'web'),
          serveHttp: false,
        }).then((clock) => {
          if (clock.generatedPasswords.length > 0)
            logger.log(
              'info',
              `new MQTT passwords for ${clock.generatedPasswords.length} account(s) are in ${newPasswordsFile(config.dataDir)} (readable only by you)`,
            )
          clock.pipeline.addOutput({
            show(view, changes) {
              for (const id of instances) send(STATE, { identifier: id, view, moved: changes.length > 0 })
            },
          })
          return clock
        })
        entry = { key, where, family: config.settings.family, fingerprint, running, instances }
        entries.set(key, entry)
      }
      entry.instances.add(identifier)
      owner.set(identifier, entry)
      try {
        await snapshot(entry, identifier)
      } catch (error) {
        entries.delete(key)
        for (const id of entry.instances) owner.delete(id)
        fail(identifier, [`could not start: ${error instanceof Error ? error.message : String(error)}`])
      }
    },
    size: () => entries.size,
    async stop() {
      const all = [...entries.values()]
      entries.clear()
      owner.clear()
      await Promise.all(all.map(async (e) => (await e.running.catch(() => undefined))?.close()))
    },
  }
}

/** What makes two instances share one clock: the same broker connection and the same family. */
function brokerKey(config: ClockConfig): { key: string; where: string } {
  const b = config.broker
  const where =
    b.kind === 'embedded' ? `embedded:${b.mqttsPort}:${b.mqttPort}` : `external:${b.url}:${b.username ?? ''}`
  return { key: `${where}#${config.settings.family}`, where }
}

/**
 * Files under MagicMirror: the data folder out of what MagicMirror serves (by default one per family in
 * the user's data folder, where an older version's `<module>/data` is moved), and relative certificate
 * paths read from the module folder, as the old module read its CA, not from MagicMirror's.
 */
function placeFiles(
  config: ClockConfig,
  raw: unknown,
  moduleDir: string,
): { problem?: string; moved?: string; inContainer?: boolean } {
  const given = typeof raw === 'object' && raw !== null && 'dataDir' in raw
  readFromModuleFolder(config, moduleDir, given)
  if (given) {
    const problem = servedDataDirProblem(config.dataDir, moduleDir)
    return problem ? { problem: `dataDir: ${problem}` } : {}
  }
  config.dataDir = magicMirrorDataDir(config.settings.family)
  const inContainer = existsSync('/.dockerenv') || existsSync('/run/.containerenv')
  try {
    const moved = moveOldDataDir(moduleDir, config.dataDir)
    return { ...(moved ? { moved } : {}), ...(inContainer ? { inContainer } : {}) }
  } catch (error) {
    return {
      problem: `could not move ${path.join(moduleDir, 'data')} to ${config.dataDir}: ${error instanceof Error ? error.message : String(error)}`,
    }
  }
}
