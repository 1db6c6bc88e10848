// The built MMM-WeasleyClock.js and CSS in headless Chromium, inside a page that provides the
// MagicMirror² module contract: a snapshot and a change move the right hand, in every style.

import { copyFileSync, mkdirSync, readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildClockView, type ClockView, DEFAULT_COLOR_CYCLE } from '../../src/core/clock-view.js'
import type { FamilyState } from '../../src/core/whereabouts/whereabouts.js'
import { closeBrowser, jumpWallClock, openPage } from '../support/browser.js'
import { ROOT, testConfig } from '../support/clock-harness.js'
import { requireTool } from '../support/tools.js'

const FILES: Record<string, [string, string]> = {
  '/': ['test/e2e/fixtures/magicmirror-harness.html', 'text/html'],
  '/MMM-WeasleyClock.js': ['MMM-WeasleyClock.js', 'text/javascript'],
  '/MMM-WeasleyClock.css': ['MMM-WeasleyClock.css', 'text/css'],
}

let server: Server
let base = ''

const settings = testConfig('/tmp/unused').settings
function viewWith(places: Record<string, string>, online: Record<string, boolean> = {}): ClockView {
  const members: FamilyState['members'] = {}
  for (const m of settings.members) {
    const place = places[m.id]
    members[m.id] = {
      memberId: m.id,
      whereabouts:
        place === undefined
          ? { kind: 'lost' }
          : place === 'Traveling'
            ? { kind: 'traveling' }
            : { kind: 'at-place', place },
      sinceMs: 1_000,
      lastSeenMs: 2_000,
      devices: {
        [m.id]: {
          deviceId: m.id,
          lastTimestampSec: 1,
          lastReceivedMs: 2_000,
          enteredPlaceKeys: [],
          placeKey: null,
          online: online[m.id] ?? true,
        },
      },
    }
  }
  return buildClockView(
    settings,
    { members },
    { colorCycle: ['#e6194b', '#3cb44b', '#4363d8'] },
    { connected: true },
    600_000,
  )
}

async function mount(
  page: Page,
  identifier: string,
  config: Record<string, unknown>,
  lang = 'en',
  early: [string, object][] = [],
) {
  await page.evaluate(
    ({ identifier, config, lang, early }) =>
      (window as unknown as { mount: (...a: unknown[]) => Promise<boolean> }).mount(
        identifier,
        config,
        lang,
        early,
      ),
    { identifier, config, lang, early },
  )
}

async function deliver(page: Page, identifier: string, notification: string, payload: unknown) {
  await page.evaluate(
    ({ identifier, notification, payload }) => {
      const modules = (
        window as unknown as {
          modules: Record<string, { socketNotificationReceived(n: string, p: unknown): void }>
        }
      ).modules
      for (const m of Object.values(modules))
        m.socketNotificationReceived(notification, { identifier, ...(payload as object) })
    },
    { identifier, notification, payload },
  )
}

const played = (page: Page) => page.evaluate(() => (window as unknown as { played: unknown[] }).played.length)

async function keepScreenshot(page: Page, name: string) {
  const file = path.join(ROOT, 'test-results', `${name}.png`)
  mkdirSync(path.dirname(file), { recursive: true })
  await page.locator('.module').first().screenshot({ path: file })
  if (process.env.UPDATE_DOCS_SCREENSHOTS === '1') {
    mkdirSync(path.join(ROOT, 'docs', 'screenshots'), { recursive: true })
    copyFileSync(file, path.join(ROOT, 'docs', 'screenshots', `${name}.png`))
  }
}

