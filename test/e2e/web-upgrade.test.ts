// A page left open on a wall tablet while the clock is upgraded, in real headless Chromium: it loads the
// new page when the restarted clock serves another version of it, and stays as it is when the clock
// only restarted.

import { copyFileSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { aLocation } from '../builders.js'
import { closeBrowser, openPage } from '../support/browser.js'
import { FAMILY, json, startTestClock, type TestClock, tempDir, WEB_ROOT } from '../support/clock-harness.js'
import { freePort } from '../support/mosquitto.js'
import { requireTool } from '../support/tools.js'

const HOME = { lat: 50.7376, lon: -3.2783 }

/** A copy of the built page (dist/web), with the files given changed as a new build would. */
function webFolder(change: (dir: string) => void = () => {}): string {
  const dir = tempDir('weasley-web-')
  for (const name of readdirSync(WEB_ROOT)) copyFileSync(path.join(WEB_ROOT, name), path.join(dir, name))
  change(dir)
  return dir
}

/** The version a page says it is (the server writes it into index.html). */
const versionOf = (page: Page) =>
  page.evaluate(() => document.querySelector<HTMLMetaElement>('meta[name="weasley-version"]')?.content)

/** The version and script the clock serves its page with now. */
async function servedPage(t: TestClock) {
  const html = await (await fetch(t.clock.httpUrl)).text()
  return {
    version: /<meta name="weasley-version" content="([^"]*)"/.exec(html)?.[1],
    script: /<script type="module" src="([^"]+)"/.exec(html)?.[1],
  }
}

const liveStreams = async (t: TestClock) =>
  ((await (await fetch(`${t.clock.httpUrl}api/stats`)).json()) as { liveWebClients: number }).liveWebClients

describe.skipIf(!requireTool('chromium'))('web clock left open across a clock upgrade', () => {
  afterAll(() => closeBrowser())

  it('reloads itself when the restarted clock serves a new version of the page', async () => {
    const t = await startTestClock({ httpPort: await freePort(), start: { webRoot: webFolder() } })
    const page = await openPage(t.clock.httpUrl)
    await page.getByTestId('hand-ginny').waitFor()
    const loadedAs = await versionOf(page)
    expect(loadedAs).toBe((await servedPage(t)).version)

    const reloaded = page.waitForEvent('load', { timeout: 30_000 })
    const upgraded = webFolder((dir) =>
      writeFileSync(path.join(dir, 'app.js'), '\n// a new build\n', { flag: 'a' }),
    )
    await t.restart({ webRoot: upgraded })
    await reloaded

    const served = await servedPage(t)
    expect(served.version).not.toBe(loadedAs)
    expect(await versionOf(page)).toBe(served.version)
    expect(await page.locator('script[type="module"]').getAttribute('src')).toBe(served.script)
    await page.getByTestId('hand-ginny').waitFor()
  })

  it('stays the page it is on a reconnect to a clock serving the same version', async () => {
    const t = await startTestClock({ httpPort: await freePort() })
    const page = await openPage(t.clock.httpUrl)
    await page.getByTestId('hand-ginny').waitFor()
    let loads = 0
    page.on('load', () => loads++)
    await page.evaluate(() => {
      ;(window as { openedBefore?: boolean }).openedBefore = true
    })

    await t.restart()
    // The page's new stream is open: it has been told the clock's version.
    await vi.waitFor(async () => expect(await liveStreams(t)).toBe(1), { timeout: 20_000, interval: 50 })
    // A move after the reconnect reaches the page that was open before it.
    const ginny = await t.phone('ginny')
    await ginny.publishAsync(
      `owntracks/${FAMILY}/ginny`,
      json(aLocation({ ...HOME, tst: Math.floor(Date.now() / 1000) })),
      {
        qos: 1,
      },
    )
    await page.waitForSelector('[data-testid="hand-ginny"][data-place="home"]', { timeout: 10_000 })
    expect(await page.evaluate(() => (window as { openedBefore?: boolean }).openedBefore)).toBe(true)
    expect(loads).toBe(0)
  })
})
