import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { JournalEntry } from '../../app/ports.js'
import { PROBLEM_CODES } from '../../core/problems.js'
import { packJournal, unpackJournal } from './journal-pack.js'

const entry = fc
  .record({
    receivedAtMs: fc.oneof(fc.integer({ min: 0, max: 2 ** 48 }), fc.double({ noNaN: true })),
    topic: fc.string({ unit: 'binary', maxLength: 80 }),
    payload: fc.uint8Array({ maxLength: 600 }),
    outcome: fc.constantFrom('accepted' as const, 'ignored' as const, 'rejected' as const),
    problemCode: fc.option(fc.constantFrom(...PROBLEM_CODES), { nil: undefined }),
    detail: fc.option(fc.string({ unit: 'binary', minLength: 1, maxLength: 120 }), { nil: undefined }),
    replayedFromMs: fc.option(fc.integer({ min: 0, max: 2 ** 48 }), { nil: undefined }),
  })
  .map((r) => {
    const e: JournalEntry = {
      receivedAtMs: r.receivedAtMs,
      topic: r.topic,
      payload: r.payload,
      outcome: r.outcome,
    }
    if (r.problemCode !== undefined) e.problemCode = r.problemCode
    if (r.detail !== undefined) e.detail = r.detail
    if (r.replayedFromMs !== undefined) e.replayedFromMs = r.replayedFromMs
    return e
  })

/** What a string is after a UTF-8 round trip (lone surrogates become U+FFFD, as SQLite TEXT did too). */
const utf8 = (s: string) => Buffer.from(s).toString()

describe('packed journal', () => {
  it('gives back every entry, in order, byte for byte', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 30 }), (entries) => {
        const back = unpackJournal(packJournal(entries))
        expect(back).toEqual(
          entries.map((e) => ({
            ...e,
            topic: utf8(e.topic),
            ...(e.detail === undefined ? {} : { detail: utf8(e.detail) }),
          })),
        )
      }),
      { numRuns: 500 },
    )
  })

  it('gives back the entries of one outcome only, when asked, as the whole blob has them', () => {
    fc.assert(
      fc.property(
        fc.array(entry, { maxLength: 30 }),
        fc.constantFrom('accepted' as const, 'ignored' as const, 'rejected' as const),
        (entries, outcome) => {
          const packed = packJournal(entries)
          expect(unpackJournal(packed, (o) => o === outcome)).toEqual(
            unpackJournal(packed).filter((e) => e.outcome === outcome),
          )
        },
      ),
      { numRuns: 300 },
    )
  })

  it('packs an empty payload and a payload with a byte offset into a larger buffer', () => {
    const big = Buffer.from('xx{"_type":"lwt"}yy')
    const entries: JournalEntry[] = [
      { receivedAtMs: 1, topic: 'owntracks/f/d', payload: new Uint8Array(0), outcome: 'accepted' },
      { receivedAtMs: 2, topic: 'owntracks/f/d', payload: big.subarray(2, 17), outcome: 'ignored' },
    ]
    const back = unpackJournal(packJournal(entries))
    expect(Buffer.from(back[1]?.payload ?? []).toString()).toBe('{"_type":"lwt"}')
    expect(back[0]?.payload).toEqual(new Uint8Array(0))
  })

  it('refuses a truncated or foreign blob instead of inventing entries', () => {
    const packed = packJournal([
      { receivedAtMs: 1, topic: 'owntracks/f/d', payload: Buffer.from('{}'), outcome: 'accepted' },
    ])
    expect(() => unpackJournal(packed.subarray(0, packed.length - 1))).toThrow(/corrupt/)
    expect(() => unpackJournal(packed.subarray(0, 10))).toThrow(/truncated/)
    expect(() => unpackJournal(Buffer.from('{"not":"a journal blob"}'))).toThrow()
  })
})
