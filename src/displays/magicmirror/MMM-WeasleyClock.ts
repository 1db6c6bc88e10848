// The MagicMirror² front end, bundled into a classic script (no ES imports at run time) that calls
// Module.register with a plain object literal. It draws the same face as the web clock.

import { faceRadiusPxOfOldRadius } from '../../core/clock-face.js'
import { type ClockView, DEFAULT_COLOR_CYCLE } from '../../core/clock-view.js'
import { createClockRenderer } from '../web/render-clock.js'
import { createFlapRenderer } from '../web/render-flap.js'
import { createTableRenderer } from '../web/render-table.js'
import type { Translate } from '../web/texts.js'
import {
  ERROR,
  type ErrorPayload,
  INIT,
  type InitPayload,
  MODULE_DEFAULTS,
  STATE,
  type StartingPayload,
  type StatePayload,
  withoutFrontEndKeys,
} from './notifications.js'

interface Renderer {
  element: Element
  /** The clock face's list of names it had no room for on the dial. */
  legend?: HTMLElement
  render(view: ClockView): void
}

interface WeasleyModule extends MagicMirrorModule {
  wrapper?: HTMLDivElement
  renderer?: Renderer
  statusMark?: HTMLSpanElement
  latest?: ClockView
  /**
   * performance.now() when `latest` arrived, to age its "since" texts: not Date.now(), which jumps
   * when the mirror's clock is set (NTP after a boot without network) and aged them by the jump.
   */
  latestAt?: number
  /** Config problems the helper reported; shown in the box, also when they came before it existed. */
  problems?: string[]
  hidden?: boolean
  /** The page lost its socket to MagicMirror's server: no view comes until it is back. */
  disconnected?: boolean
  /** "Winding the clock…" until the clock is drawn. */
  loading?: HTMLDivElement
  /** Runs from each INIT until the helper answers it. */
  awaitingHelper?: ReturnType<typeof setTimeout>
  /** The helper has not answered an INIT in HELPER_ANSWERS_WITHIN_MS: it may have failed to load. */
  unanswered?: boolean
}

/**
 * A loaded helper acknowledges an INIT at once (STARTING); none within this time, and it most likely
 * failed to load (an `npm install` that failed or never ran: its libraries are missing).
 */
const HELPER_ANSWERS_WITHIN_MS = 30_000

const LANGUAGES = ['en', 'de', 'fr', 'es', 'nl'] as const

