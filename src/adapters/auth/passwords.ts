// Password hashing with scrypt (memory-hard, in Node's crypto): "scrypt$N$r$p$salt$hash", base64url parts.

import { createHash, randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto'

// 32 MiB of scrypt memory. Also a memory footprint choice: glibc serves blocks up to 32 MiB from its
// heap once one was freed (its dynamic mmap threshold) and keeps them, so N = 16384 (16 MiB) left the
// process ~20 MB bigger after the first login for good; a block over 32 MiB is always unmapped on free.
const N = 32_768
const R = 8
const P = 1
const KEY_BYTES = 32
const MAX_MEMORY = 64 * 1024 * 1024

export function hashPassword(password: string): string {
  const salt = randomBytes(16)
  const hash = scryptSync(password, salt, KEY_BYTES, { N, r: R, p: P, maxmem: MAX_MEMORY })
  return ['scrypt', N, R, P, salt.toString('base64url'), hash.toString('base64url')].join('$')
}

/**
 * For secrets we generated (128 random bits): nothing to brute-force, so a salted SHA-256 is as safe as
 * scrypt and costs no time or memory. People's own passwords always get scrypt.
 */
export function hashGeneratedSecret(secret: string): string {
  const salt = randomBytes(16)
  const hash = createHash('sha256').update(salt).update(secret).digest()
  return ['sha256', salt.toString('base64url'), hash.toString('base64url')].join('$')
}

/** Resolves false for a malformed hash instead of throwing: a bad stored hash must not crash a login. */
export function verifyPassword(password: string | Buffer, stored: string): Promise<boolean> {
  const parts = stored.split('$')
  if (parts[0] === 'sha256' && parts.length === 3) {
    const expected = Buffer.from(parts[2] ?? '', 'base64url')
    const actual = createHash('sha256')
      .update(Buffer.from(parts[1] ?? '', 'base64url'))
      .update(password)
      .digest()
    return Promise.resolve(expected.length === actual.length && timingSafeEqual(actual, expected))
  }
  const [scheme, n, r, p, salt, hash] = parts
  if (parts.length !== 6 || scheme !== 'scrypt' || !salt || !hash) return Promise.resolve(false)
  const expected = Buffer.from(hash, 'base64url')
  const cost = { N: Number(n), r: Number(r), p: Number(p), maxmem: MAX_MEMORY }
  return new Promise((resolve) => {
    // The async form runs on libuv's thread pool, so a login never blocks the event loop.
    try {
      scrypt(password, Buffer.from(salt, 'base64url'), expected.length, cost, (error, actual) => {
        resolve(!error && actual.length === expected.length && timingSafeEqual(actual, expected))
      })
    } catch {
      resolve(false) // parameters Node refuses outright (not numbers, too much memory)
    }
  })
}

/** A password for a phone: 128 random bits, typed once by a person at most (usually a QR code). */
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/**
 * A random secret of at least `bits` bits in letters and digits only. base64url's '-' and '_' made one
 * in 64 secrets start with '-', which a command line reads as an option (`--token -m2At…` fails).
 */
export function randomSecret(bits: number): string {
  const length = Math.ceil(bits / Math.log2(ALPHANUMERIC.length))
  let secret = ''
  while (secret.length < length) {
    for (const byte of randomBytes(length + 8)) {
      // Bytes from 248 up are skipped: 248 = 4 × 62, so every character stays equally likely.
      if (byte < 248 && secret.length < length) secret += ALPHANUMERIC[byte % ALPHANUMERIC.length]
    }
  }
  return secret
}

/** A device password we generate: 128 bits. */
export const generatePassword = (): string => randomSecret(128)
