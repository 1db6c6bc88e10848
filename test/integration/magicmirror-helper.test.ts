// The built node_helper.js driven as MagicMirror² drives it (NodeHelper.create, socket notifications),
// with a real embedded broker and a real MQTT publish.

import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import Module, { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import mqtt from 'mqtt'
import { describe, expect, it, onTestFinished, vi } from 'vitest'
import { createHelperHub } from '../../src/adapters/magicmirror/helper-hub.js'
import { openDatabase } from '../../src/adapters/sqlite/open-database.js'
import { ensureCertificates } from '../../src/adapters/tls/certificates.js'
import type { ClockView } from '../../src/core/clock-view.js'
import { aTransition } from '../builders.js'
import { BASE_CONFIG, FAMILY, json, PASSWORDS, ROOT, tempDir } from '../support/clock-harness.js'
import { freePort } from '../support/mosquitto.js'

type Sent = [string, { identifier: string; view?: ClockView; moved?: boolean; problems?: string[] }]
interface Helper {
  name: string
  path: string
  start(): void
  stop(): Promise<void>
  socketNotificationReceived(notification: string, payload: unknown): void
  sendSocketNotification(notification: string, payload: unknown): void
}

/** Loads node_helper.js with MagicMirror's two run-time modules provided, as js/app.js does. */
function loadHelper(moduleDir: string, sent: Sent[], lines: string[] = []): Helper {
  const loader = Module as unknown as { _load(request: string, ...rest: unknown[]): unknown }
  const original = loader._load
  const keep = (line: string) => void lines.push(line)
  const log = { log: keep, info: keep, warn: keep, error: keep, debug: keep }
  loader._load = function (request: string, ...rest: unknown[]) {
    if (request === 'node_helper') return { create: (definition: object) => ({ ...definition }) }
    if (request === 'logger') return log
    return original.call(this, request, ...rest)
  }
  try {
    const file = path.join(ROOT, 'node_helper.js')
    const require = createRequire(import.meta.url)
    delete require.cache[file]
    const helper = require(file) as Helper
    helper.name = 'MMM-WeasleyClock'
    helper.path = moduleDir
    helper.sendSocketNotification = (n, p) => sent.push([n, p as Sent[1]])
    return helper
  } finally {
    loader._load = original
  }
}

/**
 * A mirror in a temporary home: ~/MagicMirror/modules/MMM-WeasleyClock, and XDG_DATA_HOME where the
 * clock's data goes by default. The helper is started as MagicMirror starts it.
 */
function mirror() {
  const home = tempDir('weasley-mm-')
  const moduleDir = path.join(home, 'MagicMirror', 'modules', 'MMM-WeasleyClock')
  mkdirSync(moduleDir, { recursive: true })
  const xdg = process.env.XDG_DATA_HOME
  process.env.XDG_DATA_HOME = path.join(home, 'share')
  onTestFinished(() => {
    if (xdg === undefined) delete process.env.XDG_DATA_HOME
    else process.env.XDG_DATA_HOME = xdg
  })
  const sent: Sent[] = []
  const lines: string[] = []
  const helper = loadHelper(moduleDir, sent, lines)
  helper.start()
  onTestFinished(() => helper.stop())
  const dataDirOf = (family: string) => path.join(home, 'share', 'weasley-clock', family)
  const problemsOf = async (identifier: string) => {
    await vi.waitFor(() =>
      expect(sent.some(([n, p]) => n === 'WEASLEY_ERROR' && p.identifier === identifier)).toBe(true),
    )
    return sent.find(([n, p]) => n === 'WEASLEY_ERROR' && p.identifier === identifier)?.[1].problems
  }
  const stateFor = (id: string) => sent.filter(([n, p]) => n === 'WEASLEY_STATE' && p.identifier === id)
  return { home, moduleDir, helper, sent, lines, dataDirOf, problemsOf, stateFor }
}

async function embeddedPorts() {
  const [mqttPort, mqttsPort] = [await freePort(), await freePort()]
  return { ...BASE_CONFIG.broker, mqttPort, mqttsPort }
}

describe('MagicMirror node_helper', () => {
  it('runs one clock per broker for every instance, tags notifications, and reports bad config in the box', async () => {
    const { moduleDir, helper, sent, lines: debugLines, dataDirOf } = mirror()
    const dataDir = dataDirOf(FAMILY)
    const [mqttPort, mqttsPort] = [await freePort(), await freePort()]
    const config = {
      ...BASE_CONFIG,
      // Percy's phone has no password in the config: the clock makes one and leaves it in the data folder.
      members: [...BASE_CONFIG.members, { name: 'Percy', devices: ['percy'] }],
      broker: { ...BASE_CONFIG.broker, mqttPort, mqttsPort },
      clockStyle: 'clock',
      debug: true,
      sounds: true,
      volume: 75,
    }
    const stateFor = (id: string) => sent.filter(([n, p]) => n === 'WEASLEY_STATE' && p.identifier === id)

    helper.socketNotificationReceived('WEASLEY_INIT', { identifier: 'module_1_MMM-WeasleyClock', config })
    await vi.waitFor(() => expect(stateFor('module_1_MMM-WeasleyClock').length).toBeGreaterThan(0), {
      timeout: 10_000,
      interval: 10,
    })
    const before = stateFor('module_1_MMM-WeasleyClock').length

    // A page reload runs the front end's start() again: a snapshot, nothing new opened.
    helper.socketNotificationReceived('WEASLEY_INIT', { identifier: 'module_1_MMM-WeasleyClock', config })
    helper.socketNotificationReceived('WEASLEY_INIT', { identifier: 'module_2_MMM-WeasleyClock', config })
    // (At least one: a view the clock shows meanwhile, a timer's, may come with it on a busy machine.)
    await vi.waitFor(() => expect(stateFor('module_1_MMM-WeasleyClock').length).toBeGreaterThan(before), {
      timeout: 5_000,
      interval: 10,
    })
    await vi.waitFor(() => expect(stateFor('module_2_MMM-WeasleyClock').length).toBeGreaterThan(0), {
      timeout: 5_000,
      interval: 10,
    })
    expect((helper as unknown as { hub: { size(): number } }).hub.size()).toBe(1)
    // The data folder is out of what MagicMirror serves (its modules folder), one per family.
    expect(existsSync(path.join(moduleDir, 'data'))).toBe(false)
    const passwords = path.join(dataDir, 'new-passwords.txt')
    expect(readFileSync(passwords, 'utf8')).toMatch(/^percy\t[A-Za-z0-9]{20,}\tmember percy$/m)
    expect(statSync(passwords).mode & 0o777).toBe(0o600)

    const phone = await mqtt.connectAsync(`mqtts://localhost:${mqttsPort}`, {
      username: 'ginny',
      password: PASSWORDS.ginny,
      ca: readFileSync(path.join(dataDir, 'tls', 'ca.crt')),
      reconnectPeriod: 0,
    })
    onTestFinished(() => phone.endAsync(true))
    await phone.publishAsync(
      `owntracks/${FAMILY}/ginny/event`,
      json(aTransition({ desc: 'Home', tst: Math.floor(Date.now() / 1000) })),
      { qos: 1 },
    )
    // `debug: true` in the module's config: every message is logged, at a level MagicMirror shows.
    await vi.waitFor(() =>
      expect(debugLines).toContain(`[debug] accepted transition from owntracks/${FAMILY}/ginny/event`),
    )
    for (const id of ['module_1_MMM-WeasleyClock', 'module_2_MMM-WeasleyClock']) {
      await vi.waitFor(() => expect(stateFor(id).at(-1)?.[1]).toMatchObject({ moved: true }), {
        timeout: 5_000,
        interval: 10,
      })
      expect(
        stateFor(id)
          .at(-1)?.[1]
          .view?.members.find((m) => m.id === 'ginny')?.place,
      ).toBe('Home')
    }

    helper.socketNotificationReceived('WEASLEY_INIT', {
      identifier: 'module_3_MMM-WeasleyClock',
      config: { uniqueId: 'x y', people: [] },
    })
    await vi.waitFor(
      () =>
        expect(
          sent.some(([n, p]) => n === 'WEASLEY_ERROR' && p.identifier === 'module_3_MMM-WeasleyClock'),
        ).toBe(true),
      {
        timeout: 5_000,
        interval: 10,
      },
    )
    const error = sent.find(([n]) => n === 'WEASLEY_ERROR')?.[1]
    expect(error?.problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/^uniqueId: may hold only/)]),
    )

    helper.socketNotificationReceived('WEASLEY_INIT', {
      identifier: 'module_4_MMM-WeasleyClock',
      config: {
        ...config,
        broker: { url: 'mqtts://example.invalid:8883', password: '**SECRET_MIRRORPASS**' },
      },
    })
    await vi.waitFor(
      () =>
        expect(
          sent.some(([n, p]) => n === 'WEASLEY_ERROR' && p.identifier === 'module_4_MMM-WeasleyClock'),
        ).toBe(true),
      {
        timeout: 5_000,
        interval: 10,
      },
    )
    expect(sent.at(-1)?.[1].problems?.[0]).toMatch(/SECRET_MIRRORPASS=… in config\/config.env/)
  })

  it('says so when it starts a family afresh beside another family’s data (a uniqueId changed)', async () => {
    const m = mirror()
    startedOnce(m.dataDirOf('weasleys-old'))
    m.helper.socketNotificationReceived('WEASLEY_INIT', {
      identifier: 'module_1_MMM-WeasleyClock',
      config: { ...BASE_CONFIG, broker: await embeddedPorts() },
    })
    await vi.waitFor(() => expect(m.stateFor('module_1_MMM-WeasleyClock').length).toBeGreaterThan(0), {
      timeout: 10_000,
    })
    expect(m.lines).toContainEqual(
      expect.stringContaining(
        `starting afresh in ${m.dataDirOf(FAMILY)}, beside the data of weasleys-old: if this mirror's uniqueId was changed`,
      ),
    )
    // Said once: the family has a folder of its own from now on.
    expect(existsSync(path.join(m.dataDirOf(FAMILY), 'weasley.db'))).toBe(true)
  })

  it('moves the data folder an older version kept in the module folder, and keeps it out of there', async () => {
    const m = mirror()
    const broker = await embeddedPorts()
    // Started once by an older version: state and the CA the phones trust, in the module folder.
    const old = startedOnce(path.join(m.moduleDir, 'data'))
    m.helper.socketNotificationReceived('WEASLEY_INIT', {
      identifier: 'module_1_MMM-WeasleyClock',
      config: { ...BASE_CONFIG, broker },
    })
    await vi.waitFor(() => expect(m.stateFor('module_1_MMM-WeasleyClock').length).toBeGreaterThan(0), {
      timeout: 10_000,
    })
    expect(existsSync(path.join(m.moduleDir, 'data'))).toBe(false)
    expect(readFileSync(path.join(m.dataDirOf(FAMILY), 'tls', 'ca.crt'), 'utf8')).toBe(old.ca)
    expect(m.lines).toContainEqual(
      expect.stringContaining(`moved the data folder out of ${path.join(m.moduleDir, 'data')}`),
    )

    // A data folder given inside the modules folder is refused, naming why.
    m.helper.socketNotificationReceived('WEASLEY_INIT', {
      identifier: 'module_2_MMM-WeasleyClock',
      config: { ...BASE_CONFIG, uniqueId: 'smiths', broker: await embeddedPorts(), dataDir: 'data' },
    })
    expect(await m.problemsOf('module_2_MMM-WeasleyClock')).toEqual([
      expect.stringMatching(
        /^dataDir: .* is inside MagicMirror's modules folder, which MagicMirror serves to every browser/,
      ),
    ])
    // Nor in config/, which MagicMirror serves too (it is where a container's kept volume often is).
    m.helper.socketNotificationReceived('WEASLEY_INIT', {
      identifier: 'module_3_MMM-WeasleyClock',
      config: {
        ...BASE_CONFIG,
        uniqueId: 'smiths',
        broker: await embeddedPorts(),
        dataDir: '../../config/weasley',
      },
    })
    expect(await m.problemsOf('module_3_MMM-WeasleyClock')).toEqual([
      expect.stringMatching(/^dataDir: .* is inside MagicMirror's config folder/),
    ])
  })

  // A container: the module folder on the kept volume, the home in the container's own file system.
  it.skipIf(!existsSync('/dev/shm') || statSync('/dev/shm').dev === statSync(tmpdir()).dev)(
    'does not copy the old data folder to another file system: it says what to do and keeps it',
    async () => {
      const m = mirror()
      const elsewhere = mkdtempSync(path.join('/dev/shm', 'weasley-share-'))
      onTestFinished(() => rmSync(elsewhere, { recursive: true, force: true }))
      process.env.XDG_DATA_HOME = elsewhere
      const old = path.join(m.moduleDir, 'data')
      startedOnce(old)
      m.helper.socketNotificationReceived('WEASLEY_INIT', {
        identifier: 'module_1_MMM-WeasleyClock',
        config: { ...BASE_CONFIG, broker: await embeddedPorts() },
      })
      expect(await m.problemsOf('module_1_MMM-WeasleyClock')).toEqual([
        expect.stringContaining('are on different file systems'),
      ])
      expect(existsSync(path.join(old, 'weasley.db'))).toBe(true)
      expect(existsSync(path.join(elsewhere, 'weasley-clock', FAMILY))).toBe(false)
    },
  )

  it('refuses a placeholder MagicMirror had no value for, and a second family on the same broker ports', async () => {
    const m = mirror()
    const broker = await embeddedPorts()
    m.helper.socketNotificationReceived('WEASLEY_INIT', {
      identifier: 'module_1_MMM-WeasleyClock',
      config: {
        ...BASE_CONFIG,
        members: [{ name: 'Ben', devices: [{ id: 'ben', password: placeholder('SECRET_BEN') }] }],
      },
    })
    expect(await m.problemsOf('module_1_MMM-WeasleyClock')).toEqual([
      `${placeholder('SECRET_BEN')} has no value: put SECRET_BEN=… in config/config.env (or the environment)`,
    ])

    m.helper.socketNotificationReceived('WEASLEY_INIT', {
      identifier: 'module_2_MMM-WeasleyClock',
      config: { ...BASE_CONFIG, broker },
    })
    await vi.waitFor(() => expect(m.stateFor('module_2_MMM-WeasleyClock').length).toBeGreaterThan(0), {
      timeout: 10_000,
    })
    m.helper.socketNotificationReceived('WEASLEY_INIT', {
      identifier: 'module_3_MMM-WeasleyClock',
      config: { ...BASE_CONFIG, uniqueId: 'smiths', broker },
    })
    expect(await m.problemsOf('module_3_MMM-WeasleyClock')).toEqual([
      expect.stringContaining(
        `another MMM-WeasleyClock runs the embedded broker on these ports for family "${FAMILY}"`,
      ),
    ])
    // The same family on other ports would be a second clock in the first one's data folder.
    m.helper.socketNotificationReceived('WEASLEY_INIT', {
      identifier: 'module_4_MMM-WeasleyClock',
      config: { ...BASE_CONFIG, broker: await embeddedPorts() },
    })
    expect(await m.problemsOf('module_4_MMM-WeasleyClock')).toEqual([
      expect.stringMatching(
        new RegExp(
          `another MMM-WeasleyClock runs family "${FAMILY}" in the same data folder .* with other broker settings: give both instances the same broker settings \\(to share one clock\\), or this one a dataDir of its own`,
        ),
      ),
    ])
  })
})

