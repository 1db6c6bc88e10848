// How the web page draws views a test chooses (test/support/view-server.ts), in real headless
// Chromium: hands at every angle, names of any length and script.

import type { Page } from 'playwright-core'
import { afterAll, describe, expect, it } from 'vitest'
import { DEFAULT_COLOR_CYCLE } from '../../src/core/clock-view.js'
import { closeBrowser, jumpWallClock, openPage, screenshot } from '../support/browser.js'
import { requireTool } from '../support/tools.js'
import { aClockView, aMemberView, serveViews } from '../support/view-server.js'

/** Hands come to rest: measured mid-swing, a tag is where the hand was, not where it points. */
const handsAtRest = (page: Page) =>
  page.waitForFunction(() => document.getAnimations().length === 0, undefined, { timeout: 5_000 })

/** One member at each of `count` places round the dial, so the hands sweep it in even steps. */
function sweep(count: number) {
  const places = Array.from({ length: count }, (_, i) => `P${i}`)
  return aClockView({
    dial: places,
    members: places.map((place, i) => aMemberView({ id: `m${i}`, name: `Member ${i}`, place })),
  })
}

describe.skipIf(!requireTool('chromium'))('web page drawing', () => {
  afterAll(() => closeBrowser())

  it('turns every name tag so it reads left to right, at every angle round the dial', async () => {
    const server = await serveViews(sweep(24)) // every 15°, 0° and 180° included
    const page = await openPage(server.url)
    await page.locator('.hand').nth(23).waitFor()
    await handsAtRest(page)
    const tags = await page.locator('.hand').evaluateAll((hands) =>
      hands.map((hand) => {
        // The tag's text direction as the screen shows it: where its x axis points.
        const m = (hand.querySelector('.hand-tag') as SVGTextElement).getScreenCTM() as DOMMatrix
        const length = Math.hypot(m.a, m.b)
        return { angle: Number((hand as HTMLElement).dataset.angle), x: m.a / length, y: m.b / length }
      }),
    )
    expect(tags.map((t) => t.angle)).toEqual(Array.from({ length: 24 }, (_, i) => i * 15))
    // Upside down is reading right to left. Within 20° of upright (12 and 6 o'clock) every tag reads
    // bottom to top, so neighbours fanned round one place never read in opposite directions.
    const upright = (angle: number) => angle % 180 <= 20 || angle % 180 >= 160
    const unreadable = tags.filter((t) => (upright(t.angle) ? t.y >= 0 : t.x <= 0)).map((t) => t.angle)
    expect(unreadable).toEqual([])
    await screenshot(page, 'web-clock-tags-all-round')
  })

  it('turns the tags of hands fanned round one place all the same way, at 12 and at 6 o’clock', async () => {
    const five = (place: string, from: number) =>
      Array.from({ length: 5 }, (_, i) =>
        aMemberView({ id: `m${from + i}`, name: `Member ${from + i}`, place }),
      )
    // Four places: Home at 12 o'clock, Lost at 6; five hands fanned round each.
    const server = await serveViews(
      aClockView({
        dial: ['Home', 'Work', 'Lost', 'Traveling'],
        members: [...five('Home', 0), ...five('Lost', 5)],
      }),
    )
    const page = await openPage(server.url)
    await page.locator('.hand').nth(9).waitFor()
    await handsAtRest(page)
    const tags = await page.locator('.hand').evaluateAll((hands) =>
      hands.map((hand) => {
        const m = (hand.querySelector('.hand-tag') as SVGTextElement).getScreenCTM() as DOMMatrix
        return {
          place: (hand as HTMLElement).dataset.place,
          angle: Number((hand as HTMLElement).dataset.angle),
          up: m.b < 0,
        }
      }),
    )
    // The fan spans the switch-over angles (340° and 160°): every tag still reads bottom to top.
    expect(tags.some((t) => t.angle > 300) && tags.some((t) => t.angle < 60)).toBe(true)
    expect(tags.filter((t) => !t.up)).toEqual([])
  })

  it('gives each character its own split-flap tile, emoji and accents included', async () => {
    const home = 'Zoe\u0308’s 🏠' // ë written as e + a combining diaeresis
    const server = await serveViews(
      aClockView({
        dial: [home, 'Traveling', 'Lost'],
        members: [aMemberView({ id: 'ginny', name: '👩‍👧‍👦 Ginny', place: home })],
      }),
    )
    const page = await openPage(`${server.url}?style=flap`)
    const row = page.getByTestId('flap-ginny')
    await row.waitFor()
    // Tiles joined with "|": a blank tile is a space between two bars.
    const tiles = async (part: string) =>
      (await row.locator(`.flap-${part} .flap-tile`).allTextContents()).join('|')
    expect(await tiles('name')).toBe('👩‍👧‍👦| |G|I|N|N|Y| ')
    expect(await tiles('place')).toBe('Z|O|E\u0308|’|S| |🏠| | | | | ')
    // To a screen reader the board is one picture named in full, not letters cut short.
    expect(await page.getByRole('img', { name: `👩‍👧‍👦 Ginny: ${home}` }).count()).toBe(1)
  })

  it('cuts a long name with "…" to what fits on its hand, between the hub and the tip', async () => {
    // A phone's card name (up to 64 characters) replaces the configured one.
    const long = 'Anna-Maria Theodora Wilhelmina Konstantinopoulou-Featherstonehaugh'
    const server = await serveViews(
      aClockView({
        members: [
          // Three at Home: fanned out, the middle hand is the short one.
          aMemberView({ id: 'anna', name: long, place: 'Home' }),
          aMemberView({ id: 'ben', name: long, place: 'Home' }),
          aMemberView({ id: 'cleo', name: '𝓒𝓵𝓮𝓸 🦉'.repeat(8), place: 'Home' }),
          aMemberView({ id: 'ron', name: 'Ron', place: 'Lost' }),
          aMemberView({ id: 'dora', name: long, place: 'Lost' }),
        ],
      }),
    )
    const page = await openPage(server.url)
    await page.getByTestId('hand-dora').waitFor()
    await handsAtRest(page)
    const tags = await page.locator('.hand').evaluateAll((hands) =>
      hands.map((hand) => {
        const g = hand as SVGGElement
        const bg = g.querySelector('.hand-tag-bg') as SVGRectElement
        const text = g.querySelector('.hand-tag') as SVGTextElement
        // The tag's corners in the hand's own space, where the hand runs from the hub up to (0, -length).
        const toHand = (g.getCTM() as DOMMatrix).inverse().multiply(bg.getCTM() as DOMMatrix)
        const box = bg.getBBox()
        const along = [box.y, box.y + box.height].flatMap((y) =>
          [box.x, box.x + box.width].map((x) => -new DOMPoint(x, y).matrixTransform(toHand).y),
        )
        return {
          id: g.dataset.testid,
          text: text.textContent ?? '',
          fromHub: Math.min(...along),
          toTip: Number(g.querySelector('.hand-shaft')?.getAttribute('y2')) * -1 - Math.max(...along),
        }
      }),
    )
    const HUB_RADIUS = 5
    for (const tag of tags) {
      expect(tag.fromHub, `${tag.id} reaches into the hub`).toBeGreaterThanOrEqual(HUB_RADIUS)
      expect(tag.toTip, `${tag.id} runs past the tip`).toBeGreaterThanOrEqual(0)
      // Cut between characters, never inside one (a lone surrogate shows as �).
      expect(tag.text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/)
    }
    const text = Object.fromEntries(tags.map((t) => [t.id, t.text]))
    expect(text['hand-ron']).toBe('Ron')
    for (const id of ['hand-anna', 'hand-ben', 'hand-cleo', 'hand-dora']) {
      expect(text[id]).toMatch(/^.{4,}…$/u)
    }
    expect(long.startsWith(text['hand-anna']?.slice(0, -1) ?? '')).toBe(true)
    await screenshot(page, 'web-clock-long-names')
  })

  it('keeps every name tag clear of the other tags and hands, however crowded the place', async () => {
    const member = (id: string, name: string, place: string, i: number) =>
      aMemberView({ id, name, place, color: DEFAULT_COLOR_CYCLE[i % DEFAULT_COLOR_CYCLE.length] as string })
    // A family of five at home at night, beside empty places: every tag shows a name.
    const home = ['Arthur Weasley', 'Molly Weasley', 'Ginevra', 'Ronald Bilius', 'Percy'].map((name, i) =>
      member(`h${i}`, name, 'Home', i),
    )
    const nightPage = await openPage((await serveViews(aClockView({ members: home }))).url)
    const night = await drawnHands(nightPage, 'h4')
    expect(touchingOf(night)).toEqual([])
    for (const hand of night) expect(hand.text.replace('…', '').length, hand.id).toBeGreaterThanOrEqual(4)
    // Every name is on the dial: no legend.
    expect(await legendOf(nightPage)).toEqual([])

    // Seven at Home between two taken places, three at Work, two lost: where a fan is too tight for a
    // name, its tags give way, down to none; none is ever drawn over another tag or hand.
    const names = [
      'Arthur Weasley',
      'Molly Weasley',
      'Bill',
      'Charlie Weasley',
      'Percy Ignatius',
      'Fred',
      'George',
    ]
    const crowd = aClockView({
      dial: ['Home', 'Work', 'School', 'Ministry', 'Traveling', 'Lost'],
      members: [
        ...names.map((name, i) => member(`h${i}`, name, 'Home', i)),
        ...['Ronald Bilius', 'Ginevra Molly', 'Harry'].map((name, i) => member(`w${i}`, name, 'Work', 7 + i)),
        ...['Hermione Jean', 'Luna'].map((name, i) => member(`l${i}`, name, 'Lost', 10 + i)),
      ],
      // The status mark shows too ("broker offline"): it must not cover the legend.
      connection: { connected: false },
    })
    const server = await serveViews(crowd)
    const page = await openPage(server.url)
    const crowded = await drawnHands(page, 'l1')
    await screenshot(page, 'web-clock-crowded')
    expect(touchingOf(crowded)).toEqual([])
    // The wider fans still name everyone.
    for (const hand of crowded.filter((h) => !h.id?.startsWith('hand-h')))
      expect(hand.text.replace('…', '').length, hand.id).toBeGreaterThanOrEqual(4)
    // Where a tag had no room, everyone at that place is named beside the dial, in their hands'
    // colours and in the order they fan out; nobody from a place where every tag shows.
    expect(crowded.some((h) => h.tag === null)).toBe(true)
    expect(crowded.filter((h) => h.tag === null).every((h) => h.id.startsWith('hand-h'))).toBe(true)
    const members = crowd.members.filter((m) => m.place === 'Home')
    expect(await legendOf(page)).toEqual([
      {
        place: 'Home',
        members: await Promise.all(
          members.map(async (m) => ({ name: m.name, color: await cssColor(page, m.color) })),
        ),
      },
    ])
    // On the screen, clear of the face and of the status mark, the page not scrolling: below the face
    // on this square screen (the face made smaller), beside it on a wide one, below again when the
    // window is made square again.
    expect(await page.getByTestId('status').textContent()).toBe('broker offline')
    const clear = { onScreen: true, clearOfFace: true, clearOfStatus: true, scrolls: false }
    expect(await legendPlacement(page)).toEqual({ ...clear, side: 'below' })
    await page.setViewportSize({ width: 1280, height: 800 })
    expect(await legendPlacement(page)).toEqual({ ...clear, side: 'left' })
    await screenshot(page, 'web-clock-crowded-wide')
    await page.setViewportSize({ width: 900, height: 900 })
    await expect.poll(() => legendPlacement(page)).toEqual({ ...clear, side: 'below' })
    // The crowd spreads out: no legend, and the face as large as before.
    const faceWidth = async () => (await page.locator('.dial-face').boundingBox())?.width ?? 0
    const shrunk = await faceWidth()
    server.show({
      ...crowd,
      members: crowd.members.map((m, i) => ({ ...m, place: crowd.dial[i % 4] as string })),
    })
    await expect.poll(() => page.getByTestId('legend').isHidden()).toBe(true)
    await expect.poll(faceWidth).toBeGreaterThan(shrunk)
  })

  it('lists a crowd under the label its hands point at, also as the dial changes round it', async () => {
    const nine = ['Arthur', 'Molly', 'Bill', 'Charlie', 'Percy', 'Fred', 'George', 'Ron', 'Ginny']
    const crowdAt = (place: string, dial: string[]) =>
      aClockView({
        dial,
        members: nine.map((name, i) =>
          aMemberView({ id: name.toLowerCase(), name, place, color: DEFAULT_COLOR_CYCLE[i] as string }),
        ),
      })
    const places = async (page: Page) =>
      (await legendOf(page)).map((item) => [item.place, item.members.length])
    // At a place the dial does not show: their hands point at Lost, and the legend says so.
    const server = await serveViews(crowdAt('Burrow', ['Home', 'Work', 'Traveling', 'Lost']))
    const page = await openPage(server.url)
    await page.getByTestId('hand-ginny').waitFor()
    await expect.poll(() => places(page)).toEqual([['Lost', 9]])
    // The same crowd, the place now on the dial (a config edit, a learned place): the legend follows.
    server.show(crowdAt('Burrow', ['Home', 'Burrow', 'Work', 'Traveling', 'Lost']))
    await expect.poll(() => places(page)).toEqual([['Burrow', 9]])
    // A dial with no Lost label (hands of an unknown place point at 12): still listed, never an empty box.
    server.show(crowdAt('Elsewhere', ['Home', 'Work', 'School', 'Traveling']))
    await expect.poll(() => places(page)).toEqual([['Lost', 9]])
  })

  it('fits each place’s label into its own sector, smaller or cut with "…", however many places', async () => {
    const places = [
      'Home',
      'Ministry of Magic',
      'Hogwarts School of Witchcraft and Wizardry',
      'St Mungo’s Hospital for Magical Maladies',
      'Diagon Alley',
      'Grimmauld Place',
      'Shell Cottage',
      'Quidditch pitch',
      'Traveling',
      'Lost',
    ]
    const page = await openPage((await serveViews(aClockView({ dial: places }))).url)
    await page.getByTestId('dial-home').waitFor()
    const labels = (
      await page.locator('.dial-label').evaluateAll((texts) =>
        texts.map((node) => {
          const text = node as SVGTextElement
          const { a, b, c, d, e, f } = text.getScreenCTM() as DOMMatrix
          const { x, y, width, height } = text.getBBox()
          return {
            text: text.textContent ?? '',
            size: Number.parseFloat(getComputedStyle(text).fontSize),
            ctm: [a, b, c, d, e, f] as Ctm,
            box: { x, y, width, height },
          }
        }),
      )
    ).map((label) => ({ ...label, corners: onScreen(label.ctm, label.box) }))
    const ticks = await page.locator('.dial-tick').evaluateAll((lines) =>
      lines.map((node) => {
        const line = node as SVGLineElement
        const m = line.getScreenCTM() as DOMMatrix
        const end = (x: string, y: string) => {
          const p = new DOMPoint(Number(line.getAttribute(x)), Number(line.getAttribute(y))).matrixTransform(
            m,
          )
          return [p.x, p.y] as [number, number]
        }
        const [a, b] = [end('x1', 'y1'), end('x2', 'y2')]
        return [a, b, b, a] as [number, number][]
      }),
    )
    await screenshot(page, 'web-clock-long-places')
    const crossing: string[] = []
    labels.forEach((a, i) => {
      labels.forEach((b, j) => {
        if (i < j && overlap(a.corners, b.corners)) crossing.push(`${a.text} on ${b.text}`)
      })
      for (const tick of ticks) if (overlap(a.corners, tick)) crossing.push(`${a.text} on a sector's border`)
    })
    expect(crossing).toEqual([])
    const texts = labels.map((l) => l.text)
    // Short names whole; long ones cut at the smallest size, their start kept.
    expect(texts).toContain('Home')
    expect(texts).toContain('Grimmauld Place')
    expect(texts[2]).toMatch(/^Hogwarts .+…$/)
    // Smaller, but not too small to read.
    for (const label of labels) expect(label.size).toBeGreaterThanOrEqual(7.5 * 0.75 - 0.01)
  })

  it('starts the hands away from the centre by an old config’s hubDisplacement, tags clear of the gap', async () => {
    const server = await serveViews(
      aClockView({
        hubDisplacement: 17, // a fifth of the old module's dial radius (85)
        members: [aMemberView({ id: 'anna', name: 'Anna-Maria Theodora Wilhelmina', place: 'Home' })],
      }),
    )
    const page = await openPage(server.url)
    const hand = page.getByTestId('hand-anna')
    await hand.waitFor()
    await handsAtRest(page)
    const { shaftStart, tagFrom } = await hand.evaluate((g) => {
      const bg = g.querySelector('.hand-tag-bg') as SVGRectElement
      const toHand = ((g as SVGGElement).getCTM() as DOMMatrix).inverse().multiply(bg.getCTM() as DOMMatrix)
      const box = bg.getBBox()
      const along = [box.y, box.y + box.height].flatMap((y) =>
        [box.x, box.x + box.width].map((x) => -new DOMPoint(x, y).matrixTransform(toHand).y),
      )
      return {
        shaftStart: -Number(g.querySelector('.hand-shaft')?.getAttribute('y1')),
        tagFrom: Math.min(...along),
      }
    })
    // The dial's radius is 92 units: a fifth of it is 18.4.
    expect(shaftStart).toBeCloseTo(18.4, 1)
    expect(tagFrom).toBeGreaterThan(shaftStart)
  })

  it('keeps each "since" and battery text on one line in a narrow table', async () => {
    const view = aClockView()
    const server = await serveViews({
      ...view,
      dial: ['Grimmauld Place', 'Traveling', 'Lost'],
      members: [
        aMemberView({
          id: 'ginny',
          name: 'Ginevra Weasley',
          place: 'Grimmauld Place',
          sinceMs: view.nowMs - 75 * 60_000,
          batteryPercent: 100,
        }),
      ],
    })
    const page = await openPage(`${server.url}?style=table`)
    await page.setViewportSize({ width: 320, height: 480 })
    await page.getByTestId('row-ginny').waitFor()
    const lines = await page.locator('[data-testid="row-ginny"] td').evaluateAll((cells) =>
      cells.map((td) => {
        // The line boxes the cell's text takes: one distinct top per line.
        const range = document.createRange()
        range.selectNodeContents(td)
        const tops = new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top)))
        return [td.className, td.textContent, tops.size]
      }),
    )
    expect(lines.filter(([name]) => name === 'since' || name === 'battery')).toEqual([
      ['since', '1 h 15 min', 1],
      ['battery', '100 %', 1],
    ])
  })

  it('names the clock for screen readers by who is where, and announces only the status mark', async () => {
    const view = aClockView({
      members: [
        aMemberView({ id: 'ginny', name: 'Ginny', place: 'Home' }),
        aMemberView({ id: 'ron', name: 'Ron', place: 'Traveling' }),
      ],
    })
    const server = await serveViews(view)
    const page = await openPage(server.url)
    await expect.poll(() => page.getByRole('img', { name: 'Ginny: Home; Ron: Traveling' }).count()).toBe(1)
    server.show({ ...view, members: view.members.map((m) => ({ ...m, place: 'Work' })) })
    await expect.poll(() => page.getByRole('img', { name: 'Ginny: Work; Ron: Work' }).count()).toBe(1)
    // A live region round the whole clock read every hand out again at each change.
    expect(await page.locator('[aria-live]').count()).toBe(0)
    expect(await page.getByTestId('status').getAttribute('role')).toBe('status')
  })

  it('ages "since" texts by the time that passes, and keeps its stream, when the tablet’s clock jumps', async () => {
    const { server, page, since } = await tableTenMinutesOn()
    // The tablet's clock is set five hours on (a wrong time zone put right, say); then a minute passes.
    await jumpWallClock(page, 5 * 3_600_000)
    await page.clock.runFor(60_000)
    await expect.poll(() => since.textContent()).toBe('11 min')
    // Nor did the jump look like five silent hours, which made the page drop a live stream for a new one.
    expect(server.streamsOpened()).toBe(1)
    expect(await page.getByTestId('status').isHidden()).toBe(true)
  })

  it('ages "since" texts by the server’s time in its keep-alive, after a sleep the page’s timers missed', async () => {
    const { view, server, page, since } = await tableTenMinutesOn()
    await expect.poll(() => server.streamsOpened()).toBe(1)
    // The tablet slept two hours: its monotonic clock stood still, the server's did not.
    server.ping(view.nowMs + 2 * 3_600_000)
    // At once, not at the next minute's tick; and on from there.
    await expect.poll(() => since.textContent()).toBe('2 h 10 min')
    await page.clock.runFor(60_000)
    await expect.poll(() => since.textContent()).toBe('2 h 11 min')
  })

  it('chimes for a move it sees happen, not for moves a new stream’s first view shows', async () => {
    const at = (place: string) =>
      aClockView({
        members: [aMemberView({ id: 'ginny', name: 'Ginny', place })],
        // Full volume: the audio element's play(), which the test counts.
        chime: { sound: 'bell.wav', volume: 1 },
      })
    const server = await serveViews(at('Home'))
    const page = await openPage(server.url, {
      beforeLoad: async (page) => {
        await page.addInitScript(() => {
          const w = window as unknown as { played: number }
          w.played = 0
          HTMLMediaElement.prototype.play = () => {
            w.played++
            return Promise.resolve()
          }
        })
      },
    })
    const played = () => page.evaluate(() => (window as unknown as { played: number }).played)
    const handAt = (place: string) =>
      page.waitForSelector(`[data-testid="hand-ginny"][data-place="${place}"]`, { timeout: 5_000 })
    await handAt('home')
    await expect.poll(() => server.streamsOpened()).toBe(1)
    server.show(at('Work'))
    await handAt('work')
    await expect.poll(played).toBe(1)
    // The stream drops (a restart, the network, a tablet asleep) and Ginny went to school meanwhile:
    // the new stream's first view says where she is now, hours late perhaps, without a chime.
    server.drop(at('School'))
    await handAt('school')
    expect(server.streamsOpened()).toBe(2)
    server.show(at('Home'))
    await handAt('home')
    await expect.poll(played).toBe(2)
    expect(await played()).toBe(2)
  })

  it('makes its stream again at once when shown after a sleep longer than the keep-alive', async () => {
    const { view, server, page, since } = await tableTenMinutesOn()
    await expect.poll(() => server.streamsOpened()).toBe(1)
    const shown = () => page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')))
    // Shown again soon after the last word from the server: the stream stays (a ping on it still arrives
    // after, and no other was asked for).
    await shown()
    server.ping(view.nowMs + 60_000)
    await expect.poll(() => since.textContent()).toBe('11 min')
    expect(server.streamsOpened()).toBe(1)
    // The tablet slept two minutes (its wall clock ran on, no ping came): a new stream, not a minute's wait.
    await jumpWallClock(page, 2 * 60_000)
    await shown()
    await expect.poll(() => server.streamsOpened()).toBe(2)
    expect(await page.getByTestId('status').isHidden()).toBe(true)
  })
})