Module.register('MMM-WeasleyClock', {
  // Old MMM-WeasleyClock keys keep their meaning; people/uniqueId have no defaults here on purpose: the
  // old ones pointed every family at the author's public broker. The old `locations` default is given
  // by the helper to an entry that names no places (MagicMirror would merge it under `places` too).
  defaults: { ...MODULE_DEFAULTS },

  getStyles() {
    return ['MMM-WeasleyClock.css']
  },

  getTranslations() {
    return Object.fromEntries(LANGUAGES.map((lang) => [lang, `translations/${lang}.json`]))
  },

  start(this: WeasleyModule) {
    this.hidden = false
    const payload = { identifier: this.identifier, config: withoutFrontEndKeys(this.config) }
    askHelper(this, payload)
    // MagicMirror's server restarted while this page stayed open: its new helper knows nothing of this
    // instance until told again (a second INIT from a known instance only gets a snapshot). While it is
    // away the mark says so, as the web clock's does: the hands stand still, not because nobody moves.
    let connects = 0
    const socket = this.socket().socket
    socket?.on('connect', () => {
      if (++connects > 1) askHelper(this, payload)
      this.disconnected = false
      showStatus(this)
    })
    socket?.on('disconnect', () => {
      this.disconnected = true
      showStatus(this)
    })
    // The table's "since" texts age even when nothing moves.
    if (this.config.clockStyle === 'table')
      setInterval(() => {
        const { latest, latestAt } = this
        if (latest && latestAt !== undefined && !this.hidden)
          draw(this, { ...latest, nowMs: latest.nowMs + (performance.now() - latestAt) })
      }, 60_000)
  },

  getDom(this: WeasleyModule): HTMLElement {
    // One wrapper for the module's life: MagicMirror calls getDom again on updateDom, and keeping the
    // same elements lets the hands' CSS transitions run.
    if (this.wrapper) return this.wrapper
    const wrapper = document.createElement('div')
    wrapper.className = `weasley-mm style-${String(this.config.clockStyle)}`
    const loading = document.createElement('div')
    loading.className = 'dimmed small'
    loading.dataset.testid = 'loading'
    this.loading = loading
    showWaiting(this)
    const status = document.createElement('span')
    status.className = 'weasley-status xsmall dimmed'
    status.dataset.testid = 'status'
    status.hidden = true
    wrapper.append(loading, status)
    this.wrapper = wrapper
    this.statusMark = status
    showStatus(this)
    // MagicMirror makes the DOM only once every module has started: what the helper said before is shown now.
    if (this.problems) showError(this, this.problems)
    else if (this.latest) draw(this, this.latest)
    return wrapper
  },

  socketNotificationReceived(
    this: WeasleyModule,
    notification: string,
    payload: StartingPayload | StatePayload | ErrorPayload,
  ) {
    if (!payload || payload.identifier !== this.identifier) return
    // Any answer: the helper is there.
    clearTimeout(this.awaitingHelper)
    if (this.unanswered) {
      this.unanswered = false
      showWaiting(this)
    }
    if (notification === ERROR) {
      this.problems = (payload as ErrorPayload).problems
      showError(this, this.problems)
    }
    if (notification === STATE) {
      const { view, moved } = payload as StatePayload
      delete this.problems
      this.latest = view
      this.latestAt = performance.now()
      if (!this.hidden) draw(this, view)
      if (moved) chime(this)
    }
  },

  suspend(this: WeasleyModule) {
    this.hidden = true
  },

  resume(this: WeasleyModule) {
    this.hidden = false
    if (this.latest) draw(this, this.latest)
  },
})

/** Sends the INIT and waits for the helper's answer, which a helper that failed to load never gives. */
function askHelper(module: WeasleyModule, payload: InitPayload): void {
  module.sendSocketNotification(INIT, payload)
  clearTimeout(module.awaitingHelper)
  module.awaitingHelper = setTimeout(() => {
    module.unanswered = true
    showWaiting(module)
  }, HELPER_ANSWERS_WITHIN_MS)
}

/** Before the clock is drawn: winding, or that the helper does not answer (in the status line after). */
function showWaiting(module: WeasleyModule): void {
  if (module.loading)
    module.loading.textContent = module.unanswered
      ? noAnswer(module)
      : module.translate('LOADING', 'Winding the clock…')
  showStatus(module)
}

const noAnswer = (module: WeasleyModule): string =>
  translator(module)(
    'NO_HELPER',
    "No answer from MMM-WeasleyClock's helper (node_helper): run npm install --omit=dev in modules/MMM-WeasleyClock and see MagicMirror's log",
  )

function translator(module: WeasleyModule): Translate {
  return (key, fallback) => {
    const text = module.translate(key)
    return text && text !== key ? text : fallback
  }
}

