// The central promise of the layout: core/ is pure (no I/O, no Node, no wall clock) and app/ talks
// to ports, so the same core runs in the browser and under test without mocks.

import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const SRC = path.resolve(import.meta.dirname, '..', 'src')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(full)
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : []
  })
}

const importsOf = (file: string): string[] =>
  [...readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/gm)].map(
    (m) => m[1] ?? '',
  )

describe('architecture', () => {
  const core = sourceFiles(path.join(SRC, 'core'))

  it('has core files to check', () => {
    expect(core.length).toBeGreaterThan(5)
  })

  it.each(core.map((f) => [path.relative(SRC, f), f]))(
    '%s imports only core and nothing impure',
    (_name, file) => {
      for (const spec of importsOf(file as string)) {
        expect(spec, `${spec} in ${file}`).toMatch(/^\.\.?\//)
        const target = path.resolve(path.dirname(file as string), spec)
        expect(path.relative(path.join(SRC, 'core'), target).startsWith('..'), `${spec} leaves core/`).toBe(
          false,
        )
      }
      const text = readFileSync(file as string, 'utf8')
      expect(text, 'core must take time as an argument').not.toMatch(
        /Date\.now\(|new Date\(\)|performance\.now\(/,
      )
      expect(text).not.toMatch(/\bprocess\.|\brequire\(/)
    },
  )

  it('keeps app/ free of libraries except through adapters (the composition roots build them)', () => {
    const composers = [
      'start-clock.ts',
      'clock-web.ts',
      'start-host.ts',
      'served-broker.ts',
      'family-pipeline.ts',
      'replay-stopped-clock.ts',
    ]
    for (const file of sourceFiles(path.join(SRC, 'app'))) {
      if (composers.some((name) => file.endsWith(`/${name}`))) continue
      for (const spec of importsOf(file)) expect(spec, `${spec} in ${file}`).toMatch(/^\.\.?\/(?!.*adapters)/)
    }
  })
})
