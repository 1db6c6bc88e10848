// A family's pipeline over its database, as a running clock and a replay into a stopped one both
// build it: the config's settings, its phones' decryption keys, how each phone spells its device id.

import type { ClockConfig } from '../adapters/config/config-types.js'
import { createKeyring, type Keyring } from '../adapters/crypto/owntracks-crypto.js'
import { createMeta } from '../adapters/sqlite/meta.js'
import type { Db } from '../adapters/sqlite/open-database.js'
import type { ConnectionView } from '../core/clock-view.js'
import { createPipeline, type Pipeline } from './pipeline.js'
import type { KeyValue, Logger, StateStore } from './ports.js'
import { createTopicSpellings, type TopicSpellings } from './topic-spellings.js'

export interface FamilyPipeline {
  pipeline: Pipeline
  keyring: Keyring
  meta: KeyValue
  spellings: TopicSpellings
}

export function createFamilyPipeline(
  config: ClockConfig,
  deps: {
    db: Db
    store: StateStore
    logger: Logger
    connection: () => ConnectionView
    /** A device with a key turned out to send plain: it could not open what it was sent sealed. */
    onDeviceTurnedPlain?: (deviceId: string) => void
  },
): FamilyPipeline {
  const { logger } = deps
  const meta = createMeta(deps.db)
  const keyring = createKeyring({
    ...(config.encryptionKey === undefined ? {} : { family: config.encryptionKey }),
    devices: new Map(
      config.devices.flatMap((d) => (d.encryptionKey ? [[d.deviceId, d.encryptionKey] as const] : [])),
    ),
    remember: meta,
    sealedForGood: config.broker.kind === 'external',
    ...(deps.onDeviceTurnedPlain ? { onTurnedPlain: deps.onDeviceTurnedPlain } : {}),
  })
  const spellings = createTopicSpellings(meta, (error) =>
    logger.log('warn', `could not save how a phone spells its device id: ${error.message}`),
  )
  const pipeline = createPipeline({
    decrypt: keyring.decrypt,
    // Only where there are keys: a family without any seals nothing anyway.
    ...(keyring.hasKeys() ? { sentPlain: keyring.sentPlain } : {}),
    onDeviceSpelling: spellings.saw,
    deviceSpelledOtherwise: (deviceId) => spellings.topicIdOf(deviceId) !== deviceId,
    settings: config.settings,
    display: config.display,
    store: deps.store,
    logger,
    now: Date.now,
    connection: deps.connection,
  })
  return { pipeline, keyring, meta, spellings }
}
