// The clock face's key to a crowd: where hands at one place fan too tightly for every name tag, the
// names of everyone there, in their hands' colours and in the order the hands fan out.

import { dialLabelOf } from '../../core/clock-face.js'
import type { MemberView } from '../../core/clock-view.js'
import { replaceContent, testId } from './format.js'
import { placeText, type Translate } from './texts.js'

export interface Legend {
  /** A list for the display to set beside the face; hidden while every tag shows. */
  element: HTMLUListElement
  /** Lists everyone at each place where one of `untagged` (member ids) points, places in dial order. */
  show(members: readonly MemberView[], untagged: ReadonlySet<string>, dial: readonly string[]): void
}

export function createLegend(translate: Translate): Legend {
  const element = document.createElement('ul')
  element.className = 'weasley-legend'
  element.dataset.testid = 'legend'
  // The clock's accessible name already says who is where, everyone in full.
  element.setAttribute('aria-hidden', 'true')
  element.hidden = true
  let shownKey = ''

  const entry = (member: MemberView): HTMLSpanElement => {
    const who = document.createElement('span')
    who.className = `legend-member${member.online ? '' : ' offline'}`
    who.dataset.testid = testId('legend-member', member.id)
    const swatch = document.createElement('span')
    swatch.className = 'legend-swatch'
    swatch.style.background = member.color
    who.append(swatch, member.name)
    return who
  }

  return {
    element,
    show(members, untagged, dial) {
      const placeOf = new Map(members.map((m) => [m.id, dialLabelOf(m.place, dial)]))
      const crowded = new Set(members.filter((m) => untagged.has(m.id)).map((m) => placeOf.get(m.id)))
      // In the dial's order; Lost last when the dial has no label for it (its hands point at 12).
      const places = [...dial, ...(dial.includes('Lost') ? [] : ['Lost'])].filter((p) => crowded.has(p))
      const listed = members.filter((m) => crowded.has(placeOf.get(m.id)))
      // Most views change nothing here: the list is rebuilt only when what it says changes.
      const key = JSON.stringify([
        places,
        listed.map((m) => [m.id, m.name, m.color, placeOf.get(m.id), m.online]),
      ])
      if (key === shownKey) return
      shownKey = key
      element.hidden = places.length === 0
      const items = places.map((place) => {
        const item = document.createElement('li')
        item.dataset.testid = testId('legend-place', place)
        const name = document.createElement('span')
        name.className = 'legend-place'
        name.textContent = placeText(translate, place)
        item.append(name)
        for (const member of listed) if (placeOf.get(member.id) === place) item.append(' ', entry(member))
        return item
      })
      replaceContent(element, ...items)
    },
  }
}