function draw(module: WeasleyModule, view: ClockView): void {
  const wrapper = module.wrapper
  if (!wrapper) return
  if (!module.renderer) {
    const t = translator(module)
    const style = module.config.clockStyle
    module.renderer =
      style === 'table'
        ? createTableRenderer(t)
        : style === 'flap'
          ? createFlapRenderer(t)
          : createClockRenderer(t)
    const el = module.renderer.element
    if (style === 'table') el.classList.add('small')
    // The old module's `radius`: 85 (its default) gives its 300 px face, and the face grows with it.
    const radius = Number(module.config.radius)
    if (style !== 'table' && style !== 'flap' && radius > 0)
      (el as SVGElement).style.width = `${2 * faceRadiusPxOfOldRadius(radius)}px`
    const legend = module.renderer.legend
    if (legend) legend.classList.add('xsmall')
    wrapper.replaceChildren(el, ...(legend ? [legend] : []), module.statusMark ?? '')
  }
  // Each instance draws by its own display keys (the view is the family's, shared by its instances):
  // its hub, and its colorCycle for the members the config gives no colour of their own.
  const hub = Number(module.config.hubDisplacement)
  const { hubDisplacement: _family, ...shared } = view
  // An instance without a colorCycle of its own has the default one, not the instance's that started
  // the family's clock.
  const own = module.config.colorCycle
  const cycle =
    Array.isArray(own) && own.length > 0 && own.every((c) => typeof c === 'string')
      ? (own as string[])
      : DEFAULT_COLOR_CYCLE
  shared.members = shared.members.map((m, i) =>
    m.ownColor ? m : { ...m, color: cycle[i % cycle.length] || m.color },
  )
  module.renderer.render(hub > 0 ? { ...shared, hubDisplacement: hub } : shared)
  showStatus(module)
}

/**
 * The small mark under the clock: the page cut off from MagicMirror's server, a helper that does not
 * answer, the broker (with why, on a line of its own: nobody hovers over a mirror), offline phones.
 */
function showStatus(module: WeasleyModule): void {
  const mark = module.statusMark
  if (!mark) return
  const t = translator(module)
  const view = module.latest
  const offline = view?.members.filter((m) => !m.online).map((m) => m.name) ?? []
  // Connected but refused the family's subscription (an ACL) is trouble too: up, and hearing nothing.
  const brokerTrouble =
    !module.disconnected &&
    !(module.unanswered && module.renderer) &&
    view &&
    (!view.connection.connected || view.connection.lastError !== undefined)
  const text = module.disconnected
    ? t('RECONNECTING', 'reconnecting…')
    : module.unanswered && module.renderer
      ? noAnswer(module)
      : brokerTrouble
        ? view.connection.connected
          ? t('NOT_RECEIVING', 'not receiving')
          : t('BROKER_OFFLINE', 'broker offline')
        : offline.length > 0
          ? `${t('DEVICE_OFFLINE', 'offline')}: ${offline.join(', ')}`
          : ''
  mark.hidden = text === ''
  mark.textContent = text
  const reason = brokerTrouble ? view?.connection.lastError : undefined
  mark.title = reason ?? ''
  if (reason) {
    const line = document.createElement('span')
    line.className = 'weasley-status-reason'
    line.dataset.testid = 'status-reason'
    line.textContent = reason
    mark.append(line)
  }
}

function showError(module: WeasleyModule, problems: string[]): void {
  const wrapper = module.wrapper
  if (!wrapper) return
  const box = document.createElement('div')
  box.className = 'weasley-error small'
  box.dataset.testid = 'config-error'
  const title = document.createElement('div')
  title.className = 'bright'
  title.textContent = module.translate('CONFIG_ERROR', 'MMM-WeasleyClock: the config needs fixing')
  const list = document.createElement('ul')
  list.className = 'xsmall'
  for (const p of problems) {
    const li = document.createElement('li')
    li.textContent = p
    list.append(li)
  }
  box.append(title, list)
  wrapper.replaceChildren(box)
  delete module.renderer
  Log.error(`MMM-WeasleyClock: ${problems.join('; ')}`)
}

function chime(module: WeasleyModule): void {
  const config = module.config
  if (!config.sounds || config.clockStyle === 'table' || module.hidden) return
  const volume = Number(config.volume)
  const audio = new Audio(module.file(`sounds/${String(config.sound)}`))
  audio.volume = Math.min(1, Math.max(0, volume > 1 ? volume / 100 : volume))
  // Browsers refuse autoplay until the page was interacted with; a silent mirror is not an error.
  audio.play().catch(() => undefined)
}
