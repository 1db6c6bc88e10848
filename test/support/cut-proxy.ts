// An in-process TCP proxy that can "cut" the network: while cut, sockets stay open but no byte moves
// (as when a phone's Wi-Fi stalls); healing lets the held-back bytes through, as TCP would. A cut can
// also hold one direction only, so that messages arrive and their acknowledgements do not.

import { once } from 'node:events'
import { connect, createServer, type Server, type Socket } from 'node:net'

/** What a cut holds: everything, or only the bytes flowing to the client or to the server. */
export type CutDirection = 'both' | 'to-client' | 'to-server'

export interface CutProxy {
  port: number
  /** Called with each chunk as it is passed on (not while held), before it is written. */
  onForward?: ((direction: 'to-client' | 'to-server', chunk: Buffer) => void) | undefined
  cut(direction?: CutDirection): void
  heal(): void
  /** Resets every connection open now, and what a cut holds for it is lost. */
  drop(): void
  close(): Promise<void>
}

export async function startCutProxy(targetPort: number): Promise<CutProxy> {
  let cutting: CutDirection | null = null
  const pairs: { from: Socket; to: Socket; toClient: boolean }[] = []
  const held = (pair: { toClient: boolean }) =>
    cutting === 'both' || cutting === (pair.toClient ? 'to-client' : 'to-server')
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1')
    for (const [from, to, toClient] of [
      [client, upstream, false],
      [upstream, client, true],
    ] as const) {
      const pair = { from, to, toClient }
      pairs.push(pair)
      from.on('data', (chunk: Buffer) => {
        proxy.onForward?.(toClient ? 'to-client' : 'to-server', chunk)
        if (!to.write(chunk)) from.pause()
      })
      to.on('drain', () => {
        if (!held(pair)) from.resume()
      })
      from.on('close', () => to.destroy())
      from.on('error', () => to.destroy())
      if (held(pair)) from.pause()
    }
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const proxy: CutProxy = {
    port: (server.address() as { port: number }).port,
    cut(direction = 'both') {
      cutting = direction
      for (const pair of pairs) if (held(pair)) pair.from.pause()
    },
    heal() {
      cutting = null
      for (const { from } of pairs) from.resume()
    },
    drop() {
      for (const { from } of pairs.splice(0)) from.destroy()
    },
    async close() {
      for (const { from } of pairs) from.destroy()
      await new Promise((resolve) => server.close(resolve))
    },
  }
  return proxy
}

/**
 * Splits one direction of an MQTT byte stream into packets as chunks arrive, and calls `onPacket` with
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
