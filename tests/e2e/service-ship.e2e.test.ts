/**
 * Shipping a service line (issue 14), in Chromium against the real headless host: an approved order of one
 * 工业风机 (in stock) and one 安装调试 (a service, never in stock) → the order clerk opens the shipment entry for it,
 * both lines are offered with their open quantities, Ctrl+S ships them → the shipment page shows both lines and the
 * order is shipped; the service's stock stays untouched. Screenshots: test-results/e2e/service-ship-*.png.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser } from '../support/browser'
import { apiCall, login, newWorkstation, screenshot, startE2eServer } from '../support/e2e'
import { api, type RunningServer } from '../support/server'

const ADMIN = { username: 'admin', password: 'kedan-2026', displayName: '王总' }
const CLERK = { username: 'liugd', password: 'liugd-2026', displayName: '刘跟单' }

let server: RunningServer
let browser: Browser
let ctx: BrowserContext
let page: Page
let admin = ''
const pageErrors: string[] = []
let order = { id: 0, number: '' }
let serviceId = 0

describe('a service line ships without stock', () => {
  beforeAll(async () => {
    server = await startE2eServer()
    browser = await launchBrowser()
    const setup = await api(server.url, 'auth.setup', { companyName: '北京客单演示有限公司', ...ADMIN })
    expect(setup.body.ok).toBe(true)
    admin = setup.body.data.token as string
    await apiCall(server.url, 'user.create', { ...CLERK, role: 'clerk' }, admin)
    const fan = await apiCall(server.url, 'product.create', { code: 'FJ-01', name: '工业风机', unit: '台', salePrice: '1130', initialStock: '1' }, admin)
    const install = await apiCall(server.url, 'product.create', { code: 'FW-01', name: '安装调试', kind: 'service', unit: '次', salePrice: '212', taxRate: 6 }, admin)
    serviceId = install.id
    const c = await apiCall(server.url, 'customer.create', { name: '南通崇川机电有限公司', addresses: [{ receiver: '陈工', phone: '13800001111', address: '南通市崇川区工农路 8 号' }] }, admin)
    const o = await apiCall(server.url, 'order.create', { customerId: c.id, lines: [{ productId: fan.id, quantity: '1' }, { productId: install.id, quantity: '1' }] }, admin)
    await apiCall(server.url, 'order.submit', { id: o.id }, admin)
    await apiCall(server.url, 'order.approve', { id: o.id }, admin)
    order = { id: o.id, number: o.number }
    ;({ ctx, page } = await newWorkstation(browser, pageErrors))
    await login(page, server.url, CLERK)
  })

  afterAll(async () => {
    await ctx?.close()
    await browser?.close()
    await server?.stop()
  })

  it('the clerk ships the goods and the installation line; the service needs no stock', async () => {
    await page.goto(`${server.url}/#/shipments/new?orderId=${order.id}`)
    const form = page.getByTestId('shipment-form')
    await form.waitFor()
    const qty = page.getByTestId('ship-qty')
    await expect.poll(() => qty.count()).toBe(2)
    expect(await qty.nth(0).inputValue()).toBe('1')
    expect(await qty.nth(1).inputValue()).toBe('1')
    expect(await form.textContent()).toContain('安装调试')
    await expect.poll(async () => ((await page.getByTestId('ship-total').first().textContent()) ?? '').trim()).toBe('¥1,342.00')
    await screenshot(page, 'service-ship-01-entry')
    await page.keyboard.press('Control+s')

    await page.waitForURL(/#\/shipments\/\d+$/)
    await page.getByTestId('shipment-detail-lines').waitFor()
    expect(await page.getByTestId('shipment-detail-line').count()).toBe(2)
    expect(await page.getByTestId('shipment-detail-lines').textContent()).toContain('安装调试')
    await page.getByTestId('notify-success').last().waitFor()
    await screenshot(page, 'service-ship-02-shipment')

    const o = await apiCall(server.url, 'order.get', { id: order.id }, admin)
    expect(o.status).toBe('shipped')
    const s = await apiCall(server.url, 'product.get', { id: serviceId }, admin)
    expect(s).toMatchObject({ kind: 'service', onHand: '0', reserved: '0' })
    expect(pageErrors).toEqual([])
  })
})
