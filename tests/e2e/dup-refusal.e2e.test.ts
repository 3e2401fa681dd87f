/**
 * 防撞单 (issue 14), in Chromium against the real headless host: a salesperson typing another salesperson's
 * company (华兴科技（北京）有限公司 for 北京华兴科技有限公司) is refused on save — the dialog names only the owner
 * and offers no 仍然创建; a manager may create it after giving a reason. Screenshots test-results/e2e/dup-*.png.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser } from '../support/browser'
import { apiCall, field, login, newWorkstation, screenshot, startE2eServer } from '../support/e2e'
import { api, type RunningServer } from '../support/server'

const ADMIN = { username: 'admin', password: 'kedan-2026', displayName: '王总' }
const OWNER = { username: 'zhangyw', password: 'zhang-2026', displayName: '张业务' }
const OTHER = { username: 'liyw', password: 'liyw-2026', displayName: '李业务' }
const MANAGER = { username: 'zhoujl', password: 'zhou-2026', displayName: '周经理' }
const VARIANT = '华兴科技（北京）有限公司'

let server: RunningServer
let browser: Browser
const contexts: BrowserContext[] = []
const pageErrors: string[] = []
let adminToken = ''

async function workstation(user: { username: string; password: string }): Promise<Page> {
  const { ctx, page } = await newWorkstation(browser, pageErrors)
  contexts.push(ctx)
  await login(page, server.url, user)
  return page
}

describe('防撞单 on the customer form', () => {
  beforeAll(async () => {
    server = await startE2eServer()
    browser = await launchBrowser()
    const setup = await api(server.url, 'auth.setup', { companyName: '北京客单演示有限公司', ...ADMIN })
    adminToken = setup.body.data.token as string
    for (const [u, role] of [[OWNER, 'sales'], [OTHER, 'sales'], [MANAGER, 'manager']] as const) await apiCall(server.url, 'user.create', { ...u, role }, adminToken)
    const ownerToken = (await api(server.url, 'auth.login', { username: OWNER.username, password: OWNER.password })).body.data.token as string
    await apiCall(server.url, 'customer.create', { name: '北京华兴科技有限公司' }, ownerToken)
  })

  afterAll(async () => {
    for (const c of contexts) await c.close()
    await browser?.close()
    await server?.stop()
  })

  it('refuses a salesperson another salesperson\'s company, naming only the owner, without 仍然创建', async () => {
    const p = await workstation(OTHER)
    await p.goto(`${server.url}/#/customers/new`)
    await field(p, '客户名称').fill(VARIANT)
    await p.getByTestId('customer-save').click()
    const refused = p.getByTestId('dup-refused')
    await refused.waitFor()
    expect(await refused.textContent()).toContain('张业务')
    expect(await p.getByTestId('dup-modal').textContent()).not.toContain('北京华兴科技有限公司')
    expect(await p.getByTestId('dup-proceed').count()).toBe(0)
    await screenshot(p, 'dup-01-refused')
  })

  it('lets a manager create it after giving a reason', async () => {
    const p = await workstation(MANAGER)
    await p.goto(`${server.url}/#/customers/new`)
    await field(p, '客户名称').fill(VARIANT)
    await p.getByTestId('customer-save').click()
    const reason = p.getByTestId('dup-reason')
    await reason.waitFor()
    expect(await p.getByTestId('dup-proceed').isDisabled()).toBe(true)
    await reason.fill('客户确认是另一家同名公司')
    await screenshot(p, 'dup-02-reason')
    await p.getByTestId('dup-proceed').click()
    await p.waitForURL(/#\/customers\/\d+$/)
    const list = await apiCall(server.url, 'customer.search', { query: '华兴' }, adminToken)
    expect(list.total).toBe(2)
    expect(pageErrors).toEqual([])
  })
})