describe.skipIf(!requireTool('chromium'))('MMM-WeasleyClock front end', () => {
  beforeAll(async () => {
    server = createServer((req, res) => {
      const url = req.url ?? '/'
      const file =
        FILES[url] ??
        (url.startsWith('/translations/') || url.startsWith('/sounds/')
          ? [url.slice(1), 'application/octet-stream']
          : undefined)
      if (!file || file[0].includes('..')) return void res.writeHead(404).end()
      res.writeHead(200, { 'content-type': file[1] }).end(readFileSync(path.join(ROOT, file[0])))
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
  })
  afterAll(async () => {
    await closeBrowser()
    await new Promise((r) => server.close(r))
  })

  it('registers with a plain object and asks its helper for the clock, tagged with its identifier', async () => {
    const page = await openPage(base)
    const registered = await page.evaluate(() => {
      const r = (window as unknown as { registered: { name: string; definition: object } }).registered
      return { name: r.name, plain: Object.getPrototypeOf(r.definition) === Object.prototype }
    })
    expect(registered).toEqual({ name: 'MMM-WeasleyClock', plain: true })
    await mount(page, 'module_1', { uniqueId: 'weasleys', people: ['Ginny'] })
    const sent = await page.evaluate(
      () => (window as unknown as { sent: [string, { identifier: string; config: object }][] }).sent,
    )
    expect(sent).toEqual([
      [
        'WEASLEY_INIT',
        {
          identifier: 'module_1',
          config: expect.objectContaining({ uniqueId: 'weasleys', people: ['Ginny'] }),
        },
      ],
    ])
  })

  it('moves the right hand on a snapshot and on a change, chimes, and ignores other instances', async () => {
    const page = await openPage(base)
    await mount(page, 'module_1', { clockStyle: 'clock' })
    await deliver(page, 'module_1', 'WEASLEY_STATE', {
      view: viewWith({ ginny: 'Home', ron: 'Work' }),
      moved: false,
    })
    await page.waitForSelector('[data-testid="hand-ginny"][data-place="home"]')
    expect(await played(page)).toBe(0)
    await deliver(page, 'module_1', 'WEASLEY_STATE', {
      view: viewWith({ ginny: 'School', ron: 'Work', molly: 'Work' }),
      moved: true,
    })
    await page.waitForSelector('[data-testid="hand-ginny"][data-place="school"]')
    expect(await played(page)).toBe(1)
    await deliver(page, 'module_other', 'WEASLEY_STATE', {
      view: viewWith({ ginny: 'Traveling' }),
      moved: true,
    })
    expect(await page.getByTestId('hand-ginny').getAttribute('data-place')).toBe('school')
    await page.waitForFunction(() => document.getAnimations().length === 0)
    await keepScreenshot(page, 'magicmirror-clock')
  })

  it('starts the hands by its own hubDisplacement, not by the family view’s', async () => {
    const page = await openPage(base)
    await mount(page, 'module_1', { clockStyle: 'clock', hubDisplacement: 17 })
    await mount(page, 'module_2', { clockStyle: 'clock' })
    // The family's view carries the first instance's display keys (the helper's config).
    const view = { ...viewWith({ ginny: 'Home' }), hubDisplacement: 17 }
    for (const id of ['module_1', 'module_2'])
      await deliver(page, id, 'WEASLEY_STATE', { view, moved: false })
    const starts = await page
      .locator('[data-testid="hand-ginny"] .hand-shaft')
      .evaluateAll((shafts) => shafts.map((s) => Number(s.getAttribute('y1'))))
    // module_1: a fifth of the dial's radius (92) from the centre; module_2: from under the hub.
    expect(starts).toHaveLength(2)
    expect(starts[0]).toBeCloseTo(-18.4, 1)
    expect(starts[1]).toBeGreaterThan(0)
  })

  it('colours the hands by its own colorCycle, keeping a colour a member was given', async () => {
    const page = await openPage(base)
    await mount(page, 'module_1', { clockStyle: 'clock' })
    await mount(page, 'module_2', { clockStyle: 'clock', colorCycle: ['#111111', '#222222'] })
    const family = viewWith({ ginny: 'Home' })
    // The first member has a colour of their own in the config.
    const view = {
      ...family,
      // The others coloured by the cycle of the instance that started the family's clock.
      members: family.members.map((m, i) =>
        i === 0 ? { ...m, color: '#abcdef', ownColor: true as const } : { ...m, color: '#999999' },
      ),
    }
    for (const id of ['module_1', 'module_2'])
      await deliver(page, id, 'WEASLEY_STATE', { view, moved: false })
    // Both modules' hands, in the order of the page: module_1's, then module_2's.
    const colours = await page
      .locator('[data-testid^="hand-"] .hand-shaft')
      .evaluateAll((shafts) => shafts.map((s) => s.getAttribute('stroke')))
    // One without a colorCycle has the default one, not the cycle of the instance that started the clock.
    expect(colours).toEqual([
      ...view.members.map((_m, i) =>
        i === 0 ? '#abcdef' : DEFAULT_COLOR_CYCLE[i % DEFAULT_COLOR_CYCLE.length],
      ),
      ...view.members.map((_m, i) => (i === 0 ? '#abcdef' : ['#111111', '#222222'][i % 2])),
    ])
  })

  it('reads `radius` as the old module did: 85 (its default) is its 300 px face, and the face grows with it', async () => {
    const page = await openPage(base)
    for (const [id, radius] of [
      ['module_1', 85],
      ['module_2', 170],
      ['module_3', undefined],
    ] as const) {
      await mount(page, id, radius === undefined ? { clockStyle: 'clock' } : { clockStyle: 'clock', radius })
      await deliver(page, id, 'WEASLEY_STATE', { view: viewWith({ ginny: 'Home' }), moved: false })
    }
    const widths = await page
      .locator('svg.weasley-clock')
      .evaluateAll((faces) => faces.map((f) => Math.round(f.getBoundingClientRect().width)))
    expect(widths).toEqual([300, 600, 300])
  })

  it('shows a table with MagicMirror classes, translated, and stays silent', async () => {
    const page = await openPage(base)
    await mount(page, 'module_1', { clockStyle: 'table' }, 'de')
    const view = viewWith({ ginny: 'Home', ron: 'Traveling' }, { ron: false })
    const members = view.members.map((m) =>
      m.id === 'molly'
        ? { ...m, lastSeenMs: null }
        : m.id === 'ron'
          ? { ...m, sinceMs: view.nowMs - 75 * 60_000, lastSeenMs: view.nowMs }
          : m,
    )
    await deliver(page, 'module_1', 'WEASLEY_STATE', { view: { ...view, members }, moved: true })
    await page.waitForSelector('[data-testid="place-ron"]')
    expect(await page.getByTestId('place-ron').textContent()).toBe('Unterwegs')
    expect(await page.getByTestId('place-molly').textContent()).toBe('Verschollen')
    const since = (id: string) => page.locator(`[data-testid="row-${id}"] td.since`).textContent()
    expect(await since('ginny')).toBe('10 Min.')
    expect(await since('ron')).toBe('1 Std. 15 Min.')
    expect(await page.getByTestId('row-ginny').getAttribute('title')).toBe('zuletzt gemeldet vor 10 Min.')
    expect(await page.getByTestId('row-molly').getAttribute('title')).toBe('noch nie gemeldet')
    expect(await page.getByTestId('row-ron').getAttribute('title')).toBe('gerade eben gemeldet')
    expect(await page.locator('table.weasley-table').getAttribute('class')).toContain('small')
    expect(await page.getByTestId('status').textContent()).toBe('offline: Ron')
    expect(await played(page)).toBe(0)
    await keepScreenshot(page, 'magicmirror-table')
  })

  it('ages the table’s "since" texts while nothing moves', async () => {
    const { page, since } = await tableTenMinutesOn()
    await page.clock.fastForward('01:00:00')
    await expect.poll(() => since.textContent()).toBe('1 h 10 min')
  })

  it('ages the table’s "since" texts by the time that passes, when the mirror’s clock jumps', async () => {
    const { page, since } = await tableTenMinutesOn()
    // The mirror's clock is set five hours on (NTP after a boot without network, say); a minute passes.
    await jumpWallClock(page, 5 * 3_600_000)
    await page.clock.runFor(60_000)
    await expect.poll(() => since.textContent()).toBe('11 min')
  })

  it('shows a split-flap board that flips to the new place', async () => {
    const page = await openPage(base)
    await mount(page, 'module_1', { clockStyle: 'flap' })
    await deliver(page, 'module_1', 'WEASLEY_STATE', { view: viewWith({ ginny: 'Home' }), moved: false })
    await deliver(page, 'module_1', 'WEASLEY_STATE', {
      view: viewWith({ ginny: 'School', ron: 'Work' }),
      moved: true,
    })
    await page.waitForSelector('[data-testid="flap-ginny"][data-place="school"]')
    expect((await page.getByTestId('flap-ginny').textContent())?.replace(/\s+/g, '')).toBe('GINNYSCHOOL')
    await page.waitForFunction(() => document.getAnimations().length === 0)
    await keepScreenshot(page, 'magicmirror-flap')
  })

  it('shows a readable config error in its box instead of a blank screen', async () => {
    const page = await openPage(base)
    await mount(page, 'module_1', {})
    await deliver(page, 'module_1', 'WEASLEY_ERROR', {
      problems: ['uniqueId: is required', 'members: configure at least one member'],
    })
    const box = page.getByTestId('config-error')
    expect(await box.textContent()).toContain('uniqueId: is required')
    expect(await box.textContent()).toContain('members: configure at least one member')
  })

  it('shows what its helper said before MagicMirror made its box: a config error, or the clock', async () => {
    const page = await openPage(base)
    await mount(page, 'module_1', {}, 'en', [['WEASLEY_ERROR', { problems: ['uniqueId: is required'] }]])
    expect(await page.getByTestId('config-error').textContent()).toContain('uniqueId: is required')
    await mount(page, 'module_2', { clockStyle: 'clock' }, 'en', [
      ['WEASLEY_STATE', { view: viewWith({ ginny: 'Home' }), moved: false }],
    ])
    await page.waitForSelector('[data-testid="hand-ginny"][data-place="home"]')
  })

  it('cuts a long name to its hand also when it draws before its box is on the page', async () => {
    // Not laid out yet, the browser cannot measure the text: the tag's width is estimated.
    const named = (names: Record<string, string>): ClockView => {
      const view = viewWith({ ginny: 'Home', ron: 'Work' })
      return { ...view, members: view.members.map((m) => ({ ...m, name: names[m.id] ?? m.name })) }
    }
    const page = await openPage(base)
    const view = named({
      ginny: 'Ginevra Molly Weasley-Potter, Chaser for the Holyhead Harpies',
      ron: '𝓡𝓸𝓷𝓪𝓵𝓭 🦉'.repeat(8),
    })
    await mount(page, 'module_1', { clockStyle: 'clock' }, 'en', [['WEASLEY_STATE', { view, moved: false }]])
    for (const id of ['ginny', 'ron']) {
      const hand = page.getByTestId(`hand-${id}`)
      const text = (await hand.locator('.hand-tag').textContent()) ?? ''
      expect(text).toMatch(/^.{4,}…$/u)
      expect(text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/)
      const length = -Number(await hand.locator('.hand-shaft').getAttribute('y2'))
      const width = Number(await hand.locator('.hand-tag-bg').getAttribute('width'))
      // Between the hub (radius 5) and the tip.
      expect(width).toBeLessThanOrEqual(length - 5)
    }
  })

  it('fits the places’ labels again once its box is on the page, measured instead of estimated', async () => {
    const places = ['Home', 'Grimmauld Place', 'Work', 'School', 'Shell Cottage', 'Diagon Alley']
    const view = {
      ...viewWith({ ginny: 'Home' }),
      dial: [...places, 'Quidditch pitch', 'Burrow', 'Traveling', 'Lost'],
    }
    const page = await openPage(base)
    // Drawn before MagicMirror puts its box on the page: the labels' widths are estimated.
    await mount(page, 'module_1', { clockStyle: 'clock' }, 'en', [['WEASLEY_STATE', { view, moved: false }]])
    await deliver(page, 'module_1', 'WEASLEY_STATE', { view, moved: false })
    const label = page.getByTestId('dial-grimmauld-place')
    await expect.poll(() => label.textContent()).toBe('Grimmauld Place')
    // Measured, it fits its sector whole in a slightly smaller font.
    const size = await label.evaluate((t) => Number.parseFloat(getComputedStyle(t).fontSize))
    expect(size).toBeLessThan(7.5)
  })

  it('asks its helper again when the page reconnects to a restarted MagicMirror server', async () => {
    const page = await openPage(base)
    await mount(page, 'module_1', { uniqueId: 'weasleys', people: ['Ginny'] })
    const inits = () =>
      page.evaluate(
        () => (window as unknown as { sent: [string][] }).sent.filter(([n]) => n === 'WEASLEY_INIT').length,
      )
    await page.evaluate(() => (window as unknown as { connect(): void }).connect()) // the first connection
    expect(await inits()).toBe(1)
    await page.evaluate(() => (window as unknown as { connect(): void }).connect()) // after a server restart
    expect(await inits()).toBe(2)
  })

  it('shows "reconnecting…" while its page has lost MagicMirror’s server', async () => {
    const page = await openPage(base)
    await mount(page, 'module_1', { clockStyle: 'clock' })
    const socket = (event: 'connect' | 'disconnect') =>
      page.evaluate((event) => (window as unknown as Record<string, () => void>)[event]?.(), event)
    await socket('connect')
    await deliver(page, 'module_1', 'WEASLEY_STATE', { view: viewWith({ ginny: 'Home' }), moved: false })
    const status = page.getByTestId('status')
    await page.getByTestId('hand-ginny').waitFor()
    expect(await status.isHidden()).toBe(true)
    // MagicMirror's server stops (a restart, an update): no view can come until the socket is back.
    await socket('disconnect')
    expect(await status.isVisible()).toBe(true)
    expect(await status.textContent()).toBe('reconnecting…')
    await socket('connect')
    expect(await status.isHidden()).toBe(true)
  })

  it('says its helper does not answer, and what to do, instead of winding the clock forever', async () => {
    const page = await openPage(base)
    await page.clock.install()
    await mount(page, 'module_1', { clockStyle: 'clock' })
    const loading = page.getByTestId('loading')
    expect(await loading.textContent()).toBe('Winding the clock…')
    // node_helper.js failed to load (an npm install that failed or never ran).
    await page.clock.runFor(30_000)
    expect(await loading.textContent()).toBe(
      "No answer from MMM-WeasleyClock's helper (node_helper): run npm install --omit=dev in modules/MMM-WeasleyClock and see MagicMirror's log",
    )
    // It answers after all: the clock.
    await deliver(page, 'module_1', 'WEASLEY_STATE', { view: viewWith({ ginny: 'Home' }), moved: false })
    await page.waitForSelector('[data-testid="hand-ginny"][data-place="home"]')
    const status = page.getByTestId('status')
    expect(await status.isHidden()).toBe(true)
    // MagicMirror's server restarts and its new helper does not load: the line under the clock says so.
    await page.evaluate(() => (window as unknown as { connect(): void }).connect())
    await page.evaluate(() => (window as unknown as { connect(): void }).connect())
    await page.clock.runFor(30_000)
    expect(await status.textContent()).toMatch(/^No answer from MMM-WeasleyClock's helper/)
  })

  it('waits as long as a first start takes once its helper has acknowledged the INIT', async () => {
    const page = await openPage(base)
    await page.clock.install()
    await mount(page, 'module_1', { clockStyle: 'clock' }, 'de')
    await deliver(page, 'module_1', 'WEASLEY_STARTING', {})
    await page.clock.runFor(120_000)
    const loading = page.getByTestId('loading')
    expect(await loading.textContent()).toBe(
      (JSON.parse(readFileSync(path.join(ROOT, 'translations', 'de.json'), 'utf8')) as Record<string, string>)
        .LOADING,
    )
  })

  it('shows why the broker is offline under its mark, on one line no wider than the clock', async () => {
    const page = await openPage(base)
    await mount(page, 'module_1', { clockStyle: 'clock' })
    const reason =
      'connect ECONNREFUSED 192.168.1.20:8883 (the broker at mqtts://broker.lan:8883 does not answer; is it running?)'
    await deliver(page, 'module_1', 'WEASLEY_STATE', {
      view: { ...viewWith({ ginny: 'Home' }), connection: { connected: false, lastError: reason } },
      moved: false,
    })
    await page.getByTestId('hand-ginny').waitFor()
    const line = page.getByTestId('status-reason')
    expect(await line.textContent()).toBe(reason)
    expect(await line.isVisible()).toBe(true)
    const box = await line.evaluate((el) => {
      const clock = el.closest('.weasley-mm')?.querySelector('svg')?.getBoundingClientRect()
      const own = el.getBoundingClientRect()
      return {
        width: own.width,
        clockWidth: clock?.width ?? 0,
        lines: own.height / Number.parseFloat(getComputedStyle(el).fontSize),
        cut: el.scrollWidth > el.clientWidth,
      }
    })
    expect(box.width).toBeLessThanOrEqual(box.clockWidth)
    expect(box.lines).toBeLessThan(2)
    expect(box.cut).toBe(true)
    // Back: no reason left.
    await deliver(page, 'module_1', 'WEASLEY_STATE', { view: viewWith({ ginny: 'Home' }), moved: false })
    expect(await line.count()).toBe(0)
  })

  it('names a crowd that leaves hands without a tag under the clock, no wider than it', async () => {
    const page = await openPage(base)
    await mount(page, 'module_1', { clockStyle: 'clock' })
    const base_ = viewWith({ ginny: 'Home' })
    const one = base_.members.find((m) => m.id === 'ginny') as ClockView['members'][number]
    const family = ['Arthur', 'Molly', 'Bill', 'Charlie', 'Percy', 'Fred', 'George', 'Ron', 'Ginny']
    const crowd: ClockView = {
      ...base_,
      members: family.map((name, i) => ({
        ...one,
        id: name.toLowerCase(),
        name,
        color: `hsl(${i * 40} 70% 55%)`,
      })),
    }
    await deliver(page, 'module_1', 'WEASLEY_STATE', { view: crowd, moved: false })
    await page.getByTestId('hand-ginny').waitFor()
    const untagged = await page
      .locator('.hand')
      .evaluateAll((hands) =>
        hands
          .filter((h) => getComputedStyle(h.lastElementChild as Element).display === 'none')
          .map((h) => (h as SVGGElement).dataset.testid?.replace(/^hand-/, '')),
      )
    expect(untagged.length).toBeGreaterThan(0)
    const legend = page.getByTestId('legend')
    expect(await legend.locator('.legend-member').allTextContents()).toEqual(family)
    const box = await legend.evaluate((el) => {
      const clock = el.closest('.weasley-mm')?.querySelector('svg')?.getBoundingClientRect()
      const own = el.getBoundingClientRect()
      return {
        top: own.top,
        width: own.width,
        clockBottom: clock?.bottom ?? 0,
        clockWidth: clock?.width ?? 0,
      }
    })
    expect(box.top).toBeGreaterThanOrEqual(box.clockBottom)
    expect(box.width).toBeLessThanOrEqual(box.clockWidth)
    await page.waitForFunction(() => document.getAnimations().length === 0)
    await keepScreenshot(page, 'magicmirror-crowd')
    // Spread out again: every name on its hand, no legend.
    await deliver(page, 'module_1', 'WEASLEY_STATE', { view: viewWith({ ginny: 'Home' }), moved: false })
    await expect.poll(() => legend.isHidden()).toBe(true)
  })

  it('marks a clock whose broker refused the family subscription as not receiving, with why', async () => {
    const page = await openPage(base)
    await mount(page, 'module_1', { clockStyle: 'clock' })
    const reason = 'the broker refused the subscription to owntracks/weasleys/#'
    await deliver(page, 'module_1', 'WEASLEY_STATE', {
      view: { ...viewWith({ ginny: 'Home' }), connection: { connected: true, lastError: reason } },
      moved: false,
    })
    await page.getByTestId('hand-ginny').waitFor()
    const status = page.getByTestId('status')
    expect(await status.isVisible()).toBe(true)
    expect(await status.evaluate((el) => el.firstChild?.textContent)).toBe('not receiving')
    expect(await page.getByTestId('status-reason').textContent()).toBe(reason)
  })

  it('does no drawing while suspended and catches up on resume', async () => {
    const page = await openPage(base)
    await mount(page, 'module_1', { clockStyle: 'clock' })
    await deliver(page, 'module_1', 'WEASLEY_STATE', { view: viewWith({ ginny: 'Home' }), moved: false })
    await page.waitForSelector('[data-testid="hand-ginny"][data-place="home"]')
    await page.evaluate(() =>
      (window as unknown as { modules: Record<string, { suspend(): void }> }).modules.module_1?.suspend(),
    )
    await deliver(page, 'module_1', 'WEASLEY_STATE', { view: viewWith({ ginny: 'Work' }), moved: true })
    expect(await page.getByTestId('hand-ginny').getAttribute('data-place')).toBe('home')
    expect(await played(page)).toBe(0)
    await page.evaluate(() =>
      (window as unknown as { modules: Record<string, { resume(): void }> }).modules.module_1?.resume(),
    )
    expect(await page.getByTestId('hand-ginny').getAttribute('data-place')).toBe('work')
  })
})

/** A mirror's table, on a page whose clock the test drives, with Ginny at home for ten minutes. */
async function tableTenMinutesOn() {
  const page = await openPage(base)
  await page.clock.install()
  await mount(page, 'module_1', { clockStyle: 'table' })
  await deliver(page, 'module_1', 'WEASLEY_STATE', { view: viewWith({ ginny: 'Home' }), moved: false })
  const since = page.locator('[data-testid="row-ginny"] td.since')
  await expect.poll(() => since.textContent()).toBe('10 min')
  return { page, since }
}
