// Files only their owner may read: keys, passwords, the QR codes and configs that carry a password.
// Node's `mode` applies only when a file is created, so one that was there already (made by an older
// version, copied in, made by hand) kept its wider mode: it is narrowed before anything secret goes in.

import { closeSync, fchmodSync, openSync, writeSync } from 'node:fs'

export function writePrivateFile(
  file: string,
  data: string | Uint8Array,
  options: { append?: boolean } = {},
): void {
  const fd = openSync(file, options.append ? 'a' : 'w', 0o600)
  try {
    fchmodSync(fd, 0o600)
    const bytes = typeof data === 'string' ? Buffer.from(data) : data
    let written = 0
    while (written < bytes.length) written += writeSync(fd, bytes, written)
  } finally {
    closeSync(fd)
  }
}
