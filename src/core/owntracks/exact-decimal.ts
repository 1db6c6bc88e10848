// Pure. Decimal digits to the nearest double, as JSON.parse and Number() round them, without making a
// string: the scanner's numbers (scan-json.ts), most of which are the apps' coordinates.

/** 10^k, exact in a double for k ≤ 22. */
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => 10 ** k)
/** Digits a double holds exactly in every case: 15 (10^15 < 2^53). */
export const EXACT_DIGITS = 15

/**
 * (head · 10^tailDigits + tail) / 10^fraction, correctly rounded, or NaN when this cannot be sure.
 * Up to 15 digits it is one division of two exact doubles (Clinger's fast path). With more, the
 * numerator is held exactly as a sum of two doubles and divided in double-double arithmetic, within
 * about 2^-103 of the true quotient. Rounding that to a double is right unless the quotient lies near a
 * halfway point between two doubles: within 2^-80 of one (a wide margin) it is left to Number(), about
 * one number in 2^26, and every exact halfway point with it.
 */
export function decimalToDouble(head: number, tail: number, tailDigits: number, fraction: number): number {
  const divisor = POWERS_OF_TEN[fraction] as number
  if (tailDigits === 0) return fraction === 0 ? head : head / divisor
  // numerator = head · 10^tailDigits + tail = hi + lo exactly (both rounding errors are integers).
  const scale = POWERS_OF_TEN[tailDigits] as number
  const product = head * scale
  const productError = twoProductError(head, scale, product)
  const hi = product + tail
  const lo = productError + (tail - (hi - product))
  // (hi + lo) / divisor in double-double: a first quotient and the remainder's.
  const q1 = hi / divisor
  const p1 = q1 * divisor
  const remainder = hi - p1 - twoProductError(q1, divisor, p1) + lo
  const q2 = remainder / divisor
  const rounded = q1 + q2
  const below = q2 - (rounded - q1)
  // Halfway points lie half an ulp from `rounded` (a quarter below a power of two: left to Number()).
  bits[0] = rounded
  const high = words[HIGH] as number
  const exponentBits = (high >>> 20) & 0x7ff
  if (exponentBits <= 54 || ((high & 0xfffff) === 0 && words[LOW] === 0)) return Number.NaN
  words[HIGH] = (exponentBits - 53) << 20
  words[LOW] = 0
  const halfUlp = bits[0] as number
  const margin = rounded * 2 ** -80
  return Math.abs(Math.abs(below) - halfUlp) <= margin ? Number.NaN : rounded
}

// A double's bits, to find its exponent (HIGH: the word that holds it, by the machine's byte order).
const bits = new Float64Array(1)
const words = new Uint32Array(bits.buffer)
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0
const LOW = 1 - HIGH

/** The rounding error of `product = a · b`: a · b = product + error exactly (Dekker, no FMA in JS). */
function twoProductError(a: number, b: number, product: number): number {
  // Veltkamp's split of each factor into two halves of 26 bits.
  const aScaled = SPLITTER * a
  const aHi = aScaled - (aScaled - a)
  const aLo = a - aHi
  const bScaled = SPLITTER * b
  const bHi = bScaled - (bScaled - b)
  const bLo = b - bHi
  return aLo * bLo - (product - aHi * bHi - aLo * bHi - aHi * bLo)
}
const SPLITTER = 2 ** 27 + 1
