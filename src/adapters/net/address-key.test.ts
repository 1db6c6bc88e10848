import { describe, expect, it } from 'vitest'
import { addressKey, isLoopbackAddress, peerKey } from './address-key.js'

describe('address key', () => {
  it('is an IPv6 address’s /64 however it is spelt, and an IPv4 address (mapped or not) itself', () => {
    expect(addressKey('2001:db8:0:7::1')).toBe('2001:db8:0:7::/64')
    expect(addressKey('2001:0DB8:0000:0007:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:0:7::/64')
    expect(addressKey('2001:db8::7:0:0:0:9')).toBe('2001:db8:0:7::/64')
    expect(addressKey('2001:db8::')).toBe('2001:db8:0:0::/64')
    expect(addressKey('::7:1.2.3.4')).toBe('0:0:0:0::/64')
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64')
    expect(addressKey('::ffff:10.0.0.9')).toBe('10.0.0.9')
    expect(addressKey('::1')).toBe('0:0:0:0::/64')
    expect(addressKey('10.0.0.9')).toBe('10.0.0.9')
    expect(addressKey('unknown address')).toBe('unknown address')
  })

  it('counts a peer in the server’s own IPv6 /64 (its home network) as itself, any other by its /64', () => {
    const server = '2001:db8:0:7::1'
    expect(peerKey('2001:db8:0:7::a', server)).toBe('2001:db8:0:7::a')
    expect(peerKey('2001:db8:0:7::b', server)).toBe('2001:db8:0:7::b')
    expect(peerKey('2001:db8:0:9::a', server)).toBe('2001:db8:0:9::/64')
    expect(peerKey('2001:db8:0:7::a', undefined)).toBe('2001:db8:0:7::/64')
    expect(peerKey('fe80::a%eth0', 'fe80::1%eth0')).toBe('fe80::a')
    expect(peerKey('10.0.0.9', '10.0.0.1')).toBe('10.0.0.9')
    expect(peerKey('::ffff:10.0.0.9', '::ffff:10.0.0.1')).toBe('10.0.0.9')
  })

  it('knows this machine’s loopback addresses, and no name that only starts like one', () => {
    for (const a of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', '::ffff:127.0.0.1'])
      expect(isLoopbackAddress(a), a).toBe(true)
    for (const a of ['127.0.0.1.nip.io', 'localhost', '10.0.0.1', '::2', '::ffff:10.0.0.1', ''])
      expect(isLoopbackAddress(a), a).toBe(false)
  })
})
