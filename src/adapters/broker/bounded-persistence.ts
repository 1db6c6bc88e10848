// aedes-persistence's in-memory store, with a bound on what waits for a persistent session.
// The parent queues every QoS 1 message for every sleeping session, in memory, for as long as the
// process runs: a phone reinstalled under a new client id leaves its old session subscribed to the
// family, and that queue grew by every message of the family, forever. This class keeps the queues
// itself and holds the newest MAX_QUEUED_PER_CLIENT of each (Mosquitto's max_queued_messages is 1000).

import { Readable } from 'node:stream'
import type { Client, Subscription } from 'aedes'
import aedesPacket from 'aedes-packet'
import MemoryPersistence, { type PersistedPacket } from 'aedes-persistence/asyncPersistence.js'

/** A phone away for weeks must not fill memory or disk: older queued messages are dropped first. */
export const MAX_QUEUED_PER_CLIENT = 1000
/** And by size: a thousand messages near the size limit would be a quarter of a gigabyte per session. */
export const MAX_QUEUED_BYTES_PER_CLIENT = 8 * 1024 * 1024

const sizeOf = (packet: PersistedPacket): number => packet.payload?.length ?? 0
/** aedes-packet's constructor (its types describe a namespace): the broker's own copy of a packet. */
const Packet = aedesPacket as unknown as new (packet: PersistedPacket) => PersistedPacket

/**
 * QoS 2 messages an account's sessions may hold waiting for their PUBREL (aedes bounds them per
 * connection only, and a persistent session keeps them across connections and restarts). Phones keep a
 * handful in flight. Past this the account's oldest is forgotten: it was published when it came, and its
 * copy only tells a resend from a new message (one left by a crash, or by a client id never seen again,
 * must not shut the account out of QoS 2 for good).
 */
export const MAX_UNRELEASED_PER_ACCOUNT = 32

/** Sessions are namespaced by account ("<family>/<device>|<client id>", see broker-accounts.ts). */
const accountOf = (clientId: string): string => clientId.slice(0, clientId.indexOf('|') + 1) || clientId

/** A full queue is cut back to the bound once it is this far over, not on every message. */
const TRIM_SLACK = 64

export class BoundedMemoryPersistence extends MemoryPersistence {
  readonly #queues = new Map<string, PersistedPacket[]>()
  /** The payload bytes in each queue. */
  readonly #queuedBytes = new Map<string, number>()
  /** Clients with stored subscriptions (persistent sessions), the one subscribed to last at the end. */
  readonly #sessions = new Set<string>()

  override async addSubscriptions(client: Client, subs: Subscription[]): Promise<void> {
    await super.addSubscriptions(client, subs)
    this.#sessions.delete(client.id)
    this.#sessions.add(client.id)
  }

  override async cleanSubscriptions(client: Client): Promise<void> {
    await super.cleanSubscriptions(client)
    this.#sessions.delete(client.id)
  }

