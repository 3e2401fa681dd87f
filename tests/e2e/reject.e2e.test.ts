/**
 * 驳回 (issue 14), in Chromium against the real headless host: a salesperson's order waits for approval → the
 * manager sends it back from the approval queue with a reason → the order is a draft again → the salesperson
 * opens it and reads the reason on the order page. Screenshots go to test-results/e2e/reject-*.png.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser } from '../support/browser'
import { apiCall, login, newWorkstation, screenshot, startE2eServer } from '../support/e2e'
import { api, type RunningServer } from '../support/server'

const ADMIN = { username: 'admin', password: 'kedan-2026', displayName: '王总' }
const MANAGER = { username: 'zhoujl', password: 'zhou-2026', displayName: '周经理' }
const SALES = { username: 'wuyw', password: 'wuyw-2026', displayName: '吴业务' }
const REASON = '单价低于最低售价，请重新报价'

let server: RunningServer
let browser: Browser
const contexts: BrowserContext[] = []
const pageErrors: string[] = []
let order = { id: 0, number: '' }

async function workstation(user: { username: string; password: string }): Promise<Page> {
  const { ctx, page } = await newWorkstation(browser, pageErrors)
  contexts.push(ctx)
  await login(page, server.url, user)
  return page
}

describe('驳回: the approver sends an order back with a reason', () => {
  beforeAll(async () => {
    server = await startE2eServer()
    browser = await launchBrowser()
    const setup = await api(server.url, 'auth.setup', { companyName: '北京客单演示有限公司', ...ADMIN })
    expect(setup.body.ok).toBe(true)
    const admin = setup.body.data.token as string
    const mgr = await apiCall(server.url, 'user.create', { ...MANAGER, role: 'manager' }, admin)
    await apiCall(server.url, 'user.create', { ...SALES, role: 'sales', managerId: mgr.id }, admin)
    const p = await apiCall(server.url, 'product.create', { code: 'FJ-01', name: '工业风机', unit: '台', salePrice: '1130', initialStock: '10' }, admin)
    const salesToken = (await api(server.url, 'auth.login', { username: SALES.username, password: SALES.password })).body.data.token as string
    const c = await apiCall(server.url, 'customer.create', { name: '绍兴越州纺织有限公司' }, salesToken)
    const o = await apiCall(server.url, 'order.create', { customerId: c.id, lines: [{ productId: p.id, quantity: '2', unitPrice: '900' }] }, salesToken)
    await apiCall(server.url, 'order.submit', { id: o.id }, salesToken)
    order = { id: o.id, number: o.number }
  })

  afterAll(async () => {
    for (const c of contexts) await c.close()
    await browser?.close()
    await server?.stop()
  })

  it('驳回 from the approval queue asks the reason; the salesperson sees it on the draft order', async () => {
    const m = await workstation(MANAGER)
    await m.getByTestId('nav-approval').click()
    await m.waitForURL(/#\/orders\/approval/)
    await m.locator(`[data-testid="approval-row"][data-number="${order.number}"]`).click()
    const panel = m.locator(`[data-testid="approval-panel"][data-number="${order.number}"]`)
    await panel.getByTestId('approval-reject').click()
    const input = m.getByTestId('reason-input')
    await input.waitFor()
    // no reason, no 驳回
    await m.getByTestId('reason-ok').click()
    await expect.poll(() => m.getByText('请填写驳回原因').count()).toBeGreaterThan(0)
    await input.fill(REASON)
    await screenshot(m, 'reject-01-dialog')
    await m.getByTestId('reason-ok').click()
    await expect.poll(() => m.locator(`[data-testid="approval-row"][data-number="${order.number}"]`).count()).toBe(0)

    const s = await workstation(SALES)
    await s.goto(`${server.url}/#/orders/${order.id}`)
    const note = s.getByTestId('order-rejected')
    await note.waitFor()
    expect(await note.textContent()).toContain(REASON)
    expect(await s.getByTestId('order-action-submit').count()).toBe(1)
    expect(await s.locator('body').textContent()).toContain(`驳回：${REASON}`)
    await screenshot(s, 'reject-02-order-page')
    expect(pageErrors).toEqual([])
  })
})
