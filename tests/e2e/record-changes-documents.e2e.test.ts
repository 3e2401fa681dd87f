/**
 * Issue 12: open documents learn of others' changes too (not only the customer form), in two browser contexts —
 * two PCs on the same host. 李四 has the order open (entry screen, then the order page); 王经理 changes it from the
 * other PC through the UI; 李四 sees 此记录已被王经理修改 before typing into a stale copy, and 重新加载 brings the
 * change in. A list refreshes when its window gets the focus back, however fresh it was.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser } from '../support/browser'
import { apiCall, login, newWorkstation, screenshot, startE2eServer } from '../support/e2e'
import { api, type RunningServer } from '../support/server'

const WANG = { username: 'admin', password: 'kedan-2026', displayName: '王经理' }
const LI = { username: 'lisi', password: 'lisi-2026', displayName: '李四' }

let server: RunningServer
let browser: Browser
const contexts: BrowserContext[] = []
const pageErrors: string[] = []

async function workstation(user: { username: string; password: string }): Promise<Page> {
  const { ctx, page } = await newWorkstation(browser, pageErrors)
  contexts.push(ctx)
  await login(page, server.url, user)
  return page
}

/** the page has taken its baseline (its first changesSince answer) */
const baseline = (page: Page) => page.waitForResponse((r) => r.url().endsWith('/api/auditLog.changesSince'))

describe('open documents learn of changes made on another PC', () => {
  let token = ''
  let customerId = 0
  let productId = 0
  let order = { id: 0, number: '' }
  let li: Page
  let wang: Page

  beforeAll(async () => {
    server = await startE2eServer()
    browser = await launchBrowser()
    const setup = await api(server.url, 'auth.setup', { companyName: '北京客单演示有限公司', ...WANG })
    token = setup.body.data.token
    await apiCall(server.url, 'user.create', { ...LI, role: 'admin' }, token)
    customerId = (await apiCall(server.url, 'customer.create', { name: '杭州西溪五金有限公司' }, token)).id
    productId = (await apiCall(server.url, 'product.create', { code: 'LS-M8', name: '六角螺栓', spec: 'M8×30', unit: '盒', salePrice: '25.00', taxRate: 13, initialStock: '100' }, token)).id
    order = await apiCall(server.url, 'order.create', { customerId, remark: '月底前送货', lines: [{ productId, quantity: '4', unitPrice: '25', taxRate: 13 }] }, token)
    li = await workstation(LI)
    wang = await workstation(WANG)
  })
  afterAll(async () => {
    for (const c of contexts) await c.close()
    await browser?.close()
    await server?.stop()
  })

  it('the order entry screen: 王经理 saves a new remark elsewhere, 李四 is told and reloads it', async () => {
    const seen = baseline(li)
    await li.goto(`${server.url}/#/orders/${order.id}/edit`)
    await li.getByTestId('order-entry').waitFor()
    expect(await li.getByTestId('order-remark').inputValue()).toBe('月底前送货')
    await seen

    await wang.goto(`${server.url}/#/orders/${order.id}/edit`)
    await expect.poll(() => wang.getByTestId('order-remark').inputValue()).toBe('月底前送货')
    await wang.getByTestId('order-remark').fill('周五前送到，先电话联系')
    await wang.getByTestId('order-save').click()
    await wang.getByTestId('notify-success').first().waitFor()

    const alert = li.getByTestId('stale-record-alert')
    await alert.waitFor({ timeout: 20_000 })
    expect(await alert.innerText()).toContain('此记录已被王经理修改')
    await screenshot(li, 'record-changes-order-entry')
    await li.getByTestId('stale-record-reload').click()
    await alert.waitFor({ state: 'detached' })
    expect(await li.getByTestId('order-remark').inputValue()).toBe('周五前送到，先电话联系')
    // 李四's save now goes on the latest version: no conflict
    await li.getByTestId('order-remark').fill('周五前送到，先电话联系；走德邦')
    await li.getByTestId('order-save').click()
    await li.getByTestId('notify-success').first().waitFor()
    const saved = await apiCall(server.url, 'order.get', { id: order.id }, token)
    expect(saved.remark).toBe('周五前送到，先电话联系；走德邦')
    expect(saved.version).toBe(3)
  })

  it('the order page: 王经理 submits it for approval elsewhere, 李四 sees 待审批 after 重新加载', async () => {
    const seen = baseline(li)
    await li.goto(`${server.url}/#/orders/${order.id}`)
    await expect.poll(() => li.getByTestId('order-status').first().getAttribute('data-status')).toBe('draft')
    await seen

    await wang.goto(`${server.url}/#/orders/${order.id}`)
    await wang.getByTestId('order-action-submit').click()
    await expect.poll(() => wang.getByTestId('order-status').first().getAttribute('data-status')).toBe('pending')
    // the other PC's own page says nothing about its own change
    expect(await wang.getByTestId('stale-record-alert').count()).toBe(0)

    const alert = li.getByTestId('stale-record-alert')
    await alert.waitFor({ timeout: 20_000 })
    expect(await alert.innerText()).toContain('此记录已被王经理修改')
    expect(await li.getByTestId('order-status').first().getAttribute('data-status')).toBe('draft')
    await screenshot(li, 'record-changes-order-page')
    await li.getByTestId('stale-record-reload').click()
    await alert.waitFor({ state: 'detached' })
    expect(await li.getByTestId('order-status').first().getAttribute('data-status')).toBe('pending')
  })

  it('a print elsewhere is not a change', async () => {
    const before = (await apiCall(server.url, 'auditLog.changesSince', { entity: 'order', entityId: order.id }, token)).latestId
    const seen = baseline(li)
    await li.reload()
    await li.getByTestId('order-status').first().waitFor()
    await seen
    const printed = await api(server.url, 'print.render', { type: 'order', id: order.id }, token)
    expect(printed.body.ok).toBe(true)
    const after = (await apiCall(server.url, 'auditLog.changesSince', { entity: 'order', entityId: order.id }, token)).latestId
    expect(after).toBeGreaterThan(before)
    // two more polls after the print: still no alert
    await li.waitForResponse((r) => r.url().endsWith('/api/auditLog.changesSince'), { timeout: 20_000 })
    await li.waitForResponse((r) => r.url().endsWith('/api/auditLog.changesSince'), { timeout: 20_000 })
    expect(await li.getByTestId('stale-record-alert').count()).toBe(0)
  })

  it('the order list refreshes when its window gets the focus back', async () => {
    await li.goto(`${server.url}/#/orders`)
    await expect.poll(() => li.getByTestId('order-row').count()).toBe(1)
    const second = await apiCall(server.url, 'order.create', { customerId, lines: [{ productId, quantity: '2', unitPrice: '25', taxRate: 13 }] }, token)
    // the list was fetched a moment ago (fresh for 15 s), yet the focus brings the new order in
    const refetched = li.waitForResponse((r) => r.url().endsWith('/api/order.search'))
    await li.evaluate(() => window.dispatchEvent(new Event('focus')))
    await refetched
    await expect.poll(() => li.getByTestId('order-row').count()).toBe(2)
    expect(await li.locator(`[data-testid="order-row"][data-number="${second.number}"]`).count()).toBe(1)
    expect(pageErrors).toEqual([])
  })
})
