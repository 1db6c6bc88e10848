// Draws the clock face as SVG and keeps one element per hand, so a move only changes its rotation
// and CSS animates it. The dial is rebuilt only when its labels change.

import { dialAngles, handLayout, nextRotation } from '../../core/clock-face.js'
import type { ClockView, MemberView } from '../../core/clock-view.js'
import { testId } from './format.js'
import type { FaceUrl } from './render-table.js'
import { english, placeText, type Translate } from './texts.js'

const SVG = 'http://www.w3.org/2000/svg'
const R = 92
const RESERVED = new Set(['Traveling', 'Lost'])

interface HandElements {
  group: SVGGElement
  shaft: SVGLineElement
  tip: SVGCircleElement
  tagGroup: SVGGElement
  tagBg: SVGRectElement
  tag: SVGTextElement
  face: SVGImageElement
  rotation: number | undefined
}

export interface ClockRenderer {
  render(view: ClockView): void
  element: SVGSVGElement
}

const el = <K extends keyof SVGElementTagNameMap>(
  name: K,
  attrs: Record<string, string | number> = {},
): SVGElementTagNameMap[K] => {
  const node = document.createElementNS(SVG, name)
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v))
  return node
}

export function createClockRenderer(translate: Translate = english, faceUrl?: FaceUrl): ClockRenderer {
  const svg = el('svg', { viewBox: '-100 -100 200 200', class: 'weasley-clock', role: 'img' })
  const dial = el('g', { class: 'dial' })
  const hands = el('g', { class: 'hands' })
  const hub = el('circle', { r: 5, class: 'hub' })
  svg.append(dial, hands, hub)
  const handEls = new Map<string, HandElements>()
  let dialKey = ''

  function drawDial(labels: string[]): void {
    dial.replaceChildren(
      el('circle', { r: R + 4, class: 'dial-face' }),
      el('circle', { r: R - 18, class: 'dial-inner' }),
    )
    const step = 360 / Math.max(1, labels.length)
    for (const [label, angle] of dialAngles(labels)) {
      const rad = ((angle - 90) * Math.PI) / 180
      const text = el('text', {
        x: (R - 8) * Math.cos(rad),
        y: (R - 8) * Math.sin(rad),
        class: `dial-label${RESERVED.has(label) ? ' reserved' : ''}`,
        'data-testid': testId('dial', label),
      })
      // Labels follow the rim, turned so none is upside down.
      const turn = angle > 90 && angle < 270 ? angle + 180 : angle
      text.setAttribute('transform', `rotate(${turn} ${text.getAttribute('x')} ${text.getAttribute('y')})`)
      text.textContent = placeText(translate, label)
      const border = ((angle + step / 2 - 90) * Math.PI) / 180
      dial.append(
        text,
        el('line', {
          x1: (R - 18) * Math.cos(border),
          y1: (R - 18) * Math.sin(border),
          x2: (R + 4) * Math.cos(border),
          y2: (R + 4) * Math.sin(border),
          class: 'dial-tick',
        }),
      )
    }
  }

  function handFor(member: MemberView): HandElements {
    let h = handEls.get(member.id)
    if (h) return h
    const group = el('g', { class: 'hand', 'data-testid': testId('hand', member.id) })
    const shaft = el('line', { x1: 0, y1: 6, x2: 0, y2: -50, class: 'hand-shaft' })
    const tip = el('circle', { r: 2.4, cx: 0, cy: -50, class: 'hand-tip' })
    const tagGroup = el('g')
    const tagBg = el('rect', { rx: 3, ry: 3, height: 8, class: 'hand-tag-bg' })
    const tag = el('text', { class: 'hand-tag' })
    tagGroup.append(tagBg, tag)
    const face = el('image', { width: 11, height: 11, x: -5.5, class: 'hand-face' })
    group.append(shaft, tip, face, tagGroup)
    hands.append(group)
    h = { group, shaft, tip, tagGroup, tagBg, tag, face, rotation: undefined }
    handEls.set(member.id, h)
    return h
  }

  return {
    element: svg,
    render(view) {
      const key = view.dial.join('\u0000')
      if (key !== dialKey) {
        drawDial(view.dial)
        dialKey = key
      }
      const layout = handLayout(view)
      const seen = new Set<string>()
      view.members.forEach((member, i) => {
        const pos = layout[i]
        if (!pos) return
        seen.add(member.id)
        const h = handFor(member)
        const length = R * pos.lengthFactor
        h.shaft.setAttribute('y2', String(-length))
        h.shaft.setAttribute('stroke', member.color)
        h.tip.setAttribute('cy', String(-length))
        h.tip.setAttribute('fill', member.color)
        // The card's face sits on the tip of the hand, when the member has one.
        const faceSrc = member.faceVersion && faceUrl ? faceUrl(member) : ''
        h.face.style.display = faceSrc ? '' : 'none'
        if (faceSrc && h.face.getAttribute('href') !== faceSrc) h.face.setAttribute('href', faceSrc)
        h.face.setAttribute('y', String(-length - 5.5))
        h.tag.textContent = member.name
        const width = Math.max(14, member.name.length * 3.4 + 5)
        h.tagBg.setAttribute('width', String(width))
        h.tagBg.setAttribute('x', String(-width / 2))
        h.tagBg.setAttribute('y', '-4')
        h.tagBg.setAttribute('fill', member.color)
        // A tag runs along its hand, reading from the hub out (rotate -90). On the left half of the dial
        // (angles clockwise from 12, 180° up to 360°) that is right to left, upside down, so there it is
        // turned to read from the tip in. At 0° and 180° alike it then reads bottom to top.
        const readsBackwards = pos.angleDeg >= 180
        h.tagGroup.setAttribute(
          'transform',
          `translate(0 ${-(length - width / 2 - 5)}) rotate(${readsBackwards ? 90 : -90})`,
        )
        h.rotation = nextRotation(h.rotation, pos.angleDeg)
        h.group.style.transform = `rotate(${h.rotation}deg)`
        h.group.classList.toggle('offline', !member.online)
        h.group.dataset.place = member.place.toLowerCase()
        h.group.dataset.angle = String(pos.angleDeg)
        h.group.setAttribute('aria-label', `${member.name}: ${placeText(translate, member.place)}`)
      })
      for (const [id, h] of handEls) {
        if (!seen.has(id)) {
          h.group.remove()
          handEls.delete(id)
        }
      }
    },
  }
}
