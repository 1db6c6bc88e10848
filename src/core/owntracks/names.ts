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
