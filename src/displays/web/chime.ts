// The chime when a hand moves (the config's `sounds`, `sound` and `volume`), as the MagicMirror module
// plays it: never in table style, never while the page is hidden. Browsers let a page make a sound
// only once it has been touched (their autoplay policy), unless a kiosk's browser is told otherwise
// (Chromium: --autoplay-policy=no-user-gesture-required): until then a button offers the sound.

import type { ClockStyle, ClockView } from '../../core/clock-view.js'

export interface Chime {
  /**
   * Each view as it comes: a chime when a member's hand moved since the one before, if the view is
   * `live`. A snapshot (the page's first view, a stream's first after it was made again, e.g. when a
   * tablet wakes) only says where everyone is now: hands that moved while the page was out of touch
   * moved minutes or hours ago, and chime nothing.
   */
  show(view: ClockView, style: ClockStyle, live: boolean): void
}

export function createChime(offer: HTMLButtonElement): Chime {
  let audio: HTMLAudioElement | undefined
  let sound: string | undefined
  let places: Map<string, string> | undefined

  const play = (chime: NonNullable<ClockView['chime']>): void => {
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

  let last: ClockView['chime']
  let quiet = false
  offer.addEventListener('click', () => {
    offer.hidden = true
    // The touch allows sound from now on; the chime says so (not where the page has turned into a table).
    if (last && !quiet) play(last)
  })

  return {
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
