import { createPrivateKey } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { ensureCertificates } from '../tls/certificates.js'
import { issueCa } from '../tls/issue-certificate.js'
import { unusableCertificateFiles } from './certificate-files.js'
import { ConfigError, loadConfigFile, parseConfig } from './load-config.js'

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'weasley-pair-'))
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** A certificate and its key as the clock's own CA makes them (EC keys), in a folder of their own. */
const aPair = (dir: string, name: string) => ensureCertificates(path.join(dir, name), ['localhost'])

const awsConfig = (certFile: string, keyFile: string) =>
  parseConfig({
    uniqueId: 'f',
    people: ['A'],
    broker: {
      profile: 'aws-iot',
      url: 'mqtts://a.iot.eu-west-1.amazonaws.com',
      clientId: 'c',
      certFile,
      keyFile,
    },
  })

describe('the certificate and key a config names', () => {
  it('takes a certificate with its own key, for an external broker or the embedded one', () => {
    const pair = aPair(tempDir(), 'clock')
    expect(unusableCertificateFiles(awsConfig(pair.certFile, pair.keyFile))).toEqual([])
    const embedded = parseConfig({
      uniqueId: 'f',
      people: ['A'],
      broker: { certFile: pair.certFile, keyFile: pair.keyFile },
    })
    expect(unusableCertificateFiles(embedded)).toEqual([])
  })

  it('says which key does not match its certificate, of the same type or not', () => {
    const dir = tempDir()
    const clock = aPair(dir, 'clock')
    const other = aPair(dir, 'other')
    const rsa = issueCa(Date.now(), 'rsa')
    const rsaCert = path.join(dir, 'rsa.crt')
    writeFileSync(rsaCert, rsa.certPem)
    for (const certFile of [clock.certFile, rsaCert])
      expect(unusableCertificateFiles(awsConfig(certFile, other.keyFile))).toEqual([
        {
          path: 'broker.keyFile',
          message: `${other.keyFile}: the key does not match the certificate (${certFile})`,
        },
      ])
  })

  it('says an encrypted key is not supported, in either PEM form, without asking for a passphrase', () => {
    const dir = tempDir()
    const clock = aPair(dir, 'clock')
    const rsa = issueCa(Date.now(), 'rsa')
    const rsaCert = path.join(dir, 'rsa.crt')
    writeFileSync(rsaCert, rsa.certPem)
    const encrypt = (pem: string, type: 'pkcs8' | 'pkcs1', file: string) => {
      const encrypted = createPrivateKey(pem).export({
        format: 'pem',
        type,
        cipher: 'aes-256-cbc',
        passphrase: 'hunter22',
      })
      writeFileSync(path.join(dir, file), encrypted)
      return path.join(dir, file)
    }
    const cases = [
      [clock.certFile, encrypt(readFileSync(clock.keyFile, 'utf8'), 'pkcs8', 'pkcs8.key')],
      [rsaCert, encrypt(rsa.keyPem, 'pkcs1', 'traditional.key')],
    ] as const
    for (const [certFile, keyFile] of cases)
      expect(unusableCertificateFiles(awsConfig(certFile, keyFile))).toEqual([
        { path: 'broker.keyFile', message: expect.stringMatching(/: encrypted keys are not supported: /) },
      ])
  })

  it('says which file is no PEM certificate or key', () => {
    const dir = tempDir()
    const clock = aPair(dir, 'clock')
    expect(unusableCertificateFiles(awsConfig(clock.keyFile, clock.keyFile))).toEqual([
      {
        path: 'broker.certFile',
        message: expect.stringMatching(/server\.key: is not a PEM certificate/),
      },
    ])
    expect(unusableCertificateFiles(awsConfig(clock.certFile, clock.certFile))).toEqual([
      { path: 'broker.keyFile', message: expect.stringMatching(/server\.crt: is not a PEM private key/) },
    ])
  })

  it('lists a key that does not match with the config’s other problems', async () => {
    const dir = tempDir()
    const clock = aPair(dir, 'clock')
    const other = aPair(dir, 'other')
    const file = path.join(dir, 'weasley.config.json')
    const broker = { url: 'mqtts://h:8883', certFile: clock.certFile, keyFile: other.keyFile, keepalive: 0 }
    writeFileSync(file, JSON.stringify({ uniqueId: 'f', people: ['A'], broker }))
    const error = (await loadConfigFile(file).catch((e: unknown) => e)) as ConfigError
    expect(error).toBeInstanceOf(ConfigError)
    expect(error.problems.map((p) => p.path)).toEqual(['broker.keepalive', 'broker.keyFile'])
    expect(error.message).toContain('the key does not match the certificate')
  })
})
