/**
 * What answers the contract in each mode:
 * - standalone: the core on userData/data/kedan.db;
 * - lan-host: the same core, and also the HTTP host on 0.0.0.0:<port> for the other PCs;
 * - lan-client: no local database; calls are forwarded to the host.
 */
import type * as http from 'node:http'
import * as os from 'node:os'
import * as path from 'node:path'
import { createCore, DatabaseDamagedError, type Core } from '../core'
import { postgresSwitchFor, maskUrl } from '../core/database/database.move'
import { reportOf, type DamageReport } from './damaged'
import { createHttpServer } from '../server/http'
import { hostPort, type DesktopConfig } from './config'
import type { DispatchFn } from './envelope'
import { checkHost, createRemoteDispatch, versionVerdict, type FetchFn } from './remote'
import { createPinnedFetch } from './pinning'
import { mainText } from './messages'
import { ensureHostCertificate, type HostCertificate } from '../server/tls'
import { startDailyJobs } from '../core/customer/pool.jobs'

export interface Backend {
  config: DesktopConfig
  dispatch: DispatchFn
  /** lan-host only: where the HTTP host listens */
  listening: { host: string; port: number } | null
  /** lan-host only: its certificate's fingerprint and pairing code (shown to compare with the clients') */
  tls: { fingerprint256: string; pairingCode: string } | null
  /** lan-client: e.g. the host runs a newer version, update from it; a host: a move to PostgreSQL not made */
  notice?: string | null
  /** lan-client older than its host: the host's version and its installer (from the host's update feed) */
  update?: HostUpdate | null
  close(): Promise<void>
}

export interface BackendOptions {
  /** folder of kedan.db (standalone and lan-host) */
  dataDir: string
  /** built renderer served to browsers on the LAN (lan-host) */
  staticDir?: string
  /** electron-updater feed served at /updates/ (lan-host) */
  updatesDir?: string
  /** lan-host listen address; the LAN needs 0.0.0.0 (tests use 127.0.0.1) */
  listenHost?: string
  fetch?: FetchFn
  log?: (line: string) => void
  /** this app's version: a lan-client compares it with the host's on connect */
  appVersion?: string
  /** lan-host: plain HTTP instead of HTTPS (tests on loopback only; the host then refuses LAN callers) */
  plainHttp?: boolean
}

export class BackendStartError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'BackendStartError'
  }
}

/** The database failed its check on open: the "damaged database" screen offers the latest good backup. */
export class DatabaseDamagedStartError extends BackendStartError {
  constructor(readonly report: DamageReport) {
    super(report.message)
    this.name = 'DatabaseDamagedStartError'
  }
}

export interface HostUpdate {
  hostVersion: string
  /** the host's update feed (`<host>/updates/`) */
  feedUrl: string
  /** the installer named by the feed's latest.yml, when the host has one */
  installerUrl: string | null
}

/** The installer the host's feed offers (`path:` of latest.yml), or null when the feed has none. */
export async function hostInstaller(hostUrl: string, doFetch: FetchFn = fetch): Promise<string | null> {
  const feed = `${hostUrl}/updates/`
  try {
    const res = await doFetch(`${feed}latest.yml`, { signal: AbortSignal.timeout(5_000) })
    if (!res.ok) return null
    const m = /^path:\s*['"]?([^'"\r\n]+?)['"]?\s*$/m.exec(await res.text())
    return m ? new URL(m[1]!.trim(), feed).toString() : null
  } catch {
    return null
  }
}

function listen(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      server.off('listening', onListening)
      reject(e)
    }
    const onListening = () => {
      server.off('error', onError)
      const addr = server.address()
      resolve(typeof addr === 'object' && addr ? addr.port : port)
    }
    server.once('error', onError)
    server.once('listening', onListening)
    server.listen(port, host)
  })
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })
}

/** What the data folder says to open: SQLite, or PostgreSQL after a move (设置 › 数据库) that nothing has made stale. */
function engineOf(dataDir: string, log: (l: string) => void): { postgresUrl: string | null; notice: string | null } {
  try {
    const v = postgresSwitchFor(dataDir)
    if (v.use === 'postgres') {
      log(`opening PostgreSQL ${maskUrl(v.url)} (moved from SQLite; ${path.join(dataDir, 'kedan-postgres.json')})`)
      return { postgresUrl: v.url, notice: null }
    }
    if ('stale' in v) {
      log(v.stale)
      return { postgresUrl: null, notice: v.stale }
    }
  } catch (e) {
    log(`could not read the move to PostgreSQL: ${(e as Error).message}`)
  }
  return { postgresUrl: null, notice: null }
}

