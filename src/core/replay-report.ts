// Pure. What a replay of rejected messages from the journal made of them (the setup page and
// `weasley-clock replay` show it): how many now count, how many are still refused and why, whose hand moved.

import type { ProblemCode } from './problems.js'

/** A rejected message no replay has taken yet, as the setup page lists it (the why, no payload). */
export interface RejectedMessage {
  atMs: number
  topic: string
  code?: ProblemCode
  detail?: string
}

/** Which rejected messages to replay; all the journal keeps by default. */
export interface ReplayFilter {
  /** Only those rejected for this reason. */
  code?: ProblemCode
  /** Only those received at or after this time (epoch ms). */
  sinceMs?: number
}

export interface ReplayReport {
  /** Rejected messages taken again from the journal. */
  replayed: number
  accepted: number
  /** Valid now, and nothing to use: a kind the clock does not use (a status), or past saying anything (an old Last Will, a card older than the device's newest news). */
  ignored: number
  /** Refused again, by reason. */
  stillRejected: Partial<Record<ProblemCode, number>>
  /** Not handled at all: a fault of the clock's, logged. */
  failed: number
  /** The hands the replay moved, with where each points now. */
  moved: { member: string; place: string }[]
}

export function describeReplay(report: ReplayReport): string {
  if (report.replayed === 0) return 'No rejected messages in the journal to replay.'
  const parts = [`${report.accepted} accepted`]
  if (report.ignored > 0) parts.push(`${report.ignored} valid but unused`)
  const refused = Object.entries(report.stillRejected)
  const again = refused.reduce((sum, [, n]) => sum + (n ?? 0), 0)
  if (again > 0)
    parts.push(`${again} rejected again (${refused.map(([code, n]) => `${code} ${n}`).join(', ')})`)
  if (report.failed > 0) parts.push(`${report.failed} could not be handled or saved (see the clock's log)`)
  const moved =
    report.moved.length === 0
      ? 'no hand moved'
      : report.moved.map((m) => `${m.member}'s hand moved to ${m.place}`).join(', ')
  return `Replayed ${report.replayed} rejected message(s): ${parts.join(', ')}; ${moved}.`
}
