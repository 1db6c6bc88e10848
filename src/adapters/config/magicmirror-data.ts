// Where a clock inside MagicMirror² keeps its data, and what a MagicMirror config left unfilled.
// MagicMirror serves its whole modules folder to every browser that may load the mirror's page, so a
// data folder inside it would hand out the CA's private key, generated passwords and the location
// history: the default is in the user's data folder, one per family.

import { cpSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs'
import { homedir } from 'node:os'
import path from 'node:path'

/** `$XDG_DATA_HOME/weasley-clock/<family>` (by default `~/.local/share/weasley-clock/<family>`). */
export function magicMirrorDataDir(family: string, env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_DATA_HOME || path.join(homedir(), '.local', 'share')
  return path.join(base, 'weasley-clock', family)
}

/** Why a data folder may not be used under MagicMirror, or undefined when it may. */
export function servedDataDirProblem(dataDir: string, moduleDir: string): string | undefined {
  const modules = path.dirname(path.resolve(moduleDir))
  const relative = path.relative(modules, path.resolve(dataDir))
  if (relative.startsWith('..') || path.isAbsolute(relative)) return undefined
  return `${dataDir} is inside MagicMirror's modules folder, which MagicMirror serves to every browser (CA key, passwords, history): leave dataDir out (the default is ${magicMirrorDataDir('<uniqueId>')}) or choose a folder outside it`
}

/**
 * The data folder earlier versions kept in the module folder (`<module>/data`) moves to `dataDir` when
 * that does not exist yet: state, certificates (the phones trust that CA) and passwords come along.
 * Returns the folder it moved, if any.
 */
export function moveOldDataDir(moduleDir: string, dataDir: string): string | undefined {
  const old = path.join(moduleDir, 'data')
  if (!existsSync(path.join(old, 'weasley.db')) || existsSync(dataDir)) return undefined
  mkdirSync(path.dirname(dataDir), { recursive: true, mode: 0o700 })
  try {
    renameSync(old, dataDir)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error
    cpSync(old, dataDir, { recursive: true, preserveTimestamps: true })
    rmSync(old, { recursive: true, force: true })
  }
  return old
}

/** `${NAME}` placeholders MagicMirror leaves as they are when NAME is in neither config.env nor the environment. */
export function unfilledVariables(config: unknown): string[] {
  const names = new Set<string>()
  for (const m of JSON.stringify(config ?? {}).matchAll(/\$\{([A-Za-z_]\w*)\}/g)) if (m[1]) names.add(m[1])
  return [...names]
}
