// The web pages' files (dist/web), read once at start: a server serves the page it started with, even
// while an upgrade replaces the folder under it. A page names its scripts and styles by their content's
// hash (app.js?v=…), so a browser may keep them for good and a new page never runs an old script. The
// clock page carries its own version, which the event stream tells as well (event-hub.ts): a page left
// open on a wall tablet sees when the server now serves another one, and loads it
// (displays/web/follow-upgrade.ts).

import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'

export interface WebFile {
  body: Buffer
  /** Asked for with this `?v=`, the file may be kept for good: that URL never names other bytes. */
  hash?: string
}

export interface WebAssets {
  /** The clock page's version (index.html's, which names every asset by hash); undefined without one. */
  version: string | undefined
  file(name: string): WebFile | undefined
}

/** The meta element of index.html that says the page's version; the page reads it. */
const VERSION_META = 'weasley-version'

const hashOf = (bytes: Buffer | string): string =>
  createHash('sha256').update(bytes).digest('hex').slice(0, 16)

/** Every plain file of the folder; none when it is missing (a server with no page: tests, MagicMirror). */
export function loadWebAssets(webRoot: string): WebAssets {
  const read = new Map<string, Buffer>()
  for (const name of filesIn(webRoot)) {
    // Only plain file names: no directories, no dot files.
    if (!/^[\w.-]+$/.test(name) || name.startsWith('.')) continue
    try {
      const file = path.join(webRoot, name)
      if (statSync(file).isFile()) read.set(name, readFileSync(file))
    } catch {
      // Gone since the folder was listed, or not readable: not served.
    }
  }
  const files = new Map<string, WebFile>()
  for (const [name, body] of read) if (!name.endsWith('.html')) files.set(name, { body, hash: hashOf(body) })
  let version: string | undefined
  for (const [name, body] of read) {
    if (!name.endsWith('.html')) continue
    const page = versionAssets(body.toString('utf8'), files)
    if (name !== 'index.html') {
      files.set(name, { body: Buffer.from(page) })
      continue
    }
    // The hash of the page as served, which names each asset by its hash: a change to any of them changes it.
    version = hashOf(page)
    const meta = new RegExp(`(<meta name="${VERSION_META}" content=")[^"]*"`)
    files.set(name, { body: Buffer.from(page.replace(meta, `$1${version}"`)) })
  }
  return { version, file: (name) => files.get(name) }
}

function filesIn(dir: string): string[] {
  try {
    return readdirSync(dir)
  } catch {
    return []
  }
}

/** `src="app.js"` becomes `src="app.js?v=<hash of app.js>"`, for each file of the folder a page names. */
function versionAssets(html: string, files: ReadonlyMap<string, WebFile>): string {
  return html.replace(/\b(src|href)="([\w.-]+)"/g, (whole, attribute: string, name: string) => {
    const hash = files.get(name)?.hash
    return hash === undefined ? whole : `${attribute}="${name}?v=${hash}"`
  })
}
