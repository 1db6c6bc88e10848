// How a member is stored: every commit rewrites only what changes with each message (the hand and the
// devices' evidence, a few hundred bytes). The rest is large and changes rarely, so it is written only
// when it changed: the profile (card name and face, up to 128 KB) and the regions the phones taught us
// (up to 100, one row each, so a new waypoint is one small insert rather than a 14 KB rewrite).
//
// Changes are found by reference, which is sound because the reducer replaces a member's
// `learnedRegions` array and its regions instead of editing them (learned.ts).

import type { LearnedRegion, MemberState } from '../../core/whereabouts/whereabouts.js'
import type { Db } from './open-database.js'

type Profile = Pick<MemberState, 'displayName' | 'face'>

interface Written {
  displayName: string | undefined
  face: string | undefined
  /** The array last written, for a cheap "unchanged" test, and the seq of each of its rows. */
  regions: readonly LearnedRegion[]
  seqs: readonly number[]
}

export interface MemberRows {
  /** Every stored member, or null when none is. */
  load(): Record<string, MemberState> | null
  /**
   * Writes the members inside the caller's transaction. Returns what to remember once that
   * transaction has committed (a rolled-back write must not be taken as written).
   */
  write(members: readonly MemberState[], nowMs: number): () => void
}

const NO_REGIONS: readonly LearnedRegion[] = []

export function createMemberRows(db: Db): MemberRows {
  const upsertHand = db.prepare(
    'INSERT INTO member_state (member_id, state_json, updated_ms) VALUES (?, ?, ?) ON CONFLICT (member_id) DO UPDATE SET state_json = excluded.state_json, updated_ms = excluded.updated_ms',
  )
  const upsertProfile = db.prepare(
    'INSERT INTO member_profile (member_id, profile_json) VALUES (?, ?) ON CONFLICT (member_id) DO UPDATE SET profile_json = excluded.profile_json',
  )
  const insertRegion = db.prepare('INSERT INTO member_region (member_id, seq, region_json) VALUES (?, ?, ?)')
  const deleteRegion = db.prepare('DELETE FROM member_region WHERE member_id = ? AND seq = ?')
  const deleteRegionsUpTo = db.prepare('DELETE FROM member_region WHERE member_id = ? AND seq <= ?')
  const written = new Map<string, Written>()
  let nextSeq = (db.prepare('SELECT max(seq) FROM member_region').pluck().get() as number | null) ?? 0

  /**
   * Region rows for a changed list: removed ones deleted, new ones appended, so rows in `seq` order
   * are the list's order. Returns the seq of each region in `regions`.
   */
  const writeRegions = (memberId: string, regions: readonly LearnedRegion[], before: Written | undefined) => {
    const old = before?.regions ?? NO_REGIONS
    const oldSeqs = before?.seqs ?? []
    // The usual change, a region appended (and the oldest dropped at the cap), found without hashing.
    let dropped = regions.length === 0 ? old.length : old.indexOf(regions[0] as LearnedRegion)
    for (let i = dropped; dropped >= 0 && i < old.length; i++)
      if (regions[i - dropped] !== old[i]) dropped = -1
    const seqs: number[] = []
    if (dropped >= 0) {
      // The dropped ones are the oldest rows: one range delete.
      if (dropped > 0) deleteRegionsUpTo.run(memberId, oldSeqs[dropped - 1])
      for (let i = dropped; i < old.length; i++) seqs.push(oldSeqs[i] as number)
    } else {
      // Anything else: regions kept in order keep their rows, the rest are deleted and re-added.
      const wanted = new Set(regions)
      for (let i = 0; i < old.length; i++) {
        if (wanted.has(old[i] as LearnedRegion) && regions[seqs.length] === old[i])
          seqs.push(oldSeqs[i] as number)
        else deleteRegion.run(memberId, oldSeqs[i])
      }
    }
    for (let i = seqs.length; i < regions.length; i++) {
      const seq = ++nextSeq
      insertRegion.run(memberId, seq, JSON.stringify(regions[i]))
      seqs.push(seq)
    }
    return seqs
  }

  return {
    load() {
      const rows = db
        .prepare(
          'SELECT member_id, state_json, profile_json FROM member_state LEFT JOIN member_profile USING (member_id)',
        )
        .all() as { member_id: string; state_json: string; profile_json: string | null }[]
      if (rows.length === 0) return null
      const regionRows = db
        .prepare('SELECT member_id, seq, region_json FROM member_region ORDER BY seq')
        .all() as { member_id: string; seq: number; region_json: string }[]
      const regionsOf = new Map<string, { regions: LearnedRegion[]; seqs: number[] }>()
      for (const row of regionRows) {
        let entry = regionsOf.get(row.member_id)
        if (!entry) {
          entry = { regions: [], seqs: [] }
          regionsOf.set(row.member_id, entry)
        }
        const region = JSON.parse(row.region_json) as LearnedRegion
        entry.regions.push(region)
        entry.seqs.push(row.seq)
      }
      const members: Record<string, MemberState> = {}
      for (const row of rows) {
        const member = JSON.parse(row.state_json) as MemberState
        // A row written before the split still carries its profile and regions inline: it is loaded
        // as it is and nothing is taken as written, so the next commit stores them the new way.
        if (row.profile_json !== null) {
          const profile = JSON.parse(row.profile_json) as Profile
          if (profile.displayName !== undefined) member.displayName = profile.displayName
          if (profile.face !== undefined) member.face = profile.face
          const stored = regionsOf.get(row.member_id)
          if (stored) member.learnedRegions = stored.regions
          written.set(row.member_id, {
            displayName: member.displayName,
            face: member.face,
            regions: member.learnedRegions ?? NO_REGIONS,
            seqs: stored?.seqs ?? [],
          })
        }
        members[member.memberId] = member
      }
      return members
    },

    write(members, nowMs) {
      const updates: [string, Written][] = []
      for (const member of members) {
        const { displayName, face, learnedRegions, ...hand } = member
        upsertHand.run(member.memberId, JSON.stringify(hand), nowMs)
        const before = written.get(member.memberId)
        const regions = learnedRegions ?? NO_REGIONS
        const profileChanged = before?.displayName !== displayName || before?.face !== face || !before
        const regionsChanged = before?.regions !== regions
        if (!profileChanged && !regionsChanged) continue
        const profile: Profile = {}
        if (displayName !== undefined) profile.displayName = displayName
        if (face !== undefined) profile.face = face
        if (profileChanged) upsertProfile.run(member.memberId, JSON.stringify(profile))
        const seqs = regionsChanged ? writeRegions(member.memberId, regions, before) : (before?.seqs ?? [])
        updates.push([member.memberId, { displayName, face, regions, seqs }])
      }
      return () => {
        for (const [memberId, w] of updates) written.set(memberId, w)
      }
    },
  }
}
