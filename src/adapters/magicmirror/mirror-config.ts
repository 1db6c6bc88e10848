// MagicMirror's own config.js as its server read it (js/app.js keeps it in global.config): the helper
// starts a clock only for a config that file gives an instance of this module, whatever reaches the
// socket. Anything that can talk to MagicMirror's socket can send an INIT.

import { MODULE_DEFAULTS, withoutFrontEndKeys } from '../../displays/magicmirror/notifications.js'

export type MirrorCheck =
  /** No config.js to compare with (not inside MagicMirror): the INIT is taken as sent. */
  | { kind: 'unknown' }
  /** An instance in config.js has this config. */
  | { kind: 'listed' }
  | { kind: 'not-listed' }

/**
 * Whether `sent` (an INIT's config: the instance's config over the module's defaults, as the browser
 * had it, secrets put back by MagicMirror) is the config of an instance of `moduleName` in `mirror`.
 * Compared as the browser sees them: keys at their default value or undefined count as absent, key
 * order does not matter, and a string that is the value of one of `secrets` (MagicMirror's SECRET_*
 * variables holding a "$") matches whatever the server's copy has there: MagicMirror writes those into
 * its own copy with String.replaceAll, which reads "$$", "$&", "$`" and "$'" as patterns.
 */
export function checkAgainstMirror(
  mirror: unknown,
  moduleName: string,
  sent: unknown,
  secrets: readonly string[] = [],
): MirrorCheck {
  const listed = listedConfigs(mirror, moduleName)
  if (!listed) return { kind: 'unknown' }
  if (!isObject(sent)) return { kind: 'not-listed' }
  const wanted = asBrowserSends(sent)
  for (const config of listed) if (same(asBrowserSends(config), wanted, secrets)) return { kind: 'listed' }
  return { kind: 'not-listed' }
}

/**
 * The configs `mirror` gives the enabled instances of `moduleName`, as the page of each would send
 * them in its INIT: over the module's defaults (MagicMirror's setConfig), less display keys, as JSON
 * carries them (MagicMirror 2.35 on hands the browser its config as JSON: a key that is undefined in
 * config.js is absent there, so its default applies). Undefined when there is no config.js to read.
 */
export function pageConfigs(mirror: unknown, moduleName: string): Record<string, unknown>[] | undefined {
  return listedConfigs(mirror, moduleName)?.map((config) =>
    withoutFrontEndKeys({ ...MODULE_DEFAULTS, ...asJson(config) }),
  )
}

/** The `config` of each enabled instance of `moduleName` in config.js, or undefined without one. */
function listedConfigs(mirror: unknown, moduleName: string): Record<string, unknown>[] | undefined {
  const modules = isObject(mirror) ? mirror.modules : undefined
  if (!Array.isArray(modules)) return undefined
  const configs: Record<string, unknown>[] = []
  for (const entry of modules) {
    if (!isObject(entry) || entry.disabled === true || typeof entry.module !== 'string') continue
    // "MMM-WeasleyClock", or a path to it under modules/.
    if (entry.module.split('/').at(-1) !== moduleName) continue
    configs.push(isObject(entry.config) ? entry.config : {})
  }
  return configs
}

const asJson = (config: Record<string, unknown>): Record<string, unknown> =>
  JSON.parse(JSON.stringify(config)) as Record<string, unknown>

/** As JSON carries it (no undefined, no functions), less display keys and keys at their default. */
function asBrowserSends(config: Record<string, unknown>): Record<string, unknown> {
  const json = asJson(withoutFrontEndKeys(config))
  for (const [key, value] of Object.entries(MODULE_DEFAULTS))
    if (key in json && JSON.stringify(json[key]) === JSON.stringify(value)) delete json[key]
  return json
}

function same(fromFile: unknown, sent: unknown, secrets: readonly string[]): boolean {
  if (typeof sent === 'string' && typeof fromFile === 'string' && secrets.includes(sent)) return true
  if (Array.isArray(fromFile) && Array.isArray(sent))
    return fromFile.length === sent.length && fromFile.every((v, i) => same(v, sent[i], secrets))
  if (isObject(fromFile) && isObject(sent)) {
    const keys = Object.keys(fromFile)
    return (
      keys.length === Object.keys(sent).length &&
      keys.every((k) => Object.hasOwn(sent, k) && same(fromFile[k], sent[k], secrets))
    )
  }
  return fromFile === sent
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
