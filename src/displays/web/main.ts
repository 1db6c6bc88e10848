// The web clock: one snapshot from /api/state, then live views over Server-Sent Events, drawn in the
// style the config names (the view carries it) unless the address asks for another (?style=table).
// A small status mark says when the clock is out of touch; the stream is made again when EventSource
// gives up (it does for good on a 502 from a proxy while the server restarts) or goes quiet. A page
// that meets a server serving another version of it (upgraded while the tablet stayed on) loads that one.

import type { ClockStyle, ClockView } from '../../core/clock-view.js'
import { createChime } from './chime.js'
import { followUpgrade } from './follow-upgrade.js'
import { replaceContent } from './format.js'
import { createClockRenderer } from './render-clock.js'
import { createFlapRenderer } from './render-flap.js'
import { createTableRenderer, webFaceUrl } from './render-table.js'

interface Renderer {
  element: HTMLElement | SVGSVGElement
  /** The clock face's list of names it had no room for on the dial. */
  legend?: HTMLElement
  render(view: ClockView): void
}

const STYLES: readonly ClockStyle[] = ['clock', 'table', 'flap']
const main = document.getElementById('clock') as HTMLElement
const status = document.getElementById('status') as HTMLElement
const asked = new URLSearchParams(location.search).get('style')
/** ?style= wins over the config: one tablet can show the table while the others show hands. */
const styleAsked = STYLES.find((s) => s === asked)
const soundOffer = document.createElement('button')
soundOffer.type = 'button'
soundOffer.className = 'sound-offer'
soundOffer.dataset.testid = 'sound-offer'
soundOffer.textContent = 'Tap for the chime'
soundOffer.hidden = true
document.body.append(soundOffer)
const chime = createChime(soundOffer)
let renderer: Renderer | undefined
let rendererStyle: ClockStyle | undefined
let streamDown = false
let latest: ClockView | undefined
/**
 * performance.now() when `latest` arrived. Time passing on the page is measured with it, never with
 * Date.now(): a tablet's clock can jump (set by hand, or by the network after a wake), and "since"
 * texts then aged by the jump, and a jump forward made a live stream look silent for hours.
 */
let latestAt = 0

function show(view: ClockView, live: boolean): void {
  latest = view
  latestAt = performance.now()
  // Made when the first view says which style: a clock restarted with another style is followed.
  const style = styleAsked ?? view.style
  if (!renderer || style !== rendererStyle) {
    renderer =
      style === 'table'
        ? createTableRenderer(undefined, webFaceUrl)
        : style === 'flap'
          ? createFlapRenderer()
          : createClockRenderer(undefined, webFaceUrl)
    rendererStyle = style
    replaceContent(main, renderer.element, ...(renderer.legend ? [renderer.legend] : []))
  }
  // The config's radius sizes the face; a smaller screen still gets all of it.
  if (style === 'clock')
    renderer.element.style.width = view.radiusPx ? `min(${view.radiusPx * 2}px, 96vmin, 100%)` : ''
  renderer.render(view)
  fitLegend()
  updateStatus()
  chime.show(view, style, live)
}

/**
 * Below the face, the legend's height (its padding included) comes off the face's (page.css), so both
 * fit the screen; and the status mark makes way for it.
 */
function fitLegend(): void {
  const legend = renderer?.legend
  const shown = legend !== undefined && !legend.hidden
  main.classList.toggle('has-legend', shown)
  main.style.setProperty(
    '--legend-height',
    `${shown ? Math.ceil(legend.getBoundingClientRect().height) : 0}px`,
  )
}

function updateStatus(): void {
  let text = ''
  let kind = ''
  if (streamDown) {
    text = 'reconnecting…'
    kind = 'reconnecting'
  } else if (latest && (!latest.connection.connected || latest.connection.lastError !== undefined)) {
    // Connected but refused the family's subscription (an ACL): up, and hearing nothing.
    text = latest.connection.connected ? 'not receiving' : 'broker offline'
    kind = 'broker'
  }
  // Written only when it changes: screen readers announce the live region at every write.
  if (status.textContent !== text) status.textContent = text
  status.hidden = text === ''
  status.dataset.kind = kind
  status.dataset.testid = 'status'
  status.title = kind === 'broker' ? (latest?.connection.lastError ?? '') : ''
}

