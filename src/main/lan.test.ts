/**
 * The LAN over TLS (issue 12): the host's certificate made once and kept, a client that pins it and refuses a
 * changed one with a clear Chinese message, the guard's Host/Origin rules over https, plain HTTP for loopback
 * only, and the version check when a client connects.
 */
import * as fs from 'node:fs'
import type * as http from 'node:http'
import * as https from 'node:https'
import type * as net from 'node:net'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../core'
import { APP_VERSION } from '../core/version'
import { createHttpServer } from '../server/http'
import { transportAllowed } from '../server/guard'
import { ensureHostCertificate, pairingCodeOf, type HostCertificate } from '../server/tls'
import { BackendStartError, startBackend } from './backend'
import { certificateChangedMessage, createPinnedFetch, pinVerdict, probeHostCertificate } from './pinning'
import { compareVersions, createRemoteDispatch, versionVerdict } from './remote'

const tmpDirs: string[] = []
function tmp(prefix: string): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  tmpDirs.push(d)
  return d
}

function listen(server: http.Server, port = 0): Promise<number> {
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)))
}
function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })
}

let core: Core
let certA: HostCertificate
let certB: HostCertificate
let dataA: string

beforeAll(async () => {
  dataA = tmp('kedan-tls-a-')
  core = await createCore({ dataDir: dataA, log: () => {} })
  certA = await ensureHostCertificate(dataA, { hostname: 'kedan-host' })
  // another PC's (or a reinstalled host's) certificate
  certB = await ensureHostCertificate(tmp('kedan-tls-b-'), { hostname: 'kedan-host' })
})
afterAll(async () => {
  await core.close()
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true })
})

describe('the host certificate', () => {
  it('is made on first run, kept in <data>/tls and the same at the next start; the pairing code is its first 64 bits', async () => {
    expect(fs.existsSync(path.join(dataA, 'tls', 'kedan-host.key'))).toBe(true)
    const again = await ensureHostCertificate(dataA)
    expect(again.fingerprint256).toBe(certA.fingerprint256)
    expect(certA.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/)
    expect(certA.fingerprint256).not.toBe(certB.fingerprint256)
    // 'AB:CD:EF:01:23:45:67:89:…' → 'ABCD-EF01-2345-6789'
    expect(pairingCodeOf('ab:cd:ef:01:23:45:67:89:aa:bb')).toBe('ABCD-EF01-2345-6789')
    expect(certA.pairingCode).toBe(pairingCodeOf(certA.fingerprint256))
  })
})

