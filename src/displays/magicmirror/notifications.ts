// Socket notifications between the MagicMirror front end and node_helper. Every payload carries the
// module instance's identifier: the helper's notifications reach every instance in every browser.

import type { ClockView } from '../../core/clock-view.js'

export const INIT = 'WEASLEY_INIT'
export const STATE = 'WEASLEY_STATE'
export const ERROR = 'WEASLEY_ERROR'

export interface InitPayload {
  identifier: string
  config: Record<string, unknown>
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
