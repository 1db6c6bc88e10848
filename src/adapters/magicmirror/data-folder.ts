// Where a mirror's clock keeps its data: the user's data folder by default (an older version's
// `<module>/data` moved there), never a folder MagicMirror serves to browsers; and a word when a family
// starts afresh beside another family's data, as after a changed uniqueId.

import { existsSync, readdirSync } from 'node:fs'
import path from 'node:path'
import type { ClockConfig } from '../config/config-types.js'
import {
  magicMirrorDataDir,
  moveOldDataDir,
  readFromModuleFolder,
  servedDataDirProblem,
} from '../config/magicmirror-data.js'

/**
 * Files under MagicMirror: the data folder out of what MagicMirror serves (by default one per family in
 * the user's data folder, where an older version's `<module>/data` is moved), and relative certificate
 * paths read from the module folder, as the old module read its CA, not from MagicMirror's.
 */
export function placeFiles(
  config: ClockConfig,
  raw: unknown,
  moduleDir: string,
): { problem?: string; moved?: string; inContainer?: boolean; otherFamilies?: string[] } {
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
    // A family with no folder yet beside others that have data: most likely a uniqueId changed, and a
    // fresh start would mean a new CA on every phone and no history.
    const otherFamilies = existsSync(config.dataDir) ? [] : familiesBeside(config.dataDir)
    return {
      ...(moved ? { moved } : {}),
      ...(inContainer ? { inContainer } : {}),
      ...(otherFamilies.length > 0 ? { otherFamilies } : {}),
    }
  } catch (error) {
    return {
      problem: `could not move ${path.join(moduleDir, 'data')} to ${config.dataDir}: ${error instanceof Error ? error.message : String(error)}`,
    }
  }
}

/** The folders beside `dataDir` that hold a clock's database (other families' data folders). */
function familiesBeside(dataDir: string): string[] {
  const parent = path.dirname(dataDir)
  try {
    return readdirSync(parent).filter((name) => existsSync(path.join(parent, name, 'weasley.db')))
  } catch {
    return []
  }
}
