// A real Mosquitto 2.0 for tests: its own config, password file and ACL in a temp dir, on a free port.

import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { once } from 'node:events'
import { writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import path from 'node:path'

export interface MosquittoOptions {
  dir: string
  users: Record<string, string>
  /** ACL file text; omitted = every authenticated user may do anything. */
  acl?: string
  tls?: { caFile: string; certFile: string; keyFile: string }
  port?: number
}

export interface Mosquitto {
  port: number
  stop(): Promise<void>
  start(): Promise<void>
  log(): string
}

export async function freePort(): Promise<number> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

export async function startMosquitto(options: MosquittoOptions): Promise<Mosquitto> {
  const port = options.port ?? (await freePort())
  const passwordFile = path.join(options.dir, 'passwords')
  writeFileSync(passwordFile, '')
  for (const [user, password] of Object.entries(options.users)) {
    execFileSync('mosquitto_passwd', ['-b', passwordFile, user, password])
  }
  const lines = [
    'user root',
    `listener ${port} 127.0.0.1`,
    'allow_anonymous false',
    `password_file ${passwordFile}`,
    'persistence true',
    `persistence_location ${options.dir}/`,
    'log_dest stderr',
    'log_type error',
    'log_type warning',
    'log_type notice',
    'log_type information',
  ]
  if (options.acl !== undefined) {
    const aclFile = path.join(options.dir, 'acl')
    writeFileSync(aclFile, options.acl)
    lines.push(`acl_file ${aclFile}`)
  }
  if (options.tls) {
    lines.push(
      `cafile ${options.tls.caFile}`,
      `certfile ${options.tls.certFile}`,
      `keyfile ${options.tls.keyFile}`,
      'tls_version tlsv1.2',
    )
  }
  const confFile = path.join(options.dir, 'mosquitto.conf')
  writeFileSync(confFile, `${lines.join('\n')}\n`)

  let child: ChildProcess | undefined
  let output = ''
  const start = async () => {
    output = ''
    child = spawn('mosquitto', ['-c', confFile], { stdio: ['ignore', 'pipe', 'pipe'] })
    child.stdout?.on('data', (d: Buffer) => {
      output += d.toString()
    })
    child.stderr?.on('data', (d: Buffer) => {
      output += d.toString()
    })
    await waitForRunning(child, 5_000, () => output)
  }
  await start()
  return {
    port,
    start,
    log: () => output,
    async stop() {
      if (!child || child.exitCode !== null) return
      const running = child
      const exited = once(running, 'exit')
      running.kill('SIGTERM')
      // Mosquitto 2.0.11 now and then stays up after SIGTERM (seen once in a few dozen runs of the
      // doctor tests, with no client of ours connected): a test must not hang on the broker it borrowed.
      const timer = setTimeout(() => running.kill('SIGKILL'), 3_000)
      await exited
      clearTimeout(timer)
    },
  }
}

/** Mosquitto logs "mosquitto version … running" once its listeners are open. */
function waitForRunning(child: ChildProcess, timeoutMs: number, log: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`mosquitto did not start within ${timeoutMs} ms:\n${log()}`)),
      timeoutMs,
    )
    const check = () => {
      if (/ running/.test(log())) {
        clearTimeout(timer)
        resolve()
      }
    }
    child.stderr?.on('data', check)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`mosquitto exited (${code}):\n${log()}`))
    })
    check()
  })
}
