// A busy clock's packed journal batches (journal-pack.ts) live in append-only files beside the
// database; SQLite keeps only where each one is (its row in `journal_batch`).
//
// Inside SQLite a group commit of ~460 messages wrote its ~140 KB blob as ~35 overflow pages, each a
// WAL frame of its own, copied again by the checkpoint and read back page by page when pruned:
// measured ~20 % of the durable pipeline's time. Here it is one positional write into the current
// segment file, made inside the commit's transaction, before SQLite's COMMIT, so a batch is in its
// file whenever its row is committed (a kill -9 loses neither: both are in the page cache). What a
// failed or unfinished commit wrote past the last committed batch is written over by the next one,
// and cut off when the journal is opened again. Nothing is fsynced by a commit (SQLite's
// synchronous=NORMAL does not fsync one either): the background checkpoint that makes rows durable
// fsyncs the files written since the one before it first (`unsynced`, checkpointer.ts). A row also
// carries its batch's CRC-32, so a row whose bytes a power cut lost anyway (written between those two
// moments) is passed over when read, never misread.
//
// Small batches (a quiet family commits one message at a time) stay in their row: a page SQLite
// writes anyway, where a file write would add a system call per message.

import {
  closeSync,
  constants,
  fdatasyncSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readdir,
  readdirSync,
  readSync,
  unlink,
  unlinkSync,
  writeSync,
} from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'

/** Where a batch is: the segment file's number, the offset and length in it, and its CRC-32. */
export interface SegmentPlace {
  segment: number
  at: number
  bytes: number
  crc: number
}

/** Batches at least this big go to a segment file; smaller ones stay in their row. */
export const SEGMENT_BATCH_BYTES = 2048
/** A segment is closed once the next batch would take it past this size. */
export const SEGMENT_BYTES = 1024 * 1024

export interface JournalSegments {
  /**
   * Writes a batch where the next one goes. It counts only once `committed`: until then the next
   * write goes to the same place. Throws as the write fails (a full disk), failing the commit.
   */
  write(packed: Uint8Array): SegmentPlace
  /** The transaction holding `place`'s row is committed. */
  committed(place: SegmentPlace): void
  /**
   * No committed row refers to a segment before `segment` any more: their files go, off the event
   * loop (freeing a 1 MB file's blocks took ~1 ms on a slow disk, every family waiting behind it).
   */
  dropBefore(segment: number): void
  /** Resolves once the files being dropped are gone (or could not be removed). */
  dropped(): Promise<void>
  /**
   * The files written to (and the folder, where a file was made) since the last call: to be fsynced
   * before a checkpoint makes the rows that point into them durable.
   */
  unsynced(): string[]
  close(): void
}

export interface SegmentReader {
  /** The batch, or undefined where its bytes are missing or not what was written (a power cut). */
  read(place: SegmentPlace): Buffer | undefined
  close(): void
}

export interface SegmentsOptions {
  segmentBytes?: number
}

const NAME = /^(\d{6,})\.seg$/
const fileName = (segment: number) => `${String(segment).padStart(6, '0')}.seg`

/** CRC-32 (zlib's; its function is missing before Node.js 20.15, which older Electrons carry). */
export const crc32: (data: Uint8Array) => number =
  typeof zlib.crc32 === 'function' ? (data) => zlib.crc32(data) : tableCrc32

let crcTable: Uint32Array | undefined
/** The same CRC-32 in JavaScript, byte by byte from a table (~0.5 µs per 300 bytes). */
export function tableCrc32(data: Uint8Array): number {
  crcTable ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    return c >>> 0
  })
  const table = crcTable
  let crc = 0xffffffff
  for (const byte of data) crc = (table[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8)
  return (crc ^ 0xffffffff) >>> 0
}

/**
 * The segments in `dir`, given what the committed rows refer to: `first` is the oldest segment a row
 * refers to and `last` the newest batch (none: no row refers to any). Files no row needs go, and the
 * newest is cut back to the end of its last committed batch.
 */
