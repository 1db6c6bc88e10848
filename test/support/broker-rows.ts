// Reads what the embedded broker keeps on disk, from its SQLite file (the clock's, or a host's broker.db).

import Database from 'better-sqlite3'

/** What the broker keeps on disk for `family`: its sessions' subscriptions and its retained topics. */
export function brokerRowsOf(file: string, family: string): { sessions: number; retained: string[] } {
  const db = new Database(file, { readonly: true })
  try {
    const sessions = db
      .prepare('SELECT count(DISTINCT client_id) FROM broker_subscription WHERE client_id LIKE ?')
      .pluck()
      .get(`${family}/%`) as number
    const retained = db
      .prepare(
        'SELECT topic FROM broker_retained WHERE (topic LIKE ? OR topic LIKE ?) AND length(payload) > 0',
      )
      .pluck()
      .all(`owntracks/${family}/%`, `weasley/${family}/%`) as string[]
    return { sessions, retained }
  } finally {
    db.close()
  }
}
