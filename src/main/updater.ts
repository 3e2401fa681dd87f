/**
 * Updates through electron-updater's generic provider. The feed is set at install/config time:
 * kedan-config.json `updateUrl`; without it a LAN client asks its host (`<hostUrl>/updates/`), a
 * LAN host its own updates folder (served at /updates/), and a standalone PC does not check.
 * Checked at start and every 6 hours, never in development; failures are logged, never shown as crashes.
 */
import { hostPort, type DesktopConfig } from './config'
import { mainText } from './messages'

export const CHECK_INTERVAL_MS = 6 * 60 * 60 * 1000

/** The part of electron-updater's AppUpdater this module uses. */
export interface UpdaterLike {
  setFeedURL(options: { provider: 'generic'; url: string }): void
  checkForUpdatesAndNotify(notification?: { title: string; body: string }): Promise<unknown>
  on(event: 'error', listener: (err: Error) => void): unknown
  autoDownload: boolean
  autoInstallOnAppQuit: boolean
}

export function resolveUpdateFeed(config: DesktopConfig | null): string | null {
  if (!config) return null
  if (config.updateUrl) return config.updateUrl
  if (config.mode === 'lan-client' && config.hostUrl) return `${config.hostUrl}/updates/`
  // the host serves HTTPS with its own certificate (Electron trusts it through pinVerdict, src/main/pinning.ts)
  if (config.mode === 'lan-host') return `https://127.0.0.1:${hostPort(config)}/updates/`
  return null
}

/** The notice electron-updater shows once an update is downloaded ({version} is filled in by it), in the app's language. */
export function downloadedNotification(): { title: string; body: string } {
  return { title: mainText('update.title'), body: mainText('update.body', { version: '{version}' }) }
}

export interface UpdaterController {
  /** (re)point the updater at a feed; null stops checking */
  configure(feedUrl: string | null): void
  stop(): void
}

export interface UpdaterOptions {
  /** created lazily, so development never loads electron-updater */
  getUpdater: () => UpdaterLike
  isDev: boolean
  log: (line: string) => void
  intervalMs?: number
  setInterval?: (fn: () => void, ms: number) => unknown
  clearInterval?: (handle: unknown) => void
}

export function createUpdaterController(opts: UpdaterOptions): UpdaterController {
  const every = opts.intervalMs ?? CHECK_INTERVAL_MS
  const setIv = opts.setInterval ?? ((fn, ms) => setInterval(fn, ms).unref())
  const clearIv = opts.clearInterval ?? ((h) => clearInterval(h as NodeJS.Timeout))
  let timer: unknown = null
  let updater: UpdaterLike | null = null
  let feed: string | null = null

  const check = () => {
    if (!updater || !feed) return
    const url = feed
    updater.checkForUpdatesAndNotify(downloadedNotification()).catch((e: unknown) => {
      opts.log(`update check against ${url} failed: ${(e as Error)?.message ?? String(e)}`)
    })
  }

  const stop = () => {
    if (timer !== null) clearIv(timer)
    timer = null
    feed = null
  }

  return {
    configure(feedUrl) {
      stop()
      if (opts.isDev) {
        opts.log('updates are not checked in development')
        return
      }
      if (!feedUrl) {
        opts.log('no update feed configured: updates are not checked')
        return
      }
      try {
        if (!updater) {
          updater = opts.getUpdater()
          updater.autoDownload = true
          updater.autoInstallOnAppQuit = true
          updater.on('error', (e) => opts.log(`updater error: ${e?.message ?? String(e)}`))
        }
        updater.setFeedURL({ provider: 'generic', url: feedUrl })
      } catch (e) {
        opts.log(`updater could not start: ${(e as Error)?.message ?? String(e)}`)
        return
      }
      feed = feedUrl
      opts.log(`checking for updates at ${feedUrl} now and every ${Math.round(every / 3_600_000)} h`)
      check()
      timer = setIv(check, every)
    },
    stop,
  }
}
