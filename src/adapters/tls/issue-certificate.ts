// Issues the clock's certificates: a CA, and a server certificate signed by it for the names phones
// use, as PEM. node:crypto makes the keys and signs; der.ts writes the certificate structure (RFC 5280).

import {
  createHash,
  createPrivateKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  sign,
  X509Certificate,
} from 'node:crypto'
import { isIP } from 'node:net'
import { hostname } from 'node:os'
import { domainToASCII } from 'node:url'
import {
  bitString,
  booleanTrue,
  childrenOf,
  contextTag,
  derNull,
  type Element,
  ipAddressBytes,
  namedBits,
  objectId,
  octetString,
  readElement,
  sequence,
  singletonSet,
  time,
  tlv,
  toPem,
  unsignedInteger,
  utf8String,
} from './der.js'

export const DAY_MS = 86_400_000
// Apple platforms refuse TLS server certificates valid for more than 825 days.
const SERVER_VALIDITY_DAYS = 820
const CA_VALIDITY_DAYS = 3650

// ECDSA P-256: a handshake signature costs a fraction of an RSA-2048 one (measured here: ~17 % less
// broker CPU per TLS connect; on a Raspberry Pi RSA signing costs milliseconds), and a key takes well
// under a millisecond to make, where RSA generation made a first start take up to 0.8 s. Every
// OwnTracks platform, Mosquitto and Node verify it. A CA made by an earlier version with an RSA key is
// kept and still signs (sha256WithRSAEncryption); the server key it signs is ECDSA from then on.
function newKeyPair(type: 'ec' | 'rsa'): { privateKey: KeyObject; publicKey: KeyObject; keyPem: string } {
  const { privateKey, publicKey } =
    type === 'ec'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : generateKeyPairSync('rsa', { modulusLength: 2048 })
  return { privateKey, publicKey, keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() }
}

const OID = {
  commonName: '2.5.4.3',
  organizationName: '2.5.4.10',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  sha256WithRsa: '1.2.840.113549.1.1.11',
} as const

// keyUsage bit numbers (RFC 5280 §4.2.1.3).
const DIGITAL_SIGNATURE = 0
const KEY_CERT_SIGN = 5
const CRL_SIGN = 6

interface CertificateFields {
  subject: Buffer
  issuer: Buffer
  publicKey: KeyObject
  signingKey: KeyObject
  nowMs: number
  days: number
  extensions: Buffer[]
}

/** An X.509 v3 certificate (RFC 5280 §4.1), signed with SHA-256 by `signingKey`, as PEM. */
function certificatePem(fields: CertificateFields): string {
  const algorithm = signatureAlgorithm(fields.signingKey)
  // A 16-byte serial, 120 bits of it random; the leading 0x01 keeps it positive and full length.
  const serial = Buffer.concat([Buffer.from([1]), randomBytes(15)])
  const tbs = sequence(
    tlv(contextTag(0, true), unsignedInteger(Buffer.from([2]))), // version 3
    unsignedInteger(serial),
    algorithm,
    fields.issuer,
    sequence(time(new Date(fields.nowMs - DAY_MS)), time(new Date(fields.nowMs + fields.days * DAY_MS))),
    fields.subject,
    fields.publicKey.export({ type: 'spki', format: 'der' }),
    tlv(contextTag(3, true), sequence(...fields.extensions)),
  )
  const signature = sign('sha256', tbs, fields.signingKey)
  return toPem('CERTIFICATE', sequence(tbs, algorithm, bitString(signature)))
}

function signatureAlgorithm(key: KeyObject): Buffer {
  if (key.asymmetricKeyType === 'ec') return sequence(objectId(OID.ecdsaWithSha256))
  if (key.asymmetricKeyType === 'rsa') return sequence(objectId(OID.sha256WithRsa), derNull())
  throw new Error(`cannot sign a certificate with a ${key.asymmetricKeyType ?? 'unknown'} key`)
}

function distinguishedName(attributes: readonly (readonly [oid: string, value: string])[]): Buffer {
  return sequence(
    ...attributes.map(([oid, value]) => singletonSet(sequence(objectId(oid), utf8String(value)))),
  )
}

function extension(oid: string, value: Buffer, critical = false): Buffer {
  return sequence(objectId(oid), ...(critical ? [booleanTrue()] : []), octetString(value))
}

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits. */
function keyIdentifier(publicKey: KeyObject): Buffer {
  const spki = publicKey.export({ type: 'spki', format: 'der' })
  const [, bits] = childrenOf(spki, readElement(spki, 0))
  if (!bits) throw new Error('public key without key bits')
  return createHash('sha1')
    .update(spki.subarray(bits.contentStart + 1, bits.end))
    .digest()
}

