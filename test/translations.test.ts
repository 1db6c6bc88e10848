// Every language of the MagicMirror module has every text: a missing key shows English on a German
// mirror without a word in the log.

import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const DIR = path.resolve(import.meta.dirname, '..', 'translations')
const textsOf = (file: string): Record<string, string> =>
  JSON.parse(readFileSync(path.join(DIR, file), 'utf8')) as Record<string, string>
const keysOf = (file: string): string[] => Object.keys(textsOf(file)).sort()
/** The {placeholders} a text fills in, such as the time in "last heard {time} ago". */
const slotsOf = (text: string): string[] => (text.match(/\{\w+\}/g) ?? []).sort()

describe('translations', () => {
  it.each(readdirSync(DIR).filter((f) => f !== 'en.json'))('%s has the same keys as en.json', (file) => {
    expect(keysOf(file)).toEqual(keysOf('en.json'))
  })

  it.each(readdirSync(DIR).filter((f) => f !== 'en.json'))('%s fills in what en.json fills in', (file) => {
    const english = textsOf('en.json')
    for (const [key, text] of Object.entries(textsOf(file)))
      expect(slotsOf(text), `${file} ${key}`).toEqual(slotsOf(english[key] ?? ''))
  })
})
