// Helpers for benchmarks that run brokers as child processes.

import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

/**
 * The Node flags package.json gives a command (`npm start` runs `serve`, `npm run host` runs `host`),
 * so a bench or soak that starts the service itself measures it as users run it.
 */
export function serviceNodeFlags(command: 'serve' | 'host' = 'serve'): string[] {
  const packageJson = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'package.json')
  const scripts = (JSON.parse(readFileSync(packageJson, 'utf8')) as { scripts: Record<string, string> })
    .scripts
  const script = scripts[command === 'serve' ? 'start' : command] ?? ''
  // "exec": npm's shell gives way to node, so a signal sent to npm reaches the clock.
  const flags = new RegExp(`^(?:exec )?node((?: --\\S+)*) dist/weasley\\.mjs ${command}$`).exec(script)?.[1]
  if (flags === undefined) throw new Error(`unexpected npm script for ${command}: ${script}`)
  return flags.split(' ').filter((f) => f !== '')
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

/** The last 20,000 characters each child wrote, for error reports. */
export const outputs = new Map<ChildProcess, string>()

/** Resolves with the child's output once it matches `pattern`; rejects if it exits or takes 2 min. */
export function waitForOutput(child: ChildProcess, pattern: RegExp, what: string): Promise<string> {
  let text = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not start:\n${text.slice(-2000)}`)), 120_000)
    const onData = (d: Buffer) => {
      text = (text + d.toString()).slice(-20_000)
      outputs.set(child, text)
      if (pattern.test(text)) {
        clearTimeout(timer)
        resolve(text)
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code) => reject(new Error(`${what} exited ${code}:\n${text.slice(-2000)}`)))
  })
}

/**
 * Runs a bench script (a bundle) in a process of its own with one JSON argument and resolves with the
 * JSON line it printed last; rejects with the end of its stderr if it fails or runs over `timeoutMs`.
 */
export async function runJsonScript<T>(script: string, input: unknown, timeoutMs = 180_000): Promise<T> {
  const child = spawn(process.execPath, [script, JSON.stringify(input)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString()
  })
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString()
  })
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
  const [status] = (await once(child, 'exit')) as [number | null]
  clearTimeout(timer)
  const line = stdout.trim().split('\n').at(-1) ?? ''
  if (status !== 0 || !line.startsWith('{')) throw new Error(`exit ${status}: ${stderr.slice(-2000)}`)
  return JSON.parse(line) as T
}

/**
 * Bundles bench/<name>.ts into `outfile` as the benches themselves are built (ESM, npm packages left
 * external, so the bundle must sit where node_modules can be found if it imports any).
 */
export async function bundleBenchScript(name: string, outfile: string): Promise<string> {
  const benchDir = path.dirname(fileURLToPath(import.meta.url))
  await build({
    entryPoints: [path.join(benchDir, `${name}.ts`)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  })
  return outfile
}
