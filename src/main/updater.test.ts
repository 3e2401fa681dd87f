import { describe, expect, it } from 'vitest'
import { CHECK_INTERVAL_MS, createUpdaterController, downloadedNotification, resolveUpdateFeed, type UpdaterLike } from './updater'

/** Stands in for electron-updater's autoUpdater (it needs a running Electron). */
function fakeUpdater(behaviour: { fail?: boolean } = {}) {
  const calls: string[] = []
  const listeners: ((e: Error) => void)[] = []
  const u: UpdaterLike & { calls: string[]; emitError(e: Error): void } = {
    autoDownload: false,
    autoInstallOnAppQuit: false,
    calls,
    setFeedURL(o) {
      calls.push(`feed ${o.provider} ${o.url}`)
    },
    async checkForUpdatesAndNotify(n) {
      calls.push(`check ${n?.title}`)
      if (behaviour.fail) throw new Error('net::ERR_CONNECTION_REFUSED')
      return null
    },
    on(_event, listener) {
      listeners.push(listener)
      return u
    },
    emitError(e) {
      for (const l of listeners) l(e)
    },
  }
  return u
}

function fakeTimers() {
  const timers = new Map<number, { fn: () => void; ms: number }>()
  let seq = 0
  return {
    timers,
    setInterval: (fn: () => void, ms: number) => {
      timers.set(++seq, { fn, ms })
      return seq
    },
    clearInterval: (h: unknown) => {
      timers.delete(h as number)
    },
    fire() {
      for (const t of timers.values()) t.fn()
    },
  }
}

describe('resolveUpdateFeed', () => {
  it('uses updateUrl when set, else the LAN host, else nothing', () => {
    expect(resolveUpdateFeed(null)).toBeNull()
    expect(resolveUpdateFeed({ mode: 'standalone' })).toBeNull()
    expect(resolveUpdateFeed({ mode: 'standalone', updateUrl: 'https://dl.example.cn/kedan/' })).toBe('https://dl.example.cn/kedan/')
    expect(resolveUpdateFeed({ mode: 'lan-client', hostUrl: 'http://192.168.1.10:4310' })).toBe('http://192.168.1.10:4310/updates/')
    expect(resolveUpdateFeed({ mode: 'lan-client', hostUrl: 'http://192.168.1.10:4310', updateUrl: 'https://dl.example.cn/' })).toBe('https://dl.example.cn/')
    expect(resolveUpdateFeed({ mode: 'lan-host', port: 5000 })).toBe('https://127.0.0.1:5000/updates/')
    expect(resolveUpdateFeed({ mode: 'lan-host' })).toBe('https://127.0.0.1:4310/updates/')
  })
})

describe('createUpdaterController', () => {
  it('sets the generic feed, checks at once and every 6 hours', async () => {
    const u = fakeUpdater()
    const t = fakeTimers()
    const log: string[] = []
    const c = createUpdaterController({ getUpdater: () => u, isDev: false, log: (l) => log.push(l), ...t })
    c.configure('http://192.168.1.10:4310/updates/')
    expect(u.autoDownload).toBe(true)
    expect(u.autoInstallOnAppQuit).toBe(true)
    expect(u.calls).toEqual(['feed generic http://192.168.1.10:4310/updates/', `check ${downloadedNotification().title}`])
    expect([...t.timers.values()].map((x) => x.ms)).toEqual([CHECK_INTERVAL_MS])
    expect(CHECK_INTERVAL_MS).toBe(6 * 3600 * 1000)
    t.fire()
    expect(u.calls.filter((c) => c.startsWith('check'))).toHaveLength(2)

    // a new feed replaces the old timer; null stops checking
    c.configure('https://dl.example.cn/kedan/')
    expect(t.timers.size).toBe(1)
    expect(u.calls).toContain('feed generic https://dl.example.cn/kedan/')
    c.configure(null)
    expect(t.timers.size).toBe(0)
    expect(log.join('\n')).toContain('no update feed configured')
  })

  it('never loads the updater in development, nor without a feed', () => {
    let loaded = 0
    const t = fakeTimers()
    const dev = createUpdaterController({ getUpdater: () => (loaded++, fakeUpdater()), isDev: true, log: () => {}, ...t })
    dev.configure('http://192.168.1.10:4310/updates/')
    const none = createUpdaterController({ getUpdater: () => (loaded++, fakeUpdater()), isDev: false, log: () => {}, ...t })
    none.configure(null)
    expect(loaded).toBe(0)
    expect(t.timers.size).toBe(0)
  })

  it('logs failed checks and updater errors instead of throwing', async () => {
    const u = fakeUpdater({ fail: true })
    const log: string[] = []
    const c = createUpdaterController({ getUpdater: () => u, isDev: false, log: (l) => log.push(l), ...fakeTimers() })
    expect(() => c.configure('http://192.168.1.10:4310/updates/')).not.toThrow()
    await new Promise((r) => setTimeout(r, 0))
    u.emitError(new Error('sha512 checksum mismatch'))
    expect(log.join('\n')).toContain('update check against http://192.168.1.10:4310/updates/ failed: net::ERR_CONNECTION_REFUSED')
    expect(log.join('\n')).toContain('updater error: sha512 checksum mismatch')

    const broken = createUpdaterController({
      getUpdater: () => {
        throw new Error('Cannot find module electron-updater')
      },
      isDev: false,
      log: (l) => log.push(l),
      ...fakeTimers(),
    })
    expect(() => broken.configure('http://x/updates/')).not.toThrow()
    expect(log.join('\n')).toContain('updater could not start: Cannot find module electron-updater')
  })
})
