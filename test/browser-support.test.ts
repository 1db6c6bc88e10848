// The web clock runs on wall tablets that are often old iPads: iOS 12 (Safari 12) is the last for the
// iPad Air 1 and mini 2/3. Its built scripts must parse as ES2017 and call nothing Safari 12 lacks.

import { readFileSync } from 'node:fs'
import path from 'node:path'
import { parse, type Token, tokenizer, tokTypes } from 'acorn'
import { describe, expect, it } from 'vitest'
import { WEB_ROOT } from './support/clock-harness.js'

/** Methods and globals newer than Safari 12 (each would stop the page with a TypeError). */
const NEWER = ['replaceChildren', 'replaceAll', 'structuredClone', 'hasOwn', 'findLast', 'toSorted', 'at']

const SCRIPTS = ['app.js', 'setup.js']

const codeOf = (file: string): string => readFileSync(path.join(WEB_ROOT, file), 'utf8')
const ES2017 = { ecmaVersion: 2017, sourceType: 'module' } as const

describe('the built web page on an old tablet (Safari 12)', () => {
  it.each(SCRIPTS)('%s parses as ES2017', (file) => {
    // Throws on syntax newer than ES2017 (?., ??, class fields…), as Safari 12's parser would fail.
    expect(parse(codeOf(file), ES2017).body.length).toBeGreaterThan(0)
  })

  it.each(SCRIPTS)('%s calls no method or global newer than Safari 12', (file) => {
    const tokens = [...tokenizer(codeOf(file), ES2017)] as (Token & { value: unknown })[]
    // A method after a dot (`x.replaceChildren(`), a global anywhere (`structuredClone(`).
    const used = tokens.flatMap((t, i) => {
      if (t.type !== tokTypes.name || typeof t.value !== 'string' || !NEWER.includes(t.value)) return []
      return tokens[i - 1]?.type === tokTypes.dot || t.value === 'structuredClone' ? [t.value] : []
    })
    expect(used).toEqual([])
  })
})

/**
 * CSS newer than Safari 12, each dropped there without a word: the table and board fell back to the
 * browser's 16 px and the flap tiles ran into each other.
 */
const NEWER_CSS: [RegExp, string][] = [
  [/clamp\(/, 'clamp() (Safari 13.1): max(a, min(b, c)) is the same'],
  [/(?:^|[;{])\s*(?:aspect-ratio|inset)\s*:/, 'the aspect-ratio or inset property (Safari 14.1–15)'],
  [/:(?:is|where|has)\(/, ':is(), :where() or :has() (Safari 14–15.4)'],
  [/@container|\d(?:dvh|svh|lvh)\b/, 'container queries or dynamic viewport units (Safari 15.4–16)'],
]

/** Rules laid out as flex boxes that ask for a gap, which flex boxes have only from Safari 14.1. */
function flexGaps(css: string): string[] {
  const rules = css.replace(/\/\*[\s\S]*?\*\//g, '').match(/[^{}]+\{[^{}]*\}/g) ?? []
  return rules.filter((rule) => {
    const body = rule.slice(rule.indexOf('{'))
    return /display\s*:\s*(?:inline-)?flex\b/.test(body) && /(?:^|[;{\s])(?:row-|column-)?gap\s*:/.test(body)
  })
}

describe('the built styles on an old tablet (Safari 12)', () => {
  const css = codeOf('app.css')

  it.each(NEWER_CSS)('app.css uses no %s', (pattern, what) => {
    expect(pattern.test(css), what).toBe(false)
  })

  it('app.css spaces no flex box by gap', () => {
    expect(flexGaps(css)).toEqual([])
    // The check itself finds one.
    expect(flexGaps('.a{color:red}.b{display:flex;gap:1em}')).toEqual(['.b{display:flex;gap:1em}'])
  })
})
