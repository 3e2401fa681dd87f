/**
 * The screens follow DOMAIN.md's role table (the core is the judge; the screens only stop offering what the
 * core would refuse): the owner sees no 新建客户 and no 编辑 / 跟进 on a customer; a salesperson's customer form
 * has the credit limit, payment terms and owner fields locked; finance may open the form (for the credit fields)
 * but creates no customers. Screenshot: test-results/e2e/roles-sales-form.png.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser } from '../support/browser'
import { api, type RunningServer } from '../support/server'
import { apiCall, login, newWorkstation, screenshot, startE2eServer } from '../support/e2e'

const ADMIN = { username: 'admin', password: 'kedan-2026', displayName: '王总' }
const SALES = { username: 'zhangsan', password: 'zhangsan-2026', displayName: '张三' }
const OWNER = { username: 'laoban', password: 'laoban-2026', displayName: '老板' }
const FINANCE = { username: 'kuaiji', password: 'kuaiji-2026', displayName: '吴会计' }

let server: RunningServer
let browser: Browser
let ctx: BrowserContext
let page: Page
let customerId = 0
const pageErrors: string[] = []
/** the machine may be busy: wait up to 15 s for the screen */
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000 })

beforeAll(async () => {
  server = await startE2eServer()
  const setup = await api(server.url, 'auth.setup', { companyName: '角色测试贸易有限公司', ...ADMIN })
  const admin = setup.body.data.token as string
  const sales = await apiCall(server.url, 'user.create', { ...SALES, role: 'sales' }, admin)
  await apiCall(server.url, 'user.create', { ...OWNER, role: 'owner' }, admin)
  await apiCall(server.url, 'user.create', { ...FINANCE, role: 'finance' }, admin)
  customerId = (await apiCall(server.url, 'customer.create', { name: '成都锦江茶具有限公司', ownerId: sales.id, creditLimitFen: 500_000, paymentTermDays: 30 }, admin)).id
  browser = await launchBrowser()
  ;({ ctx, page } = await newWorkstation(browser, pageErrors))
})

afterAll(async () => {
  await ctx?.close()
  await browser?.close()
  await server?.stop()
})

async function signOut() {
  await page.getByTestId('user-menu').click()
  await page.getByTestId('logout').click()
  await page.waitForURL(/#\/login/)
}

describe('screens by role', () => {
  it('the owner reads customers but is offered no 新建 / 编辑 / 跟进', async () => {
    await login(page, server.url, OWNER)
    await page.goto(`${server.url}/#/customers`)
    await poll(() => page.getByTestId('customer-table').textContent()).toContain('成都锦江茶具有限公司')
    expect(await page.getByTestId('customer-new').count()).toBe(0)
    await page.goto(`${server.url}/#/customers/${customerId}`)
    await poll(() => page.getByText('成都锦江茶具有限公司').count()).toBeGreaterThan(0)
    expect(await page.getByTestId('customer-edit').count()).toBe(0)
    expect(await page.getByTestId('customer-follow-up').count()).toBe(0)
    await signOut()
  })

  it('a salesperson edits own customer but the credit limit, payment terms and owner are locked', async () => {
    await login(page, server.url, SALES)
    await page.goto(`${server.url}/#/customers/${customerId}/edit`)
    await poll(() => page.getByTestId('credit-limit').count()).toBe(1)
    expect(await page.getByTestId('credit-limit').isDisabled()).toBe(true)
    expect(await page.getByTestId('payment-terms').isDisabled()).toBe(true)
    expect(await page.getByTestId('owner-select').isDisabled()).toBe(true)
    expect(await page.getByTestId('remark').isDisabled()).toBe(false)
    await screenshot(page, 'roles-sales-form')
    await signOut()
  })

  it('finance may open the form for the credit fields but creates no customers', async () => {
    await login(page, server.url, FINANCE)
    await page.goto(`${server.url}/#/customers`)
    await poll(() => page.getByTestId('customer-table').textContent()).toContain('成都锦江茶具有限公司')
    expect(await page.getByTestId('customer-new').count()).toBe(0)
    await page.goto(`${server.url}/#/customers/${customerId}/edit`)
    await poll(() => page.getByTestId('credit-limit').count()).toBe(1)
    expect(await page.getByTestId('credit-limit').isDisabled()).toBe(false)
    expect(await page.getByTestId('payment-terms').isDisabled()).toBe(false)
    expect(pageErrors).toEqual([])
  })
})
