import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ensureCertificates } from '../tls/certificates.js'
import { unusableCertificateFiles } from './certificate-files.js'
import { DEMO_CONFIG } from './demo-config.js'
import { ConfigError, loadConfigFile, parseConfig } from './load-config.js'

const problemsOf = (raw: unknown): string[] => {
  try {
    parseConfig(raw)
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.path}: ${p.message}`)
    throw error
  }
  return []
}

describe('parseConfig', () => {
  it('accepts an old MMM-WeasleyClock config and keeps its meaning', () => {
    const config = parseConfig({
      uniqueId: 'smiths',
      locations: ['Home', 'School', 'Work'],
      people: ['Alice', 'Bob'],
      colorCycle: ['red', 'blue'],
      clockStyle: 'table',
      host: 'broker.example.org',
      port: 8883,
      mirrorUser: 'mirror',
      mirrorPass: 'not-logged',
    })
    expect(config.settings.family).toBe('smiths')
    expect(config.settings.places.map((p) => p.name)).toEqual(['Home', 'School', 'Work'])
    expect(config.settings.members).toEqual([
      { id: 'alice', name: 'Alice', deviceIds: ['alice'] },
      { id: 'bob', name: 'Bob', deviceIds: ['bob'] },
    ])
    expect(config.display).toMatchObject({ colorCycle: ['red', 'blue'], clockStyle: 'table' })
    expect(config.broker).toEqual({
      kind: 'external',
      profile: 'mosquitto',
      url: 'mqtts://broker.example.org:8883',
      username: 'mirror',
      password: 'not-logged',
    })
  })

  it('accepts the old module’s own defaults: volume 0–100, cafile, updateInterval, retryDelay', () => {
    const config = parseConfig({
      uniqueId: 'notunique',
      people: ['Harry'],
      volume: 75,
      updateInterval: 60000,
      retryDelay: 5000,
      radius: 85,
      hubDisplacement: 5,
      host: 'h',
      port: 8883,
      cafile: '/etc/ca.crt',
    })
    expect(config.display.volume).toBe(0.75)
    expect(config.broker).toMatchObject({ kind: 'external', caFile: '/etc/ca.crt' })
  })

  it('takes a sound the web clock can serve, and refuses one it would not (a name starting with a dot)', () => {
    const base = { uniqueId: 'w', people: ['Harry'], host: 'h' }
    expect(parseConfig({ ...base, sound: 'bell.wav' }).display.sound).toBe('bell.wav')
    expect(() => parseConfig({ ...base, sound: '.hidden.wav' })).toThrow(
      /sound: must be the file name of a sound/,
    )
  })

  it('takes the old module’s documented null defaults, listed reserved places and names in any alphabet', () => {
    const config = parseConfig({
      uniqueId: 'müllers',
      locations: ['Home', 'Traveling', 'lost', 'School'],
      people: ['Zoë', 'Jürgen', 'Ōta'],
      mirrorUser: null,
      mirrorPass: null,
    })
    expect(config.settings.places.map((p) => p.name)).toEqual(['Home', 'School'])
    expect(config.settings.members.map((m) => [m.id, m.name])).toEqual([
      ['zoë', 'Zoë'],
      ['jürgen', 'Jürgen'],
      ['ōta', 'Ōta'],
    ])
    expect(config.broker).toMatchObject({ kind: 'embedded', clockUsername: 'weasley-clock' })
    // A name typed decomposed (e + combining diaeresis) is the same device as the composed one.
    expect(parseConfig({ uniqueId: 'f', people: ['Zoe\u0308'] }).devices[0]?.deviceId).toBe('zoë')
    // A name the old module took as a topic level but that cannot be a login: the way over, in one line.
    expect(problemsOf({ uniqueId: 'f', people: ['A', "Grandma O'Brien"] })).toEqual([
      'people[1]: "Grandma O\'Brien" cannot be a device id (only letters, digits, "_", "." and "-"): give the member as { "name": "Grandma O\'Brien", "devices": ["grandma-o-brien"] } in "members" and set that phone\'s Device ID in OwnTracks to grandma-o-brien',
    ])
    // Reserved names stay refused as places of the new kind, and null stays wrong for new keys.
    expect(
      problemsOf({ uniqueId: 'f', people: ['A'], places: [{ name: 'Lost', lat: 1, lon: 1, radius: 50 }] }),
    ).toEqual(['places[0].name: "Traveling" and "Lost" are reserved and always on the dial'])
    expect(problemsOf({ uniqueId: 'f', people: ['A'], dataDir: null })).toHaveLength(1)
  })

  it('uses plain MQTT for an old config with disableEncryption', () => {
    const config = parseConfig({
      uniqueId: 'f',
      people: ['A'],
      host: 'h',
      port: 1883,
      disableEncryption: true,
    })
    expect(config.broker).toMatchObject({ kind: 'external', url: 'mqtt://h:1883' })
  })

  it('keeps the old module’s port 8883 when an old config gives host and disableEncryption but no port', () => {
    // The old module's default port was 8883, encrypted or not: that is where such a broker listened.
    const config = parseConfig({ uniqueId: 'f', people: ['A'], host: 'h', disableEncryption: true })
    expect(config.broker).toMatchObject({ kind: 'external', url: 'mqtt://h:8883' })
  })

  it('defaults to the embedded broker, never to a public one', () => {
    const config = parseConfig({ uniqueId: 'f', people: ['A'] })
    expect(config.broker).toMatchObject({
      kind: 'embedded',
      mqttHost: '127.0.0.1',
      mqttPort: 1883,
      mqttsPort: 8883,
    })
  })

  it('reads places with coordinates, aliases and per-member overrides', () => {
    const config = parseConfig({
      uniqueId: 'f',
      members: [
        { name: 'Ann', devices: ['ann-phone', { id: 'ann-tablet', password: 'long-enough-pw' }] },
        { name: 'Ben' },
      ],
      places: [
        { name: 'Home', lat: 50, lon: 1, radius: 100, aliases: ['Casa|1|2'] },
        { name: 'Work', lat: 51, lon: 1, radius: 100, members: ['Ann'] },
        { name: 'Work', lat: 52, lon: 1, radius: 300, members: ['ben'] },
      ],
    })
    expect(config.settings.places).toHaveLength(3)
    expect(config.settings.places[0]).toMatchObject({ key: 'home', aliases: ['casa'], radiusMeters: 100 })
    expect(config.settings.places[1]?.memberIds).toEqual(['ann'])
    expect(config.devices).toEqual([
      { memberId: 'ann', deviceId: 'ann-phone' },
      { memberId: 'ann', deviceId: 'ann-tablet', password: 'long-enough-pw' },
      { memberId: 'ben', deviceId: 'ben' },
    ])
  })

  it('refuses two listeners on one port, from the file or the command line', () => {
    const family = { uniqueId: 'smiths', members: [{ name: 'Ann', devices: ['ann'] }] }
    expect(problemsOf({ ...family, http: { port: 8883 } })).toEqual([
      'broker.mqttsPort: is 8883, as http.port is: each listener needs a port of its own',
    ])
    expect(() => parseConfig(family, { httpPort: 18883, mqttPort: 18883 })).toThrow(
      'broker.mqttPort: is 18883, as http.port is',
    )
    // Port 0 is a free port each: never the same.
    expect(() => parseConfig(family, { httpPort: 0, mqttPort: 0, mqttsPort: 0 })).not.toThrow()
  })

  it('lists every problem at once, each naming where it is', () => {
    const problems = problemsOf({
      uniqueId: 'bad/family',
      places: [{ name: 'Home', lat: 95, lon: 0, radius: 10 }, { name: 'Traveling' }, 'Home'],
      members: [{ devices: ['x'] }, { name: 'A', devices: [{ id: 'a', password: 'short' }] }],
      colourCycle: ['red'],
      clockStyle: 'round',
      volume: 300,
    })
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^uniqueId: may hold only/),
        expect.stringMatching(/^places\[0\]\.lat: must be at most 90/),
        expect.stringMatching(/^places\[1\]\.name: "Traveling" and "Lost" are reserved/),
        expect.stringMatching(/^places\[2\]: must be an object/),
        expect.stringMatching(/^members\[0\]\.name: is required/),
        expect.stringMatching(/^members\[1\]\.devices\[0\]\.password: must be at least 8/),
        'colourCycle: unknown key; did you mean "colorCycle"?',
        expect.stringMatching(/^clockStyle: must be "clock", "table" or "flap"/),
        expect.stringMatching(/^volume: must be at most 100/),
      ]),
    )
    expect(problems).toHaveLength(9)
  })

  it('suggests the nearest key for a slip, the same key in another case first', () => {
    const problems = problemsOf({
      uniqueId: 'f',
      people: ['A'],
      broker: { mqttsport: 8883, mqttshost: '::' },
    })
    expect(problems).toEqual([
      'broker.mqttsport: unknown key; did you mean "mqttsPort"?',
      'broker.mqttshost: unknown key; did you mean "mqttsHost"?',
    ])
  })

  it('refuses a place name the apps would read as region options, naming the place and the character, among every other problem', () => {
    const problems = problemsOf({
      uniqueId: 'f',
      people: ['A'],
      // Never sent to phones (no coordinates): matched by name only, as the old module did.
      locations: ['Grandma: Leeds', 'Home|1|2'],
      places: [
        { name: 'Work: Office', lat: 50.5, lon: 1, radius: 100 },
        { name: 'Home|1|2', lat: 50, lon: 1, radius: 100 },
        { name: '-Gym', lat: 51, lon: 1, radius: 50 },
        { name: 'Cinema', lat: 95, lon: 1, radius: 50 },
        { name: 'Cafe: Annex' },
      ],
    })
    expect(problems).toEqual([
      expect.stringMatching(
        /^places\[0\]\.name: "Work: Office" holds ":", which iOS reads as .*uuid:major:minor/,
      ),
      expect.stringMatching(
        /^places\[1\]\.name: "Home\|1\|2" holds "\|", which iOS reads as .*: name the place "Home"/,
      ),
      expect.stringMatching(/^places\[2\]\.name: "-Gym" starts with "-", which .*: name the place "Gym"/),
      expect.stringMatching(/^places\[3\]\.lat: must be at most 90/),
    ])
  })

  it('takes aliases and hidden places as the phones spell their regions, and refuses an alias nothing can match', () => {
    const config = parseConfig({
      uniqueId: 'f',
      people: ['A'],
      places: [
        { name: 'Grandma', lat: 53.8, lon: -1.55, radius: 100, aliases: ['Grandma: Leeds', '-Nan|1|2'] },
        { name: 'Old Gym: Annex', hidden: true },
      ],
    })
    expect(config.settings.places.map((p) => [p.key, p.aliases])).toEqual([
      ['grandma', ['grandma: leeds', 'nan']],
      ['old gym: annex', []],
    ])
    expect(
      problemsOf({ uniqueId: 'f', people: ['A'], places: [{ name: 'Home', aliases: ['Casa', '+follow'] }] }),
    ).toEqual([expect.stringMatching(/^places\[0\]\.aliases\[1\]: "\+follow" can never name a place/)])
  })

  it('never quotes a secret it refuses, and quotes a key that is no plain name', () => {
    const problems = problemsOf({
      uniqueId: 'f',
      members: [{ name: 'A', devices: [{ id: 'a', password: 12345678 }] }],
      broker: { clockPassword: ['hunter22'] },
      '': 1,
      'my key': 2,
    })
    expect(problems).toEqual([
      expect.stringMatching(/^\[""\]: unknown key/),
      expect.stringMatching(/^\["my key"\]: unknown key/),
      'members[0].devices[0].password: must be a non-empty string (the value given is not shown: it is a secret)',
      'broker.clockPassword: must be a non-empty string (the value given is not shown: it is a secret)',
    ])
  })

  it('checks what AWS IoT and Losant require', () => {
    expect(
      problemsOf({
        uniqueId: 'f',
        people: ['A'],
        broker: { profile: 'aws-iot', url: 'mqtt://x.iot.eu-west-1.amazonaws.com' },
      }),
    ).toEqual([
      'broker.url: AWS IoT needs mqtts:// (port 8883, or 443)',
      'broker: AWS IoT authenticates with a client certificate: give certFile and keyFile',
      "broker.clientId: is required with AWS IoT: the thing's policy allows specific client ids",
    ])
    expect(
      problemsOf({
        uniqueId: 'f',
        people: ['A'],
        broker: { profile: 'losant', url: 'mqtts://broker.losant.com' },
      }),
    ).toEqual([
      'broker: Losant needs username and password (an application access key and secret)',
      'broker.clientId: is required with Losant: it is the Losant device id',
    ])
    expect(
      problemsOf({ uniqueId: 'f', people: ['A'], broker: { profile: 'hivemq', url: 'mqtts://h' } }),
    ).toEqual(['broker.profile: must be "mosquitto", "aws-iot" or "losant", got "hivemq"'])
  })

  it('takes an external broker keepalive in whole seconds, never 0', () => {
    const external = (keepalive: unknown) => ({
      uniqueId: 'f',
      people: ['A'],
      broker: { url: 'mqtts://h', keepalive },
    })
    expect(parseConfig(external(30)).broker).toMatchObject({ kind: 'external', keepaliveSeconds: 30 })
    expect(problemsOf(external(0))).toEqual([expect.stringMatching(/^broker\.keepalive: must be at least 1/)])
    expect(problemsOf(external(2.5))).toEqual([expect.stringMatching(/^broker\.keepalive: .*whole/)])
    expect(
      parseConfig({ uniqueId: 'f', people: ['A'], broker: { url: 'mqtts://h' } }).broker,
    ).not.toHaveProperty('keepaliveSeconds')
    expect(problemsOf({ uniqueId: 'f', people: ['A'], broker: { keepalive: 30 } })).toEqual([
      'broker.keepalive: only applies to an external broker (with broker.url); phones set their own',
    ])
  })

  it('takes broker.retained for an external broker, except Losant, which keeps none', () => {
    const external = (broker: Record<string, unknown>) => ({ uniqueId: 'f', people: ['A'], broker })
    expect(parseConfig(external({ url: 'mqtts://h', retained: false })).broker).toMatchObject({
      retained: false,
    })
    expect(
      problemsOf(
        external({
          url: 'mqtts://b',
          profile: 'losant',
          username: 'k',
          password: 's',
          clientId: 'd',
          retained: true,
        }),
      ),
    ).toEqual(['broker.retained: Losant keeps no retained messages'])
    expect(problemsOf(external({ url: 'mqtts://h', retained: 'yes' }))).toEqual([
      expect.stringMatching(/^broker\.retained: /),
    ])
    expect(problemsOf(external({ retained: true }))).toEqual([
      'broker.retained: only applies to an external broker (with broker.url): the embedded one keeps them',
    ])
  })

  it('refuses a device that belongs to two members', () => {
    expect(
      problemsOf({
        uniqueId: 'f',
        members: [
          { name: 'A', devices: ['p'] },
          { name: 'B', devices: ['P'] },
        ],
      }),
    ).toEqual(['members[1].devices[0]: device "p" already belongs to member "a"'])
  })

  it('refuses a device given both a password and a password hash (the QR code would bring one, the broker check the other)', () => {
    const hash = 'scrypt$16384$8$1$c2FsdA$aGFzaA'
    expect(
      problemsOf({
        uniqueId: 'f',
        members: [{ name: 'A', devices: [{ id: 'p', password: 'long-enough-1', passwordHash: hash }] }],
      }),
    ).toEqual(['members[0].devices[0].passwordHash: give "password" or "passwordHash", not both'])
  })

  it('refuses a clock account named like a device', () => {
    const members = [{ name: 'Ginny', devices: ['ginny'] }]
    expect(problemsOf({ uniqueId: 'f', members, broker: { clockUsername: 'Ginny' } })).toEqual([
      'broker.clockUsername: "ginny" is also a device id: give the clock an account of its own',
    ])
    expect(problemsOf({ uniqueId: 'f', members, mirrorUser: 'ginny' })).toHaveLength(1)
    expect(problemsOf({ uniqueId: 'f', members, mirrorUser: 'mirror' })).toEqual([])
  })

  it('refuses a config without members or family', () => {
    expect(problemsOf({})).toEqual([
      'uniqueId: is required: the family name used in topics owntracks/<uniqueId>/<device>',
      'members: configure at least one member (or the old "people" list)',
    ])
  })

  it('lets command-line overrides win over the file', () => {
    const config = parseConfig(
      { uniqueId: 'f', people: ['A'], http: { port: 9000 } },
      { httpPort: 0, mqttPort: 0, mqttsPort: 0, dataDir: '/tmp/x' },
    )
    expect(config.http.port).toBe(0)
    expect(config.dataDir).toBe('/tmp/x')
    expect(config.broker).toMatchObject({ mqttPort: 0, mqttsPort: 0 })
  })

  it('reads the names the web clock answers to, and names an entry that is no host name', () => {
    const config = parseConfig({
      uniqueId: 'f',
      people: ['A'],
      http: { allowedHosts: ['clock.example.com', '*'] },
    })
    expect(config.http.allowedHosts).toEqual(['clock.example.com', '*'])
    expect(
      problemsOf({
        uniqueId: 'f',
        people: ['A'],
        http: { allowedHosts: ['ok.example', 'http://clock.example.com/'] },
      }),
    ).toEqual([
      'http.allowedHosts[1]: "http://clock.example.com/" is not a host name (a name, ".example.com" for every name under it, or "*")',
    ])
    expect(
      problemsOf({
        uniqueId: 'f',
        people: ['A'],
        http: { allowedHosts: ['.weasley.family', '.duckdns.org', '.com'] },
      }),
    ).toEqual([
      'http.allowedHosts[1]: ".duckdns.org" would let names anyone can register through: list your own names exactly',
      'http.allowedHosts[2]: ".com" would let names anyone can register through: list your own names exactly',
    ])
  })

  it('refuses a clock account named like the family, which phones log in as', () => {
    expect(problemsOf({ uniqueId: 'Smiths', people: ['A'], mirrorUser: 'smiths' })).toEqual([
      'broker.clockUsername: "smiths" is the family\'s uniqueId, which phones log in with: give the clock an account of its own (old configs: mirrorUser)',
    ])
  })

  it('refuses a member whose id could not be a topic level, naming an id that could', () => {
    expect(
      problemsOf({
        uniqueId: 'f',
        members: [
          { name: 'Ron/Hermione', devices: ['ron'] },
          { name: 'Ginny', devices: ['ginny'] },
        ],
      }),
    ).toEqual([
      'members[0]: the member id "ron/hermione" is an MQTT topic level and may not hold "/", "+" or "#": give "id" (e.g. "ron-hermione")',
    ])
  })

  it('accepts the built-in demo family', () => {
    expect(problemsOf(DEMO_CONFIG)).toEqual([])
  })
})

describe('loadConfigFile', () => {
  it('says a file is not valid JSON without quoting it (a password may be where it broke)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'weasley-syntax-'))
    try {
      const file = path.join(dir, 'weasley.config.json')
      writeFileSync(file, '{ "uniqueId": "f", "broker": { "password": hunter22 } }')
      const error = (await loadConfigFile(file).catch((e: unknown) => e)) as ConfigError
      expect(error).toBeInstanceOf(ConfigError)
      expect(error.problems).toEqual([
        {
          path: '(file)',
          message: 'cannot be read: Unexpected token … (a syntax error: the file is not valid JSON)',
        },
      ])
      expect(error.message).not.toContain('hunter')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('says where a syntax error is as line and column', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'weasley-syntax-'))
    try {
      const file = path.join(dir, 'weasley.config.json')
      writeFileSync(file, '{\n  "uniqueId": "f"\n  "people": ["A"]\n}\n')
      const error = (await loadConfigFile(file).catch((e: unknown) => e)) as ConfigError
      expect(error.problems[0]?.message).toMatch(/ at line 3, column 3 \(a syntax error/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('lists certificate files it cannot read with the config’s other problems, all at once', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'weasley-files-'))
    try {
      const file = path.join(dir, 'weasley.config.json')
      const broker = {
        url: 'mqtts://h:8883',
        profile: 'aws-iot',
        caFile: path.join(dir, 'AmazonRootCA1.pem'),
      }
      writeFileSync(file, JSON.stringify({ uniqueId: 'f', people: ['A'], broker }))
      const error = (await loadConfigFile(file).catch((e: unknown) => e)) as ConfigError
      expect(error.problems.map((p) => p.path)).toEqual(['broker', 'broker.clientId', 'broker.caFile'])
      expect(error.problems[2]?.message).toMatch(/AmazonRootCA1\.pem: no such file$/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('names every certificate file the config gives that the clock could not read', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'weasley-files-'))
    try {
      const file = path.join(dir, 'weasley.config.json')
      writeFileSync(path.join(dir, 'ca.pem'), '')
      writeFileSync(
        file,
        JSON.stringify({
          uniqueId: 'f',
          people: ['A'],
          broker: {
            url: 'mqtts://h:8883',
            caFile: path.join(dir, 'ca.pem'),
            certFile: path.join(dir, 'clock.crt'),
            keyFile: path.join(dir, 'clock.key'),
          },
        }),
      )
      const config = await loadConfigFile(file)
      expect(unusableCertificateFiles(config)).toEqual([
        { path: 'broker.certFile', message: `${path.join(dir, 'clock.crt')}: no such file` },
        { path: 'broker.keyFile', message: `${path.join(dir, 'clock.key')}: no such file` },
      ])
      // Relative paths are read from the folder given (a MagicMirror config's: the module folder).
      const tls = ensureCertificates(path.join(dir, 'tls'), ['localhost'])
      const relative = {
        ...config,
        broker: {
          ...config.broker,
          certFile: path.relative(dir, tls.certFile),
          keyFile: path.relative(dir, tls.keyFile),
        },
      }
      expect(unusableCertificateFiles(relative, dir)).toEqual([])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('reads the MMM-WeasleyClock entry of a MagicMirror config.js, with SECRET_X placeholders filled from config.env', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'weasley-mm-config-'))
    try {
      writeFileSync(
        path.join(dir, 'config.js'),
        `let config = { port: 8080, modules: [ { module: "clock" }, { module: "MMM-WeasleyClock", position: "top_left",
          config: { uniqueId: "smiths", members: [{ name: "Ben", devices: [{ id: "ben", password: "\${SECRET_BEN}" }] }] } } ] };
        if (typeof module !== "undefined") { module.exports = config; }`,
      )
      writeFileSync(path.join(dir, 'config.env'), 'SECRET_BEN="ben-secret-1"\n')
      const config = await loadConfigFile(path.join(dir, 'config.js'))
      expect(config.settings.family).toBe('smiths')
      expect(config.devices).toEqual([{ memberId: 'ben', deviceId: 'ben', password: 'ben-secret-1' }])
      // Read as MagicMirror reads it (Node's loadEnvFile): a comment after the value, `export`.
      writeFileSync(path.join(dir, 'config.env'), 'export SECRET_BEN=change-me-please # ben phone\n')
      expect((await loadConfigFile(path.join(dir, 'config.js'))).devices[0]?.password).toBe(
        'change-me-please',
      )
      // And, as there, a variable already in the environment wins.
      process.env.SECRET_BEN = 'from-the-environment'
      try {
        expect((await loadConfigFile(path.join(dir, 'config.js'))).devices[0]?.password).toBe(
          'from-the-environment',
        )
      } finally {
        delete process.env.SECRET_BEN
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('reads the first MMM-WeasleyClock entry MagicMirror runs, passing over a disabled one', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'weasley-mm-config-'))
    try {
      const entry = (uniqueId: string) => ({ uniqueId, people: ['Ben'] })
      writeFileSync(
        path.join(dir, 'config.js'),
        `module.exports = { modules: [
          { module: "MMM-WeasleyClock", disabled: true, config: ${JSON.stringify(entry('lastyear'))} },
          { module: "MMM-WeasleyClock", config: ${JSON.stringify(entry('smiths'))} } ] }`,
      )
      expect((await loadConfigFile(path.join(dir, 'config.js'))).settings.family).toBe('smiths')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('reads the entry --family names where the mirror has several clocks, and asks for one otherwise', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'weasley-mm-config-'))
    try {
      const entry = (uniqueId: string) => ({ uniqueId, people: ['Ben'] })
      const file = path.join(dir, 'config.js')
      writeFileSync(
        file,
        `module.exports = { modules: [
          { module: "MMM-WeasleyClock", config: ${JSON.stringify(entry('smiths'))} },
          { module: "MMM-WeasleyClock", config: ${JSON.stringify(entry('joneses'))} } ] }`,
      )
      expect((await loadConfigFile(file, { mirrorEntry: 'joneses' })).settings.family).toBe('joneses')
      await expect(loadConfigFile(file)).rejects.toThrow(
        /has clocks of 2 families \(smiths, joneses\): say which with --family NAME/,
      )
      await expect(loadConfigFile(file, { mirrorEntry: 'browns' })).rejects.toThrow(
        /no MMM-WeasleyClock entry for "browns" \(it has smiths, joneses\)/,
      )
      // One family shown twice (a clock and a table) is one clock: nothing to choose.
      const twice = path.join(dir, 'twice.js')
      writeFileSync(
        twice,
        `module.exports = { modules: [
          { module: "MMM-WeasleyClock", config: ${JSON.stringify(entry('smiths'))} },
          { module: "MMM-WeasleyClock", config: { uniqueId: "smiths", clockStyle: "table" } } ] }`,
      )
      expect((await loadConfigFile(twice)).settings.family).toBe('smiths')
      // A uniqueId from the .env file, and one typed decomposed: picked by what they are.
      const vars = path.join(dir, 'vars.js')
      writeFileSync(path.join(dir, 'vars.env'), 'WHICH=browns\n')
      writeFileSync(
        vars,
        `module.exports = { modules: [
          { module: "MMM-WeasleyClock", config: { uniqueId: "\${WHICH}", people: ["Ben"] } },
          { module: "MMM-WeasleyClock", config: { uniqueId: "zoe\u0308s", people: ["Ben"] } } ] }`,
      )
      expect((await loadConfigFile(vars, { mirrorEntry: 'browns' })).settings.family).toBe('browns')
      expect((await loadConfigFile(vars, { mirrorEntry: 'zoës' })).settings.family).toBe('zoës')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('reads a MagicMirror config’s radius as the old module did, as the module does: 85 is a 300 px face', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'weasley-mm-config-'))
    try {
      const entry = { uniqueId: 'smiths', people: ['Ben'], radius: 170 }
      writeFileSync(
        path.join(dir, 'config.js'),
        `module.exports = { modules: [ { module: "MMM-WeasleyClock", config: ${JSON.stringify(entry)} } ] }`,
      )
      writeFileSync(path.join(dir, 'weasley.config.json'), JSON.stringify(entry))
      // The old module's face: place names 85 units out in a 300-unit box; twice that radius, twice the face.
      expect((await loadConfigFile(path.join(dir, 'config.js'))).display.radius).toBe(300)
      // The clock's own config keeps its meaning: the face radius in pixels.
      expect((await loadConfigFile(path.join(dir, 'weasley.config.json'))).display.radius).toBe(170)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('reads a MagicMirror config’s relative paths from the module folder, as its helper does', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'weasley-mm-paths-'))
    try {
      const configDir = path.join(home, 'MagicMirror', 'config')
      const moduleDir = path.join(home, 'MagicMirror', 'modules', 'MMM-WeasleyClock')
      mkdirSync(configDir, { recursive: true })
      const file = path.join(configDir, 'config.js')
      writeFileSync(
        file,
        `module.exports = { modules: [ { module: "MMM-WeasleyClock", config: { uniqueId: "smiths",
          dataDir: "../../../wc-data", host: "broker.example.org", port: 8883, cafile: "certs/ca.pem",
          members: [{ name: "Ben", devices: [{ id: "ben", password: "ben-secret-1" }] }] } } ] };`,
      )
      const config = await loadConfigFile(file)
      expect(config.dataDir).toBe(path.resolve(moduleDir, '../../../wc-data'))
      expect(config.broker).toMatchObject({ caFile: path.join(moduleDir, 'certs', 'ca.pem') })
      // A data folder given on the command line is the command line's.
      expect((await loadConfigFile(file, { dataDir: 'here' })).dataDir).toBe('here')
      // Data an earlier version made relative to the working folder is not silently left behind.
      const cwd = process.cwd()
      const elsewhere = path.join(home, 'a', 'b', 'c', 'd')
      mkdirSync(elsewhere, { recursive: true })
      mkdirSync(path.join(elsewhere, '../../../wc-data'), { recursive: true })
      process.chdir(elsewhere)
      try {
        // A folder of that name without the clock's database in it is no data of ours.
        expect((await loadConfigFile(file)).dataDir).toBe(path.resolve(moduleDir, '../../../wc-data'))
        writeFileSync(path.join(elsewhere, '../../../wc-data', 'weasley.db'), '')
        await expect(loadConfigFile(file)).rejects.toMatchObject({
          problems: [{ path: 'dataDir', message: expect.stringContaining('give it as an absolute path') }],
        })
      } finally {
        process.chdir(cwd)
      }
    } finally {
      rmSync(home, { recursive: true, force: true })
    }
  })

  it('uses the data folder the module uses, leaves moving an older one to the module, and names unfilled variables', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'weasley-mm-home-'))
    const xdg = process.env.XDG_DATA_HOME
    process.env.XDG_DATA_HOME = path.join(home, 'share')
    try {
      const configDir = path.join(home, 'MagicMirror', 'config')
      const oldData = path.join(home, 'MagicMirror', 'modules', 'MMM-WeasleyClock', 'data')
      mkdirSync(configDir, { recursive: true })
      mkdirSync(oldData, { recursive: true })
      writeFileSync(path.join(oldData, 'weasley.db'), '')
      const write = (password: string) =>
        writeFileSync(
          path.join(configDir, `config-${password.length}.js`),
          `module.exports = { modules: [ { module: "MMM-WeasleyClock", config: { uniqueId: "smiths",
            members: [{ name: "Ben", devices: [{ id: "ben", password: "${password}" }] }] } } ] };`,
        )
      write('ben-secret-1')
      const dataDir = path.join(home, 'share', 'weasley-clock', 'smiths')
      // MagicMirror, not restarted yet, may still be running on the old folder: not moved from here.
      await expect(loadConfigFile(path.join(configDir, 'config-12.js'))).rejects.toMatchObject({
        problems: [
          {
            path: 'dataDir',
            message: `the mirror's data is still in ${oldData}: restart MagicMirror once with this version (it moves the folder to ${dataDir}), then run this again`,
          },
        ],
      })
      expect(existsSync(path.join(oldData, 'weasley.db'))).toBe(true)
      mkdirSync(path.dirname(dataDir), { recursive: true })
      renameSync(oldData, dataDir) // what the module does at its next start
      expect((await loadConfigFile(path.join(configDir, 'config-12.js'))).dataDir).toBe(dataDir)

      const unfilled = `\${SECRET_NOWHERE}`
      write(unfilled)
      await expect(loadConfigFile(path.join(configDir, 'config-17.js'))).rejects.toMatchObject({
        problems: [
          {
            path: unfilled,
            // MagicMirror reads <config file's name>.env.
            message: `has no value: put SECRET_NOWHERE=… in ${path.join(configDir, 'config-17.env')} (or the environment)`,
          },
        ],
      })
    } finally {
      if (xdg === undefined) delete process.env.XDG_DATA_HOME
      else process.env.XDG_DATA_HOME = xdg
      rmSync(home, { recursive: true, force: true })
    }
  })
})
