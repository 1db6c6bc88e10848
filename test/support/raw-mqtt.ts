// A bare socket to the embedded broker that has sent one CONNECT and nothing else, for tests that need
// to go below what an MQTT client library would do (stop reading, stay silent, send malformed bytes).

import { once } from 'node:events'
import { createConnection, type Socket } from 'node:net'
import mqttPacket, { type IConnectPacket } from 'mqtt-packet'
import { onTestFinished } from 'vitest'

export interface RawLogin {
  clientId: string
  username: string
  password: string
  /** Seconds; 0 (the default) switches the broker's keepalive check off. */
  keepalive?: number
  will?: IConnectPacket['will']
}

/** MQTT 3.1.1, clean session; the socket is destroyed after the test. */
export async function rawLogin(port: number, login: RawLogin): Promise<Socket> {
  const socket = createConnection({ host: '127.0.0.1', port })
  onTestFinished(() => {
    socket.destroy()
  })
  await once(socket, 'connect')
  const packet: IConnectPacket = {
    cmd: 'connect',
    protocolId: 'MQTT',
    protocolVersion: 4,
    clean: true,
    clientId: login.clientId,
    keepalive: login.keepalive ?? 0,
    username: login.username,
    password: Buffer.from(login.password),
  }
  if (login.will) packet.will = login.will
  socket.write(mqttPacket.generate(packet))
  return socket
}

/** MQTT's variable-length "remaining length" [MQTT-2.2.3]. */
export function remainingLength(length: number): number[] {
  const bytes: number[] = []
  let rest = length
  do {
    const byte = rest % 128
    rest = Math.floor(rest / 128)
    bytes.push(rest > 0 ? byte | 0x80 : byte)
  } while (rest > 0)
  return bytes
}

const TOPICS = [
  'owntracks/weasleys/ginny',
  'owntracks/weasleys/ginny/cmd',
  'owntracks/malfoys/draco',
  'owntracks/+/+',
  'owntracks/#',
  '#',
  '+',
  '+/#',
  '#/x',
  'a/+/b',
  '$SYS/broker',
  'weasley/weasleys/hands/ginny',
  '',
  '/',
  '//',
  '\u0000',
  'é/ü',
  'x'.repeat(300),
]

/**
 * A seeded-random packet a client might send: every type (those only a broker sends too), flags right
 * or wrong, bodies shaped like the type's (topics with wildcards, `$SYS`, NUL, empty; any packet id;
 * QoS 0-3) or random bytes. Most are refused; none may take more than its own connection down.
 */
export function randomPacket(random: () => number): Buffer {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
  const u16 = (n: number) => Buffer.from([(n >> 8) & 0xff, n & 0xff])
  const string = (s: Buffer) => Buffer.concat([u16(s.length), s])
  const id = () => u16(Math.floor(random() * 65_536))
  const topic = () =>
    Buffer.from(
      random() < 0.9
        ? pick(TOPICS)
        : String.fromCharCode(
            ...Array.from({ length: Math.floor(random() * 8) }, () => Math.floor(random() * 0x80)),
          ),
    )
  const some = <T>(make: () => T) => Array.from({ length: 1 + Math.floor(random() * 3) }, make)
  const type = pick([3, 3, 3, 4, 5, 6, 7, 8, 8, 10, 12, 14, 1, 2, 9, 11, 13, 0, 15])
  let body: Buffer
  if (random() < 0.15) {
    body = Buffer.from(Array.from({ length: Math.floor(random() * 40) }, () => Math.floor(random() * 256)))
  } else if (type === 3) {
    body = Buffer.concat([string(topic()), id(), Buffer.from(random() < 0.5 ? '{"_type":"location"}' : 'x')])
  } else if (type >= 4 && type <= 7) {
    body = id()
  } else if (type === 8) {
    body = Buffer.concat([
      id(),
      ...some(() => Buffer.concat([string(topic()), Buffer.from([Math.floor(random() * 4)])])),
    ])
  } else if (type === 10) {
    body = Buffer.concat([id(), ...some(() => string(topic()))])
  } else {
    body = Buffer.alloc(0)
  }
  // The flags the type requires [MQTT-2.2.2] most of the time, anything otherwise.
  const flags =
    random() < 0.2
      ? Math.floor(random() * 16)
      : type === 3
        ? pick([0, 1, 2, 3, 8, 9, 10, 11])
        : type === 6 || type === 8 || type === 10
          ? 2
          : 0
  return Buffer.concat([Buffer.from([(type << 4) | flags, ...remainingLength(body.length)]), body])
}

/**
 * Splits an MQTT byte stream (one direction) into packets as chunks arrive, and calls `onPacket` with
 * each packet's type (the fixed header's high nibble: 3 PUBLISH, 4 PUBACK, 12 PINGREQ...) when its
 * last byte has been seen.
 */
export function mqttPacketTypes(onPacket: (type: number) => void): (chunk: Buffer) => void {
  let header: number[] = []
  let remaining = -1
  return (chunk) => {
    for (let i = 0; i < chunk.length; ) {
      if (remaining > 0) {
        const take = Math.min(remaining, chunk.length - i)
        remaining -= take
        i += take
      } else {
        header.push(chunk[i++] as number)
        // The first byte is the type and flags; then 1-4 length bytes, the last without the top bit.
        const last = header.at(-1) as number
        if (header.length === 1 || last & 0x80) continue
        remaining = header.slice(1).reduceRight((length, byte) => length * 128 + (byte & 0x7f), 0)
      }
      if (remaining === 0) {
        onPacket((header[0] as number) >> 4)
        header = []
        remaining = -1
      }
    }
  }
}
