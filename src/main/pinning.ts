/**
 * A LAN client trusts its host's self-signed certificate by pinning: on first connect it reads the certificate's
 * SHA-256 fingerprint (`probeHostCertificate`), shows the short pairing code to compare with the one on the host,
 * and keeps the fingerprint in kedan-config.json (`hostFingerprint`). Every later connection (`createPinnedFetch`)
 * is refused when the host presents any other certificate: no CA, no hostname check, only the pin.
 */
import * as tls from 'node:tls'
import { Agent, buildConnector, fetch as undiciFetch } from 'undici'
import { normalizeFingerprint, pairingCodeOf } from '../server/tls'
import type { FetchFn } from './remote'
import { mainText } from './messages'

export const CERT_CHANGED = 'KEDAN_CERT_CHANGED'

export class CertificateChangedError extends Error {
  readonly code = CERT_CHANGED
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`host certificate changed: expected ${expected}, got ${actual}`)
    this.name = 'CertificateChangedError'
  }
}

/** The clear message for a changed certificate (shown instead of connecting). */
export function certificateChangedMessage(hostUrl: string, expected: string, actual: string): string {
  return mainText('pin.changed', { host: hostUrl, expected: pairingCodeOf(expected), actual: pairingCodeOf(actual) })
}

export interface HostCertificateInfo {
  fingerprint256: string
  pairingCode: string
}

/**
 * Electron's certificate check for the updater's session (`setCertificateVerifyProc`): a certificate whose SHA-256
 * equals the pin is trusted (0), any other certificate keeps Chromium's own verdict (-3), so a public update
 * server with a real certificate still works. Electron gives the fingerprint as `sha256/<base64>`.
 */
export function pinVerdict(electronFingerprint: string, pinnedFingerprint: string | null | undefined): 0 | -3 {
  if (!pinnedFingerprint) return -3
  const m = /^sha256\/(.+)$/.exec(electronFingerprint)
  if (!m) return -3
  const hex = Buffer.from(m[1]!, 'base64').toString('hex')
  return normalizeFingerprint(hex) === normalizeFingerprint(pinnedFingerprint) ? 0 : -3
}

/** Reads the certificate an https host presents (without trusting it yet): for the first connect's pairing code. */
export function probeHostCertificate(hostUrl: string, timeoutMs = 5_000): Promise<HostCertificateInfo> {
  const u = new URL(hostUrl)
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: u.hostname.replace(/^\[|\]$/g, ''), port: Number(u.port || 443), rejectUnauthorized: false, servername: undefined })
    socket.setTimeout(timeoutMs, () => socket.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })))
    socket.once('secureConnect', () => {
      const fp = socket.getPeerCertificate().fingerprint256
      socket.end()
      if (!fp) return reject(new Error('the host presented no certificate'))
      resolve({ fingerprint256: normalizeFingerprint(fp), pairingCode: pairingCodeOf(fp) })
    })
    socket.once('error', reject)
  })
}

/**
 * A fetch whose https connections accept exactly the pinned certificate (a changed one fails with
 * `cause.code === CERT_CHANGED`). Plain http URLs go through as usual (loopback only, the host refuses others).
 */
export function createPinnedFetch(pinnedFingerprint: string): FetchFn {
  const pin = normalizeFingerprint(pinnedFingerprint)
  // the pin replaces CA and hostname checks; no TLS session cache, so every connection shows its certificate
  const connect = buildConnector({ rejectUnauthorized: false, maxCachedSessions: 0 })
  const agent = new Agent({
    connect: (opts, callback) =>
      connect(opts, (err, socket) => {
        if (err || !socket) return callback(err ?? new Error('no socket'), null)
        if (!(socket instanceof tls.TLSSocket)) return callback(null, socket)
        const actual = normalizeFingerprint(socket.getPeerCertificate().fingerprint256 ?? '')
        if (actual !== pin) {
          socket.destroy()
          return callback(new CertificateChangedError(pin, actual), null)
        }
        return callback(null, socket)
      }),
  })
  return ((input: string | URL | Request, init?: RequestInit) =>
    undiciFetch(input as never, { ...(init as object), dispatcher: agent } as never)) as unknown as FetchFn
}
