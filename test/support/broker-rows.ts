// Reads what the embedded broker keeps on disk, from its SQLite file (the clock's, or a host's broker.db).

import Database from 'better-sqlite3'

/** What the broker keeps on disk for `family`: its sessions' subscriptions and its retained topics. */
export function brokerRowsOf(file: string, family: string): { sessions: number; retained: string[] } {
  const db = new Database(file, { readonly: true })
  // Prefixes compared exactly (LIKE would ignore case and read "_" as any character).
  const startsWith = (column: string, name: string) => `substr(${column}, 1, length(:${name})) = :${name}`
  try {
    const sessions = db
      .prepare(
        `SELECT count(DISTINCT client_id) FROM broker_subscription WHERE ${startsWith('client_id', 'account')}`,
      )
      .pluck()
      .get({ account: `${family}/` }) as number
    const retained = db
      .prepare(
        `SELECT topic FROM broker_retained WHERE (${startsWith('topic', 'phones')} OR ${startsWith('topic', 'hands')}) AND length(payload) > 0 ORDER BY topic`,
      )
      .pluck()
      .all({ phones: `owntracks/${family}/`, hands: `weasley/${family}/` }) as string[]
    return { sessions, retained }
  } finally {
    db.close()
  }
}
