// Just enough DER (ITU-T X.690) to write the X.509 certificates we issue and to read back the two
// fields of our CA that a server certificate needs (its subject and its key identifier). Not a general
// ASN.1 library: definite lengths only, universal and context tags below 31.

import { isIPv4, isIPv6 } from 'node:net'

export const TAG = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  utf8String: 0x0c,
  utcTime: 0x17,
  generalizedTime: 0x18,
  sequence: 0x30,
  set: 0x31,
} as const

/** A context-specific tag: `[n]`, constructed for EXPLICIT wrappers, primitive for IMPLICIT strings. */
export const contextTag = (n: number, constructed: boolean): number => (constructed ? 0xa0 : 0x80) | n

export function tlv(tag: number, content: Uint8Array): Buffer {
  const length = content.length
  const lengthBytes: number[] = []
  if (length < 0x80) {
    lengthBytes.push(length)
  } else {
    for (let n = length; n > 0; n = Math.floor(n / 256)) lengthBytes.unshift(n % 256)
    lengthBytes.unshift(0x80 | lengthBytes.length)
  }
  return Buffer.concat([Buffer.from([tag, ...lengthBytes]), content])
}

export const sequence = (...items: Uint8Array[]): Buffer => tlv(TAG.sequence, Buffer.concat(items))

/** A SET with one member (DER sorts SET OF members; every set we write has exactly one). */
export const singletonSet = (item: Uint8Array): Buffer => tlv(TAG.set, item)

export const booleanTrue = (): Buffer => tlv(TAG.boolean, Buffer.from([0xff]))

export const derNull = (): Buffer => tlv(TAG.null, Buffer.alloc(0))

/** A non-negative INTEGER from its big-endian magnitude: no redundant leading zeros, sign bit clear. */
export function unsignedInteger(magnitude: Uint8Array): Buffer {
  let start = 0
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++
  const bytes = Buffer.from(magnitude.subarray(start))
  const first = bytes[0] ?? 0
  return tlv(
    TAG.integer,
    first & 0x80 || bytes.length === 0 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes,
  )
}

export function objectId(dotted: string): Buffer {
  const arcs = dotted.split('.').map(Number)
  const [first = 0, second = 0, ...rest] = arcs
  const bytes = [40 * first + second]
  for (const arc of rest) {
    const base128 = [arc % 128]
    for (let n = Math.floor(arc / 128); n > 0; n = Math.floor(n / 128)) base128.unshift(0x80 | (n % 128))
    bytes.push(...base128)
  }
  return tlv(TAG.oid, Buffer.from(bytes))
}

export const utf8String = (text: string): Buffer => tlv(TAG.utf8String, Buffer.from(text, 'utf8'))

export const octetString = (bytes: Uint8Array): Buffer => tlv(TAG.octetString, bytes)

/** A BIT STRING of whole bytes (signatures, public keys). */
export const bitString = (bytes: Uint8Array): Buffer =>
  tlv(TAG.bitString, Buffer.concat([Buffer.from([0]), bytes]))

/**
 * A named-bit BIT STRING (e.g. keyUsage) from the numbers of the bits that are set, bit 0 being the
 * most significant bit of the first byte; DER drops trailing zero bits.
 */
export function namedBits(bits: readonly number[]): Buffer {
  const highest = Math.max(...bits)
  const bytes = Buffer.alloc(Math.floor(highest / 8) + 1)
  for (const bit of bits) bytes[Math.floor(bit / 8)] = (bytes[Math.floor(bit / 8)] ?? 0) | (0x80 >> (bit % 8))
  const unused = 7 - (highest % 8)
  return tlv(TAG.bitString, Buffer.concat([Buffer.from([unused]), bytes]))
}

/** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050, both in UTC to the second. */
export function time(date: Date): Buffer {
  const digits = date
    .toISOString()
    .replace(/\.\d{3}/, '')
    .replace(/[-:T]/g, '')
  return date.getUTCFullYear() < 2050
    ? tlv(TAG.utcTime, Buffer.from(digits.slice(2), 'ascii'))
    : tlv(TAG.generalizedTime, Buffer.from(digits, 'ascii'))
}

/** The 4 or 16 bytes of an IP address, for a subjectAltName iPAddress entry. */
export function ipAddressBytes(ip: string): Buffer {
  if (isIPv4(ip)) return Buffer.from(ip.split('.').map(Number))
  if (!isIPv6(ip)) throw new Error(`not an IP address: ${ip}`)
  // An embedded IPv4 tail (::ffff:192.0.2.1) stands for the last two groups.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(ip)?.[1]
  const text = v4 ? ip.replace(v4, ipv4AsGroups(v4)) : ip
  const [head = '', tail] = text.split('::')
  const groups = (part: string) => (part === '' ? [] : part.split(':'))
  const left = groups(head)
  const right = tail === undefined ? [] : groups(tail)
  const all = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
  const bytes = Buffer.alloc(16)
  for (const [i, group] of all.entries()) bytes.writeUInt16BE(Number.parseInt(group, 16), i * 2)
  return bytes
}

function ipv4AsGroups(v4: string): string {
  const [a = 0, b = 0, c = 0, d = 0] = v4.split('.').map(Number)
  return `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
}

export function toPem(label: string, der: Uint8Array): string {
  const base64 = Buffer.from(der).toString('base64')
  const lines = base64.match(/.{1,64}/g) ?? []
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`
}

/** One element as read: its tag, and where its content starts and ends in the buffer. */
export interface Element {
  tag: number
  /** Start of the whole element (tag byte), for copying it verbatim. */
  start: number
  contentStart: number
  end: number
}

export function readElement(der: Uint8Array, at: number): Element {
  const tag = der[at]
  const first = der[at + 1]
  if (tag === undefined || first === undefined) throw new Error('DER: truncated element')
  let length = first
  let contentStart = at + 2
  if (first & 0x80) {
    const count = first & 0x7f
    if (count === 0 || count > 4) throw new Error('DER: unsupported length')
    length = 0
    for (let i = 0; i < count; i++) length = length * 256 + (der[at + 2 + i] ?? 0)
    contentStart += count
  }
  const end = contentStart + length
  if (end > der.length) throw new Error('DER: element runs past the end')
  return { tag, start: at, contentStart, end }
}

/** The elements directly inside a constructed element. */
export function childrenOf(der: Uint8Array, parent: Element): Element[] {
  const children: Element[] = []
  for (let at = parent.contentStart; at < parent.end; ) {
    const child = readElement(der, at)
    children.push(child)
    at = child.end
  }
  return children
}
