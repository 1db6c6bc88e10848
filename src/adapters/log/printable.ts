// What a client or a phone sent, fit for a log line.

/** Client-supplied strings go into logs: cut them short and drop control characters. */
export const printable = (s: string): string => {
  const cut = s.length > 80 ? `${s.slice(0, 80)}…` : s
  let clean = ''
  for (const ch of cut) clean += isUnprintable(ch.charCodeAt(0)) ? '?' : ch
  return clean
}

/** C0 and C1 controls (a terminal takes 0x9b for an escape too) and the bidi controls that reorder a line. */
const isUnprintable = (c: number): boolean =>
  c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)
