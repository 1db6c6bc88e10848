// Where a clock inside MagicMirror² keeps its data, and how the command line reads a MagicMirror
// config.js (its MMM-WeasleyClock entry, with what MagicMirror would fill in, and the same data folder).
// MagicMirror serves its whole modules folder to every browser that may load the mirror's page, so a
// data folder inside it would hand out the CA's private key, generated passwords and the location
// history: the default is in the user's data folder, one per family.

import { existsSync, mkdirSync, readFileSync, realpathSync, renameSync } from 'node:fs'
import { homedir } from 'node:os'
import path from 'node:path'
import { parseEnv } from 'node:util'
import { type ConfigProblem, isObject, type Obj } from './config-reader.js'
import type { ClockConfig } from './config-types.js'
import { ID_PATTERN } from './read-family.js'

/** `$XDG_DATA_HOME/weasley-clock/<family>` (by default `~/.local/share/weasley-clock/<family>`). */
export function magicMirrorDataDir(family: string, env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_DATA_HOME || path.join(homedir(), '.local', 'share')
  return path.join(base, 'weasley-clock', family)
}

/** The folders MagicMirror's server hands out as files to any browser it lets in (js/server.js). */
const SERVED = ['config', 'css', 'fonts', 'modules', 'vendor', 'translations', 'tests', 'defaultmodules']

/** The path with symlinks resolved as far as it exists. */
function real(p: string): string {
  const resolved = path.resolve(p)
  const parent = path.dirname(resolved)
  if (existsSync(resolved)) return realpathSync(resolved)
  return parent === resolved ? resolved : path.join(real(parent), path.basename(resolved))
}

/** Why a data folder may not be used under MagicMirror, or undefined when it may. */
export function servedDataDirProblem(dataDir: string, moduleDir: string): string | undefined {
  // MagicMirror's root is two levels above the module folder as MagicMirror names it; the module
  // folder may itself be a link to a checkout elsewhere, which is then served too.
  const root = real(path.dirname(path.dirname(path.resolve(moduleDir))))
  const served = [
    ...SERVED.map((name) => ({ name, folder: path.join(root, name) })),
    { name: 'module', folder: real(moduleDir) },
  ]
  const target = real(dataDir)
  for (const { name, folder } of served) {
    const relative = path.relative(folder, target)
    if (!relative.startsWith('..') && !path.isAbsolute(relative))
      return `${dataDir} is inside MagicMirror's ${name} folder, which MagicMirror serves to every browser (CA key, passwords, history): leave dataDir out (the default is ${magicMirrorDataDir('<uniqueId>')}) or choose a folder outside MagicMirror`
  }
  return undefined
}

/** What an earlier version left in the module folder, if anything. */
export const oldDataDir = (moduleDir: string): string | undefined => {
  const old = path.join(moduleDir, 'data')
  return existsSync(path.join(old, 'weasley.db')) ? old : undefined
}

/**
 * The data folder earlier versions kept in the module folder (`<module>/data`) moves to `dataDir` when
 * that does not exist yet: state, certificates (the phones trust that CA) and passwords come along. Only
 * a rename, never a copy: a copy half made (a full disk) or made into a container's own file system (the
 * module folder is the mounted volume there) would lose the family's CA. Returns the folder it moved, if any.
 */
export function moveOldDataDir(moduleDir: string, dataDir: string): string | undefined {
  const old = oldDataDir(moduleDir)
  if (!old || existsSync(dataDir)) return undefined
  mkdirSync(path.dirname(dataDir), { recursive: true, mode: 0o700 })
  try {
    renameSync(old, dataDir)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error
    throw new Error(
      `${old} and ${dataDir} are on different file systems (in a container, its home is not kept): move the folder yourself to a kept place outside MagicMirror and set dataDir to it`,
    )
  }
  return old
}

/** `${NAME}` placeholders MagicMirror leaves as they are when NAME is in neither config.env nor the environment. */
export function unfilledVariables(config: unknown): string[] {
  const names = new Set<string>()
  for (const m of JSON.stringify(config ?? {}).matchAll(/\$\{([A-Za-z_]\w*)\}/g)) if (m[1]) names.add(m[1])
  return [...names]
}

/**
 * Relative paths in a MagicMirror config are the module folder's, as the old module read its CA: the
 * certificate files, and `dataDir` when the config gives it (not one from the command line).
 */
export function readFromModuleFolder(config: ClockConfig, moduleDir: string, dataDirGiven: boolean): void {
  const b = config.broker as Partial<Record<'caFile' | 'certFile' | 'keyFile', string>>
  for (const key of ['caFile', 'certFile', 'keyFile'] as const) {
    const file = b[key]
    if (file !== undefined) b[key] = path.resolve(moduleDir, file)
  }
  if (dataDirGiven) config.dataDir = path.resolve(moduleDir, config.dataDir)
}

/** The old module's dial when its entry named no `locations`: MagicMirror merged these in. */
export const OLD_MODULE_LOCATIONS: readonly string[] = [
  'Home',
  'School',
  'Work',
  'Mortal Peril',
  'Jail',
  'Food',
]

