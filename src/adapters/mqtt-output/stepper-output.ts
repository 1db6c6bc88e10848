// Retained hand positions for physical clocks: weasley/<family>/hands/<member> carries the place,
// the angle a stepper motor should point to, and since when. Retained, so a clock that boots later
// (or reconnects) gets every hand at once.

import type { Logger, Output, Publisher } from '../../app/ports.js'
import { handLayout } from '../../core/clock-face.js'
import type { ClockView } from '../../core/clock-view.js'

export interface HandMessage {
  member: string
  name: string
  place: string
  angle: number
  since: number
  online: boolean
}

export function createStepperOutput(
  publisher: Publisher,
  logger: Logger,
  options: { retain: boolean } = { retain: true },
): Output {
  const last = new Map<string, string>()
  return {
    show(view: ClockView) {
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
            last.delete(member.id)
            logger.log(
              'warn',
              `could not publish the hand of ${member.id}: ${error instanceof Error ? error.message : String(error)}`,
            )
          })
      })
    },
  }
}
