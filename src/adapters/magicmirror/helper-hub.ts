// The MagicMirror helper's logic, free of MagicMirror itself: one running clock per distinct broker
// connection, shared by the module instances that use it; INIT from a known instance only gets a
// snapshot. MagicMirror calls the helper's start() once, but the front end's start() on every reload.

import path from 'node:path'
import type { Logger } from '../../app/ports.js'
import { type RunningClock, startClock } from '../../app/start-clock.js'
import {
  ERROR,
  type ErrorPayload,
  type InitPayload,
  STARTING,
  STATE,
  type StartingPayload,
  type StatePayload,
} from '../../displays/magicmirror/notifications.js'
import { newPasswordsFile } from '../auth/new-passwords.js'
import type { ClockConfig } from '../config/config-types.js'
import { brokerKey, fingerprintOf, readInstanceConfig, secretGarbledByMirror } from './instance-config.js'
import { pageConfigs } from './mirror-config.js'

export type Send = (notification: string, payload: StartingPayload | StatePayload | ErrorPayload) => void

export interface HelperHubOptions {
  send: Send
  logger: Logger
  /** The module folder: default data folder and web root. */
  moduleDir: string
  /** MagicMirror's config as its server read it (global.config), to check what an INIT asks for. */
  mirrorConfig?: () => unknown
  /** First wait before a listed clock that failed to start is tried again (doubling, at most 5 min). */
  retryDelayMs?: number
}

const MAX_RETRY_DELAY_MS = 5 * 60_000

interface Entry {
  key: string
  /** The broker connection alone (see brokerKey). */
  where: string
  family: string
  /** Its data folder, resolved: one running clock per folder (data-lock.ts). */
  dataDir: string
  /** The config the clock runs with, less display keys: another instance's may differ. */
  fingerprint: string
  running: Promise<RunningClock>
  instances: Set<string>
}

export interface HelperHub {
  init(payload: InitPayload): Promise<void>
  /**
   * Starts the clock of every enabled instance MagicMirror's config.js lists, before any page asks
   * (a server without a browser, a kiosk whose browser is not up yet); a page's INIT then joins it.
   * Resolves once each has started or failed (failures are logged; the page's INIT tries again).
   */
  startListed(): Promise<void>
  /** How many clocks (broker connections) are running. */
  size(): number
  stop(): Promise<void>
}

/** Clocks one MagicMirror runs at most (a family per broker connection). */
const MAX_CLOCKS = 4
/** Module instances showing one clock at most (each gets every view). */
const MAX_INSTANCES_PER_CLOCK = 16

type Prepared = { config: ClockConfig; key: string; where: string } | { problems: string[] }

