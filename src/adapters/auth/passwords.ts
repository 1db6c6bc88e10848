// Password hashing with scrypt (memory-hard, in Node's crypto): "scrypt$N$r$p$salt$hash", base64url parts.

import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto'

const N = 16_384
const R = 8
const P = 1
const KEY_BYTES = 32

export function hashPassword(password: string): string {
  const salt = randomBytes(16)
  const hash = scryptSync(password, salt, KEY_BYTES, { N, r: R, p: P })
  return ['scrypt', N, R, P, salt.toString('base64url'), hash.toString('base64url')].join('$')
}

/** Resolves false for a malformed hash instead of throwing: a bad stored hash must not crash a login. */
export function verifyPassword(password: string | Buffer, stored: string): Promise<boolean> {
  const parts = stored.split('$')
  const [scheme, n, r, p, salt, hash] = parts
  if (parts.length !== 6 || scheme !== 'scrypt' || !salt || !hash) return Promise.resolve(false)
  const expected = Buffer.from(hash, 'base64url')
  const cost = { N: Number(n), r: Number(r), p: Number(p), maxmem: 64 * 1024 * 1024 }
  return new Promise((resolve) => {
    // The async form runs on libuv's thread pool, so a login never blocks the event loop.
    scrypt(password, Buffer.from(salt, 'base64url'), expected.length, cost, (error, actual) => {
      resolve(!error && actual.length === expected.length && timingSafeEqual(actual, expected))
    })
  })
}

/** A password for a phone: 128 random bits, typed once by a person at most (usually a QR code). */
export const generatePassword = (): string => randomBytes(16).toString('base64url')
