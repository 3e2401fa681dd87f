/**
 * The desktop runtime: reads kedan-config.json, runs the backend of the chosen mode, switches mode
 * on request (first-run screen), and answers `desktop.*`. No electron import: tests drive it in Node.
 */
import * as path from 'node:path'
import { configPath, DEFAULT_PORT, hostPort, loadConfig, saveConfig, validateConfig, type DesktopConfig, type DesktopMode } from './config'
import { fail, ok, type DispatchFn, type Envelope } from './envelope'
import { mainText } from './messages'
import { BackendStartError, DatabaseDamagedStartError, lanUrls, startBackend, type Backend, type BackendOptions, type HostUpdate } from './backend'
import { restoreLatestGoodBackup, type DamageReport } from './damaged'
import type { FetchFn } from './remote'
import { pairingCodeOf } from '../server/tls'

export interface ModeInfo {
  /** true once a mode is chosen and its backend is running */
  configured: boolean
  mode: DesktopMode | null
  modeLabel: string | null
  hostUrl: string | null
  port: number | null
  updateUrl: string | null
  /** lan-host: addresses the other PCs can use */
  lanUrls: string[]
  /** lan-host: its certificate's pairing code and SHA-256 fingerprint; lan-client: the pinned host's */
  certificate: { fingerprint256: string; pairingCode: string } | null
  /** lan-client: a message to show (the host runs a newer version: update from it) */
  notice: string | null
  /** lan-client older than its host: the host's version and installer (update from the host) */
  update: HostUpdate | null
  /** standalone / lan-host: the database failed its check on open (the "damaged database" screen) */
  damaged: DamageReport | null
  appVersion: string
  defaultPort: number
  /** why the saved configuration could not be used at start (shown on the mode screen) */
  startupError: string | null
  /** the configuration on file, also when it could not start (to prefill the mode screen) */
  saved: DesktopConfig | null
}

export interface DesktopRuntimeOptions {
  userDataDir: string
  appVersion: string
  /** built renderer, served to browsers by a lan-host */
  staticDir?: string
  /** lan-host listen address (default 0.0.0.0) */
  listenHost?: string
  fetch?: FetchFn
  log?: (line: string) => void
  /** called after the mode changed (e.g. to point the updater at the new feed) */
  onChange?: (config: DesktopConfig | null) => void
}

export interface DesktopRuntime {
  init(): Promise<void>
  info(): ModeInfo
  getDispatch(): DispatchFn | null
  config(): DesktopConfig | null
  setMode(input: unknown): Promise<Envelope<ModeInfo>>
  /** the damaged database replaced by the latest good backup, then the saved mode started */
  restoreDamaged(): Promise<Envelope<ModeInfo>>
  close(): Promise<void>
  readonly dataDir: string
  readonly updatesDir: string
}

export function dataDirOf(userDataDir: string): string {
  return path.join(userDataDir, 'data')
}

/** Where IT drops latest.yml + the installer for the LAN; a lan-host serves it at /updates/. */
export function updatesDirOf(userDataDir: string): string {
  return path.join(userDataDir, 'updates')
}

