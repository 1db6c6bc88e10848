// Retained hand positions for physical clocks: weasley/<family>/hands/<member> carries the place,
// the angle a stepper motor should point to, and since when. Retained, so a clock that boots later
// (or reconnects) gets every hand at once.

import type { KeyValue, Logger, Output, Publisher } from '../../app/ports.js'
import { dialAngles, dialLabelOf, handLayout } from '../../core/clock-face.js'
import type { ClockView, MemberView } from '../../core/clock-view.js'

export interface HandMessage {
  member: string
  name: string
  place: string
  /** Degrees clockwise from 12 o'clock, fanned out from the hands sharing its place. */
  angle: number
  /** The place's own angle on the dial, for hands on one shared axle that do not fan out. */
  placeAngle: number
  /** The place's position on the dial (weasley/<family>/dial), counted from 0. */
  slot: number
  since: number
  online: boolean
}

/** weasley/<family>/dial: every place on the dial in order, with its angle; it changes as the dial does. */
export interface DialMessage {
  places: { place: string; angle: number }[]
}

/** The parts of a member's view that its hand message is made of. */
type Shown = Pick<MemberView, 'id' | 'name' | 'place' | 'sinceMs' | 'online'>

/** The dial's place among the messages last sent: a member id has no "/". */
const DIAL = '/dial'

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
  /**
   * A retained hand of a member no longer configured would stay on a clock that boots later: emptied.
   * Where the broker keeps no retained messages, the empty message tells a running clock all the same.
   */
  const clearRemoved = async (view: ClockView): Promise<void> => {
    const meta = options.meta
    if (!meta) return
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
          publisher.publish(`weasley/${view.family}/hands/${id}`, '', { qos: 1, retain: options.retain }),
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
      const angles = dialAngles(view.dial)
      // The dial first: a clock that learns a place was added finds every hand's new angle after it.
      const dial: DialMessage = {
        places: view.dial.map((place) => ({ place, angle: angles.get(place) ?? 0 })),
      }
      send(DIAL, `weasley/${view.family}/dial`, JSON.stringify(dial))
      view.members.forEach((member, i) => {
        const message: HandMessage = {
          member: member.id,
          name: member.name,
          place: member.place,
          angle: layout[i]?.angleDeg ?? 0,
          placeAngle: layout[i]?.placeAngleDeg ?? 0,
          slot: Math.max(0, view.dial.indexOf(dialLabelOf(member.place, view.dial))),
          since: member.sinceMs,
          online: member.online,
        }
        send(member.id, `weasley/${view.family}/hands/${member.id}`, JSON.stringify(message))
      })
    },
  }

  /** Publishes what changed only: fanning out moves neighbours' angles too, so whole messages are compared. */
  function send(key: string, topic: string, payload: string): void {
    if (last.get(key) === payload) return
    last.set(key, payload)
    publisher.publish(topic, payload, { qos: 1, retain: options.retain }).catch((error: unknown) => {
      // Sent again with the next view, whatever it holds.
      last.delete(key)
      shown = []
      logger.log(
        'warn',
        `could not publish ${key === DIAL ? 'the dial' : `the hand of ${key}`}: ${error instanceof Error ? error.message : String(error)}`,
      )
    })
  }
}

const sameStrings = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i])
