// What MagicMirror² gives a module's front end (js/module.js, js/logger.js) that this module uses.
declare const Module: { register(name: string, definition: object): void }
declare const Log: {
  info(...args: unknown[]): void
  warn(...args: unknown[]): void
  error(...args: unknown[]): void
}

interface MagicMirrorModule {
  name: string
  identifier: string
  config: Record<string, unknown>
  data: { header?: string }
  file(name: string): string
  translate(key: string, fallback?: string): string
  sendSocketNotification(notification: string, payload: unknown): void
  updateDom(speed?: number): void
  /** MagicMirror's socket for this module; `socket` is its socket.io client. */
  socket(): { socket?: { on(event: string, listener: () => void): void } }
}
