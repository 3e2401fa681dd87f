/**
 * Merging duplicate customers and the tag filter, in Chromium against the real headless host:
 * two duplicates with a contact each (made through the API) → 合并客户 on the 360 page → the duplicate is offered,
 * the preview lists what moves, the confirmation names both, the result says how many records moved →
 * the kept customer shows both contacts, the other is gone from the list and from customer.get;
 * a merge from the duplicate warning of the edit form; the tag filter lists the tags in use with counts and finds
 * a tagged customer, and free text still filters.
 * Screenshots go to test-results/e2e/merge-*.png.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser } from '../support/browser'
import { apiCall, field, login, newWorkstation, screenshot, startE2eServer } from '../support/e2e'
import { api, type RunningServer } from '../support/server'

const ADMIN = { username: 'admin', password: 'kedan-2026', displayName: '王经理' }
const KEEP = '上海启明电子有限公司'
const DUP = '上海启明电子（有限公司）'
const EDIT_KEEP = '杭州远航贸易有限公司'
const EDIT_DUP = '杭州远航贸易（有限公司）'
const TAGGED = '苏州恒达机械有限公司'

let server: RunningServer
let browser: Browser
let ctx: BrowserContext
let page: Page
let token = ''
const ids: Record<string, { id: number; code: string }> = {}
const pageErrors: string[] = []

const shot = (name: string) => screenshot(page, `merge-${name}`)

const call = <T = any>(method: string, input: unknown) => apiCall<T>(server.url, method, input, token)

async function createCustomer(key: string, input: Record<string, unknown>) {
  const c = await call<{ id: number; code: string }>('customer.create', { confirmDuplicate: true, ...input })
  ids[key] = { id: c.id, code: c.code }
}

describe('merging duplicate customers and the tag filter', () => {
  beforeAll(async () => {
    server = await startE2eServer()
    const setup = await api(server.url, 'auth.setup', { companyName: '北京客单演示有限公司', ...ADMIN })
    expect(setup.body.ok).toBe(true)
    token = setup.body.data.token
    await createCustomer('keep', {
      name: KEEP,
      phone: '021-55556666',
      tags: ['重点客户', '华东'],
      contacts: [{ name: '张伟', mobile: '13800138000', isPrimary: true }],
    })
    await createCustomer('dup', {
      name: DUP,
      uscc: '91330100716105852F',
      address: '上海市浦东新区张江路 88 号',
      contacts: [{ name: '李娜', mobile: '13900139000', title: '采购经理', isPrimary: true }],
      addresses: [{ receiver: '李娜', phone: '13900139000', address: '上海市浦东新区张江路 88 号 3 号楼' }],
    })
    await call('followUp.create', { customerId: ids.dup!.id, content: '电话确认了下季度的采购计划' })
    await createCustomer('editKeep', { name: EDIT_KEEP, contacts: [{ name: '周杰', mobile: '13700137000' }] })
    await createCustomer('editDup', { name: EDIT_DUP, contacts: [{ name: '吴敏', mobile: '13600136000' }] })
    await createCustomer('tagged', { name: TAGGED, tags: ['经销商', '重点客户'], contacts: [{ name: '陈强', mobile: '13500135000' }] })

    browser = await launchBrowser()
    ;({ ctx, page } = await newWorkstation(browser, pageErrors))
    await login(page, server.url, ADMIN)
  })

  afterAll(async () => {
    await ctx?.close()
    await browser?.close()
    await server?.stop()
  })

  it('offers the duplicate, shows what moves, names both customers, merges and says how many records moved', async () => {
    await page.goto(`${server.url}/#/customers/${ids.keep!.id}`)
    await expect.poll(() => page.getByTestId('page-title').textContent()).toBe(KEEP)
    await page.getByTestId('customer-more').click()
    await page.getByTestId('customer-merge').click()
    const modal = page.getByTestId('merge-modal')
    const dup = modal.locator(`[data-testid="merge-candidate"][data-code="${ids.dup!.code}"]`)
    await dup.waitFor()
    expect(await dup.textContent()).toContain(DUP)
    expect(await dup.textContent()).toContain('名称相同')
    // the search finds customers too, never this one
    await modal.getByTestId('merge-search').fill('szhd')
    await modal.locator(`[data-testid="merge-results"] [data-code="${ids.tagged!.code}"]`).waitFor()
    await modal.getByTestId('merge-search').fill('shqm')
    await modal.getByTestId('merge-results').waitFor()
    await expect.poll(() => modal.locator(`[data-testid="merge-results"] [data-code="${ids.keep!.code}"]`).count()).toBe(0)
    await modal.getByTestId('merge-search').fill('')
    await dup.click()
    await shot('01-pick')

    await modal.getByTestId('merge-next').click()
    const preview = modal.getByTestId('merge-preview')
    await preview.waitFor()
    expect(await preview.getByTestId('merge-source').textContent()).toContain(DUP)
    expect(await preview.getByTestId('merge-target').textContent()).toContain(KEEP)
    const moves = preview.getByTestId('merge-moves')
    await expect.poll(() => moves.locator('tr[data-key="contacts"]').textContent()).toContain('李娜')
    expect(await moves.locator('tr[data-key="contacts"]').textContent()).toMatch(/联系人1/)
    expect(await moves.locator('tr[data-key="shipping_addresses"]').textContent()).toMatch(/收货地址1/)
    await expect.poll(() => moves.locator('tr[data-key="follow_ups"]').textContent()).toMatch(/跟进记录1/)
    await expect.poll(() => moves.locator('tr[data-key="sales_orders"]').textContent()).toMatch(/销售订单0/)
    expect(await preview.textContent()).toContain('不能撤销')
    await shot('02-preview')

    await preview.getByTestId('merge-submit').click()
    const confirm = page.getByTestId('merge-confirm')
    await confirm.waitFor()
    const confirmText = (await confirm.textContent()) ?? ''
    expect(confirmText).toContain(`“${DUP}”（${ids.dup!.code}）合并到“${KEEP}”（${ids.keep!.code}）`)
    await page.getByTestId('confirm-ok').waitFor()
    await page.waitForTimeout(300) // the dialog's opening transition, for the picture
    await shot('03-confirm')
    await page.getByTestId('confirm-ok').click()

    const result = modal.getByTestId('merge-result')
    await result.waitFor()
    expect(await result.textContent()).toContain('共转移 3 条记录')
    expect(await result.locator('[data-key="contacts"]').textContent()).toBe('联系人 1')
    expect(await result.locator('[data-key="shipping_addresses"]').textContent()).toBe('收货地址 1')
    expect(await result.locator('[data-key="follow_ups"]').textContent()).toBe('跟进记录 1')
    await shot('04-result')
    await result.getByTestId('merge-close').click()
    await modal.getByTestId('merge-result').waitFor({ state: 'detached' })

    // the kept customer now has both contacts, the address, and the blanks filled from the other
    await page.getByRole('tab', { name: /联系人/ }).click()
    await expect.poll(() => page.getByRole('tabpanel').textContent()).toContain('李娜')
    const contacts = (await page.getByRole('tabpanel').textContent()) ?? ''
    expect(contacts).toContain('张伟')
    expect(contacts).toContain('13900139000')
    await shot('05-contacts')
    const kept = await call('customer.get', { id: ids.keep!.id })
    expect(kept.contacts.map((c: { name: string }) => c.name).sort()).toEqual(['张伟', '李娜'].sort())
    expect(kept.contacts.filter((c: { isPrimary: boolean }) => c.isPrimary)).toHaveLength(1)
    expect(kept.addresses).toHaveLength(1)
    expect(kept.uscc).toBe('91330100716105852F')
    // the other one is retired
    const gone = await api(server.url, 'customer.get', { id: ids.dup!.id }, token)
    expect(gone.body.error.code).toBe('NOT_FOUND')
    // the log tells
    await page.getByTestId('tab-audit').click()
    await expect.poll(() => page.getByTestId('audit-log').textContent()).toContain('合并')
  })

  it('the merged customer is gone from the list', async () => {
    await page.getByTestId('nav-customers').click()
    await page.waitForURL(/#\/customers$/)
    await page.getByTestId('customer-search').fill('shqm')
    await page.waitForURL(/q=shqm/)
    await expect.poll(() => page.getByTestId('table-total').textContent()).toContain('共 1 条')
    const rows = page.getByTestId('customer-row')
    expect(await rows.count()).toBe(1)
    expect(await rows.first().getAttribute('data-code')).toBe(ids.keep!.code)
    await page.getByTestId('customer-search').fill('')
    await expect.poll(() => page.getByTestId('table-total').textContent()).toContain('共 4 条')
    expect(await page.locator(`[data-testid="customer-row"][data-code="${ids.dup!.code}"]`).count()).toBe(0)
    await shot('06-list')
  })

  it('merges from the duplicate warning while editing', async () => {
    await page.goto(`${server.url}/#/customers/${ids.editKeep!.id}/edit`)
    await field(page, '客户名称').waitFor()
    // an edit of the name checks for duplicates on blur
    await field(page, '客户名称').fill(`${EDIT_KEEP} `)
    await page.keyboard.press('Tab')
    const warning = page.getByTestId('dup-warning')
    await warning.waitFor()
    expect(await warning.textContent()).toContain(EDIT_DUP)
    await shot('07-edit-warning')
    await warning.getByTestId('dup-merge').click()
    const modal = page.getByTestId('merge-modal')
    await modal.getByTestId('merge-preview').waitFor()
    expect(await modal.getByTestId('merge-source').textContent()).toContain(EDIT_DUP)
    await modal.getByTestId('merge-submit').click()
    await page.getByTestId('confirm-ok').click()
    await modal.getByTestId('merge-result').waitFor()
    await modal.getByTestId('merge-close').click()
    await modal.getByTestId('merge-result').waitFor({ state: 'detached' })
    await expect.poll(() => warning.count()).toBe(0)
    // the form took the new version in: saving works without a conflict
    await page.getByTestId('customer-save').click()
    await page.waitForURL(new RegExp(`#/customers/${ids.editKeep!.id}$`))
    await page.getByRole('tab', { name: /联系人/ }).click()
    await expect.poll(() => page.getByRole('tabpanel').textContent()).toContain('吴敏')
    expect(await page.getByRole('tabpanel').textContent()).toContain('周杰')
  })

  it('the tag filter lists the tags in use with counts and finds a tagged customer', async () => {
    await page.getByTestId('nav-customers').click()
    await page.waitForURL(/#\/customers$/)
    await page.getByTestId('filter-tag').click()
    const options = page.getByTestId('tag-option')
    await options.first().waitFor()
    const texts = await options.allTextContents()
    // most used first: 重点客户 is on the kept customer and on the tagged one
    expect(texts[0]).toBe('重点客户2')
    expect(texts).toContain('经销商1')
    expect(texts).toContain('华东1')
    await shot('08-tag-options')
    await page.getByRole('option', { name: /经销商/ }).click()
    await page.waitForURL(/tag=/)
    expect(decodeURIComponent(page.url())).toContain('tag=经销商')
    await expect.poll(() => page.getByTestId('table-total').textContent()).toContain('共 1 条')
    expect(await page.getByTestId('customer-row').first().textContent()).toContain(TAGGED)
    await shot('09-tag-filtered')
    // typing narrows the options and free text filters too
    await page.getByTestId('filter-tag').fill('华')
    await expect.poll(() => options.allTextContents()).toEqual(['华东1'])
    await shot('10-tag-typing')
    await page.getByTestId('filter-tag').fill('华东')
    await page.keyboard.press('Escape')
    await expect.poll(() => decodeURIComponent(page.url())).toContain('tag=华东')
    await expect.poll(() => page.getByTestId('customer-row').first().getAttribute('data-code')).toBe(ids.keep!.code)
    expect(await page.getByTestId('customer-row').count()).toBe(1)
  })

  it('raised no uncaught errors in the page', () => {
    expect(pageErrors).toEqual([])
  })
})
