// The certificate files a config names (broker.caFile, certFile, keyFile), checked when the config is
// loaded: each can be read, and a certificate and its key work together. Otherwise the clock would
// stop at start on an OpenSSL message that names no file.

import { createPrivateKey, X509Certificate } from 'node:crypto'
import { accessSync, constants, readFileSync } from 'node:fs'
import path from 'node:path'
import { createSecureContext } from 'node:tls'
import type { ConfigProblem } from './config-reader.js'
import type { ClockConfig } from './config-types.js'

export type CertificateFiles = Partial<Record<'caFile' | 'certFile' | 'keyFile', string>>

/**
 * The certificate files a config names that the clock could not use when it starts (it reads them
 * only then), as config problems. Relative paths are read from `baseDir`: the working folder, or the
 * module folder for a MagicMirror config, as its helper does.
 */
export function unusableCertificateFiles(config: ClockConfig, baseDir = '.'): ConfigProblem[] {
  const b = config.broker
  const files: CertificateFiles = {}
  if (b.kind === 'external' && b.caFile !== undefined) files.caFile = b.caFile
  if (b.certFile !== undefined) files.certFile = b.certFile
  if (b.keyFile !== undefined) files.keyFile = b.keyFile
  return unusableFiles(files, baseDir)
}

/** Of the broker's files, by key, those that cannot be read or used, as problems of `broker.<key>`. */
export function unusableFiles(files: CertificateFiles, baseDir: string): ConfigProblem[] {
  const unreadable = Object.entries(files).flatMap(([key, f]) => {
    try {
      accessSync(path.resolve(baseDir, f), constants.R_OK)
      return []
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      const why =
        code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'not readable by this user' : String(code)
      return [{ path: `broker.${key}`, message: `${f}: ${why}` }]
    }
  })
  if (unreadable.length > 0 || files.certFile === undefined || files.keyFile === undefined) return unreadable
  return pairProblems({ ...files, certFile: files.certFile, keyFile: files.keyFile }, baseDir)
}

/** Whether the key opens (no passphrase: the clock has none to give) and belongs to the certificate. */
function pairProblems(
  files: CertificateFiles & { certFile: string; keyFile: string },
  baseDir: string,
): ConfigProblem[] {
  const read = (f: string) => readFileSync(path.resolve(baseDir, f))
  const cert = read(files.certFile)
  const key = read(files.keyFile)
  const keyProblem = (message: string): ConfigProblem[] => [
    { path: 'broker.keyFile', message: `${files.keyFile}: ${message}` },
  ]
  const encrypted = keyProblem(
    'encrypted keys are not supported: write it out without its passphrase (openssl pkey -in <key> -out <new key>) and let only the clock read that file',
  )
  const mismatch = keyProblem(`the key does not match the certificate (${files.certFile})`)
  // PKCS#8 and the older "Proc-Type: 4,ENCRYPTED" PEM headers.
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: *4, *ENCRYPTED/.test(key.toString('latin1')))
    return encrypted
  try {
    createSecureContext({ cert, key, ...(files.caFile === undefined ? {} : { ca: read(files.caFile) }) })
  } catch (error) {
    const code = String((error as { code?: unknown }).code ?? '')
    if (code === 'ERR_OSSL_X509_KEY_VALUES_MISMATCH') return mismatch
    if (code === 'ERR_OSSL_BAD_DECRYPT') return encrypted
    return [unreadablePem(files, cert, key, error)]
  }
  // OpenSSL compares a key only with a certificate of its own type: an EC key beside an RSA
  // certificate passes the check above and fails at the first TLS handshake.
  if (!new X509Certificate(cert).checkPrivateKey(createPrivateKey(key))) return mismatch
  return []
}

/** Which of the two files OpenSSL could not read, with its reason in one line. */
function unreadablePem(
  files: { certFile: string; keyFile: string },
  cert: Buffer,
  key: Buffer,
  error: unknown,
): ConfigProblem {
  const reason = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0]
  try {
    new X509Certificate(cert)
  } catch (certError) {
    return {
      path: 'broker.certFile',
      message: `${files.certFile}: is not a PEM certificate (${reason(certError)})`,
    }
  }
  try {
    createPrivateKey(key)
  } catch (keyError) {
    return {
      path: 'broker.keyFile',
      message: `${files.keyFile}: is not a PEM private key (${reason(keyError)})`,
    }
  }
  return { path: 'broker.certFile', message: `${files.certFile}: cannot be used (${reason(error)})` }
}
