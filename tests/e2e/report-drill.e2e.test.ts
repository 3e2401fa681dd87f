/**
 * Drill-down and the monthly PDF (issue 10), in Chromium against the real headless host. A data set made through the
 * API, dates relative to today (so "本月" holds them):
 *
 *   P1 复印纸 (办公) ¥113.00, P2 合页 (五金) ¥10.90, both incl. tax. 张三 owns C1 杭州一号 (浙江省), 李四 owns C2 南京二号 (江苏省).
 *   O1 C1 张三, the 1st of this month, P1×10 = ¥1,130.00, shipped that day (SA).
 *   O2 C2 李四, today, P1×5 + P2×100 = 565.00 + 1,090.00 = ¥1,655.00, shipped today (SB).
 *   O3 C1 张三, today, P2×50 = ¥545.00, shipped today and the shipment cancelled (SC: never counted).
 *   O5 C1 张三, today, P1×1, left a draft (never counted as ordered).
 *
 * By hand, this month shipped: 李四 ¥1,655.00 (SB), 张三 ¥1,130.00 (SA); P1 1,130.00 + 565.00 = ¥1,695.00 (SA, SB),
 * P2 ¥1,090.00 (SB); total ¥2,785.00. Ordered P1: O1 and O2 (the draft O5 not). The owner opens 首页, clicks the
 * year's shipped figure (the counted shipments: SA and SB, not SC), switches 销售分析 to 本月 and 按销售员 and 按产品,
 * drills from 张三's row and from P2's row to shipment lists whose rows are the documents behind the figure, from the
 * 订货 P1 row to the orders, reads the 口径 tooltip on every report page and prints 月报 as PDF.
 * Screenshots: drill-*.png.
 */
import * as fs from 'node:fs'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser } from '../support/browser'
import { apiCall, login, newWorkstation, screenshot, startE2eServer } from '../support/e2e'
import { api, type RunningServer } from '../support/server'

const ADMIN = { username: 'admin', password: 'kedan-2026', displayName: '管理员' }
const OWNER = { username: 'boss', password: 'kedan-2026-boss', displayName: '钱老板' }

const TODAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date())
const MONTH = TODAY.slice(0, 7)
const FIRST = `${MONTH}-01`

let server: RunningServer
let browser: Browser
let ctx: BrowserContext
let page: Page
let token = ''
const ids: Record<string, number> = {}
const numbers: Record<string, string> = {}
const pageErrors: string[] = []
const shot = (name: string) => screenshot(page, `drill-${name}`)
const call = (method: string, input: unknown, as = token) => apiCall(server.url, method, input, as)
const squeeze = (s: string | null) => (s ?? '').replace(/\s+/g, '')
const rowsOf = async (testId: string) => (await page.getByTestId(testId).allTextContents()).map(squeeze)
const numbersOf = async (testId: string) => page.getByTestId(testId).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-number')).sort())

