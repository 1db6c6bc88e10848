// Headless Debian Chromium driven by playwright-core (never `playwright install`).

import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { type Browser, chromium, type Page } from 'playwright-core'
import { onTestFinished } from 'vitest'
import { ROOT } from './clock-harness.js'
import { CHROMIUM } from './tools.js'

let shared: Browser | undefined

export async function launchBrowser(): Promise<Browser> {
  shared ??= await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  })
  return shared
}

export async function closeBrowser(): Promise<void> {
  await shared?.close()
  shared = undefined
}

/** `beforeLoad` runs on the page before it loads, e.g. to install a fake clock its timers start on. */
export async function openPage(
  url: string,
  options: { beforeLoad?: (page: Page) => Promise<void> } = {},
): Promise<Page> {
  const browser = await launchBrowser()
  const context = await browser.newContext({ viewport: { width: 900, height: 900 } })
  onTestFinished(() => context.close())
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  onTestFinished(() => {
    if (errors.length > 0) throw new Error(`the page threw: ${errors.join('; ')}`)
  })
  await options.beforeLoad?.(page)
  await page.goto(url)
  return page
}

export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = path.join(ROOT, 'test-results')
  mkdirSync(dir, { recursive: true })
  const file = path.join(dir, `${name}.png`)
  await page.screenshot({ path: file })
  return file
}

/**
 * Sets the page's wall clock (Date.now) this far on, as a device whose clock is put right does; its
 * timers and performance.now() run on undisturbed.
 */
export async function jumpWallClock(page: Page, jumpMs: number): Promise<void> {
  await page.evaluate((ms) => {
    const wallClock = Date.now
    Date.now = () => wallClock() + ms
  }, jumpMs)
}
