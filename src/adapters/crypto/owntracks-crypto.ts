// OwnTracks payload encryption (OWNTRACKS.md §3): NaCl secretbox, key = the secret's UTF-8 bytes cut
// or zero-padded to 32, data = base64(nonce[24] ‖ MAC[16] ‖ ciphertext). Keys per device, with a
// family-wide fallback, as the Recorder and Home Assistant do.

import nacl from 'tweetnacl'
import type { Decrypted } from '../../core/owntracks/decode.js'

const KEY_BYTES = nacl.secretbox.keyLength
const NONCE_BYTES = nacl.secretbox.nonceLength

/** No KDF: the apps use the secret's bytes directly (Android cuts raw bytes at 32). */
export function keyFromSecret(secret: string): Uint8Array {
  const key = new Uint8Array(KEY_BYTES)
  key.set(new TextEncoder().encode(secret).subarray(0, KEY_BYTES))
  return key
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
  decrypt(deviceId: string, data: string): Decrypted
  /** The `_type: "encrypted"` envelope for a device with a key, or the plain JSON for one without. */
  wrapForDevice(deviceId: string, message: object): string
  hasKeys(): boolean
}

export function createKeyring(options: { family?: string; devices?: ReadonlyMap<string, string> }): Keyring {
  const familyKey = options.family ? keyFromSecret(options.family) : undefined
  const deviceKeys = new Map(
    [...(options.devices ?? [])].map(([id, secret]) => [id.toLowerCase(), keyFromSecret(secret)]),
  )
  const keyFor = (deviceId: string) => deviceKeys.get(deviceId.toLowerCase()) ?? familyKey
  return {
    decrypt(deviceId, data) {
      const key = keyFor(deviceId)
      if (!key) return { ok: false, reason: 'no-key' }
      const plaintext = openSealed(data, key)
      return plaintext ? { ok: true, plaintext } : { ok: false, reason: 'failed' }
    },
    wrapForDevice(deviceId, message) {
      const json = JSON.stringify(message)
      const key = keyFor(deviceId)
      if (!key) return json
      return JSON.stringify({ _type: 'encrypted', data: seal(new TextEncoder().encode(json), key) })
    },
    hasKeys: () => familyKey !== undefined || deviceKeys.size > 0,
  }
}