/**
 * The table on a page whose clock the test drives, with Ginny at home for ten minutes by the server's
 * time: its "since" text, once it says so.
 */
async function tableTenMinutesOn() {
  const view = aClockView({
    members: [aMemberView({ id: 'ginny', name: 'Ginny', sinceMs: aClockView().nowMs - 10 * 60_000 })],
  })
  const server = await serveViews(view)
  const page = await openPage(`${server.url}?style=table`, {
    beforeLoad: (page) => page.clock.install({ time: view.nowMs }),
  })
  const since = page.locator('[data-testid="row-ginny"] td.since')
  await expect.poll(() => since.textContent()).toBe('10 min')
  return { view, server, page, since }
}

/** Each hand's tag (null when not shown) and shaft as four corners on the screen, once at rest. */
/** The legend's places and the names (and swatch colours) under each, as shown; [] when hidden. */
async function legendOf(page: Page) {
  const legend = page.getByTestId('legend')
  if (await legend.isHidden()) return []
  return legend.locator('li').evaluateAll((items) =>
    items.map((item) => ({
      place: item.querySelector('.legend-place')?.textContent ?? '',
      members: [...item.querySelectorAll<HTMLElement>('.legend-member')].map((who) => ({
        name: who.textContent ?? '',
        color: getComputedStyle(who.querySelector('.legend-swatch') as HTMLElement).backgroundColor,
      })),
    })),
  )
}

