// The command line as a user meets it: each command's own help, an option a command does not take
// refused (never silently ignored), and the admin commands finding the token the clock keeps.

import { execFile, spawn } from 'node:child_process'
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import path from 'node:path'
import { promisify } from 'node:util'
import Database from 'better-sqlite3'
import { describe, expect, it, onTestFinished } from 'vitest'
import { adminTokenFile } from '../../src/adapters/auth/admin-token.js'
import { keyFromSecret, seal } from '../../src/adapters/crypto/owntracks-crypto.js'
import { SEGMENT_BATCH_BYTES } from '../../src/adapters/sqlite/journal-segments.js'
import { COMMANDS } from '../../src/cli/commands.js'
import {
  BASE_CONFIG,
  FAMILY,
  json,
  PASSWORDS,
  ROOT,
  startTestClock,
  tempDir,
} from '../support/clock-harness.js'
import { freePort } from '../support/mosquitto.js'

/** The built command, run as a user runs it: its exit code, stdout and stderr. */
async function weasley(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [
      path.join(ROOT, 'dist', 'weasley.mjs'),
      ...args,
    ])
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

/** Every file under `dir` with its size and modification time. */
function folderListing(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .sort()
    .map((name) => {
      const stat = statSync(path.join(dir, name))
      return `${name} ${stat.size} ${stat.mtimeMs}`
    })
}

