/**
 * Delivering and collecting end to end, in Chromium against the real headless host:
 * setup through the API (admin, a customer with 30-day terms and an address, two products with stock, an order
 * created, submitted and approved) → the clerk opens the shipment entry for that order, ships PART of it (changes
 * a quantity, keyboard only, Ctrl+S) → finance records a receipt for the customer; the FIFO suggestion allocates it
 * to the order → the statement for the customer and period shows the shipment, the receipt, the running balance
 * and the right closing balance (also in 人民币大写). Along the way: the tracking board, AR overview and the
 * customer's 应收 tab. Screenshots go to test-results/e2e/delivery-*.png.
 */
import * as fs from 'node:fs'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser } from '../support/browser'
import { apiCall, login, newWorkstation, screenshot, startE2eServer } from '../support/e2e'
import { api, type RunningServer } from '../support/server'

const ADMIN = { username: 'admin', password: 'kedan-2026', displayName: '王总' }
const CUSTOMER = '上海恒通机械制造有限公司'

let server: RunningServer
let browser: Browser
let ctx: BrowserContext
let page: Page
let token = ''
let customerId = 0
let orderId = 0
let orderNumber = ''
let shipmentNumber = ''
let receiptNumber = ''
const pageErrors: string[] = []

const shot = (name: string) => screenshot(page, `delivery-${name}`)

const call = (method: string, input: unknown) => apiCall(server.url, method, input, token)

/** The text of an element by test id, whitespace collapsed. */
const text = async (testId: string) => ((await page.getByTestId(testId).first().textContent()) ?? '').replace(/\s+/g, ' ').trim()

