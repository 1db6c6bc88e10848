import { X509Certificate } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ensureCertificates } from './certificates.js'

const dirs: string[] = []
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'weasley-tls-'))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

describe('ensureCertificates', () => {
  it('generates a CA and a server certificate it signed, with a SAN for every name', () => {
    const dir = tempDir()
    const files = ensureCertificates(dir, ['localhost', '127.0.0.1', 'clock.example.org'])
    expect(files.action).toBe('generated')
    const ca = new X509Certificate(readFileSync(files.caCertFile))
    const server = new X509Certificate(readFileSync(files.certFile))
    expect(ca.ca).toBe(true)
    expect(server.verify(ca.publicKey)).toBe(true)
    expect(server.checkHost('clock.example.org')).toBe('clock.example.org')
    expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1')
    expect(files.names).toEqual(expect.arrayContaining(['localhost', '127.0.0.1', 'clock.example.org']))
  }, 20_000)

  it('reuses the certificates on the next start, and re-issues only the server one for a new name', () => {
    const dir = tempDir()
    const first = ensureCertificates(dir, ['localhost'])
    const caBefore = readFileSync(first.caCertFile, 'utf8')
    const serverBefore = readFileSync(first.certFile, 'utf8')
    expect(ensureCertificates(dir, ['localhost']).action).toBe('reused')
    expect(readFileSync(first.certFile, 'utf8')).toBe(serverBefore)

    const third = ensureCertificates(dir, ['localhost', 'pi.home.arpa'])
    expect(third.action).toBe('reissued')
    expect(readFileSync(first.caCertFile, 'utf8')).toBe(caBefore)
    expect(new X509Certificate(readFileSync(first.certFile)).checkHost('pi.home.arpa')).toBe('pi.home.arpa')
  }, 20_000)

  it('re-issues a server certificate that is about to expire', () => {
    const dir = tempDir()
    const longAgo = Date.now() - 800 * 86_400_000
    ensureCertificates(dir, ['localhost'], longAgo)
    expect(ensureCertificates(dir, ['localhost']).action).toBe('reissued')
  }, 20_000)
})
