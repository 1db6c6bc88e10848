// Property-based: whatever a config file holds, reading it either gives a config or a ConfigError that
// lists its problems, one line each, naming where; never another exception; and never the value of a
// secret (a password, a key), whatever was wrong with it.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ConfigError, parseConfig } from './load-config.js'

/** A config using most keys, the old module's among them, with secrets that must never be echoed. */
const SECRET = 'Secret-Nobody-Sees-42'
const base = (): Record<string, unknown> => ({
  uniqueId: 'weasleys',
  places: [
    { name: 'Home', lat: 50.7376, lon: -3.2783, radius: 150 },
    { name: 'Work', aliases: ['Office'], members: ['ron'] },
  ],
  members: [
    {
      name: 'Ginny',
      devices: [{ id: 'ginny', password: `${SECRET}-device`, encryptionKey: `${SECRET}-key` }],
    },
    { name: 'Ron', devices: ['ron'] },
  ],
  broker: { clockPassword: `${SECRET}-clock`, publicHosts: ['clock.example.org'] },
  http: { port: 8080 },
  lostAfterMinutes: 600,
  learnedPlaces: 'geofence',
  colorCycle: ['red', 'green'],
  clockStyle: 'clock',
})
const oldModule = (): Record<string, unknown> => ({
  uniqueId: 'burrow',
  locations: ['Home', 'School'],
  people: ['Ginny', 'Ron'],
  host: 'broker.example.org',
  port: 8883,
  mirrorUser: 'mirror',
  mirrorPass: `${SECRET}-mirror`,
  disableEncryption: false,
})

/** Paths into a config (object keys and array indexes) that the fuzz may replace or remove. */
const PATHS = [
  ['uniqueId'],
  ['places'],
  ['places', 0],
  ['places', 0, 'lat'],
  ['places', 0, 'radius'],
  ['places', 1, 'members'],
  ['members'],
  ['members', 0],
  ['members', 0, 'name'],
  ['members', 0, 'devices'],
  ['members', 0, 'devices', 0],
  ['members', 0, 'devices', 0, 'password'],
  ['members', 0, 'devices', 0, 'encryptionKey'],
  ['members', 1, 'devices', 0],
  ['broker'],
  ['broker', 'clockPassword'],
  ['broker', 'url'],
  ['broker', 'profile'],
  ['broker', 'password'],
  ['http'],
  ['http', 'port'],
  ['lostAfterMinutes'],
  ['learnedPlaces'],
  ['colorCycle'],
  ['clockStyle'],
  ['locations'],
  ['people'],
  ['host'],
  ['port'],
  ['mirrorPass'],
  ['disableEncryption'],
  ['somethingElse'],
] as const

function setPath(root: Record<string, unknown>, path: readonly (string | number)[], value: unknown): void {
  let at: unknown = root
  for (const key of path.slice(0, -1)) {
    if (typeof at !== 'object' || at === null) return
    at = (at as Record<string | number, unknown>)[key]
  }
  if (typeof at !== 'object' || at === null) return
  const last = path.at(-1) as string | number
  if (value === undefined) delete (at as Record<string | number, unknown>)[last]
  else (at as Record<string | number, unknown>)[last] = value
}

const anyValue = fc.oneof(
  fc.jsonValue(),
  fc.constant(undefined),
  fc.integer({ min: -100_000, max: 100_000 }),
  fc.string({ maxLength: 30 }),
)

/** Where secrets go, and wrong values for them that would be easy to spot if quoted. */
const SECRET_PATHS = [
  ['members', 0, 'devices', 0, 'password'],
  ['members', 0, 'devices', 0, 'passwordHash'],
  ['members', 0, 'devices', 0, 'encryptionKey'],
  ['broker', 'clockPassword'],
  ['broker', 'password'],
  ['mirrorPass'],
  ['encryptionKey'],
] as const
const SECRET_NUMBER = 987_654_321
const wrongSecret = fc.constantFrom<unknown>(
  SECRET_NUMBER,
  -SECRET_NUMBER,
  [SECRET],
  { secret: SECRET },
  `${SECRET}\u0000`,
  true,
)

/** Broker URLs with a password in them, mistyped. */
const badUrl = fc.constantFrom(
  `ftp://clock:${SECRET}@broker.example`,
  `clock:${SECRET}@broker.example:8883`,
  `mqtt:/clock:${SECRET}@broker.example`,
  `mqtts://clock:${SECRET}@`,
)

const nearValid = fc
  .tuple(
    fc.boolean(),
    fc.array(fc.tuple(fc.constantFrom(...PATHS), anyValue), { maxLength: 4 }),
    fc.array(fc.tuple(fc.constantFrom(...SECRET_PATHS), wrongSecret), { maxLength: 2 }),
    fc.option(badUrl),
  )
  .map(([old, edits, secrets, url]) => {
    const config = old ? oldModule() : base()
    for (const [path, value] of [...edits, ...secrets]) setPath(config, path, value)
    if (url !== null) setPath(config, ['broker', 'url'], url)
    return config
  })

describe('reading any config', () => {
  it('gives a config or a ConfigError naming each problem, never another error or a secret', () => {
    let refused = 0
    fc.assert(
      fc.property(fc.oneof(nearValid, fc.jsonValue()), (raw) => {
        try {
          parseConfig(raw, { dataDir: '/nonexistent/weasley-fuzz' })
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigError)
          const problems = (error as ConfigError).problems
          expect(problems.length).toBeGreaterThan(0)
          for (const problem of problems) {
            expect(problem.path).toMatch(/\S/)
            expect(problem.message).toMatch(/\S/)
          }
          // One line per problem, after the heading.
          expect((error as Error).message.split('\n')).toHaveLength(problems.length + 1)
          expect((error as Error).message).not.toContain(SECRET)
          expect((error as Error).message).not.toContain(String(SECRET_NUMBER))
          refused++
        }
      }),
      { numRuns: 3_000, seed: 7 },
    )
    expect(refused).toBeGreaterThan(1_000)
  })
})
