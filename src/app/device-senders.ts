// Who sent on a topic's device level: the member and the device id as the config spells it. Device
// ids match case-insensitively (OWNTRACKS.md §6 #10), so a phone publishing as "Ginny-Phone" is kept
// under "ginny-phone"; a device whose topics spell it otherwise is reported, and when it stops.

import type { Sender } from '../core/events.js'
import type { Settings } from '../core/model.js'

export function createSenderLookup(
  settings: Settings,
  onSpelling?: (deviceId: string, spelled: string) => void,
  /** Whether a device was last seen (before a restart) spelled otherwise than the config does. */
  spelledOtherwise?: (deviceId: string) => boolean,
): (deviceId: string) => Sender | undefined {
  // The config's spelling is looked up first, without lower-casing (a new string) every time; each
  // device has one Sender, which decoding only reads.
  const senders = new Map<string, Sender>()
  for (const m of settings.members)
    for (const d of m.deviceIds) {
      const sender: Sender = { memberId: m.id, deviceId: d }
      senders.set(d.toLowerCase(), sender)
      senders.set(d, sender)
    }
  // Devices last seen spelled otherwise than the config does (almost always none).
  const respelled = new Set<string>()
  // Remembered from the run before: the first message spelled as the config does puts that right, or
  // commands would still go to the old spelling's cmd topic, which the phone no longer reads.
  if (onSpelling && spelledOtherwise)
    for (const m of settings.members) for (const d of m.deviceIds) if (spelledOtherwise(d)) respelled.add(d)
  return (deviceId) => {
    const exact = senders.get(deviceId)
    if (exact !== undefined) {
      if (respelled.size !== 0 && respelled.delete(exact.deviceId)) onSpelling?.(exact.deviceId, deviceId)
      return exact
    }
    const sender = senders.get(deviceId.toLowerCase())
    if (sender !== undefined && onSpelling) {
      respelled.add(sender.deviceId)
      onSpelling(sender.deviceId, deviceId)
    }
    return sender
  }
}
