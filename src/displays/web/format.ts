// Small text helpers for the displays.

import { english, type Translate } from './texts.js'

export function relativeTime(fromMs: number, nowMs: number, translate: Translate = english): string {
  const minutes = Math.max(0, Math.round((nowMs - fromMs) / 60_000))
  if (minutes < 1) return translate('JUST_NOW', 'just now')
  if (minutes < 60) return `${minutes} min`
  const hours = Math.floor(minutes / 60)
  if (hours < 48) return `${hours} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`
  return `${Math.floor(hours / 24)} ${translate('DAYS', 'days')}`
}

export const testId = (prefix: string, value: string): string =>
  `${prefix}-${value.toLowerCase().replace(/\s+/g, '-')}`
