// Every language of the MagicMirror module has every text: a missing key shows English on a German
// mirror without a word in the log.

import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const DIR = path.resolve(import.meta.dirname, '..', 'translations')
const keysOf = (file: string): string[] =>
  Object.keys(JSON.parse(readFileSync(path.join(DIR, file), 'utf8')) as object).sort()

describe('translations', () => {
  it.each(readdirSync(DIR).filter((f) => f !== 'en.json'))('%s has the same keys as en.json', (file) => {
    expect(keysOf(file)).toEqual(keysOf('en.json'))
  })
})