type Box = { x: number; y: number; width: number; height: number }

/** Where the legend is against the dial's face (a circle), the status mark and the viewport. */
async function legendPlacement(page: Page) {
  const legend = await page.getByTestId('legend').boundingBox()
  const face = await page.locator('.dial-face').boundingBox()
  const viewport = page.viewportSize()
  if (!legend || !face || !viewport) throw new Error('no legend, face or viewport')
  const r = face.width / 2
  const [cx, cy] = [face.x + r, face.y + face.height / 2]
  // The legend's point nearest the face's centre.
  const nx = Math.max(legend.x, Math.min(cx, legend.x + legend.width))
  const ny = Math.max(legend.y, Math.min(cy, legend.y + legend.height))
  const status = await page.locator('#status').boundingBox()
  const apart = (a: Box, b: Box) =>
    a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y
  return {
    clearOfStatus: status === null || apart(legend, status),
    scrolls: await page.evaluate(() => (document.scrollingElement?.scrollHeight ?? 0) > innerHeight),
    onScreen:
      legend.x >= 0 &&
      legend.y >= 0 &&
      legend.x + legend.width <= viewport.width &&
      legend.y + legend.height <= viewport.height,
    clearOfFace: Math.hypot(nx - cx, ny - cy) > r,
    side: legend.y >= cy + r ? 'below' : legend.x + legend.width <= cx - r ? 'left' : 'elsewhere',
  }
}

