import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { writePrivateFile } from './private-file.js'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('writePrivateFile', () => {
  it.skipIf(process.platform === 'win32')(
    'narrows a file that was there with a wider mode, and writes or appends',
    () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'weasley-private-'))
      dirs.push(dir)
      const file = path.join(dir, 'passwords')
      writeFileSync(file, 'old\n', { mode: 0o644 })
      writePrivateFile(file, 'ron:secret\n')
      expect(statSync(file).mode & 0o777).toBe(0o600)
      expect(readFileSync(file, 'utf8')).toBe('ron:secret\n')
      writePrivateFile(file, Buffer.from('ginny:secret\n'), { append: true })
      expect(readFileSync(file, 'utf8')).toBe('ron:secret\nginny:secret\n')
      const fresh = path.join(dir, 'new')
      writePrivateFile(fresh, 'x')
      expect(statSync(fresh).mode & 0o777).toBe(0o600)
    },
  )
})
