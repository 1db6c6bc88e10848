import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach } from 'vitest'
import { stateStoreContract } from '../../../test/contracts/state-store.contract.js'
import { createMemoryStore } from './memory-store.js'
import { openDatabase } from './open-database.js'
import { createSqliteStore } from './sqlite-store.js'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

stateStoreContract('SQLite store', ({ journalLimit }) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'weasley-store-'))
  dirs.push(dir)
  const file = path.join(dir, 'clock.db')
  let store = createSqliteStore(openDatabase(file), { journalLimit })
  return {
    get store() {
      return store
    },
    reopen() {
      store.close()
      store = createSqliteStore(openDatabase(file), { journalLimit })
      return store
    },
  }
})

stateStoreContract('memory store', ({ journalLimit }) => {
  const store = createMemoryStore({ journalLimit })
  return { store, reopen: () => store }
})
