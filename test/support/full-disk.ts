// A full disk for a running process, for real: its file-size limit (RLIMIT_FSIZE, soft, with prlimit)
// is cut to the size of the largest file in its data folder, the SQLite WAL, which every commit grows.
// SQLite's next write past it fails (EFBIG, "disk I/O error"; a full disk says "database or disk is
// full", handled the same way). Node ignores the SIGXFSZ that comes with it.

import { execFileSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import path from 'node:path'

export function fillDisk(pid: number | undefined, dataDir: string): void {
  const sizes = readdirSync(dataDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => statSync(path.join(entry.parentPath, entry.name)).size)
  execFileSync('prlimit', ['--pid', String(pid), `--fsize=${Math.max(...sizes)}:`])
}
