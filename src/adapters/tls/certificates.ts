// Our own small CA: generated on first start into the data folder, reused afterwards. The server
// certificate is re-issued (same CA) when a name phones use is missing from its SANs.

import { generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import path from 'node:path'
import forge from 'node-forge'

export interface TlsFiles {
  caCertFile: string
  certFile: string
  keyFile: string
  /** The names and addresses the server certificate is valid for. */
  names: string[]
  /** What happened on this start, for the start-up message. */
  action: 'generated' | 'reissued' | 'reused'
}

const DAY_MS = 86_400_000
// Apple platforms refuse TLS server certificates valid for more than 825 days.
const SERVER_VALIDITY_DAYS = 820
const CA_VALIDITY_DAYS = 3650

export function defaultCertificateNames(publicHosts: readonly string[]): string[] {
  const names = ['localhost', '127.0.0.1', '::1', hostname(), ...publicHosts]
  return [...new Set(names.filter((n) => n.trim() !== '').map((n) => n.toLowerCase()))]
}

export function ensureCertificates(dir: string, names: readonly string[], nowMs = Date.now()): TlsFiles {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const caCertFile = path.join(dir, 'ca.crt')
  const caKeyFile = path.join(dir, 'ca.key')
  const certFile = path.join(dir, 'server.crt')
  const keyFile = path.join(dir, 'server.key')

  let action: TlsFiles['action'] = 'reused'
  if (!existsSync(caCertFile) || !existsSync(caKeyFile)) {
    const ca = issueCa(nowMs)
    writeFileSync(caKeyFile, ca.keyPem, { mode: 0o600 })
    writeFileSync(caCertFile, ca.certPem)
    action = 'generated'
  }
  if (
    action === 'generated' ||
    !existsSync(certFile) ||
    !existsSync(keyFile) ||
    !serverCertCovers(certFile, names, nowMs)
  ) {
    const server = issueServerCert(
      readFileSync(caCertFile, 'utf8'),
      readFileSync(caKeyFile, 'utf8'),
      names,
      nowMs,
    )
    writeFileSync(keyFile, server.keyPem, { mode: 0o600 })
    writeFileSync(certFile, server.certPem)
    if (action === 'reused') action = 'reissued'
  }
  return { caCertFile, certFile, keyFile, names: sanNames(readFileSync(certFile, 'utf8')), action }
}

function serverCertCovers(certFile: string, names: readonly string[], nowMs: number): boolean {
  const pem = readFileSync(certFile, 'utf8')
  const cert = new X509Certificate(pem)
  // Re-issue a month before expiry so a clock that runs for years never serves an expired certificate.
  if (new Date(cert.validTo).getTime() - nowMs < 30 * DAY_MS) return false
  const have = new Set(sanNames(pem))
  return names.every((n) => have.has(n.toLowerCase()))
}

function sanNames(pem: string): string[] {
  const san = new X509Certificate(pem).subjectAltName ?? ''
  return san
    .split(', ')
    .map((entry) => entry.replace(/^(DNS|IP Address):/, '').toLowerCase())
    .map((n) => (n === '0:0:0:0:0:0:0:1' ? '::1' : n))
    .filter((n) => n !== '')
}

function newKeyPair(): {
  privateKey: forge.pki.rsa.PrivateKey
  publicKey: forge.pki.rsa.PublicKey
  keyPem: string
} {
  // Node's native generator is ~100x faster than forge's pure-JS one.
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
  const forgeKey = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey
  return { privateKey: forgeKey, publicKey: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e), keyPem }
}

function baseCert(publicKey: forge.pki.PublicKey, nowMs: number, days: number): forge.pki.Certificate {
  const cert = forge.pki.createCertificate()
  cert.publicKey = publicKey
  // Positive serial: a leading 0x00..0x7f byte keeps the DER integer non-negative.
  cert.serialNumber = `01${randomBytes(15).toString('hex')}`
  cert.validity.notBefore = new Date(nowMs - DAY_MS)
  cert.validity.notAfter = new Date(nowMs + days * DAY_MS)
  return cert
}

function issueCa(nowMs: number): { certPem: string; keyPem: string } {
  const keys = newKeyPair()
  const cert = baseCert(keys.publicKey, nowMs, CA_VALIDITY_DAYS)
  const subject = [
    { name: 'commonName', value: `Weasley Clock CA (${hostname()})` },
    { name: 'organizationName', value: 'Weasley Clock' },
  ]
  cert.setSubject(subject)
  cert.setIssuer(subject)
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ])
  cert.sign(keys.privateKey, forge.md.sha256.create())
  return { certPem: forge.pki.certificateToPem(cert), keyPem: keys.keyPem }
}

function issueServerCert(caCertPem: string, caKeyPem: string, names: readonly string[], nowMs: number) {
  const caCert = forge.pki.certificateFromPem(caCertPem)
  const caKey = forge.pki.privateKeyFromPem(caKeyPem)
  const keys = newKeyPair()
  const cert = baseCert(keys.publicKey, nowMs, SERVER_VALIDITY_DAYS)
  cert.setSubject([{ name: 'commonName', value: names.find((n) => !isIp(n)) ?? 'localhost' }])
  cert.setIssuer(caCert.subject.attributes)
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    // RFC 9525 / OWNTRACKS.md §4.1: phones check the SAN, never the common name.
    {
      name: 'subjectAltName',
      altNames: names.map((n) => (isIp(n) ? { type: 7, ip: n } : { type: 2, value: n })),
    },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ])
  cert.sign(caKey, forge.md.sha256.create())
  return { certPem: forge.pki.certificateToPem(cert), keyPem: keys.keyPem }
}

const isIp = (name: string): boolean => /^\d{1,3}(\.\d{1,3}){3}$/.test(name) || name.includes(':')
