/**
 * Issue 8: 作废 / 红冲 in the browser. A quote, a return and an invoice record are voided from their pages through a
 * confirmation dialog that asks for the reason (an empty reason is refused before anything is sent); each keeps
 * its number and shows 已作废. Figures by hand: 不锈钢合页 ¥10.00 × 10 shipped = ¥100.00 receivable; a return
 * of 3 (¥30.00) → ¥70.00, stock 93; voided → ¥100.00, stock 90. Invoice ¥60.00 → uninvoiced ¥40.00; voided → ¥100.00.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser } from '../support/browser'
import { apiCall, login, newWorkstation, screenshot, startE2eServer } from '../support/e2e'
import { api, type RunningServer } from '../support/server'

const ADMIN = { username: 'admin', password: 'kedan-2026', displayName: '王经理' }

let server: RunningServer
let browser: Browser
let ctx: BrowserContext
let page: Page
let token = ''
const pageErrors: string[] = []
const ids = { customer: 0, product: 0, quote: 0, shipment: 0, ret: 0, invoice: 0 }
const call = <T = any>(method: string, input: unknown) => apiCall<T>(server.url, method, input, token)

describe('作废 with a reason', () => {
  beforeAll(async () => {
    server = await startE2eServer()
    browser = await launchBrowser()
    const setup = await api(server.url, 'auth.setup', { companyName: '北京客单演示有限公司', username: ADMIN.username, password: ADMIN.password, displayName: ADMIN.displayName })
    token = setup.body.data.token
    ids.customer = (await call('customer.create', { name: '宁波北仑五金有限公司', paymentTermDays: 30 })).id
    ids.product = (await call('product.create', { code: 'W-1', name: '不锈钢合页', unit: '个', salePrice: '10', initialStock: '100' })).id
    const o = await call('order.create', { customerId: ids.customer, lines: [{ productId: ids.product, quantity: '10' }] })
    await call('order.submit', { id: o.id })
    await call('order.approve', { id: o.id })
    const s = await call('shipment.create', { orderId: o.id, lines: [{ orderLineId: o.lines[0].id, quantity: '10' }] })
    ids.shipment = s.id
    ids.ret = (await call('return.create', { shipmentId: s.id, reason: '三个生锈', lines: [{ shipmentLineId: s.lines[0].id, quantity: '3' }] })).id
    ids.invoice = (await call('invoice.create', { customerId: ids.customer, invoiceNo: '04400012', kind: 'vat_normal', issuedOn: '2026-01-05', amountFen: 6000, taxFen: 690, shipmentIds: [s.id] })).id
    ids.quote = (await call('quote.create', { customerId: ids.customer, lines: [{ productId: ids.product, quantity: '5' }] })).id
    ;({ ctx, page } = await newWorkstation(browser, pageErrors))
    await login(page, server.url, ADMIN)
  })

  afterAll(async () => {
    await ctx?.close()
    await browser?.close()
    await server?.stop()
  })

  it('报价单: 作废 asks for the reason and the quote shows 已作废 with it', async () => {
    await page.goto(`${server.url}/#/quotes/${ids.quote}`)
    await page.getByTestId('quote-void').click()
    await page.getByTestId('reason-ok').click()
    // nothing sent without a reason
    await expect.poll(() => page.getByTestId('reason-input').getAttribute('aria-invalid')).toBe('true')
    expect((await call('quote.get', { id: ids.quote })).status).toBe('draft')
    await page.getByTestId('reason-input').fill('单价报错，重新报价')
    await screenshot(page, 'void-quote-dialog')
    await page.getByTestId('reason-ok').click()
    await expect.poll(() => page.getByTestId('quote-status').first().getAttribute('data-status')).toBe('voided')
    expect(await page.getByTestId('quote-voided').textContent()).toContain('单价报错，重新报价')
    expect(await page.getByTestId('quote-void').count()).toBe(0)
    expect(await call('quote.get', { id: ids.quote })).toMatchObject({ status: 'voided', voidReason: '单价报错，重新报价' })
  })

  it('退货单: 作废 on the shipment page takes the goods back out and restores the receivable', async () => {
    expect((await call('product.get', { id: ids.product })).onHand).toBe('93')
    expect((await call('ar.customer', { customerId: ids.customer })).balanceFen).toBe(7000)
    await page.goto(`${server.url}/#/shipments/${ids.shipment}`)
    await page.getByTestId('return-void').click()
    const modal = page.getByRole('dialog')
    await modal.waitFor()
    expect(await modal.textContent()).toContain('¥30.00')
    await page.getByTestId('cancel-reason').fill('录错了，客户没有退货')
    await page.getByTestId('cancel-ok').click()
    await page.getByTestId('return-voided').waitFor()
    expect(await page.getByTestId('return-row').getAttribute('data-status')).toBe('voided')
    await screenshot(page, 'void-return')
    expect((await call('product.get', { id: ids.product })).onHand).toBe('90')
    expect((await call('ar.customer', { customerId: ids.customer })).balanceFen).toBe(10000)
  })

  it('开票登记: 作废 (红冲) makes the uninvoiced amount grow back', async () => {
    expect((await call('ar.customer', { customerId: ids.customer })).uninvoicedFen).toBe(4000)
    await page.goto(`${server.url}/#/invoices`)
    await page.getByTestId('invoice-row').first().waitFor()
    await page.getByTestId('invoice-void').click()
    await page.getByTestId('cancel-reason').fill('金额开错，已红冲')
    await page.getByTestId('cancel-ok').click()
    await page.getByTestId('invoice-voided').waitFor()
    await screenshot(page, 'void-invoice')
    expect(await call('ar.customer', { customerId: ids.customer })).toMatchObject({ invoicedFen: 0, uninvoicedFen: 10000 })
    expect(pageErrors).toEqual([])
  })
})