export function openJournalSegments(
  dir: string,
  kept: { first: number; last: SegmentPlace } | undefined,
  options: SegmentsOptions = {},
): JournalSegments {
  const segmentBytes = options.segmentBytes ?? SEGMENT_BYTES
  const found = listSegments(dir)
  // With no row kept, numbering goes on after the files there: a drop a previous opening of this
  // folder left under way (dropBefore) then never removes one of this opening's files.
  let current = kept?.last.segment ?? Math.max(0, ...found.map((name) => Number(NAME.exec(name)?.[1]))) + 1
  let end = kept ? kept.last.at + kept.last.bytes : 0
  let fd: number | undefined
  /** The next segment's file, opened by a write into it whose commit has not come (yet). */
  let next: { segment: number; fd: number } | undefined

  /** Files being dropped, and who waits for them to be gone. */
  let dropping = 0
  const whenDropped: (() => void)[] = []
  const doneDropping = () => {
    if (--dropping === 0) for (const resolve of whenDropped.splice(0)) resolve()
  }
  let closed = false

  /** Segments written since the last `unsynced()`, and whether a file was made meanwhile. */
  const written = new Set<number>()
  let madeFile = false
  let madeFolder = false

  try {
    for (const name of found) {
      const segment = Number(NAME.exec(name)?.[1])
      const file = path.join(dir, name)
      // Those kept were fsynced before any checkpoint made rows point into them, by the opening that
      // wrote them or, where it was killed and left its WAL, when the database was opened (openDatabase).
      if (!kept || segment < kept.first || segment > current) unlinkQuietly(file)
      else if (segment === current) {
        fd = openSync(file, 'r+')
        if (fstatSync(fd).size > end) ftruncateSync(fd, end)
      }
    }
  } catch (error) {
    if (fd !== undefined) closeSync(fd)
    throw error
  }

  const open = (segment: number): number => {
    madeFile = true
    // The folder's own entry in the data folder is fsynced too, the first time it is made.
    if (mkdirSync(dir, { recursive: true, mode: 0o700 }) !== undefined) madeFolder = true
    return openSync(path.join(dir, fileName(segment)), constants.O_RDWR | constants.O_CREAT, 0o600)
  }
  const fdOf = (segment: number): number => {
    if (segment === current) {
      fd ??= open(segment)
      return fd
    }
    if (next?.segment !== segment) {
      if (next) closeQuietly(next.fd)
      // Cleared first: should the open fail, no closed handle is kept.
      next = undefined
      next = { segment, fd: open(segment) }
    }
    return next.fd
  }

  return {
    write(packed) {
      let segment = current
      let at = end
      if (at > 0 && at + packed.byteLength > segmentBytes) {
        segment = current + 1
        at = 0
      }
      const target = fdOf(segment)
      written.add(segment)
      for (let done = 0; done < packed.byteLength; )
        done += writeSync(target, packed, done, packed.byteLength - done, at + done)
      return { segment, at, bytes: packed.byteLength, crc: crc32(packed) }
    },
    committed(place) {
      // Never throws: the transaction is committed, whatever happens to the old file's handle.
      end = place.at + place.bytes
      if (place.segment !== current && next?.segment === place.segment) {
        const old = fd
        fd = next.fd
        next = undefined
        current = place.segment
        if (old !== undefined) closeQuietly(old)
      }
    },
    dropBefore(segment) {
      // Best effort: the commit is done, and a file left here (a read-only folder) goes when the
      // journal is next opened.
      // Never the current file, nor the next one a failed commit began (its handle is kept): the bound
      // is taken now, as commits made before the folder is read may write past today's current file.
      const below = Math.min(segment, current)
      dropping++
      readdir(dir, (error, names) => {
        if (!error && !closed)
          for (const name of names) {
            if (Number(NAME.exec(name)?.[1]) < below) {
              dropping++
              unlink(path.join(dir, name), doneDropping)
            }
          }
        doneDropping()
      })
    },
    dropped: () =>
      dropping === 0 ? Promise.resolve() : new Promise<void>((resolve) => whenDropped.push(resolve)),
    unsynced() {
      const files = [...written].map((segment) => path.join(dir, fileName(segment)))
      if (madeFile) files.push(dir)
      if (madeFolder) files.push(path.dirname(dir))
      written.clear()
      madeFile = false
      madeFolder = false
      return files
    },
    close() {
      closed = true
      if (fd !== undefined) closeQuietly(fd)
      if (next) closeQuietly(next.fd)
      fd = undefined
      next = undefined
    },
  }
}

/**
 * Reads batches back from the segment files in `dir`, opening them read-only (never changing them:
 * `weasley-clock journal` reads a running clock's journal). One reader per scan, closed after it.
 */
export function openSegmentReader(dir: string): SegmentReader {
  let reading: { segment: number; fd: number } | undefined
  const fdFor = (segment: number): number => {
    if (reading?.segment === segment) return reading.fd
    if (reading) closeQuietly(reading.fd)
    // Cleared first: should the open fail, the closed handle is not closed again.
    reading = undefined
    reading = { segment, fd: openSync(path.join(dir, fileName(segment)), 'r') }
    return reading.fd
  }
  return {
    read(place) {
      const out = Buffer.allocUnsafe(place.bytes)
      try {
        const target = fdFor(place.segment)
        for (let done = 0; done < place.bytes; ) {
          const read = readSync(target, out, done, place.bytes - done, place.at + done)
          if (read === 0) return undefined
          done += read
        }
      } catch {
        // a file gone (a backup restored without it) or unreadable: this batch is passed over
        return undefined
      }
      return crc32(out) === place.crc ? out : undefined
    },
    close() {
      if (reading) closeQuietly(reading.fd)
      reading = undefined
    },
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd)
  } catch {
    // the handle is let go either way
  }
}

/**
 * Files (segments with fdatasync, folders with fsync) to the disk; one gone meanwhile (pruned) needs
 * nothing. What a checkpoint is about to make the committed rows point into.
 */
export function syncFiles(files: readonly string[]): void {
  for (const file of files) {
    let fd: number
    try {
      fd = openSync(file, 'r')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue
      throw error
    }
    try {
      if (file.endsWith('.seg')) fdatasyncSync(fd)
      else fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
  }
}

/** Every segment file, their folder and its entry in the data folder: for a closing that checkpoints everything. */
export function allSegmentFiles(dir: string): string[] {
  const files = listSegments(dir).map((name) => path.join(dir, name))
  return files.length > 0 ? [...files, dir, path.dirname(dir)] : []
}

function listSegments(dir: string): string[] {
  try {
    return readdirSync(dir).filter((name) => NAME.test(name))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
}

/** A file no row needs: an earlier opening's drop may have removed it meanwhile. */
function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
}

/** Opens (creating, owner only, like the database) a segment for positional reads and writes. */
