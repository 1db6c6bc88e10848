// The two modules MagicMirror² provides to a node_helper at run time (js/node_helper.js, js/logger.js).
declare module 'node_helper' {
  const NodeHelper: { create<T extends object>(definition: T): T }
  export default NodeHelper
}

declare module 'logger' {
  const Log: {
    log(...args: unknown[]): void
    info(...args: unknown[]): void
    warn(...args: unknown[]): void
    error(...args: unknown[]): void
    debug?(...args: unknown[]): void
  }
  export default Log
}
