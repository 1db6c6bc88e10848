// Where a clock inside MagicMirror² keeps its data, and what a MagicMirror config left unfilled.
// MagicMirror serves its whole modules folder to every browser that may load the mirror's page, so a
// data folder inside it would hand out the CA's private key, generated passwords and the location
// history: the default is in the user's data folder, one per family.

import { existsSync, mkdirSync, realpathSync, renameSync } from 'node:fs'
import { homedir } from 'node:os'
import path from 'node:path'

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
