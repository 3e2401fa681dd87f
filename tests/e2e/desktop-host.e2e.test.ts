/**
 * Issue 12, the desktop's own screens in Chromium with the real main process logic in Node: `window.api` is bridged
 * (Playwright binding) to src/main's IPC router, desktop methods and runtime — no stand-in — and a LAN client's
 * calls go to a real host (`serve`) whose update feed holds a newer version.
 * - a client older than the host works on and is told to update from the host, with the host's installer;
 * - a client newer than the host is refused with a clear message on the mode screen;
 * - a standalone PC whose database is damaged gets the "damaged database" screen and restores the latest good backup.
 * Screenshots: test-results/e2e/desktop-host-*.png.
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser } from '../support/browser'
import { ensureBuild, screenshot, signIn, SHOTS } from '../support/e2e'
import { api, startServer, type RunningServer } from '../support/server'
import { createCore } from '../../src/core'
import { configPath, saveConfig, type DesktopConfig } from '../../src/main/config'
import { createDesktopRuntime, dataDirOf, type DesktopRuntime } from '../../src/main/runtime'
import { createDesktopMethods } from '../../src/main/desktop-methods'
import { createIpcRouter, TokenStore } from '../../src/main/ipc-router'
import { checkHost } from '../../src/main/remote'

const ADMIN = { username: 'admin', password: 'kedan-2026', displayName: '王经理' }

let server: RunningServer
let browser: Browser
let hostVersion = ''
const contexts: BrowserContext[] = []
const runtimes: DesktopRuntime[] = []
const dirs: string[] = []
const pageErrors: string[] = []

const tmp = (prefix: string) => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  dirs.push(d)
  return d
}

/** A desktop PC: its runtime (src/main) on its own userData, and a window whose `window.api` is main's IPC router. */
async function desktopPc(appVersion: string, config: DesktopConfig, prepare?: (userData: string) => Promise<void>): Promise<{ page: Page; runtime: DesktopRuntime }> {
  const userData = tmp('kedan-desktop-')
  if (prepare) await prepare(userData)
  saveConfig(configPath(userData), config)
  const runtime = createDesktopRuntime({ userDataDir: userData, appVersion, log: () => {} })
  runtimes.push(runtime)
  await runtime.init()
  const router = createIpcRouter({ getDispatch: () => runtime.getDispatch(), desktop: createDesktopMethods(runtime, { appVersion }), tokens: new TokenStore(), log: () => {} })
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  contexts.push(ctx)
  await ctx.exposeBinding('kedanMain', (_source, method: unknown, params: unknown, locale: unknown) => router.invoke(1, method, params, locale))
  await ctx.addInitScript(() => {
    const w = window as unknown as { api: unknown; kedanMain: (m: string, p?: unknown, l?: string) => Promise<unknown> }
    w.api = { invoke: (method: string, params?: unknown, locale?: string) => w.kedanMain(method, params, locale) }
  })
  const page = await ctx.newPage()
  page.on('pageerror', (e) => pageErrors.push(e.message))
  page.setDefaultTimeout(15_000)
  return { page, runtime }
}