describe('MagicMirror node_helper, inside MagicMirror', () => {
  it('starts only a config that config.js gives an instance of the module, as the server read it', async () => {
    const m = mirror()
    const broker = await embeddedPorts()
    const listed = { ...BASE_CONFIG, broker }
    // js/app.js keeps the config.js it read in global.config.
    const global = globalThis as { config?: unknown }
    global.config = {
      modules: [
        { module: 'clock', position: 'top_left' },
        { module: 'MMM-WeasleyClock', position: 'top_right', config: listed },
      ],
    }
    onTestFinished(() => {
      delete global.config
    })
    // Anything that reaches the socket can send an INIT: another broker, someone else's family.
    m.helper.socketNotificationReceived('WEASLEY_INIT', {
      identifier: 'module_7_MMM-WeasleyClock',
      config: { ...listed, uniqueId: 'intruders', broker: { url: 'mqtt://127.0.0.1:1' } },
    })
    expect(await m.problemsOf('module_7_MMM-WeasleyClock')).toEqual([
      expect.stringContaining("not one that MagicMirror's config.js gives MMM-WeasleyClock"),
    ])
    expect((m.helper as unknown as { hub: { size(): number } }).hub.size()).toBe(0)

    // The front end sends its config with the module's defaults under it, keys in its own order.
    const sent = {
      volume: 75,
      sounds: true,
      debug: false,
      sound: 'chime.wav',
      clockStyle: 'clock',
      ...listed,
    }
    m.helper.socketNotificationReceived('WEASLEY_INIT', {
      identifier: 'module_1_MMM-WeasleyClock',
      config: sent,
    })
    await vi.waitFor(() => expect(m.stateFor('module_1_MMM-WeasleyClock').length).toBeGreaterThan(0), {
      timeout: 10_000,
    })
    expect(m.stateFor('module_1_MMM-WeasleyClock')[0]?.[1].view?.family).toBe(FAMILY)
  })
})

