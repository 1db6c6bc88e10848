// Draws the clock face as SVG and keeps one element per hand, so a move only changes its rotation
// and CSS animates it. The dial is rebuilt only when its labels change (or could not be measured yet).

import {
  dialAngles,
  FACE,
  fitTags,
  handLayout,
  nextRotation,
  OLD_MODULE_FACE,
  type TagHand,
} from '../../core/clock-face.js'
import type { ClockView, MemberView } from '../../core/clock-view.js'
import { cut, fitLabel, mostThatFit } from './fit-text.js'
import { graphemes, replaceContent, testId } from './format.js'
import { createLegend } from './render-legend.js'
import type { FaceUrl } from './render-table.js'
import { english, placeText, type Translate, whoIsWhere } from './texts.js'

const SVG = 'http://www.w3.org/2000/svg'
const R = FACE.radius
const HUB_RADIUS = FACE.hubRadius
/** How far from upright a place's tags still read bottom to top, like those at 12 or 6 o'clock. */
const UPRIGHT_BAND_DEG = 20
/**
 * The old MMM-WeasleyClock's dial radius in its own units, in which its `hubDisplacement` (the gap
 * between the centre and where each hand starts) is given.
 */
const OLD_DIAL_RADIUS = OLD_MODULE_FACE.radius
/** A name tag's room on its hand: from just outside the hub to this far short of the tip. */
const TAG_CLEAR_OF_HUB = FACE.tagClearOfHub
const TAG_SHORT_OF_TIP = FACE.tagShortOfTip
const TAG_MIN_WIDTH = 14
/** The tag's background is this much wider than its text. */
const TAG_PADDING = 5
/** A tag character's width in user units at the tag's 5.2px bold, for when the browser cannot measure. */
const ESTIMATED_CHAR_WIDTH = 3.4
const RESERVED = new Set(['Traveling', 'Lost'])

interface HandElements {
  group: SVGGElement
  shaft: SVGLineElement
  tip: SVGCircleElement
  tagGroup: SVGGElement
  tagBg: SVGRectElement
  tag: SVGTextElement
  /** The name and room the tag was last fitted to by measuring, and its text's width then. */
  fitted: { name: string; room: number; width: number } | undefined
  face: SVGImageElement
  rotation: number | undefined
}

export interface ClockRenderer {
  render(view: ClockView): void
  element: SVGSVGElement
  /**
   * Who is at a place where a crowd left some hand without a name tag: their names, in their hands'
   * colours, for the display to set beside the face. Empty and hidden while every tag shows.
   */
  legend: HTMLUListElement
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
  const hub = el('circle', { r: HUB_RADIUS, class: 'hub' })
  svg.append(dial, hands, hub)
  const handEls = new Map<string, HandElements>()
  const legend = createLegend(translate)
  let dialKey = ''
  let dialMeasured = false

