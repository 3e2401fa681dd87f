/**
 * The owner's dashboard and reports end to end, in Chromium against the real headless host. A small data set made
 * through the API (dates relative to today, so the dashboard's "this year" and the report's "this month" hold them):
 *
 *   P1 复印纸 ¥113.00 incl. 13 %; salesperson 张三 (team of 王经理) owns both customers.
 *   C1 杭州一号贸易 (浙江省): O1 on the 1st of this month, P1×10 = ¥1,130.00, shipped the same day;
 *                              O3 the same day a year earlier, P1×2 = ¥226.00, shipped the same day (同比);
 *                              a receipt of ¥500.00 today.
 *   C2 南京二号科技 (江苏省): O2 today, P1×5 = ¥565.00, shipped today.
 *   Target of 张三 this month ¥2,000.00.
 *
 * By hand: shipped this month = 1,130.00 + 565.00 = ¥1,695.00, last year the same month ¥226.00; by region 浙江省
 * ¥1,130.00 and 江苏省 ¥565.00; ordered this month ¥1,695.00; received ¥500.00; 张三's completion 1,695 / 2,000 = 85 %
 * (84.75 % rounded). The owner signs in and lands on 首页, opens 销售分析, switches period and group-by, and drills
 * from the month row to the shipment list of that month (the two shipments). Screenshots: report-*.png.
 */
import * as fs from 'node:fs'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser } from '../support/browser'
import { apiCall, login, newWorkstation, screenshot, startE2eServer } from '../support/e2e'
import { api, type RunningServer } from '../support/server'

const ADMIN = { username: 'admin', password: 'kedan-2026', displayName: '管理员' }
const OWNER = { username: 'boss', password: 'kedan-2026-boss', displayName: '钱老板' }

/** today in Beijing, and the dates of the data set */
const TODAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date())
const YEAR = Number(TODAY.slice(0, 4))
const MONTH = TODAY.slice(0, 7)
const FIRST = `${MONTH}-01`
const LAST_YEAR_FIRST = `${YEAR - 1}${FIRST.slice(4)}`

let server: RunningServer
let browser: Browser
let ctx: BrowserContext
let page: Page
let token = ''
const pageErrors: string[] = []
const shot = (name: string) => screenshot(page, `report-${name}`)
const call = (method: string, input: unknown, as = token) => apiCall(server.url, method, input, as)
const text = async (testId: string) => ((await page.getByTestId(testId).first().textContent()) ?? '').replace(/\s+/g, ' ').trim()