/** A CSS colour as the page computes it ("rgb(…)"). */
function cssColor(page: Page, color: string): Promise<string> {
  return page.evaluate((c) => {
    const probe = document.createElement('span')
    probe.style.color = c
    document.body.append(probe)
    const computed = getComputedStyle(probe).color
    probe.remove()
    return computed
  }, color)
}

async function drawnHands(page: Page, lastId: string) {
  await page.getByTestId(`hand-${lastId}`).waitFor()
  await handsAtRest(page)
  const hands = await page.locator('.hand').evaluateAll((groups) =>
    groups.map((group) => {
      const g = group as SVGGElement
      const ctmOf = (element: SVGGraphicsElement) => {
        const { a, b, c, d, e, f } = element.getScreenCTM() as DOMMatrix
        return [a, b, c, d, e, f] as Ctm
      }
      const bg = g.querySelector('.hand-tag-bg') as SVGRectElement
      const shaft = g.querySelector('.hand-shaft') as SVGLineElement
      const [y1, y2] = [Number(shaft.getAttribute('y1')), Number(shaft.getAttribute('y2'))]
      const width = Number.parseFloat(getComputedStyle(shaft).strokeWidth)
      const shown = getComputedStyle(bg.parentElement as Element).display !== 'none'
      const { x, y, width: tagWidth, height } = bg.getBBox()
      return {
        id: g.dataset.testid ?? '',
        text: shown ? ((g.querySelector('.hand-tag') as SVGTextElement).textContent ?? '') : '',
        tag: shown ? { ctm: ctmOf(bg), box: { x, y, width: tagWidth, height } } : null,
        shaft: {
          ctm: ctmOf(shaft),
          box: { x: -width / 2, y: Math.min(y1, y2), width, height: Math.abs(y2 - y1) },
        },
      }
    }),
  )
  return hands.map((h) => ({
    ...h,
    tag: h.tag ? onScreen(h.tag.ctm, h.tag.box) : null,
    shaft: onScreen(h.shaft.ctm, h.shaft.box),
  }))
}

