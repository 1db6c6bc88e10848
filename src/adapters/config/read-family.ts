// Reads the family part of a config: its name (old `uniqueId` or new `family`), places (old `locations`
// and new `places`) and members (old `people` and new `members` with their devices).

import type { Member, Place } from '../../core/model.js'
import { LOST, TRAVELING } from '../../core/model.js'
import { placeKeyOf, type RegionNameClash, regionNameClash } from '../../core/owntracks/names.js'
import { isObject, joinPath, type Obj, type Reader } from './config-reader.js'
import type { DeviceAccount } from './config-types.js'

/**
 * Family and device ids are MQTT topic levels, usernames and file names: letters (any alphabet, as the
 * old module took "Zoë" and "Jürgen"), digits, "_", "." and "-".
 */
export const ID_PATTERN = /^[\p{L}\p{N}][\p{L}\p{M}\p{N}_.-]{0,63}$/u

export function readFamily(r: Reader, raw: Obj): string | undefined {
  const uniqueId = r.string(raw, 'uniqueId', '')
  const family = r.string(raw, 'family', '')
  if (uniqueId !== undefined && family !== undefined && uniqueId !== family) {
    r.report('family', `differs from uniqueId (${JSON.stringify(uniqueId)}); give only one of them`)
  }
  // Composed (NFC), as device ids are: the phones are given this spelling in their topic.
  const value = (family ?? uniqueId)?.normalize('NFC')
  if (value === undefined)
    r.report('uniqueId', 'is required: the family name used in topics owntracks/<uniqueId>/<device>')
  else if (!ID_PATTERN.test(value)) {
    r.report(
      family ? 'family' : 'uniqueId',
      'may hold only letters, digits, "_", "." and "-" (it is an MQTT topic level)',
    )
  }
  return value
}

export function readPlaces(r: Reader, raw: Obj): Place[] {
  const byKey = new Map<string, Place>()
  const order: string[] = []
  const add = (place: Place, at: string) => {
    if (byKey.has(place.key) && !place.memberIds) {
      const existing = byKey.get(place.key)
      if (existing && existing.lat === undefined && place.lat !== undefined)
        return byKey.set(place.key, place)
      return r.report(at, `duplicates the place "${existing?.name}" (names match case-insensitively)`)
    }
    const key = place.memberIds ? `${place.key}@${place.memberIds.join(',')}` : place.key
    if (!byKey.has(key)) order.push(key)
    byKey.set(key, place)
  }

  for (const [i, name] of (r.stringList(raw, 'locations', '') ?? []).entries()) {
    // The old module put Traveling and Lost on its dial whether listed or not (its own defaults once
    // listed "Traveling"): listed here, they mean what they always do.
    if (isReservedName(name)) continue
    // An old `locations` entry has no coordinates: it is never sent to phones, only matched by name.
    const key = checkPlaceName(r, name, `locations[${i}]`, { pushed: false })
    if (key) add({ name: name.trim(), key, aliases: [] }, `locations[${i}]`)
  }
  for (const [i, item] of (r.list(raw, 'places', '') ?? []).entries()) {
    const at = joinPath('places', i)
    if (!isObject(item)) {
      r.report(at, 'must be an object like { "name": "Home", "lat": 51.5, "lon": -0.1, "radius": 100 }')
      continue
    }
    r.unknownKeys(item, ['name', 'lat', 'lon', 'radius', 'aliases', 'members', 'hidden'], at)
    const name = r.string(item, 'name', at)
    if (name === undefined) r.report(joinPath(at, 'name'), 'is required')
    const hidden = r.boolean(item, 'hidden', at) === true
    const lat = r.number(item, 'lat', at, { min: -90, max: 90 })
    const lon = r.number(item, 'lon', at, { min: -180, max: 180 })
    const radius = r.number(item, 'radius', at, { min: 1, max: 100_000 })
    // Only a shown place with coordinates is sent to the phones as a region. A hidden one, or one
    // without coordinates, only names a phone region, as an alias does: spelled as the phone spells it.
    const pushed = !hidden && lat !== undefined && lon !== undefined && radius !== undefined
    const key = name === undefined ? null : checkPlaceName(r, name, joinPath(at, 'name'), { pushed })
    if ((item.lat === undefined) !== (item.lon === undefined))
      r.report(at, 'needs both lat and lon, or neither')
    if (lat !== undefined && radius === undefined && item.radius === undefined)
      r.report(joinPath(at, 'radius'), 'is required with lat/lon (metres)')
    const aliases = readAliases(r, item, at)
    const memberIds = r.stringList(item, 'members', at)?.map((m) => m.toLowerCase())
    if (!name || !key) continue
    const place: Place = { name: name.trim(), key, aliases }
    if (lat !== undefined && lon !== undefined && radius !== undefined)
      Object.assign(place, { lat, lon, radiusMeters: radius })
    if (memberIds && memberIds.length > 0) place.memberIds = memberIds
    if (hidden) place.hidden = true
    add(place, at)
  }
  return order.map((k) => byKey.get(k)).filter((p): p is Place => p !== undefined)
}

