/**
 * 粘贴识别 and 复制名片 (issue 16), in Chromium against the real headless host:
 * a multi-line WeChat card is pasted on the new-customer form → 识别 fills company, phone, USCC, region, address and
 * the primary contact (name, title, mobile, e-mail), each recognised field marked for confirmation, nothing saved yet;
 * the user saves → the customer exists with those values; 复制名片 on the customer page puts the card text on the
 * clipboard. Screenshots: test-results/e2e/paste-card-*.png.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser } from '../support/browser'
import { apiCall, field, login, newWorkstation, screenshot, startE2eServer } from '../support/e2e'
import { api, type RunningServer } from '../support/server'

const ADMIN = { username: 'admin', password: 'kedan-2026', displayName: '王经理' }
const PASTE = [
  '🏢 深圳市腾达电子有限公司',
  '联系人：李娜 采购经理',
  '手机：139 2345 6789',
  '电话：0755-86001234',
  '邮箱：lina@tengda.com.cn',
  '地址：广东省深圳市南山区科技园南区高新南一道9号',
  '信用代码：91350100M000100Y43',
].join('\n')

let server: RunningServer
let browser: Browser
let ctx: BrowserContext
let page: Page
let token = ''
const pageErrors: string[] = []
const shot = (name: string) => screenshot(page, `paste-card-${name}`)

describe('粘贴识别 on the customer form, 复制名片 on the customer page', () => {
  beforeAll(async () => {
    server = await startE2eServer()
    const setup = await api(server.url, 'auth.setup', { companyName: '北京客单演示有限公司', ...ADMIN })
    expect(setup.body.ok).toBe(true)
    token = setup.body.data.token
    browser = await launchBrowser()
    ;({ ctx, page } = await newWorkstation(browser, pageErrors))
    await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url })
    await login(page, server.url, ADMIN)
  })

  afterAll(async () => {
    await ctx?.close()
    await browser?.close()
    await server?.stop()
  })

  it('fills the form from a pasted card and marks every recognised field; nothing is saved until 保存', async () => {
    await page.goto(`${server.url}/#/customers/new`)
    await page.getByTestId('customer-paste-card').click()
    const modal = page.getByTestId('paste-card-modal')
    await modal.getByTestId('paste-card-text').fill(PASTE)
    await page.waitForTimeout(400) // the modal's fade-in, for the screenshot only
    await shot('01-paste')
    await modal.getByTestId('paste-card-recognize').click()
    await expect.poll(() => modal.isVisible()).toBe(false)

    const expected: [string, string][] = [
      ['name', '深圳市腾达电子有限公司'],
      ['uscc', '91350100M000100Y43'],
      ['phone', '0755-86001234'],
      ['province', '广东省'],
      ['city', '深圳市'],
      ['district', '南山区'],
      ['address', '科技园南区高新南一道9号'],
      ['contactName', '李娜'],
      ['contactTitle', '采购经理'],
      ['contactMobile', '13923456789'],
      ['contactEmail', 'lina@tengda.com.cn'],
    ]
    // the form's inputs by their field (data-path); the labels are 客户名称, 统一社会信用代码, 公司电话, 省份…
    for (const [label, value] of expected) {
      const input = page.locator(`form [data-path="${label}"]`)
      await expect.poll(() => input.inputValue(), { message: label }).toBe(value)
      expect(await input.getAttribute('data-prefilled'), label).toBe('true')
    }
    // not recognised, not marked
    expect(await field(page, '简称').getAttribute('data-prefilled')).toBeNull()
    expect(await field(page, '客户名称').inputValue()).toBe('深圳市腾达电子有限公司')
    expect(await page.getByText('已识别，请核对').count()).toBe(expected.length)
    await shot('02-prefilled')
    // nothing stored before the user saves
    expect((await apiCall(server.url, 'customer.search', {}, token)).total).toBe(0)

    // an edited field is no longer marked
    await field(page, '职务').fill('采购部经理')
    await expect.poll(() => field(page, '职务').getAttribute('data-prefilled')).toBeNull()

    await page.getByTestId('customer-save').click()
    await page.waitForURL(/#\/customers\/\d+$/)
    const list = await apiCall(server.url, 'customer.search', {}, token)
    expect(list.total).toBe(1)
    const c = await apiCall(server.url, 'customer.get', { id: list.items[0].id }, token)
    expect({ name: c.name, uscc: c.uscc, phone: c.phone, province: c.province, city: c.city, district: c.district, address: c.address }).toEqual({
      name: '深圳市腾达电子有限公司',
      uscc: '91350100M000100Y43',
      phone: '0755-86001234',
      province: '广东省',
      city: '深圳市',
      district: '南山区',
      address: '科技园南区高新南一道9号',
    })
    expect(c.contacts.map((x: any) => [x.name, x.title, x.mobile, x.email, x.isPrimary])).toEqual([['李娜', '采购部经理', '13923456789', 'lina@tengda.com.cn', true]])
  })

  it('复制名片 copies name, contact, phones and address as text for WeChat', async () => {
    await page.getByTestId('customer-copy-card').click()
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(
      ['深圳市腾达电子有限公司', '李娜 采购部经理', '13923456789', '0755-86001234', '广东省深圳市南山区科技园南区高新南一道9号'].join('\n'),
    )
    await expect.poll(() => page.getByText('名片已复制，可以粘贴到微信').isVisible()).toBe(true)
    await page.waitForTimeout(400) // the toast's transition, for the screenshot only
    await shot('03-copied')
    expect(pageErrors).toEqual([])
  })
})