/** An element's screen matrix (a, b, c, d, e, f), as the page hands it over. */
type Ctm = [number, number, number, number, number, number]

/** A box in an element's own units as four corners on the screen. */
function onScreen(
  [a, b, c, d, e, f]: Ctm,
  box: { x: number; y: number; width: number; height: number },
): Quad {
  return [
    [box.x, box.y],
    [box.x + box.width, box.y],
    [box.x + box.width, box.y + box.height],
    [box.x, box.y + box.height],
  ].map(([x, y]) => [a * (x as number) + c * (y as number) + e, b * (x as number) + d * (y as number) + f])
}

/** Every tag drawn over another hand's shaft or another tag. */
function touchingOf(hands: { id: string; tag: Quad | null; shaft: Quad }[]): string[] {
  const touching: string[] = []
  for (const a of hands) {
    if (!a.tag) continue
    for (const b of hands) {
      if (a === b) continue
      if (overlap(a.tag, b.shaft)) touching.push(`${a.id}'s tag on ${b.id}'s hand`)
      if (b.tag && a.id < b.id && overlap(a.tag, b.tag)) touching.push(`${a.id}'s tag on ${b.id}'s tag`)
    }
  }
  return touching
}

type Quad = [number, number][]

/** Whether two convex quadrilaterals overlap (separating axis test), by more than a hair. */
function overlap(p: Quad, q: Quad): boolean {
  for (const shape of [p, q]) {
    for (let i = 0; i < shape.length; i++) {
      const [x1, y1] = shape[i] as [number, number]
      const [x2, y2] = shape[(i + 1) % shape.length] as [number, number]
      const [nx, ny] = [y1 - y2, x2 - x1]
      const span = (s: Quad) => s.map(([x, y]) => x * nx + y * ny)
      const [sp, sq] = [span(p), span(q)]
      const hair = 0.01 * Math.hypot(nx, ny)
      if (Math.max(...sp) <= Math.min(...sq) + hair || Math.max(...sq) <= Math.min(...sp) + hair) return false
    }
  }
  return true
}