/** `rsa` makes a CA like those of earlier versions, which existing installs keep (for tests). */
export function issueCa(nowMs: number, keyType: 'ec' | 'rsa' = 'ec'): { certPem: string; keyPem: string } {
  const keys = newKeyPair(keyType)
  const subject = distinguishedName([
    [OID.commonName, `Weasley Clock CA (${hostname()})`],
    [OID.organizationName, 'Weasley Clock'],
  ])
  const certPem = certificatePem({
    subject,
    issuer: subject,
    publicKey: keys.publicKey,
    signingKey: keys.privateKey,
    nowMs,
    days: CA_VALIDITY_DAYS,
    extensions: [
      // pathLenConstraint 0 (RFC 5280 §4.2.1.9): it signs server certificates only, never another CA, so
      // its key (in the data folder) cannot mint a sub-CA that the phones trusting it would trust too.
      extension(OID.basicConstraints, sequence(booleanTrue(), unsignedInteger(Uint8Array.of(0))), true),
      extension(OID.keyUsage, namedBits([KEY_CERT_SIGN, CRL_SIGN]), true),
      extension(OID.subjectKeyIdentifier, octetString(keyIdentifier(keys.publicKey))),
    ],
  })
  return { certPem, keyPem: keys.keyPem }
}

export function issueServerCert(
  caCertPem: string,
  caKeyPem: string,
  names: readonly string[],
  nowMs: number,
) {
  const ca = readCa(caCertPem)
  const keys = newKeyPair('ec')
  const certPem = certificatePem({
    subject: distinguishedName([[OID.commonName, names.find((n) => !isIp(n)) ?? 'localhost']]),
    issuer: ca.subject,
    publicKey: keys.publicKey,
    signingKey: createPrivateKey(caKeyPem),
    nowMs,
    days: SERVER_VALIDITY_DAYS,
    extensions: [
      extension(OID.basicConstraints, sequence()),
      extension(OID.keyUsage, namedBits([DIGITAL_SIGNATURE]), true),
      extension(OID.extKeyUsage, sequence(objectId(OID.serverAuth))),
      // RFC 9525 / OWNTRACKS.md §4.1: phones check the SAN, never the common name.
      extension(
        OID.subjectAltName,
        sequence(
          ...names.map((n) =>
            isIp(n)
              ? tlv(contextTag(7, false), ipAddressBytes(n))
              : tlv(contextTag(2, false), Buffer.from(domainToASCII(n) || n, 'ascii')),
          ),
        ),
      ),
      extension(OID.subjectKeyIdentifier, octetString(keyIdentifier(keys.publicKey))),
      extension(OID.authorityKeyIdentifier, sequence(tlv(contextTag(0, false), ca.keyIdentifier))),
    ],
  })
  return { certPem, keyPem: keys.keyPem }
}

/** The CA's subject, verbatim (the server certificate's issuer), and its key identifier. */
function readCa(caCertPem: string): { subject: Buffer; keyIdentifier: Buffer } {
  const cert = new X509Certificate(caCertPem)
  const der = cert.raw
  const [tbs] = childrenOf(der, readElement(der, 0))
  if (!tbs) throw new Error('CA certificate without a body')
  const fields = childrenOf(der, tbs)
  // serial, signature, issuer, validity, subject follow the optional [0] version.
  const first = fields[0]?.tag === contextTag(0, true) ? 1 : 0
  const subject = fields[first + 4]
  if (!subject) throw new Error('CA certificate without a subject')
  return {
    subject: Buffer.from(der.subarray(subject.start, subject.end)),
    keyIdentifier: subjectKeyIdentifierOf(der, fields) ?? keyIdentifier(cert.publicKey),
  }
}

function subjectKeyIdentifierOf(der: Buffer, fields: Element[]): Buffer | undefined {
  const wrapper = fields.find((f) => f.tag === contextTag(3, true))
  const [list] = wrapper ? childrenOf(der, wrapper) : []
  const wanted = objectId(OID.subjectKeyIdentifier)
  for (const ext of list ? childrenOf(der, list) : []) {
    const parts = childrenOf(der, ext)
    const id = parts[0]
    const value = parts[parts.length - 1]
    if (!id || !value || !der.subarray(id.start, id.end).equals(wanted)) continue
    const inner = readElement(der, value.contentStart)
    return Buffer.from(der.subarray(inner.contentStart, inner.end))
  }
  return undefined
}

const isIp = (name: string): boolean => isIP(name) !== 0