describe('a LAN client pins the host certificate', () => {
  it('talks to the pinned certificate, and refuses the same address presenting another one, with a clear message', async () => {
    const serverA = await createHttpServer(core, { tls: certA, log: () => {} })
    const port = await listen(serverA)
    const hostUrl = `https://127.0.0.1:${port}`
    // first connect: the certificate is read without trusting it, its pairing code is what the host shows
    expect(await probeHostCertificate(hostUrl)).toEqual({ fingerprint256: certA.fingerprint256, pairingCode: certA.pairingCode })
    const dispatch = createRemoteDispatch(hostUrl, { fetch: createPinnedFetch(certA.fingerprint256) })
    expect(await dispatch('auth.status', {}, {})).toMatchObject({ ok: true, data: { needsSetup: true } })
    // node's own fetch trusts no self-signed certificate: TLS is really on
    await expect(fetch(`${hostUrl}/api/health`)).rejects.toThrow()
    await closeServer(serverA)

    // someone else answers on the same address with another certificate
    const serverB = await createHttpServer(core, { tls: certB, log: () => {} })
    await listen(serverB, port)
    try {
      const r = await dispatch('auth.status', {}, {})
      expect(r).toMatchObject({
        ok: false,
        error: { code: 'NETWORK', details: { reason: 'HOST_CERT_CHANGED', expected: certA.fingerprint256, actual: certB.fingerprint256 } },
      })
      expect(!r.ok && r.error.message).toBe(certificateChangedMessage(hostUrl, certA.fingerprint256, certB.fingerprint256))
      expect(!r.ok && r.error.message).toContain(`原配对码 ${certA.pairingCode}，现在 ${certB.pairingCode}`)
      expect(!r.ok && r.error.message).toContain('已拒绝连接')

      // a desktop client configured with the old pin does not start on it
      await expect(
        startBackend({ mode: 'lan-client', hostUrl, hostFingerprint: certA.fingerprint256 }, { dataDir: tmp('kedan-client-'), appVersion: APP_VERSION, log: () => {} }),
      ).rejects.toThrow(/证书与第一次连接时不同/)
    } finally {
      await closeServer(serverB)
    }
  })

  it('keeps the Host and Origin checks over https: its own origin passes, a foreign page and a rebinding name do not', async () => {
    const server = await createHttpServer(core, { tls: certA, log: () => {} })
    const port = await listen(server)
    const pinned = createPinnedFetch(certA.fingerprint256)
    const call = (headers: Record<string, string>) =>
      pinned(`https://127.0.0.1:${port}/api/auth.status`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' })
    try {
      expect((await call({ origin: `https://127.0.0.1:${port}` })).status).toBe(200)
      const foreign = await call({ origin: 'https://evil.example' })
      expect(foreign.status).toBe(403)
      expect(((await foreign.json()) as { error: { message: string } }).error.message).toBe('拒绝来自其他网站的请求（https://evil.example）')
      // fetch cannot set Host: a raw https request names a rebinding attacker's host
      const status = await new Promise<number>((resolve, reject) => {
        const req = https.request(
          { host: '127.0.0.1', port, path: '/api/auth.status', method: 'POST', rejectUnauthorized: false, headers: { host: `evil.example:${port}`, 'content-type': 'application/json' } },
          (res) => {
            res.resume()
            resolve(res.statusCode ?? 0)
          },
        )
        req.on('error', reject)
        req.end('{}')
      })
      expect(status).toBe(403)
    } finally {
      await closeServer(server)
    }
  })

  it('plain HTTP answers callers on this machine only; HTTPS answers the LAN', () => {
    expect(transportAllowed({ tls: false, remoteAddress: '127.0.0.1' })).toBe(true)
    expect(transportAllowed({ tls: false, remoteAddress: '::ffff:127.0.0.1' })).toBe(true)
    expect(transportAllowed({ tls: false, remoteAddress: '::1' })).toBe(true)
    expect(transportAllowed({ tls: false, remoteAddress: '192.168.1.23' })).toBe(false)
    expect(transportAllowed({ tls: false, remoteAddress: '::ffff:10.0.0.8' })).toBe(false)
    expect(transportAllowed({ tls: false, remoteAddress: undefined })).toBe(false)
    expect(transportAllowed({ tls: true, remoteAddress: '192.168.1.23' })).toBe(true)
  })
})

describe("Electron's check for the updater session", () => {
  it('trusts exactly the pinned certificate and leaves any other to Chromium', () => {
    const b64 = Buffer.from(certA.fingerprint256.replace(/:/g, ''), 'hex').toString('base64')
    expect(pinVerdict(`sha256/${b64}`, certA.fingerprint256)).toBe(0)
    expect(pinVerdict(`sha256/${b64}`, certB.fingerprint256)).toBe(-3)
    expect(pinVerdict(`sha256/${b64}`, null)).toBe(-3)
  })
})

describe('version check between a LAN client and its host', () => {
  it('compares dotted versions by number', () => {
    expect(compareVersions('1.2.10', '1.2.9')).toBe(1)
    expect(compareVersions('1.2.0', '1.2')).toBe(0)
    expect(compareVersions('v0.9.0', '0.10.0')).toBe(-1)
    expect(compareVersions('1.0.0-beta.1', '1.0.0')).toBe(0)
  })

  it('an older client is told to update from the host and works on; a newer one is refused until the host is updated', async () => {
    const server = await createHttpServer(core, { tls: certA, log: () => {} })
    const port = await listen(server)
    const hostUrl = `https://127.0.0.1:${port}`
    const config = { mode: 'lan-client' as const, hostUrl, hostFingerprint: certA.fingerprint256 }
    const opts = (appVersion: string) => ({ dataDir: tmp('kedan-client-'), appVersion, log: () => {} })
    try {
      // the host answers its version at GET /api/health
      const same = await startBackend(config, opts(APP_VERSION))
      expect(same.notice).toBeNull()
      await same.close()

      const older = await startBackend(config, opts('0.0.1'))
      expect(older.notice).toBe(`主机 ${hostUrl} 已是新版本 ${APP_VERSION}，本机仍是 0.0.1：请从主机更新客单（新版本会自动从主机下载，退出客单后安装）。`)
      expect(versionVerdict('0.0.1', APP_VERSION, hostUrl).kind).toBe('clientOlder')
      expect(await older.dispatch('auth.status', {}, {})).toMatchObject({ ok: true })
      await older.close()

      const newer = startBackend(config, opts('99.0.0'))
      await expect(newer).rejects.toBeInstanceOf(BackendStartError)
      await expect(newer).rejects.toThrow(`本机客单（99.0.0）比主机 ${hostUrl} 上的客单（${APP_VERSION}）新，为避免数据不一致已拒绝连接：请先把主机更新到 99.0.0 或更高版本。`)
    } finally {
      await closeServer(server)
    }
  })
})
