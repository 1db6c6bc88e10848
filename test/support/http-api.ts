// What the web server serves, with nothing behind it: one empty family's view, no faces, no history.
// For tests of the server itself (hosts, streams, files), which need an API but none in particular.

import type { HttpApi } from '../../src/adapters/http/http-server.js'

export const emptyApi: HttpApi = {
  view: () => ({
    family: 'f',
    dial: [],
    members: [],
    connection: { connected: true },
    nowMs: 0,
    style: 'clock',
  }),
  face: () => undefined,
  stats: () => ({}),
  health: () => ({ ok: true }),
  history: () => [],
}
