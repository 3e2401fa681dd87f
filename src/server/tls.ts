/**
 * The LAN host's TLS certificate: self-signed, generated on first run (selfsigned) and kept in the data folder
 * (`tls/kedan-host.key`, `tls/kedan-host.crt`), so its fingerprint stays the same across restarts and updates.
 * Clients do not trust it through a CA: they pin its SHA-256 fingerprint on first connect, after the person
 * compared the short pairing code shown on both PCs (like a Bluetooth pairing code).
 */
import * as crypto from 'node:crypto'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { generate } from 'selfsigned'

export interface HostCertificate {
  key: string
  cert: string
  /** SHA-256 of the DER certificate, upper-case hex with colons (as node's `fingerprint256`) */
  fingerprint256: string
  /** the short form people compare: 4 groups of 4 (first 64 bits of the fingerprint) */
  pairingCode: string
  keyFile: string
  certFile: string
}

export const TLS_DIR = 'tls'
export const KEY_FILE = 'kedan-host.key'
export const CERT_FILE = 'kedan-host.crt'

/** `AB:CD:…` (or plain hex) → `ABCD-EF01-2345-6789`. */
export function pairingCodeOf(fingerprint256: string): string {
  const hex = fingerprint256.replace(/[^0-9a-f]/gi, '').toUpperCase().slice(0, 16)
  return hex.match(/.{4}/g)!.join('-')
}

/** Node's form of a fingerprint: upper-case hex pairs joined by colons. */
export function normalizeFingerprint(fp: string): string {
  const hex = fp.replace(/[^0-9a-f]/gi, '').toUpperCase()
  return hex.match(/.{2}/g)?.join(':') ?? ''
}

export function fingerprintOfPem(certPem: string): string {
  return new crypto.X509Certificate(certPem).fingerprint256
}

function describe(key: string, cert: string, keyFile: string, certFile: string): HostCertificate {
  const fingerprint256 = fingerprintOfPem(cert)
  return { key, cert, fingerprint256, pairingCode: pairingCodeOf(fingerprint256), keyFile, certFile }
}

/** Loads the host certificate from `<dataDir>/tls/`, generating it on first run (valid 20 years). */
export async function ensureHostCertificate(dataDir: string, opts: { hostname?: string } = {}): Promise<HostCertificate> {
  const dir = path.join(dataDir, TLS_DIR)
  const keyFile = path.join(dir, KEY_FILE)
  const certFile = path.join(dir, CERT_FILE)
  if (fs.existsSync(keyFile) && fs.existsSync(certFile)) {
    return describe(fs.readFileSync(keyFile, 'utf8'), fs.readFileSync(certFile, 'utf8'), keyFile, certFile)
  }
  const name = (opts.hostname ?? os.hostname()).toLowerCase().replace(/[^a-z0-9.-]/g, '-') || 'kedan-host'
  const notBeforeDate = new Date(Date.now() - 24 * 3600_000)
  const notAfterDate = new Date(notBeforeDate.getTime() + 20 * 365 * 24 * 3600_000)
  const pems = await generate([{ name: 'commonName', value: `Kedan host ${name}` }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: name },
          { type: 2, value: `${name}.local` },
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  })
  fs.mkdirSync(dir, { recursive: true })
  // the key first, readable by this user only; a crash between the two writes regenerates both next time
  fs.writeFileSync(keyFile, pems.private, { mode: 0o600 })
  fs.writeFileSync(certFile, pems.cert)
  return describe(pems.private, pems.cert, keyFile, certFile)
}