export function createHelperHub(options: HelperHubOptions): HelperHub {
  const { send, logger, moduleDir } = options
  const entries = new Map<string, Entry>()
  const owner = new Map<string, Entry>()
  const retries = new Set<NodeJS.Timeout>()
  /**
   * Pages told their clock could not start, by the clock they asked for: a later start of it (the
   * retries of startListed) shows it on them. A page asks again only when its socket reconnects.
   */
  const stranded = new Map<string, Set<string>>()
  let stopped = false

  const logProblems = (who: string, problems: string[]) => {
    for (const p of problems) logger.log('error', `MMM-WeasleyClock ${who}: ${p}`)
  }
  const fail = (identifier: string, problems: string[]) => {
    logProblems(identifier, problems)
    send(ERROR, { identifier, problems })
  }

  const snapshot = async (entry: Entry, identifier: string) => {
    const clock = await entry.running
    send(STATE, { identifier, view: clock.pipeline.view(), moved: false })
  }

  /** The clock a config asks for (read in instance-config.ts), if this mirror may run it beside the others. */
  const prepare = (raw: unknown, fromPage: boolean): Prepared => {
    const read = readInstanceConfig(raw, fromPage, options)
    if ('problems' in read) return read
    const { config } = read
    const { key, where } = brokerKey(config)
    const entry = entries.get(key)
    const rival = [...entries.values()].find((e) => e.where === where && e.family !== config.settings.family)
    if (!entry && rival && config.broker.kind === 'embedded') {
      return {
        problems: [
          `another MMM-WeasleyClock runs the embedded broker on these ports for family "${rival.family}": give this one other broker.mqttsPort and broker.mqttPort, or the same uniqueId`,
        ],
      }
    }
    const sharing = [...entries.values()].find(
      (e) => e.key !== key && e.dataDir === path.resolve(config.dataDir),
    )
    if (!entry && sharing) {
      return {
        problems: [
          `another MMM-WeasleyClock runs family "${sharing.family}" in the same data folder ${sharing.dataDir}${sharing.family === config.settings.family ? ' with other broker settings: give both instances the same broker settings (to share one clock), or this one' : ': give this one'} a dataDir of its own`,
        ],
      }
    }
    // Anything that reaches MagicMirror's socket can send an INIT: a bound on what it can start.
    if (!entry && entries.size >= MAX_CLOCKS) {
      return {
        problems: [
          `at most ${MAX_CLOCKS} clocks (families or brokers) run in one MagicMirror: this one would be the ${entries.size + 1}th`,
        ],
      }
    }
    return { config, key, where }
  }

  /** A clock that failed to start is forgotten: the next INIT for it tries again. */
  const forget = (entry: Entry) => {
    if (entries.get(entry.key) === entry) entries.delete(entry.key)
    for (const id of entry.instances) if (owner.get(id) === entry) owner.delete(id)
    if (entry.instances.size === 0) return
    // Bounded: anything that reaches MagicMirror's socket can send an INIT that fails.
    if (!stranded.has(entry.key) && stranded.size >= MAX_CLOCKS) {
      const oldest = stranded.keys().next().value
      if (oldest !== undefined) stranded.delete(oldest)
    }
    const pages = [...(stranded.get(entry.key) ?? []), ...entry.instances]
    stranded.set(entry.key, new Set(pages.slice(-MAX_INSTANCES_PER_CLOCK)))
  }
  /** Pages left with an error for this clock, now that it runs: they show it from here on. */
  const adoptStranded = (entry: Entry) => {
    const pages = stranded.get(entry.key)
    stranded.delete(entry.key)
    for (const id of pages ?? []) {
      if (owner.has(id) || entry.instances.size >= MAX_INSTANCES_PER_CLOCK) continue
      entry.instances.add(id)
      owner.set(id, entry)
      void snapshot(entry, id).catch(() => undefined)
    }
  }

  const startEntry = (config: ClockConfig, key: string, where: string): Entry => {
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
    const entry: Entry = {
      key,
      where,
      family: config.settings.family,
      dataDir: path.resolve(config.dataDir),
      fingerprint: fingerprintOf(config),
      running,
      instances,
    }
    entries.set(key, entry)
    running.then(
      () => adoptStranded(entry),
      () => forget(entry),
    )
    return entry
  }

  /** An instance joins the clock its config asks for, started if none runs yet. */
  const attach = async (identifier: string, raw: unknown) => {
    const known = owner.get(identifier)
    if (known) {
      await snapshot(known, identifier).catch(() => undefined)
      return
    }
    for (const pages of stranded.values()) pages.delete(identifier)
    const prepared = prepare(raw, true)
    if ('problems' in prepared) return fail(identifier, prepared.problems)
    const { config, key, where } = prepared
    let entry = entries.get(key)
    if (entry && entry.instances.size >= MAX_INSTANCES_PER_CLOCK) {
      return fail(identifier, [`at most ${MAX_INSTANCES_PER_CLOCK} module instances show one family's clock`])
    }
    if (entry && entry.fingerprint !== fingerprintOf(config))
      logger.log(
        'warn',
        `MMM-WeasleyClock ${identifier}: family "${entry.family}" already runs with another instance's config; this one shows that clock (its own display keys apply, its other settings do not)`,
      )
    entry ??= startEntry(config, key, where)
    entry.instances.add(identifier)
    owner.set(identifier, entry)
    // A clock that fails to start is forgotten (startEntry), and init tells the page why.
    await snapshot(entry, identifier)
  }

  return {
    async init({ identifier, config: raw }) {
      if (typeof identifier !== 'string') return
      // The page tells a helper that never answers (one that failed to load) from a slow first start.
      send(STARTING, { identifier })
      try {
        await attach(identifier, raw)
      } catch (error) {
        // Whatever else goes wrong reaches the page too: the log alone leaves it winding forever.
        fail(identifier, [`could not start: ${error instanceof Error ? error.message : String(error)}`])
      }
    },
    async startListed() {
      const mirror = options.mirrorConfig?.()
      const configs = pageConfigs(mirror, 'MMM-WeasleyClock') ?? []
      // With hideConfigSecrets the page's INIT brings SECRET_* values as config.env has them, but
      // MagicMirror's own copy was filled in with String.replaceAll: one holding a replacement pattern
      // is garbled there, and a clock started from it would refuse its phones (or its broker, it).
      if (
        configs.length > 0 &&
        (mirror as { hideConfigSecrets?: unknown }).hideConfigSecrets === true &&
        secretGarbledByMirror()
      ) {
        logger.log(
          'warn',
          `a SECRET_ value in config/config.env holds "$$", "$&", "$\`" or "$'", which MagicMirror's server keeps garbled: MMM-WeasleyClock starts when the mirror's page opens, not before`,
        )
        return
      }
      const starting: Promise<unknown>[] = []
      for (const [n, raw] of configs.entries()) {
        const who = `(config.js, enabled entry ${n + 1} of the module)`
        const prepared = prepare(raw, false)
        if ('problems' in prepared) {
          logProblems(who, prepared.problems)
          continue
        }
        const { config, key, where } = prepared
        // A start that fails (a port the previous run still holds) is tried again, later and later: on a
        // mirror without a browser no page would ever open to try it.
        const attempt = (delayMs: number): Promise<unknown> => {
          if (stopped) return Promise.resolve()
          // A start of it already under way (a page's INIT) counts as this try: if it fails, the next
          // try is still made.
          return (entries.get(key) ?? startEntry(config, key, where)).running.catch((error: unknown) => {
            const next = Math.min(delayMs * 2, MAX_RETRY_DELAY_MS)
            logProblems(who, [
              `could not start: ${error instanceof Error ? error.message : String(error)} (trying again in ${Math.round(delayMs / 1000)} s, or when the mirror's page opens)`,
            ])
            if (stopped) return
            const timer = setTimeout(() => {
              retries.delete(timer)
              void attempt(next)
            }, delayMs)
            timer.unref()
            retries.add(timer)
          })
        }
        starting.push(attempt(options.retryDelayMs ?? 5_000))
      }
      await Promise.all(starting)
    },
    size: () => entries.size,
    async stop() {
      stopped = true
      for (const timer of retries) clearTimeout(timer)
      retries.clear()
      stranded.clear()
      const all = [...entries.values()]
      entries.clear()
      owner.clear()
      await Promise.all(all.map(async (e) => (await e.running.catch(() => undefined))?.close()))
    },
  }
}
