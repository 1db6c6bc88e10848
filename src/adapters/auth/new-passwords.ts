// The passwords the clock generated for accounts the config gave none: appended to a file only the
// owner can read, never logged. `serve`, `host` and the MagicMirror helper all leave them there. The
// setup page's admin token is kept the same way, in a file of its own.

import { appendFileSync, chmodSync, writeFileSync } from 'node:fs'
import path from 'node:path'

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
  appendFileSync(
    file,
    `# generated ${new Date().toISOString()}: username<TAB>password\n${lines.join('\n')}\n`,
    {
      mode: 0o600,
    },
  )
  return file
}

/**
 * Writes the setup page's current admin token to `<dataDir>/admin-token.txt` (mode 0600, replacing the
 * one before, which no longer works); returns the file's path. Under a service manager the console is
 * a log kept for months: the token is printed only to a terminal.
 */
export function writeAdminToken(dataDir: string, token: string): string {
  const file = path.resolve(dataDir, 'admin-token.txt')
  writeFileSync(file, `${token}\n`, { mode: 0o600 })
  chmodSync(file, 0o600)
  return file
}
