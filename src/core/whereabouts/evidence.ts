// Pure. Per-device evidence: what one phone's newest messages say about where it is.
// PRODUCT.md "Whereabouts": transitions, then inregions, then our own geofence test.

import type { Fix, LocationEvent, TransitionEvent } from '../events.js'
import { fixClearlyLeaves, type GeofenceOptions, hasGeometry, locateFix } from '../geo/places.js'
import type { Place } from '../model.js'
import { placeKeyOf } from '../owntracks/names.js'
import type { DeviceState } from './whereabouts.js'

export const newDevice = (deviceId: string): DeviceState => ({
  deviceId,
  lastTimestampSec: 0,
  lastReceivedMs: 0,
  enteredPlaceKeys: [],
  placeKey: null,
  placedSec: 0,
  sendsRegionLists: false,
  online: true,
})

const NO_NAMES: readonly string[] = []

/** Place lookup by key or alias, built once per places list (lists are cached and never mutated). */
const indexes = new WeakMap<readonly Place[], Map<string, Place>>()
function indexOf(places: readonly Place[]): Map<string, Place> {
  let index = indexes.get(places)
  if (!index) {
    index = new Map()
    // In reverse, so the first place in the list that has the name (as key or alias) wins.
    for (let i = places.length - 1; i >= 0; i--) {
      const place = places[i] as Place
      for (const alias of place.aliases) index.set(alias, place)
      index.set(place.key, place)
    }
    indexes.set(places, index)
  }
  return index
}

/** Phones repeat the same few region names: their keys are remembered (bounded, and short names only). */
const keyCache = new Map<string, string | null>()
const CACHED_NAME_LENGTH = 200
function cachedKeyOf(rawName: string): string | null {
  let key = keyCache.get(rawName)
  if (key === undefined) {
    key = placeKeyOf(rawName)
    if (rawName.length > CACHED_NAME_LENGTH) return key
    if (keyCache.size >= 1_000) keyCache.clear()
    keyCache.set(rawName, key)
  }
  return key
}

/** The member's place a phone region name refers to (by key or alias), or undefined. */
export function placeNamed(rawName: string, places: readonly Place[]): Place | undefined {
  const key = cachedKeyOf(rawName)
  return key === null ? undefined : indexOf(places).get(key)
}

/**
 * inregions: the keys of the configured places the names match, the first configured last (the place
 * the device is at, OWNTRACKS.md §1.1); the others stay entered, so leaving a school still leaves
 * the town round it.
 */
function placesIn(names: readonly string[], places: readonly Place[]): string[] {
  if (names.length === 0) return NO_KEYS
  const index = indexOf(places)
  if (names.length === 1) {
    const key = cachedKeyOf(names[0] as string)
    const place = key === null ? undefined : index.get(key)
    return place ? onlyKey(place.key) : NO_KEYS
  }
  const found: Place[] = []
  for (const name of names) {
    const key = cachedKeyOf(name)
    const place = key === null ? undefined : index.get(key)
    if (place !== undefined && !found.includes(place)) found.push(place)
  }
  return found.sort((a, b) => places.indexOf(b) - places.indexOf(a)).map((p) => p.key)
}

const NO_KEYS: string[] = []
/** One list per key for the usual inregions of one name, not one per message (never mutated). */
const onlyKeys = new Map<string, string[]>()
function onlyKey(key: string): string[] {
  let keys = onlyKeys.get(key)
  if (!keys) {
    if (onlyKeys.size >= 1_000) onlyKeys.clear()
    keys = [key]
    onlyKeys.set(key, keys)
  }
  return keys
}

const sameKeys = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((k, i) => k === b[i])

/**
 * The entered keys a sure fix leaves standing: a region the phone entered and whose leave it never sent
 * (Android missed it, the clock was down) is dropped once a fix is clearly outside it. Places without
 * coordinates are left only on the phone's word.
 */
function stillEntered(
  keys: string[],
  fix: Fix,
  places: readonly Place[],
  options: GeofenceOptions,
  fromTransition = false,
): string[] {
  // A transition's fix only if it says how accurate it is: a beacon's carries a stale position with
  // acc 0. (A location without acc is taken as exact, as the geofence takes it.)
  const accuracy = fix.accuracyMeters ?? 0
  if (keys.length === 0 || accuracy > options.maxAccuracyMeters || (fromTransition && accuracy === 0))
    return keys
  const index = indexOf(places)
  const kept = keys.filter((k) => {
    const place = index.get(k)
    return !place || !hasGeometry(place) || !fixClearlyLeaves(fix, place, options.hysteresisMeters)
  })
  return kept.length === keys.length ? keys : kept
}

/** Where a fix puts the device, starting from `current`; places without coordinates need phone evidence. */
function placeFromFix(
  fix: Fix,
  places: readonly Place[],
  current: string | null,
  hasInregions: boolean,
  options: GeofenceOptions,
): string | null {
  return placeFromVerdict(locateFix(fix, places, current, options), places, current, hasInregions)
}

function placeFromVerdict(
  verdict: ReturnType<typeof locateFix>,
  places: readonly Place[],
  current: string | null,
  hasInregions: boolean,
): string | null {
  if (verdict.kind === 'inside') return verdict.place.key
  const currentPlace = current === null ? undefined : places.find((p) => p.key === current)
  // A place we cannot measure (no coordinates) is left only on the phone's word: a leave or an inregions
  // list without it. An inaccurate fix says nothing either way.
  if (currentPlace && !hasGeometry(currentPlace) && !hasInregions) return current
  if (verdict.kind === 'unsure')
    return hasInregions && currentPlace && !hasGeometry(currentPlace) ? null : current
  return null
}