/**
 * The matching key of a place's name, or null after reporting why it cannot be one. A name that is
 * `pushed` is the region name phones are sent: it must read the same on the phones.
 */
function checkPlaceName(r: Reader, name: string, at: string, { pushed }: { pushed: boolean }): string | null {
  const key = placeKeyOf(name)
  if (key === null) {
    r.report(at, `${JSON.stringify(name)} cannot be a place (${NEVER_A_PLACE})`)
    return null
  }
  if (isReservedName(name)) {
    r.report(at, `"${TRAVELING}" and "${LOST}" are reserved and always on the dial`)
    return null
  }
  const clash = pushed ? regionNameClash(name) : null
  if (clash) {
    r.report(at, clashMessage(name.trim(), clash))
    return null
  }
  return key
}

function isReservedName(name: string): boolean {
  const key = placeKeyOf(name)
  return key === TRAVELING.toLowerCase() || key === LOST.toLowerCase()
}

const NEVER_A_PLACE = 'OwnTracks "+" follow regions and empty names never are'

// OWNTRACKS.md §1.3: what the apps make of these characters in a region name sent to them.
function clashMessage(name: string, { character, bareName }: RegionNameClash): string {
  const quoted = JSON.stringify(name)
  const rename = `name the place ${JSON.stringify(bareName)} (a phone region ${quoted} still counts as it)`
  switch (character) {
    case ':':
      return `${quoted} holds ":", which iOS reads as the start of an iBeacon's uuid:major:minor (the phone would get a region ${JSON.stringify(name.slice(0, name.indexOf(':')))}): name the place without it (a phone region spelled with it can still be an alias)`
    case '|':
      return `${quoted} holds "|", which iOS reads as monitoring modes to switch to on entering and leaving: ${rename}`
    case '-':
      return `${quoted} starts with "-", which marks an iBeacon region's hold mode: ${rename}`
  }
}

/** Aliases are phone region names, spelled as the phones spell them; kept as their matching keys. */
function readAliases(r: Reader, item: Obj, at: string): string[] {
  const keys: string[] = []
  const given = item.aliases
  for (const alias of r.stringList(item, 'aliases', at) ?? []) {
    const key = placeKeyOf(alias)
    if (key !== null) keys.push(key)
    else {
      const index = Array.isArray(given) ? given.indexOf(alias) : -1
      r.report(
        joinPath(joinPath(at, 'aliases'), index),
        `${JSON.stringify(alias)} can never name a place (${NEVER_A_PLACE})`,
      )
    }
  }
  return keys
}

