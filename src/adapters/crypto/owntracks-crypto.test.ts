import { describe, expect, it } from 'vitest'
import { decodeOwnTracks } from '../../core/owntracks/decode.js'
import { createKeyring, keyFromSecret, keysFromSecret, openSealed, seal } from './owntracks-crypto.js'

// OWNTRACKS.md §3, test vector 1: Android EncryptionProviderTest.kt, secret "123".
const ANDROID_DATA =
  'aUiEKyGnskRz383od0mu4uqxTIxeZUddBVxKEmsdv1FFSH2y0NwqLP1tTqOmxaFhGv0bNX1DT7o81FW9Yaxpla6Byvr6CZV3t2skQv8nlxiIv1ZpQWM1bqHE0JFHwD3/yRx9bLHRF3j67kWcO6o2D/xn4ma8Fd4u86NPobFkRIzIhJljphEZyDCGugp7H3FkydGvgEkljb1/P1K91E/ij+m73wFplvTQm8ba5eWSFlQHDdY2B7QwbVPrKarHJLrm1+Y29+HD4Wg6TNhBJZLvdsmek6AcZLB+bq7Q84tUWoLrKp3aiyJZZX70q4HbVI3skkmDWMuMP2cDmsY9bvBjh1ZWAGlOq5VS1dWIlu6OWgWN9VdDbLzP+s2ykeFXrGs='
// Test vector 2: owntracks/owntracks#32, secret "s3cr1t".
const C_DATA = 'vG0sAik3/+1KwrZ4b27yQtfJEVz6g2v0Os+yGIECNm8PnxwTR7ZUlUYRclgku7eP19FeNjJugxhYnF9pvlxDBzUxYg=='

const text = (bytes: Uint8Array | null) => (bytes ? new TextDecoder().decode(bytes) : null)
const topic = 'owntracks/fam/ann-phone'
const ctx = (keyring: ReturnType<typeof createKeyring>) => ({
  family: 'fam',
  maxPayloadBytes: 65_536,
  senderOf: (d: string) => (d === 'ann-phone' ? { memberId: 'ann', deviceId: d } : undefined),
  decrypt: keyring.decrypt,
})
const envelope = (data: string) => new TextEncoder().encode(JSON.stringify({ _type: 'encrypted', data }))