describe('weasley-clock options', () => {
  it('refuses an option the command does not take, saying which, with the command’s own help', async () => {
    const dir = tempDir()
    // --mqtts-port is serve's: provision taking it silently would put the wrong port in the QR code.
    const wrong = await weasley('provision', 'Ginny', '--mqtts-port', '9999', '--data-dir', dir)
    expect(wrong.code).toBe(2)
    expect(wrong.stderr.split('\n')[0]).toBe('weasley-clock: provision does not take --mqtts-port')
    expect(wrong.stderr).toContain('--port N')
    expect(wrong.stdout).toBe('')

    const typo = await weasley('serve', '--http-prot', '8080')
    expect(typo.code).toBe(2)
    expect(typo.stderr.split('\n')[0]).toMatch(/^weasley-clock: serve: Unknown option '--http-prot'/)
    const none = await weasley('hash-password', '--config', 'x.json')
    expect(none.stderr.split('\n')[0]).toBe(
      'weasley-clock: hash-password does not take --config (it takes no options)',
    )
  })

  it('lists the problems of every family a host is given, not only the first one’s', async () => {
    const dir = tempDir()
    const file = (name: string, config: object) => {
      const at = path.join(dir, name)
      writeFileSync(at, JSON.stringify(config))
      return at
    }
    const bad1 = file('bad1.json', { uniqueId: 'a b', members: [{ name: 'Ann', devices: ['ann'] }] })
    const bad2 = file('bad2.json', { uniqueId: 'joneses', members: [], clockStyle: 'sundial' })
    const result = await weasley('host', bad1, bad2, '--data-dir', path.join(dir, 'host'))
    expect(result.code).toBe(78)
    expect(result.stderr).toContain(`${bad1}: uniqueId: may hold only letters`)
    expect(result.stderr).toContain(`${bad2}: clockStyle`)
  })

  it('lets doctor fail, as serve would, on a certificate file the config names that is not there', async () => {
    const dir = tempDir()
    const configFile = path.join(dir, 'weasley.config.json')
    const certFile = path.join(dir, 'missing', 'fullchain.pem')
    writeFileSync(
      configFile,
      JSON.stringify({
        ...BASE_CONFIG,
        dataDir: path.join(dir, 'data'),
        broker: { ...BASE_CONFIG.broker, certFile, keyFile: path.join(dir, 'missing', 'privkey.pem') },
      }),
    )
    const result = await weasley('doctor', '--config', configFile)
    expect(result.code).toBe(78)
    expect(result.stderr).toContain(certFile)
    expect(result.stdout).not.toContain('none yet')
  })

  it('gives each command its own help, and lists every command in the general one', async () => {
    const general = await weasley('--help')
    expect(general.code).toBe(0)
    for (const name of Object.keys(COMMANDS)) expect(general.stdout).toMatch(new RegExp(`^  ${name} `, 'm'))
    const mosquitto = await weasley('mosquitto-config', '--help')
    expect(mosquitto.code).toBe(0)
    for (const flag of ['--out DIR', '--port N', '--cert FILE', '--key FILE', '--config FILE'])
      expect(mosquitto.stdout).toContain(flag)
    expect(mosquitto.stdout).not.toContain('--mqtts-port')
    const unknown = await weasley('provison')
    expect([unknown.code, unknown.stderr.split('\n')[0]]).toEqual([
      2,
      'weasley-clock: unknown command "provison"; did you mean "provision"?',
    ])
    expect((await weasley('help', 'provision')).stdout).toBe((await weasley('provision', '--help')).stdout)
  })

  it('lets the admin commands find the token in the clock’s data folder', async () => {
    const t = await startTestClock()
    const asked = await weasley('report-location', 'ginny', '--url', t.clock.httpUrl, '--data-dir', t.dataDir)
    expect(asked.stderr).toBe('')
    expect(asked.code).toBe(0)
    expect(asked.stdout).toMatch(/device/)
    // The token kept here is never sent to a clock on another machine.
    const away = await weasley('places', 'push', '--url', 'http://192.0.2.5:8080/', '--data-dir', t.dataDir)
    expect([away.code, away.stderr.trim()]).toEqual([
      1,
      'weasley-clock: give the admin token of the clock at http://192.0.2.5:8080/ with --token or WEASLEY_ADMIN_TOKEN',
    ])
    const elsewhere = await weasley('places', 'push', '--url', t.clock.httpUrl, '--data-dir', tempDir())
    expect(elsewhere.code).toBe(1)
    expect(elsewhere.stderr).toMatch(
      /give the admin token with --token or WEASLEY_ADMIN_TOKEN \(.*admin-token\.txt is not there/,
    )
  })

  it('shows a running clock the messages it received, newest first, a rejected one with why', async () => {
    const t = await startTestClock()
    const ginny = await t.phone('ginny')
    const topic = `owntracks/${FAMILY}/ginny`
    const tst = Math.floor(Date.now() / 1000)
    // QoS 1: each PUBACK comes once its message is committed, journal included.
    await ginny.publishAsync(topic, json({ _type: 'location', lat: 51.5, lon: -0.12, tst, tid: 'gw' }), {
      qos: 1,
    })
    await ginny.publishAsync(topic, '{"_type":"location","lat":\u001b[31m', { qos: 1 })
    await ginny.publishAsync(`${topic}/status`, json({ _type: 'status', android: {} }), { qos: 1 })

    const all = await weasley('journal', '--data-dir', t.dataDir)
    expect([all.code, all.stderr]).toEqual([0, ''])
    const heads = all.stdout.split('\n').filter((line) => /^\d{4}-/.test(line))
    expect(heads.map((line) => line.split(/ {2}/).slice(1))).toEqual([
      ['ignored', `${topic}/status`],
      ['rejected (not-json)', topic],
      ['accepted', topic],
    ])
    // Why, and the payload as received, a terminal escape shown rather than sent.
    expect(all.stdout).toContain('{"_type":"location","lat":?[31m')
    expect(all.stdout).not.toContain('\u001b')
    expect(all.stdout).toContain(`"tst":${tst}`)

    const rejected = await weasley(
      'journal',
      '--data-dir',
      t.dataDir,
      '--outcome',
      'rejected',
      '--count',
      '5',
    )
    expect(rejected.stdout.split('\n').filter((line) => /^\d{4}-/.test(line))).toHaveLength(1)
    expect(rejected.stdout).toMatch(/^ {4}\S.*JSON/m)
    const none = await weasley('journal', '--data-dir', tempDir())
    expect(none.code).toBe(1)
    expect(none.stderr).toMatch(/^weasley-clock: no database at .*weasley\.db: has the clock run/)
    const wrong = await weasley('journal', '--data-dir', t.dataDir, '--outcome', 'lost', '--count', 'x')
    expect(wrong.code).toBe(2)
    expect(wrong.stderr.trim().split('\n')).toHaveLength(2)
    // The clock, read beside it, goes on taking messages: one big enough for a segment file
    // (journal-segments.ts), and one that starts with a byte-order mark, shown rather than hidden.
    const note = 'n'.repeat(SEGMENT_BATCH_BYTES)
    await ginny.publishAsync(topic, json({ _type: 'location', lat: 51.5, lon: -0.12, tst: tst + 1, note }), {
      qos: 1,
    })
    await ginny.publishAsync(topic, `\ufeff${json({ _type: 'location', lat: 51.5, lon: -0.12, tst })}`, {
      qos: 1,
    })
    const later = await weasley('journal', '--data-dir', t.dataDir, '--count', '2')
    expect(later.stdout).toContain(`"tst":${tst + 1},"note":"nnn`)
    expect(later.stdout).toMatch(/^\S+ {2}accepted {2}\S+\n {4}\?\{"_type"/)

    // A stopped clock's folder is read as it is, and left as it was: no -wal or -shm made for it
    // (run as another user, they would keep the clock from opening its database).
    await t.clock.close()
    const before = folderListing(t.dataDir)
    const stopped = await weasley('journal', '--data-dir', t.dataDir, '--count', '2')
    expect([stopped.code, stopped.stderr]).toEqual([0, ''])
    expect(stopped.stdout).toBe(later.stdout)
    expect(folderListing(t.dataDir)).toEqual(before)
  })

  it('replays what the clock rejected once the config is put right, and only moves a hand once', async () => {
    const t = await startTestClock()
    const ron = await t.phone('ron')
    const topic = `owntracks/${FAMILY}/ron`
    const sealed = json({
      _type: 'encrypted',
      data: seal(
        new TextEncoder().encode(
          json({ _type: 'location', lat: 51.5007, lon: -0.1246, tst: Math.floor(Date.now() / 1000) }),
        ),
        keyFromSecret('rons-secret'),
      ),
    })
    // Ron's phone encrypts, and the clock was not given his key.
    await ron.publishAsync(topic, sealed, { qos: 1 })
    await ron.publishAsync(topic, '{"_type":', { qos: 1 })
    const replay = (...args: string[]) =>
      weasley('replay', '--url', t.clock.httpUrl, '--data-dir', t.dataDir, ...args)
    const early = await replay()
    expect([early.code, early.stderr, early.stdout]).toEqual([
      0,
      '',
      'Replayed 2 rejected message(s): 0 accepted, 2 rejected again (encrypted-no-key 1, not-json 1); no hand moved.\n',
    ])

    const account = t.config.devices.find((d) => d.deviceId === 'ron')
    if (!account) throw new Error('no account for ron')
    account.encryptionKey = 'rons-secret'
    await t.restart()
    const fixed = await replay('--code', 'encrypted-no-key', '--since', '10m')
    expect([fixed.code, fixed.stderr, fixed.stdout]).toEqual([
      0,
      '',
      "Replayed 1 rejected message(s): 1 accepted; Ron's hand moved to Work.\n",
    ])
    expect((await t.member('ron')).place).toBe('Work')
    const journal = await weasley('journal', '--data-dir', t.dataDir, '--count', '1')
    expect(journal.stdout).toMatch(
      /^\S+ {2}accepted \(replayed, first received \d{4}-\S+Z\) {2}owntracks\/weasleys\/ron\n/,
    )
    // Once more: the one taken is not taken again; the one still refused is, and stays waiting.
    expect((await replay('--code', 'encrypted-no-key')).stdout).toBe(
      'No rejected messages in the journal to replay.\n',
    )
    expect((await replay()).stdout).toBe(
      'Replayed 1 rejected message(s): 0 accepted, 1 rejected again (not-json 1); no hand moved.\n',
    )
    const future = new Date(Date.now() + 60_000).toISOString()
    expect((await replay('--since', future)).stdout).toBe('No rejected messages in the journal to replay.\n')
    const history = (await (await fetch(`${t.clock.httpUrl}api/history?member=ron`)).json()) as unknown[]
    expect(history).toHaveLength(1)

    // The setup page's API says what is wrong with a request the command would not send.
    const token = readFileSync(adminTokenFile(t.dataDir), 'utf8').trim()
    const refused = await fetch(`${t.clock.httpUrl}api/admin/replay`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: json({ code: 'lost', since: 'tomorrow' }),
    })
    expect([refused.status, await refused.json()]).toEqual([
      400,
      { error: expect.stringMatching(/^"code" must be one of oversize, bad-topic, /) },
    ])
    const wrong = await replay('--code', 'unknown', '--since', 'yesterday')
    expect(wrong.code).toBe(2)
    expect(wrong.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^weasley-clock: --code must be one of oversize, .*, not "unknown"$/),
      expect.stringMatching(/^weasley-clock: --since must be a time .*, not "yesterday"$/),
    ])
  })

  it('replays into a stopped clock’s folder, and is refused while the clock runs without a web server', async () => {
    const t = await startTestClock()
    const ron = await t.phone('ron')
    const location = { _type: 'location', lat: 51.5007, lon: -0.1246, tst: Math.floor(Date.now() / 1000) }
    const sealed = json({
      _type: 'encrypted',
      data: seal(new TextEncoder().encode(json(location)), keyFromSecret('rons-secret')),
    })
    await ron.publishAsync(`owntracks/${FAMILY}/ron`, sealed, { qos: 1 })
    await ron.endAsync()
    // Ron's key added to the config file; the clock, as in MagicMirror, has no web server to ask.
    const configFile = path.join(tempDir(), 'weasley.config.json')
    const port = await freePort()
    const ronWithKey = {
      name: 'Ron',
      devices: [{ id: 'ron', password: PASSWORDS.ron, encryptionKey: 'rons-secret' }],
    }
    writeFileSync(
      configFile,
      json({
        ...BASE_CONFIG,
        members: [...BASE_CONFIG.members.filter((m) => m.name !== 'Ron'), ronWithKey],
        dataDir: t.dataDir,
        http: { port },
      }),
    )
    await t.restart({ serveHttp: false })
    // MagicMirror's clock keeps no admin token.
    rmSync(adminTokenFile(t.dataDir), { force: true })
    // MagicMirror's own server, on the port the module's config gives the clock, knows no such route.
    const magicMirror = createServer((_req, res) =>
      res.writeHead(404, { 'content-type': 'text/html' }).end('<pre>Cannot POST</pre>'),
    )
    await new Promise<void>((resolve) => magicMirror.listen(port, '127.0.0.1', resolve))
    onTestFinished(() => new Promise<void>((resolve) => magicMirror.close(() => resolve())))
    const running = await weasley('replay', '--config', configFile)
    expect(running.code).toBe(1)
    expect(running.stderr).toMatch(
      /^weasley-clock: the data folder \S+ is in use by another running Weasley Clock: the clock is running without a web server to ask \(in MagicMirror\?\): stop it, replay, then start it again\n$/,
    )

    await t.clock.close()
    // A hosted family's folder has no lock of its own: its database, open in the host, is seen.
    const host = spawn(
      process.execPath,
      [
        '-e',
        "new (require('better-sqlite3'))(process.argv[1]).pragma('journal_mode'); console.log('open'); setInterval(() => {}, 1e6)",
        path.join(t.dataDir, 'weasley.db'),
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    )
    onTestFinished(() => void host.kill())
    await new Promise((resolve) => host.stdout.once('data', resolve))
    const hosted = await weasley('replay', '--config', configFile)
    expect([hosted.code, hosted.stderr]).toEqual([
      1,
      expect.stringMatching(
        /weasley\.db is open in another process \(a running `weasley-clock host`, or another command\): stop it, replay, then start it again\n$/,
      ),
    ])
    host.kill()
    await new Promise((resolve) => host.once('exit', resolve))
    // No config named: the demo's members would be strangers to the folder.
    const unnamed = await weasley('replay', '--data-dir', t.dataDir)
    expect(unnamed.code).toBe(1)
    expect(unnamed.stderr).toMatch(/give its config \(--config FILE\)\n$/)
    const stopped = await weasley('replay', '--config', configFile)
    expect([stopped.code, stopped.stderr]).toEqual([0, ''])
    expect(stopped.stdout).toBe(
      `(no clock answers at its web address: replayed into ${t.dataDir})\nReplayed 1 rejected message(s): 1 accepted; Ron's hand moved to Work.\n`,
    )
    await t.restart()
    expect((await t.member('ron')).place).toBe('Work')
  })

  it('says why it cannot read a journal, in one line naming the file', async () => {
    const dir = tempDir()
    const old = new Database(path.join(dir, 'weasley.db'))
    old.pragma('user_version = 3')
    old.close()
    const older = await weasley('journal', '--data-dir', dir)
    expect(older.code).toBe(1)
    expect(older.stderr).toMatch(
      /^weasley-clock: cannot read the journal in \S+weasley\.db: it was written by an older version of Weasley Clock: start this version of the clock once to bring it up to date\n$/,
    )
    writeFileSync(
      path.join(dir, 'weasley.db'),
      'not a database at all, but long enough to be read as one'.repeat(100),
    )
    const junk = await weasley('journal', '--data-dir', dir)
    expect(junk.code).toBe(1)
    expect(junk.stderr).toMatch(
      /^weasley-clock: cannot read the journal in \S+weasley\.db: file is not a database\n$/,
    )
  })

  it('lets doctor check a clock run with its own data folder and ports, as a service runs it', async () => {
    const t = await startTestClock()
    if (t.clock.broker.kind !== 'embedded') throw new Error('embedded broker expected')
    const configFile = path.join(tempDir(), 'weasley.config.json')
    writeFileSync(configFile, JSON.stringify(BASE_CONFIG))
    const doctor = await weasley(
      'doctor',
      '--config',
      configFile,
      '--data-dir',
      t.dataDir,
      '--mqtt-port',
      String(t.clock.broker.mqttPort),
      '--mqtts-port',
      String(t.clock.broker.mqttsPort),
    )
    expect(doctor.stdout).toMatch(/^ok +certificate /m)
    expect(doctor.stdout.match(/in use by this clock, which is running/g)).toHaveLength(2)
    expect(doctor.code).toBe(0)
  })
})
