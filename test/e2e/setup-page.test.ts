// The setup page in Chromium: the admin token opens it, a member's code appears as a QR code with the
// owntracks:///config link, and the API refuses a wrong token.

import { X509Certificate } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { closeBrowser, openPage, screenshot } from '../support/browser.js'
import { BASE_CONFIG, FAMILY, startTestClock } from '../support/clock-harness.js'
import { requireTool } from '../support/tools.js'

describe.skipIf(!requireTool('chromium'))('setup page', () => {
  afterAll(() => closeBrowser())

  it('shows a member’s one-scan code after the admin token, and refuses a wrong token', async () => {
    const members = [
      { name: 'Ginny', devices: ['ginny'] },
      ...BASE_CONFIG.members.filter((m) => m.name !== 'Ginny'),
    ]
    const t = await startTestClock({ extra: { members } })
    const token = t.clock.newAdminToken
    expect(token).toMatch(/^[\w-]{20,}$/)

    const refused = await fetch(`${t.clock.httpUrl}api/admin/members`, {
      headers: { authorization: 'Bearer wrong' },
    })
    expect(refused.status).toBe(401)
    // The setup page cannot be framed by another site; the clock itself can (a dashboard's frame).
    expect((await fetch(`${t.clock.httpUrl}setup`)).headers.get('x-frame-options')).toBe('DENY')
    expect((await fetch(t.clock.httpUrl)).headers.get('x-frame-options')).toBeNull()
    const ca = await fetch(`${t.clock.httpUrl}ca.crt`)
    expect(await ca.text()).toContain('BEGIN CERTIFICATE')
    expect(ca.headers.get('x-content-type-options')).toBe('nosniff')

    const page = await openPage(`${t.clock.httpUrl}setup`)
    // A wrong token is said beside the form (the steps' status line is hidden until they open).
    await page.fill('#token', 'wrong')
    await page.click('#login button')
    await page.waitForFunction(
      () => document.querySelector('[data-testid="login-message"]')?.textContent !== '',
    )
    expect(await page.getByTestId('login-message').textContent()).toBe('admin token missing or wrong')
    expect(await page.getByTestId('login-message').isVisible()).toBe(true)
    await page.fill('#token', token ?? '')
    await page.click('#login button')
    await page.waitForSelector('[data-testid="setup-ginny"]')
    expect(await page.getByTestId('login-message').textContent()).toBe('')
    // Once in: the CA's fingerprint, as the phone shows it in the certificate's details, to compare.
    const fingerprint = new X509Certificate(readFileSync(t.caFile)).fingerprint256
    await page.waitForFunction(
      (expected) => document.getElementById('ca-fingerprint')?.textContent === expected,
      fingerprint,
    )
    expect(await page.locator('#ca-fingerprint-note').isVisible()).toBe(true)
    await page.locator('[data-testid="setup-ginny"] button', { hasText: 'Show code' }).click()
    await page.waitForSelector('#qr-code svg')
    const href = (await page.locator('#qr-link').getAttribute('href')) ?? ''
    expect(href).toMatch(/^owntracks:\/\/\/config\?inline=/)
    const inline = decodeURIComponent(href.slice('owntracks:///config?inline='.length))
    const shown = JSON.parse(Buffer.from(inline, 'base64').toString('utf8')) as { port: number }
    // The port the broker listens on (this test's config asks for any free one), not 8883.
    expect(shown.port).toBe(t.clock.broker.kind === 'embedded' ? t.clock.broker.mqttsPort : -1)
    expect(await page.locator('#message').textContent()).toContain('new password')
    // Where the code sends the phone, and why it may not get there, shown with the code.
    expect(await page.getByTestId('qr-target').textContent()).toBe(
      `The phone will connect to ${(shown as { host?: string }).host}, port ${shown.port}, with TLS, as ginny.`,
    )
    const warnings = await page.locator('[data-testid="qr-warnings"] .warning').allTextContents()
    expect(warnings).toEqual([
      expect.stringMatching(
        /^broker\.publicHosts is empty, so the phone is given this machine's name, "[^"]+"/,
      ),
      expect.stringMatching(
        new RegExp(
          `^broker\\.mqttsPort is 0 \\(a free port picked at each start\\): port ${shown.port} in this code stops working`,
        ),
      ),
    ])
    await page.locator('[data-testid="setup-ginny"] button', { hasText: 'Send places' }).click()
    await page.waitForFunction(() =>
      document.getElementById('message')?.textContent?.startsWith('Places sent'),
    )
    await screenshot(page, 'setup-page')
  })

  it('lists the messages the clock turned away, with why, and takes them again', async () => {
    const t = await startTestClock()
    const ron = await t.phone('ron')
    // A payload the clock cannot read: the broker takes it, the clock refuses it.
    await ron.publishAsync(`owntracks/${FAMILY}/ron`, '{"_type":"location","lat":', { qos: 1 })
    const page = await openPage(`${t.clock.httpUrl}setup`)
    await page.fill('#token', t.clock.newAdminToken ?? '')
    await page.click('#login button')
    const rows = page.getByTestId('rejected').locator('tr')
    await rows.first().waitFor()
    expect(await rows.allTextContents()).toEqual([
      expect.stringMatching(new RegExp(`owntracks/${FAMILY}/ron.*is not JSON`)),
    ])
    // The page lists them again once the replay is done: a row of the list before is gone then.
    await page.evaluate(() =>
      document
        .querySelector('[data-testid="rejected"] tbody')
        ?.insertAdjacentHTML('beforeend', '<tr id="listed-before"><td>-</td></tr>'),
    )
    expect(await page.locator('#listed-before').count()).toBe(1)
    await page.click('#replay')
    await page.waitForSelector('#listed-before', { state: 'detached' })
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="replay-message"]')?.textContent?.startsWith('Replayed'),
    )
    expect(await page.getByTestId('replay-message').textContent()).toBe(
      'Replayed 1 rejected message(s): 0 accepted, 1 rejected again (not-json 1); no hand moved.',
    )
    // Refused again, it stays listed, once, for the next fix.
    expect(await rows.allTextContents()).toEqual([expect.stringContaining('is not JSON')])
    await screenshot(page, 'setup-rejected')
  })
})
