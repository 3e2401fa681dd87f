/**
 * Sales orders end to end, in Chromium against the real headless host:
 * setup through the API (admin, a sales manager, a salesperson, a customer with a credit limit, three products
 * with stock, an earlier order so the customer has a last price) → the salesperson enters an order with three
 * lines using ONLY the keyboard (customer by pinyin, products by code / pinyin / name, Enter through the cells),
 * checks the running total and 人民币大写 → Ctrl+Enter saves and submits → the manager approves it from the
 * approval queue after seeing the credit position → it is in the 已审核 tab. A second order over the credit
 * limit needs the 特批 dialog with a reason.
 * Screenshots go to test-results/e2e/order-*.png.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser } from '../support/browser'
import { apiCall, login as loginAt, newWorkstation, screenshot, startE2eServer } from '../support/e2e'
import { api, type RunningServer } from '../support/server'

const ADMIN = { username: 'admin', password: 'kedan-2026', displayName: '王总' }
const MANAGER = { username: 'lisi', password: 'lisi-2026', displayName: '李四' }
const SALES = { username: 'zhangsan', password: 'zhangsan-2026', displayName: '张三' }
const CUSTOMER = '北京华星科技有限公司'

let server: RunningServer
let browser: Browser
let ctx: BrowserContext
let page: Page
let adminToken = ''
let customerId = 0
let orderId = 0
let orderNumber = ''
const pageErrors: string[] = []

const shot = (name: string) => screenshot(page, `order-${name}`)

const call = (method: string, input: unknown, token = adminToken) => apiCall(server.url, method, input, token)

const login = (user: { username: string; password: string }) => loginAt(page, server.url, user)

async function logout() {
  await page.getByTestId('user-menu').click()
  await page.getByTestId('logout').click()
  await page.waitForURL(/#\/login/)
}

/** The element that has the keyboard focus, described by its grid coordinates or test id. */
const focused = () =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null
    if (!el) return ''
    const row = el.getAttribute('data-row')
    const col = el.getAttribute('data-col')
    if (row !== null && col) return `${row}:${col}`
    return el.getAttribute('data-testid') ?? el.tagName
  })

/** expect.poll with a patience that fits a browser on a busy two-core machine */
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 10_000, interval: 50 })

/** A success notification with this text (notifications queue when several come at once). */
const notified = (text: string) => page.getByTestId('notify-success').filter({ hasText: text }).first().waitFor()

/** Closes the notifications on screen (they queue up over a session and would cover the screenshot). */
async function clearNotes() {
  for (let i = 0; i < 10 && (await page.getByTestId('notify-success').count()) > 0; i++) {
    await page.getByTestId('notify-success').first().locator('button').click().catch(() => undefined)
    await page.waitForTimeout(250)
  }
}

const value = (row: number, col: string) => page.locator(`[data-row="${row}"][data-col="${col}"]`).inputValue()

