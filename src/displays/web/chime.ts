// The chime when a hand moves (the config's `sounds`, `sound` and `volume`), as the MagicMirror module
// plays it: never in table style, never while the page is hidden. Browsers let a page make a sound
// only once it has been touched (their autoplay policy), unless a kiosk's browser is told otherwise
// (Chromium: --autoplay-policy=no-user-gesture-required): until then a button offers the sound.
//
// Below full volume the sound goes through Web Audio, with a gain: iPhones and iPads (the usual wall
// tablet) ignore an audio element's `volume` and play it at full volume, a chime at night included.

import type { ClockStyle, ClockView } from '../../core/clock-view.js'

export interface Chime {
  /**
   * Each view as it comes: a chime when a member's hand moved since the one before, if the view is
   * `live`. A snapshot (the page's first view, a stream's first after it was made again, e.g. when a
   * tablet wakes) only says where everyone is now: hands that moved while the page was out of touch
   * moved minutes or hours ago, and chime nothing.
   */
  show(view: ClockView, style: ClockStyle, live: boolean): void
  /** The page is shown again: sound that was allowed before a tablet locked is asked for again. */
  woken(): void
}

type Sound = NonNullable<ClockView['chime']>

/** Safari before 14.1 (an old iPad) names it webkitAudioContext. */
const AudioContextClass: typeof AudioContext | undefined =
  typeof AudioContext === 'function'
    ? AudioContext
    : (window as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext

export function createChime(offer: HTMLButtonElement): Chime {
  let audio: HTMLAudioElement | undefined
  let sound: string | undefined
  let places: Map<string, string> | undefined
  let context: AudioContext | undefined
  /** The context has run: the page was touched, or the browser allows sound anyway. */
  let unlocked = false
  const buffers = new Map<string, Promise<AudioBuffer>>()

  const playElement = (chime: Sound): void => {
    if (!audio || sound !== chime.sound) {
      // Kept: the browser fetches the file once, not at every move.
      audio = new Audio(`sounds/${encodeURIComponent(chime.sound)}`)
      sound = chime.sound
    }
    audio.volume = Math.min(1, Math.max(0, chime.volume))
    audio.currentTime = 0
    audio.play().then(
      () => {
        offer.hidden = true
      },
      (error: unknown) => {
        // Not touched yet: offered. Any other failure (no such file) stays quiet, as a clock should.
        if (error instanceof DOMException && error.name === 'NotAllowedError') offer.hidden = false
      },
    )
  }

  /** The sound decoded once per file (a failed fetch or decode is tried again at the next move). */
  const bufferOf = (ctx: AudioContext, name: string): Promise<AudioBuffer> => {
    let buffer = buffers.get(name)
    if (!buffer) {
      buffer = fetch(`sounds/${encodeURIComponent(name)}`)
        .then((res) => {
          if (!res.ok) throw new Error(`sounds/${name}: HTTP ${res.status}`)
          return res.arrayBuffer()
        })
        // The callback form: Safari before 14.1 has no promise from decodeAudioData.
        .then(
          (data) => new Promise<AudioBuffer>((resolve, reject) => ctx.decodeAudioData(data, resolve, reject)),
        )
      buffer.catch(() => buffers.delete(name))
      buffers.set(name, buffer)
    }
    return buffer
  }

  const playGained = (ctx: AudioContext, chime: Sound): void => {
    bufferOf(ctx, chime.sound).then(
      (buffer) => {
        const source = ctx.createBufferSource()
        source.buffer = buffer
        const gain = ctx.createGain()
        gain.gain.value = Math.max(0, chime.volume)
        // One connect at a time: older Safari's connect() returns nothing to chain on.
        source.connect(gain)
        gain.connect(ctx.destination)
        // Let go once played: older Safari keeps connected nodes, one pair per chime.
        source.onended = () => {
          source.disconnect()
          gain.disconnect()
        }
        source.start(0)
        unlocked = true
        offer.hidden = true
      },
      () => {
        // No such file, or not a sound the browser can decode: quiet, as a clock should be.
      },
    )
  }

  const play = (chime: Sound): void => {
    if (chime.volume >= 1 || !AudioContextClass) {
      playElement(chime)
      return
    }
    context ??= new AudioContextClass()
    // Suspended until the page is touched (autoplay policy; an iPad always starts so): offered.
    if (context.state !== 'running') {
      offer.hidden = false
      return
    }
    playGained(context, chime)
  }

  let last: ClockView['chime']
  let quiet = false
  offer.addEventListener('click', () => {
    offer.hidden = true
    // The touch allows sound from now on (resume() must be called within it); the chime says so, not
    // where the page has turned into a table.
    const chime = last && !quiet ? last : undefined
    if (context && context.state !== 'running')
      context.resume().then(
        () => chime && play(chime),
        () => {},
      )
    else if (chime) play(chime)
  })

  return {
    woken() {
      // iOS suspends ("interrupted") a context while the tablet is locked. Asked again, not chimed: a
      // refusal leaves the offer to the next move.
      if (context && unlocked && context.state !== 'running') context.resume().catch(() => {})
    },
    show(view, style, live) {
      const before = places
      places = new Map(view.members.map((m) => [m.id, m.place]))
      last = view.chime
      quiet = style === 'table'
      if (!live || !before || !view.chime || quiet || document.hidden) return
      if (view.members.some((m) => before.has(m.id) && before.get(m.id) !== m.place)) play(view.chime)
    },
  }
}