  /** Draws the dial; false when the browser could not measure its labels yet. */
  function drawDial(labels: string[]): boolean {
    replaceContent(
      dial,
      el('circle', { r: R + 4, class: 'dial-face' }),
      el('circle', { r: R - 18, class: 'dial-inner' }),
    )
    const step = 360 / Math.max(1, labels.length)
    let measured = true
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
      dial.append(text)
      measured = fitLabel(text, placeText(translate, label), labelRoom(step)) && measured
      const border = ((angle + step / 2 - 90) * Math.PI) / 180
      dial.append(
        el('line', {
          x1: (R - 18) * Math.cos(border),
          y1: (R - 18) * Math.sin(border),
          x2: (R + 4) * Math.cos(border),
          y2: (R + 4) * Math.sin(border),
          class: 'dial-tick',
        }),
      )
    }
    return measured
  }

  function handFor(member: MemberView): HandElements {
    let h = handEls.get(member.id)
    if (h) return h
    const group = el('g', { class: 'hand', 'data-testid': testId('hand', member.id) })
    const shaft = el('line', { x1: 0, y1: 6, x2: 0, y2: -50, class: 'hand-shaft' })
    const tip = el('circle', { r: FACE.tipRadius, cx: 0, cy: -50, class: 'hand-tip' })
    const tagGroup = el('g')
    const tagBg = el('rect', { rx: 3, ry: 3, height: FACE.tagHeight, class: 'hand-tag-bg' })
    const tag = el('text', { class: 'hand-tag' })
    tagGroup.append(tagBg, tag)
    const face = el('image', {
      width: FACE.faceSize,
      height: FACE.faceSize,
      x: -FACE.faceSize / 2,
      class: 'hand-face',
    })
    group.append(shaft, tip, face, tagGroup)
    hands.append(group)
    h = { group, shaft, tip, tagGroup, tagBg, tag, fitted: undefined, face, rotation: undefined }
    handEls.set(member.id, h)
    return h
  }

  return {
    element: svg,
    legend: legend.element,
    render(view) {
      const key = view.dial.join('\u0000')
      // Drawn again while its labels could not be measured (MagicMirror may draw before the page shows
      // the module): their fit was estimated.
      if (key !== dialKey || !dialMeasured) {
        dialMeasured = drawDial(view.dial)
        dialKey = key
      }
      const layout = handLayout(view)
      const seen = new Set<string>()
      // With an old config's hubDisplacement the hands start that far out, as they did in the old module.
      const start = Math.min(R / 2, (R * (view.hubDisplacement ?? 0)) / OLD_DIAL_RADIUS)
      // First each hand and the tag its whole name would want (from just outside the hub, or the
      // hand's start, to just short of the tip); then the tags are cut so none touches another.
      const drawn = view.members.flatMap((member, i) => {
        const pos = layout[i]
        if (!pos) return []
        seen.add(member.id)
        const h = handFor(member)
        const length = R * pos.lengthFactor
        const faceSrc = member.faceVersion && faceUrl ? faceUrl(member) : ''
        const tagTo = length - TAG_SHORT_OF_TIP
        const room = tagTo - Math.max(TAG_CLEAR_OF_HUB, start + 1)
        const wanted = Math.min(
          room,
          Math.max(TAG_MIN_WIDTH, fitTag(h, member.name, room - TAG_PADDING) + TAG_PADDING),
        )
        const hand: TagHand = {
          angleDeg: pos.angleDeg,
          shaftFrom: start > 0 ? start : -FACE.shaftTail,
          length,
          tipRadius: faceSrc ? (FACE.faceSize / 2) * Math.SQRT2 : FACE.tipRadius,
          tagFrom: tagTo - wanted,
          tagTo,
        }
        return [{ member, pos, h, length, faceSrc, hand }]
      })
      const tagFrom = fitTags(drawn.map((d) => d.hand))
      const untagged = new Set<string>()
      drawn.forEach(({ member, pos, h, length, faceSrc, hand }, i) => {
        h.shaft.setAttribute('y2', String(-length))
        h.shaft.setAttribute('stroke', member.color)
        h.tip.setAttribute('cy', String(-length))
        h.tip.setAttribute('fill', member.color)
        // The card's face sits on the tip of the hand, when the member has one.
        h.face.style.display = faceSrc ? '' : 'none'
        if (faceSrc && h.face.getAttribute('href') !== faceSrc) h.face.setAttribute('href', faceSrc)
        h.face.setAttribute('y', String(-length - 5.5))
        h.shaft.setAttribute('y1', String(start > 0 ? -start : FACE.shaftTail))
        // A tag cut to clear its neighbours is fitted again; one with no room for a letter is not shown
        // (the clock's accessible name and the table still say who is where).
        const room = hand.tagTo - (tagFrom[i] ?? hand.tagFrom)
        const fits = room >= TAG_MIN_WIDTH
        h.tagGroup.style.display = fits ? '' : 'none'
        if (!fits) untagged.add(member.id)
        const width = fits
          ? Math.min(room, Math.max(TAG_MIN_WIDTH, fitTag(h, member.name, room - TAG_PADDING) + TAG_PADDING))
          : TAG_MIN_WIDTH
        h.tagBg.setAttribute('width', String(width))
        h.tagBg.setAttribute('x', String(-width / 2))
        h.tagBg.setAttribute('y', String(-FACE.tagHeight / 2))
        h.tagBg.setAttribute('fill', member.color)
        // A tag runs along its hand, reading from the hub out (rotate -90). On the left half of the dial
        // (angles clockwise from 12) that is right to left, upside down, so there it is turned to read
        // from the tip in. Decided by the place, not the hand, so the hands fanned round one place all
        // read the same way; and at a place near upright (within 20° of 12 or 6 o'clock) bottom to top.
        const place = pos.placeAngleDeg
        const readsBackwards = place >= 180 - UPRIGHT_BAND_DEG && place < 360 - UPRIGHT_BAND_DEG
        h.tagGroup.setAttribute(
          'transform',
          `translate(0 ${-(hand.tagTo - width / 2)}) rotate(${readsBackwards ? 90 : -90})`,
        )
        h.rotation = nextRotation(h.rotation, pos.angleDeg)
        h.group.style.transform = `rotate(${h.rotation}deg)`
        h.group.classList.toggle('offline', !member.online)
        h.group.dataset.place = member.place.toLowerCase()
        h.group.dataset.angle = String(pos.angleDeg)
      })
      legend.show(view.members, untagged, view.dial)
      // role="img" makes the picture one thing to a screen reader, hiding what is inside it: the
      // clock's name says who is where, in full (a tag on a hand may be cut short).
      svg.setAttribute('aria-label', whoIsWhere(translate, view.members))
      for (const [id, h] of handEls) {
        if (!seen.has(id)) {
          h.group.remove()
          handEls.delete(id)
        }
      }
    },
  }
}

