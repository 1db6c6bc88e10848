// Table mode: who / where / since / battery. Rows are kept and updated in place.

import type { ClockView, MemberView } from '../../core/clock-view.js'
import { lastHeard, relativeTime, testId } from './format.js'
import { english, placeText, type Translate } from './texts.js'

interface Row {
  tr: HTMLTableRowElement
  who: HTMLTableCellElement
  swatch: HTMLSpanElement
  face: HTMLImageElement
  name: Text
  where: HTMLTableCellElement
  since: HTMLTableCellElement
  battery: HTMLTableCellElement
}

export interface TableRenderer {
  render(view: ClockView): void
  element: HTMLTableElement
}

const cell = (tr: HTMLTableRowElement, className: string): HTMLTableCellElement => {
  const td = tr.insertCell()
  td.className = className
  return td
}

/** Where a member's card face is served; MagicMirror has no such URL and passes undefined. */
export type FaceUrl = ((member: MemberView) => string) | undefined

export const webFaceUrl: FaceUrl = (member) =>
  `api/face?member=${encodeURIComponent(member.id)}&v=${member.faceVersion ?? ''}`

function showFace(img: HTMLImageElement, member: MemberView, faceUrl: FaceUrl): void {
  const src = member.faceVersion && faceUrl ? faceUrl(member) : ''
  img.hidden = src === ''
  if (src !== '' && img.getAttribute('src') !== src) img.src = src
}

export function createTableRenderer(translate: Translate = english, faceUrl?: FaceUrl): TableRenderer {
  const table = document.createElement('table')
  table.className = 'weasley-table'
  const head = table.createTHead().insertRow()
  for (const title of ['Who', 'Where', 'Since', 'Battery']) {
    const th = document.createElement('th')
    th.textContent = translate(title.toUpperCase(), title)
    head.append(th)
  }
  const body = table.createTBody()
  const rows = new Map<string, Row>()

  const rowFor = (member: MemberView): Row => {
    let row = rows.get(member.id)
    if (row) return row
    const tr = body.insertRow()
    tr.dataset.testid = testId('row', member.id)
    const who = cell(tr, 'who')
    const swatch = document.createElement('span')
    swatch.className = 'swatch'
    const name = document.createTextNode('')
    const face = document.createElement('img')
    face.className = 'face'
    face.alt = ''
    face.hidden = true
    who.append(swatch, face, name)
    const where = cell(tr, 'where')
    where.dataset.testid = testId('place', member.id)
    row = { tr, who, swatch, face, name, where, since: cell(tr, 'since'), battery: cell(tr, 'battery') }
    rows.set(member.id, row)
    return row
  }

  return {
    element: table,
    render(view) {
      const seen = new Set<string>()
      for (const member of view.members) {
        seen.add(member.id)
        const row = rowFor(member)
        body.append(row.tr) // keeps the configured order
        row.swatch.style.background = member.color
        showFace(row.face, member, faceUrl)
        row.name.data = member.name
        row.where.textContent = placeText(translate, member.place)
        row.since.textContent = relativeTime(member.sinceMs, view.nowMs, translate)
        row.battery.textContent = member.batteryPercent === undefined ? '' : `${member.batteryPercent} %`
        row.tr.classList.toggle('offline', !member.online)
        row.tr.title = lastHeard(member.lastSeenMs, view.nowMs, translate)
      }
      for (const [id, row] of rows) {
        if (!seen.has(id)) {
          row.tr.remove()
          rows.delete(id)
        }
      }
    },
  }
}
