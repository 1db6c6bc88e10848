// Small text helpers for the displays.

import { english, type Translate } from './texts.js'

const minutesBetween = (fromMs: number, nowMs: number): number =>
  Math.max(0, Math.round((nowMs - fromMs) / 60_000))

export function relativeTime(fromMs: number, nowMs: number, translate: Translate = english): string {
  const minutes = minutesBetween(fromMs, nowMs)
  if (minutes < 1) return translate('JUST_NOW', 'just now')
  const min = translate('MINUTES_SHORT', 'min')
  if (minutes < 60) return `${minutes} ${min}`
  const hours = Math.floor(minutes / 60)
  const h = translate('HOURS_SHORT', 'h')
  if (hours < 48) return `${hours} ${h}${minutes % 60 ? ` ${minutes % 60} ${min}` : ''}`
  return `${Math.floor(hours / 24)} ${translate('DAYS', 'days')}`
}

/** When a member's phones were last heard from, as a sentence. */
export function lastHeard(lastSeenMs: number | null, nowMs: number, translate: Translate = english): string {
  if (lastSeenMs === null) return translate('NEVER_HEARD', 'never heard from')
  // "just now" is no span of time to go into "… ago".
  if (minutesBetween(lastSeenMs, nowMs) < 1) return translate('HEARD_JUST_NOW', 'last heard just now')
  // A template, as languages put the time in different places ("vor 10 Min.", "10 min geleden").
  const time = relativeTime(lastSeenMs, nowMs, translate)
  return translate('LAST_HEARD', 'last heard {time} ago').replace('{time}', time)
}

export const testId = (prefix: string, value: string): string =>
  `${prefix}-${value.toLowerCase().replace(/\s+/g, '-')}`

// Intl.Segmenter is missing from older browsers (Firefox before 125); there code points are the next
// best thing: they keep an emoji whole, though not a sequence of them (👩‍👧) or a letter + accent.
const segmenter =
  typeof Intl.Segmenter === 'function'
    ? new Intl.Segmenter(undefined, { granularity: 'grapheme' })
    : undefined

/**
 * The characters a reader sees, such as "é" or "👩‍👧", rather than UTF-16 units: text cut or spread
 * over tiles by those shows lone surrogates and stray accents.
 */
export const graphemes = (text: string): string[] =>
  segmenter ? Array.from(segmenter.segment(text), (s) => s.segment) : Array.from(text)

/** `parent.replaceChildren(...children)`, which Safari before 14 (an old wall iPad) does not have. */
export function replaceContent(parent: Element, ...children: (Node | string)[]): void {
  parent.textContent = ''
  parent.append(...children)
}
