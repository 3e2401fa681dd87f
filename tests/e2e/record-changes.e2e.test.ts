/**
 * Issue 12: a second PC learns that the record it has open was changed elsewhere, before typing into a stale copy.
 * 李四 has the customer's edit form open; 王经理 saves a new remark from another PC (here: the API); 李四's page
 * shows 此记录已被王经理修改 (auditLog.changesSince, polled) and 重新加载 brings the new remark into the form.
 */
import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser } from '../support/browser'
import { apiCall, field, login, newWorkstation, screenshot, startE2eServer } from '../support/e2e'
import { api, type RunningServer } from '../support/server'

const ADMIN = { username: 'admin', password: 'kedan-2026', displayName: '王经理' }
const MANAGER = { username: 'lisi', password: 'lisi-2026', displayName: '李四' }

let server: RunningServer
let browser: Browser
const contexts: BrowserContext[] = []
const pageErrors: string[] = []

describe('an open record learns of a change made on another PC', () => {
  let token = ''
  let customerId = 0
  beforeAll(async () => {
    server = await startE2eServer()
    browser = await launchBrowser()
    const setup = await api(server.url, 'auth.setup', { companyName: '北京客单演示有限公司', username: ADMIN.username, password: ADMIN.password, displayName: ADMIN.displayName })
    token = setup.body.data.token
    await apiCall(server.url, 'user.create', { username: MANAGER.username, password: MANAGER.password, displayName: MANAGER.displayName, role: 'manager' }, token)
    customerId = (await apiCall(server.url, 'customer.create', { name: '苏州平江路丝绸有限公司', remark: '春季备货' }, token)).id
  })
  afterAll(async () => {
    for (const c of contexts) await c.close()
    await browser?.close()
    await server?.stop()
  })

  it('shows 此记录已被王经理修改 with 重新加载, which loads the new remark', async () => {
    const { ctx, page } = await newWorkstation(browser, pageErrors)
    contexts.push(ctx)
    await login(page, server.url, MANAGER)
    await page.goto(`${server.url}/#/customers/${customerId}/edit`)
    await field(page, '备注').waitFor()
    expect(await field(page, '备注').inputValue()).toBe('春季备货')
    // let the page take its baseline, then the other PC saves
    await page.waitForResponse((r) => r.url().endsWith('/api/auditLog.changesSince'))
    await apiCall(server.url, 'customer.update', { id: customerId, version: 1, remark: '改为秋季备货' }, token)

    const alert = page.getByTestId('stale-record-alert')
    await alert.waitFor({ timeout: 20_000 })
    expect(await alert.innerText()).toContain('此记录已被王经理修改')
    await screenshot(page, 'record-changed-elsewhere')
    await page.getByTestId('stale-record-reload').click()
    await alert.waitFor({ state: 'detached' })
    expect(await field(page, '备注').inputValue()).toBe('改为秋季备货')
    expect(pageErrors).toEqual([])
  })
})
