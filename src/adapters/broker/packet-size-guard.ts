// Reads only MQTT fixed headers off the raw byte stream, before aedes parses (or authenticates)
// anything: a client announcing a packet larger than the limit is cut off at once, so a forged
// 256 MB "remaining length" never makes the broker buffer it [MQTT-2.2.3].

export interface PacketSizeGuard {
  /** Feed every chunk read from the socket; returns false once the limit was broken. */
  check(chunk: Uint8Array): boolean
}

export function createPacketSizeGuard(limitBytes: number): PacketSizeGuard {
  let bodyLeft = 0 // bytes of the current packet's body still to skip
  let inHeader = false // between the type byte and the end of the remaining-length varint
  let length = 0
  let multiplier = 1
  let broken = false

  return {
    check(chunk) {
      if (broken) return false
      let i = 0
      while (i < chunk.length) {
        if (bodyLeft > 0) {
          const skip = Math.min(bodyLeft, chunk.length - i)
          bodyLeft -= skip
          i += skip
          continue
        }
        if (!inHeader) {
          inHeader = true // the packet type byte
          length = 0
          multiplier = 1
          i++
          continue
        }
        const byte = chunk[i++] as number
        length += (byte & 0x7f) * multiplier
        multiplier *= 128
        if (length > limitBytes || (byte & 0x80 && multiplier > 128 ** 3)) {
          broken = true
          return false
        }
        if ((byte & 0x80) === 0) {
          inHeader = false
          bodyLeft = length
        }
      }
      return true
    },
  }
}
