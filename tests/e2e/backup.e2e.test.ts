/**
 * 设置 › 备份与恢复 end to end, in Chromium against the real headless host (SQLite):
 * the admin opens the page from the menu (no backups yet) → 立即备份 → the row shows the counts (2 customers) →
 * a third customer is added through the API → 恢复… shows the preview (in the backup 2 customers, now 3) and a
 * confirmation naming the backup's date → after the restore the app is back on the sign-in page, the old token is
 * refused, and after signing in again the customer list holds the 2 customers of the backup.
 * Screenshots: backup-list.png, backup-preview.png.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { launchBrowser } from '../support/browser'
import { apiCall, login, newWorkstation, screenshot, signIn, startE2eServer } from '../support/e2e'
import { api, type RunningServer } from '../support/server'
import * as fs from 'node:fs'
import { skipOnPostgres } from '../support/engine'

const ADMIN = { username: 'admin', password: 'kedan-2026', displayName: '管理员' }

let server: RunningServer
let browser: Browser
let ctx: BrowserContext
let page: Page
let token = ''
const pageErrors: string[] = []
const call = (method: string, input: unknown, as = token) => apiCall(server.url, method, input, as)

skipOnPostgres('restores a SQLite backup file').describe('backup page: back up now, preview, restore naming the date, everyone signs in again', () => {
  beforeAll(async () => {
    server = await startE2eServer()
    const setup = await api(server.url, 'auth.setup', { companyName: '苏州客单演示有限公司', username: ADMIN.username, password: ADMIN.password, displayName: ADMIN.displayName })
    token = setup.body.data.token
    await call('customer.create', { name: '杭州一号贸易有限公司' })
    await call('customer.create', { name: '南京二号科技有限公司' })
    browser = await launchBrowser()
    ;({ ctx, page } = await newWorkstation(browser, pageErrors))
  }, 180_000)

  afterAll(async () => {
    await ctx?.close()
    await browser?.close()
    await server?.stop()
    if (server) fs.rmSync(server.dataDir, { recursive: true, force: true })
  })

  it('backs up, previews and restores', async () => {
    await login(page, server.url, ADMIN)
    await page.getByTestId('nav-backup').click()
    await page.waitForURL(/#\/settings\/backup/)
    await expect.poll(() => page.getByTestId('backup-empty').isVisible(), { timeout: 15_000 }).toBe(true)

    await page.getByTestId('backup-create').click()
    await expect.poll(() => page.getByTestId('backup-row').count(), { timeout: 30_000 }).toBe(1)
    expect(await page.getByTestId('backup-row').first().textContent()).toContain('客户 2 · 订单 0')
    await screenshot(page, 'backup-list')

    // a change after the backup, which the restore takes back
    await call('customer.create', { name: '备份之后的客户' })
    const [b] = (await call('backup.list', {})).items
    await page.getByTestId('backup-restore').first().click()
    const dialog = page.getByRole('dialog')
    await expect.poll(() => dialog.getByTestId('backup-preview-date').isVisible(), { timeout: 15_000 }).toBe(true)
    const date = ((await dialog.getByTestId('backup-preview-date').textContent()) ?? '').trim()
    expect(date).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/)
    const customersRow = dialog.getByRole('row', { name: /^客户/ })
    expect((await customersRow.textContent())?.replace(/\s+/g, '')).toBe('客户23')
    const confirm = dialog.getByTestId('backup-restore-confirm')
    expect(await confirm.textContent()).toBe(`恢复到 ${date} 的备份`)
    await screenshot(page, 'backup-preview')

    await confirm.click()
    await page.waitForURL(/#\/login/, { timeout: 60_000 })
    // the old session is gone on the server too
    const me = await api(server.url, 'auth.me', {}, token)
    expect(me.body.ok ? null : me.body.error.code).toBe('UNAUTHENTICATED')

    await signIn(page, ADMIN)
    const relog = await api(server.url, 'auth.login', { username: ADMIN.username, password: ADMIN.password })
    token = relog.body.data.token
    const list = await call('customer.search', {})
    expect(list.items.map((c: { name: string }) => c.name).sort()).toEqual(['南京二号科技有限公司', '杭州一号贸易有限公司'])
    const after = (await call('backup.list', {})).items
    // (the daily backup may have run meanwhile: the host's scheduler is on)
    expect(after.map((x: { label: string }) => x.label).filter((l: string) => l !== 'daily').sort()).toEqual(['before-restore', 'manual'])
    expect(after.find((x: { id: string }) => x.id === b.id).counts.customers).toBe(2)
    expect(pageErrors).toEqual([])
  }, 180_000)
})