describe('MagicMirror node_helper, started by MagicMirror', () => {
  it('starts the clocks config.js lists with the server, before any page; a page then joins the running clock', async () => {
    const broker = await embeddedPorts()
    const listed = { ...BASE_CONFIG, broker }
    const smiths = { ...BASE_CONFIG, uniqueId: 'smiths', broker: await embeddedPorts() }
    // MagicMirror reads config.js into global.config before it starts the helpers (`node serveronly`:
    // no browser ever opens the page).
    givenMirrorConfig({
      modules: [
        { module: 'clock', position: 'top_left' },
        { module: 'MMM-WeasleyClock', position: 'top_right', config: listed },
        { module: 'MMM-WeasleyClock', disabled: true, config: smiths },
        { module: 'MMM-WeasleyClock', config: { uniqueId: 'x y', people: [] } },
      ],
    })
    const m = mirror()
    // A phone gets in with no page open.
    const caFile = path.join(m.dataDirOf(FAMILY), 'tls', 'ca.crt')
    const phone = await vi.waitFor(
      () =>
        mqtt.connectAsync(`mqtts://localhost:${broker.mqttsPort}`, {
          username: 'ginny',
          password: PASSWORDS.ginny,
          ca: readFileSync(caFile),
          reconnectPeriod: 0,
        }),
      { timeout: 10_000, interval: 50 },
    )
    onTestFinished(() => phone.endAsync(true))
    // A listed config with problems is logged (no page to show them in yet); a disabled one is left alone.
    expect(m.lines).toContainEqual(
      expect.stringMatching(
        /^MMM-WeasleyClock \(config\.js, enabled entry 2 of the module\): uniqueId: may hold only/,
      ),
    )
    expect(hubOf(m.helper).size()).toBe(1)

    // The page opens: its INIT (the same config, over the defaults) joins the clock, which goes on.
    m.helper.socketNotificationReceived('WEASLEY_INIT', {
      identifier: 'module_1_MMM-WeasleyClock',
      config: { clockStyle: 'clock', sounds: true, volume: 75, sound: 'chime.wav', debug: false, ...listed },
    })
    await vi.waitFor(() => expect(m.stateFor('module_1_MMM-WeasleyClock').length).toBeGreaterThan(0), {
      timeout: 10_000,
    })
    expect(hubOf(m.helper).size()).toBe(1)
    expect(m.lines.filter((line) => /already runs with another instance/.test(line))).toEqual([])
    // The phone's connection of before the page still carries its move to the page.
    await phone.publishAsync(
      `owntracks/${FAMILY}/ginny/event`,
      json(aTransition({ desc: 'Home', tst: Math.floor(Date.now() / 1000) })),
      { qos: 1 },
    )
    await vi.waitFor(
      () => expect(m.stateFor('module_1_MMM-WeasleyClock').at(-1)?.[1]).toMatchObject({ moved: true }),
      { timeout: 5_000 },
    )
  })
  it('tries a listed clock again when its start failed (a port still held), with no page to do it, and shows it on a page told it failed', async () => {
    const broker = await embeddedPorts()
    const held = createServer()
    await new Promise<void>((resolve) => held.listen(broker.mqttsPort, '0.0.0.0', resolve))
    const home = tempDir('weasley-mm-')
    const lines: string[] = []
    const sent: Sent[] = []
    const config = { ...BASE_CONFIG, broker, dataDir: path.join(home, 'data') }
    const hub = createHelperHub({
      send: (notification, payload) => void sent.push([notification, payload as Sent[1]]),
      logger: { log: (_level, line) => void lines.push(line), isEnabled: () => false },
      moduleDir: path.join(home, 'MagicMirror', 'modules', 'MMM-WeasleyClock'),
      mirrorConfig: () => ({
        modules: [
          {
            module: 'MMM-WeasleyClock',
            config,
          },
        ],
      }),
      retryDelayMs: 20,
    })
    onTestFinished(() => hub.stop())
    await hub.startListed()
    expect(hub.size()).toBe(0)
    expect(lines).toContainEqual(expect.stringMatching(/could not start: .*trying again in 0 s/))
    // The mirror's page opens meanwhile, and is told why there is no clock.
    const page = 'module_3_MMM-WeasleyClock'
    await hub.init({ identifier: page, config: { clockStyle: 'clock', ...config } })
    expect(sent.at(-1)).toEqual(['WEASLEY_ERROR', expect.objectContaining({ identifier: page })])
    await new Promise<void>((resolve) => held.close(() => resolve()))
    await vi.waitFor(() => expect(hub.size()).toBe(1), { timeout: 10_000 })
    // Once a retry started it, the page shows it without asking again (it would only on a reconnect).
    await vi.waitFor(() =>
      expect(sent.at(-1)).toEqual(['WEASLEY_STATE', expect.objectContaining({ identifier: page })]),
    )
    const phone = await vi.waitFor(
      () =>
        mqtt.connectAsync(`mqtt://127.0.0.1:${broker.mqttPort}`, {
          username: 'ginny',
          password: PASSWORDS.ginny,
          reconnectPeriod: 0,
        }),
      { timeout: 10_000, interval: 50 },
    )
    await phone.endAsync()
  })

  it('leaves the start to the page when MagicMirror’s own copy of a hidden secret is garbled', async () => {
    // MagicMirror fills its copy of config.js in with String.replaceAll, which reads "$$" as "$"; with
    // hideConfigSecrets only the page's INIT brings the value config.env has.
    const secret = process.env.SECRET_WEASLEY_TEST
    process.env.SECRET_WEASLEY_TEST = 'Pa$$w0rd-for-ginny'
    onTestFinished(() => {
      if (secret === undefined) delete process.env.SECRET_WEASLEY_TEST
      else process.env.SECRET_WEASLEY_TEST = secret
    })
    givenMirrorConfig({
      hideConfigSecrets: true,
      modules: [{ module: 'MMM-WeasleyClock', config: { ...BASE_CONFIG, broker: await embeddedPorts() } }],
    })
    const m = mirror()
    await vi.waitFor(() =>
      expect(m.lines).toContainEqual(expect.stringContaining("starts when the mirror's page opens")),
    )
    expect(hubOf(m.helper).size()).toBe(0)
  })
})

