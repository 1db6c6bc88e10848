// The setup page's admin token: generated at first start, shown once, stored only as a hash.

import type { Db } from '../sqlite/open-database.js'
import { hashGeneratedSecret, randomSecret, verifyPassword } from './passwords.js'

const KEY = 'admin_token_hash'

/** Returns a new token when none exists (to print once), or null when one is already set. */
export function ensureAdminToken(db: Db): string | null {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(KEY)
  return row ? null : rotateAdminToken(db)
}

/** A new token; the previous one stops working at once. */
export function rotateAdminToken(db: Db): string {
  const token = randomSecret(144)
  db.prepare(
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(KEY, hashGeneratedSecret(token))
  return token
}

export function createAdminTokenCheck(db: Db): (token: string) => Promise<boolean> {
  const select = db.prepare('SELECT value FROM meta WHERE key = ?')
  // Remember the last token that verified, so a page's requests do not each pay for the check (tokens
  // stored before generated secrets got SHA-256 are scrypt hashes).
  let lastGood: { token: string; hash: string } | undefined
  return async (token) => {
    const row = select.get(KEY) as { value: string } | undefined
    if (!row || token.length === 0 || token.length > 200) return false
    if (lastGood && lastGood.hash === row.value && lastGood.token === token) return true
    const ok = await verifyPassword(token, row.value)
    if (ok) lastGood = { token, hash: row.value }
    return ok
  }
}