describe('reports: drill down from figures and rows to the documents behind them; the month as PDF', () => {
  beforeAll(async () => {
    server = await startE2eServer()
    const setup = await api(server.url, 'auth.setup', { companyName: '苏州客单演示有限公司', username: ADMIN.username, password: ADMIN.password, displayName: ADMIN.displayName })
    token = setup.body.data.token
    const s1 = await call('user.create', { username: 'zhang', password: 'kedan-2026-zhang', displayName: '张三', role: 'sales' })
    const s2 = await call('user.create', { username: 'li', password: 'kedan-2026-li', displayName: '李四', role: 'sales' })
    ids.s1 = s1.id
    ids.s2 = s2.id
    await call('user.create', { username: OWNER.username, password: OWNER.password, displayName: OWNER.displayName, role: 'owner' })
    const c1 = (await call('customer.create', { name: '杭州一号贸易有限公司', province: '浙江省', ownerId: s1.id, paymentTermDays: 30 })).id
    const c2 = (await call('customer.create', { name: '南京二号科技有限公司', province: '江苏省', ownerId: s2.id, paymentTermDays: 30 })).id
    const p1 = await call('product.create', { code: 'P1', name: '复印纸', category: '办公', unit: '箱', salePrice: '113', taxRate: 13, priceIncludesTax: true, initialStock: '1000' })
    const p2 = await call('product.create', { code: 'P2', name: '合页', category: '五金', unit: '个', salePrice: '10.9', taxRate: 9, priceIncludesTax: true, initialStock: '1000' })
    ids.p1 = p1.id
    ids.p2 = p2.id
    const order = async (customerId: number, salespersonId: number, date: string, lines: [number, string][], approve = true) => {
      const o = await call('order.create', { customerId, salespersonId, orderDate: date, lines: lines.map(([productId, quantity]) => ({ productId, quantity })) })
      if (!approve) return o
      await call('order.submit', { id: o.id })
      return call('order.approve', { id: o.id })
    }
    const ship = async (o: { id: number; lines: { id: number; quantity: string }[] }, date: string) =>
      call('shipment.create', { orderId: o.id, shipDate: date, lines: o.lines.map((l) => ({ orderLineId: l.id, quantity: l.quantity })) })
    const o1 = await order(c1, s1.id, FIRST, [[p1.id, '10']])
    const o2 = await order(c2, s2.id, TODAY, [[p1.id, '5'], [p2.id, '100']])
    const o3 = await order(c1, s1.id, TODAY, [[p2.id, '50']])
    expect([o1.totalFen, o2.totalFen, o3.totalFen]).toEqual([113000, 165500, 54500])
    numbers.o1 = o1.number
    numbers.o2 = o2.number
    numbers.sa = (await ship(o1, FIRST)).number
    numbers.sb = (await ship(o2, TODAY)).number
    const sc = await ship(o3, TODAY)
    numbers.sc = sc.number
    await call('shipment.cancel', { id: sc.id, reason: '地址错误' })
    await order(c1, s1.id, TODAY, [[p1.id, '1']], false)

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

  it('首页: the year\'s shipped figure opens the counted shipments (the cancelled one not among them)', async () => {
    await page.waitForURL(/#\/dashboard$/)
    await expect.poll(async () => squeeze(await page.getByTestId('dash-ytd').textContent()), { timeout: 15_000 }).toContain('¥2,785.00')
    await page.locator('[data-testid="dash-sales"] .recharts-surface').first().waitFor()
    await page.waitForTimeout(600) // chart animation
    await shot('01-dashboard')
    await page.getByTestId('dash-ytd').click()
    await page.waitForURL(/#\/shipments\?.*counted=1/)
    await expect.poll(() => numbersOf('shipment-row')).toEqual([numbers.sa, numbers.sb].sort())
    expect(await page.getByTestId('drill-badge').textContent()).toContain('仅统计口径内单据')
    // closing the badge shows every shipment of the dates, the cancelled SC too
    await page.getByTestId('drill-clear').click()
    await expect.poll(() => numbersOf('shipment-row')).toEqual([numbers.sa, numbers.sb, numbers.sc].sort())
    expect(pageErrors).toEqual([])
  })

  it('销售分析 本月 按销售员: 张三\'s row drills to his one counted shipment', async () => {
    await page.getByTestId('nav-rpt-sales').click()
    await page.waitForURL(/#\/reports\/sales/)
    await page.getByTestId('period-picker').getByText('本月', { exact: true }).click()
    await page.waitForURL(/period=thisMonth/)
    await page.getByTestId('group-switch').getByText('按销售员', { exact: true }).click()
    await page.waitForURL(/groupBy=salesperson/)
    await expect.poll(() => rowsOf('sales-row'), { timeout: 15_000 }).toEqual([expect.stringMatching(/^李四¥1,655\.00/), expect.stringMatching(/^张三¥1,130\.00/)])
    expect(squeeze(await page.getByTestId('sales-total').textContent())).toContain('¥2,785.00')
    await page.waitForTimeout(600)
    await shot('02-sales-by-salesperson')
    await page.locator(`[data-testid="sales-row"][data-key="${ids.s1}"]`).click()
    await page.waitForURL(new RegExp(`#/shipments\\?.*salespersonId=${ids.s1}`))
    await expect.poll(() => numbersOf('shipment-row')).toEqual([numbers.sa])
    const row = squeeze(await page.getByTestId('shipment-row').first().textContent())
    expect(row).toContain('杭州一号贸易有限公司')
    expect(row).toContain('¥1,130.00')
    expect(await page.getByTestId('drill-badge').textContent()).toContain('张三')
    await shot('03-drill-salesperson')
    expect(pageErrors).toEqual([])
  })

  it('按产品: P2\'s row drills to the shipment that carried it; 订货 P1 to its two approved orders (not the draft)', async () => {
    await page.goBack()
    await page.waitForURL(/#\/reports\/sales\?.*groupBy=salesperson/)
    await page.getByTestId('group-switch').getByText('按产品', { exact: true }).click()
    await page.waitForURL(/groupBy=product/)
    await expect.poll(() => rowsOf('sales-row'), { timeout: 15_000 }).toEqual([expect.stringMatching(/^P1复印纸¥1,695\.00/), expect.stringMatching(/^P2合页¥1,090\.00/)])
    await page.locator(`[data-testid="sales-row"][data-key="${ids.p2}"]`).click()
    await page.waitForURL(new RegExp(`#/shipments\\?.*productId=${ids.p2}`))
    await expect.poll(() => numbersOf('shipment-row')).toEqual([numbers.sb])
    expect(squeeze(await page.getByTestId('shipment-row').first().textContent())).toContain('南京二号科技有限公司')
    expect(await page.getByTestId('drill-badge').textContent()).toContain('P2 合页')
    await shot('04-drill-product')

    await page.goBack()
    await page.waitForURL(/groupBy=product/)
    await page.getByTestId('measure-switch').getByText('订货', { exact: true }).click()
    await expect.poll(() => rowsOf('sales-row')).toEqual([expect.stringMatching(/^P1复印纸¥1,695\.00/), expect.stringMatching(/^P2合页¥1,635\.00/)])
    await page.locator(`[data-testid="sales-row"][data-key="${ids.p1}"]`).click()
    await page.waitForURL(new RegExp(`#/orders\\?.*productId=${ids.p1}`))
    await expect.poll(() => numbersOf('order-row')).toEqual([numbers.o1, numbers.o2].sort())
    await shot('05-drill-orders')
    expect(pageErrors).toEqual([])
  })

  it('首页 and every report page carry their 口径 tooltip (with the scope rule)', async () => {
    for (const nav of ['nav-dashboard', 'nav-rpt-sales', 'nav-rpt-funnel', 'nav-rpt-targets', 'nav-rpt-forecast', 'nav-rpt-customers', 'nav-rpt-delivery', 'nav-rpt-monthly']) {
      await page.getByTestId(nav).click()
      await page.getByTestId('kouj').hover()
      await expect.poll(() => page.getByTestId('kouj-text').textContent()).toContain('销售员只看到自己名下客户的数据')
      await page.mouse.move(0, 0)
      await expect.poll(() => page.getByTestId('kouj-text').count()).toBe(0)
    }
    expect(pageErrors).toEqual([])
  })

  it('月报: a top product drills to its shipments; 打印 / 下载 PDF opens the month as a PDF', async () => {
    await page.goto(`${server.url}/#/reports/monthly?month=${MONTH}`)
    await expect.poll(() => page.getByTestId('monthly-top-product').count(), { timeout: 15_000 }).toBe(2)
    await shot('06-monthly')
    await page.getByTestId('monthly-pdf').click()
    await page.locator('[data-testid=print-preview] iframe').waitFor()
    const href = await page.getByTestId('print-download').getAttribute('href')
    const bytes = await page.evaluate(async (u) => {
      const b = new Uint8Array(await (await fetch(u!)).arrayBuffer())
      return String.fromCharCode(...b.slice(0, 5))
    }, href)
    expect(bytes).toBe('%PDF-')
    expect(await page.getByTestId('print-download').getAttribute('download')).toBe(`月度经营报告-${MONTH}.pdf`)
    await page.waitForTimeout(800)
    await shot('07-monthly-pdf')
    await page.keyboard.press('Escape')
    await page.getByTestId('monthly-top-product').filter({ hasText: '合页' }).click()
    await page.waitForURL(new RegExp(`#/shipments\\?.*productId=${ids.p2}`))
    await expect.poll(() => numbersOf('shipment-row')).toEqual([numbers.sb])
    expect(pageErrors).toEqual([])
  })
})
