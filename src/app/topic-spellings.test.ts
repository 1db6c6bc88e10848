import { describe, expect, it } from 'vitest'
import type { KeyValue } from './ports.js'
import { createTopicSpellings } from './topic-spellings.js'

const memoryMeta = (): KeyValue & { writes: number } => {
  const values = new Map<string, string>()
  return {
    writes: 0,
    get: (key) => values.get(key),
    set(key, value) {
      this.writes++
      values.set(key, value)
    },
  }
}

describe('topic spellings', () => {
  it('puts a device in topics as the config spells it until the phone spells it otherwise, and remembers', () => {
    const meta = memoryMeta()
    const spellings = createTopicSpellings(meta)
    expect(spellings.topicIdOf('ginny-phone')).toBe('ginny-phone')
    spellings.saw('ginny-phone', 'Ginny-Phone')
    spellings.saw('ginny-phone', 'Ginny-Phone')
    expect(spellings.topicIdOf('ginny-phone')).toBe('Ginny-Phone')
    expect(meta.writes).toBe(1)
    // After a restart.
    expect(createTopicSpellings(meta).topicIdOf('ginny-phone')).toBe('Ginny-Phone')
    spellings.saw('ginny-phone', 'ginny-phone')
    expect(createTopicSpellings(meta).topicIdOf('ginny-phone')).toBe('ginny-phone')
  })

  it('goes on with a spelling it could not save (a full disk), and says why', () => {
    const errors: string[] = []
    const full: KeyValue = {
      get: () => undefined,
      set() {
        throw new Error('database or disk is full')
      },
    }
    const spellings = createTopicSpellings(full, (error) => errors.push(error.message))
    expect(() => spellings.saw('ginny-phone', 'Ginny-Phone')).not.toThrow()
    expect(spellings.topicIdOf('ginny-phone')).toBe('Ginny-Phone')
    expect(errors).toEqual(['database or disk is full'])
  })
})
