// Files written whole or not at all, and files only their owner may read: keys, passwords, the QR codes
// and configs that carry a password. Each is written to a temporary file beside it, flushed to disk and
// renamed over the old one, so a full disk or a crash mid-write leaves the old file, never half of one (a
// truncated certificate would stop every later start). Node's `mode` applies only when a file is created,
// so the temporary file gets its mode explicitly, whatever umask says.

import { closeSync, fchmodSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs'
import path from 'node:path'

/** Replaces `file` with `data` in one step; mode 0644 unless given. */
export function writeFileAtomically(file: string, data: string | Uint8Array, mode = 0o644): void {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`)
  const fd = openSync(temporary, 'w', mode)
  try {
    try {
      fchmodSync(fd, mode)
      writeAll(fd, data)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(temporary, file)
  } catch (error) {
    rmSync(temporary, { force: true })
    throw error
  }
}

/** Mode 0600, replaced in one step (an existing file with a wider mode is replaced by a 0600 one). */
export function writePrivateFile(file: string, data: string | Uint8Array): void {
  writeFileAtomically(file, data, 0o600)
}

function writeAll(fd: number, data: string | Uint8Array): void {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data
  let written = 0
  while (written < bytes.length) written += writeSync(fd, bytes, written)
}
