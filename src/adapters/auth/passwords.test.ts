import { describe, expect, it } from 'vitest'
import {
  generatePassword,
  hashGeneratedSecret,
  hashPassword,
  randomSecret,
  verifyPassword,
} from './passwords.js'

describe('password hashes', () => {
  it('verifies a person’s password with scrypt and a generated secret with salted SHA-256', async () => {
    const human = hashPassword('correct horse')
    expect(human).toMatch(/^scrypt\$32768\$8\$1\$/)
    expect(await verifyPassword('correct horse', human)).toBe(true)
    expect(await verifyPassword('correct horsf', human)).toBe(false)

    const secret = generatePassword()
    const stored = hashGeneratedSecret(secret)
    expect(stored).toMatch(/^sha256\$[\w-]+\$[\w-]+$/)
    expect(stored).not.toContain(secret)
    expect(hashGeneratedSecret(secret)).not.toBe(stored) // salted
    expect(await verifyPassword(secret, stored)).toBe(true)
    expect(await verifyPassword(Buffer.from(secret), stored)).toBe(true)
    expect(await verifyPassword(`${secret}x`, stored)).toBe(false)
  })

  it('refuses malformed stored hashes instead of throwing', async () => {
    for (const bad of ['', 'sha256$', 'sha256$a$b$c', 'scrypt$1$2', 'md5$x$y', 'scrypt$x$8$1$c2FsdA$aGFzaA'])
      expect(await verifyPassword('pw', bad)).toBe(false)
  })

  it('generates secrets of letters and digits only, never led by a dash a command line would take for an option', () => {
    const secrets = Array.from({ length: 2_000 }, () => randomSecret(144))
    for (const secret of secrets) expect(secret).toMatch(/^[A-Za-z0-9]{25}$/)
    expect(new Set(secrets).size).toBe(secrets.length)
    // Every character of the alphabet turns up, in every position that matters here: the first.
    expect(new Set(secrets.map((s) => s[0])).size).toBe(62)
    expect(generatePassword()).toMatch(/^[A-Za-z0-9]{22}$/)
  })
})
