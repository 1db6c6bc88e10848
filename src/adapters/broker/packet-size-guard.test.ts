import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createPacketSizeGuard } from './packet-size-guard.js'

/** An MQTT packet: type byte, remaining-length varint, body. */
function packet(bodyLength: number): Uint8Array {
  const header = [0x30]
  let n = bodyLength
  do {
    let byte = n % 128
    n = Math.floor(n / 128)
    if (n > 0) byte |= 0x80
    header.push(byte)
  } while (n > 0)
  const out = new Uint8Array(header.length + bodyLength)
  out.set(header)
  return out
}

const concat = (parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

describe('packet size guard', () => {
  it('lets packets up to the limit through, however the stream is cut into chunks', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 20 }),
        fc.integer({ min: 1, max: 50 }),
        (sizes, chunkSize) => {
          const guard = createPacketSizeGuard(300)
          const stream = concat(sizes.map(packet))
          for (let i = 0; i < stream.length; i += chunkSize)
            expect(guard.check(stream.subarray(i, i + chunkSize))).toBe(true)
        },
      ),
    )
  })

  it('stops at the header of a packet over the limit, before its body arrives', () => {
    const guard = createPacketSizeGuard(1024)
    expect(guard.check(packet(10))).toBe(true)
    const announcement = packet(256 * 1024 * 1024 - 1).subarray(0, 5) // only the header is sent
    expect(guard.check(announcement)).toBe(false)
    expect(guard.check(packet(1))).toBe(false)
  })

  it('stops a remaining length that never ends (more than four varint bytes)', () => {
    expect(
      createPacketSizeGuard(Number.MAX_SAFE_INTEGER).check(
        new Uint8Array([0x30, 0xff, 0xff, 0xff, 0xff, 0x7f]),
      ),
    ).toBe(false)
  })
})
