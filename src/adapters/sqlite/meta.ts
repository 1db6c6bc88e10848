// Small key/value facts kept with the state: the external client id, fingerprints of pushed places.

import type { KeyValue } from '../../app/ports.js'
import type { Db } from './open-database.js'

export function createMeta(db: Db): KeyValue {
  const select = db.prepare('SELECT value FROM meta WHERE key = ?')
  const upsert = db.prepare(
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  )
  return {
    get: (key) => (select.get(key) as { value: string } | undefined)?.value,
    set: (key, value) => {
      upsert.run(key, value)
    },
  }
}
