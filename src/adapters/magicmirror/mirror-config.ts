// MagicMirror's own config.js as its server read it (js/app.js keeps it in global.config): the helper
// starts a clock only for a config that file gives an instance of this module, whatever reaches the
// socket. Anything that can talk to MagicMirror's socket can send an INIT.

import { MODULE_DEFAULTS, withoutFrontEndKeys } from '../../displays/magicmirror/notifications.js'

export type MirrorCheck =
  /** No config.js to compare with (an old MagicMirror, or not inside one): the INIT is taken as sent. */
  | { kind: 'unknown' }
  /** An instance in config.js has exactly this config: the one to run, from the server's copy. */
  | { kind: 'listed'; config: Record<string, unknown> }
  | { kind: 'not-listed' }

export function checkAgainstMirror(mirror: unknown, moduleName: string, sent: unknown): MirrorCheck {
  const modules = isObject(mirror) ? mirror.modules : undefined
  if (!Array.isArray(modules)) return { kind: 'unknown' }
  const wanted = isObject(sent) ? canonical(withoutFrontEndKeys(sent)) : undefined
  for (const entry of modules) {
    if (!isObject(entry) || entry.disabled === true || typeof entry.module !== 'string') continue
    // "MMM-WeasleyClock", or a path to it under modules/.
    if (entry.module.split('/').at(-1) !== moduleName) continue
    const config = withoutFrontEndKeys({
      ...MODULE_DEFAULTS,
      ...(isObject(entry.config) ? entry.config : {}),
    })
    if (canonical(config) === wanted) return { kind: 'listed', config }
  }
  return { kind: 'not-listed' }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** JSON with keys sorted at every level: equal for equal configs, however their keys were ordered. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    isObject(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, v[k]]),
        )
      : v,
  )
}
