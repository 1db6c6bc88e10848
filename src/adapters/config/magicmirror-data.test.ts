import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { silentLogger } from '../log/logger.js'
import { readInstanceConfig } from '../magicmirror/instance-config.js'
import { parseConfig } from './load-config.js'
import {
  fromMagicMirrorConfig,
  OLD_MODULE_LOCATIONS,
  servedDataDirProblem,
  withOldModuleDefaults,
} from './magicmirror-data.js'

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

describe('an old MMM-WeasleyClock entry that names no places', () => {
  const entry = { uniqueId: 'MovieFamily', people: ['Harry', 'Ron'], host: 'broker.example' }
  const placeNames = (raw: unknown) => parseConfig(raw, {}, 'test').settings.places.map((p) => p.name)

  it('has the old module’s default places, from config.js as from the page', () => {
    const mirror = { modules: [{ module: 'MMM-WeasleyClock', config: entry }] }
    const { raw, problems } = fromMagicMirrorConfig(mirror, '/nowhere/config/config.js', '/tmp/unused')
    expect(problems).toEqual([])
    expect(placeNames(raw)).toEqual([...OLD_MODULE_LOCATIONS])
    expect(placeNames(withOldModuleDefaults(entry))).toEqual([...OLD_MODULE_LOCATIONS])
    const moduleDir = mkdtempSync(path.join(tmpdir(), 'weasley-old-entry-'))
    onTestFinished(() => rmSync(moduleDir, { recursive: true, force: true }))
    const read = readInstanceConfig({ ...entry, dataDir: path.join(moduleDir, '..', 'data') }, false, {
      logger: silentLogger,
      moduleDir,
    })
    expect('config' in read && read.config.settings.places.map((p) => p.name)).toEqual([
      ...OLD_MODULE_LOCATIONS,
    ])
  })

  it('keeps the places it names, also none', () => {
    expect(placeNames(withOldModuleDefaults({ ...entry, locations: ['Burrow'] }))).toEqual(['Burrow'])
    expect(placeNames(withOldModuleDefaults({ ...entry, locations: [] }))).toEqual([])
    const places = [{ name: 'Burrow', lat: 50.1, lon: -3.1, radius: 100 }]
    expect(placeNames(withOldModuleDefaults({ ...entry, places }))).toEqual(['Burrow'])
    // An entry written for this clock (members, not people) means no places when it names none.
    const { people: _, ...rest } = entry
    expect(placeNames(withOldModuleDefaults({ ...rest, members: [{ name: 'Harry' }] }))).toEqual([])
  })
})