describe('reports: the owner on 首页 and 销售分析, period and group-by switches, drill down', () => {
  beforeAll(async () => {
    server = await startE2eServer()
    const setup = await api(server.url, 'auth.setup', { companyName: '苏州客单演示有限公司', username: ADMIN.username, password: ADMIN.password, displayName: ADMIN.displayName })
    token = setup.body.data.token
    const manager = await call('user.create', { username: 'wang', password: 'kedan-2026-wang', displayName: '王经理', role: 'manager' })
    const s1 = await call('user.create', { username: 'zhang', password: 'kedan-2026-zhang', displayName: '张三', role: 'sales', managerId: manager.id })
    await call('user.create', { username: OWNER.username, password: OWNER.password, displayName: OWNER.displayName, role: 'owner' })
    const cust = async (name: string, province: string) => (await call('customer.create', { name, province, ownerId: s1.id, paymentTermDays: 30 })).id as number
    const c1 = await cust('杭州一号贸易有限公司', '浙江省')
    const c2 = await cust('南京二号科技有限公司', '江苏省')
    const p1 = await call('product.create', { code: 'P1', name: '复印纸', category: '办公', unit: '箱', salePrice: '113', taxRate: 13, priceIncludesTax: true, initialStock: '1000' })
    const sell = async (customerId: number, date: string, quantity: string) => {
      const o = await call('order.create', { customerId, salespersonId: s1.id, orderDate: date, lines: [{ productId: p1.id, quantity }] })
      const s = await call('order.submit', { id: o.id })
      const a = await call('order.approve', { id: s.id })
      await call('shipment.create', { orderId: a.id, shipDate: date, lines: a.lines.map((l: { id: number; quantity: string }) => ({ orderLineId: l.id, quantity: l.quantity })) })
      return a
    }
    expect((await sell(c1, FIRST, '10')).totalFen).toBe(113000)
    expect((await sell(c2, TODAY, '5')).totalFen).toBe(56500)
    expect((await sell(c1, LAST_YEAR_FIRST, '2')).totalFen).toBe(22600)
    await call('receipt.create', { customerId: c1, amountFen: 50000, receivedOn: TODAY, method: 'bank', allocations: [] })
    await call('target.set', { year: YEAR, month: Number(MONTH.slice(5)), salespersonId: s1.id, amountFen: 200000 })

    browser = await launchBrowser()
    ;({ ctx, page } = await newWorkstation(browser, pageErrors))
    await login(page, server.url, OWNER)
  })

  afterAll(async () => {
    await ctx?.close()
    await browser?.close()
    await server?.stop()
    if (server) fs.rmSync(server.dataDir, { recursive: true, force: true })
  })

  it('the owner lands on 首页: year-to-date figures, the month chart, targets, aging, top customers', async () => {
    await page.waitForURL(/#\/dashboard$/)
    await page.getByTestId('dashboard').waitFor()
    await expect.poll(() => text('dash-ytd'), { timeout: 15_000 }).toContain('¥1,695.00')
    await expect.poll(() => text('dash-ordered')).toContain('¥1,695.00')
    await expect.poll(() => text('dash-received')).toContain('¥500.00')
    // receivable 1,695.00 + 226.00 − 500.00 (the receipt is unallocated: it still lowers the balance)
    await expect.poll(() => text('dash-ar')).toContain('¥1,421.00')
    // the targets card: 张三 1,695.00 of 2,000.00 = 85 %
    await expect.poll(() => page.getByTestId('dash-target-row').filter({ hasText: '张三' }).count()).toBe(1)
    expect(await page.getByTestId('dash-target-row').filter({ hasText: '张三' }).textContent()).toContain('¥1,695.00 / ¥2,000.00 · 85%')
    // top customers this year: C1 1,130.00, then C2 565.00
    await expect.poll(() => page.getByTestId('dash-top-row').count()).toBe(2)
    expect(await page.getByTestId('dash-top-row').nth(0).textContent()).toContain('杭州一号贸易有限公司')
    expect(await page.getByTestId('dash-top-row').nth(0).textContent()).toContain('¥1,130.00')
    await page.locator('[data-testid="dash-sales"] .recharts-surface').first().waitFor()
    await page.waitForTimeout(600) // chart animation
    await shot('01-dashboard')
    // a top customer opens the shipments behind its figure (drill down)
    await page.getByTestId('dash-top-row').nth(0).click()
    await page.waitForURL(/#\/shipments\?.*customerId=\d+/)
    await expect.poll(() => page.getByTestId('shipment-row').count()).toBe(1)
    expect(pageErrors).toEqual([])
  })

  it('销售分析: this month by month, switched to 按地区 and back, custom period, totals row, 口径', async () => {
    await page.getByTestId('nav-rpt-sales').click()
    await page.waitForURL(/#\/reports\/sales$/)
    // default: 本年 by month — the months up to this one, this month 1,695.00 with 226.00 a year earlier
    await expect.poll(() => page.locator(`[data-testid="sales-row"][data-key="${MONTH}"]`).count(), { timeout: 15_000 }).toBe(1)
    const row = page.locator(`[data-testid="sales-row"][data-key="${MONTH}"]`)
    expect(await row.textContent()).toContain('¥1,695.00')
    expect(await row.textContent()).toContain('¥226.00')
    await expect.poll(() => text('sales-total')).toContain('¥1,695.00')

    // 本月
    await page.getByTestId('period-picker').getByText('本月', { exact: true }).click()
    await page.waitForURL(/period=thisMonth/)
    await expect.poll(() => page.getByTestId('sales-row').count()).toBe(1)
    // 按地区: 浙江省 1,130.00, 江苏省 565.00, total 1,695.00
    await page.getByTestId('group-switch').getByText('按地区', { exact: true }).click()
    await page.waitForURL(/groupBy=region/)
    await expect.poll(async () => (await page.getByTestId('sales-row').allTextContents()).map((s) => s.replace(/\s+/g, ''))).toEqual([
      expect.stringMatching(/^浙江省¥1,130\.00/),
      expect.stringMatching(/^江苏省¥565\.00/),
    ])
    expect(await text('sales-total')).toContain('¥1,695.00')
    // 订货 by region is the same here (both orders approved and shipped in full)
    await page.getByTestId('measure-switch').getByText('回款', { exact: true }).click()
    await expect.poll(() => text('sales-total')).toContain('¥500.00')
    await page.getByTestId('measure-switch').getByText('发货', { exact: true }).click()
    // the 口径 tooltip says what 发货 means
    await page.getByTestId('kouj').hover()
    await expect.poll(() => page.getByTestId('kouj-text').textContent()).toContain('减去按退货日期计的退货')
    await page.mouse.move(0, 0)
    await shot('02-sales-region')

    // 自定义: last year's month alone holds 226.00 (O3), 同比 of nothing
    await page.getByTestId('group-switch').getByText('按月', { exact: true }).click()
    await page.getByTestId('period-picker').getByText('自定义', { exact: true }).click()
    await page.waitForURL(/period=custom/)
    const url = page.url().replace(/from=[^&]*/, `from=${LAST_YEAR_FIRST}`).replace(/to=[^&]*/, `to=${LAST_YEAR_FIRST}`)
    await page.goto(url)
    await expect.poll(() => text('sales-total')).toContain('¥226.00')
    expect(await page.getByTestId('sales-row').count()).toBe(1)

    // back to 本年 by month for the screenshot
    await page.getByTestId('period-picker').getByText('本年', { exact: true }).click()
    await expect.poll(() => page.locator(`[data-testid="sales-row"][data-key="${MONTH}"]`).count(), { timeout: 15_000 }).toBe(1)
    await page.waitForTimeout(600)
    await shot('03-sales-month')
    expect(pageErrors).toEqual([])
  })

  it('drills down from the month to the shipments of that month', async () => {
    await page.locator(`[data-testid="sales-row"][data-key="${MONTH}"]`).click()
    await page.waitForURL(/#\/shipments\?/)
    const u = new URL(page.url().replace('#/', ''))
    expect([u.searchParams.get('from'), u.searchParams.get('to')]).toEqual([FIRST, u.searchParams.get('to')])
    expect(u.searchParams.get('to')!.slice(0, 7)).toBe(MONTH)
    await expect.poll(() => page.getByTestId('shipment-row').count()).toBe(2)
    await shot('04-drill-shipments')
    expect(pageErrors).toEqual([])
  })

  it('every report page opens with its figures (漏斗, 目标, 预测, 客户分析, 交付, 月报), no errors in the page', async () => {
    const pages: [string, string, () => Promise<unknown>][] = [
      ['nav-rpt-funnel', '#/reports/funnel', () => page.getByTestId('report-empty').waitFor()],
      ['nav-rpt-targets', '#/reports/targets', () => expect.poll(async () => (await page.getByTestId('target-row').allTextContents()).join('')).toContain('张三')],
      ['nav-rpt-forecast', '#/reports/forecast', () => page.getByTestId('forecast-table').waitFor()],
      ['nav-rpt-customers', '#/reports/customers', () => page.getByText('复购率').first().waitFor()],
      ['nav-rpt-delivery', '#/reports/delivery', () => page.getByTestId('delivery-table').waitFor()],
      ['nav-rpt-monthly', '#/reports/monthly', () => page.getByTestId('monthly-month').waitFor()],
    ]
    for (const [nav, hash, ready] of pages) {
      await page.getByTestId(nav).click()
      await page.waitForURL(new RegExp(`${hash.replace(/[/]/g, '\\/')}`))
      await ready()
      await expect.poll(() => page.getByTestId('report-loading').count()).toBe(0)
    }
    // the owner reads targets but sets none (admin; manager for the team)
    await page.getByTestId('nav-rpt-targets').click()
    await page.getByTestId('target-row').first().waitFor()
    expect(await page.getByTestId('target-set').count()).toBe(0)
    // 月报 of this month: shipped 1,695.00 with 同比 +650.0 % (226.00 a year earlier)
    await page.goto(`${server.url}/#/reports/monthly?month=${MONTH}`)
    await expect.poll(async () => (await page.locator('main').textContent()) ?? '').toContain('¥1,695.00')
    expect((await page.locator('main').textContent()) ?? '').toContain('同比 +650.0%')
    await shot('05-monthly')
    expect(pageErrors).toEqual([])
  })

  it('a salesperson lands on 首页 too, with their own figures', async () => {
    const s = await newWorkstation(browser, pageErrors)
    try {
      await login(s.page, server.url, { username: 'zhang', password: 'kedan-2026-zhang' })
      await s.page.waitForURL(/#\/dashboard$/)
      await s.page.getByTestId('dash-target-row').first().waitFor()
      await screenshot(s.page, 'report-06-sales-dashboard')
      // both customers are 张三's: the same ¥1,695.00; the targets card shows only 张三 (no 合计 row)
      await expect.poll(async () => (await s.page.getByTestId('dash-ytd').textContent()) ?? '', { timeout: 15_000 }).toContain('¥1,695.00')
      await expect.poll(() => s.page.getByTestId('dash-target-row').count()).toBe(1)
      expect(await s.page.getByTestId('dash-target-row').textContent()).toContain('张三')
    } finally {
      await s.ctx.close()
    }
    expect(pageErrors).toEqual([])
  })

  it('admin sets 张三\'s target and splits the team target (目标分解) from the targets page', async () => {
    const a = await newWorkstation(browser, pageErrors)
    try {
      await login(a.page, server.url, ADMIN)
      await a.page.goto(`${server.url}/#/reports/targets`)
      const row = a.page.getByTestId('target-row').filter({ hasText: '张三' })
      await expect.poll(() => row.textContent(), { timeout: 15_000 }).toContain('¥2,000.00')
      // 设置目标: 张三, this month, ¥2,500.00
      await a.page.getByTestId('target-set').click()
      await a.page.getByTestId('target-who').click()
      await a.page.getByRole('option', { name: '张三', exact: true }).click()
      await a.page.getByTestId('target-amount').fill('2500')
      await a.page.getByTestId('target-save').click()
      await expect.poll(() => row.textContent()).toContain('¥2,500.00')
      // a team target of ¥3,000.00 for 王经理团队, split evenly: 张三 is the team's only salesperson
      await a.page.getByTestId('target-set').click()
      await a.page.getByTestId('target-who').click()
      await a.page.getByRole('option', { name: '王经理团队' }).click()
      await a.page.getByTestId('target-amount').fill('3000')
      await a.page.getByTestId('target-save').click()
      await expect.poll(() => a.page.getByRole('dialog').count()).toBe(0)
      await a.page.getByTestId('target-split').click()
      await a.page.getByTestId('target-who').click()
      await a.page.getByRole('option', { name: '王经理团队' }).click()
      await a.page.getByTestId('target-save').click()
      await expect.poll(() => row.textContent()).toContain('¥3,000.00')
      await screenshot(a.page, 'report-07-targets')
    } finally {
      await a.ctx.close()
    }
    expect(pageErrors).toEqual([])
  })
})
