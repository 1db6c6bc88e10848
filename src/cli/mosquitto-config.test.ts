import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { runMosquittoConfig } from './mosquitto-config.js'

describe('weasley-clock mosquitto-config, what it says', () => {
  it('names every account and topic as written, and says device ids are lowercase', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'weasley-mosquitto-'))
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
    const config = path.join(dir, 'weasley.config.json')
    writeFileSync(
      config,
      JSON.stringify({
        uniqueId: 'Weasleys',
        members: [
          { name: 'Ginny', devices: [{ id: 'Ginny-Phone', password: 'ginny-password-1' }] },
          { name: 'Ron', devices: [{ id: 'ron', password: 'ron-password-12' }] },
        ],
        broker: { clockUsername: 'weasley-clock', clockPassword: 'clock-password-1' },
        dataDir: path.join(dir, 'data'),
      }),
    )
    const lines: string[] = []
    const code = await runMosquittoConfig({ config, out: path.join(dir, 'mosquitto') }, (line) =>
      lines.push(line),
    )
    expect(code).toBe(0)
    const said = lines.join('\n')
    expect(lines).toContainEqual(
      '  ginny-phone    writes owntracks/Weasleys/ginny-phone (and its event, info, … subtopics), reads owntracks/Weasleys/#',
    )
    expect(lines).toContainEqual(
      '  ron            writes owntracks/Weasleys/ron (and its event, info, … subtopics), reads owntracks/Weasleys/#',
    )
    expect(lines).toContainEqual(
      '  weasley-clock  the clock: reads owntracks/Weasleys/#, writes owntracks/Weasleys/+/cmd and weasley/Weasleys/#',
    )
    expect(said).toMatch(
      /Device ids are written in lowercase: .*Username and Device ID must be the id above in lowercase/,
    )
    expect(said).toContain('the base topic owntracks/Weasleys/%d')
    expect(said).not.toContain('Ginny-Phone')
  })
})
