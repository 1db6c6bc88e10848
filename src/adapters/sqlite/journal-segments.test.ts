import { randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { openJournalSegments, openSegmentReader, tableCrc32 } from './journal-segments.js'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'weasley-segments-'))
  dirs.push(dir)
  return path.join(dir, 'clock.db.journal')
}

describe('journal segments', () => {
  it('write a batch whose commit never came over with the next one', () => {
    const dir = tempDir()
    const segments = openJournalSegments(dir, undefined, { segmentBytes: 10_000 })
    const first = segments.write(randomBytes(4_000))
    segments.committed(first)
    const failed = segments.write(randomBytes(4_000))
    const retried = randomBytes(4_000)
    const place = segments.write(retried)
    expect(place).toMatchObject({ segment: 1, at: 4_000, bytes: 4_000 })
    expect(failed).toMatchObject({ segment: 1, at: 4_000 })
    segments.committed(place)
    // Full: the next batch begins the next segment, and only its commit makes it the current one.
    const rotated = segments.write(randomBytes(4_000))
    expect(rotated).toMatchObject({ segment: 2, at: 0 })
    expect(segments.write(randomBytes(3_000))).toMatchObject({ segment: 2, at: 0 })
    const reader = openSegmentReader(dir)
    expect(reader.read(place)).toEqual(retried)
    reader.close()
    segments.committed(rotated)
    expect(segments.write(randomBytes(10))).toMatchObject({ segment: 2, at: 4_000 })
    segments.close()
    expect(readFileSync(path.join(dir, '000001.seg')).subarray(4_000)).toEqual(retried)
  })

  it('name the files written since they were last asked, and the folder where a file was made', () => {
    const dir = tempDir()
    const segments = openJournalSegments(dir, undefined, { segmentBytes: 5_000 })
    expect(segments.unsynced()).toEqual([])
    segments.committed(segments.write(randomBytes(4_000)))
    // The folder was made: its entry in the data folder goes to the disk too.
    expect(segments.unsynced()).toEqual([path.join(dir, '000001.seg'), dir, path.dirname(dir)])
    expect(segments.unsynced()).toEqual([])
    segments.committed(segments.write(randomBytes(4_000)))
    const last = segments.write(randomBytes(100))
    segments.committed(last)
    expect(segments.unsynced()).toEqual([path.join(dir, '000002.seg'), dir])
    segments.committed(segments.write(randomBytes(100)))
    expect(segments.unsynced()).toEqual([path.join(dir, '000002.seg')])
    segments.close()
    // Opened again: what it wrote was fsynced (or is, when the database is opened after a clock was
    // killed; openDatabase), so nothing is to be synced yet.
    const again = openJournalSegments(dir, { first: 1, last }, { segmentBytes: 5_000 })
    expect(again.unsynced()).toEqual([])
    again.close()
  })

  it('drop old files in the background, never one of a later opening of the folder', async () => {
    const dir = tempDir()
    const first = openJournalSegments(dir, undefined, { segmentBytes: 5_000 })
    for (let i = 0; i < 4; i++) first.committed(first.write(randomBytes(4_000)))
    first.dropBefore(4)
    await first.dropped()
    expect(readdirSync(dir)).toEqual(['000004.seg'])
    // Every row pruned, then the folder opened again while a drop is still under way.
    first.dropBefore(Number.POSITIVE_INFINITY)
    first.close()
    const later = openJournalSegments(dir, undefined, { segmentBytes: 5_000 })
    // Numbered after the files that were there, never one a drop under way could name.
    const place = later.write(randomBytes(4_000))
    expect(place.segment).toBe(5)
    later.committed(place)
    await first.dropped()
    expect(readdirSync(dir)).toEqual(['000005.seg'])
    later.close()
  })

  it('compute the same CRC-32 in JavaScript as zlib, for runtimes without zlib.crc32', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2_000 }), (bytes) => {
        expect(tableCrc32(bytes)).toBe(zlib.crc32(bytes))
      }),
    )
  })
})