export function createDesktopRuntime(opts: DesktopRuntimeOptions): DesktopRuntime {
  const log = opts.log ?? ((l: string) => console.error(l))
  const file = configPath(opts.userDataDir)
  const dataDir = dataDirOf(opts.userDataDir)
  const updatesDir = updatesDirOf(opts.userDataDir)
  const backendOpts: BackendOptions = {
    dataDir,
    updatesDir,
    staticDir: opts.staticDir,
    listenHost: opts.listenHost,
    fetch: opts.fetch,
    log,
    appVersion: opts.appVersion,
  }

  let backend: Backend | null = null
  let saved: DesktopConfig | null = null
  let startupError: string | null = null
  let damaged: DamageReport | null = null
  /** one mode change at a time */
  let chain: Promise<unknown> = Promise.resolve()

  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = chain.then(fn, fn)
    chain = next.catch(() => undefined)
    return next
  }

  function info(): ModeInfo {
    const c = backend?.config ?? null
    return {
      configured: !!backend,
      mode: c?.mode ?? null,
      modeLabel: c ? mainText(`mode.${c.mode}`) : null,
      hostUrl: c?.hostUrl ?? null,
      port: c?.mode === 'lan-host' ? (backend?.listening?.port ?? hostPort(c)) : null,
      updateUrl: c?.updateUrl ?? null,
      lanUrls: c?.mode === 'lan-host' && backend?.listening ? lanUrls(backend.listening.port, undefined, backend.tls ? 'https' : 'http') : [],
      certificate: backend?.tls ?? (c?.hostFingerprint ? { fingerprint256: c.hostFingerprint, pairingCode: pairingCodeOf(c.hostFingerprint) } : null),
      notice: backend?.notice ?? null,
      update: backend?.update ?? null,
      damaged,
      appVersion: opts.appVersion,
      defaultPort: DEFAULT_PORT,
      startupError,
      saved,
    }
  }

  async function init(): Promise<void> {
    const r = loadConfig(file)
    if (r.status === 'missing') return
    if (r.status === 'invalid') {
      startupError = r.message
      log(r.message)
      return
    }
    saved = r.config
    try {
      backend = await startBackend(r.config, backendOpts)
    } catch (e) {
      if (e instanceof DatabaseDamagedStartError) damaged = e.report
      startupError = mainText('mode.previousFailed', { mode: mainText(`mode.${r.config.mode}`), message: (e as Error).message })
      log(startupError)
    }
  }

  async function restoreDamaged(): Promise<Envelope<ModeInfo>> {
    return serial(async () => {
      if (!damaged || !saved) return ok(info())
      if (!damaged.latestGood) return fail('BUSINESS_RULE', damaged.message, { reason: 'NO_GOOD_BACKUP' })
      try {
        const r = await restoreLatestGoodBackup(dataDir, { log })
        log(`restored ${r.restored.fileName} over the damaged database (kept as ${r.damagedKeptAs ?? '—'})`)
      } catch (e) {
        log(`restore of the latest good backup failed: ${(e as Error)?.stack ?? String(e)}`)
        return fail('BUSINESS_RULE', mainText('mode.startFailed', { message: (e as Error).message }), { reason: 'RESTORE_FAILED' })
      }
      damaged = null
      try {
        backend = await startBackend(saved, backendOpts)
        startupError = null
      } catch (e) {
        if (e instanceof DatabaseDamagedStartError) damaged = e.report
        startupError = mainText('mode.previousFailed', { mode: mainText(`mode.${saved.mode}`), message: (e as Error).message })
        return fail('BUSINESS_RULE', startupError, { reason: 'MODE_START_FAILED', mode: saved.mode })
      }
      opts.onChange?.(saved)
      return ok(info())
    })
  }

  async function setMode(input: unknown): Promise<Envelope<ModeInfo>> {
    const v = validateConfig(input)
    if (!v.ok) return fail('VALIDATION', v.message, { issues: v.issues })
    const next = v.config
    return serial(async () => {
      if (backend && JSON.stringify(backend.config) === JSON.stringify(next)) return ok(info())
      const previous = backend
      if (previous) {
        backend = null
        await previous.close()
      }
      try {
        backend = await startBackend(next, backendOpts)
      } catch (e) {
        const message = e instanceof BackendStartError ? e.message : mainText('mode.startFailed', { message: (e as Error).message })
        log(`mode change to ${next.mode} failed: ${(e as Error)?.stack ?? String(e)}`)
        if (previous) {
          try {
            backend = await startBackend(previous.config, backendOpts)
          } catch (e2) {
            log(`could not restart the previous mode ${previous.config.mode}: ${(e2 as Error).message}`)
          }
        }
        return fail('BUSINESS_RULE', message, { reason: 'MODE_START_FAILED', mode: next.mode })
      }
      try {
        saveConfig(file, next)
      } catch (e) {
        log(`could not save ${file}: ${(e as Error).message}`)
        return fail('INTERNAL', mainText('config.cannotSave', { file, message: (e as Error).message }))
      }
      saved = next
      startupError = null
      damaged = null
      opts.onChange?.(next)
      log(`mode set to ${next.mode}`)
      return ok(info())
    })
  }

  return {
    init,
    info,
    getDispatch: () => backend?.dispatch ?? null,
    config: () => backend?.config ?? null,
    setMode,
    restoreDamaged,
    async close() {
      await serial(async () => {
        const b = backend
        backend = null
        if (b) await b.close()
      })
    },
    dataDir,
    updatesDir,
  }
}
