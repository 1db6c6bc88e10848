// Small text helpers for the displays.

export function relativeTime(fromMs: number, nowMs: number): string {
  const minutes = Math.max(0, Math.round((nowMs - fromMs) / 60_000))
  if (minutes < 1) return 'just now'
  if (minutes < 60) return `${minutes} min`
  const hours = Math.floor(minutes / 60)
  if (hours < 48) return `${hours} h ${minutes % 60 ? `${minutes % 60} min` : ''}`.trim()
  return `${Math.floor(hours / 24)} days`
}

export const testId = (prefix: string, value: string): string =>
  `${prefix}-${value.toLowerCase().replace(/\s+/g, '-')}`