  /** Persistent sessions whose client ids start with `prefix`, the one subscribed to longest ago first. */
  sessionsStartingWith(prefix: string): string[] {
    const found: string[] = []
    for (const id of this.#sessions) if (id.startsWith(prefix)) found.push(id)
    return found
  }

  /** Ends a persistent session: its subscriptions, what waits for it and what it left unreleased. */
  async forgetSession(clientId: string): Promise<void> {
    await this.cleanSubscriptions({ id: clientId } as Client)
    await this.cleanIncoming({ id: clientId } as Client)
    this.#queues.delete(clientId)
    this.#queuedBytes.delete(clientId)
  }

  /** QoS 2 messages stored until their PUBREL: ids by client id, and per account, oldest first. */
  readonly #unreleased = new Map<string, Set<number>>()
  readonly #unreleasedOf = new Map<string, Map<string, { clientId: string; messageId: number }>>()

  override async incomingStorePacket(client: Client, packet: PersistedPacket): Promise<void> {
    const messageId = packet.messageId as number
    let ids = this.#unreleased.get(client.id)
    // A resend of one it holds (DUP) takes no new place.
    if (!ids?.has(messageId)) {
      const account = accountOf(client.id)
      let held = this.#unreleasedOf.get(account)
      if (!held) {
        held = new Map()
        this.#unreleasedOf.set(account, held)
      }
      if (!ids) {
        ids = new Set()
        this.#unreleased.set(client.id, ids)
      }
      ids.add(messageId)
      held.set(`${client.id}\u0000${messageId}`, { clientId: client.id, messageId })
      if (held.size > MAX_UNRELEASED_PER_ACCOUNT) this.#trimSoon(account)
    }
    await super.incomingStorePacket(client, packet)
  }

  /**
   * Cuts an account back to the bound once every store under way is done (a subclass writes its copy
   * after this class's store resolves, and aedes stores the packets of one socket read at the same
   * time): forgetting one whose store is still running would leave its copy behind, uncounted.
   */
  #trimSoon(account: string): void {
    if (this.#trimming.has(account)) return
    this.#trimming.add(account)
    setImmediate(() => {
      this.#trimming.delete(account)
      const held = this.#unreleasedOf.get(account)
      while (held && held.size > MAX_UNRELEASED_PER_ACCOUNT) {
        const oldest = held.values().next().value as { clientId: string; messageId: number }
        this.#release(oldest.clientId, oldest.messageId)
        // Through the subclass too: its row goes with it.
        const forgotten = { messageId: oldest.messageId } as unknown as PersistedPacket
        this.incomingDelPacket({ id: oldest.clientId } as Client, forgotten).catch(() => {})
      }
    })
  }
  readonly #trimming = new Set<string>()

  override async incomingDelPacket(client: Client, packet: PersistedPacket): Promise<void> {
    this.#release(client.id, packet.messageId as number)
    await super.incomingDelPacket(client, packet)
  }

  override async cleanIncoming(client: Client): Promise<void> {
    for (const messageId of this.#unreleased.get(client.id) ?? []) this.#release(client.id, messageId)
    await super.cleanIncoming(client)
  }

  /** How many QoS 2 messages an account's sessions hold waiting for their PUBREL (for tests). */
  unreleasedOf(account: string): number {
    return this.#unreleasedOf.get(account)?.size ?? 0
  }

  #release(clientId: string, messageId: number): void {
    const ids = this.#unreleased.get(clientId)
    if (!ids?.delete(messageId)) return
    if (ids.size === 0) this.#unreleased.delete(clientId)
    const account = accountOf(clientId)
    const held = this.#unreleasedOf.get(account)
    held?.delete(`${clientId}\u0000${messageId}`)
    if (held?.size === 0) this.#unreleasedOf.delete(account)
  }

  override async outgoingEnqueue(sub: { clientId: string }, packet: PersistedPacket): Promise<void> {
    this.#push(sub.clientId, packet)
  }

  override async outgoingEnqueueCombi(subs: { clientId: string }[], packet: PersistedPacket): Promise<void> {
    for (const sub of subs) this.#push(sub.clientId, packet)
  }

  #push(clientId: string, packet: PersistedPacket): void {
    let queue = this.#queues.get(clientId)
    if (!queue) {
      queue = []
      this.#queues.set(clientId, queue)
    }
    // A copy of its own per client (aedes sets the packet id on it when it sends it).
    queue.push(new Packet(packet))
    let bytes = (this.#queuedBytes.get(clientId) ?? 0) + sizeOf(packet)
    if (queue.length > MAX_QUEUED_PER_CLIENT + TRIM_SLACK || bytes > MAX_QUEUED_BYTES_PER_CLIENT) {
      let drop = Math.max(0, queue.length - MAX_QUEUED_PER_CLIENT)
      for (let i = 0; i < drop; i++) bytes -= sizeOf(queue[i] as PersistedPacket)
      // The newest message always stays, however big.
      while (bytes > MAX_QUEUED_BYTES_PER_CLIENT && drop < queue.length - 1)
        bytes -= sizeOf(queue[drop++] as PersistedPacket)
      queue.splice(0, drop)
    }
    this.#queuedBytes.set(clientId, bytes)
  }

  /**
   * aedes gives a queued packet its packet id when it sends it; a resend may bring a new packet object.
   * A packet not found was trimmed from a full queue while aedes sent it from its copy: it goes out
   * all the same and its acknowledgement clears nothing. (The parent throws "no such packet", which
   * aedes treats as a client error and closes the connection.)
   */
  override async outgoingUpdate(client: Client, packet: PersistedPacket): Promise<void> {
    const queue = this.#queues.get(client.id) ?? []
    for (let i = 0; i < queue.length; i++) {
      const queued = queue[i] as PersistedPacket
      if (queued.brokerId === packet.brokerId) {
        if (queued.brokerCounter === packet.brokerCounter) {
          queued.messageId = packet.messageId as number
          return
        }
      } else if (queued.messageId === packet.messageId) {
        queue[i] = packet
        this.#queuedBytes.set(
          client.id,
          (this.#queuedBytes.get(client.id) ?? 0) - sizeOf(queued) + sizeOf(packet),
        )
        return
      }
    }
  }

  /** Acknowledged (or given up on): out of the queue; the packet, or undefined if it was not there. */
  override async outgoingClearMessageId(
    client: Client,
    packet: PersistedPacket,
  ): Promise<PersistedPacket | undefined> {
    // aedes asks this with a packet never numbered when it skips a delivery (the second match of
    // overlapping filters, or a forward we refused). Matching an undefined id would drop whichever
    // queued packet is still unnumbered (another message), and the next update of that one would fail
    // with "no such packet", closing the client. Nothing is queued twice, so nothing is cleared.
    if (packet.messageId === undefined) return packet
    const queue = this.#queues.get(client.id)
    if (!queue) return undefined
    const at = queue.findIndex((queued) => queued.messageId === packet.messageId)
    if (at < 0) return undefined
    const [cleared] = queue.splice(at, 1)
    if (queue.length === 0) {
      this.#queues.delete(client.id)
      this.#queuedBytes.delete(client.id)
    } else {
      this.#queuedBytes.set(
        client.id,
        (this.#queuedBytes.get(client.id) ?? 0) - sizeOf(cleared as PersistedPacket),
      )
    }
    return cleared
  }

  override outgoingStream(client: Client): Readable {
    // A copy: the queue changes while aedes reads it.
    return Readable.from([...(this.#queues.get(client.id) ?? [])])
  }

  /** How many messages wait for a client (for tests and diagnostics). */
  queuedFor(clientId: string): number {
    return this.#queues.get(clientId)?.length ?? 0
  }
}
