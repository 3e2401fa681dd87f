import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { api, ROOT, startServer, type RunningServer } from './server'

/** Where the e2e screenshots go. */
export const SHOTS = path.join(ROOT, 'test-results', 'e2e')
const RENDERER_INDEX = path.join(ROOT, 'out', 'renderer', 'index.html')

/** Newest modification time under a folder. */
function newest(dir: string): number {
  let max = 0
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name)
    max = Math.max(max, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs)
  }
  return max
}

/** What of the core the renderer bundles as values: its import-free enumerations, money and roles. */
const CORE_VALUES = /(\.enums\.ts|[\\/]money[\\/]money\.ts|[\\/]auth[\\/](roles|permissions)\.ts)$/

function newestCoreValue(dir: string): number {
  let max = 0
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) max = Math.max(max, newestCoreValue(p))
    else if (CORE_VALUES.test(p)) max = Math.max(max, fs.statSync(p).mtimeMs)
  }
  return max
}

/** The e2e run needs a renderer build that is not older than its sources (and the core values it bundles). */
export function ensureBuild() {
  const sources = Math.max(newest(path.join(ROOT, 'src', 'renderer')), newestCoreValue(path.join(ROOT, 'src', 'core')))
  const fresh = fs.existsSync(RENDERER_INDEX) && fs.statSync(RENDERER_INDEX).mtimeMs >= sources
  if (fresh) return
  const bin = path.join(ROOT, 'node_modules', '.bin', process.platform === 'win32' ? 'electron-vite.cmd' : 'electron-vite')
  const r = spawnSync(bin, ['build'], { cwd: ROOT, stdio: 'pipe', encoding: 'utf8', shell: process.platform === 'win32' })
  if (r.status !== 0) throw new Error(`electron-vite build failed:\n${r.stdout}\n${r.stderr}`)
}

/** A fresh renderer build if needed, the screenshot folder, and the headless host on a fresh data folder. */
export async function startE2eServer(): Promise<RunningServer> {
  ensureBuild()
  fs.mkdirSync(SHOTS, { recursive: true })
  return startServer({ extraArgs: ['--no-build'] })
}

/**
 * A Chinese workstation: Beijing time, zh-CN, a typical laptop screen. Errors thrown in the page are collected
 * into `pageErrors`; `init` runs in every page before the app (e.g. a stand-in for `window.api`).
 */
export async function newWorkstation(browser: Browser, pageErrors: string[], init?: () => void): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  if (init) await ctx.addInitScript(init)
  const page = await ctx.newPage()
  page.on('pageerror', (e) => pageErrors.push(e.message))
  page.setDefaultTimeout(15_000)
  return { ctx, page }
}

/** A screenshot of the visible part of the page as test-results/e2e/<name>.png. */
export const screenshot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: false })

/** An input by its label; a required field's label ends in an aria-hidden " *". */
export function field(scope: Page | Locator, label: string): Locator {
  return scope.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( \\*)?$`))
}

/** Fills the login form already on screen and waits for the first page after it (the customer list, or 首页 for owner/manager/sales). */
export async function signIn(page: Page, user: { username: string; password: string }) {
  await field(page, '用户名').fill(user.username)
  await field(page, '密码').fill(user.password)
  await page.getByRole('button', { name: '登录' }).click()
  await page.waitForURL(/#\/(customers|dashboard)/)
}

/** Opens the login page of `baseUrl` and signs in. */
export async function login(page: Page, baseUrl: string, user: { username: string; password: string }) {
  await page.goto(`${baseUrl}/#/login`)
  await signIn(page, user)
}

/** A method of the API with a session token; its data, or a thrown error naming the method. */
export async function apiCall<T = any>(baseUrl: string, method: string, input: unknown, token: string): Promise<T> {
  const r = await api(baseUrl, method, input, token)
  if (!r.body.ok) throw new Error(`${method}: ${JSON.stringify(r.body.error)}`)
  return r.body.data as T
}