export function readMembers(r: Reader, raw: Obj): { members: Member[]; devices: DeviceAccount[] } {
  const problemsBefore = r.problems.length
  const members: Member[] = []
  const devices: DeviceAccount[] = []
  const seenDevices = new Map<string, string>()
  const addMember = (member: Member, at: string) => {
    if (members.some((m) => m.id === member.id)) return r.report(at, `duplicates member "${member.id}"`)
    // The id is a topic level of the hands for stepper clocks (weasley/<family>/hands/<id>).
    if (/[/+#]/.test(member.id))
      return r.report(
        at,
        `the member id "${member.id}" is an MQTT topic level and may not hold "/", "+" or "#": give "id" (e.g. "${member.id.replace(/[/+#]+/g, '-')}")`,
      )
    members.push(member)
  }
  const addDevice = (account: DeviceAccount, at: string) => {
    if (!ID_PATTERN.test(account.deviceId)) {
      return r.report(
        at,
        'device ids may hold only letters, digits, "_", "." and "-" (they are MQTT topic levels and usernames)',
      )
    }
    const owner = seenDevices.get(account.deviceId)
    if (owner) return r.report(at, `device "${account.deviceId}" already belongs to member "${owner}"`)
    seenDevices.set(account.deviceId, account.memberId)
    devices.push(account)
  }

  for (const [i, name] of (r.stringList(raw, 'people', '') ?? []).entries()) {
    // Old module: the person's name was the OwnTracks device id (topic owntracks/<uniqueId>/<name>).
    const id = name.trim().normalize('NFC').toLowerCase()
    if (id !== '' && !ID_PATTERN.test(id)) {
      // "Grandma Jo": the old module took it; a device id here is a login too, so the phone changes.
      const cleaned = id
        .replace(/[^\p{L}\p{M}\p{N}_.-]+/gu, '-')
        .replace(/^[^\p{L}\p{N}]+|-+$/gu, '')
        .slice(0, 64)
      const suggested = ID_PATTERN.test(cleaned) ? cleaned : 'phone'
      r.report(
        `people[${i}]`,
        `"${name}" cannot be a device id (only letters, digits, "_", "." and "-"): give the member as { "name": ${JSON.stringify(name.trim())}, "devices": ["${suggested}"] } in "members" and set that phone's Device ID in OwnTracks to ${suggested}`,
      )
      continue
    }
    addMember({ id, name: name.trim(), deviceIds: [id] }, `people[${i}]`)
    addDevice({ memberId: id, deviceId: id }, `people[${i}]`)
  }
  for (const [i, item] of (r.list(raw, 'members', '') ?? []).entries()) {
    const at = joinPath('members', i)
    if (!isObject(item)) {
      r.report(at, 'must be an object like { "name": "Ginny", "devices": ["ginny-phone"] }')
      continue
    }
    r.unknownKeys(item, ['name', 'id', 'devices', 'color'], at)
    const name = r.string(item, 'name', at)
    if (name === undefined) r.report(joinPath(at, 'name'), 'is required')
    const id = (r.string(item, 'id', at) ?? name ?? '').trim().normalize('NFC').toLowerCase()
    const color = r.string(item, 'color', at)
    const rawDevices = r.list(item, 'devices', at) ?? [id]
    const deviceIds: string[] = []
    rawDevices.forEach((d, j) => {
      const dat = joinPath(joinPath(at, 'devices'), j)
      const account = readDevice(r, d, id, dat)
      if (account) {
        deviceIds.push(account.deviceId)
        addDevice(account, dat)
      }
    })
    if (!name || id === '') continue
    const member: Member = { id, name: name.trim(), deviceIds }
    if (color) member.color = color
    addMember(member, at)
  }
  if (raw.members === undefined && raw.people === undefined) {
    r.report('members', 'configure at least one member (or the old "people" list)')
  } else if (members.length === 0 && problemsBefore === r.problems.length) {
    r.report('members', 'is empty: configure at least one member')
  }
  return { members, devices }
}

function readDevice(r: Reader, d: unknown, memberId: string, at: string): DeviceAccount | undefined {
  if (typeof d === 'string' && d.trim() !== '')
    return { memberId, deviceId: d.trim().normalize('NFC').toLowerCase() }
  if (!isObject(d)) {
    r.report(at, 'must be a device id or { "id": "…", "password": "…" }')
    return undefined
  }
  r.unknownKeys(d, ['id', 'password', 'passwordHash', 'encryptionKey'], at)
  const id = r.string(d, 'id', at)
  if (id === undefined) r.report(joinPath(at, 'id'), 'is required')
  const password = r.string(d, 'password', at)
  const passwordHash = r.string(d, 'passwordHash', at)
  if (password !== undefined && password.length < 8)
    r.report(joinPath(at, 'password'), 'must be at least 8 characters')
  if (passwordHash !== undefined && !passwordHash.startsWith('scrypt$')) {
    r.report(joinPath(at, 'passwordHash'), 'must be a hash made by "weasley-clock hash-password"')
  }
  // The broker would check the hash and a phone set up from the QR code would bring the password.
  if (password !== undefined && passwordHash !== undefined)
    r.report(joinPath(at, 'passwordHash'), 'give "password" or "passwordHash", not both')
  if (id === undefined) return undefined
  const account: DeviceAccount = { memberId, deviceId: id.trim().normalize('NFC').toLowerCase() }
  if (password !== undefined) account.password = password
  if (passwordHash !== undefined) account.passwordHash = passwordHash
  const encryptionKey = r.string(d, 'encryptionKey', at)
  if (encryptionKey !== undefined) account.encryptionKey = encryptionKey
  return account
}

export function checkMemberPlaces(r: Reader, places: Place[], members: Member[]): void {
  places.forEach((p, i) => {
    for (const id of p.memberIds ?? []) {
      if (!members.some((m) => m.id === id)) r.report(`places[${i}].members`, `names unknown member "${id}"`)
    }
  })
}
