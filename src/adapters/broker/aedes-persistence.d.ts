// Types for aedes-persistence's in-memory class, which it ships without a declaration for this path.
declare module 'aedes-persistence/asyncPersistence.js' {
  import type { Readable } from 'node:stream'
  import type { AedesPublishPacket, Client, Subscription } from 'aedes'

  export type PersistedPacket = AedesPublishPacket & {
    brokerId?: string
    brokerCounter?: number
    messageId?: number
  }

  export default class MemoryPersistence {
    setup(broker: unknown): Promise<void>
    storeRetained(packet: PersistedPacket): Promise<void>
    createRetainedStream(pattern: string): Readable
    createRetainedStreamCombi(patterns: string[]): Readable
    addSubscriptions(client: Client, subs: Subscription[]): Promise<void>
    removeSubscriptions(client: Client, topics: string[]): Promise<void>
    cleanSubscriptions(client: Client): Promise<void>
    outgoingEnqueue(sub: { clientId: string }, packet: PersistedPacket): Promise<void>
    outgoingEnqueueCombi(subs: { clientId: string }[], packet: PersistedPacket): Promise<void>
    outgoingUpdate(client: Client, packet: PersistedPacket): Promise<void>
    outgoingClearMessageId(client: Client, packet: PersistedPacket): Promise<PersistedPacket | undefined>
    outgoingStream(client: Client): Readable
    incomingStorePacket(client: Client, packet: PersistedPacket): Promise<void>
    incomingDelPacket(client: Client, packet: PersistedPacket): Promise<void>
    cleanIncoming(client: Client): Promise<void>
    putWill(client: Client, packet: PersistedPacket): Promise<void>
    delWill(client: Client): Promise<PersistedPacket | undefined>
  }
}
