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
  /**
   * Files handed to checkpoints that have not confirmed fsyncing them (not started, failed, or under
   * way): for a closing that checkpoints on its own.
   */
  unsynced(): string[]
  /** Stops checkpointing this database; call before closing it. */
  close(): void
}

type Request = { op: 'checkpoint'; id: number; file: string; sync: string[] } | { op: 'stop' }
type Reply =
  | { op: 'checkpointed'; id: number; busy: number; log: number; checkpointed: number }
  | { op: 'failed'; id: number; message: string }

// CommonJS run with `eval`, so both bundles (ESM server, CommonJS MagicMirror helper) can start it
// without a file of its own; better-sqlite3 is loaded from where this module was loaded. Every
// 'checkpoint' gets exactly one reply. A connection lives for one checkpoint only: kept open, each
// one holds its own mapping of the WAL index and caches (measured ~100 KB apiece; a host has hundreds),
// while opening one costs far less than the checkpoint's fsyncs.
const WORKER_SOURCE = `
const { closeSync, fdatasyncSync, fsyncSync, openSync } = require('node:fs')
const { createRequire } = require('node:module')
const { parentPort, workerData } = require('node:worker_threads')
const Database = createRequire(workerData.from)('better-sqlite3')
parentPort.on('message', (request) => {
  const { op, id } = request
  if (op === 'stop') return parentPort.close()
  let db
  try {
    // Files the rows about to be checkpointed point into go to the disk first; one already deleted
    // (pruned meanwhile) needs nothing.
    for (const file of request.sync) {
      let fd
      try {
        fd = openSync(file, 'r')
      } catch (error) {
        if (error.code === 'ENOENT') continue
        throw error
      }
      try {
        if (file.endsWith('.seg')) fdatasyncSync(fd)
        else fsyncSync(fd)
      } finally {
        closeSync(fd)
      }
    }
    db = new Database(request.file, { fileMustExist: true })
    db.pragma('cache_size = -64')
    db.pragma('synchronous = NORMAL')
    parentPort.postMessage({ op: 'checkpointed', id, ...db.pragma('wal_checkpoint(PASSIVE)')[0] })
  } catch (error) {
    parentPort.postMessage({ op: 'failed', id, message: String((error && error.message) || error) })
  } finally {
    if (db) db.close()
  }
})
`

/** A worker with nothing to do this long is stopped (a thread costs ~7 MB); the next request starts one. */
export const WORKER_IDLE_MS = 30_000

/** Where this module lives: better-sqlite3 is resolved from there in the worker. */
const here = (): string => (typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url))

interface User {
  running: boolean
  onReply(reply: Reply): void
}

// One worker for the whole process (a host has a database per family), started on demand.
interface Running {
  thread: Worker
  /** Checkpoint requests not answered yet. */
  outstanding: number
}
const users = new Map<number, User>()
let nextId = 1
let current: Running | undefined
let idleTimer: NodeJS.Timeout | undefined
let keepRunning = false

function startWorker(): Running {
  const thread = new Worker(WORKER_SOURCE, { eval: true, workerData: { from: here() } })
  // Never what keeps the process alive: whatever it has not checkpointed is safe in the WAL.
  thread.unref()
  const running: Running = { thread, outstanding: 0 }
  thread.on('message', (reply: Reply) => {
    running.outstanding--
    users.get(reply.id)?.onReply(reply)
    if (running.outstanding === 0 && current === running && !keepRunning) {
      idleTimer = setTimeout(stopWorker, WORKER_IDLE_MS)
      idleTimer.unref()
    }
  })
  thread.on('error', (error) => {
    if (current === running) stopWorker()
    for (const [id, user] of users)
      if (user.running)
        user.onReply({ op: 'failed', id, message: `checkpoint worker stopped: ${error.message}` })
  })
  return running
}

/**
 * Starts the worker now and keeps it while any database uses it: for a host, whose hundreds of
 * families keep it busy anyway, so that its memory is taken at start rather than in the middle of a run.
 */
export function keepCheckpointWorker(): void {
  keepRunning = true
  clearTimeout(idleTimer)
  current ??= startWorker()
}

function stopWorker(): void {
  clearTimeout(idleTimer)
  if (!current) return
  // It answers what is queued to it first, then ends.
  current.thread.postMessage({ op: 'stop' } satisfies Request)
  current = undefined
}

function send(request: Request): void {
  clearTimeout(idleTimer)
  current ??= startWorker()
  if (request.op === 'checkpoint') current.outstanding++
  current.thread.postMessage(request)
}

export interface CheckpointerOptions {
  /** A failed checkpoint, once per run of failures; the fallback keeps the WAL bounded meanwhile. */
  onError?: (message: string) => void
  /** Each finished checkpoint: WAL frames in all and how many of them are now in the database. */
  onCheckpoint?: (result: { walFrames: number; checkpointedFrames: number }) => void
  /** Files (or folders) to fsync before each checkpoint: what its rows point into. */
  alsoSync?: () => string[]
}

/** Checkpoints `db` (opened from `file`) in the background from now on. */
export function checkpointInBackground(
  db: Db,
  file: string,
  options: CheckpointerOptions = {},
): Checkpointer {
  const id = nextId++
  const pageSize = db.pragma('page_size', { simple: true }) as number
  db.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`)
  let pages = 0
  let failing = false
  let closed = false

  const user: User = {
    running: false,
    onReply(reply) {
      user.running = false
      const handed = handedOut
      handedOut = []
      if (reply.op === 'failed') {
        // The next one fsyncs them (a failure may have come before the fsyncs).
        for (const f of handed) notSynced.add(f)
        if (!failing) options.onError?.(`background checkpoint of ${file} failed: ${reply.message}`)
        failing = true
        return
      }
      failing = false
      options.onCheckpoint?.({ walFrames: reply.log, checkpointedFrames: reply.checkpointed })
      // Written meanwhile as much as warrants another one: go on at once.
      if (pages >= CHECKPOINT_EVERY_PAGES) request()
    },
  }
  /** Files a checkpoint that could not be asked for (or failed) was to fsync: the next one does. */
  const notSynced = new Set<string>()
  /** Files the checkpoint under way was given. */
  let handedOut: string[] = []
  const request = (): void => {
    if (closed) return
    for (const f of options.alsoSync?.() ?? []) notSynced.add(f)
    const sync = [...notSynced]
    try {
      send({ op: 'checkpoint', id, file, sync })
    } catch (error) {
      // No thread to be had (memory, a thread limit): this runs after a commit, which must not hear
      // of it. SQLite's own checkpoint at the fallback mark keeps the WAL bounded meanwhile.
      pages = 0
      if (!failing) options.onError?.(`background checkpoint of ${file} could not start: ${String(error)}`)
      failing = true
      return
    }
    notSynced.clear()
    handedOut = sync
    user.running = true
    pages = 0
  }
  users.set(id, user)

  return {
    unsynced: () => [...new Set([...notSynced, ...handedOut])],
    committed(bytes) {
      // Each commit rewrites at least a table leaf or two besides what it adds.
      pages += 2 + Math.ceil(bytes / pageSize)
      if (!user.running && pages >= CHECKPOINT_EVERY_PAGES) request()
    },
    close() {
      if (closed) return
      closed = true
      users.delete(id)
      if (users.size === 0) {
        keepRunning = false
        stopWorker()
      }
    },
  }
}

/** Whether a checkpoint worker thread is running now (for tests and the footprint benchmark). */
export const checkpointWorkerRunning = (): boolean => current !== undefined