describe('delivery and collection: partial shipment, receipt, statement', () => {
  beforeAll(async () => {
    server = await startE2eServer()

    const setup = await api(server.url, 'auth.setup', { companyName: '苏州客单演示有限公司', username: ADMIN.username, password: ADMIN.password, displayName: ADMIN.displayName })
    token = setup.body.data.token
    const customer = await call('customer.create', {
      name: CUSTOMER,
      shortName: '恒通机械',
      stage: 'customer',
      paymentTermDays: 30,
      creditLimitFen: 10_000_000,
      phone: '021-58881234',
      contacts: [{ name: '陈静', title: '采购主管', mobile: '13916001234', isPrimary: true }],
      addresses: [{ receiver: '陈静', phone: '13916001234', address: '上海市浦东新区张江路 88 号 2 号仓库', isDefault: true }],
    })
    customerId = customer.id
    const bearing = await call('product.create', { code: 'ZC-6205', name: '深沟球轴承', spec: '6205-2RS', unit: '个', salePrice: '100.00', taxRate: 13, initialStock: '200' })
    const belt = await call('product.create', { code: 'PD-A1200', name: '三角皮带', spec: 'A-1200', unit: '条', salePrice: '200.00', taxRate: 13, initialStock: '50' })
    // 10 × ¥100 + 5 × ¥200 = ¥2,000.00 (tax included)
    const order = await call('order.create', {
      customerId,
      lines: [
        { productId: bearing.id, quantity: '10', unitPrice: '100', taxRate: 13 },
        { productId: belt.id, quantity: '5', unitPrice: '200', taxRate: 13 },
      ],
    })
    const submitted = await call('order.submit', { id: order.id, version: order.version })
    const approved = await call('order.approve', { id: order.id, version: submitted.version })
    expect(approved.status).toBe('approved')
    expect(approved.totalFen).toBe(200_000)
    orderId = order.id
    orderNumber = order.number

    browser = await launchBrowser()
    ;({ ctx, page } = await newWorkstation(browser, pageErrors))
    await login(page, server.url, ADMIN)
  })

  afterAll(async () => {
    await ctx?.close()
    await browser?.close()
    await server?.stop()
    if (server) fs.rmSync(server.dataDir, { recursive: true, force: true })
  })

  it('ships part of the approved order from the shipment entry (open quantities pre-filled, one changed, Ctrl+S)', async () => {
    await page.getByTestId('nav-shipments').click()
    await page.waitForURL(/#\/shipments$/)
    await page.getByTestId('shipment-new').click()
    // without an order: the picker of approved orders
    await page.locator(`[data-testid="picker-row"][data-number="${orderNumber}"]`).click()
    await page.waitForURL(new RegExp(`#/shipments/new\\?orderId=${orderId}$`))
    const form = page.getByTestId('shipment-form')
    await form.waitFor()
    const qty = page.getByTestId('ship-qty')
    await expect.poll(() => qty.count()).toBe(2)
    // pre-filled with the open quantities; the first one has the focus
    expect(await qty.nth(0).inputValue()).toBe('10')
    expect(await qty.nth(1).inputValue()).toBe('5')
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('ship-qty')
    expect(await text('ship-total')).toBe('¥2,000.00')
    // the address is the customer's default one
    expect(await page.getByTestId('ship-address').inputValue()).toContain('张江路 88 号')

    // over-shipping is caught on the line before anything is sent
    await page.keyboard.type('12')
    await page.keyboard.press('Control+s')
    await expect.poll(() => form.locator('[aria-invalid="true"]').count()).toBe(1)
    expect(await form.textContent()).toContain('超出未发数量 10个')

    // 6 bearings now, 2 of the 5 belts: Enter moves to the next quantity
    await qty.nth(0).fill('6')
    await qty.nth(0).press('Enter')
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('ship-qty')
    await page.keyboard.type('2')
    await page.getByTestId('ship-carrier').fill('顺丰速运')
    await page.getByTestId('ship-tracking').fill('SF1402389457712')
    await expect.poll(() => text('ship-total')).toBe('¥1,000.00')
    await shot('01-shipment-entry')
    await page.keyboard.press('Control+s')

    await page.waitForURL(/#\/shipments\/\d+$/)
    await page.getByTestId('shipment-detail-lines').waitFor()
    shipmentNumber = ((await page.getByTestId('page-title').textContent()) ?? '').replace('发货单', '').trim()
    expect(shipmentNumber).toMatch(/^DN\d{8}-\d{4}$/)
    expect(await text('shipment-status')).toBe('已发货')
    expect(await text('shipment-total')).toBe('¥1,000.00')
    expect(await page.getByTestId('shipment-detail-line').count()).toBe(2)
    await page.getByTestId('notify-success').last().waitFor()
    await shot('02-shipment-page')

    const order = await call('order.get', { id: orderId })
    expect(order.status).toBe('partially_shipped')
    expect(order.lines.map((l: { shipped: string; open: string }) => [l.shipped, l.open])).toEqual([
      ['6', '4'],
      ['2', '3'],
    ])
    expect(order.shippedFen).toBe(100_000)
  })

  it('the tracking board shows the order still to ship and the shipment not yet signed for', async () => {
    await page.getByTestId('nav-tracking').click()
    await page.waitForURL(/#\/tracking$/)
    await page.locator(`[data-testid="tracking-order"][data-number="${orderNumber}"]`).waitFor()
    await page.locator(`[data-testid="undelivered-row"][data-number="${shipmentNumber}"]`).waitFor()
    expect(await page.locator(`[data-testid="tracking-order"][data-number="${orderNumber}"]`).textContent()).toContain('未发 4个')
    await shot('03-tracking-board')

    // confirm the delivery inline: date (today) and who signed
    const row = page.locator(`[data-testid="undelivered-row"][data-number="${shipmentNumber}"]`)
    await row.getByTestId('board-deliver').click()
    await page.getByTestId('deliver-signed-by').fill('陈静')
    await page.getByTestId('deliver-signed-by').press('Enter')
    await row.waitFor({ state: 'detached' })
    const s = (await call('shipment.search', { query: shipmentNumber })).items[0]
    expect(s.status).toBe('delivered')
    expect(s.signedBy).toBe('陈静')
  })

  it('records a receipt for the customer; the FIFO suggestion allocates it to the order', async () => {
    await page.getByTestId('nav-receipts').click()
    await page.waitForURL(/#\/receipts$/)
    await page.getByTestId('receipt-new').click()
    await page.waitForURL(/#\/receipts\/new/)
    // the customer by pinyin initials of the short name
    const customer = page.getByTestId('receipt-customer')
    await customer.click()
    await customer.fill('htjx')
    await page.getByRole('option', { name: CUSTOMER }).click()
    // the amount field takes the focus once the customer is chosen
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('receipt-amount')
    await page.keyboard.type('800')
    const row = page.locator(`[data-testid="alloc-row"][data-number="${orderNumber}"]`)
    await row.waitFor()
    await expect.poll(() => row.getByTestId('alloc-amount').inputValue()).toBe('¥800.00')
    expect(await text('alloc-rest')).toContain('¥0.00')
    await page.getByTestId('receipt-reference').fill('招行 2026-0001')
    await shot('04-receipt-entry')
    await page.keyboard.press('Control+s')

    await page.waitForURL(/#\/receipts\/\d+$/)
    await page.getByTestId('receipt-allocations').waitFor()
    receiptNumber = ((await page.getByTestId('page-title').textContent()) ?? '').replace('收款单', '').trim()
    expect(receiptNumber).toMatch(/^RC\d{8}-\d{4}$/)
    const alloc = page.getByTestId('receipt-allocation')
    expect(await alloc.count()).toBe(1)
    expect(await alloc.textContent()).toContain(orderNumber)
    expect(await alloc.textContent()).toContain('¥800.00')
    expect(await text('receipt-unallocated')).toBe('¥0.00')
    await shot('05-receipt-page')

    const order = await call('order.get', { id: orderId })
    expect(order.receivedFen).toBe(80_000)
    expect(order.receivableFen).toBe(20_000)
  })

  it('the statement of the customer for the period shows the shipment, the receipt and the closing balance', async () => {
    await page.getByTestId('nav-statement').click()
    await page.waitForURL(/#\/statement/)
    const customer = page.getByTestId('statement-customer')
    await customer.click()
    await customer.fill('恒通')
    await page.getByRole('option', { name: CUSTOMER }).click()
    await page.getByTestId('statement-preset-thisMonth').click()
    await page.getByTestId('statement-table').waitFor()

    const entries = page.getByTestId('statement-entry')
    await expect.poll(() => entries.count()).toBe(2)
    const ship = page.locator(`[data-testid="statement-entry"][data-number="${shipmentNumber}"]`)
    const rec = page.locator(`[data-testid="statement-entry"][data-number="${receiptNumber}"]`)
    expect(await ship.getAttribute('data-kind')).toBe('shipment')
    expect(await ship.textContent()).toContain('发货')
    expect(await ship.textContent()).toContain(`订单 ${orderNumber}`)
    expect(await ship.textContent()).toContain('¥1,000.00')
    expect(await rec.getAttribute('data-kind')).toBe('receipt')
    expect(await rec.textContent()).toContain('收款')
    expect(await rec.textContent()).toContain('¥800.00')
    // running balance after the receipt, then the figures
    expect(((await rec.locator('td').last().textContent()) ?? '').trim()).toBe('¥200.00')
    expect(await text('statement-opening')).toBe('¥0.00')
    expect(await text('statement-shipped')).toBe('¥1,000.00')
    expect(await text('statement-received')).toBe('¥800.00')
    expect(await text('statement-closing')).toBe('¥200.00')
    expect(await text('statement-closing-row')).toBe('¥200.00')
    expect(await text('statement-closing-words')).toContain('贰佰元整')
    await shot('06-statement')

    // the same figures from the core: closing equals ar.summary's balance
    const s = await call('ar.statement', { customerId, from: '2000-01-01', to: '2099-12-31' })
    expect(s.closingBalanceFen).toBe(20_000)
  })

  it("the AR overview and the customer's 应收 tab show the balance", async () => {
    await page.getByTestId('nav-ar').click()
    await page.waitForURL(/#\/ar/)
    await page.locator(`[data-testid="ar-row"][data-customer="${CUSTOMER}"]`).waitFor()
    expect(await text('ar-total-balance')).toContain('¥200.00')
    await shot('07-ar-overview')
    await page.getByTestId('ar-tab-aging').click()
    await page.getByTestId('ar-aging-bar').waitFor()
    await shot('08-ar-aging')

    await page.goto(`${server.url}/#/customers/${customerId}?tab=ar`)
    await page.getByTestId('customer-ar').waitFor()
    expect(await text('customer-ar-balance')).toContain('¥200.00')
    await shot('09-customer-ar')
    expect(pageErrors).toEqual([])
  })
})
