import { once } from 'node:events'
import { createConnection, createServer, type Socket } from 'node:net'
import { Writable } from 'node:stream'
import { describe, expect, it, onTestFinished } from 'vitest'
import { closeWhenStalled, GATHER_MAX_BYTES, gatherWrites } from './socket-guards.js'

async function socketPair(): Promise<{ ours: Socket; theirs: Socket }> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const accepted = once(server, 'connection') as Promise<[Socket]>
  const theirs = createConnection({ host: '127.0.0.1', port: (server.address() as { port: number }).port })
  const [ours] = await accepted
  onTestFinished(() => {
    theirs.destroy()
    ours.destroy()
    server.close()
  })
  return { ours, theirs }
}

describe('closeWhenStalled', () => {
  it('closes a connection whose peer stops reading, and leaves a reading one alone', async () => {
    const lines: string[] = []
    const logger = { log: (_level: string, line: string) => lines.push(line), isEnabled: () => true }

    const stalled = await socketPair()
    stalled.theirs.pause()
    closeWhenStalled(stalled.ours, 100, logger)
    const chunk = Buffer.alloc(64 * 1024)
    for (let i = 0; i < 1_000 && stalled.ours.write(chunk); i++) {} // until the kernel is full
    await once(stalled.ours, 'close')
    expect(lines.join('\n')).toMatch(
      /closed the connection from 127\.0\.0\.1: it stopped reading \(\d+ KiB waiting for 0\.1 s\)/,
    )

    const reading = await socketPair()
    closeWhenStalled(reading.ours, 100, logger)
    const total = 200 * chunk.length
    let received = 0
    const all = new Promise<void>((resolve) =>
      reading.theirs.on('data', (d: Buffer) => {
        received += d.length
        if (received === total) resolve()
      }),
    )
    for (let writes = 0; writes < 200; writes++)
      if (!reading.ours.write(chunk)) await once(reading.ours, 'drain')
    await all
    // Past the timeout of its last wait: still open.
    await new Promise((resolve) => setTimeout(resolve, 150))
    expect(reading.ours.destroyed).toBe(false)
    expect(lines).toHaveLength(1)
  })
})

describe('gatherWrites', () => {
  /** A packet as mqtt-packet writes one: corked, in parts, uncorked on the next tick. */
  const writePacket = (socket: Writable, ...parts: string[]) => {
    socket.cork()
    for (const part of parts) socket.write(part)
    process.nextTick(() => socket.uncork())
  }
  const nextTick = () => new Promise((resolve) => process.nextTick(resolve))
  const nextTurn = () => new Promise((resolve) => setImmediate(resolve))

  it("sends what one task writes at once and holds a turn's later packets for the next turn", async () => {
    const { ours, theirs } = await socketPair()
    gatherWrites(ours)
    let received = ''
    theirs.on('data', (d: Buffer) => {
      received += d.toString()
    })
    writePacket(ours, 'PUBACK', ' ')
    await nextTick()
    expect(ours.writableCorked).toBe(0)
    expect(ours.writableLength).toBe(0)
    writePacket(ours, 'PUBLISH', ' ')
    writePacket(ours, 'PUBLISH', ' ')
    await nextTick()
    expect(ours.writableCorked).toBe(1)
    expect(ours.writableLength).toBe('PUBLISH PUBLISH '.length)
    await nextTurn()
    expect(ours.writableCorked).toBe(0)
    // The next turn starts afresh: what one task writes goes out when the task is over, not a turn later.
    writePacket(ours, 'PUBACK', ' ')
    writePacket(ours, 'PUBACK', ' ')
    writePacket(ours, 'PUBACK', ' ')
    await nextTick()
    expect(ours.writableCorked).toBe(0)
    expect(ours.writableLength).toBe(0)
    while (received !== 'PUBACK PUBLISH PUBLISH PUBACK PUBACK PUBACK ') await once(theirs, 'data')
  })

  it('sends what it holds once it reaches the bound, so a burst never looks like a stalled reader', async () => {
    // A stream that takes every write at once, so each write it sees is one the bound let through.
    const writes: number[] = []
    const sink = new Writable({
      writev(chunks, done) {
        writes.push(chunks.reduce((sum, { chunk }) => sum + (chunk as Buffer).length, 0))
        done()
      },
    })
    gatherWrites(sink)
    const packet = 'x'.repeat(16 * 1024)
    writePacket(sink, 'first', ' ')
    await nextTick()
    for (let i = 0; i < 40; i++) {
      writePacket(sink, packet, ' ')
      await nextTick()
    }
    await nextTurn()
    expect(writes.reduce((a, b) => a + b, 0)).toBe('first '.length + 40 * (packet.length + 1))
    expect(Math.max(...writes)).toBeLessThanOrEqual(GATHER_MAX_BYTES + packet.length + 1)
    expect(writes.length).toBeGreaterThan(5)
  })
})
