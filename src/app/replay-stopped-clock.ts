// `weasley-clock replay` on a clock that is not running (in MagicMirror the clock has no web server to
// ask): its data folder taken as a start takes it, the journal's rejected messages replayed into its
// database, then everything closed. The next start shows the hands they moved.

import { existsSync } from 'node:fs'
import type { ClockConfig } from '../adapters/config/config-types.js'
import {
  checkDatabaseClosedElsewhere,
  DatabaseInUse,
  FolderInUse,
  lockDataFolder,
} from '../adapters/sqlite/data-lock.js'
import { databaseFileOf, noDatabaseAt } from '../adapters/sqlite/open-database.js'
import { openSqliteStore } from '../adapters/sqlite/sqlite-store.js'
import type { ReplayFilter, ReplayReport } from '../core/replay-report.js'
import { createFamilyPipeline } from './family-pipeline.js'
import type { Logger } from './ports.js'
import { createJournalReplay } from './replay-journal.js'

const STOP_FIRST = 'stop it, replay, then start it again'

export async function replayStoppedClock(
  config: ClockConfig,
  filter: ReplayFilter,
  logger: Logger,
): Promise<ReplayReport> {
  const file = databaseFileOf(config.dataDir)
  if (!existsSync(file)) throw new Error(noDatabaseAt(file))
  // Refused at once while the clock runs (it would not see what is replayed behind its back).
  const release = await lockDataFolder(config.dataDir, 0).catch((error: unknown) => {
    if (!(error instanceof FolderInUse)) throw error
    throw new Error(
      `${error.message.replace(/: give each clock.*$/, '')}: the clock is running without a web server to ask (in MagicMirror?): ${STOP_FIRST}`,
      { cause: error },
    )
  })
  try {
    try {
      checkDatabaseClosedElsewhere(file)
    } catch (error) {
      if (!(error instanceof DatabaseInUse)) throw error
      throw new Error(`${error.message}: ${STOP_FIRST}`, { cause: error })
    }
    const { db, store } = openSqliteStore(file, { onError: (message) => logger.log('warn', message) })
    try {
      const { pipeline } = createFamilyPipeline(config, {
        db,
        store,
        logger,
        connection: () => ({ connected: false, lastError: 'replaying' }),
      })
      const report = await createJournalReplay({ pipeline, store, now: Date.now })(filter)
      pipeline.flush()
      return report
    } finally {
      store.close()
    }
  } finally {
    release()
  }
}
