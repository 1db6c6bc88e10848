import { describe, expect, it } from 'vitest'
import { describeLocationRequest, describePlacesPush } from './command-report.js'

describe('what the user is told a command became', () => {
  it('counts only the phones a command reaches, and says when the others get places', () => {
    expect(describePlacesPush({ devices: 1, taken: 1, listening: 1, queued: 0 })).toBe(
      'Places sent to 1 connected device(s).',
    )
    expect(describePlacesPush({ devices: 3, taken: 3, listening: 0, queued: 1 })).toBe(
      'Places sent to 0 connected device(s); queued for 1 away, which get them when they reconnect; 2 device(s) not connected and without a session get them when they next connect.',
    )
    // One the broker could not take (a failed publish) is no phone that gets them when it connects.
    expect(describePlacesPush({ devices: 2, taken: 1, listening: 1, queued: 0 })).toBe(
      'Places sent to 1 connected device(s); the broker could not take them for 1 device(s).',
    )
    expect(describeLocationRequest({ devices: 2, taken: 1, listening: 0, queued: 0 })).toBe(
      'Asked 0 connected device(s) for their location; 1 device(s) not connected and without a session cannot be asked; the broker could not take the request for 1 device(s). iPhones answer when iOS next wakes the app.',
    )
    expect(describePlacesPush({ devices: 0, taken: 0, listening: 0, queued: 0 })).toBe(
      'No places with coordinates to send.',
    )
  })

  it('says only that the broker took it when the broker does not tell who listens (an external one)', () => {
    expect(describePlacesPush({ devices: 2, taken: 2 })).toMatch(
      /^Places handed to the broker for 2 of 2 device\(s\); it does not say which phones listen/,
    )
    expect(describeLocationRequest({ devices: 2, taken: 1 })).toMatch(
      /^Asked the broker to pass the request to 1 of 2 device\(s\) \(it does not say which phones listen\)/,
    )
  })
})
