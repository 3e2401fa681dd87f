/**
 * src/main/index.ts against a stand-in for the `electron` module (the real binary cannot run here):
 * checks the wiring — window options, single-instance lock, the IPC channel into the real runtime,
 * navigation rules, window state on close, orderly shutdown. Everything behind it is our real code.
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

const fake = vi.hoisted(() => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { EventEmitter: Emitter } = require('node:events') as typeof import('node:events')
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const nodeFs = require('node:fs') as typeof import('node:fs')
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const nodeOs = require('node:os') as typeof import('node:os')
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const nodePath = require('node:path') as typeof import('node:path')
  const appData = nodeFs.mkdtempSync(nodePath.join(nodeOs.tmpdir(), 'kedan-appdata-'))
  const paths: Record<string, string> = { appData }
  const calls: string[] = []
  let readyResolve: () => void = () => {}
  const ready = new Promise<void>((r) => (readyResolve = r))
  const app = Object.assign(new Emitter(), {
    isPackaged: false,
    getPath: (name: string) => paths[name] ?? nodePath.join(appData, name),
    setPath: (name: string, value: string) => {
      paths[name] = value
    },
    getVersion: () => '0.1.0',
    requestSingleInstanceLock: () => (calls.push('lock'), true),
    whenReady: () => ready,
    setAppUserModelId: (id: string) => calls.push(`aumid ${id}`),
    quit: () => calls.push('quit'),
    exit: (code: number) => calls.push(`exit ${code}`),
  })
  const handlers = new Map<string, (...args: any[]) => unknown>()
  const windows: any[] = []
  let nextId = 1
  class BrowserWindow extends Emitter {
    options: any
    webContents: any
    maximized = false
    minimized = false
    destroyed = false
    loaded = ''
    constructor(options: any) {
      super()
      this.options = options
      const wc = Object.assign(new Emitter(), {
        id: nextId++,
        openHandler: null as null | ((d: { url: string }) => { action: string }),
        setWindowOpenHandler(h: (d: { url: string }) => { action: string }) {
          wc.openHandler = h
        },
      })
      this.webContents = wc
      windows.push(this)
    }
    maximize() {
      this.maximized = true
    }
    isMaximized() {
      return this.maximized
    }
    isMinimized() {
      return this.minimized
    }
    isFullScreen() {
      return false
    }
    isDestroyed() {
      return this.destroyed
    }
    restore() {
      this.minimized = false
      calls.push('restore')
    }
    show() {
      calls.push('show')
    }
    focus() {
      calls.push('focus')
    }
    getNormalBounds() {
      return { x: this.options.x + 10, y: this.options.y + 20, width: 1100, height: 700 }
    }
    loadFile(f: string) {
      this.loaded = f
      return Promise.resolve()
    }
    loadURL(u: string) {
      this.loaded = u
      return Promise.resolve()
    }
  }
  const primary = { workArea: { x: 0, y: 0, width: 1920, height: 1040 } }
  return {
    appData,
    calls,
    handlers,
    windows,
    ready: () => readyResolve(),
    module: {
      app,
      BrowserWindow,
      ipcMain: { handle: (ch: string, fn: (...args: any[]) => unknown) => handlers.set(ch, fn) },
      screen: { getPrimaryDisplay: () => primary, getAllDisplays: () => [primary] },
      session: {
        defaultSession: { setPermissionRequestHandler: (h: unknown) => ((fakePermission.handler = h), undefined) },
        // electron-updater's session: main trusts the pinned LAN host certificate there
        fromPartition: () => ({ setCertificateVerifyProc: () => undefined }),
      },
      shell: { openExternal: (u: string) => (calls.push(`external ${u}`), Promise.resolve()) },
      dialog: { showErrorBox: (t: string, m: string) => calls.push(`errorBox ${t} ${m}`) },
      Menu: { setApplicationMenu: () => calls.push('menu') },
    },
  }
})
const fakePermission = vi.hoisted(() => ({ handler: null as unknown }))

vi.mock('electron', () => fake.module)

const userData = path.join(fake.appData, 'Kedan')
const appUrl = pathToFileURL(path.join(__dirname, '..', 'renderer', 'index.html')).href

async function until<T>(fn: () => T | undefined, ms = 10_000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = fn()
    if (v) return v
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 20))
  }
}

let win: any
const invoke = (method: unknown, params?: unknown, frameUrl = appUrl, sender = win.webContents) =>
  fake.handlers.get('kedan:invoke')!({ sender, senderFrame: { url: frameUrl } }, method, params) as Promise<any>

beforeAll(async () => {
  await import('./index')
  fake.ready()
  win = await until(() => fake.windows[0])
})

afterAll(() => {
  fs.rmSync(fake.appData, { recursive: true, force: true })
})

describe('Electron main wiring', () => {
  it('uses %APPDATA%\\Kedan, takes the single-instance lock, opens one locked-down window', () => {
    expect(fake.module.app.getPath('userData')).toBe(userData)
    expect(fake.calls).toContain('lock')
    expect(fake.calls).toContain('aumid com.kedan.app')
    expect(fake.windows).toHaveLength(1)
    expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false })
    expect(win.options.webPreferences.preload).toBe(path.join(__dirname, '..', 'preload', 'index.js'))
    expect(win.loaded).toBe(path.join(__dirname, '..', 'renderer', 'index.html'))
    // first start: default size centred on the primary display
    expect(win.options).toMatchObject({ x: 320, y: 120, width: 1280, height: 800, show: false })
    win.emit('ready-to-show')
    expect(fake.calls).toContain('show')
    const perm = fakePermission.handler as (wc: unknown, p: string, cb: (ok: boolean) => void) => void
    const answers: boolean[] = []
    perm(null, 'media', (ok) => answers.push(ok))
    perm(null, 'clipboard-sanitized-write', (ok) => answers.push(ok))
    expect(answers).toEqual([false, true])
  })

  it('routes kedan:invoke into the runtime, with the session token kept per window', async () => {
    expect(await invoke('desktop.getMode', {})).toMatchObject({ ok: true, data: { configured: false } })
    expect(await invoke('desktop.setMode', { mode: 'standalone' })).toMatchObject({ ok: true, data: { configured: true, mode: 'standalone' } })
    expect(fs.existsSync(path.join(userData, 'data', 'kedan.db'))).toBe(true)
    expect(JSON.parse(fs.readFileSync(path.join(userData, 'kedan-config.json'), 'utf8'))).toEqual({ mode: 'standalone' })
    expect(await invoke('auth.setup', { companyName: '华星贸易有限公司', username: 'admin', password: 'admin-2026', displayName: '管理员' })).toMatchObject({ ok: true })
    expect(await invoke('auth.me', {})).toMatchObject({ ok: true, data: { username: 'admin' } })
    // a page that is not ours gets nothing
    expect(await invoke('auth.me', {}, 'https://evil.example/')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    // another webContents has its own session
    expect(await invoke('auth.me', {}, appUrl, { id: 99 })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    fake.calls.length = 0
  })

  it('keeps the window on its own pages and sends web links to the OS browser', () => {
    const wc = win.webContents
    expect(wc.openHandler({ url: 'https://www.gsxt.gov.cn/' })).toEqual({ action: 'deny' })
    expect(wc.openHandler({ url: 'file:///C:/Windows/notepad.exe' })).toEqual({ action: 'deny' })
    const nav = (url: string) => {
      let prevented = false
      wc.emit('will-navigate', { url, preventDefault: () => (prevented = true) })
      return prevented
    }
    expect(nav(`${appUrl}#/customers`)).toBe(false)
    expect(nav('https://example.cn/')).toBe(true)
    expect(nav('file:///C:/Windows/win.ini')).toBe(true)
    expect(fake.calls.filter((c) => c.startsWith('external'))).toEqual(['external https://www.gsxt.gov.cn/', 'external https://example.cn/'])
    let webviewBlocked = false
    wc.emit('will-attach-webview', { preventDefault: () => (webviewBlocked = true) })
    expect(webviewBlocked).toBe(true)
  })

  it('a second launch brings the window back', () => {
    win.minimized = true
    fake.module.app.emit('second-instance', {}, [], '')
    expect(fake.calls).toEqual(expect.arrayContaining(['restore', 'show', 'focus']))
  })

  it('saves the window state on close and closes the database before quitting', async () => {
    win.maximized = true
    win.emit('close')
    expect(JSON.parse(fs.readFileSync(path.join(userData, 'window-state.json'), 'utf8'))).toEqual({ x: 330, y: 140, width: 1100, height: 700, maximized: true })
    // once the window is gone its session is forgotten (a later webContents with the same id starts clean)
    expect(await invoke('auth.me', {})).toMatchObject({ ok: true })
    win.emit('closed')
    expect(await invoke('auth.me', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    let prevented = 0
    fake.module.app.emit('will-quit', { preventDefault: () => prevented++ })
    expect(prevented).toBe(1)
    await until(() => fake.calls.includes('quit') || undefined)
    // the second will-quit (from app.quit) goes through
    fake.module.app.emit('will-quit', { preventDefault: () => prevented++ })
    expect(prevented).toBe(1)
    expect(fs.readFileSync(path.join(userData, 'logs', 'main.log'), 'utf8')).toContain('Kedan 0.1.0 starting (development)')
  })
})