async function openCore(dataDir: string, log: (l: string) => void): Promise<Core & { notice?: string | null }> {
  const engine = engineOf(dataDir, log)
  try {
    // the desktop app takes the daily backup and one when it closes (设置 › 备份与恢复)
    const core: Core & { notice?: string | null } = await createCore({
      ...(engine.postgresUrl ? { postgresUrl: engine.postgresUrl, backupDir: path.join(dataDir, 'backups') } : { dataDir }),
      log,
      backups: true,
    })
    core.notice = engine.notice
    if (core.backupFile) log(`database backed up before migration: ${core.backupFile}`)
    // the daily 公海 sweep (settings.pool) runs where the data is: standalone and LAN host
    const stopDailyJobs = startDailyJobs(core, { log })
    const close = core.close.bind(core)
    core.close = async () => {
      stopDailyJobs()
      await close()
    }
    return core
  } catch (e) {
    if (e instanceof DatabaseDamagedError) throw new DatabaseDamagedStartError(reportOf(e))
    throw new BackendStartError(mainText('host.cannotOpenDb', { dir: engine.postgresUrl ? maskUrl(engine.postgresUrl) : dataDir, message: (e as Error).message }))
  }
}

export async function startBackend(config: DesktopConfig, opts: BackendOptions): Promise<Backend> {
  const log = opts.log ?? ((l: string) => console.error(l))
  if (config.mode === 'lan-client') {
    if (!config.hostUrl) throw new BackendStartError(mainText('config.hostRequired'))
    const hostUrl = config.hostUrl
    if (hostUrl.startsWith('https:') && !config.hostFingerprint && !opts.fetch) {
      throw new BackendStartError(mainText('host.confirmPairing', { host: hostUrl }))
    }
    const doFetch = opts.fetch ?? (config.hostFingerprint ? createPinnedFetch(config.hostFingerprint) : undefined)
    let notice: string | null = null
    let update: HostUpdate | null = null
    if (opts.appVersion) {
      // a host that does not answer now may later: calls then fail with their own clear message
      const health = await checkHost(hostUrl, { fetch: doFetch })
      if (!health.ok && (health.error.details as { reason?: string } | undefined)?.reason === 'HOST_CERT_CHANGED') {
        throw new BackendStartError(health.error.message)
      }
      if (health.ok) {
        const v = versionVerdict(opts.appVersion, health.data.version, hostUrl)
        if (v.kind === 'clientNewer') throw new BackendStartError(v.message)
        if (v.kind === 'clientOlder') {
          notice = v.message
          update = { hostVersion: health.data.version, feedUrl: `${hostUrl}/updates/`, installerUrl: await hostInstaller(hostUrl, doFetch) }
          log(v.message)
        }
      }
    }
    return {
      config,
      dispatch: createRemoteDispatch(hostUrl, { fetch: doFetch }),
      listening: null,
      notice,
      update,
      tls: null,
      async close() {},
    }
  }

  const core = await openCore(opts.dataDir, log)
  if (config.mode === 'standalone') {
    return { config, dispatch: core.dispatch, listening: null, tls: null, notice: core.notice ?? null, close: () => core.close() }
  }

  const host = opts.listenHost ?? '0.0.0.0'
  const port = hostPort(config)
  let server: http.Server | undefined
  let cert: HostCertificate | undefined
  let actualPort: number
  try {
    // host names besides this PC's own addresses and computer name (an office DNS alias): KEDAN_ALLOWED_HOSTS=a,b
    const allowedHosts = (process.env.KEDAN_ALLOWED_HOSTS ?? '').split(',').map((h) => h.trim()).filter(Boolean)
    // the LAN sees HTTPS only, with this PC's own certificate (made on first run, kept in the data folder)
    cert = opts.plainHttp ? undefined : await ensureHostCertificate(opts.dataDir)
    server = await createHttpServer(core, { staticDir: opts.staticDir, updatesDir: opts.updatesDir, allowedHosts, log, tls: cert })
    actualPort = await listen(server, port, host)
  } catch (e) {
    await core.close()
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'EADDRINUSE') throw new BackendStartError(mainText('host.portInUse', { port }))
    if (code === 'EACCES') throw new BackendStartError(mainText('host.portDenied', { port }))
    throw new BackendStartError(mainText('host.cannotServe', { port, message: (e as Error).message }))
  }
  log(`Kedan LAN host listening on ${cert ? 'https' : 'http'}://${host}:${actualPort}`)
  if (cert) log(`host certificate pairing code 主机证书配对码：${cert.pairingCode} (SHA-256 ${cert.fingerprint256})`)
  const setupCode = await core.setupCode().catch(() => null)
  if (setupCode) log(`first-run setup code for another computer 初始化设置码：${setupCode}`)
  return {
    config,
    dispatch: core.dispatch,
    listening: { host, port: actualPort },
    tls: cert ? { fingerprint256: cert.fingerprint256, pairingCode: cert.pairingCode } : null,
    notice: core.notice ?? null,
    async close() {
      await closeServer(server!)
      await core.close()
    },
  }
}

type Interfaces = ReturnType<typeof os.networkInterfaces>

/** The addresses other PCs can use to reach this host, e.g. ['https://192.168.1.10:4310']. */
export function lanUrls(port: number, interfaces: Interfaces = os.networkInterfaces(), scheme: 'http' | 'https' = 'https'): string[] {
  const urls: string[] = []
  for (const list of Object.values(interfaces)) {
    for (const a of list ?? []) {
      if (a.internal || a.family !== 'IPv4') continue
      if (a.address.startsWith('169.254.')) continue // link-local: no DHCP answer, useless to others
      urls.push(`${scheme}://${a.address}:${port}`)
    }
  }
  return [...new Set(urls)]
}
