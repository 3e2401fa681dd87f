/**
 * 设置 › 数据导入 end to end, in Chromium against the real headless host (SQLite): the admin opens the page from the
 * menu, picks a CSV whose headers are synonyms (公司名称, 手机号, 阶段), runs the dry run → the mapping shows the
 * suggestions (公司名称 → 客户名称) and the problem table names row 3 / 阶段; 正式导入 after the confirmation creates
 * the two valid customers, and the customer list's 导出 button downloads an .xlsx.
 * Screenshots: import-mapping.png, import-dry-run.png.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
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

describe.skipIf(testEngine() === 'postgres')('import page: mapping suggestions, dry run by row and column, commit; export from a list', () => {
  beforeAll(async () => {
    server = await startE2eServer()
    const setup = await api(server.url, 'auth.setup', { companyName: '苏州客单演示有限公司', username: ADMIN.username, password: ADMIN.password, displayName: ADMIN.displayName })
    token = setup.body.data.token
    browser = await launchBrowser()
    ;({ ctx, page } = await newWorkstation(browser, pageErrors))
  }, 180_000)

  afterAll(async () => {
    await ctx?.close()
    await browser?.close()
    await server?.stop()
    if (server) fs.rmSync(server.dataDir, { recursive: true, force: true })
  })

  it('maps, checks and imports a CSV', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kedan-import-')), '老客户表.csv')
    fs.writeFileSync(file, '\uFEFF公司名称,阶段,手机号,联系人\r\n杭州明远机械有限公司,成交客户,13800138000,王建国\r\n宁波海天塑料有限公司,大客户,,\r\n温州东方阀门有限公司,线索,13900001111,李四\r\n')
    await login(page, server.url, ADMIN)
    await page.getByTestId('nav-import').click()
    await page.waitForURL(/#\/settings\/import/)
    await page.locator('input[type="file"]').setInputFiles(file)
    await page.getByTestId('import-dry-run').click()
    await expect.poll(() => page.getByTestId('import-mapping').isVisible(), { timeout: 20_000 }).toBe(true)
    expect(await page.getByTestId('import-map-公司名称').inputValue()).toBe('客户名称 *')
    expect(await page.getByTestId('import-map-手机号').inputValue()).toBe('手机')
    await screenshot(page, 'import-mapping')

    expect(await page.getByTestId('import-summary').textContent()).toBe('共 3 行：可导入 2 行（其中已存在 0 行），错误 1 行')
    const problem = page.getByTestId('import-problems').locator('tbody tr').first()
    const cells = await problem.locator('td').allTextContents()
    expect(cells[0]).toBe('3')
    expect(cells[1]).toBe('阶段')
    expect(cells[2]).toContain('“大客户”不是可选值')
    await page.getByTestId('import-problems').scrollIntoViewIfNeeded()
    await screenshot(page, 'import-dry-run')

    await page.getByTestId('import-commit').click()
    await page.getByRole('dialog').getByRole('button', { name: /确定|确认/ }).click()
    await expect.poll(() => page.getByTestId('import-done').isVisible(), { timeout: 30_000 }).toBe(true)
    expect(await page.getByTestId('import-done').textContent()).toBe('导入完成：新建 2，更新 0，跳过 0，错误 1')
    const list = await call('customer.search', { sort: 'name' })
    expect(list.items.map((c: { name: string }) => c.name).sort()).toEqual(['杭州明远机械有限公司', '温州东方阀门有限公司'])

    // the customer list's 导出 downloads the list as .xlsx
    await page.goto(`${server.url}/#/customers`)
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByTestId('export-customers').click()])
    expect(download.suggestedFilename()).toMatch(/^客户_\d{8}\.xlsx$/)
    expect(pageErrors).toEqual([])
  }, 120_000)

  it('imports historical orders in the chosen state, and shows a cancellable progress bar with counts', async () => {
    await call('customer.create', { name: '嘉兴历史客户有限公司', code: 'JX01', paymentTermDays: 30 })
    await call('product.create', { code: 'HP-1', name: '阀门', salePrice: '100' })
    const dirOf = fs.mkdtempSync(path.join(os.tmpdir(), 'kedan-import-'))
    const orders = path.join(dirOf, '历史订单.csv')
    fs.writeFileSync(orders, '\uFEFF单号,客户,日期,货号,数量,单价\r\nH-2024-1,JX01,2024/3/5,HP-1,2,113\r\nH-2024-1,JX01,2024/3/5,HP-1,1,113\r\nH-2024-2,JX01,2024年4月1日,HP-1,1,226\r\n')
    await page.goto(`${server.url}/#/settings/import`)
    await page.getByTestId('import-kind').click()
    await page.getByRole('option', { name: /历史订单/ }).click()
    await page.getByTestId('import-order-options').getByText('已发货、未收款（计入应收）').click()
    await page.locator('input[type="file"]').setInputFiles(orders)
    await page.getByTestId('import-dry-run').click()
    await expect.poll(() => page.getByTestId('import-summary').textContent(), { timeout: 20_000 }).toBe('共 3 行：可导入 3 行（其中已存在 0 行），错误 0 行')
    await screenshot(page, 'import-orders-dry-run')
    await page.getByTestId('import-commit').click()
    await page.getByRole('dialog').getByRole('button', { name: /确定|确认/ }).click()
    await expect.poll(() => page.getByTestId('import-done').isVisible(), { timeout: 30_000 }).toBe(true)
    expect(await page.getByTestId('import-done').textContent()).toBe('导入完成：新建 2，更新 0，跳过 0，错误 0')
    const found = await call('order.search', { query: 'H-2024' })
    expect(found.items.map((o: { number: string; status: string; totalFen: number }) => [o.number, o.status, o.totalFen]).sort()).toEqual([
      ['H-2024-1', 'shipped', 33_900],
      ['H-2024-2', 'shipped', 22_600],
    ])

    // a big file: the progress card counts the rows, 取消 stops the check
    const big = path.join(dirOf, '大客户表.csv')
    fs.writeFileSync(big, '\uFEFF客户名称,电话\r\n' + Array.from({ length: 60_000 }, (_, i) => `进度条客户${i}有限公司,0571-8${String(i).padStart(7, '0')}`).join('\r\n'))
    await page.getByTestId('import-kind').click()
    await page.getByRole('option', { name: /^客户/ }).click()
    await page.locator('input[type="file"]').setInputFiles(big)
    await page.getByTestId('import-dry-run').click()
    await expect.poll(() => page.getByTestId('import-progress-text').textContent().catch(() => ''), { timeout: 30_000, interval: 50 }).toMatch(/^正在检查：\d+ \/ 60000 行$/)
    await page.getByTestId('import-cancel').click()
    await screenshot(page, 'import-progress')
    await expect.poll(() => page.getByTestId('notify-error').filter({ hasText: '导入已取消' }).count(), { timeout: 20_000 }).toBeGreaterThan(0)
    expect(await page.getByTestId('import-progress').count()).toBe(0)
    expect(pageErrors).toEqual([])
  }, 180_000)
})
