// Let's Encrypt renews certificates in place: when the files change, new connections get the new
// certificate and connected phones stay connected. A half-written or mismatched pair is ignored (and
// retried at the next change) rather than taking the listener down.

import { readFileSync, type Stats, unwatchFile, watchFile } from 'node:fs'
import { createSecureContext } from 'node:tls'
import type { Logger } from '../../app/ports.js'

export function watchCertificate(
  files: { certFile: string; keyFile: string },
  apply: (tls: { cert: Buffer; key: Buffer }) => void,
  logger: Logger,
  intervalMs: number,
): () => void {
  const { certFile, keyFile } = files
  const reload = () => {
    try {
      const tls = { cert: readFileSync(certFile), key: readFileSync(keyFile) }
      createSecureContext(tls) // throws when the key does not belong to the certificate
      apply(tls)
      logger.log('info', `reloaded the TLS certificate from ${certFile}`)
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      logger.log(
        'warn',
        `kept the current TLS certificate: ${certFile} and ${keyFile} do not load (${reason})`,
      )
    }
  }
  const onChange = (current: Stats, previous: Stats) => {
    if (current.mtimeMs !== previous.mtimeMs || current.size !== previous.size) reload()
  }
  watchFile(certFile, { interval: intervalMs, persistent: false }, onChange)
  watchFile(keyFile, { interval: intervalMs, persistent: false }, onChange)
  return () => {
    unwatchFile(certFile, onChange)
    unwatchFile(keyFile, onChange)
  }
}
