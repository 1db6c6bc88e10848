// `weasley-clock simulate`: phones without phones. One MQTT connection per device, with the Last Will
// the apps set, publishing simulated traffic at QoS 1 until --count messages are sent.

import { readFileSync } from 'node:fs'
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt'
import type { ClockConfig } from '../adapters/config/config-types.js'
import { loadConfigFile } from '../adapters/config/load-config.js'
import type { Place } from '../core/model.js'
import { compactId } from '../core/provisioning.js'
import { createSimulation } from '../core/simulation.js'
import { placesOf } from '../core/whereabouts/member-places.js'
import { type CliValues, countOption, entryOf } from './options.js'

export async function runSimulate(values: CliValues): Promise<number> {
  const url = values.url ?? 'mqtt://127.0.0.1:1883'
  const count = countOption(values.count, '--count', 200)
  const intervalMs = countOption(values.interval, '--interval', 1000)
  const config = values.config ? await loadConfigFile(values.config, entryOf(values)) : undefined
  const family = values.family ?? config?.settings.family
  if (!family) throw new Error('give --family NAME (or --config FILE)')
  const devices = (values.device ?? []).map(parseDevice)
  if (devices.length === 0) throw new Error('give at least one --device ID:PASSWORD')
  const places: Place[] = config?.settings.places.filter((p) => p.lat !== undefined) ?? DEFAULT_PLACES

  const ca = values.ca ? readFileSync(values.ca) : undefined
  const clients = new Map<string, MqttClient>()
  try {
    for (const d of devices) clients.set(d.id, await connectDevice(url, family, d, ca))
    const simulation = createSimulation({
      family,
      deviceIds: devices.map((d) => d.id),
      places,
      ...(config ? { placesFor: devicePlaces(config) } : {}),
      seed: Number(values.seed ?? Date.now() % 100_000),
    })
    // The first device reads the family's topics, to see that what is published arrives: a broker
    // drops what its ACL denies without a word (Mosquitto), or hangs up and is called again (ours).
    const familyHint = ` (topics are case-sensitive${config ? `; the config's family is "${config.settings.family}"` : ''})`
    const witness = await watchFamily(clients.get(devices[0]?.id ?? ''), family, familyHint)
    let sent = 0
    while (sent < count) {
      for (const m of simulation.step(Math.floor(Date.now() / 1000))) {
        const device = m.topic.split('/')[2] ?? ''
        const published = clients.get(device)?.publishAsync(m.topic, m.payload, { qos: 1, retain: m.retain })
        if (sent === 0) {
          // A broker that refuses the topic may close the connection instead of answering: mqtt.js
          // would send it again at each reconnection, for good.
          if (!(await settlesWithin(published, DELIVERY_WAIT_MS)))
            throw new Error(
              `the broker did not acknowledge a message on owntracks/${family}/… within ${DELIVERY_WAIT_MS / 1000} s: check --family${familyHint} and that the broker lets these devices publish there (its ACL)`,
            )
          if (witness && !(await witness.heardWithin(m.payload, DELIVERY_WAIT_MS)))
            throw new Error(
              `nothing published on owntracks/${family}/… came back within ${DELIVERY_WAIT_MS / 1000} s: check --family${familyHint} and that the broker lets these devices publish there (its ACL)`,
            )
        }
        await published
        sent++
        process.stdout.write(`${m.topic} ${m.payload}\n`)
      }
      if (intervalMs > 0 && sent < count) await new Promise((r) => setTimeout(r, intervalMs))
    }
  } catch (error) {
    // Every client connected so far is ended: one left open would keep the process running for good.
    await Promise.all([...clients.values()].map((c) => c.endAsync(true)))
    throw error
  }
  await Promise.all([...clients.values()].map((c) => c.endAsync()))
  return 0
}

/** Each device moves between its member's places (their own "Work", no hidden ones), as the clock counts them. */
export const devicePlaces =
  (config: ClockConfig) =>
  (deviceId: string): readonly Place[] => {
    const device = config.devices.find((d) => d.deviceId === deviceId.toLowerCase())
    return device ? placesOf(device.memberId, config.settings) : config.settings.places
  }

