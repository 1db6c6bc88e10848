// When a device of a served family starts listening to its own cmd topic (once per connection), the
// moment to send it commands; and whether its connection took up a session the broker kept.

import type { Aedes, Client } from 'aedes'
import type { Identity } from '../auth/credentials.js'
import { topicMatches } from './acl.js'
import type { BrokerFamily } from './embedded-broker.js'

export function watchDeviceListening(
  aedes: Aedes,
  identityOf: (client: Client) => Identity | undefined,
  families: ReadonlyMap<string, BrokerFamily>,
): void {
  const listening = new WeakSet<Client>()
  // Whether each connection took up a session the broker kept (aedes restores that session's
  // subscriptions without a 'subscribe' event: only the phone's own SUBSCRIBE after it is seen here).
  const resumedSession = new WeakMap<Client, boolean>()
  aedes.on('connackSent', (connack, client) =>
    resumedSession.set(client, (connack as { sessionPresent?: boolean }).sessionPresent === true),
  )
  aedes.on('subscribe', (subscriptions, client) => {
    const identity = identityOf(client)
    if (identity?.kind !== 'device' || listening.has(client)) return
    const onListening = families.get(identity.family)?.onDeviceListening
    // Device ids match case-insensitively, so the phone's filter for its cmd topic may spell its id
    // otherwise than the config does: commands then go to the topic as the phone spells it.
    const cmdTopic = `owntracks/${identity.family}/${identity.deviceId}/cmd`.toLowerCase()
    // Granted ones only: aedes lists the refused ones too (0x80), never narrowed (a wrongly spelled
    // family, one past the filter cap), and commands sent for those would reach nobody.
    const filter = subscriptions.find(
      (s) => (s.qos as number) !== 128 && topicMatches(s.topic.toLowerCase(), cmdTopic),
    )
    if (!onListening || !filter) return
    listening.add(client)
    const spelled = filter.topic.split('/')[2]
    onListening({
      deviceId: identity.deviceId,
      memberId: identity.memberId,
      resumed: resumedSession.get(client) ?? false,
      ...(spelled === undefined || spelled === '+' || spelled === '#' ? {} : { spelled }),
    })
  })
}
