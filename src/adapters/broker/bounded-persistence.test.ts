import type { Client } from 'aedes'
import type { PersistedPacket } from 'aedes-persistence/asyncPersistence.js'
import { describe, expect, it } from 'vitest'
import { BoundedMemoryPersistence, MAX_QUEUED_PER_CLIENT } from './bounded-persistence.js'

const ron = { id: 'ron' } as Client
const packet = (n: number) =>
  ({
    cmd: 'publish',
    topic: 'owntracks/f/ginny',
    payload: Buffer.from(`{"n":${n}}`),
    qos: 1,
    retain: false,
    dup: false,
    brokerId: 'b',
    brokerCounter: n,
  }) as PersistedPacket

describe('bounded in-memory persistence', () => {
  it('keeps the newest messages of a session that is away, each client its own', async () => {
    const p = new BoundedMemoryPersistence()
    const total = MAX_QUEUED_PER_CLIENT * 3
    for (let n = 1; n <= total; n++) await p.outgoingEnqueueCombi([{ clientId: 'ron' }], packet(n))
    await p.outgoingEnqueue({ clientId: 'ginny' }, packet(1))
    const queued = (await p.outgoingStream(ron).toArray()) as PersistedPacket[]
    expect(queued.length).toBeLessThanOrEqual(MAX_QUEUED_PER_CLIENT + 64)
    expect(queued.at(-1)?.brokerCounter).toBe(total)
    expect(p.queuedFor('ginny')).toBe(1)
  })

  it('sends, numbers and clears a queued message; one trimmed while being sent does not fail', async () => {
    const p = new BoundedMemoryPersistence()
    for (let n = 1; n <= MAX_QUEUED_PER_CLIENT + 64; n++)
      await p.outgoingEnqueue({ clientId: 'ron' }, packet(n))
    // aedes sends from a copy of the queue; a new message meanwhile cuts the queue back.
    const [first] = (await p.outgoingStream(ron).toArray()) as PersistedPacket[]
    await p.outgoingEnqueue({ clientId: 'ron' }, packet(5000))
    await expect(
      p.outgoingUpdate(ron, { ...(first as PersistedPacket), messageId: 7 }),
    ).resolves.toBeUndefined()
    expect(
      await p.outgoingClearMessageId(ron, { ...(first as PersistedPacket), messageId: 7 }),
    ).toBeUndefined()
    // One still queued: numbered when sent, gone at its PUBACK.
    const last = packet(5000)
    await p.outgoingUpdate(ron, { ...last, messageId: 9 })
    expect((await p.outgoingClearMessageId(ron, { ...last, messageId: 9 }))?.brokerCounter).toBe(5000)
    expect(p.queuedFor('ron')).toBe(MAX_QUEUED_PER_CLIENT - 1)
  })
})
