// A tiny validating reader: every check records a problem with its path instead of throwing,
// so a bad config file is reported whole, not one mistake per restart.

export interface ConfigProblem {
  path: string
  message: string
}

export const describeConfigProblem = (p: ConfigProblem): string => `${p.path}: ${p.message}`

export type Obj = Record<string, unknown>

export const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

export interface Reader {
  problems: ConfigProblem[]
  report(path: string, message: string): void
  string(obj: Obj, key: string, path: string): string | undefined
  number(
    obj: Obj,
    key: string,
    path: string,
    range?: { min?: number; max?: number; integer?: boolean },
  ): number | undefined
  boolean(obj: Obj, key: string, path: string): boolean | undefined
  stringList(obj: Obj, key: string, path: string): string[] | undefined
  list(obj: Obj, key: string, path: string): unknown[] | undefined
  object(obj: Obj, key: string, path: string): Obj | undefined
  unknownKeys(obj: Obj, known: readonly string[], path: string): void
}

/** A key that is not a plain name (empty, dotted, spaced) is quoted: `places[0]["my key"]`. */
const join = (path: string, key: string | number): string =>
  typeof key === 'number'
    ? `${path}[${key}]`
    : !/^[\w$-]+$/.test(key)
      ? `${path}[${JSON.stringify(key)}]`
      : path === ''
        ? key
        : `${path}.${key}`

/** Keys whose values are secrets: a problem with one never quotes the value (it goes to the log). */
const SECRET_KEYS = new Set(['password', 'clockPassword', 'mirrorPass', 'passwordHash', 'encryptionKey'])

const show = (v: unknown): string => {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)
  if (Array.isArray(v)) return 'a list'
  if (v === null) return 'null'
  return typeof v === 'object' ? 'an object' : String(v)
}

export function createReader(): Reader {
  const problems: ConfigProblem[] = []
  const report = (path: string, message: string) => {
    problems.push({ path, message })
  }
  const wrong = (path: string, expected: string, v: unknown, key?: string | number): undefined => {
    report(
      path,
      typeof key === 'string' && SECRET_KEYS.has(key)
        ? `must be ${expected} (the value given is not shown: it is a secret)`
        : `must be ${expected}, got ${show(v)}`,
    )
    return undefined
  }

  return {
    problems,
    report,
    string(obj, key, path) {
      const v = obj[key]
      if (v === undefined) return undefined
      if (typeof v !== 'string' || v.trim() === '')
        return wrong(join(path, key), 'a non-empty string', v, key)
      return v
    },
    number(obj, key, path, range = {}) {
      const v = obj[key]
      if (v === undefined) return undefined
      const at = join(path, key)
      if (typeof v !== 'number' || !Number.isFinite(v)) return wrong(at, 'a number', v, key)
      if (range.integer && !Number.isInteger(v)) return wrong(at, 'a whole number', v, key)
      if (range.min !== undefined && v < range.min) return wrong(at, `at least ${range.min}`, v, key)
      if (range.max !== undefined && v > range.max) return wrong(at, `at most ${range.max}`, v, key)
      return v
    },
    boolean(obj, key, path) {
      const v = obj[key]
      if (v === undefined) return undefined
      if (typeof v !== 'boolean') return wrong(join(path, key), 'true or false', v, key)
      return v
    },
    stringList(obj, key, path) {
      const v = obj[key]
      if (v === undefined) return undefined
      if (!Array.isArray(v)) return wrong(join(path, key), 'a list of strings', v, key)
      const out: string[] = []
      v.forEach((item, i) => {
        if (typeof item === 'string' && item.trim() !== '') out.push(item)
        else wrong(join(join(path, key), i), 'a non-empty string', item)
      })
      return out
    },
    list(obj, key, path) {
      const v = obj[key]
      if (v === undefined) return undefined
      if (!Array.isArray(v)) return wrong(join(path, key), 'a list', v, key)
      return v
    },
    object(obj, key, path) {
      const v = obj[key]
      if (v === undefined) return undefined
      if (!isObject(v)) return wrong(join(path, key), 'an object', v, key)
      return v
    },
    unknownKeys(obj, known, path) {
      for (const key of Object.keys(obj)) {
        if (known.includes(key)) continue
        const guess = nearest(key, known)
        report(
          join(path, key),
          guess ? `unknown key; did you mean "${guess}"?` : `unknown key (known: ${known.join(', ')})`,
        )
      }
    },
  }
}

export { join as joinPath }

/** The known key nearest a mistyped one (the same but for case first), if it is a slip away. */
function nearest(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined
  let bestDistance = 3
  for (const k of known) {
    const d = editDistance(k.toLowerCase(), key.toLowerCase())
    if (d < bestDistance) {
      best = k
      bestDistance = d
    }
  }
  return best
}

/** Letters added, dropped or changed to make one word of another. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(
        (prev[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      )
    }
    prev = row
  }
  return prev[b.length] ?? 0
}
