import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { openDatabase } from '../sqlite/open-database.js'
import {
  adminTokenFile,
  createAdminTokenCheck,
  ensureAdminToken,
  rotateAdminToken,
  upgradeStoredAdminToken,
} from './admin-token.js'
import { hashPassword } from './passwords.js'

function dataDir() {
  const dir = mkdtempSync(path.join(tmpdir(), 'weasley-admin-token-'))
  const db = openDatabase(path.join(dir, 'weasley.db'))
  onTestFinished(() => {
    db.close()
    rmSync(dir, { recursive: true, force: true })
  })
  return { dir, db, check: createAdminTokenCheck(db) }
}

describe('admin token', () => {
  it('is made once, kept in a file only its owner can read, and checked against its hash', async () => {
    const { dir, db, check } = dataDir()
    const token = ensureAdminToken(db, dir) ?? ''
    expect(readFileSync(adminTokenFile(dir), 'utf8')).toBe(`${token}\n`)
    expect(statSync(adminTokenFile(dir)).mode & 0o777).toBe(0o600)
    expect(ensureAdminToken(db, dir)).toBeNull()
    expect(await check(token)).toBe(true)
    expect(await check(`${token}x`)).toBe(false)
  })

  it('stores a token an older version kept as a scrypt hash as the others once it is seen, so a wrong one costs no scrypt', async () => {
    const { db, check } = dataDir()
    const token = 'an-admin-token-from-an-older-version'
    db.prepare("INSERT INTO meta (key, value) VALUES ('admin_token_hash', ?)").run(hashPassword(token))
    const stored = () =>
      db.prepare("SELECT value FROM meta WHERE key = 'admin_token_hash'").pluck().get() as string
    expect(await check('wrong')).toBe(false)
    expect(stored()).toMatch(/^scrypt\$/)
    expect(await check(token)).toBe(true)
    expect(stored()).toMatch(/^sha256\$/)
    expect(await createAdminTokenCheck(db)(token)).toBe(true)
    expect(await check('wrong')).toBe(false)
  })

  it('stores such a token as the others at start, from its file, before anyone sends a wrong one', async () => {
    const { dir, db } = dataDir()
    const token = 'an-admin-token-from-an-older-version'
    const stored = () =>
      db.prepare("SELECT value FROM meta WHERE key = 'admin_token_hash'").pluck().get() as string
    db.prepare("INSERT INTO meta (key, value) VALUES ('admin_token_hash', ?)").run(hashPassword(token))
    // The file holds another token (edited by hand): nothing changes.
    writeFileSync(adminTokenFile(dir), 'some-other-token\n', { mode: 0o600 })
    await upgradeStoredAdminToken(db, dir)
    expect(stored()).toMatch(/^scrypt\$/)
    writeFileSync(adminTokenFile(dir), `${token}\n`, { mode: 0o600 })
    await upgradeStoredAdminToken(db, dir)
    expect(stored()).toMatch(/^sha256\$/)
    expect(await createAdminTokenCheck(db)(token)).toBe(true)
  })

  it('replaces an older file with a wider mode, or a symlink put in its place, without writing through it', () => {
    const { dir, db } = dataDir()
    const elsewhere = path.join(dir, 'elsewhere.txt')
    writeFileSync(elsewhere, 'not yours\n', { mode: 0o644 })
    symlinkSync(elsewhere, adminTokenFile(dir))
    const token = rotateAdminToken(db, dir)
    expect(lstatSync(adminTokenFile(dir)).isSymbolicLink()).toBe(false)
    expect(readFileSync(elsewhere, 'utf8')).toBe('not yours\n')

    rmSync(adminTokenFile(dir))
    writeFileSync(adminTokenFile(dir), `${token}\n`, { mode: 0o644 })
    rotateAdminToken(db, dir)
    expect(statSync(adminTokenFile(dir)).mode & 0o777).toBe(0o600)
  })

  it('keeps the old token working when the new one cannot be written down', async () => {
    const { dir, db, check } = dataDir()
    const token = rotateAdminToken(db, dir)
    rmSync(adminTokenFile(dir))
    mkdirSync(adminTokenFile(dir)) // a folder where the file should be: the rename fails
    expect(() => rotateAdminToken(db, dir)).toThrow()
    expect(await check(token)).toBe(true)
  })
})
