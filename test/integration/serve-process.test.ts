// `npm start` as a user runs it: the built command, a config file, kill -9 and a restart.

import { spawn } from 'node:child_process'
import { X509Certificate } from 'node:crypto'
import { once } from 'node:events'
import { closeSync, existsSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { type AddressInfo, createServer } from 'node:net'
import path from 'node:path'
import mqtt from 'mqtt'
import { describe, expect, it, onTestFinished, vi } from 'vitest'
import type { ClockView } from '../../src/core/clock-view.js'
import { aLocation, aTransition } from '../builders.js'
import { BUILT_CLI, serveArgs, serveConfig, startServeProcess } from '../support/cli-process.js'
import { BASE_CONFIG, FAMILY, json, PASSWORDS, tempDir } from '../support/clock-harness.js'

const nowSec = () => Math.floor(Date.now() / 1000)

const serve = (dir: string, configFile: string) => serveConfig(dir, configFile)

const stateOf = async (url: string) => (await (await fetch(`${url}api/state`)).json()) as ClockView

describe('weasley-clock serve', () => {
  it('keeps every hand where it was after kill -9 and a restart', async () => {
    const dir = tempDir()
    const configFile = path.join(dir, 'weasley.config.json')
    writeFileSync(configFile, JSON.stringify(BASE_CONFIG))
    const first = await serve(dir, configFile)
    expect(first.output()).toContain(`family "${FAMILY}"`)
    expect(first.output()).toMatch(/CA cert: +\S+ca\.crt \(new: install it on every phone\)/)

    const phone = (id: 'ginny' | 'ron') =>
      mqtt.connectAsync(`mqtt://127.0.0.1:${first.mqttPort}`, {
        username: id,
        password: PASSWORDS[id],
        reconnectPeriod: 0,
      })
    const ginny = await phone('ginny')
    const ron = await phone('ron')
    await ginny.publishAsync(
      `owntracks/${FAMILY}/ginny/event`,
      json(aTransition({ desc: 'School', lat: 56.8198, lon: -5.1052, tst: nowSec() })),
      { qos: 1 },
    )
    await ron.publishAsync(
      `owntracks/${FAMILY}/ron`,
      json(aLocation({ lat: 51.5007, lon: -0.1246, tst: nowSec() })),
      { qos: 1 },
    )
    const before = await stateOf(first.httpUrl)
    expect(before.members.map((m) => [m.id, m.place])).toEqual([
      ['molly', 'Lost'],
      ['ginny', 'School'],
      ['ron', 'Work'],
    ])
    await Promise.all([ginny.endAsync(true), ron.endAsync(true)])

    first.child.kill('SIGKILL')
    expect(await first.exited).toBe('SIGKILL')

    // A new public name: a new server certificate from the same CA, which the phones already have.
    writeFileSync(
      configFile,
      JSON.stringify({ ...BASE_CONFIG, broker: { ...BASE_CONFIG.broker, publicHosts: ['clock.home.arpa'] } }),
    )
    const second = await serve(dir, configFile)
    expect(second.output()).toMatch(
      /CA cert: +\S+ca\.crt \(unchanged, phones keep it; the server certificate/,
    )
    const after = await stateOf(second.httpUrl)
    expect(after.members).toEqual(before.members)
    second.child.kill('SIGTERM')
    expect(await second.exited).toBe(0)
    expect(second.output()).not.toContain(PASSWORDS.ginny)
  })

  it('shows the CA’s SHA-256 fingerprint as a phone shows it, at start and to the setup page', async () => {
    const dir = tempDir()
    const configFile = path.join(dir, 'weasley.config.json')
    writeFileSync(configFile, JSON.stringify(BASE_CONFIG))
    const p = await serveConfig(dir, configFile)
    const fingerprint = new X509Certificate(readFileSync(path.join(dir, 'data', 'tls', 'ca.crt')))
      .fingerprint256
    expect(fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/)
    expect(p.output()).toMatch(/\n {2}CA cert: .*\n {2}CA SHA-256: {2}(\S+) \(compare it/)
    expect(/CA SHA-256: +(\S+)/.exec(p.output())?.[1]).toBe(fingerprint)
    // The setup page's HEAD of /ca.crt (the page shows it next to the download).
    const head = await fetch(`${p.httpUrl}ca.crt`, { method: 'HEAD' })
    expect(head.headers.get('x-certificate-sha256')).toBe(fingerprint)
  })

  it('lists every config problem and exits non-zero without listening', async () => {
    const dir = tempDir()
    const configFile = path.join(dir, 'bad.json')
    writeFileSync(
      configFile,
      JSON.stringify({ uniqueId: 'a b', members: [{ devices: [] }], clockStyle: 'sundial' }),
    )
    await expect(startServeProcess(['--config', configFile, '--data-dir', dir])).rejects.toThrow(
      /exited \(78\)[\s\S]*3 problems[\s\S]*uniqueId[\s\S]*members\[0\]\.name[\s\S]*clockStyle/,
    )
  })

  it('says a MagicMirror config.js is not valid JavaScript without quoting it', async () => {
    // (Node's own message for the mistake, "Unexpected identifier 'hunter22'", names the password.)
    const dir = tempDir()
    const configFile = path.join(dir, 'config.js')
    writeFileSync(
      configFile,
      'let config = { modules: [{ module: "MMM-WeasleyClock", config: { mirrorPass: hunter22 secret } }] }\n',
    )
    const failure = await startServeProcess(['--config', configFile, '--data-dir', dir]).catch(
      (error: Error) => error.message,
    )
    expect(failure).toMatch(/exited \(78\)[\s\S]*a syntax error: the file is not valid JavaScript/)
    expect(failure).not.toContain('hunter22')
    expect(failure).not.toContain('secret')
  })

  it('refuses to start with a certificate file it cannot read, naming it', async () => {
    const dir = tempDir()
    const configFile = path.join(dir, 'weasley.config.json')
    writeFileSync(
      configFile,
      JSON.stringify({ ...BASE_CONFIG, broker: { certFile: 'missing.crt', keyFile: 'missing.key' } }),
    )
    await expect(startServeProcess(['--config', configFile, '--data-dir', dir])).rejects.toThrow(
      /exited \(78\)[\s\S]*broker\.certFile: missing\.crt: no such file[\s\S]*broker\.keyFile: missing\.key: no such file/,
    )
  })

  it('starts the demo family when no config file is given, says so, and keeps its state apart', async () => {
    const dir = tempDir()
    const ports = ['--http-port', '0', '--mqtt-port', '0', '--mqtts-port', '0']
    const p = await startServeProcess(ports, 15_000, dir)
    onTestFinished(() => {
      p.child.kill('SIGKILL')
    })
    expect(p.output()).toMatch(/demo family/)
    const view = await stateOf(p.httpUrl)
    expect(view.members.map((m) => m.name)).toEqual(['Molly', 'Arthur', 'Ginny', 'Ron'])
    // In data/demo: a family's own clock started later in the same folder begins with nothing of it.
    expect(existsSync(path.join(dir, 'data', 'demo', 'weasley.db'))).toBe(true)
    expect(existsSync(path.join(dir, 'data', 'weasley.db'))).toBe(false)
    expect(statSync(path.join(dir, 'data', 'demo', 'weasley.db')).mode & 0o777).toBe(0o600)
    expect(statSync(path.join(dir, 'data', 'demo')).mode & 0o777).toBe(0o700)
  })

  it('keeps running when whoever reads its log goes away, and still stops cleanly', async () => {
    const dir = tempDir()
    const ports = ['--http-port', '0', '--mqtt-port', '0', '--mqtts-port', '0']
    const p = await startServeProcess(ports, 15_000, dir)
    onTestFinished(() => {
      if (p.child.exitCode === null) p.child.kill('SIGKILL')
    })
    // The reader closes the pipes (`npm start 2>&1 | head`, a log collector restarting) ...
    p.child.stdout?.destroy()
    p.child.stderr?.destroy()
    // ... and the clock has something to log: refused logins (the refusal comes after the log line).
    for (let i = 0; i < 3; i++)
      await expect(
        mqtt.connectAsync(`mqtt://127.0.0.1:${p.mqttPort}`, {
          username: 'nobody',
          password: 'wrong-password',
          reconnectPeriod: 0,
        }),
      ).rejects.toThrow()
    expect((await fetch(`${p.httpUrl}healthz`)).status).toBe(200)
    p.child.kill('SIGTERM')
    expect(await p.exited).toBe(0)
  })

  it.skipIf(!existsSync('/dev/full'))(
    'keeps running when its log cannot be written (a full disk), and stops cleanly on Ctrl-C under npm',
    async () => {
      const dir = tempDir()
      // Its log (stderr) to a full disk: every write fails with ENOSPC. The summary (stdout) is read.
      const full = openSync('/dev/full', 'w')
      onTestFinished(() => closeSync(full))
      const child = spawn(
        process.execPath,
        [...BUILT_CLI, 'serve', '--http-port', '0', '--mqtt-port', '0', '--mqtts-port', '0', '--debug'],
        { cwd: dir, stdio: ['ignore', 'pipe', full], env: { ...process.env, NODE_NO_WARNINGS: '1' } },
      )
      onTestFinished(() => {
        if (child.exitCode === null) child.kill('SIGKILL')
      })
      let text = ''
      child.stdout?.on('data', (chunk: Buffer) => {
        text += chunk.toString()
      })
      const exited = once(child, 'exit')
      await vi.waitFor(() => expect(text).toMatch(/\n {2}Data: +\S+/), { timeout: 15_000, interval: 50 })
      const httpUrl = /Web clock: +(\S+)/.exec(text)?.[1] ?? ''
      const mqttPort = Number(/MQTT: +port (\d+)/.exec(text)?.[1])
      // Things to log (at debug, every message): refused logins.
      for (let i = 0; i < 3; i++)
        await expect(
          mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`, {
            username: 'nobody',
            password: 'wrong-password',
            reconnectPeriod: 0,
          }),
        ).rejects.toThrow()
      expect((await fetch(`${httpUrl}healthz`)).status).toBe(200)
      // Ctrl-C under npm: the terminal's SIGINT and npm's, one after the other.
      child.kill('SIGINT')
      child.kill('SIGINT')
      const [code, signal] = await exited
      expect({ code, signal }).toEqual({ code: 0, signal: null })
    },
  )

  it('says where the passwords are that a first start made before it failed on a busy port', async () => {
    const dir = tempDir()
    const configFile = path.join(dir, 'weasley.config.json')
    writeFileSync(
      configFile,
      JSON.stringify({ ...BASE_CONFIG, members: [{ name: 'Ginny', devices: ['ginny'] }] }),
    )
    const busy = createServer()
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve))
    onTestFinished(() => new Promise<void>((resolve) => busy.close(() => resolve())))
    const port = String((busy.address() as AddressInfo).port)
    const args = serveArgs(dir, configFile).map((a, i, all) => (all[i - 1] === '--http-port' ? port : a))
    await expect(startServeProcess(args)).rejects.toThrow(/before it was ready/)
    const second = await serve(dir, configFile)
    const file = path.join(dir, 'data', 'new-passwords.txt')
    await vi.waitFor(() => expect(second.output()).toContain(`MQTT passwords still to set up are in ${file}`))
    expect(readFileSync(file, 'utf8')).toMatch(/^ginny\t\S+\tmember ginny$/m)
  })
})
