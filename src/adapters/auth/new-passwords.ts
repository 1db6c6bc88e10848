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

/** Appends the passwords to `<dataDir>/new-passwords.txt` (mode 0600); returns the file's path. */
export function writeNewPasswords(dataDir: string, generated: readonly GeneratedPassword[]): string {
  const file = path.resolve(dataDir, 'new-passwords.txt')
  const lines = generated.map(
    (g) => `${g.username}\t${g.password}${g.memberId ? `\tmember ${g.memberId}` : '\tclock account'}`,
  )
  writePrivateFile(
    file,
    `# generated ${new Date().toISOString()}: username<TAB>password\n${lines.join('\n')}\n`,
    {
      append: true,
    },
  )
  return file
}

/**
 * Takes an account's line out of `<dataDir>/new-passwords.txt` once its password has been replaced (a
 * phone provisioned again): the file lists what works. Removed when no password is left in it.
 */
export function forgetNewPassword(dataDir: string, username: string): void {
  const file = path.resolve(dataDir, 'new-passwords.txt')
  if (!existsSync(file)) return
  const name = username.toLowerCase()
  const lines = readFileSync(file, 'utf8').split('\n')
  const kept = lines.filter((line) => line.startsWith('#') || line.split('\t')[0]?.toLowerCase() !== name)
  if (kept.length === lines.length) return
  if (!kept.some((line) => line !== '' && !line.startsWith('#'))) rmSync(file, { force: true })
  else writePrivateFile(file, kept.join('\n'))
}
