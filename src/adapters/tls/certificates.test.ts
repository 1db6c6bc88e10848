import { execFileSync } from 'node:child_process'
import { createPrivateKey, X509Certificate } from 'node:crypto'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { caExpiryWarning, ensureCertificates } from './certificates.js'
import { issueCa } from './issue-certificate.js'
import { certificateCovers, certificatesIn } from './read-certificate.js'

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

  it('tells whether a phone could reach the broker by a name or address', () => {
    const files = ensureCertificates(tempDir(), ['localhost', '127.0.0.1', 'clock.example.org'])
    expect(certificateCovers(files.certFile, 'clock.example.org')).toBe(true)
    expect(certificateCovers(files.certFile, 'CLOCK.example.org')).toBe(true)
    expect(certificateCovers(files.certFile, '127.0.0.1')).toBe(true)
    expect(certificateCovers(files.certFile, 'pi.home.arpa')).toBe(false)
    expect(certificateCovers(files.certFile, '192.168.1.20')).toBe(false)
  })

  it('makes ECDSA P-256 keys, a CA only for signing and a server certificate only for TLS servers', () => {
    const dir = tempDir()
    const files = ensureCertificates(dir, ['localhost', '::1', 'fe80::1', '192.168.1.20'])
    for (const keyFile of [files.keyFile, path.join(dir, 'ca.key')]) {
      const key = createPrivateKey(readFileSync(keyFile))
      expect(key.asymmetricKeyType).toBe('ec')
      expect(key.asymmetricKeyDetails?.namedCurve).toBe('prime256v1')
    }
    const ca = new X509Certificate(readFileSync(files.caCertFile))
    const server = new X509Certificate(readFileSync(files.certFile))
    expect(ca.verify(ca.publicKey)).toBe(true)
    expect(ca.checkIssued(ca)).toBe(true)
    expect(server.checkIssued(ca)).toBe(true)
    expect(server.ca).toBe(false)
    expect(server.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1'])
    expect(server.issuer).toBe(ca.subject)
    expect(ca.subject).toMatch(/^CN=Weasley Clock CA \(.+\)\nO=Weasley Clock$/)
    expect(server.subject).toBe('CN=localhost')
    expect(server.checkIP('::1')).toBe('::1')
    expect(server.checkIP('fe80::1')).toBe('fe80::1')
    expect(server.checkIP('192.168.1.20')).toBe('192.168.1.20')
    expect(server.checkIP('192.168.1.21')).toBeUndefined()
    // Apple's limit for TLS server certificates (825 days), with a day's slack before now.
    const days = (Date.parse(server.validTo) - Date.parse(server.validFrom)) / 86_400_000
    expect(days).toBeLessThanOrEqual(825)
    expect(Date.parse(server.validFrom)).toBeLessThan(Date.now())
    expect(files.names).toEqual(['localhost', '::1', 'fe80::1', '192.168.1.20'])
    // Node prints IPv6 SANs uncompressed: a configured "fe80::1" must still count as covered.
    expect(ensureCertificates(dir, ['localhost', '::1', 'FE80:0::1', '192.168.1.20']).action).toBe('reused')
  }, 20_000)

  it('makes a CA that may sign no other CA (path length 0), whose server certificate OpenSSL accepts', () => {
    const files = ensureCertificates(tempDir(), ['localhost'])
    const openssl = (...args: string[]) => execFileSync('openssl', args, { encoding: 'utf8' })
    expect(openssl('x509', '-in', files.caCertFile, '-noout', '-ext', 'basicConstraints')).toMatch(
      /Basic Constraints: critical\s+CA:TRUE, pathlen:0\s*$/,
    )
    expect(openssl('verify', '-CAfile', files.caCertFile, files.certFile)).toBe(`${files.certFile}: OK\n`)
  }, 20_000)

  it('keeps the RSA CA of an earlier install and signs new server certificates with it', () => {
    const dir = tempDir()
    mkdirSync(dir, { recursive: true })
    const legacy = issueCa(Date.now(), 'rsa')
    writeFileSync(path.join(dir, 'ca.crt'), legacy.certPem)
    writeFileSync(path.join(dir, 'ca.key'), legacy.keyPem)
    const files = ensureCertificates(dir, ['localhost', '127.0.0.1'])
    expect(files.action).toBe('reissued')
    expect(readFileSync(files.caCertFile, 'utf8')).toBe(legacy.certPem)
    const ca = new X509Certificate(legacy.certPem)
    const server = new X509Certificate(readFileSync(files.certFile))
    expect(ca.publicKey.asymmetricKeyType).toBe('rsa')
    expect(server.verify(ca.publicKey)).toBe(true)
    expect(server.checkIssued(ca)).toBe(true)
    expect(server.publicKey.asymmetricKeyType).toBe('ec')
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

  it('makes a new CA when one of its two files is lost, keeping the other aside', () => {
    const dir = tempDir()
    const first = ensureCertificates(dir, ['localhost'])
    const key = readFileSync(path.join(dir, 'ca.key'), 'utf8')
    rmSync(first.caCertFile)
    expect(ensureCertificates(dir, ['localhost']).action).toBe('generated')
    const kept = readdirSync(dir).filter((f) => f.startsWith('ca.key.kept-'))
    expect(kept).toHaveLength(1)
    expect(readFileSync(path.join(dir, kept[0] as string), 'utf8')).toBe(key)
    expect(readFileSync(path.join(dir, 'ca.key'), 'utf8')).not.toBe(key)
  })

  it('issues a new server certificate for one cut short (a full disk) or not matching its key', () => {
    const dir = tempDir()
    const first = ensureCertificates(dir, ['localhost'])
    const ca = readFileSync(first.caCertFile, 'utf8')
    const whole = readFileSync(first.certFile, 'utf8')
    writeFileSync(first.certFile, whole.slice(0, 100))
    expect(ensureCertificates(dir, ['localhost']).action).toBe('reissued')
    expect(new X509Certificate(readFileSync(first.certFile)).checkHost('localhost')).toBe('localhost')
    writeFileSync(first.keyFile, '')
    expect(ensureCertificates(dir, ['localhost']).action).toBe('reissued')
    const other = tempDir()
    ensureCertificates(other, ['localhost'])
    writeFileSync(first.keyFile, readFileSync(path.join(other, 'server.key')))
    expect(ensureCertificates(dir, ['localhost']).action).toBe('reissued')
    expect(readFileSync(first.caCertFile, 'utf8')).toBe(ca)
    expect(ensureCertificates(dir, ['localhost']).action).toBe('reused')
  }, 20_000)

  it('makes a new CA when ca.crt is damaged, keeping the damaged file aside', () => {
    const dir = tempDir()
    const first = ensureCertificates(dir, ['localhost'])
    writeFileSync(first.caCertFile, '-----BEGIN CERTIFICATE-----\nMIIB\n')
    expect(ensureCertificates(dir, ['localhost']).action).toBe('generated')
    expect(readdirSync(dir).filter((f) => f.startsWith('ca.crt.kept-'))).toHaveLength(1)
    expect(
      new X509Certificate(readFileSync(first.certFile)).verify(
        new X509Certificate(readFileSync(first.caCertFile)).publicKey,
      ),
    ).toBe(true)
  }, 20_000)

  it('stops, changing nothing, when a CA file is there but cannot be read (never a new CA for that)', () => {
    const dir = tempDir()
    const first = ensureCertificates(dir, ['localhost'])
    const ca = readFileSync(first.caCertFile, 'utf8')
    rmSync(path.join(dir, 'ca.key'))
    mkdirSync(path.join(dir, 'ca.key'))
    expect(() => ensureCertificates(dir, ['localhost'])).toThrow(/EISDIR/)
    expect(readFileSync(first.caCertFile, 'utf8')).toBe(ca)
    expect(readdirSync(dir).filter((f) => f.includes('.kept-'))).toEqual([])
  })

  it('never makes a CA while the clock runs (a renewal): a damaged one is left for the next start', () => {
    const dir = tempDir()
    const first = ensureCertificates(dir, ['localhost'])
    writeFileSync(first.caCertFile, '-----BEGIN CERTIFICATE-----\nMIIB\n')
    expect(() => ensureCertificates(dir, ['localhost'], Date.now(), false)).toThrow(/damaged or incomplete/)
    expect(readdirSync(dir).filter((f) => f.includes('.kept-'))).toEqual([])
  })

  it('makes a new CA when ca.key does not belong to ca.crt', () => {
    const dir = tempDir()
    const first = ensureCertificates(dir, ['localhost'])
    writeFileSync(path.join(dir, 'ca.key'), issueCa(Date.now()).keyPem)
    expect(ensureCertificates(dir, ['localhost']).action).toBe('generated')
    expect(
      new X509Certificate(readFileSync(first.certFile)).verify(
        new X509Certificate(readFileSync(first.caCertFile)).publicKey,
      ),
    ).toBe(true)
  }, 20_000)

  it('says when the CA has less than a year left, and when it has expired', () => {
    const day = 86_400_000
    const fresh = ensureCertificates(tempDir(), ['localhost'])
    expect(caExpiryWarning(fresh.caCertFile)).toBeUndefined()
    // Made 3,400 days ago: 250 days of its ten years left.
    const old = ensureCertificates(tempDir(), ['localhost'], Date.now() - 3_400 * day)
    expect(caExpiryWarning(old.caCertFile)).toMatch(
      /CA \(.*ca\.crt\) expires in 2(49|50) days, on \d{4}-\d{2}-\d{2}: move .* aside/,
    )
    expect(caExpiryWarning(old.caCertFile, Date.now() + 300 * day)).toMatch(/expired on/)
  })
})

describe('certificatesIn', () => {
  it('keeps the certificates of a PEM file and never a key that came with them', () => {
    const one = issueCa(Date.now())
    const two = issueCa(Date.now())
    const combined = `${one.certPem}\n${one.keyPem}\n${two.certPem}`
    const { certificates, heldKey } = certificatesIn(combined)
    expect(heldKey).toBe(true)
    expect(certificates).not.toMatch(/PRIVATE KEY/)
    const kept = certificates.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? []
    expect(kept.map((c) => new X509Certificate(c).fingerprint256)).toEqual([
      new X509Certificate(one.certPem).fingerprint256,
      new X509Certificate(two.certPem).fingerprint256,
    ])
    expect(certificatesIn(one.keyPem)).toEqual({ certificates: '', heldKey: true })
    expect(certificatesIn('-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----')).toEqual({
      certificates: '',
      heldKey: false,
    })
  })
})
