// The setup page's admin token: generated at first start, kept in plain text only in a file of the data
// folder that only its owner can read (`admin-token.txt`), and as a hash in the database.

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Db } from '../sqlite/open-database.js'
import { hashGeneratedSecret, randomSecret, verifyPassword } from './passwords.js'

const KEY = 'admin_token_hash'

/** Where the current token is kept for its owner. */
export const adminTokenFile = (dataDir: string): string => path.resolve(dataDir, 'admin-token.txt')

/** Returns a new token when none exists (to tell once), or null when one is already set. */
export function ensureAdminToken(db: Db, dataDir: string): string | null {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(KEY)
  return row ? null : rotateAdminToken(db, dataDir)
}

/**
 * A token an older version stored as a scrypt hash is stored as the rest are (a keyed SHA-256) at
 * start, from its file: until then every wrong token anyone on the network sends costs a 32 MiB scrypt.
 * Nothing changes where the file is gone or holds another token (the check upgrades it when used).
 */
export async function upgradeStoredAdminToken(db: Db, dataDir: string): Promise<void> {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(KEY) as { value: string } | undefined
  if (!row?.value.startsWith('scrypt$')) return
  let token: string
  try {
    token = readFileSync(adminTokenFile(dataDir), 'utf8').trim()
  } catch {
    return
  }
  if (token.length === 0 || token.length > 200 || !(await verifyPassword(token, row.value))) return
  db.prepare('UPDATE meta SET value = ? WHERE key = ? AND value = ?').run(
    hashGeneratedSecret(token),
    KEY,
    row.value,
  )
}

/**
 * A new token; the previous one stops working at once. Its file is written first: a token that could
 * not be kept is never the only one that works.
 */
export function rotateAdminToken(db: Db, dataDir: string): string {
  const token = randomSecret(144)
  writeAdminTokenFile(dataDir, token)
  db.prepare(
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(KEY, hashGeneratedSecret(token))
  return token
}

export function createAdminTokenCheck(db: Db): (token: string) => Promise<boolean> {
  const select = db.prepare('SELECT value FROM meta WHERE key = ?')
  const replace = db.prepare('UPDATE meta SET value = ? WHERE key = ? AND value = ?')
  // Remember the last token that verified, so a page's requests do not each pay for the check (tokens
  // stored before generated secrets got SHA-256 are scrypt hashes).
  // Kept as a keyed digest and compared in constant time, as the token itself would be by `===`.
  const key = randomBytes(32)
  const digestOf = (token: string) => createHmac('sha256', key).update(token).digest()
  let lastGood: { digest: Buffer; hash: string } | undefined
  return async (token) => {
    const row = select.get(KEY) as { value: string } | undefined
    if (!row || token.length === 0 || token.length > 200) return false
    const digest = digestOf(token)
    if (lastGood && lastGood.hash === row.value && timingSafeEqual(lastGood.digest, digest)) return true
    const ok = await verifyPassword(token, row.value)
    if (!ok) return false
    lastGood = { digest, hash: row.value }
    // A token stored by an older version as a scrypt hash: every wrong token sent (anyone on the
    // network can) would cost a 32 MiB scrypt. Once the right one is seen, it is stored as the rest are.
    if (row.value.startsWith('scrypt$')) {
      const hash = hashGeneratedSecret(token)
      if (replace.run(hash, KEY, row.value).changes === 1) lastGood = { digest, hash }
    }
    return true
  }
}

/**
 * Replaces `admin-token.txt` with a new file of mode 0600: created afresh (never an older file with a
 * wider mode, never through a symlink planted in its place) and renamed over the old one.
 */
function writeAdminTokenFile(dataDir: string, token: string): void {
  const file = adminTokenFile(dataDir)
  const fresh = `${file}.${process.pid}.new`
  rmSync(fresh, { force: true })
  writeFileSync(fresh, `${token}\n`, { mode: 0o600, flag: 'wx' })
  renameSync(fresh, file)
}
