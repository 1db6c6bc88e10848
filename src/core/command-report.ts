// Pure. What became of a command the user sent to phones (the setup page, `places push`,
// `report-location`), told truly: only a phone connected now, or one whose persistent session keeps
// the command until it is back, ever gets it; the broker drops one for a phone with neither.

export interface CommandReport {
  /** The devices it was for (for places: those whose member has places with coordinates). */
  devices: number
  /** Those the broker took it for. */
  taken: number
  /**
   * Of those, as the embedded broker tells: connected and subscribed to their command topic, or away
   * with a persistent session that keeps it. Absent with an external broker, which does not say.
   */
  listening?: number
  queued?: number
}

export function describePlacesPush(report: CommandReport): string {
  const { devices, taken, listening, queued } = report
  if (devices === 0) return 'No places with coordinates to send.'
  if (listening === undefined || queued === undefined)
    return `Places handed to the broker for ${taken} of ${devices} device(s); it does not say which phones listen, and each applies them when it next connects or wakes.`
  const parts = [`Places sent to ${listening} connected device(s)`]
  if (queued > 0) parts.push(`queued for ${queued} away, which get them when they reconnect`)
  const unreached = taken - listening - queued
  // They are sent again when such a phone subscribes to its command topic (see phone-commands.ts).
  if (unreached > 0)
    parts.push(`${unreached} device(s) not connected and without a session get them when they next connect`)
  if (devices > taken) parts.push(`the broker could not take them for ${devices - taken} device(s)`)
  return `${parts.join('; ')}.`
}

export function describeLocationRequest(report: CommandReport): string {
  const { devices, taken, listening, queued } = report
  const wakes = 'iPhones answer when iOS next wakes the app.'
  if (listening === undefined || queued === undefined)
    return `Asked the broker to pass the request to ${taken} of ${devices} device(s) (it does not say which phones listen); ${wakes}`
  const parts = [`Asked ${listening} connected device(s) for their location`]
  if (queued > 0) parts.push(`queued for ${queued} away, which are asked when they reconnect`)
  const unreached = taken - listening - queued
  if (unreached > 0) parts.push(`${unreached} device(s) not connected and without a session cannot be asked`)
  if (devices > taken) parts.push(`the broker could not take the request for ${devices - taken} device(s)`)
  return `${parts.join('; ')}. ${wakes}`
}
