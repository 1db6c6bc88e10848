// One behaviour suite for every StateStore: the in-memory one and the SQLite one must agree.

import { describe, expect, it } from 'vitest'
import type { JournalEntry, StateStore } from '../../src/app/ports.js'
import type { MemberState } from '../../src/core/whereabouts/whereabouts.js'

export interface StoreHarness {
  store: StateStore
  /** Closes and reopens the same storage; the in-memory store returns itself. */
  reopen(): StateStore
}

const member = (memberId: string, place: string): MemberState => ({
  memberId,
  whereabouts: { kind: 'at-place', place },
  sinceMs: 1_000,
  lastSeenMs: 2_000,
  devices: {
    [`${memberId}-phone`]: {
      deviceId: `${memberId}-phone`,
      lastTimestampSec: 1_700_000_000,
      lastReceivedMs: 2_000,
      enteredPlaceKeys: [place.toLowerCase()],
      placeKey: place.toLowerCase(),
      online: true,
      batteryPercent: 80,
    },
  },
})

const entry = (n: number, outcome: JournalEntry['outcome'] = 'accepted'): JournalEntry => ({
  receivedAtMs: n,
  topic: `owntracks/f/d${n}`,
  payload: new TextEncoder().encode(`{"n":${n}}`),
  outcome,
  ...(outcome === 'rejected' ? { problemCode: 'not-json' as const, detail: 'payload is not JSON' } : {}),
})

