/**
 * Updates from the host (issue 12): IT drops latest.yml, the installer and its blockmap into the host's updates
 * folder, the host serves them at /updates/ over HTTPS, and a client's electron-updater finds and downloads the new
 * version with a valid sha512. Run here with electron-updater's own NsisUpdater and generic provider in Node: the
 * only parts Electron would give are passed in through electron-updater's own seams (an AppAdapter instead of
 * `electron.app`, an HttpExecutor over node:https instead of `electron.net`), which trusts exactly the host's
 * certificate (as the desktop's pin does).
 */
import * as crypto from 'node:crypto'
import * as fs from 'node:fs'
import * as http from 'node:http'
import * as https from 'node:https'
import type * as net from 'node:net'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HttpExecutor, configureRequestOptions, configureRequestUrl, type DownloadOptions } from 'builder-util-runtime'
import { NsisUpdater } from 'electron-updater'
import type { AppAdapter } from 'electron-updater/out/AppAdapter'
import { createCore, type Core } from '../core'
import { createHttpServer } from '../server/http'
import { ensureHostCertificate, type HostCertificate } from '../server/tls'

const dirs: string[] = []
const tmp = (p: string) => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), p))
  dirs.push(d)
  return d
}

/** electron.net's part: requests over node:https, trusting only the host's own certificate. */
class PinnedNodeExecutor extends HttpExecutor<http.ClientRequest> {
  constructor(private readonly cert: string) {
    super()
  }
  createRequest(options: https.RequestOptions, callback: (response: http.IncomingMessage) => void): http.ClientRequest {
    // the self-signed certificate is its own CA; the pin replaces the name check (the feed is reached by IP)
    return https.request({ ...options, ca: this.cert, checkServerIdentity: () => undefined }, callback)
  }
  download(url: URL, destination: string, options: DownloadOptions): Promise<string> {
    return options.cancellationToken.createPromise<string>((resolve, reject, onCancel) => {
      const requestOptions: https.RequestOptions = { headers: (options.headers as http.OutgoingHttpHeaders) ?? undefined }
      configureRequestUrl(url, requestOptions)
      configureRequestOptions(requestOptions)
      this.doDownload(
        requestOptions,
        { destination, options, onCancel, callback: (e) => (e == null ? resolve(destination) : reject(e)), responseHandler: null },
        0,
      )
    })
  }
}

/** electron.app's part: version, folders, and no quitting (nothing is installed here). */
function appAdapter(version: string, root: string): AppAdapter {
  return {
    version,
    name: 'Kedan',
    isPackaged: true,
    appUpdateConfigPath: path.join(root, 'app-update.yml'),
    userDataPath: path.join(root, 'userData'),
    baseCachePath: path.join(root, 'cache'),
    whenReady: () => Promise.resolve(),
    relaunch: () => undefined,
    quit: () => undefined,
    onQuit: () => undefined,
  }
}

const sha512 = (b: Buffer) => crypto.createHash('sha512').update(b).digest('base64')

let core: Core
let cert: HostCertificate
let server: http.Server
let feedUrl: string
let updatesDir: string
const installer = Buffer.from(`MZ fake Kedan 0.2.0 installer ${'x'.repeat(300_000)}`)

function writeFeed(sha: string) {
  fs.writeFileSync(
    path.join(updatesDir, 'latest.yml'),
    [
      'version: 0.2.0',
      'files:',
      '  - url: Kedan-Setup-0.2.0.exe',
      `    sha512: ${sha}`,
      `    size: ${installer.length}`,
      'path: Kedan-Setup-0.2.0.exe',
      `sha512: ${sha}`,
      "releaseDate: '2026-12-04T12:00:00.000Z'",
      '',
    ].join('\n'),
  )
}

beforeAll(async () => {
  const data = tmp('kedan-feed-host-')
  core = await createCore({ dataDir: data, log: () => {} })
  cert = await ensureHostCertificate(data)
  // what IT drops into the host's updates folder (electron-builder's NSIS output)
  updatesDir = path.join(data, 'updates')
  fs.mkdirSync(updatesDir)
  fs.writeFileSync(path.join(updatesDir, 'Kedan-Setup-0.2.0.exe'), installer)
  fs.writeFileSync(path.join(updatesDir, 'Kedan-Setup-0.2.0.exe.blockmap'), Buffer.from('fake blockmap'))
  writeFeed(sha512(installer))
  server = await createHttpServer(core, { tls: cert, updatesDir, log: () => {} })
  const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)))
  feedUrl = `https://127.0.0.1:${port}/updates/`
})
afterAll(async () => {
  await new Promise<void>((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })
  await core.close()
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
})

function updater(version: string) {
  const root = tmp('kedan-feed-client-')
  fs.writeFileSync(path.join(root, 'app-update.yml'), 'provider: generic\nurl: https://unused.invalid/\nupdaterCacheDirName: kedan-updater\n')
  const u = new NsisUpdater(null, appAdapter(version, root))
  ;(u as unknown as { httpExecutor: HttpExecutor<http.ClientRequest> }).httpExecutor = new PinnedNodeExecutor(cert.cert)
  // the Windows client's channel (latest.yml), through electron-updater's own hook for the platform
  ;(u as unknown as { _testOnlyOptions: { platform: NodeJS.Platform } })._testOnlyOptions = { platform: 'win32' }
  u.logger = null
  u.autoDownload = true
  u.autoInstallOnAppQuit = false
  // no older installer in the cache to diff against: a full download
  u.disableDifferentialDownload = true
  u.disableWebInstaller = true
  // as src/main/updater.ts points it at the host
  u.setFeedURL({ provider: 'generic', url: feedUrl })
  return u
}

describe("electron-updater against the host's /updates/ feed", () => {
  it('a 0.1.0 client finds 0.2.0 and downloads the installer, checked against latest.yml sha512', async () => {
    const u = updater('0.1.0')
    const result = await u.checkForUpdates()
    expect(result?.updateInfo.version).toBe('0.2.0')
    expect(result?.isUpdateAvailable).toBe(true)
    const files = (await result!.downloadPromise) as string[]
    expect(files).toHaveLength(1)
    const downloaded = fs.readFileSync(files[0]!)
    expect(downloaded.equals(installer)).toBe(true)
    expect(sha512(downloaded)).toBe(sha512(installer))
    // the blockmap is served beside it (differential updates of the next version)
    const blockmap = await new Promise<string>((resolve, reject) =>
      https
        .get(`${feedUrl}Kedan-Setup-0.2.0.exe.blockmap`, { ca: cert.cert, checkServerIdentity: () => undefined }, (res) => {
          let s = ''
          res.on('data', (c) => (s += c))
          res.on('end', () => resolve(s))
        })
        .on('error', reject),
    )
    expect(blockmap).toBe('fake blockmap')
  })

  it('a client already on 0.2.0 finds nothing to do', async () => {
    const result = await updater('0.2.0').checkForUpdates()
    expect(result?.isUpdateAvailable).toBe(false)
  })

  it('an installer that does not match the sha512 in latest.yml is refused', async () => {
    writeFeed(sha512(Buffer.from('another file')))
    try {
      const result = await updater('0.1.0').checkForUpdates()
      expect(result?.updateInfo.version).toBe('0.2.0')
      await expect(result!.downloadPromise).rejects.toThrow(/sha512 checksum mismatch/)
    } finally {
      writeFeed(sha512(installer))
    }
  })
})
