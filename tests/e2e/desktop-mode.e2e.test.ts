/**
 * The desktop run mode in Chromium: the renderer is the Electron one, with `window.api` played by a stand-in for
 * src/main (desktop.getMode / setMode / testHost answered in the page like main answers them, every other method
 * passed on to the real headless host with this window's session token, which setMode forgets like main does).
 * First-run choice (DesktopModeGate, after its refactor) → 设置 › 运行模式 shows the mode and the LAN addresses →
 * an unchanged submit restarts nothing → a change to LAN client asks to sign in again; a plain browser is not
 * offered the page. Screenshots go to test-results/e2e/desktop-*.png.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser } from '../support/browser'
import { newWorkstation, screenshot, signIn, startE2eServer } from '../support/e2e'
import { api, type RunningServer } from '../support/server'

const ADMIN = { username: 'admin', password: 'kedan-2026', displayName: '王经理' }

/**
 * Runs in the page before the app: `window.api` as src/main/ipc-router.ts + desktop-methods.ts answer it.
 * Its state lives in sessionStorage, so a reload finds main as it was (main outlives the renderer).
 */
function fakeMain() {
  type Config = { mode: string; port?: number; hostUrl?: string; updateUrl?: string }
  type State = { config: Config | null; token: string | null; setModeCalls: number }
  const KEY = 'kedan.fakeMain'
  const s: State = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') ?? { config: null, token: null, setModeCalls: 0 }
  const save = () => sessionStorage.setItem(KEY, JSON.stringify(s))
  const hostUrlOf = (raw: string) => {
    const v = raw.trim().replace(/\/+$/, '')
    const withScheme = /^https?:\/\//.test(v) ? v : `http://${v}`
    return /:\d+$/.test(withScheme) ? withScheme : `${withScheme}:4310`
  }
  const info = () => {
    const c = s.config
    const port = c?.mode === 'lan-host' ? (c.port ?? 4310) : null
    return {
      configured: !!c,
      mode: c?.mode ?? null,
      hostUrl: c?.hostUrl ?? null,
      port,
      updateUrl: c?.updateUrl ?? null,
      lanUrls: port ? [`http://192.168.1.23:${port}`, `http://10.0.0.8:${port}`] : [],
      appVersion: '0.1.0',
      defaultPort: 4310,
      startupError: null,
      saved: c,
    }
  }
  ;(window as unknown as { api: unknown }).api = {
    async invoke(method: string, params?: Record<string, unknown>) {
      const p = params ?? {}
      if (method === 'desktop.getMode') return { ok: true, data: info() }
      if (method === 'desktop.testHost') return { ok: true, data: { hostUrl: hostUrlOf(String(p.hostUrl ?? '')), version: '0.1.0', sameVersion: true } }
      if (method === 'desktop.setMode') {
        const c: Config = { mode: String(p.mode) }
        if (c.mode === 'lan-host') c.port = Number(p.port ?? 4310)
        if (c.mode === 'lan-client') c.hostUrl = hostUrlOf(String(p.hostUrl ?? ''))
        if (p.updateUrl) c.updateUrl = String(p.updateUrl)
        s.config = c
        s.token = null // a new backend knows none of the old sessions
        s.setModeCalls++
        save()
        return { ok: true, data: info() }
      }
      const res = await fetch(`api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(s.token ? { authorization: `Bearer ${s.token}` } : {}) },
        body: JSON.stringify(p),
      })
      const env = await res.json()
      if (env.ok && (method === 'auth.login' || method === 'auth.setup')) s.token = env.data.token
      if (method === 'auth.logout' || (!env.ok && env.error.code === 'UNAUTHENTICATED')) s.token = null
      save()
      return env
    },
  }
}

let server: RunningServer
let browser: Browser
let ctx: BrowserContext
let page: Page
const pageErrors: string[] = []

const shot = (p: Page, name: string) => screenshot(p, `desktop-${name}`)

/** A workstation; `withApi`: in the Electron renderer, with the stand-in for main. */
const newPage = (withApi: boolean) => newWorkstation(browser, pageErrors, withApi ? fakeMain : undefined)

async function login(p: Page) {
  await p.waitForURL(/#\/login/)
  await signIn(p, ADMIN)
}

const fakeState = () => page.evaluate(() => JSON.parse(sessionStorage.getItem('kedan.fakeMain') ?? 'null') as { setModeCalls: number; config: { mode: string; hostUrl?: string } | null })

describe('desktop run mode', () => {
  beforeAll(async () => {
    server = await startE2eServer()
    const setup = await api(server.url, 'auth.setup', { companyName: '北京客单演示有限公司', ...ADMIN })
    expect(setup.body.ok).toBe(true)
    browser = await launchBrowser()
    ;({ ctx, page } = await newPage(true))
  })

  afterAll(async () => {
    await ctx?.close()
    await browser?.close()
    await server?.stop()
  })

  it('first run: the mode choice comes first; a LAN host shows the addresses for the other PCs', async () => {
    await page.goto(server.url)
    await page.getByTestId('desktop-mode-choice').waitFor()
    expect(await page.getByTestId('desktop-mode-choice').textContent()).toContain('欢迎使用客单')
    await page.getByTestId('mode-lan-host').click()
    await expect.poll(() => page.getByTestId('host-port').inputValue()).toBe('4310')
    await shot(page, '01-first-run')
    await page.getByTestId('mode-submit').click()
    await page.getByTestId('desktop-host-ready').waitFor()
    expect(await page.getByTestId('lan-url').allTextContents()).toEqual(['http://192.168.1.23:4310', 'http://10.0.0.8:4310'])
    await page.getByTestId('host-enter').click()
    await login(page)
  })

  it('设置 › 运行模式 shows the current mode and the LAN addresses', async () => {
    await page.getByTestId('nav-desktop-mode').click()
    await page.waitForURL(/#\/settings\/desktop$/)
    const name = page.getByTestId('desktop-mode-name')
    await name.waitFor()
    expect(await name.textContent()).toBe('局域网主机')
    expect(await page.getByTestId('desktop-mode-current').textContent()).toContain('4310')
    expect(await page.getByTestId('desktop-lan-urls').getByTestId('lan-url').allTextContents()).toEqual(['http://192.168.1.23:4310', 'http://10.0.0.8:4310'])
    await shot(page, '02-page-host')
  })

  it('submitting the mode unchanged restarts nothing and keeps the session', async () => {
    await page.getByTestId('desktop-change-mode').click()
    const modal = page.getByTestId('desktop-change-modal')
    await modal.getByTestId('mode-form').waitFor()
    // prefilled with what runs now
    expect(await modal.getByTestId('mode-lan-host').getAttribute('aria-checked')).toBe('true')
    await modal.getByTestId('mode-submit').click()
    await expect.poll(() => page.getByTestId('notify-success').last().textContent()).toContain('运行模式没有变化')
    expect((await fakeState()).setModeCalls).toBe(1)
    await page.getByTestId('nav-customers').click()
    await page.waitForURL(/#\/customers$/)
  })

  it('changing to LAN client tests the host, restarts and asks to sign in again', async () => {
    await page.getByTestId('nav-desktop-mode').click()
    await page.getByTestId('desktop-change-mode').click()
    const modal = page.getByTestId('desktop-change-modal')
    await modal.getByTestId('mode-lan-client').click()
    await modal.getByTestId('host-url').fill('192.168.1.50')
    await modal.getByTestId('test-host').click()
    await expect.poll(() => modal.getByTestId('test-result').textContent()).toContain('连接成功')
    expect(await modal.getByTestId('host-url').inputValue()).toBe('http://192.168.1.50:4310')
    expect(await modal.textContent()).toContain('需要重新登录')
    await shot(page, '03-change')
    await modal.getByTestId('mode-submit').click()
    const done = page.getByTestId('desktop-mode-changed')
    await done.getByTestId('desktop-relogin').waitFor()
    expect(await done.textContent()).toContain('局域网客户端')
    await page.waitForTimeout(300) // the dialog's opening transition, for the picture
    await shot(page, '04-changed')
    expect(await fakeState()).toMatchObject({ setModeCalls: 2, config: { mode: 'lan-client', hostUrl: 'http://192.168.1.50:4310' } })

    await done.getByTestId('desktop-relogin').click()
    await login(page)
    await page.getByTestId('nav-desktop-mode').click()
    await expect.poll(() => page.getByTestId('desktop-mode-name').textContent()).toBe('局域网客户端')
    expect(await page.getByTestId('desktop-host-url').textContent()).toBe('http://192.168.1.50:4310')
    expect(await page.getByTestId('desktop-lan-urls').count()).toBe(0)
    await shot(page, '05-page-client')
  })

  it('in a plain browser the page is not offered', async () => {
    const plain = await newPage(false)
    try {
      await plain.page.goto(`${server.url}/#/login`)
      await login(plain.page)
      await plain.page.getByTestId('nav-company').waitFor()
      expect(await plain.page.getByTestId('nav-desktop-mode').count()).toBe(0)
      await plain.page.goto(`${server.url}/#/settings/desktop`)
      await plain.page.getByTestId('desktop-mode-browser').waitFor()
      expect(await plain.page.getByTestId('desktop-mode-browser').textContent()).toContain('只在桌面版中可用')
    } finally {
      await plain.ctx.close()
    }
  })

  it('raised no uncaught errors in the pages', () => {
    expect(pageErrors).toEqual([])
  })
})