describe('the desktop against its host: versions, and a damaged database', () => {
  beforeAll(async () => {
    ensureBuild()
    fs.mkdirSync(SHOTS, { recursive: true })
    const dataDir = tmp('kedan-host-')
    // IT dropped a release into the host's update folder (what electron-builder writes for the generic provider)
    const updates = path.join(dataDir, 'updates')
    fs.mkdirSync(updates)
    server = await startServer({ dataDir, extraArgs: ['--no-build'] })
    const health = await checkHost(server.url)
    if (!health.ok) throw new Error(health.error.message)
    hostVersion = health.data.version
    const installer = `Kedan-Setup-${hostVersion}.exe`
    fs.writeFileSync(path.join(updates, installer), Buffer.from('MZ kedan installer'))
    fs.writeFileSync(
      path.join(updates, 'latest.yml'),
      `version: ${hostVersion}\nfiles:\n  - url: ${installer}\n    sha512: AAAA\n    size: 18\npath: ${installer}\nsha512: AAAA\nreleaseDate: '2026-12-01T08:00:00.000Z'\n`,
    )
    expect((await api(server.url, 'auth.setup', { companyName: '北京客单演示有限公司', ...ADMIN })).body.ok).toBe(true)
    browser = await launchBrowser()
  })

  afterAll(async () => {
    for (const c of contexts) await c.close()
    await browser?.close()
    for (const r of runtimes) await r.close()
    await server?.stop()
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
  })

  it('a client older than the host works on and is told to update from the host, with its installer', async () => {
    const { page, runtime } = await desktopPc('0.0.1', { mode: 'lan-client', hostUrl: server.url })
    expect(runtime.info().configured).toBe(true)
    await page.goto(server.url)
    await page.waitForURL(/#\/login/)
    const notice = page.getByTestId('host-update-notice')
    await notice.waitFor()
    const text = await notice.innerText()
    expect(text).toContain(`主机已更新到 ${hostVersion}`)
    expect(text).toContain('本机客单是 0.0.1')
    const href = await page.getByTestId('host-update-download').getAttribute('href')
    expect(href).toBe(`${server.url}/updates/Kedan-Setup-${hostVersion}.exe`)
    const got = await fetch(href!)
    expect(got.status).toBe(200)
    expect(await got.text()).toBe('MZ kedan installer')
    // the older client still works against the host
    await signIn(page, ADMIN)
    await screenshot(page, 'desktop-host-01-update-notice')
    expect(await notice.isVisible()).toBe(true)
  })

  it('a client newer than the host is refused with a clear message', async () => {
    const { page, runtime } = await desktopPc('99.0.0', { mode: 'lan-client', hostUrl: server.url })
    expect(runtime.info().configured).toBe(false)
    await page.goto(server.url)
    const screen = page.getByTestId('desktop-mode-choice')
    await screen.waitFor()
    const text = await screen.innerText()
    expect(text).toContain(`本机客单（99.0.0）比主机 ${server.url} 上的客单（${hostVersion}）新`)
    expect(text).toContain('已拒绝连接')
    expect(text).toContain(`请先把主机更新到 99.0.0 或更高版本`)
    await screenshot(page, 'desktop-host-02-newer-refused')
  })

  it('a damaged database: the screen names the latest good backup, and restoring it opens the app', async () => {
    let backupAt = ''
    const { page, runtime } = await desktopPc('0.1.0', { mode: 'standalone' }, async (userData) => {
      const dataDir = dataDirOf(userData)
      fs.mkdirSync(dataDir, { recursive: true })
      const c = await createCore({ dataDir, log: () => {} })
      await c.dispatch('auth.setup', { companyName: '宁波港城贸易有限公司', ...ADMIN })
      const login = await c.dispatch<{ token: string }>('auth.login', ADMIN)
      const token = login.ok ? login.data.token : ''
      await c.dispatch('customer.create', { name: '宁波北仑五金有限公司' }, { token })
      const b = await c.dispatch<{ createdAt: string }>('backup.create', {}, { token })
      backupAt = b.ok ? b.data.createdAt : ''
      await c.close()
      const fd = fs.openSync(path.join(dataDir, 'kedan.db'), 'r+')
      const size = fs.fstatSync(fd).size
      fs.writeSync(fd, Buffer.alloc(size - 4096, 0xa5), 0, size - 4096, 4096)
      fs.closeSync(fd)
    })
    expect(runtime.info().damaged?.latestGood?.createdAt).toBe(backupAt)
    await page.goto(server.url)
    const screen = page.getByTestId('desktop-damaged')
    await screen.waitFor()
    expect(await page.getByTestId('damaged-message').innerText()).toContain('数据库文件已损坏')
    const backup = await page.getByTestId('damaged-backup').innerText()
    expect(backup).toContain('最近一份完好的备份')
    expect(backup).toContain('客户 1')
    await screenshot(page, 'desktop-host-03-damaged')
    await page.getByTestId('damaged-restore').click()
    await page.getByTestId('confirm-ok').click()
    await page.waitForURL(/#\/login/)
    await signIn(page, ADMIN)
    expect(runtime.info()).toMatchObject({ configured: true, damaged: null })
    expect(pageErrors).toEqual([])
  })
})