export function stateStoreContract(
  name: string,
  makeHarness: (opts: { journalLimit: number; historyLimit?: number }) => StoreHarness,
): void {
  describe(`${name} (StateStore contract)`, () => {
    it('has no state before the first commit', () => {
      expect(makeHarness({ journalLimit: 100 }).store.loadState()).toBeNull()
    })

    it('returns the committed member states after reopening', () => {
      const h = makeHarness({ journalLimit: 100 })
      h.store.commit({ members: [member('ann', 'Home'), member('ben', 'Work')], moves: [], journal: [] })
      h.store.commit({ members: [member('ann', 'School')], moves: [], journal: [] })
      const state = h.reopen().loadState()
      expect(state?.members.ann).toEqual(member('ann', 'School'))
      expect(state?.members.ben).toEqual(member('ben', 'Work'))
    })

    it('keeps name, face and learned regions when later commits only move the hand', () => {
      const h = makeHarness({ journalLimit: 100 })
      const ann: MemberState = {
        ...member('ann', 'Home'),
        displayName: 'Ann Weasley',
        face: 'iVBORw0KGgo=',
        learnedRegions: [{ deviceId: 'ann-phone', createdSec: 1_700_000_000, name: 'Pool', lat: 51, lon: 0 }],
      }
      h.store.commit({ members: [ann], moves: [], journal: [] })
      // The pipeline updates its member in place: same regions array, new hand.
      ann.whereabouts = { kind: 'traveling' }
      ann.sinceMs = 5_000
      h.store.commit({ members: [ann], moves: [], journal: [] })
      h.store.commit({ members: [{ ...ann, face: 'R0lGODlh' }], moves: [], journal: [] })
      const state = h.reopen().loadState()
      expect(state?.members.ann).toEqual({ ...ann, face: 'R0lGODlh' })
      const { face: _face, ...faceless } = ann
      h.store.commit({ members: [faceless], moves: [], journal: [] })
      expect(h.reopen().loadState()?.members.ann).toEqual(faceless)
    })

    it('keeps the history of place changes newest first, per member', () => {
      const h = makeHarness({ journalLimit: 100 })
      h.store.commit({
        members: [],
        moves: [
          { memberId: 'ann', from: { kind: 'lost' }, to: { kind: 'at-place', place: 'Home' }, atMs: 1 },
          { memberId: 'ben', from: { kind: 'lost' }, to: { kind: 'traveling' }, atMs: 2 },
          { memberId: 'ann', from: { kind: 'at-place', place: 'Home' }, to: { kind: 'traveling' }, atMs: 3 },
        ],
        journal: [],
      })
      const store = h.reopen()
      expect(store.history({ memberId: 'ann', limit: 10 })).toEqual([
        { memberId: 'ann', from: 'Home', to: 'Traveling', atMs: 3 },
        { memberId: 'ann', from: 'Lost', to: 'Home', atMs: 1 },
      ])
      expect(store.history({ limit: 1 })).toEqual([
        { memberId: 'ann', from: 'Home', to: 'Traveling', atMs: 3 },
      ])
      // Only the members asked for (a member removed from the config is left out).
      expect(store.history({ memberIds: ['ben'], limit: 10 })).toEqual([
        { memberId: 'ben', from: 'Lost', to: 'Traveling', atMs: 2 },
      ])
      expect(store.history({ memberIds: [], limit: 10 })).toEqual([])
    })

    it('gives a renamed member the moves made under the old id, in the commit that saves the new one', () => {
      const h = makeHarness({ journalLimit: 100 })
      h.store.commit({
        members: [member('ann', 'Home'), member('ben', 'Work')],
        moves: [
          { memberId: 'ann', from: { kind: 'lost' }, to: { kind: 'at-place', place: 'Home' }, atMs: 1 },
          { memberId: 'ben', from: { kind: 'lost' }, to: { kind: 'at-place', place: 'Work' }, atMs: 2 },
        ],
        journal: [],
      })
      h.store.commit({
        members: [{ ...member('annie', 'Home'), sinceMs: 1 }],
        moves: [
          {
            memberId: 'annie',
            from: { kind: 'at-place', place: 'Home' },
            to: { kind: 'traveling' },
            atMs: 3,
          },
        ],
        journal: [],
        renamed: [{ from: 'ann', to: 'annie' }],
      })
      const store = h.reopen()
      expect(store.history({ memberIds: ['annie', 'ben'], limit: 10 })).toEqual([
        { memberId: 'annie', from: 'Home', to: 'Traveling', atMs: 3 },
        { memberId: 'ben', from: 'Lost', to: 'Work', atMs: 2 },
        { memberId: 'annie', from: 'Lost', to: 'Home', atMs: 1 },
      ])
      expect(store.history({ memberId: 'ann', limit: 10 })).toEqual([])
    })

    it('bounds the history to its limit, dropping the oldest moves, and still finds a quiet member', () => {
      const h = makeHarness({ journalLimit: 100, historyLimit: 50 })
      const move = (memberId: string, atMs: number) => ({
        memberId,
        from: { kind: 'lost' as const },
        to: { kind: 'traveling' as const },
        atMs,
      })
      h.store.commit({ members: [], moves: [move('ben', 0)], journal: [] })
      for (let batch = 0; batch < 20; batch++) {
        h.store.commit({
          members: [],
          moves: Array.from({ length: 10 }, (_, i) => move('ann', 1 + batch * 10 + i)),
          journal: [],
        })
      }
      h.store.commit({ members: [], moves: [move('ben', 500)], journal: [] })
      const store = h.reopen()
      const kept = store.history({ limit: 1_000 })
      expect(kept.length).toBeGreaterThanOrEqual(50)
      expect(kept.length).toBeLessThanOrEqual(56)
      expect(kept.map((m) => m.atMs)).toEqual([
        500,
        ...Array.from({ length: kept.length - 1 }, (_, i) => 200 - i),
      ])
      expect(store.history({ memberId: 'ben', limit: 5 }).map((m) => m.atMs)).toEqual([500])
      expect(store.history({ memberId: 'ann', limit: 2 }).map((m) => m.atMs)).toEqual([200, 199])
    })

    it('journals raw payloads with their outcome, newest first', () => {
      const h = makeHarness({ journalLimit: 100 })
      h.store.commit({
        members: [],
        moves: [],
        journal: [entry(1), entry(2, 'rejected'), entry(3, 'ignored')],
      })
      const store = h.reopen()
      expect(store.journal({ limit: 10 }).map((e) => e.receivedAtMs)).toEqual([3, 2, 1])
      expect(store.journal({ limit: 10, outcome: 'rejected' })).toEqual([entry(2, 'rejected')])
    })

    it('bounds the journal to its limit, dropping the oldest entries', () => {
      const h = makeHarness({ journalLimit: 50 })
      for (let batch = 0; batch < 20; batch++) {
        h.store.commit({
          members: [],
          moves: [],
          journal: Array.from({ length: 10 }, (_, i) => entry(batch * 10 + i)),
        })
      }
      const kept = h.reopen().journal({ limit: 1_000 })
      expect(kept.length).toBeGreaterThanOrEqual(50)
      expect(kept.length).toBeLessThanOrEqual(60)
      expect(kept[0]?.receivedAtMs).toBe(199)
    })
  })
}