/**
 * Writes `name` on the hand's tag, cut with "…" to `room` (user units) when it is longer (a phone's
 * card name may have 64 characters), and returns the text's width. The browser measures the text when
 * the clock is laid out; MagicMirror may draw it before its box is on the page, or while hidden, and
 * then the width is estimated from the number of characters.
 */
function fitTag(h: HandElements, name: string, room: number): number {
  if (h.fitted?.name === name && h.fitted.room === room) return h.fitted.width
  const { tag } = h
  tag.textContent = name
  const measured = tag.getComputedTextLength()
  const chars = graphemes(name)
  if (measured === 0 && chars.length > 0) {
    h.fitted = undefined // measure when it can be
    if (chars.length * ESTIMATED_CHAR_WIDTH <= room) return chars.length * ESTIMATED_CHAR_WIDTH
    const kept = Math.max(0, Math.floor(room / ESTIMATED_CHAR_WIDTH) - 1) // one character's room for "…"
    tag.textContent = cut(chars, kept)
    return (kept + 1) * ESTIMATED_CHAR_WIDTH
  }
  let width = measured
  if (measured > room) {
    const fits = mostThatFit(chars, room, (count) => {
      tag.textContent = cut(chars, count)
      return tag.getComputedTextLength()
    })
    tag.textContent = cut(chars, fits)
    width = tag.getComputedTextLength()
  }
  h.fitted = { name, room, width }
  return width
}

/**
 * How wide a place's label may be: the chord of its sector at the labels' radius (less a margin, so
 * neighbours do not touch), and no wider than the rim's band holds a straight line of text.
 */
function labelRoom(sectorDeg: number): number {
  const r = R - 8
  const chord = sectorDeg >= 180 ? 2 * r : 2 * r * Math.sin((sectorDeg * Math.PI) / 360)
  const band = 2 * Math.sqrt((R + 2) ** 2 - r ** 2)
  return Math.min(chord * 0.88, band)
}
