// `weasley-clock check-config` and `weasley-clock hash-password`.

import { adminTokenFile, rotateAdminToken } from '../adapters/auth/admin-token.js'
import { hashPassword } from '../adapters/auth/passwords.js'
import { loadConfigFile } from '../adapters/config/load-config.js'
import { databaseFileOf, openDatabase } from '../adapters/sqlite/open-database.js'
import { type CliValues, configFileOf, dataDirOf, entryOf, readableFiles } from './options.js'

export async function runCheckConfig(values: CliValues): Promise<number> {
  const file = configFileOf(values)
  if (!file) {
    process.stderr.write('weasley-clock: give --config FILE (no weasley.config.json here)\n')
    return 2
  }
  const config = readableFiles(await loadConfigFile(file, entryOf(values)), file)
  const s = config.settings
  process.stdout.write(
    `${file} is valid: family "${s.family}", ${s.members.length} member(s), ${config.devices.length} device(s), ${s.places.length} place(s), ${config.broker.kind} broker.\n`,
  )
  return 0
}

export async function runHashPassword(): Promise<number> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  const password = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '')
  if (password.length < 8) {
    process.stderr.write('weasley-clock: the password (read from stdin) must be at least 8 characters\n')
    return 2
  }
  process.stdout.write(`${hashPassword(password)}\n`)
  return 0
}

/** `weasley-clock admin-token`: a new setup-page token; the previous one stops working at once. */
export async function runAdminToken(values: CliValues): Promise<number> {
  const dataDir = await dataDirOf(values)
  const db = openDatabase(databaseFileOf(dataDir))
  try {
    const token = rotateAdminToken(db, dataDir)
    process.stdout.write(
      `New admin token for the setup page: ${token}\n(also in ${adminTokenFile(dataDir)}; the previous token no longer works)\n`,
    )
  } finally {
    db.close()
  }
  return 0
}
