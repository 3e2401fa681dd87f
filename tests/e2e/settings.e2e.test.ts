/**
 * 设置 › 业务设置 end to end, in Chromium against the real headless host:
 * the admin opens the page from the menu → an empty prefix and 9 digits are refused in Chinese before anything is
 * sent → 销售订单 becomes XS + YYMMDD + 3 digits with a live preview, Ctrl+S saves → an order created through the
 * API gets a number of that shape → a server error lands under its field → 允许负库存 shows its warning, is saved,
 * and the core then lets stock go below zero → notifications from before a logout are gone after the next login →
 * a salesperson sees the page read-only (and the core refuses the update).
 * Screenshots go to test-results/e2e/settings-*.png.
 */
import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser } from '../support/browser'
import { api, ROOT, startServer, type RunningServer } from '../support/server'

const SHOTS = path.join(ROOT, 'test-results', 'e2e')
const RENDERER_INDEX = path.join(ROOT, 'out', 'renderer', 'index.html')

const ADMIN = { username: 'admin', password: 'kedan-2026', displayName: '王总' }
const SALES = { username: 'zhangsan', password: 'zhangsan-2026', displayName: '张三' }

function newest(dir: string): number {
  let max = 0
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name)
    max = Math.max(max, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs)
  }
  return max
}

/** The e2e run needs a renderer build that is not older than its sources. */
function ensureBuild() {
  const fresh = fs.existsSync(RENDERER_INDEX) && fs.statSync(RENDERER_INDEX).mtimeMs >= newest(path.join(ROOT, 'src', 'renderer'))
  if (fresh) return
  const bin = path.join(ROOT, 'node_modules', '.bin', process.platform === 'win32' ? 'electron-vite.cmd' : 'electron-vite')
  const r = spawnSync(bin, ['build'], { cwd: ROOT, stdio: 'pipe', encoding: 'utf8', shell: process.platform === 'win32' })
  if (r.status !== 0) throw new Error(`electron-vite build failed:\n${r.stdout}\n${r.stderr}`)
}

let server: RunningServer
let browser: Browser
let ctx: BrowserContext
let page: Page
let adminToken = ''
let salesToken = ''
let customerId = 0
let productId = 0
/** settings.update requests the page sent */
let updates = 0
const pageErrors: string[] = []

const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `settings-${name}.png`), fullPage: false })

async function call(method: string, input: unknown, token = adminToken) {
  const r = await api(server.url, method, input, token)
  if (!r.body.ok) throw new Error(`${method}: ${JSON.stringify(r.body.error)}`)
  return r.body.data
}

async function login(user: { username: string; password: string }) {
  await page.goto(`${server.url}/#/login`)
  await page.getByLabel(/^用户名( \*)?$/).fill(user.username)
  await page.getByLabel(/^密码( \*)?$/).fill(user.password)
  await page.getByRole('button', { name: '登录' }).click()
  await page.waitForURL(/#\/(customers|dashboard)/)
}

/** expect.poll with a patience that fits a browser on a busy two-core machine */
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 10_000, interval: 50 })

/** Success notifications on screen with this text. */
const notes = (text: string) => page.getByTestId('notify-success').filter({ hasText: text })

/** Today in company time (Asia/Shanghai) as YYMMDD. */
function yymmdd(): string {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date())
  return day.slice(2).replace(/-/g, '')
}

const cell = (doc: string, col: 'prefix' | 'datePart' | 'separator' | 'digits') => page.getByTestId(`numbering-${doc}-${col}`)
/** The error text Mantine shows under the input of a numbering cell. */
const cellError = (doc: string) => page.getByTestId(`numbering-row-${doc}`).locator('[id$="-error"]')

