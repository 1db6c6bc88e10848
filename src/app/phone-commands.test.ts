import { describe, expect, it } from 'vitest'
import { createConsoleLogger } from '../adapters/log/logger.js'
import type { Settings } from '../core/model.js'
import { createPhoneCommands } from './phone-commands.js'
import type { Publisher } from './ports.js'

const settings: Settings = {
  family: 'fam',
  members: [
    { id: 'ann', name: 'Ann', deviceIds: ['ann-phone', 'ann-tablet'] },
    { id: 'bob', name: 'Bob', deviceIds: ['bob-phone'] },
  ],
  places: [],
  lostAfterMinutes: 600,
  lwtMeansLost: false,
  maxAccuracyMeters: 500,
  hysteresisMeters: 50,
  maxPayloadBytes: 64 * 1024,
}

function commandsThrough(publisher: Publisher) {
  const logs: string[] = []
  const meta = new Map<string, string>()
  const commands = createPhoneCommands({
    settings,
    wrap: (_device, command) => JSON.stringify(command),
    publisher: () => publisher,
    logger: createConsoleLogger({ level: 'info', write: (line) => logs.push(line) }),
    meta: { get: (k) => meta.get(k), set: (k, v) => void meta.set(k, v) },
    commandWaitMs: 20,
  })
  return { commands, logs }
}

describe('phone commands', () => {
  it('tells the caller a command is queued when the broker does not take it in time, instead of hanging', async () => {
    // An external broker out of reach: the client keeps the command and never settles meanwhile.
    const { commands, logs } = commandsThrough({ publish: () => new Promise<void>(() => {}) })
    expect(await commands.requestLocation('Ann')).toBe(2)
    expect(logs.filter((l) => l.includes('waits for the broker'))).toHaveLength(2)
  })

  it('counts only the commands the broker took, and names the device of each one it refused', async () => {
    const { commands, logs } = commandsThrough({
      publish: (topic) =>
        topic.includes('bob') ? Promise.reject(new Error('not authorized')) : Promise.resolve(),
    })
    expect(await commands.requestLocation()).toBe(2)
    expect(logs).toEqual([expect.stringContaining('could not send a command to bob-phone: not authorized')])
  })
})
