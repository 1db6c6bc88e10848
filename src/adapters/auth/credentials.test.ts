import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { type Db, openDatabase } from '../sqlite/open-database.js'
import { loadCredentials, rotatePassword } from './credentials.js'
import { hashPassword } from './passwords.js'

let dir: string
let db: Db
const open = () => {
  dir = mkdtempSync(path.join(tmpdir(), 'weasley-credentials-'))
  db = openDatabase(path.join(dir, 'c.db'))
  return db
}
afterEach(() => {
  db.close()
  rmSync(dir, { recursive: true, force: true })
})

const devices = [
  { memberId: 'ginny', deviceId: 'ginny' },
  { memberId: 'ron', deviceId: 'ron', password: 'ron-password-12' },
]

describe('device credentials', () => {
  it('accepts a password again after a rotation only in its new form, even once remembered', async () => {
    const credentials = loadCredentials(open(), devices, { username: 'weasley-clock' }, 'weasleys')
    const first = credentials.generated.find((g) => g.username === 'ginny')?.password as string
    const ginny = { kind: 'device', family: 'weasleys', deviceId: 'ginny', memberId: 'ginny' }
    expect(await credentials.authenticate('ginny', first)).toEqual(ginny)
    expect(await credentials.authenticate('ginny', first)).toEqual(ginny) // recognised, no second scrypt
    expect(await credentials.authenticate('ginny', `${first}x`)).toBeNull()

    const second = rotatePassword(db, 'ginny', 'ginny')
    expect(await credentials.authenticate('ginny', first)).toBeNull()
    expect(await credentials.authenticate('ginny', second)).toEqual(ginny)
  })

  it('stores no password it could not hand over, and the ones it did, as handed over', async () => {
    const failing = () => {
      throw new Error('disk full')
    }
    const db = open()
    expect(() =>
      loadCredentials(db, devices, { username: 'weasley-clock' }, 'weasleys', { keepGenerated: failing }),
    ).toThrow('disk full')
    const kept: { username: string; password: string }[] = []
    const credentials = loadCredentials(db, devices, { username: 'weasley-clock' }, 'weasleys', {
      keepGenerated: (generated) => kept.push(...generated),
    })
    expect(kept.map((g) => g.username).sort()).toEqual(['ginny', 'weasley-clock'])
    for (const g of kept) expect(await credentials.authenticate(g.username, g.password)).not.toBeNull()
  })

  it('drops a stored password the config no longer needs: a device removed, or given a password there', async () => {
    const db = open()
    loadCredentials(db, devices, { username: 'weasley-clock' }, 'weasleys')
    const forgotten: string[] = []
    const configured = [{ memberId: 'ginny', deviceId: 'ginny', password: 'ginny-password-99' }]
    loadCredentials(db, configured, { username: 'weasley-clock' }, 'weasleys', {
      forgetRemoved: (names) => forgotten.push(...names),
    })
    expect(forgotten).toEqual(['ginny'])
    expect(db.prepare('SELECT device_id FROM device_credential').pluck().all()).toEqual(['weasley-clock'])
  })

  it('says which password a login matched, and which each account has now', async () => {
    const credentials = loadCredentials(open(), devices, { username: 'weasley-clock' }, 'weasleys')
    const first = credentials.generated.find((g) => g.username === 'ginny')?.password as string
    const ginny = { kind: 'device', family: 'weasleys', deviceId: 'ginny', memberId: 'ginny' } as const
    const matched: string[] = []
    const options = { spend: true, accepted: (version: string) => matched.push(version) }
    expect(await credentials.authenticate('Ginny', first, '', options)).toEqual(ginny)
    // Recognised from memory the second time: the same version.
    expect(await credentials.authenticate('weasleys', first, 'weasleys/ginny', options)).toEqual(ginny)
    expect(matched).toHaveLength(2)
    expect(matched[1]).toBe(matched[0])
    expect(credentials.passwordVersionOf(ginny)).toBe(matched[0])

    const stamp = credentials.passwordsStamp()
    expect(credentials.passwordsStamp()).toBe(stamp)
    rotatePassword(db, 'ginny', 'ginny')
    expect(credentials.passwordVersionOf(ginny)).not.toBe(matched[0])
    expect(credentials.passwordsStamp()).not.toBe(stamp)
    // Passwords the config fixes never change under a running clock.
    await credentials.authenticate('ron', 'ron-password-12', '', options)
    expect(matched[2]).toBe('config')
    expect(
      credentials.passwordVersionOf({ kind: 'device', family: 'weasleys', deviceId: 'RON', memberId: 'ron' }),
    ).toBe('config')
    expect(
      credentials.passwordVersionOf({ kind: 'device', family: 'other', deviceId: 'ron', memberId: 'ron' }),
    ).toBeUndefined()
    expect(credentials.passwordVersionOf({ kind: 'clock', family: 'weasleys' })).toMatch(/\S/)
  })

  it('knows its accounts and the family name, and picks the device by password under the family name', async () => {
    const credentials = loadCredentials(open(), devices, { username: 'weasley-clock' }, 'weasleys')
    expect(credentials.knows('RON')).toBe(true)
    expect(credentials.knows('weasleys')).toBe(true)
    expect(credentials.knows('draco')).toBe(false)
    expect(await credentials.authenticate('weasleys', 'ron-password-12')).toMatchObject({ deviceId: 'ron' })
    expect(await credentials.authenticate('draco', 'ron-password-12')).toBeNull()
  })

  it('takes a scrypt to refuse any login, so unknown names and generated secrets cannot be told apart', async () => {
    let spent = 0
    const spend = async () => {
      spent++
    }
    const withHash = [
      ...devices,
      { memberId: 'percy', deviceId: 'percy', passwordHash: hashPassword('percy-pass-1') },
    ]
    const credentials = loadCredentials(open(), withHash, { username: 'weasley-clock' }, 'weasleys', {
      spend,
    })
    const first = credentials.generated.find((g) => g.username === 'ginny')?.password as string
    const refusals: [string, string][] = [
      ['draco', 'x'], // no such account
      ['ginny', 'x'], // a generated secret: checked in microseconds
      ['ron', 'x'], // a password in the config: a digest
      ['weasleys', 'x'], // every device of the family, percy's scrypt among them
      ['percy', 'x'], // its own scrypt already took the time
    ]
    const spentFor: number[] = []
    for (const [username, password] of refusals) {
      const before = spent
      expect(await credentials.authenticate(username, password)).toBeNull()
      spentFor.push(spent - before)
    }
    expect(spentFor).toEqual([1, 1, 1, 0, 0])
    // A login that succeeds spends nothing.
    expect(await credentials.authenticate('ginny', first)).toMatchObject({ deviceId: 'ginny' })
    expect(spent).toBe(3)
    // For a host asking several families: no spending, but told when a refusal took a scrypt anyway.
    const told: string[] = []
    for (const username of ['percy', 'ginny', 'draco'])
      await credentials.authenticate(username, 'x', '', {
        spend: false,
        tookScrypt: () => told.push(username),
      })
    expect(told).toEqual(['percy'])
    expect(spent).toBe(3)
  })

  it('refuses a wrong password by the family’s name without a scrypt per device once each was seen', async () => {
    let spent = 0
    const spend = async () => {
      spent++
    }
    const hashed = ['percy', 'fred', 'george'].map((id) => ({
      memberId: id,
      deviceId: id,
      passwordHash: hashPassword(`${id}-pass-1`),
    }))
    const credentials = loadCredentials(open(), hashed, { username: 'weasley-clock' }, 'weasleys', { spend })
    const told: string[] = []
    const attempt = (password: string) =>
      credentials.authenticate('weasleys', password, '', {
        spend: true,
        tookScrypt: () => told.push(password),
      })
    // Not seen yet: the wrong password is tried against each device's scrypt.
    expect(await attempt('wrong-1')).toBeNull()
    expect([told, spent]).toEqual([['wrong-1'], 0])
    for (const id of ['percy', 'fred', 'george'])
      expect(await attempt(`${id}-pass-1`)).toMatchObject({ deviceId: id })
    // Each seen: none is tried, and the refusal takes one scrypt's time, as any refusal does.
    expect(await attempt('wrong-2')).toBeNull()
    expect([told, spent]).toEqual([['wrong-1'], 1])
    expect(await attempt('george-pass-1')).toMatchObject({ deviceId: 'george' })
    expect(await credentials.authenticate('fred', 'fred-pass-2')).toBeNull()
    expect(spent).toBe(2)
  })
})
