import { describe, expect, it } from 'vitest'
import { describeProblem } from './problems.js'

describe('describeProblem', () => {
  it('cuts long wire text and shows control characters as "?" (it goes to the log and the journal)', () => {
    const topic = `owntracks/fam/ann-phone/${'x'.repeat(60_000)}`
    const described = describeProblem({ code: 'unknown-type', topic, type: `te\nle${'p'.repeat(200_000)}` })
    expect(described.length).toBeLessThan(300)
    expect(described).toContain(`payload on owntracks/fam/ann-phone/${'x'.repeat(50)}`)
    expect(described).toContain('unknown _type "te?le')
    expect(described).not.toContain('\n')
    // Nor anything that reorders or escapes a terminal line (bidi overrides, C1's CSI).
    expect(describeProblem({ code: 'not-object', topic: 'a\u202eb\u009bc' })).toContain('payload on a?b?c is')
    // Bidi marks and the Unicode line separators too.
    expect(describeProblem({ code: 'not-object', topic: 'a\u200fb\u061cc\u2028d\u2029e\u200ef' })).toContain(
      'payload on a?b?c?d?e?f is',
    )
    const device = describeProblem({
      code: 'unknown-device',
      topic: 'owntracks/fam/x',
      deviceId: 'd'.repeat(500),
    })
    expect(device).toBe(`device "${'d'.repeat(120)}…" on owntracks/fam/x belongs to no configured member`)
  })

  it('leaves ordinary problems as they are', () => {
    expect(describeProblem({ code: 'not-object', topic: 'owntracks/fam/ann-phone' })).toBe(
      'payload on owntracks/fam/ann-phone is JSON but not an object with a "_type"',
    )
  })
})
