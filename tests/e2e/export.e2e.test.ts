/**
 * Excel export end to end (issue 13), in Chromium against the real headless host: on the order list the admin
 * filters by date and clicks 导出明细 → the export job's progress dialog, then a download of 订单明细_YYYYMMDD.xlsx
 * fetched with the session token; the file holds the filtered order's lines with real types. A report page
 * (销售漏斗) and the tracking board export too.
 * Screenshot: export-progress.png (when the dialog is caught while the job runs).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as fs from 'node:fs'
import ExcelJS from 'exceljs'
import { launchBrowser } from '../support/browser'
import { apiCall, login, newWorkstation, screenshot, startE2eServer } from '../support/e2e'
import { api, type RunningServer } from '../support/server'
import { testEngine } from '../../src/core/testing/test-core'

const ADMIN = { username: 'admin', password: 'kedan-2026', displayName: '管理员' }

let server: RunningServer
let browser: Browser
let ctx: BrowserContext
let page: Page
let token = ''
const pageErrors: string[] = []
const call = (method: string, input: unknown, as = token) => apiCall(server.url, method, input, as)

async function workbookOf(file: string) {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.readFile(file)
  return wb
}

describe.skipIf(testEngine() === 'postgres')('export from the list and report toolbars', () => {
  beforeAll(async () => {
    server = await startE2eServer()
    const setup = await api(server.url, 'auth.setup', { companyName: '苏州客单演示有限公司', username: ADMIN.username, password: ADMIN.password, displayName: ADMIN.displayName })
    token = setup.body.data.token
    const steel = await call('product.create', { code: 'P-001', name: '不锈钢板', unit: '千克', salePrice: '12.34', initialStock: '100' })
    const fan = await call('product.create', { code: 'P-002', name: '工业风机', unit: '台', salePrice: '1130', initialStock: '10' })
    const c = await call('customer.create', { name: '杭州明远机械有限公司' })
    await call('order.create', { customerId: c.id, orderDate: '2026-11-20', lines: [{ productId: steel.id, quantity: '1.5' }, { productId: fan.id, quantity: '2' }] })
    await call('order.create', { customerId: c.id, orderDate: '2026-10-05', lines: [{ productId: fan.id, quantity: '1' }] })
    browser = await launchBrowser()
    ;({ ctx, page } = await newWorkstation(browser, pageErrors))
  }, 180_000)

  afterAll(async () => {
    await ctx?.close()
    await browser?.close()
    await server?.stop()
    if (server) fs.rmSync(server.dataDir, { recursive: true, force: true })
  })

  it('exports the order lines of the filtered order list as a typed .xlsx', async () => {
    await login(page, server.url, ADMIN)
    await page.goto(`${server.url}/#/orders?from=2026-11-01&to=2026-11-30`)
    await expect.poll(() => page.locator('[data-testid="order-row"]').count(), { timeout: 20_000 }).toBe(1)
    const button = page.getByTestId('export-orderLines')
    expect(await button.textContent()).toBe('导出明细')
    const downloading = page.waitForEvent('download', { timeout: 60_000 })
    await button.click()
    // the progress dialog shows while the job runs (it may already be done on a fast machine)
    if (await page.getByTestId('export-orderLines-progress').isVisible().catch(() => false)) await screenshot(page, 'export-progress')
    const download = await downloading
    expect(download.suggestedFilename()).toMatch(/^订单明细_\d{8}\.xlsx$/)
    const ws = (await workbookOf((await download.path())!)).worksheets[0]!
    expect(String(ws.getCell('A1').value)).toContain('起始日期=2026-11-01，截止日期=2026-11-30')
    const headers = (ws.getRow(2).values as unknown[]).slice(1) as string[]
    const col = (h: string) => headers.indexOf(h) + 1
    const rows = [3, 4].map((r) => ws.getRow(r))
    // only the November order: 1.5 千克 × ¥12.34 = ¥18.51 and 2 台 × ¥1 130 = ¥2 260
    expect(ws.rowCount).toBe(4)
    expect(rows.map((r) => [r.getCell(col('商品编码')).value, r.getCell(col('数量')).value, r.getCell(col('金额')).value])).toEqual([
      ['P-001', 1.5, 18.51],
      ['P-002', 2, 2260],
    ])
    expect(rows[0]!.getCell(col('订单日期')).value).toEqual(new Date(Date.UTC(2026, 10, 20)))
    await expect.poll(() => page.getByTestId('export-orderLines-progress').isVisible().catch(() => false)).toBe(false)
  }, 120_000)

  it('exports a report and the tracking board from their headers', async () => {
    await page.goto(`${server.url}/#/reports/funnel`)
    const [funnel] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId('export-report.funnel').click()])
    expect(funnel.suggestedFilename()).toMatch(/^销售漏斗_\d{8}\.xlsx$/)
    await page.goto(`${server.url}/#/tracking`)
    const [board] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId('export-tracking').click()])
    expect(board.suggestedFilename()).toMatch(/^跟单看板_\d{8}\.xlsx$/)
    const ws = (await workbookOf((await board.path())!)).worksheets[0]!
    expect(String(ws.getCell('A1').value)).toMatch(/^跟单看板　筛选：全部　导出时间：/)
    expect(pageErrors).toEqual([])
  }, 120_000)
})