describe('MagicMirror node_helper, bounds', () => {
  it('ignores an INIT that is no object, and other notifications, with a plain line', async () => {
    const m = mirror()
    for (const payload of [null, undefined, 42, 'x', true])
      m.helper.socketNotificationReceived('WEASLEY_INIT', payload)
    m.helper.socketNotificationReceived('SOMETHING_ELSE', { identifier: 'module_9_MMM-WeasleyClock' })
    // Still answers a real instance afterwards (here: its config is refused, and it is told why).
    m.helper.socketNotificationReceived('WEASLEY_INIT', {
      identifier: 'module_1_MMM-WeasleyClock',
      config: {},
    })
    expect(await m.problemsOf('module_1_MMM-WeasleyClock')).not.toEqual([])
    expect(m.lines.filter((line) => /INIT without/.test(line))).toHaveLength(5)
    expect(m.lines.filter((line) => /INIT failed|Cannot destructure|TypeError/.test(line))).toEqual([])
  })

  it('acknowledges every INIT at once, and tells the page of a failure that is no config problem', async () => {
    // Stands in for whatever the helper does not expect: MagicMirror's config throws when read.
    givenMirrorConfig({
      get modules(): unknown {
        throw new Error('config.js went away')
      },
    })
    const m = mirror()
    m.helper.socketNotificationReceived('WEASLEY_INIT', {
      identifier: 'module_1_MMM-WeasleyClock',
      config: { ...BASE_CONFIG, broker: await embeddedPorts() },
    })
    // At once, before any start: the page tells a helper that is there from one that failed to load.
    expect(m.sent[0]).toEqual(['WEASLEY_STARTING', { identifier: 'module_1_MMM-WeasleyClock' }])
    expect(await m.problemsOf('module_1_MMM-WeasleyClock')).toEqual(['could not start: config.js went away'])
  })

  it('runs at most four clocks, and says when an instance of a running family brings another config', async () => {
    const m = mirror()
    const brokers: Record<string, unknown> = {}
    const init = async (n: number, family: string, extra: Record<string, unknown> = {}) => {
      brokers[family] ??= await embeddedPorts()
      m.helper.socketNotificationReceived('WEASLEY_INIT', {
        identifier: `module_${n}_MMM-WeasleyClock`,
        config: { ...BASE_CONFIG, uniqueId: family, broker: brokers[family], ...extra },
      })
    }
    for (const [n, family] of ['a', 'b', 'c', 'd'].entries()) {
      await init(n, family)
      // A clock's start (its database, certificate, broker) takes longer than waitFor's default second
      // when the suite's other files run beside it.
      await vi.waitFor(() => expect(m.stateFor(`module_${n}_MMM-WeasleyClock`).length).toBeGreaterThan(0), {
        timeout: 10_000,
      })
    }
    await init(4, 'e')
    expect(await m.problemsOf('module_4_MMM-WeasleyClock')).toEqual([
      'at most 4 clocks (families or brokers) run in one MagicMirror: this one would be the 5th',
    ])

    // Family "a" again, with other places: it shows a's clock, and the log says its places are not used.
    await init(5, 'a', { places: [{ name: 'Burrow', lat: 50.1, lon: -3.1, radius: 100 }] })
    await vi.waitFor(() => expect(m.stateFor('module_5_MMM-WeasleyClock').length).toBeGreaterThan(0), {
      timeout: 10_000,
    })
    expect(m.lines).toContainEqual(
      expect.stringContaining(
        'MMM-WeasleyClock module_5_MMM-WeasleyClock: family "a" already runs with another instance\'s config',
      ),
    )

    // Instances of one clock are bounded too (each gets every view): sixteen show family a, not more.
    for (let n = 6; n < 20; n++) await init(n, 'a')
    await vi.waitFor(() => expect(m.stateFor('module_19_MMM-WeasleyClock').length).toBeGreaterThan(0))
    await init(20, 'a')
    expect(await m.problemsOf('module_20_MMM-WeasleyClock')).toEqual([
      "at most 16 module instances show one family's clock",
    ])
  })
})

/** MagicMirror's config.js as its server read it (js/app.js keeps it in global.config), for this test. */
function givenMirrorConfig(config: unknown): void {
  const global = globalThis as { config?: unknown }
  global.config = config
  onTestFinished(() => {
    delete global.config
  })
}

const hubOf = (helper: Helper) => (helper as unknown as { hub: { size(): number } }).hub

/** `${NAME}` as MagicMirror's config.js holds it when config.env has no NAME. */
const placeholder = (name: string) => `\${${name}}`

/** A data folder as a clock leaves it after its first start: a database and its certificates. */
function startedOnce(dir: string): { ca: string } {
  openDatabase(path.join(dir, 'weasley.db')).close()
  const tls = ensureCertificates(path.join(dir, 'tls'), ['localhost'])
  return { ca: readFileSync(tls.caCertFile, 'utf8') }
}
