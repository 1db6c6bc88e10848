// The passwords the clock generated for accounts the config gave none: appended to a file only the
// owner can read, never logged. `serve`, `host` and the MagicMirror helper all leave them there.

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
