import { EventEmitter } from 'node:events'
import { networkInterfaces } from 'node:os'
import { describe, expect, it } from 'vitest'
import { isExampleName } from '../core/provisioning.js'
import { lanUrls, untilStopped } from './serve.js'

describe('the web clock’s addresses on the LAN', () => {
  const external = Object.values(networkInterfaces())
    .flat()
    .filter((a) => a !== undefined && !a.internal && a.family === 'IPv4')
    .map((a) => a?.address as string)

  it('are every external IPv4 address when it listens everywhere, none when only on loopback', () => {
    expect(lanUrls('0.0.0.0', 8080)).toEqual(external.map((a) => `http://${a}:8080/`))
    expect(lanUrls('127.0.0.1', 8080)).toEqual([])
    expect(lanUrls('localhost', 8080)).toEqual([])
  })

  it('is the one address it listens on when the config names one', () => {
    const one = external[0]
    if (one !== undefined) expect(lanUrls(one, 80)).toEqual([`http://${one}:80/`])
    expect(lanUrls('203.0.113.9', 80)).toEqual([])
  })
})

describe('placeholder names', () => {
  it('are told from real ones', () => {
    for (const name of ['clock.example.org', 'EXAMPLE.COM', 'pi.example', 'x.invalid', 'example.net.'])
      expect(isExampleName(name), name).toBe(true)
    // (.test is reserved too, but some home networks name their machines under it.)
    for (const name of ['clock.home.arpa', 'myexample.org', 'example.org.uk', 'examples.com', 'pi.test'])
      expect(isExampleName(name), name).toBe(false)
  })
})

describe('stopping on a signal', () => {
  it('stops at the first, lets a second (Ctrl-C under npm) wait for a clean stop, ends at once on a third', async () => {
    const signals = new EventEmitter()
    const logs: string[] = []
    const exits: number[] = []
    const stopped = untilStopped({ log: (_level, line) => void logs.push(line) }, signals, (code) =>
      exits.push(code),
    )
    signals.emit('SIGINT')
    await stopped
    signals.emit('SIGINT')
    expect(exits).toEqual([])
    signals.emit('SIGTERM')
    expect(exits).toEqual([130])
    expect(logs).toEqual([
      'SIGINT: stopping',
      'SIGINT again: still stopping (a third stops at once, without closing cleanly)',
      'SIGTERM a third time: stopping at once',
    ])
    // A terminal closed (SIGHUP) stops it too, where there is one; under nohup (no terminal) it is ignored.
    const hup = new EventEmitter()
    void untilStopped({ log: () => {} }, hup, () => {})
    expect(hup.listenerCount('SIGHUP')).toBe(process.stdout.isTTY || process.stdin.isTTY ? 1 : 0)
  })
})
