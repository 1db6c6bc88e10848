// A phone's UNSUBSCRIBE given up in the words it subscribed with. A filter wider than its family
// (Android subscribes to owntracks/+/+) is held narrowed (owntracks/<family>/+, see acl.ts); aedes
// looks an UNSUBSCRIBE up by the filter as sent, so without this the phone would unsubscribe from
// owntracks/+/+, get its UNSUBACK and go on receiving its family for as long as it stays connected
// (for a persistent session, after it reconnects too).

import type { Client } from 'aedes'

interface UnsubscribePacket {
  cmd: string
  unsubscriptions?: string[]
}

/** What aedes keeps of a connection's packet parser (aedes 1.x; checked by the broker tests). */
interface ClientParser {
  prependListener(event: 'packet', listener: (packet: UnsubscribePacket) => void): void
  /** Packets that came before the CONNECT was accepted; aedes handles them on 'connected'. */
  _queue: UnsubscribePacket[] | null
}

/**
 * Rewrites every UNSUBSCRIBE of `client` before aedes handles it: each filter becomes the one it was
 * narrowed to, or stays as sent when `narrow` refuses it (nothing is held under it then).
 */
export function narrowUnsubscribes(
  client: Client,
  narrow: (client: Client, filter: string) => string | null,
): Client {
  const parser = (client as unknown as { _parser?: ClientParser })._parser
  if (!parser) throw new Error('aedes changed: no packet parser on the client to narrow UNSUBSCRIBE')
  const rewrite = (packet: UnsubscribePacket) => {
    if (packet.cmd !== 'unsubscribe' || !packet.unsubscriptions) return
    packet.unsubscriptions = packet.unsubscriptions.map((filter) => narrow(client, filter) ?? filter)
  }
  // Once the login is accepted, each packet is handled as it is parsed: rewritten just before. Ones that
  // came with the CONNECT wait in the parser's queue until then (narrowing twice changes nothing).
  parser.prependListener('packet', rewrite)
  client.prependOnceListener('connected', () => {
    for (const packet of parser._queue ?? []) rewrite(packet)
  })
  return client
}
