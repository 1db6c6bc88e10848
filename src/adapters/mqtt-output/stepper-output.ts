// Retained hand positions for physical clocks: weasley/<family>/hands/<member> carries the place,
// the angle a stepper motor should point to, and since when. Retained, so a clock that boots later
// (or reconnects) gets every hand at once.

import type { KeyValue, Logger, Output, Publisher } from '../../app/ports.js'
import { handLayout } from '../../core/clock-face.js'
import type { ClockView, MemberView } from '../../core/clock-view.js'

export interface HandMessage {
  member: string
  name: string
  place: string
  angle: number
  since: number
  online: boolean
}

/** The parts of a member's view that its hand message is made of. */
type Shown = Pick<MemberView, 'id' | 'name' | 'place' | 'sinceMs' | 'online'>

export interface StepperOutput extends Output {
  /**
   * Publishes every hand again, changed or not: after a reconnect to a broker that may have lost its
   * retained messages (a restart without persistence), or keeps none, for stepper clocks that started
   * while the hands stood still.
   */
  resend(): void
}

export function createStepperOutput(
  publisher: Publisher,
  logger: Logger,
  options: {
    retain: boolean
    /** Remembers whose hands were published, so a member removed from the config loses theirs. */
    meta?: KeyValue
  } = { retain: true },
): StepperOutput {
  const last = new Map<string, string>()
  let latest: ClockView | undefined
  let cleared = false
  /** A retained hand of a member no longer configured would stay on a clock that boots later: emptied. */
  const clearRemoved = async (view: ClockView): Promise<void> => {
    const meta = options.meta
    if (!meta || !options.retain) return
    const key = `hands:${view.family}`
    const ids = view.members.map((m) => m.id)
    let before: unknown = []
    try {
      before = JSON.parse(meta.get(key) ?? '[]')
    } catch {
      // Unreadable: nothing is known to clear; it is rewritten below.
    }
    const removed = Array.isArray(before)
      ? before.filter((id) => typeof id === 'string' && !ids.includes(id))
      : []
    try {
      await Promise.all(
        removed.map((id) =>
          publisher.publish(`weasley/${view.family}/hands/${id}`, '', { qos: 1, retain: true }),
        ),
      )
      // Written once every removed hand is emptied: a publish that never went out is tried at the next start.
      meta.set(key, JSON.stringify(ids))
    } catch (error) {
      logger.log(
        'warn',
        `could not empty the hands of removed members: ${error instanceof Error ? error.message : String(error)}`,
      )
    }
  }
  // The pipeline shows every committed message, and most change only what the hands do not carry
  // (last seen, battery): those return after a few comparisons, without a layout or a JSON string.
  let shownDial: readonly string[] = []
  let shown: Shown[] = []
  const unchanged = (view: ClockView): boolean => {
    if (view.dial !== shownDial && !sameStrings(view.dial, shownDial)) return false
    if (view.members.length !== shown.length) return false
    return view.members.every((m, i) => {
      const s = shown[i] as Shown
      return (
        m.id === s.id &&
        m.name === s.name &&
        m.place === s.place &&
        m.sinceMs === s.sinceMs &&
        m.online === s.online
      )
    })
  }
  return {
    resend() {
      last.clear()
      shown = []
      if (latest) this.show(latest, [])
    },
    show(view: ClockView) {
      latest = view
      if (!cleared) {
        cleared = true
        void clearRemoved(view)
      }
      if (unchanged(view)) return
      shownDial = view.dial
      shown = view.members.map(({ id, name, place, sinceMs, online }) => ({
        id,
        name,
        place,
        sinceMs,
        online,
      }))
      const layout = handLayout(view)
      view.members.forEach((member, i) => {
        const message: HandMessage = {
          member: member.id,
          name: member.name,
          place: member.place,
          angle: layout[i]?.angleDeg ?? 0,
          since: member.sinceMs,
          online: member.online,
        }
        const payload = JSON.stringify(message)
        // Only what changed: fanning out moves neighbours' angles too, so compare the whole message.
        if (last.get(member.id) === payload) return
        last.set(member.id, payload)
        publisher
          .publish(`weasley/${view.family}/hands/${member.id}`, payload, { qos: 1, retain: options.retain })
          .catch((error: unknown) => {
            // Sent again with the next view, whatever it holds.
            last.delete(member.id)
            shown = []
            logger.log(
              'warn',
              `could not publish the hand of ${member.id}: ${error instanceof Error ? error.message : String(error)}`,
            )
          })
      })
    },
  }
}

const sameStrings = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i])
