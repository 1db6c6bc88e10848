// The nearest-rank percentile: the smallest value with at least q of the values at or below it.

/** `sorted` ascending, q in (0, 1]; 0 for no values. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number
}
