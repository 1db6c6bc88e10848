// Socket notifications between the MagicMirror front end and node_helper. Every payload carries the
// module instance's identifier: the helper's notifications reach every instance in every browser.

import type { ClockView } from '../../core/clock-view.js'

/** The module's defaults (MagicMirror merges them under each instance's config): front end and helper. */
export const MODULE_DEFAULTS: Readonly<Record<string, unknown>> = {
  clockStyle: 'clock',
  sounds: true,
  volume: 75,
  sound: 'chime.wav',
  debug: false,
}

/** Display-only keys stay in the browser; the helper needs only what the clock needs. */
export function withoutFrontEndKeys(config: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...config }
  for (const key of [
    'position',
    'header',
    'classes',
    'animateIn',
    'animateOut',
    'hiddenOnStartup',
    'disabled',
  ])
    delete copy[key]
  return copy
}

export const INIT = 'WEASLEY_INIT'
/** The helper got an INIT: it is loaded and working on it (a first start can take a while). */
export const STARTING = 'WEASLEY_STARTING'
export const STATE = 'WEASLEY_STATE'
export const ERROR = 'WEASLEY_ERROR'

export interface InitPayload {
  identifier: string
  config: Record<string, unknown>
}

export interface StartingPayload {
  identifier: string
}

export interface StatePayload {
  identifier: string
  view: ClockView
  /** True when a hand moved since the previous view (the front end chimes). */
  moved: boolean
}

export interface ErrorPayload {
  identifier: string
  /** One line per problem, already readable ("uniqueId: is required …"). */
  problems: string[]
}
