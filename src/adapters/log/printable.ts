// What a client or a phone sent, fit for a log line: as a problem's description shows wire text, shorter.

import { clipped } from '../../core/problems.js'

/** Client-supplied strings go into logs: cut them short and drop control characters. */
export const printable = (s: string): string => clipped(s, 80)