describe('业务设置: numbering, negative stock, win rates, 回访; read-only for non-admins', () => {
  beforeAll(async () => {
    ensureBuild()
    fs.mkdirSync(SHOTS, { recursive: true })
    server = await startServer({ extraArgs: ['--no-build'] })

    const setup = await api(server.url, 'auth.setup', { companyName: '北京客单演示有限公司', ...ADMIN })
    adminToken = setup.body.data.token
    await call('user.create', { ...SALES, role: 'sales' })
    salesToken = (await api(server.url, 'auth.login', { username: SALES.username, password: SALES.password })).body.data.token
    customerId = (await call('customer.create', { name: '北京华星科技有限公司', stage: 'customer' })).id
    productId = (await call('product.create', { code: 'LS-M8', name: '不锈钢六角螺栓', spec: 'M8×30 304', unit: '盒', salePrice: '12.50', taxRate: 13, initialStock: '10' })).id

    browser = await launchBrowser()
    ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
    page = await ctx.newPage()
    page.on('pageerror', (e) => pageErrors.push(e.message))
    page.on('request', (r) => {
      if (r.url().endsWith('/api/settings.update')) updates++
    })
    page.setDefaultTimeout(15_000)
  })

  afterAll(async () => {
    await ctx?.close()
    await browser?.close()
    await server?.stop()
  })

  it('the admin opens 业务设置 from the menu: the current rules with a preview of each next number', async () => {
    await login(ADMIN)
    await page.getByTestId('nav-business').click()
    await page.waitForURL(/#\/settings\/business$/)
    await poll(() => page.getByTestId('numbering-preview-SO').textContent()).toMatch(/^SO\d{8}-0001$/)
    expect(await page.getByTestId('numbering-preview-customer').textContent()).toBe('C000001')
    expect(await page.getByTestId('numbering-note').textContent()).toContain('不会被重复使用')
    // without a date part there is no separator to choose
    await expect.poll(() => cell('customer', 'separator').isDisabled()).toBe(true)
    expect(await page.getByTestId('probability-proposal').inputValue()).toBe('50%')
    expect(await page.getByTestId('revisit-days').inputValue()).toBe('3 天')
    expect(await page.getByTestId('negative-stock-warning').count()).toBe(0)
    await page.getByTestId('notify-success').first().waitFor({ state: 'detached' }) // the welcome note, out of the picture
    await shot('01-business')
  })

  it('refuses an empty prefix and 9 digits in Chinese, before anything is sent', async () => {
    await cell('SO', 'prefix').fill('')
    await cell('SO', 'digits').fill('9')
    await page.keyboard.press('Control+s')
    await poll(() => cellError('SO').allTextContents()).toEqual(['请填写前缀', '位数应为 3–8'])
    // the keyboard lands on the first problem
    await poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('numbering-SO-prefix')
    expect(await page.getByTestId('numbering-preview-SO').textContent()).toBe('—')
    await shot('02-validation')
    expect(updates).toBe(0)
  })

  it('销售订单 becomes XS + YYMMDD + 3 digits: the preview follows the typing, Ctrl+S saves', async () => {
    await cell('SO', 'prefix').fill('XS')
    await poll(() => page.getByTestId('numbering-preview-SO').textContent()).toMatch(/^XS\d{8}-0{8}1$/)
    await cell('SO', 'datePart').selectOption('YYMMDD')
    await cell('SO', 'separator').selectOption('')
    await cell('SO', 'digits').fill('3')
    await poll(() => page.getByTestId('numbering-preview-SO').textContent()).toBe(`XS${yymmdd()}001`)
    expect(await cellError('SO').count()).toBe(0)
    await page.keyboard.press('Control+s')
    await notes('业务设置已保存').first().waitFor()
    await page.waitForTimeout(500) // the note slides in
    await shot('03-saved')
    const s = await call('settings.get', {})
    expect(s.numbering.SO).toEqual({ prefix: 'XS', datePart: 'YYMMDD', separator: '', digits: 3 })
    expect(s.numbering.QT).toEqual({ prefix: 'QT', datePart: 'YYYYMMDD', separator: '-', digits: 4 })
    expect(updates).toBe(1)
  })

  it('an order created afterwards through the API gets a number of the new shape', async () => {
    const line = { productId, quantity: '2', unitPrice: '12.50', taxRate: 13 }
    const today = await call('order.create', { customerId, lines: [line] })
    expect(today.number).toMatch(/^XS\d{6}\d{3}$/)
    expect(today.number).toBe(`XS${yymmdd()}001`)
    const dated = await call('order.create', { customerId, orderDate: '2025-03-08', lines: [line] })
    expect(dated.number).toBe('XS250308001')
    // other documents keep their own rule
    const quote = await call('quote.create', { customerId, lines: [line] })
    expect(quote.number).toMatch(/^QT\d{8}-0001$/)
  })

  it("the server's field errors land under their fields", async () => {
    await page.route('**/api/settings.update', (route) =>
      route.fulfill({
        status: 400,
        contentType: 'application/json',
        body: JSON.stringify({
          ok: false,
          error: { code: 'VALIDATION', message: 'numbering.QT.prefix: 前缀只能是字母或数字', details: { issues: [{ path: 'numbering.QT.prefix', message: '前缀只能是字母或数字', code: 'invalid_format' }] } },
        }),
      }),
    )
    await cell('QT', 'prefix').fill('BJ')
    await page.getByTestId('business-save').click()
    await poll(() => cellError('QT').allTextContents()).toEqual(['前缀只能是字母或数字'])
    await poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('numbering-QT-prefix')
    await page.unroute('**/api/settings.update')
    // put it back: nothing else changed, so nothing is sent
    await cell('QT', 'prefix').fill('QT')
    const before = updates
    await page.keyboard.press('Control+s')
    await notes('没有修改').first().waitFor()
    expect(updates).toBe(before)
  })

  it('允许负库存 warns what it means; once saved the core lets stock go below zero', async () => {
    const refused = await api(server.url, 'stock.adjust', { productId, quantity: '-20', reason: '报损' }, adminToken)
    expect(refused.body.error?.code).toBe('BUSINESS_RULE')
    await page.getByRole('switch', { name: '允许负库存' }).click()
    const warning = page.getByTestId('negative-stock-warning')
    await warning.waitFor()
    expect(await warning.textContent()).toContain('库存数会变成负数')
    await page.getByTestId('revisit-days').fill('5')
    await page.getByTestId('probability-negotiation').fill('80')
    await page.getByTestId('notify-success').first().waitFor({ state: 'detached' })
    await shot('04-negative-stock')
    await page.getByTestId('business-save').click()
    await notes('业务设置已保存').first().waitFor()
    const s = await call('settings.get', {})
    expect(s.inventory.allowNegativeStock).toBe(true)
    expect(s.followUp.revisitDelayDays).toBe(5)
    expect(s.opportunityProbabilities).toMatchObject({ negotiation: 80, proposal: 50 })
    const p = await call('stock.adjust', { productId, quantity: '-20', reason: '先发货后补入库' })
    expect(Number(p.onHand)).toBeLessThan(0)
  })

  it('notifications from before a logout are gone after the next login', async () => {
    await page.getByTestId('business-save').click() // nothing changed: 没有修改，无需保存
    const old = notes('没有修改').first()
    await old.waitFor()
    // a note under the pointer does not close by itself: rest the pointer on it and work with the keyboard only
    await old.hover()
    await page.getByTestId('user-menu').focus()
    await page.keyboard.press('Enter')
    await page.getByTestId('logout').focus()
    await page.keyboard.press('Enter')
    await page.waitForURL(/#\/login/)
    await notes('已退出登录').first().waitFor()
    // (gone at once: only the 250 ms of the closing transition are allowed)
    const gone = (text: string) => expect.poll(() => notes(text).count(), { timeout: 1000, interval: 50 }).toBe(0)
    await gone('没有修改')
    await page.getByLabel(/^用户名( \*)?$/).fill(SALES.username)
    await page.getByLabel(/^密码( \*)?$/).fill(SALES.password)
    await page.getByLabel(/^密码( \*)?$/).press('Enter')
    await page.waitForURL(/#\/(customers|dashboard)/)
    await notes('欢迎').first().waitFor()
    await gone('已退出登录')
  })

  it('a salesperson sees 业务设置 read-only', async () => {
    await page.getByTestId('nav-business').click()
    await page.waitForURL(/#\/settings\/business$/)
    await page.getByTestId('business-readonly').waitFor()
    expect(await page.getByTestId('business-save').count()).toBe(0)
    await poll(() => cell('SO', 'prefix').inputValue()).toBe('XS')
    expect(await page.getByTestId('numbering-preview-SO').textContent()).toBe(`XS${yymmdd()}001`)
    for (const el of [cell('SO', 'prefix'), cell('SO', 'datePart'), cell('SO', 'digits'), page.getByTestId('revisit-days'), page.getByTestId('probability-won')]) {
      expect(await el.isDisabled()).toBe(true)
    }
    expect(await page.getByRole('switch', { name: '允许负库存' }).isChecked()).toBe(true)
    expect(await page.getByRole('switch', { name: '允许负库存' }).isDisabled()).toBe(true)
    await page.getByTestId('negative-stock-warning').waitFor()
    const before = updates
    await page.keyboard.press('Control+s')
    await page.waitForTimeout(300)
    expect(updates).toBe(before)
    await page.getByTestId('notify-success').first().waitFor({ state: 'detached' })
    await shot('05-readonly')
    // the core refuses the update anyway
    const r = await api(server.url, 'settings.update', { inventory: { allowNegativeStock: false } }, salesToken)
    expect(r.body.error?.code).toBe('FORBIDDEN')
    expect(pageErrors).toEqual([])
  })
})
