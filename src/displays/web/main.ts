// The web clock: one snapshot from /api/state, then live views over Server-Sent Events.
// EventSource reconnects by itself; a small status mark says when the clock is out of touch.

import type { ClockView } from '../../core/clock-view.js'
import { createClockRenderer } from './render-clock.js'
import { createFlapRenderer } from './render-flap.js'
import { createTableRenderer, webFaceUrl } from './render-table.js'

type Style = 'clock' | 'table' | 'flap'

const main = document.getElementById('clock') as HTMLElement
const status = document.getElementById('status') as HTMLElement
const requested = new URLSearchParams(location.search).get('style')
const style: Style = requested === 'table' || requested === 'flap' ? requested : 'clock'
const renderer =
  style === 'table'
    ? createTableRenderer(undefined, webFaceUrl)
    : style === 'flap'
      ? createFlapRenderer()
      : createClockRenderer(undefined, webFaceUrl)
let streamDown = false
let latest: ClockView | undefined
/** Server clock minus ours, so "since" texts age correctly between updates. */
let skewMs = 0

function show(view: ClockView): void {
  latest = view
  skewMs = view.nowMs - Date.now()
  if (!main.contains(renderer.element)) main.replaceChildren(renderer.element)
  renderer.render(view)
  updateStatus()
}

function updateStatus(): void {
  let text = ''
  let kind = ''
  if (streamDown) {
    text = 'reconnecting…'
    kind = 'reconnecting'
  } else if (latest && !latest.connection.connected) {
    text = 'broker offline'
    kind = 'broker'
  }
  status.hidden = text === ''
  status.textContent = text
  status.dataset.kind = kind
  status.dataset.testid = 'status'
  status.title = kind === 'broker' ? (latest?.connection.lastError ?? '') : ''
}

async function start(): Promise<void> {
  try {
    const res = await fetch('api/state', { cache: 'no-store' })
    if (res.ok) show((await res.json()) as ClockView)
  } catch {
    streamDown = true
    updateStatus()
  }
  const events = new EventSource('api/events')
  events.addEventListener('state', (e) => {
    streamDown = false
    show(JSON.parse((e as MessageEvent<string>).data) as ClockView)
  })
  events.addEventListener('error', () => {
    streamDown = true
    updateStatus()
  })
  // "since" texts age even when nothing moves.
  setInterval(() => {
    if (latest && style === 'table' && !document.hidden)
      renderer.render({ ...latest, nowMs: Date.now() + skewMs })
  }, 60_000)
}

void start()
