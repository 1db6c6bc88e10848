// node_helper.js for MagicMirror², bundled to CommonJS. `node_helper` and `logger` resolve only through
// MagicMirror's own resolver, so they stay external; everything else lives in the helper hub.

import Log from 'logger'
import NodeHelper from 'node_helper'
import type { Logger, LogLevel } from '../../app/ports.js'
import { INIT, type InitPayload } from '../../displays/magicmirror/notifications.js'
import { createHelperHub, type HelperHub } from './helper-hub.js'

interface HelperThis {
  name: string
  path: string
  hub?: HelperHub
  sendSocketNotification(notification: string, payload: unknown): void
}

const mmLogger: Logger = {
  isEnabled: (level: LogLevel) => level !== 'debug',
  log(level, message) {
    // MagicMirror's logger already names the module.
    const line = message
    if (level === 'error') Log.error(line)
    else if (level === 'warn') Log.warn(line)
    else if (level === 'info') Log.info(line)
    // Asked for with the module's `debug: true`: shown at info, which MagicMirror's default logLevel
    // shows (its DEBUG level is off unless added), as the old module's console.log lines were.
    else Log.info(`[debug] ${line}`)
  },
}

export default NodeHelper.create({
  start(this: HelperThis) {
    this.hub = createHelperHub({
      send: (notification, payload) => this.sendSocketNotification(notification, payload),
      logger: mmLogger,
      moduleDir: this.path,
      // js/app.js keeps the config.js it read in global.config.
      mirrorConfig: () => (globalThis as { config?: unknown }).config,
    })
    // The clocks config.js lists run from the server's start, not from a browser's first visit: phones
    // reach the embedded broker on a mirror run with `node serveronly`, or whose kiosk browser is not up
    // yet. Not awaited: MagicMirror waits for every helper's start() before it says it is ready.
    this.hub.startListed().catch((error: unknown) => {
      mmLogger.log('error', `start failed: ${error instanceof Error ? error.message : String(error)}`)
    })
  },

  socketNotificationReceived(this: HelperThis, notification: string, payload: unknown) {
    if (notification !== INIT || !this.hub) return
    // Anything that reaches MagicMirror's socket may send one: only an object can be an instance's INIT.
    if (typeof payload !== 'object' || payload === null) {
      mmLogger.log('warn', 'an INIT without an instance and its config: ignored')
      return
    }
    this.hub.init(payload as InitPayload).catch((error: unknown) => {
      mmLogger.log('error', `INIT failed: ${error instanceof Error ? error.message : String(error)}`)
    })
  },

  async stop(this: HelperThis) {
    await this.hub?.stop()
  },
})
