// WAL checkpoints on a worker thread, so the event loop never waits for them.
//
// In WAL mode with synchronous=NORMAL a commit only appends to the WAL; the fsyncs come with the
// checkpoint that copies the WAL back into the database file, which SQLite runs inside whichever
// commit crosses `wal_autocheckpoint`. That commit then blocks the event loop for two fsyncs: measured
// as ~30 % of the durable pipeline's time on this machine's disk, and an SD card is slower still.
// Here a second connection, on a worker thread, runs PASSIVE checkpoints (they never block the writer)
// once about as much has been written as SQLite's own default would wait for. The writer's own
// autocheckpoint stays on, at a higher mark, as the bound if the worker falls behind or stops.

import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { Db } from './open-database.js'

/** Pages written before a background checkpoint is asked for: SQLite's own default mark. */
export const CHECKPOINT_EVERY_PAGES = 1_000
/** The writer's autocheckpoint while a background checkpointer runs: only reached if it lags. */
export const FALLBACK_AUTOCHECKPOINT_PAGES = 4 * CHECKPOINT_EVERY_PAGES

export interface Checkpointer {
  /** After a commit: roughly how many bytes it wrote (new rows and blobs). */
  committed(bytes: number): void
  /** Stops checkpointing this database; call before closing it. */
  close(): void
}

type Request = { op: 'open'; id: number; file: string } | { op: 'checkpoint' | 'close'; id: number }
type Reply =
  | { op: 'checkpointed'; id: number; busy: number; log: number; checkpointed: number }
  | { op: 'failed'; id: number; message: string }
  | { op: 'closed'; id: number }

// CommonJS run with `eval`, so both bundles (ESM server, CommonJS MagicMirror helper) can start it
// without a file of its own; better-sqlite3 is loaded from where this module was loaded.
const WORKER_SOURCE = `
const { createRequire } = require('node:module')
const { parentPort, workerData } = require('node:worker_threads')
const Database = createRequire(workerData.from)('better-sqlite3')
const open = new Map()
parentPort.on('message', (request) => {
  const { op, id } = request
  try {
    if (op === 'open') {
      const db = new Database(request.file, { fileMustExist: true })
      db.pragma('synchronous = NORMAL')
      open.set(id, db)
    } else if (op === 'checkpoint') {
      const db = open.get(id)
      if (db) parentPort.postMessage({ op: 'checkpointed', id, ...db.pragma('wal_checkpoint(PASSIVE)')[0] })
    } else if (op === 'close') {
      open.get(id)?.close()
      open.delete(id)
      parentPort.postMessage({ op: 'closed', id })
    }
  } catch (error) {
    parentPort.postMessage({ op: 'failed', id, message: String(error && error.message || error) })
  }
})
`

/** Where this module lives: better-sqlite3 is resolved from there in the worker. */
const here = (): string => (typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url))

interface Shared {
  worker: Worker
  users: Map<number, { onReply(reply: Reply): void }>
  nextId: number
}
let shared: Shared | undefined

function sharedWorker(): Shared {
  if (shared) return shared
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { from: here() } })
  // Never what keeps the process alive: whatever it has not checkpointed is safe in the WAL.
  worker.unref()
  const state: Shared = { worker, users: new Map(), nextId: 1 }
  worker.on('message', (reply: Reply) => state.users.get(reply.id)?.onReply(reply))
  worker.on('error', (error) => {
    for (const user of state.users.values())
      user.onReply({ op: 'failed', id: 0, message: `checkpoint worker stopped: ${error.message}` })
  })
  worker.on('exit', () => {
    if (shared === state) shared = undefined
  })
  shared = state
  return state
}

export interface CheckpointerOptions {
  /** A failed checkpoint, once per run of failures; the fallback keeps the WAL bounded meanwhile. */
  onError?: (message: string) => void
  /** Each finished checkpoint: WAL frames in all and how many of them are now in the database. */
  onCheckpoint?: (result: { walFrames: number; checkpointedFrames: number }) => void
}

/** Checkpoints `db` (opened from `file`) in the background from now on. */
export function checkpointInBackground(
  db: Db,
  file: string,
  options: CheckpointerOptions = {},
): Checkpointer {
  const worker = sharedWorker()
  const id = worker.nextId++
  const pageSize = db.pragma('page_size', { simple: true }) as number
  db.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`)
  let pages = 0
  let running = false
  let failing = false
  let closed = false

  const request = (): void => {
    running = true
    pages = 0
    worker.worker.postMessage({ op: 'checkpoint', id } satisfies Request)
  }
  worker.users.set(id, {
    onReply(reply) {
      if (reply.op === 'closed') {
        worker.users.delete(id)
        if (worker.users.size === 0) void worker.worker.terminate()
        return
      }
      running = false
      if (reply.op === 'failed') {
        if (!failing) options.onError?.(`background checkpoint of ${file} failed: ${reply.message}`)
        failing = true
        return
      }
      failing = false
      options.onCheckpoint?.({ walFrames: reply.log, checkpointedFrames: reply.checkpointed })
      // Written meanwhile as much as warrants another one: go on at once.
      if (!closed && pages >= CHECKPOINT_EVERY_PAGES) request()
    },
  })
  worker.worker.postMessage({ op: 'open', id, file } satisfies Request)

  return {
    committed(bytes) {
      // Each commit rewrites at least a table leaf or two besides what it adds.
      pages += 2 + Math.ceil(bytes / pageSize)
      if (!running && !closed && pages >= CHECKPOINT_EVERY_PAGES) request()
    },
    close() {
      if (closed) return
      closed = true
      worker.worker.postMessage({ op: 'close', id } satisfies Request)
    },
  }
}