const SILENT_STREAM_MS = 60_000
/** The server pings every 25 s: shown again after longer without a word, the stream is made anew. */
const WOKEN_SILENCE_MS = 30_000
const RETRY_MAX_MS = 60_000
let events: EventSource | undefined
let heardAt = performance.now()
/** Date.now() at the last word from the server: unlike performance.now(), it runs on while a tablet sleeps. */
let heardAtWall = Date.now()
let retryMs = 2_000
let retryTimer: ReturnType<typeof setTimeout> | undefined

function connect(): void {
  heard()
  const stream = new EventSource('api/events')
  events = stream
  // A stream's first view is a snapshot; EventSource makes its connection again by itself too.
  let snapshot = true
  stream.addEventListener('open', () => {
    snapshot = true
  })
  stream.addEventListener('state', (e) => {
    heard()
    retryMs = 2_000
    streamDown = false
    show(JSON.parse((e as MessageEvent<string>).data) as ClockView, !snapshot)
    snapshot = false
  })
  stream.addEventListener('version', (e) => void followUpgrade((e as MessageEvent<string>).data))
  stream.addEventListener('ping', (e) => {
    heard()
    // The server's time now: "since" texts age from it, as performance.now() stands still while some
    // tablets sleep.
    const serverNow = Number((e as MessageEvent<string>).data)
    if (latest && serverNow > 0) {
      latest = { ...latest, nowMs: serverNow }
      latestAt = heardAt
      // At once: after a sleep the ages shown are off by the time slept, not by a minute.
      age()
    }
  })
  stream.addEventListener('error', () => {
    streamDown = true
    updateStatus()
    // CLOSED: EventSource will not try again by itself (a non-200 answer, such as a proxy's 502).
    if (stream.readyState === EventSource.CLOSED) reconnect()
  })
}

/**
 * "since" texts age even when nothing moves: by the server's clock, plus the time since its view came
 * (or its last ping); each minute, at each ping, and at once when the page is shown again.
 */
function age(): void {
  if (latest && rendererStyle === 'table' && !document.hidden)
    renderer?.render({ ...latest, nowMs: latest.nowMs + (performance.now() - latestAt) })
}

function heard(): void {
  heardAt = performance.now()
  heardAtWall = Date.now()
}

/**
 * Shown again (a tablet woken): a stream that has missed a ping while the page slept is made again at
 * once; it may be half-open, and the silence check, timed by performance.now(), which stood still, would
 * take a minute to notice. A stream made again for nothing costs one request.
 */
function woken(): void {
  if (document.hidden) return
  chime.woken()
  const open = events !== undefined && events.readyState === EventSource.OPEN
  if (!open || Date.now() - heardAtWall > WOKEN_SILENCE_MS) {
    if (retryTimer !== undefined) clearTimeout(retryTimer)
    retryTimer = undefined
    retryMs = 2_000
    events?.close()
    connect()
  }
  age()
}

/** A new stream after a pause that doubles up to a minute, so a restarting server is not flooded. */
function reconnect(): void {
  if (retryTimer !== undefined) return
  events?.close()
  streamDown = true
  updateStatus()
  retryTimer = setTimeout(() => {
    retryTimer = undefined
    connect()
  }, retryMs)
  retryMs = Math.min(retryMs * 2, RETRY_MAX_MS)
}

async function start(): Promise<void> {
  try {
    const res = await fetch('api/state', { cache: 'no-store' })
    if (res.ok) show((await res.json()) as ClockView, false)
  } catch {
    streamDown = true
    updateStatus()
  }
  connect()
  // The server pings every 25 s: a stream silent for longer than this is dead (a dropped network
  // that TCP has not noticed yet) and is made again.
  setInterval(() => {
    if (performance.now() - heardAt > SILENT_STREAM_MS) reconnect()
  }, 10_000)
  setInterval(age, 60_000)
  window.addEventListener('resize', fitLegend)
  document.addEventListener('visibilitychange', woken)
}

void start()
