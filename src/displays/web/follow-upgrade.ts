// An open clock page that meets a server serving another version of it loads that one: a wall tablet
// is never reloaded by hand, and would run its old script against an upgraded server for good. The
// server writes the page's version into index.html and tells its own first on every event stream
// (adapters/http/web-assets.ts, event-hub.ts).

/** The version a page says it is; '' when the server wrote none (a page served another way). */
const versionOf = (page: Document): string =>
  (page.querySelector('meta[name="weasley-version"]') as HTMLMetaElement | null)?.content ?? ''
const pageVersion = versionOf(document)
/** The version this tab last reloaded for, kept across the reload. */
const RELOADED_FOR = 'weasley-reloaded-for'
let upgrading = false

/**
 * Reloads when `serverVersion` is another, once the server's page is seen to be that version (a reload
 * to a server gone again would leave the tablet on the browser's error page; one to an old page that a
 * cache in between still hands out would come back to reload again), and once per version in this tab.
 * A reconnect to the same version changes nothing.
 */
export async function followUpgrade(serverVersion: string): Promise<void> {
  if (pageVersion === '' || serverVersion === pageVersion || upgrading) return
  upgrading = true
  try {
    if (sessionStorage.getItem(RELOADED_FOR) === serverVersion) return
    const res = await fetch(location.href, { cache: 'no-store' })
    const served = versionOf(new DOMParser().parseFromString(await res.text(), 'text/html'))
    if (!res.ok || served !== serverVersion) return
    sessionStorage.setItem(RELOADED_FOR, serverVersion)
    location.reload()
  } catch {
    // No answer, or no storage (an old Safari's private window): the next stream tries again.
  } finally {
    upgrading = false
  }
}
