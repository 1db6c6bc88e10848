// Sequential TLS connects from a minimal MQTT client, run by bench/footprint.ts in its own process:
// a bare TLS socket writes a CONNECT packet and waits for the CONNACK bytes, so neither a client
// library's work and garbage nor the bench's other clients are in the figure, only the broker, the
// kernel and the machine. Reads its job as JSON from argv, prints one JSON result line.

import { readFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { connect, createSecureContext, type SecureContext } from 'node:tls'
import { percentile } from './percentile.js'
import { cpuMsOf } from './proc-stats.js'

const WARM_UP = 20

export interface ConnectJob {
  port: number
  caFile: string
  username: string
  password: string
  count: number
  /** The broker's process, for its CPU time per connect. */
  brokerPid: number
}

export interface ConnectResult {
  count: number
  medianMs: number
  p99Ms: number
  slowestMs: number[]
  brokerCpuMsPerConnect: number
}

/** An MQTT 3.1.1 CONNECT with a clean session, username and password (MQTT §3.1). */
function connectPacket(clientId: string, username: string, password: string): Buffer {
  const text = (value: string) => {
    const bytes = Buffer.from(value, 'utf8')
    const length = Buffer.alloc(2)
    length.writeUInt16BE(bytes.length)
    return Buffer.concat([length, bytes])
  }
  // Protocol name, level 4, flags (username, password, clean session), keepalive 60 s.
  const variable = Buffer.concat([text('MQTT'), Buffer.from([4, 0xc2, 0, 60])])
  const body = Buffer.concat([variable, text(clientId), text(username), text(password)])
  if (body.length > 127) throw new Error('CONNECT too long for a one-byte remaining length')
  return Buffer.concat([Buffer.from([0x10, body.length]), body])
}

function connectOnce(job: ConnectJob, trust: SecureContext, clientId: string): Promise<number> {
  const t0 = performance.now()
  return new Promise((resolve, reject) => {
    let answered = false
    const socket = connect(
      { host: '127.0.0.1', port: job.port, secureContext: trust, servername: 'localhost' },
      () => {
        socket.setNoDelay(true)
        socket.write(connectPacket(clientId, job.username, job.password))
      },
    )
    socket.once('data', (connack: Buffer) => {
      answered = true
      const ms = performance.now() - t0
      // CONNACK, remaining length 2, return code 0 (accepted).
      if (connack[0] !== 0x20 || connack[3] !== 0) reject(new Error(`refused: ${connack.toString('hex')}`))
      socket.end(Buffer.from([0xe0, 0x00])) // DISCONNECT: a clean goodbye, no will
      socket.once('close', () => resolve(ms))
    })
    // A reset after our DISCONNECT is the broker closing first: not a failure.
    socket.on('error', (error) => {
      if (!answered) reject(error)
    })
  })
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '{}') as ConnectJob
  // Loaded once, as a phone's TLS stack loads its trust store once: a context per connect (Node's
  // default when `ca` is passed) added ~0.4 ms of client work to every connect measured.
  const trust = createSecureContext({ ca: readFileSync(job.caFile) })
  // Warm-up, not counted: the first connects of a fresh process compile its TLS and socket code.
  for (let i = 0; i < WARM_UP; i++) await connectOnce(job, trust, `connect-warm-up-${i}`)
  const cpu0 = cpuMsOf(job.brokerPid)
  const times: number[] = []
  for (let i = 0; i < job.count; i++) times.push(await connectOnce(job, trust, `connect-minimal-${i}`))
  const brokerCpuMsPerConnect = (cpuMsOf(job.brokerPid) - cpu0) / job.count
  times.sort((a, b) => a - b)
  const at = (q: number) => percentile(times, q)
  const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits
  const result: ConnectResult = {
    count: job.count,
    medianMs: round(at(0.5)),
    p99Ms: round(at(0.99)),
    slowestMs: times.slice(-5).map((t) => round(t, 1)),
    brokerCpuMsPerConnect: round(brokerCpuMsPerConnect),
  }
  process.stdout.write(`${JSON.stringify(result)}\n`)
}

await main()
