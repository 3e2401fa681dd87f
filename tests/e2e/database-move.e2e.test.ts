/**
 * Issue 12, 设置 › 数据库 in Chromium against a SQLite host: the admin types a PostgreSQL URL (a throwaway cluster),
 * 测试连接 says it is empty, 开始迁移 (confirmed) shows the progress and ends with the per-table check of row counts
 * and money totals; the host will open PostgreSQL on its next start, and 继续使用 SQLite undoes that.
 * Screenshots: test-results/e2e/database-*.png.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser } from '../support/browser'
import { apiCall, login, newWorkstation, screenshot, startE2eServer } from '../support/e2e'
import { startPostgres, type TestPostgres } from '../support/postgres'
import { api, type RunningServer } from '../support/server'

const ADMIN = { username: 'admin', password: 'kedan-2026', displayName: '王经理' }

let server: RunningServer
let browser: Browser
let pg: TestPostgres | null = null
let ctx: BrowserContext
let page: Page
const pageErrors: string[] = []

describe('设置 › 数据库: move the host to PostgreSQL', () => {
  beforeAll(async () => {
    pg = await startPostgres()
    if (!pg) throw new Error('PostgreSQL is not installed: apt-get install -y postgresql')
    server = await startE2eServer()
    const token = (await api(server.url, 'auth.setup', { companyName: '北京客单演示有限公司', ...ADMIN })).body.data.token
    const c = await apiCall(server.url, 'customer.create', { name: '天津滨海机电有限公司' }, token)
    const p = await apiCall(server.url, 'product.create', { code: 'DJ-3KW', name: '三相电机', unit: '台', salePrice: '1580', initialStock: '10' }, token)
    // by hand: 2 × ¥1,580.00 = ¥3,160.00 (316000 fen)
    await apiCall(server.url, 'order.create', { customerId: c.id, lines: [{ productId: p.id, quantity: '2' }] }, token)
    browser = await launchBrowser()
    ;({ ctx, page } = await newWorkstation(browser, pageErrors))
    await login(page, server.url, ADMIN)
  })

  afterAll(async () => {
    await ctx?.close()
    await browser?.close()
    await server?.stop()
    pg?.stop()
  })

  it('tests the URL, moves with progress and shows the check; the host switches on its next start', async () => {
    const url = await pg!.createDatabase(`kedan_e2e_move_${process.pid}`)
    await page.getByTestId('nav-database').click()
    await page.waitForURL(/#\/settings\/database$/)
    expect(await page.getByTestId('database-engine').getAttribute('data-engine')).toBe('sqlite')

    // a wrong port first: a clear refusal
    const wrong = new URL(url)
    wrong.port = '1'
    await page.getByTestId('database-url').fill(wrong.toString())
    await page.getByTestId('database-test').click()
    const probe = page.getByTestId('database-probe')
    await expect.poll(() => probe.getAttribute('data-ok')).toBe('false')
    expect(await probe.innerText()).toContain('连不上 PostgreSQL 服务器')
    expect(await page.getByTestId('database-start').isDisabled()).toBe(true)

    await page.getByTestId('database-url').fill(url)
    await page.getByTestId('database-test').click()
    await expect.poll(() => probe.getAttribute('data-ok')).toBe('true')
    expect(await probe.innerText()).toContain('是空的，可以迁移')
    await screenshot(page, 'database-01-tested')

    await page.getByTestId('database-start').click()
    await page.getByTestId('confirm-ok').click()
    const job = page.getByTestId('database-job')
    await expect.poll(() => job.getAttribute('data-state'), { timeout: 60_000 }).toBe('done')
    expect(await page.getByTestId('database-done').innerText()).toContain('核对通过')
    const orders = page.locator('[data-testid="database-check-row"][data-table="sales_orders"]')
    expect(await orders.getAttribute('data-rows')).toBe('1')
    expect(await orders.innerText()).toContain('¥3,160.00')
    expect(await page.locator('[data-testid="database-check-row"][data-table="customers"]').getAttribute('data-rows')).toBe('1')
    const pending = page.getByTestId('database-pending')
    await pending.waitFor()
    expect(await pending.innerText()).toContain('重新启动客单后，这台主机将使用 PostgreSQL')
    // the password is not shown back
    expect(await pending.innerText()).not.toContain(new URL(url).password || '\u0000')
    expect(fs.existsSync(path.join(server.dataDir, 'kedan-postgres.json'))).toBe(true)
    await screenshot(page, 'database-02-done')

    await page.getByTestId('database-keep-sqlite').click()
    await page.getByTestId('confirm-ok').click()
    await pending.waitFor({ state: 'detached' })
    expect(fs.existsSync(path.join(server.dataDir, 'kedan-postgres.json'))).toBe(false)
    expect(pageErrors).toEqual([])
  })
})
