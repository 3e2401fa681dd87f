/**
 * 打印送货单 in Chromium against the real headless host: a shipment made through the API, the 打印送货单 menu on its
 * page → A5 → the PDF opens in the preview modal as a Blob URL (a real PDF: %PDF-), with a download link.
 * Screenshot: test-results/e2e/print-delivery-note.png.
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

describe('print the delivery note', () => {
  beforeAll(async () => {
    server = await startE2eServer()
    browser = await launchBrowser()
  }, 120_000)
  afterAll(async () => {
    await ctx?.close()
    await browser?.close()
    await server?.stop()
  })

  it('opens the 送货单 PDF from the shipment page', async () => {
    const token = (await api(server.url, 'auth.setup', { companyName: '苏州客单演示有限公司', ...ADMIN })).body.data.token
    const call = (m: string, i: unknown) => apiCall(server.url, m, i, token)
    const c = await call('customer.create', { name: '上海恒通机械制造有限公司', addresses: [{ receiver: '陈静', address: '上海市浦东新区张江路 88 号' }] })
    const p = await call('product.create', { code: 'ZC-6205', name: '深沟球轴承', spec: '6205-2RS', unit: '个', salePrice: '100', initialStock: '20' })
    const o = await call('order.create', { customerId: c.id, lines: [{ productId: p.id, quantity: '2' }] })
    await call('order.submit', { id: o.id })
    const a = await call('order.approve', { id: o.id })
    const s = await call('shipment.create', { orderId: o.id, lines: [{ orderLineId: a.lines[0].id, quantity: '2' }] })

    ;({ ctx, page } = await newWorkstation(browser, pageErrors))
    await login(page, server.url, ADMIN)
    await page.goto(`${server.url}/#/shipments/${s.id}`)
    await page.getByTestId('shipment-print').click()
    await page.getByTestId('shipment-print-A5').click()
    const frame = page.locator('[data-testid=print-preview] iframe')
    await frame.waitFor()
    const src = (await frame.getAttribute('src')) ?? ''
    expect(src).toMatch(/^blob:/)
    const head = await page.evaluate(async (url) => new TextDecoder().decode((await (await fetch(url)).arrayBuffer()).slice(0, 5)), src)
    expect(head).toBe('%PDF-')
    await expect.poll(() => page.getByRole('link', { name: '下载 PDF' }).getAttribute('download')).toBe(`送货单-${s.number}.pdf`)
    await page.waitForTimeout(1000)
    await screenshot(page, 'print-delivery-note')
    expect(pageErrors).toEqual([])
  }, 120_000)
})
