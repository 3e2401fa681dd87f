/**
 * The server speaks the user's language, end to end in Chromium against the real headless host:
 * setup through the API (admin, a product with stock, a customer, an approved order of 10) → sign in (Chinese, the
 * default): the welcome note 欢迎回来 is up → switch the UI to English in the header (by keyboard, the pointer resting on
 * the note so it stays) → the note reads Welcome back → the shipment entry for the order, while someone else ships 6
 * of the 10 through the API: saving 10 is refused by the server as over-shipping, in English (key shipment.overShip),
 * and the welcome note gives way to it (the two toasts never cover each other) → a new customer with a USCC whose
 * format passes the form's own check but whose check character is wrong: the server refuses it and the English text
 * lands under the field. Back in Chinese the same over-shipping refusal reads in Chinese.
 * Screenshots: test-results/e2e/i18n-*.png.
 */
import * as fs from 'node:fs'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser } from '../support/browser'
import { apiCall, field, login, newWorkstation, screenshot, startE2eServer } from '../support/e2e'
import { api, type RunningServer } from '../support/server'

const ADMIN = { username: 'admin', password: 'kedan-2026', displayName: '王总' }
/** 18 characters the form accepts (digits and capitals without I, O, Z, S, V); the check character is wrong */
const BAD_USCC = '91310000MA1FL0XX0X'

let server: RunningServer
let browser: Browser
let ctx: BrowserContext
let page: Page
let token = ''
let orderId = 0
let orderLineId = 0
const pageErrors: string[] = []

const shot = (name: string) => screenshot(page, `i18n-${name}`)
const call = (method: string, input: unknown) => apiCall(server.url, method, input, token)
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 10_000, interval: 50 })

async function switchLanguage(label: 'English' | '简体中文') {
  await page.getByTestId('language-switch').click()
  await page.getByRole('menuitem', { name: label }).click()
  await poll(() => page.evaluate(() => document.documentElement.lang)).toBe(label === 'English' ? 'en-US' : 'zh-CN')
}

/** A fresh approved order of 10 bearings; its id and its one line. */
async function approvedOrder(customerId: number, productId: number) {
  const order = await call('order.create', { customerId, lines: [{ productId, quantity: '10', unitPrice: '100', taxRate: 13 }] })
  const submitted = await call('order.submit', { id: order.id, version: order.version })
  const approved = await call('order.approve', { id: order.id, version: submitted.version })
  expect(approved.status).toBe('approved')
  return { id: order.id as number, lineId: approved.lines[0].id as number }
}

describe('messages from the server in the user language', () => {
  let customerId = 0
  let productId = 0

  beforeAll(async () => {
    server = await startE2eServer()
    const setup = await api(server.url, 'auth.setup', { companyName: '杭州客单演示有限公司', username: ADMIN.username, password: ADMIN.password, displayName: ADMIN.displayName })
    token = setup.body.data.token
    const customer = await call('customer.create', { name: '杭州远景五金有限公司', stage: 'customer', paymentTermDays: 30 })
    customerId = customer.id
    const bearing = await call('product.create', { code: 'ZC-6206', name: '深沟球轴承', spec: '6206-2RS', unit: '个', salePrice: '100.00', taxRate: 13, initialStock: '200' })
    productId = bearing.id
    ;({ id: orderId, lineId: orderLineId } = await approvedOrder(customerId, productId))

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

  it('the welcome note follows the switch to English', async () => {
    const welcome = page.getByTestId('notify-success').filter({ hasText: '欢迎回来，王总' })
    await welcome.waitFor()
    // the pointer rests on the note (a hovered note does not close); the language is switched by keyboard
    await welcome.hover()
    await page.getByTestId('language-switch').press('Enter')
    await page.getByRole('menuitem', { name: 'English' }).press('Enter')
    await poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en-US')
    await page.getByTestId('notify-success').filter({ hasText: 'Welcome back, 王总' }).waitFor()
    expect(await page.getByTestId('notify-success').filter({ hasText: '欢迎回来' }).count()).toBe(0)
    await shot('00-welcome-en')
  })

  it('a business-rule refusal from the server (over-shipping) is shown in English', async () => {
    await page.goto(`${server.url}/#/shipments/new?orderId=${orderId}`)
    const qty = page.getByTestId('ship-qty')
    await poll(() => qty.count()).toBe(1)
    await poll(() => qty.first().inputValue()).toBe('10')
    // meanwhile someone ships 6 of the 10: the screen still offers 10
    await call('shipment.create', { orderId, lines: [{ orderLineId, quantity: '6' }] })
    // the welcome note is still up (the pointer rests on it) when the refusal comes
    expect(await page.getByTestId('notify-success').filter({ hasText: 'Welcome back' }).count()).toBe(1)
    await page.keyboard.press('Control+s')
    const refusal = page.getByTestId('notify-error').filter({ hasText: 'More than is left to ship' }).first()
    await refusal.waitFor()
    // a note still up gives way to the refusal: no two toasts on top of each other
    await page.getByTestId('notify-success').first().waitFor({ state: 'detached' })
    const boxes = await page.locator('[data-testid^="notify-"]').evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ top: r.top, bottom: r.bottom })))
    for (let i = 1; i < boxes.length; i++) expect(boxes[i]!.top >= boxes[i - 1]!.bottom || boxes[i]!.bottom <= boxes[i - 1]!.top).toBe(true)
    const text = (await refusal.textContent()) ?? ''
    expect(text).toContain('深沟球轴承 — shipping 10 个, only 4 个 left on the order')
    expect(text).not.toMatch(/超出未发数量/)
    await shot('02-overship-en')
    // nothing more was shipped than the 6 of the API call
    const order = await call('order.get', { id: orderId })
    expect(Number(order.lines[0].shipped)).toBe(6)
  })

  it('a server validation error (USCC check character) is shown in English under its field', async () => {
    await page.goto(`${server.url}/#/customers/new`)
    const form = page.getByTestId('customer-form')
    await form.waitFor()
    await field(page, 'Name').first().fill('Hangzhou Vista Hardware Co., Ltd.')
    await field(page, 'USCC').fill(BAD_USCC)
    await page.getByTestId('customer-save').click()
    // the form's own format check passes; the server's check character does not
    const usccError = 'Invalid unified social credit code (18 characters and a matching check character)'
    await form.getByText(usccError).waitFor()
    await poll(() => field(page, 'USCC').getAttribute('aria-invalid')).toBe('true')
    expect(await form.textContent()).not.toContain('统一社会信用代码无效')
    await shot('01-customer-uscc-en')
    expect(await call('customer.search', { query: 'Hangzhou Vista' }).then((r) => r.total)).toBe(0)
  })

  it('back in Chinese, the same refusal reads in Chinese', async () => {
    await switchLanguage('简体中文')
    await page.goto(`${server.url}/#/shipments/new?orderId=${orderId}`)
    await page.reload()
    const qty = page.getByTestId('ship-qty')
    await poll(() => qty.count()).toBe(1)
    await poll(() => qty.first().inputValue()).toBe('4')
    // 2 of the 4 left are shipped through the API: the 4 on screen are now too many
    await call('shipment.create', { orderId, lines: [{ orderLineId, quantity: '2' }] })
    await page.keyboard.press('Control+s')
    const refusal = page.getByTestId('notify-error').filter({ hasText: '超出未发数量' }).first()
    await refusal.waitFor()
    expect((await refusal.textContent()) ?? '').toContain('深沟球轴承 本次发 4个，订单未发数量只有 2个')
    await shot('03-overship-zh')
    expect(pageErrors).toEqual([])
  })
})
