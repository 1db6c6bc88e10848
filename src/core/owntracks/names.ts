// Pure. Region names as the apps send them -> the key we match places on.
// OWNTRACKS.md §1.3 and §6 #7: iOS appends "|<enter mode>|<leave mode>", "+name" is a moving follow
// region (never a place), and a leading "-" marks beacon hold mode. Matching is case-insensitive.

/** The matching key for a region name, or null when the name can never be a place on the dial. */
export function placeKeyOf(rawName: string): string | null {
  let name = rawName.trim()
  if (name.startsWith('+')) return null
  const bar = name.indexOf('|')
  if (bar >= 0) name = name.slice(0, bar)
  name = name.replace(/^-+/, '').trim()
  if (name === '') return null
  return name.normalize('NFC').toLowerCase()
}

/** A character the apps read as a region option: a name given to phones must not hold it. */
export interface RegionNameClash {
  character: ':' | '|' | '-'
  /** The name without the option, when that is the same place to the clock (matching drops it). */
  bareName?: string
}

/**
 * OWNTRACKS.md §1.3 (iOS Settings.m setWaypoints): iOS splits a waypoint's desc on ":" into
 * name:uuid:major:minor, so "Grandma: Leeds" becomes a region "Grandma" watching for a beacon " Leeds";
 * a "|<enter mode>|<leave mode>" suffix switches its monitoring mode; a leading "-" marks a beacon
 * region's hold mode. The suffix and the "-" are dropped when phone regions are matched (placeKeyOf).
 */
export function regionNameClash(name: string): RegionNameClash | null {
  const trimmed = name.trim()
  const bar = trimmed.indexOf('|')
  if (bar >= 0) return { character: '|', bareName: withoutHoldMode(trimmed.slice(0, bar)) }
  if (trimmed.startsWith('-')) return { character: '-', bareName: withoutHoldMode(trimmed) }
  if (trimmed.includes(':')) return { character: ':' }
  return null
}

const withoutHoldMode = (name: string): string => name.replace(/^-+/, '').trim()