describe('sales order: keyboard entry, submit, approval', () => {
  beforeAll(async () => {
    server = await startE2eServer()

    const setup = await api(server.url, 'auth.setup', { companyName: '北京客单演示有限公司', username: ADMIN.username, password: ADMIN.password, displayName: ADMIN.displayName })
    adminToken = setup.body.data.token
    const manager = await call('user.create', { ...MANAGER, role: 'manager' })
    const sales = await call('user.create', { ...SALES, role: 'sales', managerId: manager.id })
    const customer = await call('customer.create', {
      name: CUSTOMER,
      shortName: '华星科技',
      ownerId: sales.id,
      stage: 'customer',
      creditLimitFen: 5_000_000,
      paymentTermDays: 30,
      phone: '010-62345678',
      contacts: [{ name: '赵敏', title: '采购经理', mobile: '13800138000', isPrimary: true }],
      addresses: [{ receiver: '赵敏', phone: '13800138000', address: '北京市海淀区中关村大街 27 号 3 层', isDefault: true }],
    })
    customerId = customer.id
    const bolt = await call('product.create', { code: 'LS-M8', name: '不锈钢六角螺栓', spec: 'M8×30 304', unit: '盒', category: '紧固件', salePrice: '12.50', taxRate: 13, initialStock: '500', lowStockThreshold: '50' })
    await call('product.create', { code: 'ZC-6204', name: '深沟球轴承', spec: '6204-2RS', unit: '个', category: '轴承', salePrice: '18.80', taxRate: 13, initialStock: '300' })
    await call('product.create', { code: 'YY-46', name: '抗磨液压油', spec: '46号 18L', unit: '桶', category: '油品', salePrice: '386.00', taxRate: 13, initialStock: '40' })
    // the customer bought the bolts before at 11.80: that price comes back when entering the next order
    await call('order.create', { customerId, orderDate: '2026-10-12', lines: [{ productId: bolt.id, quantity: '20', unitPrice: '11.80', taxRate: 13 }] })
    // a second customer with a small credit limit and a pending order for the 特批 path
    const small = await call('customer.create', { name: '天津宏达机电设备有限公司', ownerId: sales.id, creditLimitFen: 100_000, stage: 'customer' })
    const big = await call('order.create', { customerId: small.id, lines: [{ productId: bolt.id, quantity: '100', unitPrice: '12.50', taxRate: 13 }] })
    await call('order.submit', { id: big.id, version: big.version })

    browser = await launchBrowser()
    ;({ ctx, page } = await newWorkstation(browser, pageErrors))
  })

  afterAll(async () => {
    await ctx?.close()
    await browser?.close()
    await server?.stop()
  })

  it('the salesperson enters an order with three lines using only the keyboard', async () => {
    await login(SALES)
    await page.getByTestId('nav-order-new').click()
    await page.waitForURL(/#\/orders\/new/)
    // the customer box has the focus: pinyin initials, Enter at once (the pick waits for the answer)
    await poll(focused).toBe('customer-picker')
    await page.keyboard.type('bjhx')
    await page.keyboard.press('Enter')
    await poll(focused).toBe('0:product')
    await poll(() => page.getByTestId('customer-picker').inputValue()).toBe(CUSTOMER)
    await poll(() => page.getByTestId('customer-facts').textContent()).toContain('¥50,000.00')

    // line 1: the exact code; the customer's last price 11.80 replaces the list price 12.50
    await page.keyboard.type('LS-M8')
    await page.keyboard.press('Enter')
    await poll(focused).toBe('0:quantity')
    await page.keyboard.type('10')
    await page.keyboard.press('Enter')
    await poll(focused).toBe('0:unitPrice')
    await poll(() => value(0, 'unitPrice')).toBe('11.80')
    await poll(() => page.getByTestId('last-price').textContent()).toContain('11.80')
    await page.keyboard.press('Enter') // price kept
    await poll(focused).toBe('0:taxRate')
    await page.keyboard.press('Enter') // 13 %
    await poll(focused).toBe('0:discountPct')
    await page.keyboard.press('Enter')
    await poll(focused).toBe('0:remark')
    await page.keyboard.press('Enter') // the last cell: on to a new line
    await poll(focused).toBe('1:product')

    // line 2: pinyin initials of 深沟球轴承, the list shows, ↓/Enter picks; own price and 5 % discount
    await page.keyboard.type('sgqzc')
    await page.getByTestId('picker-option').first().waitFor()
    expect(await page.getByTestId('picker-option').first().textContent()).toContain('深沟球轴承')
    await shot('01-product-picker')
    await page.keyboard.press('Enter')
    await poll(focused).toBe('1:quantity')
    await page.keyboard.type('20')
    await page.keyboard.press('Enter')
    await poll(() => page.getByTestId('last-price-none').count()).toBe(1) // never bought: first time
    await page.keyboard.type('18.5')
    await page.keyboard.press('Enter')
    await page.keyboard.press('Enter')
    await poll(focused).toBe('1:discountPct')
    await page.keyboard.type('5')
    await page.keyboard.press('Enter')
    await page.keyboard.type('加急，周五前送到')
    await page.keyboard.press('Enter')
    await poll(focused).toBe('2:product')

    // line 3: part of the Chinese name
    await page.keyboard.type('液压油')
    await page.keyboard.press('Enter')
    await poll(focused).toBe('2:quantity')
    await page.keyboard.type('2')
    // quantity → price → tax rate → discount → remark → the next line
    for (let i = 0; i < 5; i++) await page.keyboard.press('Enter')
    await poll(focused).toBe('3:product')

    // running totals: 10 × 11.80 + 20 × 18.50 × 95 % + 2 × 386.00 = 1,241.50, tax 13.58 + 40.44 + 88.81
    expect(await value(0, 'product')).toContain('LS-M8')
    expect(await value(1, 'product')).toContain('ZC-6204')
    expect(await value(2, 'product')).toContain('YY-46')
    const amounts = await page.getByTestId('line-amount').allTextContents()
    expect(amounts.slice(0, 3)).toEqual(['118.00', '351.50', '772.00'])
    await poll(() => page.getByTestId('total-amount').textContent()).toBe('¥1,241.50')
    expect(await page.getByTestId('total-tax').textContent()).toBe('¥142.83')
    expect(await page.getByTestId('total-words').textContent()).toBe('壹仟贰佰肆拾壹元伍角')
    await page.mouse.move(0, 0)
    await shot('02-entry-three-lines')

    // Ctrl+Enter: save and submit for approval; the order page shows 待审核
    await page.keyboard.press('Control+Enter')
    await page.waitForURL(/#\/orders\/\d+$/)
    orderId = Number(/#\/orders\/(\d+)$/.exec(page.url())![1])
    await poll(() => page.getByTestId('order-status').textContent()).toBe('待审核')
    orderNumber = (await page.getByTestId('page-title').textContent())!.trim()
    expect(orderNumber).toMatch(/^SO\d{8}-\d{4}$/)
    expect(await page.getByTestId('line-row').count()).toBe(3)
    expect(await page.getByTestId('total-words').textContent()).toBe('壹仟贰佰肆拾壹元伍角')
    await poll(() => page.getByTestId('history-entry').count()).toBe(2)
    await shot('03-order-pending')

    const saved = await call('order.get', { id: orderId })
    expect(saved.status).toBe('pending')
    expect(saved.totalFen).toBe(124150)
    expect(saved.taxFen).toBe(14283)
    expect(saved.lines.map((l: { productCode: string; quantity: string; unitPrice: string; discountPct: string }) => [l.productCode, l.quantity, l.unitPrice, l.discountPct])).toEqual([
      ['LS-M8', '10', '11.8000', '0'],
      ['ZC-6204', '20', '18.5000', '5'],
      ['YY-46', '2', '386.0000', '0'],
    ])
    expect(saved.lines[1].remark).toBe('加急，周五前送到')
    expect(saved.contact?.name).toBe('赵敏')
    expect(saved.address?.address).toContain('中关村')
    expect(saved.salespersonName).toBe(SALES.displayName)
  })

  it('a fast typist loses nothing: keys typed before the server answers land in the next cells', async () => {
    await page.getByTestId('nav-order-new').click()
    await page.waitForURL(/#\/orders\/new/)
    await poll(focused).toBe('customer-picker')
    // one burst, no waiting: customer, Enter, product code, Enter, quantity, Enter ×5 to the next line, …
    await page.keyboard.type('bjhx\nLS-M8\n5\n\n\n\n\nZC-6204\n3\n')
    await poll(focused).toBe('1:unitPrice')
    expect(await page.getByTestId('customer-picker').inputValue()).toBe(CUSTOMER)
    expect(await value(0, 'product')).toContain('LS-M8')
    expect(await value(0, 'quantity')).toBe('5')
    expect(await value(1, 'product')).toContain('ZC-6204')
    expect(await value(1, 'quantity')).toBe('3')
    // leave it as a draft for the next steps to ignore
    await page.keyboard.press('Control+s')
    await page.waitForURL(/#\/orders\/\d+\/edit$/)
  })

  it('the manager sees the credit position in the approval queue and approves', async () => {
    await logout()
    await login(MANAGER)
    await page.getByTestId('nav-approval').click()
    await page.waitForURL(/#\/orders\/approval/)
    const row = page.locator(`[data-testid="approval-row"][data-number="${orderNumber}"]`)
    await row.waitFor()
    await row.click()
    const panel = page.locator(`[data-testid="approval-panel"][data-number="${orderNumber}"]`)
    await panel.getByTestId('credit-position').waitFor()
    expect(await panel.getByTestId('credit-limit').textContent()).toContain('¥50,000.00')
    expect(await panel.getByTestId('credit-order').textContent()).toContain('¥1,241.50')
    expect(await panel.getByTestId('credit-after').textContent()).toContain('¥48,758.50')
    await panel.getByTestId('credit-ok').waitFor()
    await clearNotes()
    await shot('04-approval-queue')
    await panel.getByTestId('approval-approve').click()
    await notified(`${orderNumber} 已审核通过`)
    await poll(() => row.count()).toBe(0)

    await page.getByTestId('nav-orders').click()
    await page.waitForURL(/#\/orders$/)
    await page.getByTestId('order-tab-approved').click()
    await page.waitForURL(/status=approved/)
    const approved = page.locator(`[data-testid="order-row"][data-number="${orderNumber}"]`)
    await approved.waitFor()
    expect(await approved.getAttribute('data-status')).toBe('approved')
    expect(await approved.textContent()).toContain('已审核')
    expect(await approved.textContent()).toContain(CUSTOMER)
    await shot('05-approved-tab')
    // the pending tab no longer lists it
    await page.getByTestId('order-tab-pending').click()
    await page.waitForURL(/status=pending/)
    const statuses = () => page.locator('[data-testid="order-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')))
    await poll(statuses).toEqual(['pending'])
    expect(await page.locator(`[data-testid="order-row"][data-number="${orderNumber}"]`).count()).toBe(0)
  })

  it('an order over the credit limit needs the 特批 dialog with a reason', async () => {
    await page.getByTestId('nav-approval').click()
    await page.waitForURL(/#\/orders\/approval/)
    const row = page.getByTestId('approval-row').first()
    await row.waitFor()
    expect(await row.textContent()).toContain('天津宏达')
    await row.click()
    const panel = page.getByTestId('approval-panel')
    await panel.getByTestId('credit-exceeds').waitFor()
    expect(await panel.getByTestId('credit-exceeds').textContent()).toContain('¥250.00')
    await panel.getByTestId('approval-override').click()
    const ok = page.getByTestId('reason-ok')
    await ok.waitFor()
    await ok.click() // no reason: refused in the dialog
    await page.getByText('请填写特批原因').waitFor()
    await page.getByTestId('reason-input').fill('老客户，月底前回款，经理特批')
    await shot('06-override-dialog')
    await ok.click()
    await notified('已特批审核')
    await page.getByTestId('empty-state').waitFor()
    const list = await call('order.search', { status: 'approved' })
    const overridden = list.items.find((o: { customerName: string }) => o.customerName.startsWith('天津宏达'))
    expect(overridden.creditOverride).toBe(true)
    expect(overridden.overrideReason).toBe('老客户，月底前回款，经理特批')
  })

  it('a sent quote is revised on the same grid, the earlier revision stays readable, and it becomes an order', async () => {
    const products = (await call('product.search', { query: 'LS-M8' })).items
    const bearing = (await call('product.search', { query: 'ZC-6204' })).items[0]
    const q1 = await call('quote.create', {
      customerId,
      validUntil: '2030-12-31',
      terms: '报价含税含运费；交货期 7 个工作日',
      lines: [
        { productId: products[0].id, quantity: '100', unitPrice: '12.00', taxRate: 13 },
        { productId: bearing.id, quantity: '50', unitPrice: '18.80', taxRate: 13 },
      ],
    })
    const sent = await call('quote.markSent', { id: q1.id, version: q1.version })

    await page.getByTestId('nav-quotes').click()
    await page.waitForURL(/#\/quotes$/)
    await page.locator(`[data-testid="quote-row"][data-number="${q1.number}"]`).click()
    await page.waitForURL(new RegExp(`#/quotes/${sent.id}$`))
    await poll(() => page.getByTestId('quote-status').textContent()).toBe('已发送')
    await page.getByTestId('quote-revise').click()
    await page.waitForURL(/#\/quotes\/\d+\/edit$/)
    const r2 = Number(/#\/quotes\/(\d+)\/edit$/.exec(page.url())![1])
    // the revision opens in the same grid: change the first quantity by keyboard and save with Ctrl+S
    await page.locator('[data-row="0"][data-col="quantity"]').focus()
    await page.keyboard.type('150')
    await page.keyboard.press('Enter')
    await poll(() => page.getByTestId('total-amount').textContent()).toBe('¥2,740.00')
    await page.keyboard.press('Control+s')
    await page.waitForURL(new RegExp(`#/quotes/${r2}$`))
    await poll(() => page.getByTestId('page-title').textContent()).toBe(`${q1.number}-R2`)
    await poll(() => page.getByTestId('total-words').textContent()).toBe('贰仟柒佰肆拾元整')
    await poll(() => page.getByTestId('quote-revision').count()).toBe(2)
    // the terms travel with the revision and survive the save
    expect(await page.locator('main').textContent()).toContain('交货期 7 个工作日')
    await page.getByTestId('quote-mark-sent').click()
    await poll(() => page.getByTestId('quote-status').textContent()).toBe('已发送')
    await shot('07-quote-revision')

    // the first revision is read-only and points to the latest
    await page.getByTestId('quote-revisions').getByRole('link', { name: q1.number, exact: true }).click()
    await page.waitForURL(new RegExp(`#/quotes/${q1.id}$`))
    await page.getByTestId('quote-readonly').waitFor()
    expect(await page.getByTestId('quote-status').textContent()).toBe('已修订')
    expect(await page.getByTestId('quote-revise').count()).toBe(0)
    await page.getByTestId('quote-readonly').getByRole('link').click()
    await page.waitForURL(new RegExp(`#/quotes/${r2}$`))

    // 转为订单: a draft order with the same lines, opened for editing
    await page.getByTestId('quote-to-order').click()
    await page.getByTestId('confirm-ok').click()
    await page.waitForURL(/#\/orders\/\d+\/edit$/)
    await poll(() => page.getByTestId('customer-picker').inputValue()).toBe(CUSTOMER)
    await poll(() => page.getByTestId('total-amount').textContent()).toBe('¥2,740.00')
    expect(await page.locator('[data-row="0"][data-col="quantity"]').inputValue()).toBe('150')
  })

  it('the pipeline: drag a card to the next stage; 输单 asks for the reason; the customer 360 shows them', async () => {
    await call('opportunity.create', { customerId, title: '2027 年度紧固件框架采购', amountFen: 36_000_000, stage: 'needs', expectedCloseOn: '2030-06-30' })
    await call('opportunity.create', { customerId, title: '产线轴承替换', amountFen: 8_800_000, stage: 'initial' })
    await page.getByTestId('nav-opportunities').click()
    await page.waitForURL(/#\/opportunities/)
    const card = (title: string) => page.locator(`[data-testid="opp-card"][data-title="${title}"]`)
    const column = (stage: string) => page.locator(`[data-testid="pipeline-column"][data-stage="${stage}"]`)
    await card('2027 年度紧固件框架采购').waitFor()
    await page.dragAndDrop('[data-testid="opp-card"][data-title="2027 年度紧固件框架采购"]', '[data-testid="pipeline-column"][data-stage="negotiation"]')
    await poll(() => column('negotiation').locator('[data-testid="opp-card"]').count()).toBe(1)
    await notified('已移到“谈判”')
    expect(await column('negotiation').textContent()).toContain('70%')

    await page.dragAndDrop('[data-testid="opp-card"][data-title="产线轴承替换"]', '[data-testid="pipeline-column"][data-stage="lost"]')
    await page.getByTestId('reason-input').waitFor()
    await page.getByTestId('reason-input').fill('客户选择了竞争对手')
    await page.getByTestId('reason-ok').click()
    await poll(() => column('lost').textContent()).toContain('客户选择了竞争对手')
    await poll(() => column('initial').locator('[data-testid="opp-card"]').count()).toBe(0)
    await page.mouse.move(0, 0)
    await shot('08-pipeline')

    await page.goto(`${server.url}/#/customers/${customerId}?tab=opportunities`)
    await poll(() => page.getByTestId('customer-opp-row').count()).toBe(2)
    expect(await page.getByTestId('customer-opportunities').textContent()).toContain('谈判')
  })

  it('no script errors on the way', () => {
    expect(pageErrors).toEqual([])
  })
})
