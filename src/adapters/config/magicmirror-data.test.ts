import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { servedDataDirProblem } from './magicmirror-data.js'

describe('a data folder MagicMirror would serve', () => {
  it("is found under MagicMirror's root also when the module folder is a link to a checkout elsewhere", () => {
    const home = mkdtempSync(path.join(tmpdir(), 'weasley-served-'))
    onTestFinished(() => rmSync(home, { recursive: true, force: true }))
    const checkout = path.join(home, 'code', 'MMM-WeasleyClock')
    mkdirSync(checkout, { recursive: true })
    mkdirSync(path.join(home, 'MagicMirror', 'modules'), { recursive: true })
    mkdirSync(path.join(home, 'elsewhere', 'config'), { recursive: true })
    const moduleDir = path.join(home, 'MagicMirror', 'modules', 'MMM-WeasleyClock')
    symlinkSync(checkout, moduleDir)

    for (const dataDir of [
      path.join(home, 'MagicMirror', 'config', 'weasley'),
      path.join(home, 'MagicMirror', 'modules', 'other'),
      path.join(moduleDir, 'data'),
      path.join(checkout, 'data'),
    ])
      expect(servedDataDirProblem(dataDir, moduleDir), dataDir).toMatch(
        /which MagicMirror serves to every browser/,
      )
    for (const dataDir of [
      path.join(home, 'elsewhere', 'config', 'weasley'),
      path.join(home, '.local', 'share'),
    ])
      expect(servedDataDirProblem(dataDir, moduleDir), dataDir).toBeUndefined()
  })
})
