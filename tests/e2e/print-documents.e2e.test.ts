/**
 * Issue 11 in Chromium against the real headless host: a quote printed from its page (打印 → A4: a real PDF in
 * the preview modal named 报价单-<number>.pdf) and two delivery notes ticked in the shipment list printed in one
 * go (批量打印送货单 → A5: one PDF, one sheet per note). Screenshots print-quote.png, print-batch.png.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser } from '../support/browser'
import { apiCall, login, newWorkstation, screenshot, startE2eServer } from '../support/e2e'
import { api, type RunningServer } from '../support/server'

const ADMIN = { username: 'admin', password: 'kedan-2026', displayName: '王总' }

let server: RunningServer
let browser: Browser
let ctx: BrowserContext
let page: Page
const pageErrors: string[] = []

/** the PDF behind the preview iframe: its first bytes and its number of pages */
async function previewPdf() {
  const frame = page.locator('[data-testid=print-preview] iframe')
  await frame.waitFor()
  const src = (await frame.getAttribute('src')) ?? ''
  expect(src).toMatch(/^blob:/)
  return page.evaluate(async (url) => {
    const text = new TextDecoder('latin1').decode(await (await fetch(url)).arrayBuffer())
    return { head: text.slice(0, 5), pages: (text.match(/\/Type\s*\/Page[^s]/g) ?? []).length }
  }, src)
}

describe('print documents from the UI', () => {
  beforeAll(async () => {
    server = await startE2eServer()
    browser = await launchBrowser()
  }, 120_000)
  afterAll(async () => {
    await ctx?.close()
    await browser?.close()
    await server?.stop()
  })

  it('prints a quote from its page and a batch of delivery notes from the shipment list', async () => {
    const token = (await api(server.url, 'auth.setup', { companyName: '苏州客单演示有限公司', ...ADMIN })).body.data.token
    const call = (m: string, i: unknown) => apiCall(server.url, m, i, token)
    const c = await call('customer.create', { name: '上海恒通机械制造有限公司', addresses: [{ receiver: '陈静', address: '上海市浦东新区张江路 88 号' }] })
    const p = await call('product.create', { code: 'ZC-6205', name: '深沟球轴承', spec: '6205-2RS', unit: '个', salePrice: '100', initialStock: '20' })
    const q = await call('quote.create', { customerId: c.id, lines: [{ productId: p.id, quantity: '5' }] })
    const o = await call('order.create', { customerId: c.id, lines: [{ productId: p.id, quantity: '4' }] })
    await call('order.submit', { id: o.id })
    const a = await call('order.approve', { id: o.id })
    for (let i = 0; i < 2; i++) await call('shipment.create', { orderId: o.id, lines: [{ orderLineId: a.lines[0].id, quantity: '2' }] })

    ;({ ctx, page } = await newWorkstation(browser, pageErrors))
    await login(page, server.url, ADMIN)
    await page.goto(`${server.url}/#/quotes/${q.id}`)
    await page.getByTestId('quote-print').click()
    await page.getByTestId('quote-print-A4').click()
    const quotePdf = await previewPdf()
    expect(quotePdf).toEqual({ head: '%PDF-', pages: 1 })
    await expect.poll(() => page.getByTestId('print-download').getAttribute('download')).toBe(`报价单-${q.number}.pdf`)
    await page.waitForTimeout(800)
    await screenshot(page, 'print-quote')
    await page.keyboard.press('Escape')

    await page.goto(`${server.url}/#/shipments`)
    const rows = page.getByTestId('shipment-row')
    await expect.poll(() => rows.count()).toBe(2)
    for (let i = 0; i < 2; i++) await rows.nth(i).locator('input[type=checkbox]').check()
    await page.getByTestId('shipment-batch-print').click()
    await page.getByTestId('shipment-batch-print-A5').click()
    const batchPdf = await previewPdf()
    expect(batchPdf).toEqual({ head: '%PDF-', pages: 2 })
    await expect.poll(() => page.getByTestId('print-download').getAttribute('download')).toMatch(/^送货单-\d{4}-\d{2}-\d{2}-2张\.pdf$/)
    await page.waitForTimeout(800)
    await screenshot(page, 'print-batch')
    expect(pageErrors).toEqual([])
  }, 180_000)
})
