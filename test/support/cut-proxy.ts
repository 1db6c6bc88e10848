// An in-process TCP proxy that can "cut" the network: while cut, sockets stay open but no byte moves
// either way (as when a phone's Wi-Fi stalls); healing lets the held-back bytes through, as TCP would.

import { once } from 'node:events'
import { connect, createServer, type Server, type Socket } from 'node:net'

export interface CutProxy {
  port: number
  cut(): void
  heal(): void
  close(): Promise<void>
}

export async function startCutProxy(targetPort: number): Promise<CutProxy> {
  let isCut = false
  const pairs: { from: Socket; to: Socket }[] = []
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1')
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      pairs.push({ from, to })
      from.on('data', (chunk: Buffer) => {
        if (!to.write(chunk)) from.pause()
      })
      to.on('drain', () => {
        if (!isCut) from.resume()
      })
      from.on('close', () => to.destroy())
      from.on('error', () => to.destroy())
    }
    if (isCut) {
      client.pause()
      upstream.pause()
    }
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return {
    port: (server.address() as { port: number }).port,
    cut() {
      isCut = true
      for (const { from } of pairs) from.pause()
    },
    heal() {
      isCut = false
      for (const { from } of pairs) from.resume()
    },
    async close() {
      for (const { from } of pairs) from.destroy()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}
