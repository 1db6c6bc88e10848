// Runs the built command (`node dist/weasley.mjs serve …`) as a child process, as `npm start` does.

import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import path from 'node:path'
import { onTestFinished } from 'vitest'
import { ROOT } from './clock-harness.js'

export interface ServeProcess {
  child: ChildProcess
  output: () => string
  httpUrl: string
  mqttPort: number
  mqttsPort: number
  /** Resolves with the exit code (or signal name). */
  exited: Promise<number | string>
}

/** The built command, as `npm start` runs it. */
export const BUILT_CLI = [path.join(ROOT, 'dist', 'weasley.mjs')]

/** `serve` with these arguments, as a child process whose output is piped; not waited for. */
export function spawnServe(args: string[], cwd = ROOT): ChildProcess {
  return spawn(process.execPath, [...BUILT_CLI, 'serve', ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
  })
}

export async function startServeProcess(
  args: string[],
  timeoutMs = 15_000,
  cwd = ROOT,
): Promise<ServeProcess> {
  const child = spawnServe(args, cwd)
  let text = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    text += chunk.toString()
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    text += chunk.toString()
  })
  const exited = once(child, 'exit').then(([code, signal]) => (code ?? signal) as number | string)
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`serve did not start within ${timeoutMs} ms:\n${text}`)),
      timeoutMs,
    )
    const check = () => {
      // "Data:" is the last line of the start-up summary.
      if (/Web clock: +http/.test(text) && /\n {2}Data: +\S+/.test(text)) {
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout?.on('data', check)
    exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`serve exited (${code}) before it was ready:\n${text}`))
    })
  })
  await ready
  return {
    child,
    output: () => text,
    httpUrl: /Web clock: +(\S+)/.exec(text)?.[1] ?? '',
    mqttPort: Number(/MQTT: +port (\d+)/.exec(text)?.[1]),
    mqttsPort: Number(/MQTT \(TLS\): +port (\d+)/.exec(text)?.[1]),
    exited,
  }
}

/** The arguments of `serve --config FILE --data-dir DIR/data` on free ports (or the given MQTT port). */
export function serveArgs(
  dir: string,
  configFile: string,
  options: { mqttPort?: number; extraArgs?: string[] } = {},
): string[] {
  const args = ['--config', configFile, '--data-dir', path.join(dir, 'data'), '--http-port', '0']
  args.push('--mqtt-port', String(options.mqttPort ?? 0), '--mqtts-port', '0', ...(options.extraArgs ?? []))
  return args
}

/** `serve --config FILE --data-dir DIR/data` on free ports (or the given MQTT port), killed after the test. */
export async function serveConfig(
  dir: string,
  configFile: string,
  options: { mqttPort?: number; extraArgs?: string[] } = {},
): Promise<ServeProcess> {
  const p = await startServeProcess(serveArgs(dir, configFile, options))
  onTestFinished(() => {
    if (p.child.exitCode === null) p.child.kill('SIGKILL')
  })
  return p
}
