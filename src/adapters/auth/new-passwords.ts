// The passwords the clock generated for accounts the config gave none: appended to a file only the
// owner can read, never logged. `serve`, `host` and the MagicMirror helper all leave them there.

import { existsSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { writePrivateFile } from '../files/private-file.js'

export interface GeneratedPassword {
  username: string
  password: string
  /** The member whose device it is; absent for the clock's own account. */
  memberId?: string
}

export function newPasswordsFile(dataDir: string): string {
  return path.resolve(dataDir, 'new-passwords.txt')
}

/**
 * Adds the passwords to `<dataDir>/new-passwords.txt` (mode 0600, replaced whole, so a failed write
 * leaves the old file); an earlier line for the same account goes, as that password no longer works.
 * Returns the file's path.
 */
export function writeNewPasswords(dataDir: string, generated: readonly GeneratedPassword[]): string {
  const file = newPasswordsFile(dataDir)
  const lines = generated.map(
    (g) => `${g.username}\t${g.password}${g.memberId ? `\tmember ${g.memberId}` : '\tclock account'}`,
  )
  const replaced = new Set(generated.map((g) => g.username.toLowerCase()))
  const kept = existsSync(file) ? withoutAccounts(readFileSync(file, 'utf8').split('\n'), replaced) : []
  while (kept.length > 0 && kept[kept.length - 1] === '') kept.pop()
  const before = kept.length > 0 ? `${kept.join('\n')}\n` : ''
  writePrivateFile(
    file,
    `${before}# generated ${new Date().toISOString()}: username<TAB>password\n${lines.join('\n')}\n`,
  )
  return file
}

function withoutAccounts(lines: readonly string[], names: ReadonlySet<string>): string[] {
  return lines.filter((line) => line.startsWith('#') || !names.has(line.split('\t')[0]?.toLowerCase() ?? ''))
}

/**
 * Takes an account's line out of `<dataDir>/new-passwords.txt` once its password has been replaced (a
 * phone provisioned again): the file lists what works. Removed when no password is left in it.
 */
export function forgetNewPassword(dataDir: string, username: string): void {
  const file = newPasswordsFile(dataDir)
  if (!existsSync(file)) return
  const lines = readFileSync(file, 'utf8').split('\n')
  const kept = withoutAccounts(lines, new Set([username.toLowerCase()]))
  if (kept.length === lines.length) return
  if (!kept.some((line) => line !== '' && !line.startsWith('#'))) rmSync(file, { force: true })
  else writePrivateFile(file, kept.join('\n'))
}
