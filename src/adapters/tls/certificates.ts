// Our own small CA: generated on first start into the data folder, reused afterwards. The server
// certificate is re-issued (same CA) when a name phones use is missing from its SANs (the issuing
// itself: issue-certificate.ts).

import { createPrivateKey, X509Certificate } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs'
import { hostname } from 'node:os'
import path from 'node:path'
import { writeFileAtomically, writePrivateFile } from '../files/private-file.js'
import { DAY_MS, issueCa, issueServerCert } from './issue-certificate.js'
import { canonicalName, sanNames } from './read-certificate.js'

export interface TlsFiles {
  caCertFile: string
  certFile: string
  keyFile: string
  /** The names and addresses the server certificate is valid for. */
  names: string[]
  /** What happened on this start, for the start-up message. */
  action: 'generated' | 'reissued' | 'reused'
}

export function defaultCertificateNames(publicHosts: readonly string[]): string[] {
  const names = ['localhost', '127.0.0.1', '::1', hostname(), ...publicHosts]
  return [...new Set(names.filter((n) => n.trim() !== '').map((n) => n.toLowerCase()))]
}

export function ensureCertificates(
  dir: string,
  names: readonly string[],
  nowMs = Date.now(),
  /** False while the clock runs: a CA that went bad is left for the next start, which says so. */
  mayMakeCa = true,
): TlsFiles {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const caCertFile = path.join(dir, 'ca.crt')
  const caKeyFile = path.join(dir, 'ca.key')
  const certFile = path.join(dir, 'server.crt')
  const keyFile = path.join(dir, 'server.key')

  let action: TlsFiles['action'] = 'reused'
  if (!readableCa(caCertFile, caKeyFile)) {
    if (!mayMakeCa) throw new Error(`the clock's CA in ${dir} is damaged or incomplete`)
    // Half a CA (one of the two files lost or damaged): what is left is kept aside, never overwritten,
    // as the phones' trust rests on it (a lost ca.crt can be made again from ca.key).
    for (const half of [caCertFile, caKeyFile])
      if (existsSync(half))
        renameSync(half, `${half}.kept-${new Date(nowMs).toISOString().replace(/[:.]/g, '-')}`)
    const ca = issueCa(nowMs)
    writePrivateFile(caKeyFile, ca.keyPem)
    writeFileAtomically(caCertFile, ca.certPem)
    action = 'generated'
  }
  if (
    action === 'generated' ||
    !existsSync(certFile) ||
    !existsSync(keyFile) ||
    !serverCertCovers(certFile, keyFile, names, nowMs)
  ) {
    const server = issueServerCert(
      readFileSync(caCertFile, 'utf8'),
      readFileSync(caKeyFile, 'utf8'),
      names,
      nowMs,
    )
    writePrivateFile(keyFile, server.keyPem)
    writeFileAtomically(certFile, server.certPem)
    if (action === 'reused') action = 'reissued'
  }
  return { caCertFile, certFile, keyFile, names: sanNames(readFileSync(certFile, 'utf8')), action }
}

/**
 * What to tell the user when the clock's CA (ten years) has less than a year left: phones stop trusting
 * the broker when it expires, and a new CA means installing it on every phone again. Undefined otherwise.
 */
export function caExpiryWarning(caCertFile: string, nowMs = Date.now()): string | undefined {
  const validTo = new Date(new X509Certificate(readFileSync(caCertFile)).validTo)
  const daysLeft = Math.floor((validTo.getTime() - nowMs) / DAY_MS)
  if (daysLeft >= 365) return undefined
  const when = daysLeft < 0 ? 'expired on' : `expires in ${daysLeft} days, on`
  return `the clock's CA (${caCertFile}) ${when} ${validTo.toISOString().slice(0, 10)}: move ${path.dirname(caCertFile)} aside and start the clock to make a new one, then install it on every phone`
}
/** A file's text, or undefined when it is not there; any other failure to read it is thrown. */
function readIfThere(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

/**
 * Both halves of the CA are there, parse, and belong together (a file cut short by a full disk does
 * not). A file that cannot be read for another reason (permissions) is an error, never a reason to make
 * a new CA that every phone would then have to be given.
 */
function readableCa(caCertFile: string, caKeyFile: string): boolean {
  const certPem = readIfThere(caCertFile)
  const keyPem = readIfThere(caKeyFile)
  if (certPem === undefined || keyPem === undefined) return false
  try {
    return new X509Certificate(certPem).checkPrivateKey(createPrivateKey(keyPem))
  } catch {
    return false
  }
}

/** Whether the server certificate is good for a while yet and names all of `names` (damaged: no). */
function serverCertCovers(
  certFile: string,
  keyFile: string,
  names: readonly string[],
  nowMs: number,
): boolean {
  const pem = readIfThere(certFile)
  const keyPem = readIfThere(keyFile)
  if (pem === undefined || keyPem === undefined) return false
  let cert: X509Certificate
  try {
    cert = new X509Certificate(pem)
    if (!cert.checkPrivateKey(createPrivateKey(keyPem))) return false
  } catch {
    return false
  }
  // Re-issue a month before expiry so a clock that runs for years never serves an expired certificate.
  if (new Date(cert.validTo).getTime() - nowMs < 30 * DAY_MS) return false
  const have = new Set(sanNames(pem))
  return names.every((n) => have.has(canonicalName(n)))
}
