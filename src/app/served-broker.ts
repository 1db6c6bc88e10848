// The embedded broker with its TLS certificate, as one clock or a host of several families runs it:
// the user's certificate files (reloaded when renewed) or one from our own CA, and its sessions and
// retained messages in SQLite.

import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { type EmbeddedBroker, startEmbeddedBroker } from '../adapters/broker/embedded-broker.js'
import { SqlitePersistence } from '../adapters/broker/sqlite-persistence.js'
import type { EmbeddedBrokerConfig } from '../adapters/config/config-types.js'
import type { Db } from '../adapters/sqlite/open-database.js'
import {
  caExpiryWarning,
  defaultCertificateNames,
  ensureCertificates,
  type TlsFiles,
} from '../adapters/tls/certificates.js'
import { watchCertificate } from '../adapters/tls/watch-certificate.js'
import type { Logger } from './ports.js'

export interface EmbeddedBrokerInfo {
  kind: 'embedded'
  mqttPort: number
  mqttsPort: number
  caCertFile?: string
  certNames: string[]
  certAction?: TlsFiles['action']
}

/** A running embedded broker with its certificate, as the families using it see it. */
export interface ServedBroker {
  broker: EmbeddedBroker
  info: EmbeddedBrokerInfo
  /** The name phones reach it by (its config's first public host), for their configuration. */
  publicHost?: string
  close(): Promise<void>
}

/**
 * Starts the embedded broker on the user's certificate files (reloaded when they change, e.g. a Let's
 * Encrypt renewal), or on a certificate from our own CA kept in tlsDir.
 */
export async function startBrokerWithCertificate(
  b: EmbeddedBrokerConfig,
  options: {
    db: Db
    tlsDir: string
    logger: Logger
    maxPacketBytes: number
    certCheckIntervalMs: number
    passwordCheckIntervalMs?: number
    /** Told what the broker's own writes add to the database's WAL (its background checkpoints). */
    onCommitted?: (bytes: number) => void
  },
): Promise<ServedBroker> {
  let tls: { cert: Buffer; key: Buffer }
  let info: EmbeddedBrokerInfo
  if (b.certFile && b.keyFile) {
    tls = { cert: readFileSync(b.certFile), key: readFileSync(b.keyFile) }
    info = { kind: 'embedded', mqttPort: 0, mqttsPort: 0, certNames: b.publicHosts }
  } else {
    const files = ensureCertificates(options.tlsDir, defaultCertificateNames(b.publicHosts))
    const expiring = caExpiryWarning(files.caCertFile)
    if (expiring) options.logger.log('warn', expiring)
    tls = { cert: readFileSync(files.certFile), key: readFileSync(files.keyFile) }
    info = {
      kind: 'embedded',
      mqttPort: 0,
      mqttsPort: 0,
      certNames: files.names,
      caCertFile: files.caCertFile,
      certAction: files.action,
    }
  }
  const persistence = new SqlitePersistence(options.db, {
    onError: (error) => options.logger.log('error', `could not save retained messages: ${error.message}`),
    ...(options.onCommitted ? { onCommitted: options.onCommitted } : {}),
  })
  const broker = await startEmbeddedBroker({
    config: b,
    tls,
    logger: options.logger,
    persistence,
    maxPacketBytes: options.maxPacketBytes,
    ...(options.passwordCheckIntervalMs === undefined
      ? {}
      : { passwordCheckIntervalMs: options.passwordCheckIntervalMs }),
  })
  info.mqttPort = broker.mqttPort
  info.mqttsPort = broker.mqttsPort
  const stopWatching =
    b.certFile && b.keyFile
      ? watchCertificate(
          { certFile: b.certFile, keyFile: b.keyFile },
          broker.setCertificate,
          options.logger,
          options.certCheckIntervalMs,
        )
      : renewWhileRunning(b, options, broker.setCertificate)
  return {
    broker,
    info,
    ...(b.publicHosts[0] === undefined ? {} : { publicHost: b.publicHosts[0] }),
    async close() {
      stopWatching()
      await broker.close()
      persistence.flushIdUpdates()
      persistence.flushRetained()
    },
  }
}

/**
 * Our own certificate is re-issued a month before it expires when the clock starts; a clock that runs
 * for years without a restart gets it while running. Only the server certificate, from the CA the phones
 * trust: a CA gone from the folder is left for the next start to deal with (and said).
 */
function renewWhileRunning(
  b: EmbeddedBrokerConfig,
  options: { tlsDir: string; logger: Logger; certCheckIntervalMs: number },
  apply: (tls: { cert: Buffer; key: Buffer }) => void,
): () => void {
  let told = false
  const check = () => {
    try {
      if (
        !existsSync(path.join(options.tlsDir, 'ca.key')) ||
        !existsSync(path.join(options.tlsDir, 'ca.crt'))
      ) {
        if (!told)
          options.logger.log(
            'warn',
            `the clock's CA is gone from ${options.tlsDir}: a restart makes a new one, which every phone must then install`,
          )
        told = true
        return
      }
      const files = ensureCertificates(
        options.tlsDir,
        defaultCertificateNames(b.publicHosts),
        Date.now(),
        false,
      )
      told = false
      if (files.action === 'reused') return
      apply({ cert: readFileSync(files.certFile), key: readFileSync(files.keyFile) })
      options.logger.log('info', `issued a new TLS certificate from the clock's CA (${files.certFile})`)
    } catch (error) {
      // Once until it works again: the check runs every minute.
      if (!told)
        options.logger.log(
          'warn',
          `could not renew the TLS certificate: ${(error as Error).message} (tried again every minute)`,
        )
      told = true
    }
  }
  const timer = setInterval(check, options.certCheckIntervalMs)
  timer.unref()
  return () => clearInterval(timer)
}

/** What a failure to forget a removed device's or family's broker sessions is told as (it runs on). */
export const couldNotForget =
  (logger: Logger, what: 'devices' | 'families') =>
  (error: unknown): void =>
    logger.log(
      'warn',
      `could not forget the broker's sessions of removed ${what}: ${error instanceof Error ? error.message : String(error)}`,
    )
