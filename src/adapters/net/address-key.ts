// Who is "one address" to the limits that count per address (failed logins, live streams), and which
// addresses are this machine.

import { isIP, isIPv6 } from 'node:net'

/**
 * What a limit per address counts by: the address, or for IPv6 its /64 (one household, or one host, is
 * handed a whole /64 and picks addresses from it at will). An IPv4 address mapped into IPv6 is itself.
 */
export function addressKey(address: string): string {
  const bare = address.replace(/%.*$/, '') // a zone id ("fe80::1%eth0")
  if (!isIPv6(bare)) return address
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare)
  if (mapped?.[1]) return mapped[1]
  const [head = '', tail] = bare.split('::')
  const groups = (part: string | undefined): string[] =>
    part ? part.split(':').flatMap((g) => (g.includes('.') ? ['0', '0'] : [g])) : []
  const before = groups(head)
  const after = groups(tail)
  const all =
    tail === undefined ? before : [...before, ...Array(8 - before.length - after.length).fill('0'), ...after]
  return `${all
    .slice(0, 4)
    .map((g) => Number.parseInt(g, 16).toString(16))
    .join(':')}::/64`
}

/**
 * As `addressKey`, for a peer of a server whose own address is `local`: a peer in the server's own IPv6
 * /64 (the home network: every tablet and phone there has an address of it) counts as itself.
 */
export function peerKey(peer: string, local: string | undefined): string {
  const key = addressKey(peer)
  if (local === undefined || !key.endsWith('::/64') || key !== addressKey(local)) return key
  return peer.replace(/%.*$/, '').toLowerCase()
}

/** An address of this machine's loopback: 127.0.0.0/8, ::1 (bracketed or not), or 127.x mapped into IPv6. */
export function isLoopbackAddress(address: string): boolean {
  const bare = address.replace(/^\[(.*)\]$/, '$1')
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare)?.[1] ?? bare
  return bare === '::1' || (isIP(v4) === 4 && v4.startsWith('127.'))
}