/**
 * A MagicMirror entry as the old module read it: an old one (with `people`) that names no places (neither
 * its `locations` nor our `places`) has the old module's default ones. Not a MagicMirror default here: MagicMirror would
 * merge it under an entry that gives `places`.
 */
export function withOldModuleDefaults(raw: unknown): unknown {
  // Only an old entry (its `people`): one written for this clock names its places or means none.
  if (!isObject(raw) || !('people' in raw) || 'locations' in raw || 'places' in raw) return raw
  return { ...raw, locations: [...OLD_MODULE_LOCATIONS] }
}

/** Whether a config file is a MagicMirror² config.js rather than the clock's own JSON. */
export const isMagicMirrorConfig = (file: string): boolean => /\.(c|m)?js$/.test(file)

/** The module's folder for a MagicMirror config/config.js: modules/MMM-WeasleyClock beside config/. */
export const moduleDirOf = (mirrorConfigFile: string): string =>
  path.join(path.dirname(path.resolve(mirrorConfigFile)), '..', 'modules', 'MMM-WeasleyClock')

/**
 * A MagicMirror² config.js holds the whole mirror: the first MMM-WeasleyClock entry's config (of those
 * not disabled), with `${VAR}` filled from the environment and config/config.env as MagicMirror does,
 * and the data folder the module's helper uses (unless `dataDir` is given), so the command line (provision, doctor…) works
 * on the mirror's own config file and data. Only the helper moves an older data folder: MagicMirror may
 * be running on it. Throws when the file holds no such entry.
 */
export function fromMagicMirrorConfig(
  mirror: unknown,
  file: string,
  dataDir: string | undefined,
  /** The uniqueId of the entry to read, where the mirror has several clocks. */
  family?: string,
): { raw: unknown; problems: ConfigProblem[] } {
  if (!isObject(mirror) || !Array.isArray(mirror.modules)) return { raw: mirror, problems: [] }
  // A disabled entry is one MagicMirror does not run (nor its helper start).
  const entries = mirror.modules.filter(
    (m: unknown) => isObject(m) && m.module === 'MMM-WeasleyClock' && m.disabled !== true,
  ) as Obj[]
  if (entries.length === 0)
    throw new Error('this MagicMirror config has no MMM-WeasleyClock module that is not disabled')
  // Read as MagicMirror reads it: <config file's name>.env (config.env for config.js) with Node's own
  // .env parser (comments, quotes, escapes, `export`), a variable already in the environment winning.
  const envFile = file.replace(/\.[^./\\]+$/, '') + '.env'
  let fromFile: Record<string, string | undefined> = {}
  try {
    fromFile = parseEnv(readFileSync(envFile, 'utf8'))
  } catch {
    // no such file next to the config: the environment alone
  }
  const env: Record<string, string | undefined> = { ...fromFile, ...process.env }
  const filled = (text: string) =>
    text.replace(/\$\{(\w+)\}/g, (whole, name: string) => {
      const value = env[name]
      return value === undefined ? whole : JSON.stringify(value).slice(1, -1)
    })
  const nameOf = (e: Obj): string | undefined => {
    const c = isObject(e.config) ? e.config : {}
    const name = c.uniqueId ?? c.family
    return typeof name === 'string' ? filled(name).normalize('NFC') : undefined
  }
  // One family may be shown by several instances (a clock and a table): its first entry starts it.
  const families = [...new Set(entries.map((e) => nameOf(e) ?? '(no uniqueId)'))]
  const entry = family === undefined ? entries[0] : entries.find((e) => nameOf(e) === family.normalize('NFC'))
  if (!entry)
    throw new Error(
      `this MagicMirror config has no MMM-WeasleyClock entry for "${family}" (it has ${families.join(', ')})`,
    )
  // Several clocks on one mirror: a command for "the" clock would set up the first family's phones.
  if (family === undefined && families.length > 1)
    throw new Error(
      `this MagicMirror config has clocks of ${families.length} families (${families.join(', ')}): say which with --family NAME`,
    )
  const text = filled(JSON.stringify(entry.config ?? {}))
  let raw = JSON.parse(text) as Obj
  const unfilled = unfilledVariables(raw).map((name) => ({
    path: `\${${name}}`,
    message: `has no value: put ${name}=… in ${envFile} (or the environment)`,
  }))
  if (unfilled.length > 0) return { raw, problems: unfilled }
  raw = withOldModuleDefaults(raw) as Obj
  // A uniqueId that is no valid name is reported by the parse.
  const named = raw.uniqueId ?? raw.family
  if (
    dataDir !== undefined ||
    raw.dataDir !== undefined ||
    typeof named !== 'string' ||
    !ID_PATTERN.test(named)
  )
    return { raw, problems: [] }
  // Spelled as the parsed config spells it (composed), so this is the folder the helper uses.
  const mirrorDataDir = magicMirrorDataDir(named.normalize('NFC'))
  const old = oldDataDir(moduleDirOf(file))
  if (old && !existsSync(mirrorDataDir))
    return {
      raw,
      problems: [
        {
          path: 'dataDir',
          message: `the mirror's data is still in ${old}: restart MagicMirror once with this version (it moves the folder to ${mirrorDataDir}), then run this again`,
        },
      ],
    }
  return { raw: { ...raw, dataDir: mirrorDataDir }, problems: [] }
}
