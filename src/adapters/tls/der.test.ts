import { describe, expect, it } from 'vitest'
import {
  childrenOf,
  ipAddressBytes,
  namedBits,
  objectId,
  octetString,
  readElement,
  sequence,
  time,
  tlv,
  toPem,
  unsignedInteger,
} from './der.js'

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')

describe('DER writer', () => {
  it('encodes object identifiers in base 128 (X.690 §8.19)', () => {
    expect(hex(objectId('2.5.29.17'))).toBe('0603551d11')
    expect(hex(objectId('1.2.840.10045.4.3.2'))).toBe('06082a8648ce3d040302')
    expect(hex(objectId('1.3.6.1.5.5.7.3.1'))).toBe('06082b06010505070301')
  })

  it('writes short and long lengths', () => {
    expect(hex(octetString(Buffer.alloc(3)))).toBe('0403000000')
    expect(hex(tlv(0x04, Buffer.alloc(200)).subarray(0, 3))).toBe('0481c8')
    expect(hex(tlv(0x04, Buffer.alloc(300)).subarray(0, 4))).toBe('0482012c')
  })

  it('keeps integers positive and minimal', () => {
    expect(hex(unsignedInteger(Buffer.from([2])))).toBe('020102')
    expect(hex(unsignedInteger(Buffer.from([0x80])))).toBe('02020080')
    expect(hex(unsignedInteger(Buffer.from([0, 0, 0x7f])))).toBe('02017f')
  })

  it('drops trailing zero bits of named bit strings (keyUsage)', () => {
    expect(hex(namedBits([0]))).toBe('03020780') // digitalSignature
    expect(hex(namedBits([5, 6]))).toBe('03020106') // keyCertSign, cRLSign
    expect(hex(namedBits([0, 8]))).toBe('0303078080') // digitalSignature, decipherOnly
  })

  it('writes UTCTime until 2049 and GeneralizedTime from 2050 (RFC 5280 §4.1.2.5)', () => {
    expect(time(new Date('2026-11-30T07:05:09.123Z')).toString('latin1')).toBe('\x17\x0d261130070509Z')
    expect(time(new Date('2050-01-01T00:00:00Z')).toString('latin1')).toBe('\x18\x0f20500101000000Z')
  })

  it('turns IPv4 and IPv6 addresses into their bytes', () => {
    expect(hex(ipAddressBytes('192.168.1.20'))).toBe('c0a80114')
    expect(hex(ipAddressBytes('::1'))).toBe(`${'00'.repeat(15)}01`)
    expect(hex(ipAddressBytes('fe80::1:2'))).toBe(`fe80${'0000'.repeat(5)}00010002`)
    expect(hex(ipAddressBytes('2001:db8:0:0:0:0:0:5'))).toBe('20010db8000000000000000000000005')
    expect(hex(ipAddressBytes('::ffff:192.0.2.1'))).toBe(`${'00'.repeat(10)}ffffc0000201`)
    expect(() => ipAddressBytes('clock.local')).toThrow('not an IP address')
  })

  it('wraps DER in PEM lines of 64 characters', () => {
    const pem = toPem('CERTIFICATE', Buffer.alloc(100, 1))
    const lines = pem.trim().split('\n')
    expect(lines[0]).toBe('-----BEGIN CERTIFICATE-----')
    expect(lines[1]).toHaveLength(64)
    expect(lines.at(-1)).toBe('-----END CERTIFICATE-----')
  })
})

describe('DER reader', () => {
  it('reads back what the writer wrote, short and long forms', () => {
    const inner = [octetString(Buffer.alloc(2, 7)), tlv(0x04, Buffer.alloc(300, 9)), objectId('2.5.4.3')]
    const der = sequence(...inner)
    const root = readElement(der, 0)
    expect(root).toMatchObject({ tag: 0x30, start: 0, end: der.length })
    const children = childrenOf(der, root)
    expect(children.map((c) => hex(der.subarray(c.start, c.end)))).toEqual(inner.map(hex))
  })

  it('refuses truncated input instead of reading past it', () => {
    const der = octetString(Buffer.alloc(10))
    expect(() => readElement(der.subarray(0, 5), 0)).toThrow('past the end')
    expect(() => readElement(Buffer.from([0x30]), 0)).toThrow('truncated')
  })
})
