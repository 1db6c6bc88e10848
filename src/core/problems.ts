// Pure. Every way an inbound message can be wrong, as data, with a one-line description.

export type Problem =
  | { code: 'oversize'; topic: string; bytes: number; limitBytes: number }
  | { code: 'bad-topic'; topic: string; detail: string }
  | { code: 'unknown-device'; topic: string; deviceId: string }
  | { code: 'not-json'; topic: string; detail: string }
  | { code: 'not-object'; topic: string }
  | { code: 'missing-field'; topic: string; type: string; field: string }
  | { code: 'wrong-type'; topic: string; type: string; field: string; expected: string }
  | { code: 'invalid-value'; topic: string; type: string; field: string; detail: string }
  | { code: 'unknown-type'; topic: string; type: string }
  | { code: 'encrypted-no-key'; topic: string }
  | { code: 'decrypt-failed'; topic: string }

export type ProblemCode = Problem['code']

export const PROBLEM_CODES: readonly ProblemCode[] = [
  'oversize',
  'bad-topic',
  'unknown-device',
  'not-json',
  'not-object',
  'missing-field',
  'wrong-type',
  'invalid-value',
  'unknown-type',
  'encrypted-no-key',
  'decrypt-failed',
]

/** Longer text from the wire is cut in a description: a topic may be 64 KB, a `_type` a whole payload. */
const SHOWN_LENGTH = 120

// C0 and C1 controls, bidi marks, embeddings, overrides and isolates, and the line separators.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it replaces
const UNSHOWABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

/**
 * Wire text as a description (or a log line) shows it: control characters (C1 too: a terminal takes 0x9b
 * for an escape) and bidi controls as "?", cut past `length`.
 */
export function clipped(text: string, length = SHOWN_LENGTH): string {
  const shown = text.length > length ? `${text.slice(0, length)}…` : text
  return shown.replace(UNSHOWABLE, '?')
}

export function describeProblem(problem: Problem): string {
  // Every wire string in it clipped: the description goes to the log and the journal.
  const p = { ...problem, topic: clipped(problem.topic) } as Problem
  if (p.code === 'unknown-type') p.type = clipped(p.type)
  if (p.code === 'unknown-device') p.deviceId = clipped(p.deviceId)
  switch (p.code) {
    case 'oversize':
      return `payload on ${p.topic} is ${p.bytes} bytes, over the ${p.limitBytes}-byte limit`
    case 'bad-topic':
      return `topic ${p.topic} is not an OwnTracks device topic (${p.detail})`
    case 'unknown-device':
      return `device "${p.deviceId}" on ${p.topic} belongs to no configured member`
    case 'not-json':
      return `payload on ${p.topic} is not JSON (${p.detail})`
    case 'not-object':
      return `payload on ${p.topic} is JSON but not an object with a "_type"`
    case 'missing-field':
      return `${p.type} on ${p.topic}: required field "${p.field}" is missing`
    case 'wrong-type':
      return `${p.type} on ${p.topic}: field "${p.field}" should be ${p.expected}`
    case 'invalid-value':
      return `${p.type} on ${p.topic}: field "${p.field}" ${p.detail}`
    case 'unknown-type':
      return `payload on ${p.topic} has unknown _type "${p.type}"`
    case 'encrypted-no-key':
      return `encrypted payload on ${p.topic} but no encryption key is configured for that device`
    case 'decrypt-failed':
      return `encrypted payload on ${p.topic} does not open with the configured key (wrong key, or damaged data)`
  }
}
