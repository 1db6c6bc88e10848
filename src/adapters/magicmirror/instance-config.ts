// One module instance's config, checked as far as it can be without starting a clock (MagicMirror's
// secrets and ${NAME}s filled in, listed in config.js, valid, data folder placed), and which clock it joins.

import path from 'node:path'
import type { Logger } from '../../app/ports.js'
import type { ClockConfig } from '../config/config-types.js'
import { ConfigError, parseConfig } from '../config/load-config.js'
import { unfilledVariables, withOldModuleDefaults } from '../config/magicmirror-data.js'
import { placeFiles } from './data-folder.js'
import { checkAgainstMirror } from './mirror-config.js'

/** Config values MagicMirror should have replaced from config.env (hideConfigSecrets). */
const UNREPLACED_SECRET = /\*\*(SECRET_[^*]+)\*\*/

/** MagicMirror's SECRET_* values that its own copy of config.js may hold garbled (see checkAgainstMirror). */
const secretsWithDollar = (): string[] =>
  Object.entries(process.env)
    .filter(([name, value]) => name.startsWith('SECRET_') && value?.includes('$'))
    .map(([, value]) => value as string)

/** What String.replaceAll reads as a pattern in the value it puts in ("$$", "$&", "$`", "$'"). */
const REPLACEMENT_PATTERN = /\$[$&`']/

/** MagicMirror's own copy of config.js holds a SECRET_* value garbled (see startListed). */
export const secretGarbledByMirror = (): boolean =>
  secretsWithDollar().some((value) => REPLACEMENT_PATTERN.test(value))

export interface InstanceConfigOptions {
  logger: Logger
  /** The module folder: default data folder. */
  moduleDir: string
  /** MagicMirror's config as its server read it (global.config), to check what an INIT asks for. */
  mirrorConfig?: () => unknown
}

/** The clock a config asks for, checked as far as it can be without starting it or any other. */
export function readInstanceConfig(
  raw: unknown,
  fromPage: boolean,
  options: InstanceConfigOptions,
): { config: ClockConfig } | { problems: string[] } {
  const { logger, moduleDir } = options
  let config: ClockConfig
  try {
    const secret = UNREPLACED_SECRET.exec(JSON.stringify(raw))
    if (secret) {
      return {
        problems: [
          `the config still holds the placeholder **${secret[1]}**: put ${secret[1]}=… in config/config.env and set hideConfigSecrets: true in config.js (MagicMirror also leaves it when cors is "allowAll")`,
        ],
      }
    }
    // Anything that reaches MagicMirror's socket can send an INIT: only a config that MagicMirror's
    // config.js gives an instance of this module is run.
    if (fromPage) {
      const check = checkAgainstMirror(options.mirrorConfig?.(), 'MMM-WeasleyClock', raw, secretsWithDollar())
      if (check.kind === 'not-listed')
        return {
          problems: [
            "this config is not one that MagicMirror's config.js gives MMM-WeasleyClock (a page open since before config.js changed? reload it after restarting MagicMirror): not started",
          ],
        }
    }
    // MagicMirror leaves a ${NAME} it has no value for as it is: it would become a password.
    const unfilled = unfilledVariables(raw)
    if (unfilled.length > 0)
      return {
        problems: unfilled.map(
          (name) => `\${${name}} has no value: put ${name}=… in config/config.env (or the environment)`,
        ),
      }
    config = parseConfig(withOldModuleDefaults(raw), {}, 'MMM-WeasleyClock config')
  } catch (error) {
    if (error instanceof ConfigError)
      return { problems: error.problems.map((p) => `${p.path}: ${p.message}`) }
    throw error
  }
  const placed = placeFiles(config, raw, moduleDir)
  if (placed.problem) return { problems: [placed.problem] }
  if (placed.moved)
    logger.log(
      'warn',
      `moved the data folder out of ${placed.moved} (MagicMirror serves that folder to every browser): it is now ${config.dataDir}`,
    )
  if (placed.otherFamilies)
    logger.log(
      'warn',
      `starting afresh in ${config.dataDir}, beside the data of ${placed.otherFamilies.join(', ')}: if this mirror's uniqueId was changed, stop MagicMirror and rename that folder to ${path.basename(config.dataDir)} to keep its CA (trusted by the phones), passwords and history`,
    )
  if (placed.inContainer)
    logger.log(
      'warn',
      `the data folder ${config.dataDir} is in this container's own file system, which is lost when the container is made anew: mount a volume outside MagicMirror's folders and set dataDir to it`,
    )
  return { config }
}

/** The config a clock runs with, less display keys: another instance's may differ in those. */
export const fingerprintOf = (config: ClockConfig): string =>
  JSON.stringify([config.settings, config.devices, config.broker, config.dataDir])

/** What makes two instances share one clock: the same broker connection and the same family. */
export function brokerKey(config: ClockConfig): { key: string; where: string } {
  const b = config.broker
  const where =
    b.kind === 'embedded' ? `embedded:${b.mqttsPort}:${b.mqttPort}` : `external:${b.url}:${b.username ?? ''}`
  return { key: `${where}#${config.settings.family}`, where }
}