describe('OwnTracks payload encryption', () => {
  it('opens the Android test vector into the Android location', () => {
    const plain = JSON.parse(text(openSealed(ANDROID_DATA, keyFromSecret('123'))) ?? 'null')
    expect(plain).toMatchObject({
      _type: 'location',
      lat: 50.1182933,
      lon: -5.5407733,
      tid: 'xa',
      tst: 1754215100,
    })
  })

  it('opens the owntracks#32 test vector', () => {
    // The C sender sealed its string with the terminating NUL.
    expect(text(openSealed(C_DATA, keyFromSecret('s3cr1t')))).toBe('Hello from C, how are you?\u0000')
  })

  it('refuses a wrong key and damaged data', () => {
    expect(openSealed(C_DATA, keyFromSecret('wrong'))).toBeNull()
    expect(openSealed('c2hvcnQ=', keyFromSecret('s3cr1t'))).toBeNull()
  })

  it('pads short secrets and cuts long ones to 32 bytes, as the apps do', () => {
    expect(keyFromSecret('123').slice(0, 4)).toEqual(new Uint8Array([49, 50, 51, 0]))
    expect(keyFromSecret('x'.repeat(40))).toEqual(keyFromSecret('x'.repeat(32)))
  })

  it('opens an iPhone’s messages and answers it in kind when a long non-ASCII secret is cut differently', () => {
    // 31 ASCII bytes, then "é" (2 bytes): Android keeps its first byte, iOS stops before it.
    const secret = 'The Burrow, Ottery St Catchpoleé!'
    const [android, ios] = keysFromSecret(secret)
    expect(ios).toBeDefined()
    expect(android?.[31]).toBe(0xc3)
    expect(ios?.[31]).toBe(0)
    expect(keysFromSecret('a-plain-ascii-secret-longer-than-32-bytes')).toHaveLength(1)
    const kept = new Map<string, string>()
    const remember = { get: (k: string) => kept.get(k), set: (k: string, v: string) => void kept.set(k, v) }
    const keyring = createKeyring({ devices: new Map([['ginny', secret]]), remember })
    const fromIphone = seal(new TextEncoder().encode('{"_type":"location"}'), ios as Uint8Array)
    expect(keyring.decrypt('ginny', fromIphone)).toMatchObject({ ok: true })
    const command = JSON.parse(keyring.wrapForDevice('ginny', { _type: 'cmd' })) as { data: string }
    expect(openSealed(command.data, ios as Uint8Array)).not.toBeNull()
    // After a restart, before the iPhone says anything (the places sent when it subscribes).
    const restarted = createKeyring({ devices: new Map([['ginny', secret]]), remember })
    const first = JSON.parse(restarted.wrapForDevice('ginny', { _type: 'cmd' })) as { data: string }
    expect(openSealed(first.data, ios as Uint8Array)).not.toBeNull()
    const fromAndroid = seal(new TextEncoder().encode('{"_type":"location"}'), android as Uint8Array)
    expect(keyring.decrypt('ginny', fromAndroid)).toMatchObject({ ok: true })
  })

  it('decodes an encrypted location with the device key, falling back to the family key', () => {
    const byDevice = createKeyring({ devices: new Map([['Ann-Phone', '123']]) })
    const decoded = decodeOwnTracks(topic, envelope(ANDROID_DATA), ctx(byDevice))
    expect(decoded).toMatchObject({
      ok: true,
      value: { kind: 'location', memberId: 'ann', deviceId: 'ann-phone', timestampSec: 1754215100 },
    })
    const byFamily = createKeyring({ family: '123' })
    expect(decodeOwnTracks(topic, envelope(ANDROID_DATA), ctx(byFamily)).ok).toBe(true)
  })

  it('names the problem when there is no key or the key is wrong', () => {
    expect(decodeOwnTracks(topic, envelope(ANDROID_DATA), ctx(createKeyring({})))).toEqual({
      ok: false,
      problem: { code: 'encrypted-no-key', topic },
    })
    expect(decodeOwnTracks(topic, envelope(ANDROID_DATA), ctx(createKeyring({ family: 'nope' })))).toEqual({
      ok: false,
      problem: { code: 'decrypt-failed', topic },
    })
  })

  it('seals outgoing commands so the device can open them, and leaves keyless devices in plain JSON', () => {
    const keyring = createKeyring({ devices: new Map([['ann-phone', 'secret-of-ann']]) })
    const sealed = JSON.parse(keyring.wrapForDevice('ann-phone', { _type: 'cmd', action: 'reportLocation' }))
    expect(sealed._type).toBe('encrypted')
    expect(JSON.parse(text(openSealed(sealed.data, keyFromSecret('secret-of-ann'))) ?? '')).toEqual({
      _type: 'cmd',
      action: 'reportLocation',
    })
    expect(keyring.wrapForDevice('ben-phone', { _type: 'cmd', action: 'reportLocation' })).toBe(
      '{"_type":"cmd","action":"reportLocation"}',
    )
    expect(seal(new Uint8Array([1]), keyFromSecret('k'))).not.toBe(
      seal(new Uint8Array([1]), keyFromSecret('k')),
    )
  })

  it('answers a phone whose locations come unencrypted in plain JSON, and in kind once they are sealed', () => {
    const kept = new Map<string, string>()
    const remember = { get: (k: string) => kept.get(k), set: (k: string, v: string) => void kept.set(k, v) }
    // As on an external broker, where its operator could publish a plain message on the phone's topic.
    const keyring = createKeyring({ family: '123', remember, sealedForGood: true })
    const cmd = { _type: 'cmd', action: 'reportLocation' }
    const sealed = () => JSON.parse(keyring.wrapForDevice('ann-phone', cmd))._type === 'encrypted'
    const withPlain = { ...ctx(keyring), sentPlain: keyring.sentPlain }
    // Never heard from: sealed (its setup code gave it the key). Its Last Will is plain whatever the
    // phone does, and changes nothing.
    expect(sealed()).toBe(true)
    expect(decodeOwnTracks(topic, new TextEncoder().encode('{"_type":"lwt"}'), withPlain).ok).toBe(true)
    expect(sealed()).toBe(true)
    // A phone set up before the family had a key sends plain locations, and cannot open sealed commands.
    const plainFix = new TextEncoder().encode('{"_type":"location","lat":1,"lon":2,"tst":1754215100}')
    expect(decodeOwnTracks(topic, plainFix, withPlain).ok).toBe(true)
    expect(keyring.wrapForDevice('ann-phone', cmd)).toBe(JSON.stringify(cmd))
    // Remembered across a restart, before the phone says anything.
    const restarted = createKeyring({ family: '123', remember, sealedForGood: true })
    expect(restarted.wrapForDevice('ann-phone', cmd)).toBe(JSON.stringify(cmd))
    // Given the key later: its sealed locations make its commands sealed again.
    expect(decodeOwnTracks(topic, envelope(ANDROID_DATA), withPlain).ok).toBe(true)
    expect(sealed()).toBe(true)
    expect(createKeyring({ family: '123', remember }).wrapForDevice('ann-phone', cmd)).not.toBe(
      JSON.stringify(cmd),
    )
    // And for good: a plain location after that (a broker's operator can publish one) changes nothing.
    expect(decodeOwnTracks(topic, plainFix, withPlain).ok).toBe(true)
    expect(sealed()).toBe(true)
    // On the embedded broker only the phone itself publishes there: set up again without the key, it
    // gets plain commands again.
    const own = createKeyring({ family: '123', remember })
    const ownCtx = { ...ctx(own), sentPlain: own.sentPlain }
    expect(JSON.parse(own.wrapForDevice('ann-phone', cmd))._type).toBe('encrypted')
    expect(decodeOwnTracks(topic, plainFix, ownCtx).ok).toBe(true)
    expect(own.wrapForDevice('ann-phone', cmd)).toBe(JSON.stringify(cmd))
    // Nor does a plain message that is no valid location.
    const fresh = createKeyring({ family: '123' })
    const freshCtx = { ...ctx(fresh), sentPlain: fresh.sentPlain }
    expect(decodeOwnTracks(topic, new TextEncoder().encode('{"_type":"location"}'), freshCtx).ok).toBe(false)
    expect(JSON.parse(fresh.wrapForDevice('ann-phone', cmd))._type).toBe('encrypted')
  })

  it('says when a device it sealed to turns out to send plain, once', () => {
    const turned: string[] = []
    const keyring = createKeyring({ family: '123', onTurnedPlain: (id) => turned.push(id) })
    const cmd = { _type: 'cmd', action: 'reportLocation' }
    expect(JSON.parse(keyring.wrapForDevice('ann-phone', cmd))._type).toBe('encrypted')
    const withPlain = { ...ctx(keyring), sentPlain: keyring.sentPlain }
    const plainFix = new TextEncoder().encode('{"_type":"location","lat":1,"lon":2,"tst":1754215100}')
    expect(decodeOwnTracks(topic, plainFix, withPlain).ok).toBe(true)
    expect(decodeOwnTracks(topic, plainFix, withPlain).ok).toBe(true)
    expect(turned).toEqual(['ann-phone'])
    expect(keyring.wrapForDevice('ann-phone', cmd)).toBe(JSON.stringify(cmd))
    // An old sealed message (replayed, or kept by the broker) says nothing of how the phone sends now.
    expect(keyring.decrypt('ann-phone', ANDROID_DATA, false).ok).toBe(true)
    expect(keyring.wrapForDevice('ann-phone', cmd)).toBe(JSON.stringify(cmd))
    expect(keyring.decrypt('ann-phone', ANDROID_DATA).ok).toBe(true)
    expect(JSON.parse(keyring.wrapForDevice('ann-phone', cmd))._type).toBe('encrypted')
  })
})
