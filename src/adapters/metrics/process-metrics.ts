// How healthy the process is, for /healthz: memory, and the event-loop delay of the last full window
// (the soak test and an operator's monitoring read the same figures).

import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks'

export interface ProcessMetrics {
  rssMB: number
  heapUsedMB: number
  /** Event-loop delay over the last full window; null until one has passed. */
  eventLoopDelay: {
    windowSeconds: number
    /** When the window ended (epoch ms): a reader polling more often than windows end sees each once. */
    endedAtMs: number
    p50Ms: number
    p99Ms: number
    maxMs: number
  } | null
}

const WINDOW_MS = 10_000
const RESOLUTION_MS = 10
let histogram: IntervalHistogram | undefined
let lastWindow: ProcessMetrics['eventLoopDelay'] = null

/** The histogram records whole timer intervals: the delay is what exceeds the resolution. */
const delayMs = (ns: number) => Math.max(0, Math.round(ns / 1e4 - RESOLUTION_MS * 100) / 100)
const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10

/**
 * Starts measuring at the first request, so a clock nobody monitors stays idle (the 10 ms probe timer
 * costs ~2 ms of CPU a second). Once per process; the timers never keep the process alive.
 */
function ensureMonitoring(): void {
  if (histogram) return
  const h = monitorEventLoopDelay({ resolution: RESOLUTION_MS })
  h.enable()
  histogram = h
  setInterval(() => {
    lastWindow = {
      windowSeconds: WINDOW_MS / 1000,
      endedAtMs: Date.now(),
      p50Ms: delayMs(h.percentile(50)),
      p99Ms: delayMs(h.percentile(99)),
      maxMs: delayMs(h.max),
    }
    h.reset()
  }, WINDOW_MS).unref()
}

export function processMetrics(): ProcessMetrics {
  ensureMonitoring()
  const memory = process.memoryUsage()
  return { rssMB: mb(memory.rss), heapUsedMB: mb(memory.heapUsed), eventLoopDelay: lastWindow }
}
