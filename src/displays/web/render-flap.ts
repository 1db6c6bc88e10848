// Split-flap board: one row per member, each letter a tile that flips when it changes, like a
// railway departures board. Tiles are kept; only changed letters animate.

import type { ClockView } from '../../core/clock-view.js'
import { graphemes, testId } from './format.js'
import { english, placeText, type Translate, whoIsWhere } from './texts.js'

export interface FlapRenderer {
  render(view: ClockView): void
  element: HTMLDivElement
}

const NAME_WIDTH = 8
const PLACE_WIDTH = 12

function tiles(container: HTMLElement, text: string, width: number): void {
  // One tile per character a reader sees: an emoji is one tile, not two halves of a surrogate pair.
  const letters = graphemes(text.toUpperCase()).slice(0, width)
  while (container.children.length < width) {
    const tile = document.createElement('span')
    tile.className = 'flap-tile'
    // Done flipping: without the class, moving the row (or the next render) cannot replay it.
    tile.addEventListener('animationend', () => tile.classList.remove('flip'))
    container.append(tile)
  }
  for (let i = 0; i < width; i++) {
    const tile = container.children[i] as HTMLElement
    const ch = letters[i] ?? ' '
    if (tile.textContent === ch) continue
    tile.textContent = ch
    // Restart the flip animation on this tile only.
    tile.classList.remove('flip')
    void tile.offsetWidth
    tile.classList.add('flip')
  }
}

export function createFlapRenderer(translate: Translate = english): FlapRenderer {
  const board = document.createElement('div')
  board.className = 'weasley-flap'
  // One picture to a screen reader, named in full, as the clock face is: its tiles would be read letter
  // by letter, names cut to 8 and places to 12.
  board.setAttribute('role', 'img')
  const rows = new Map<string, { row: HTMLDivElement; name: HTMLSpanElement; place: HTMLSpanElement }>()
  return {
    element: board,
    render(view) {
      const seen = new Set<string>()
      // Rows are moved only when out of order: moving an element restarts its animations.
      let previous: Element | null = null
      for (const member of view.members) {
        seen.add(member.id)
        let r = rows.get(member.id)
        if (!r) {
          const row = document.createElement('div')
          row.className = 'flap-row'
          row.dataset.testid = testId('flap', member.id)
          const swatch = document.createElement('span')
          swatch.className = 'flap-swatch'
          const name = document.createElement('span')
          name.className = 'flap-name'
          const place = document.createElement('span')
          place.className = 'flap-place'
          row.append(swatch, name, place)
          r = { row, name, place }
          rows.set(member.id, r)
        }
        const expected: Element | null = previous ? previous.nextElementSibling : board.firstElementChild
        if (expected !== r.row) {
          if (previous) previous.after(r.row)
          else board.prepend(r.row)
        }
        previous = r.row
        ;(r.row.firstChild as HTMLElement).style.background = member.color
        r.row.dataset.place = member.place.toLowerCase()
        r.row.classList.toggle('offline', !member.online)
        tiles(r.name, member.name, NAME_WIDTH)
        tiles(r.place, placeText(translate, member.place), PLACE_WIDTH)
      }
      board.setAttribute('aria-label', whoIsWhere(translate, view.members))
      for (const [id, r] of rows) {
        if (!seen.has(id)) {
          r.row.remove()
          rows.delete(id)
        }
      }
    },
  }
}
