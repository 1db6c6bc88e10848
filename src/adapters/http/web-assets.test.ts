// The web pages' files as the server sends them: each script and style named by its content's hash and
// kept for good under that name, the pages asked again each time, and the clock page's version told to
// every event stream, so a page left open can tell that the server now serves another.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { emptyApi as api } from '../../../test/support/http-api.js'
import { startHttpServer } from './http-server.js'

const PAGES = path.resolve(import.meta.dirname, '..', '..', 'displays', 'web')
const KEEP_FOR_GOOD = 'public, max-age=31536000, immutable'

/** A web folder with the real pages (src/displays/web) and the scripts given. */
function webFolder(scripts: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'weasley-web-'))
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
  for (const page of ['index.html', 'setup.html'])
    writeFileSync(path.join(dir, page), readFileSync(path.join(PAGES, page)))
  for (const [name, text] of Object.entries(scripts)) writeFileSync(path.join(dir, name), text)
  return dir
}

const BUILT = {
  'app.js': 'document.title = "clock"\n',
  'app.css': 'body{color:red}\n',
  'setup.js': 'void 0\n',
}

async function serve(webRoot: string) {
  const server = await startHttpServer({ host: '127.0.0.1', port: 0, webRoot, api })
  onTestFinished(() => server.close())
  return server
}

/** The URLs a page names its script and its stylesheet by. */
async function assetsOf(pageUrl: string) {
  const html = await (await fetch(pageUrl)).text()
  return {
    script: /<script type="module" src="([^"]+)"/.exec(html)?.[1],
    style: /<link rel="stylesheet" href="([^"]+)"/.exec(html)?.[1],
    version: /<meta name="weasley-version" content="([^"]*)"/.exec(html)?.[1],
  }
}

/** What an event stream says before its first view. */
async function streamOpening(url: string): Promise<string> {
  const res = await fetch(`${url}api/events`)
  const reader = (res.body as ReadableStream<Uint8Array>).getReader()
  let text = ''
  while (!text.includes('event: state')) text += new TextDecoder().decode((await reader.read()).value)
  await reader.cancel()
  return text.slice(0, text.indexOf('event: state'))
}

describe('web page files', () => {
  it('names each page’s script and style by their hash, keeps those for good and asks again for the pages', async () => {
    const server = await serve(webFolder(BUILT))
    const clock = await fetch(server.url)
    expect(clock.headers.get('cache-control')).toBe('no-cache')
    const { script, style, version } = await assetsOf(server.url)
    expect(script).toMatch(/^app\.js\?v=[0-9a-f]{16}$/)
    expect(style).toMatch(/^app\.css\?v=[0-9a-f]{16}$/)
    expect(version).toBe(server.version)
    expect(version).toMatch(/^[0-9a-f]{16}$/)
    for (const asset of [script, style]) {
      const res = await fetch(`${server.url}${asset}`)
      expect([res.status, res.headers.get('cache-control')]).toEqual([200, KEEP_FOR_GOOD])
    }
    expect(await (await fetch(`${server.url}${script}`)).text()).toBe(BUILT['app.js'])

    const setup = await fetch(`${server.url}setup`)
    expect(setup.headers.get('cache-control')).toBe('no-cache')
    const setupScript = /<script type="module" src="([^"]+)"/.exec(await setup.text())?.[1]
    expect(setupScript).toMatch(/^setup\.js\?v=[0-9a-f]{16}$/)
    expect((await fetch(`${server.url}${setupScript}`)).headers.get('cache-control')).toBe(KEEP_FOR_GOOD)

    // By a name without its hash, or with another (an old page's), a file is asked again each time.
    for (const asset of ['app.js', 'app.js?v=0123456789abcdef']) {
      const res = await fetch(`${server.url}${asset}`)
      expect([res.status, res.headers.get('cache-control')]).toEqual([200, 'no-cache'])
    }
  })

  it('gives the page another version and its script another name when the script changes, and tells the version to every stream', async () => {
    const before = await serve(webFolder(BUILT))
    const after = await serve(webFolder({ ...BUILT, 'app.js': 'document.title = "upgraded clock"\n' }))
    const [old, upgraded] = [await assetsOf(before.url), await assetsOf(after.url)]
    expect(upgraded.script).not.toBe(old.script)
    expect(upgraded.style).toBe(old.style)
    expect(upgraded.version).not.toBe(old.version)
    expect(await streamOpening(after.url)).toBe(`retry: 2000\n\nevent: version\ndata: ${after.version}\n\n`)
  })

  it('serves the files it started with while an upgrade replaces them under it', async () => {
    const dir = webFolder(BUILT)
    const server = await serve(dir)
    const { script } = await assetsOf(server.url)
    writeFileSync(path.join(dir, 'app.js'), 'document.title = "new"\n')
    const res = await fetch(`${server.url}${script}`)
    // The URL kept for good never names other bytes.
    expect(await res.text()).toBe(BUILT['app.js'])
    expect((await assetsOf(server.url)).script).toBe(script)
  })

  it('tells no version, and serves nothing, with no web folder', async () => {
    const server = await serve(path.join(tmpdir(), 'weasley-no-such-folder'))
    expect(server.version).toBeUndefined()
    expect((await fetch(server.url)).status).toBe(404)
    expect(await streamOpening(server.url)).toBe('retry: 2000\n\n')
  })
})
