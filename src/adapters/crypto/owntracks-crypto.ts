// OwnTracks payload encryption (OWNTRACKS.md §3): NaCl secretbox, key = the secret's UTF-8 bytes cut
// or zero-padded to 32, data = base64(nonce[24] ‖ MAC[16] ‖ ciphertext). Keys per device, with a
// family-wide fallback, as the Recorder and Home Assistant do.

import nacl from 'tweetnacl'
import type { KeyValue } from '../../app/ports.js'
import type { Decrypted } from '../../core/owntracks/decode.js'

const KEY_BYTES = nacl.secretbox.keyLength
const NONCE_BYTES = nacl.secretbox.nonceLength

/** No KDF: the apps use the secret's bytes directly (Android cuts raw bytes at 32). */
export function keyFromSecret(secret: string): Uint8Array {
  const key = new Uint8Array(KEY_BYTES)
  key.set(new TextEncoder().encode(secret).subarray(0, KEY_BYTES))
  return key
}

/**
 * The keys the apps make of a secret: Android cuts its UTF-8 bytes at 32, iOS at the last whole
 * character that fits (OWNTRACKS.md §3). They differ only for a non-ASCII secret that long.
 */
export function keysFromSecret(secret: string): Uint8Array[] {
  const android = keyFromSecret(secret)
  const ios = new Uint8Array(KEY_BYTES)
  const { written } = new TextEncoder().encodeInto(secret, ios)
  return written === KEY_BYTES || android.every((b, i) => b === ios[i]) ? [android] : [android, ios]
}

export function openSealed(dataBase64: string, key: Uint8Array): Uint8Array | null {
  const raw = Buffer.from(dataBase64, 'base64')
  if (raw.length < NONCE_BYTES + nacl.secretbox.overheadLength) return null
  return nacl.secretbox.open(raw.subarray(NONCE_BYTES), raw.subarray(0, NONCE_BYTES), key)
}

export function seal(plaintext: Uint8Array, key: Uint8Array): string {
  const nonce = nacl.randomBytes(NONCE_BYTES)
  const box = nacl.secretbox(plaintext, nonce, key)
  return Buffer.concat([nonce, box]).toString('base64')
}

export interface Keyring {
  /**
   * Opens a sealed message; `current` false for an old one (a replay, a message the broker kept), which
   * says nothing of how the phone sends now.
   */
  decrypt(deviceId: string, data: string, current?: boolean): Decrypted
  /**
   * The `_type: "encrypted"` envelope for a device with a key, or the plain JSON for one without, or
   * for one whose locations come unencrypted and that was never seen sealing: a phone set up before
   * the key was given has no key, and drops a sealed command it cannot open.
   */
  wrapForDevice(deviceId: string, message: object): string
  /** A location or transition came unencrypted from the device (see `wrapForDevice`). */
  sentPlain(deviceId: string): void
  hasKeys(): boolean
}

export function createKeyring(options: {
  family?: string
  devices?: ReadonlyMap<string, string>
  /**
   * Keeps across restarts which of a secret's two keys a device's messages opened with, and which
   * devices send unencrypted.
   */
  remember?: KeyValue
  /**
   * A device once seen sealing stays sealed to, whatever plain messages come after: where others than
   * the device may publish on its topics (an external broker's operator, the case encryption is for).
   * On the embedded broker only the device's own login can, so a phone set up again without its key
   * gets plain commands again.
   */
  sealedForGood?: boolean
  /**
   * Told when a device turns out to send plain messages after being sealed to (a phone set up before
   * the family had a key): what it was sent sealed, its places, it could not open.
   */
  onTurnedPlain?: (deviceId: string) => void
}): Keyring {
  const familyKeys = options.family ? keysFromSecret(options.family) : undefined
  const deviceKeys = new Map(
    [...(options.devices ?? [])].map(([id, secret]) => [id.toLowerCase(), keysFromSecret(secret)]),
  )
  /**
   * Where a secret makes two keys, which one a device's messages opened with (its index): its commands
   * are sealed with it too, also after a restart, before the phone has said anything.
   */
  const opened = new Map<string, number>()
  const rememberedKey = (id: string) => `encryption-key-opened:${id}`
  const openedBy = (id: string): number => {
    let index = opened.get(id)
    if (index === undefined) {
      try {
        index = Number(options.remember?.get(rememberedKey(id)) ?? 0) || 0
      } catch {
        index = 0
      }
      opened.set(id, index)
    }
    return index
  }
  /**
   * How each device (lower-cased) sends, as remembered: 'plain' once a valid location or transition
   * came unencrypted, 'sealed' once one was opened (for good with `sealedForGood`).
   */
  const sending = new Map<string, 'plain' | 'sealed' | 'unknown'>()
  const rememberedSending = (id: string) => `encryption-unused:${id}`
  const sendingOf = (id: string): 'plain' | 'sealed' | 'unknown' => {
    let known = sending.get(id)
    if (known === undefined) {
      let stored: string | undefined
      try {
        stored = options.remember?.get(rememberedSending(id))
      } catch {
        stored = undefined
      }
      known = stored === '1' ? 'plain' : stored === '0' ? 'sealed' : 'unknown'
      sending.set(id, known)
    }
    return known
  }
  const sendsPlain = (id: string): boolean => sendingOf(id) === 'plain'
  const noteSending = (id: string, how: 'plain' | 'sealed'): void => {
    const before = sendingOf(id)
    if (before === how || (how === 'plain' && before === 'sealed' && options.sealedForGood)) return
    sending.set(id, how)
    try {
      options.remember?.set(rememberedSending(id), how === 'plain' ? '1' : '0')
    } catch {
      // kept in memory; after a restart it goes by what was stored before
    }
    if (how === 'plain') options.onTurnedPlain?.(id)
  }
  const keysFor = (deviceId: string) => deviceKeys.get(deviceId.toLowerCase()) ?? familyKeys
  const keyFor = (deviceId: string) => {
    const keys = keysFor(deviceId)
    return keys && keys.length > 1 ? keys[openedBy(deviceId.toLowerCase())] : keys?.[0]
  }
  return {
    decrypt(deviceId, data, current = true) {
      const keys = keysFor(deviceId)
      if (!keys) return { ok: false, reason: 'no-key' }
      const id = deviceId.toLowerCase()
      // The key the device's messages last opened with first: a phone does not pay a failed open each time.
      const first = keys.length > 1 ? openedBy(id) : 0
      for (const index of first === 0 ? [0, 1] : [first, 0]) {
        const key = keys[index]
        if (!key) continue
        const plaintext = openSealed(data, key)
        if (!plaintext) continue
        if (current) noteSending(id, 'sealed')
        if (current && keys.length > 1 && first !== index) {
          opened.set(id, index)
          try {
            options.remember?.set(rememberedKey(id), String(index))
          } catch {
            // kept in memory; the next start guesses again until the phone speaks
          }
        }
        return { ok: true, plaintext }
      }
      return { ok: false, reason: 'failed' }
    },
    wrapForDevice(deviceId, message) {
      const json = JSON.stringify(message)
      const key = keyFor(deviceId)
      if (!key || sendsPlain(deviceId.toLowerCase())) return json
      return JSON.stringify({ _type: 'encrypted', data: seal(new TextEncoder().encode(json), key) })
    },
    sentPlain(deviceId) {
      if (keysFor(deviceId)) noteSending(deviceId.toLowerCase(), 'plain')
    },
    hasKeys: () => familyKeys !== undefined || deviceKeys.size > 0,
  }
}
