// Reads certificates without changing them: the names a certificate file covers, and the certificates
// of a PEM text (without any key it holds) and their fingerprints.

import { X509Certificate } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { isIP } from 'node:net'

/**
 * The certificates of a PEM file, and nothing else, each parsed and written out again: a file given as a
 * CA may hold a private key too (a combined PEM, or the wrong file), which must never be handed out.
 */
export function certificatesIn(pem: string): { certificates: string; heldKey: boolean } {
  const certificates = pemBlocks(pem).flatMap((block) => {
    try {
      return [new X509Certificate(block).toString()]
    } catch {
      return []
    }
  })
  return { certificates: certificates.join(''), heldKey: /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem) }
}

/**
 * The SHA-256 fingerprint of each certificate in a PEM text, as a phone shows it in the certificate's
 * details (uppercase hex; Android puts colons between the bytes, iOS spaces): a user compares it with
 * the one the phone downloaded, which a network in between could have swapped.
 */
export function fingerprintsOf(pem: string): string[] {
  return pemBlocks(pem).flatMap((block) => {
    try {
      return [new X509Certificate(block).fingerprint256]
    } catch {
      return []
    }
  })
}

const pemBlocks = (pem: string): string[] =>
  pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? []

/** Whether a certificate (a PEM file) lets a client that checks names reach the broker by `host`. */
export function certificateCovers(certFile: string, host: string): boolean {
  const cert = new X509Certificate(readFileSync(certFile))
  return (isIP(host) ? cert.checkIP(host) : cert.checkHost(host)) !== undefined
}

/** The names and addresses a certificate (PEM) is valid for, each as canonicalName writes it. */
export function sanNames(pem: string): string[] {
  const san = new X509Certificate(pem).subjectAltName ?? ''
  return san
    .split(', ')
    .map((entry) => canonicalName(entry.replace(/^(DNS|IP Address):/, '')))
    .filter((n) => n !== '')
}

/** Lower case, and IPv6 addresses in their shortest form (RFC 5952: Node prints SANs uncompressed). */
export function canonicalName(name: string): string {
  const lower = name.toLowerCase()
  return isIP(lower) === 6 ? new URL(`http://[${lower}]/`).hostname.slice(1, -1) : lower
}
