// Who a command published now reaches, for telling the user truly how many phones it went to: a
// device's own connections and persistent sessions only (another phone of the family, or a tool on
// the clock's account, may be subscribed to every cmd topic).

import type { Aedes, Client } from 'aedes'
import type { DeviceReach } from '../../app/ports.js'
import type { Identity } from '../auth/credentials.js'
import { deviceAccount } from './account-names.js'
import { topicMatches } from './acl.js'

interface KeptSubscription {
  clientId: string
}

export function createDeviceReach(
  aedes: Aedes,
  identityOf: (client: Client) => Identity | undefined,
): (family: string, deviceId: string, topic: string) => Promise<DeviceReach> {
  const { clients, persistence } = aedes as unknown as {
    clients: Record<string, Client | undefined>
    persistence: { subscriptionsByTopic(topic: string): Promise<KeptSubscription[]> }
  }
  return async (family, deviceId, topic) => {
    const isTheDevice = (client: Client) => {
      const identity = identityOf(client)
      return identity?.kind === 'device' && identity.family === family && identity.deviceId === deviceId
    }
    for (const client of Object.values(clients)) {
      if (!client || !isTheDevice(client)) continue
      const filters = Object.keys((client as unknown as { subscriptions: object }).subscriptions)
      if (filters.some((filter) => topicMatches(filter, topic))) return 'listening'
    }
    // Persistent sessions keep their QoS 1 and 2 filters in the persistence: what matches is queued.
    const sessionOf = `${deviceAccount(family, deviceId)}|`
    const kept = await persistence.subscriptionsByTopic(topic)
    return kept.some((s) => s.clientId.startsWith(sessionOf)) ? 'session' : 'none'
  }
}