const DELIVERY_WAIT_MS = 10_000

/** Whether the promise settles (either way: a rejection is thrown where it is awaited) within `ms`. */
function settlesWithin(promise: Promise<unknown> | undefined, ms: number): Promise<boolean> {
  if (!promise) return Promise.resolve(true)
  let timer: NodeJS.Timeout | undefined
  return Promise.race([
    promise.then(
      () => true,
      () => true,
    ),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), ms)
    }),
  ]).finally(() => clearTimeout(timer))
}

/**
 * The client reading the family's topics, to see that what is published arrives. `heardWithin`
 * resolves true once that very payload came back, false after `ms`.
 */
async function watchFamily(
  client: MqttClient | undefined,
  family: string,
  familyHint: string,
): Promise<{ heardWithin(payload: string, ms: number): Promise<boolean> } | undefined> {
  if (!client) return undefined
  const heard = new Set<string>()
  const waiting = new Map<string, () => void>()
  client.on('message', (_topic, payload) => {
    const text = payload.toString()
    if (waiting.size === 0 && heard.size >= 100) return
    heard.add(text)
    waiting.get(text)?.()
  })
  // Phones need not be let read the family (only the clock must): then nothing can be checked.
  const granted = await client.subscribeAsync(`owntracks/${family}/#`, { qos: 0 }).catch(() => undefined)
  if (!granted || granted.some((g) => g.qos === 128)) {
    process.stderr.write(
      `weasley-clock simulate: the broker does not let ${client.options.username ?? 'the first device'} read owntracks/${family}/…, so whether messages arrive is not checked (is --family right${familyHint}?)\n`,
    )
    return undefined
  }
  return {
    heardWithin: (payload, ms) =>
      heard.has(payload)
        ? Promise.resolve(true)
        : new Promise<boolean>((resolve) => {
            const timer = setTimeout(() => {
              waiting.delete(payload)
              resolve(false)
            }, ms)
            waiting.set(payload, () => {
              clearTimeout(timer)
              waiting.delete(payload)
              resolve(true)
            })
          }),
  }
}

async function connectDevice(
  url: string,
  family: string,
  device: { id: string; password: string },
  ca: Buffer | undefined,
): Promise<MqttClient> {
  const options: IClientOptions = {
    // Not the phone's own client id (core/provisioning.ts): the session of that id is the phone's, and
    // connecting under it would close the phone's connection and take the commands queued for it.
    clientId: `${compactId(`${family}${device.id}`)}-sim`,
    username: device.id,
    password: device.password,
    clean: false,
    keepalive: 60,
    reconnectPeriod: 2_000,
    will: {
      topic: `owntracks/${family}/${device.id}`,
      payload: Buffer.from('{"_type":"lwt"}'),
      qos: 0,
      retain: false,
    },
  }
  if (ca) options.ca = ca
  try {
    // No retries before the first connection: a broker out of reach is said, not waited for.
    return await mqtt.connectAsync(url, options, false)
  } catch (error) {
    throw new Error(`could not connect to ${url} as ${device.id}: ${(error as Error).message}`)
  }
}

function parseDevice(spec: string): { id: string; password: string } {
  const colon = spec.indexOf(':')
  // What was given is not repeated: without its "ID:" it may be the password alone.
  if (colon <= 0)
    throw new Error(
      '--device must be ID:PASSWORD, e.g. ginny:her-password (the value given is not shown: it may hold a password)',
    )
  return { id: spec.slice(0, colon).toLowerCase(), password: spec.slice(colon + 1) }
}

const DEFAULT_PLACES: Place[] = [
  { name: 'Home', key: 'home', aliases: [], lat: 50.7376, lon: -3.2783, radiusMeters: 150 },
  { name: 'Work', key: 'work', aliases: [], lat: 51.5007, lon: -0.1246, radiusMeters: 200 },
  { name: 'School', key: 'school', aliases: [], lat: 56.8198, lon: -5.1052, radiusMeters: 400 },
]
