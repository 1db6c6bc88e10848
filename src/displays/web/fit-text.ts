// Text cut to fit the clock face: a hand's name tag or a place's label, shortened with "…" (between
// characters, never inside one) when the browser measures it wider than its room.

import { graphemes } from './format.js'

/** A label's font is made smaller, down to this share of its size, before the label is cut with "…". */
const MIN_LABEL_SCALE = 0.75
/** A label character's width in user units at the label's 7.5px, for when the browser cannot measure. */
const ESTIMATED_LABEL_CHAR_WIDTH = 4.6

/**
 * Writes a place's label, in a smaller font or cut with "…" when it is wider than `room`. False when
 * the browser could not measure it (not on the page yet, or hidden), and its width was estimated.
 */
export function fitLabel(text: SVGTextElement, label: string, room: number): boolean {
  text.textContent = label
  text.style.fontSize = ''
  const measured = text.getComputedTextLength()
  const chars = graphemes(label)
  const wasMeasured = measured > 0 || chars.length === 0
  const width = measured > 0 ? measured : chars.length * ESTIMATED_LABEL_CHAR_WIDTH
  if (width <= room) return wasMeasured
  const size = Number.parseFloat(getComputedStyle(text).fontSize) || 7.5
  const scale = Math.max(MIN_LABEL_SCALE, room / width)
  text.style.fontSize = `${(size * scale).toFixed(2)}px`
  if (width * scale <= room) return wasMeasured
  // Still too wide at the smallest size: the most characters that fit with the "…".
  const widthOf = (count: number): number => {
    text.textContent = cut(chars, count)
    const w = text.getComputedTextLength()
    return w > 0 ? w : (count + 1) * ESTIMATED_LABEL_CHAR_WIDTH * scale
  }
  text.textContent = cut(chars, mostThatFit(chars, room, widthOf))
  return wasMeasured
}

/** The first `count` characters and "…", without a space before it. */
export const cut = (chars: readonly string[], count: number): string =>
  `${chars.slice(0, count).join('').trimEnd()}…`

/**
 * The most characters of `chars` that, with "…", are no wider than `room` by `widthOf(count)`: a binary
 * search, a handful of measurements.
 */
export function mostThatFit(
  chars: readonly string[],
  room: number,
  widthOf: (count: number) => number,
): number {
  let fits = 0
  let tooMany = chars.length
  while (tooMany - fits > 1) {
    const mid = Math.floor((fits + tooMany) / 2)
    if (widthOf(mid) <= room) fits = mid
    else tooMany = mid
  }
  return fits
}
