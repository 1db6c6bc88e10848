import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { writeFileAtomically, writePrivateFile } from './private-file.js'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'weasley-private-'))
  dirs.push(dir)
  return dir
}

describe('writePrivateFile', () => {
  it.skipIf(process.platform === 'win32')(
    'replaces a file that was there with a wider mode by a 0600 one',
    () => {
      const dir = tempDir()
      const file = path.join(dir, 'passwords')
      writeFileSync(file, 'old\n', { mode: 0o644 })
      writePrivateFile(file, 'ron:secret\n')
      expect(statSync(file).mode & 0o777).toBe(0o600)
      expect(readFileSync(file, 'utf8')).toBe('ron:secret\n')
      const fresh = path.join(dir, 'new')
      writePrivateFile(fresh, Buffer.from('x'))
      expect(statSync(fresh).mode & 0o777).toBe(0o600)
      expect(readdirSync(dir).sort()).toEqual(['new', 'passwords'])
    },
  )
})

describe('writeFileAtomically', () => {
  it('swaps the whole file in (a new inode), and leaves the old one whole when the write fails', () => {
    const dir = tempDir()
    const file = path.join(dir, 'server.crt')
    writeFileSync(file, 'old certificate\n')
    const before = statSync(file).ino
    writeFileAtomically(file, 'new certificate\n')
    expect(readFileSync(file, 'utf8')).toBe('new certificate\n')
    expect(statSync(file).ino).not.toBe(before)
    expect(statSync(file).mode & 0o777).toBe(0o644)
    // The temporary file cannot be made (a directory is in its place): the old file stays as it was.
    mkdirSync(path.join(dir, `.server.crt.${process.pid}.tmp`))
    expect(() => writeFileAtomically(file, 'half')).toThrow()
    expect(readFileSync(file, 'utf8')).toBe('new certificate\n')
  })
})
