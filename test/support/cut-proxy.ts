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