// The two functions below update a device its caller owns, in place: the reducer hands them either the
// pipeline's own working copy or a fresh copy (the pure API), never a state someone else holds.
// They only ever assign fields; arrays and fixes are replaced, never mutated, so sharing them is safe.

/** A location's evidence written into `device` (owned by the caller; signs of life are its business). */
export function locateDevice(
  device: DeviceState,
  event: LocationEvent,
  places: readonly Place[],
  options: GeofenceOptions,
): void {
  // iOS sends `inregions` only when it is inside some region (OWNTRACKS.md §1.1; OwnTracking.m): from a
  // phone that has sent region lists, a location without one says it is in none.
  if (event.insidePlaceNames !== undefined && !device.sendsRegionLists) device.sendsRegionLists = true
  // A state saved before placedSec was kept: what placed the device is no newer than its newest message.
  if (device.placedSec === undefined) device.placedSec = device.lastTimestampSec
  const names = event.insidePlaceNames ?? (device.sendsRegionLists ? NO_NAMES : undefined)
  const inside = names ? placesIn(names, places) : undefined
  const named = inside?.at(-1)
  // Without region lists, what its transitions entered, less what this fix is clearly outside of.
  const entered = inside ?? stillEntered(device.enteredPlaceKeys, event.fix, places, options)
  let placed = true
  if (named !== undefined) device.placeKey = named
  else {
    const verdict = locateFix(event.fix, places, device.placeKey, options)
    const before = device.placeKey
    device.placeKey = placeFromVerdict(verdict, places, before, names !== undefined)
    // Out of the place it was at, but still in a region it entered (a town without coordinates round
    // the school it left): there.
    if (device.placeKey === null && names === undefined && verdict.kind === 'outside')
      device.placeKey = entered.at(-1) ?? null
    // A fix too inaccurate to say where the device is does not place it (unless it moved it): it does
    // not make the device the member's newest evidence (resolve.ts).
    placed = names !== undefined || verdict.kind !== 'unsure' || device.placeKey !== before
  }
  if (placed) device.placedSec = event.timestampSec
  device.lastTimestampSec = event.timestampSec
  device.lastLocationSec = event.timestampSec
  device.lastFix = event.fix
  device.lastFixSec = event.timestampSec
  // The phone's own region list replaces what its transitions said (Android derives it from them).
  // (The array already there is kept when it says the same: this runs for most fixes.)
  if (!sameKeys(device.enteredPlaceKeys, entered)) device.enteredPlaceKeys = entered
  if (event.batteryPercent !== undefined) device.batteryPercent = event.batteryPercent
}

/** A transition's evidence written into `device` (owned by the caller); false for an unknown region. */
export function transitionDevice(
  device: DeviceState,
  event: TransitionEvent,
  places: readonly Place[],
  options: GeofenceOptions,
): boolean {
  const place = placeNamed(event.placeName, places)
  // A region the clock does not know is evidence of life (counted by the caller), not of place.
  if (!place) return false
  device.lastTimestampSec = event.timestampSec
  device.placedSec = event.timestampSec
  if (event.fix) {
    device.lastFix = event.fix
    device.lastFixSec = event.timestampSec
  }
  const keys = device.enteredPlaceKeys
  if (event.event === 'enter') {
    if (!keys.includes(place.key)) device.enteredPlaceKeys = [...keys, place.key]
    device.placeKey = place.key
    return true
  }
  // The leave's own fix drops regions it is clearly outside of, whose leaves were missed.
  const left = keys.filter((k) => k !== place.key)
  const entered = event.fix ? stillEntered(left, event.fix, places, options, true) : left
  device.enteredPlaceKeys = entered
  if (device.placeKey !== place.key) return true
  // Left the place it was at: another region it is still in, else what its fix says, else nowhere.
  const stillIn = entered.at(-1)
  if (stillIn !== undefined) {
    device.placeKey = stillIn
  } else {
    const others = places.filter((p) => p.key !== place.key)
    device.placeKey = event.fix ? placeFromFix(event.fix, others, null, true, options) : null
  }
  return true
}

/**
 * Evidence about places that no longer count (a learned region the phone deleted, a place taken out of
 * the config) forgotten, in place: a restart forgets it the same way (reconcileWithSettings). Given the
 * places there are now, a device whose place went is placed again by its last fix: a place renamed in
 * the config (same circle) keeps the hand there instead of sending it to Traveling.
 */
export function forgetGonePlaces(
  device: DeviceState,
  keys: ReadonlySet<string>,
  relocate?: { places: readonly Place[]; options: GeofenceOptions },
): void {
  // Only a fix that is the device's newest evidence says where it is: after it, a transition may have
  // put it elsewhere.
  // (A state saved before lastFixSec was kept: the last location's time is when its fix came.)
  const fixIsNewest =
    device.lastFix !== undefined && (device.lastFixSec ?? device.lastLocationSec) === device.lastTimestampSec
  if (device.placeKey !== null && !keys.has(device.placeKey))
    device.placeKey =
      relocate && fixIsNewest && device.lastFix
        ? placeFromFix(device.lastFix, relocate.places, null, false, relocate.options)
        : null
  if (device.enteredPlaceKeys.some((k) => !keys.has(k)))
    device.enteredPlaceKeys = device.enteredPlaceKeys.filter((k) => keys.has(k))
}
