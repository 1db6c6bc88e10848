// MagicMirror puts every module's CSS on one page: the module's rules may only reach its own box.

import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../support/clock-harness.js'

describe('MMM-WeasleyClock.css', () => {
  it('scopes every rule to the module’s box, and names its keyframes with the project’s prefix', () => {
    const css = readFileSync(path.join(ROOT, 'MMM-WeasleyClock.css'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '')
    const keyframes = [...css.matchAll(/@keyframes ([\w-]+)/g)].map((m) => m[1])
    expect(keyframes.length).toBeGreaterThan(0)
    for (const name of keyframes) expect(name).toMatch(/^weasley-/)
    // Selectors: what precedes each "{" outside keyframes, at-rules left out.
    const outside = css.replace(/@keyframes[^{]+\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}/g, '')
    const selectors = [...outside.matchAll(/([^{}]+)\{/g)]
      .map((m) => (m[1] ?? '').trim())
      .filter((s) => !s.startsWith('@'))
      .flatMap((s) => s.split(','))
    expect(selectors.length).toBeGreaterThan(20)
    for (const selector of selectors) expect(selector.trim()).toMatch(/^\.weasley-mm\b/)
  })
})
