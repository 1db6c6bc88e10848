// One byte range of a `Range: bytes=…` header (RFC 9110 §14): what WebKit asks for before it plays an
// <audio> source (bytes=0-1 first), and refuses the media of a server that never answers 206.

export type ByteRange = { start: number; end: number } | 'unsatisfiable'

/**
 * The range asked for in a file of `size` bytes (`end` inclusive), 'unsatisfiable' when it lies past
 * the end, or undefined to send the whole file: no header, another unit, several ranges, or a header
 * that does not parse (a server may ignore a Range it does not understand).
 */
export function byteRangeOf(header: string | undefined, size: number): ByteRange | undefined {
  if (header === undefined) return undefined
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim())
  if (!m || (m[1] === '' && m[2] === '')) return undefined
  if (m[1] === '') {
    // The last n bytes.
    const suffix = Number(m[2])
    if (suffix === 0) return 'unsatisfiable'
    return size === 0 ? 'unsatisfiable' : { start: Math.max(0, size - suffix), end: size - 1 }
  }
  const start = Number(m[1])
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1)
  if (m[2] !== '' && Number(m[2]) < start) return undefined
  return start >= size ? 'unsatisfiable' : { start, end }
}
