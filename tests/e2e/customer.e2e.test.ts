/**
 * The customer archive end to end, in Chromium against the real headless host:
 * first-run setup → login → create a customer → duplicate warning → find it by pinyin initials → edit →
 * a second browser context edits the same customer and gets 该记录已被他人修改 with its input kept →
 * a follow-up due today → it appears in 我的待跟进.
 * Screenshots of the key steps go to test-results/e2e/*.png.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser } from '../support/browser'
import { field, login, newWorkstation, screenshot, startE2eServer } from '../support/e2e'
import { api, type RunningServer } from '../support/server'

const ADMIN = { username: 'admin', password: 'kedan-2026', displayName: '王经理' }
const MANAGER = { username: 'lisi', password: 'lisi-2026', displayName: '李四' }
const FIRST = '北京华星科技有限公司'
const SECOND = '北京华星科技（有限公司）'

let server: RunningServer
let browser: Browser
let ctxA: BrowserContext
let ctxB: BrowserContext
let a: Page
let b: Page
let firstId = 0
const pageErrors: string[] = []

/** The last success notification shown. */
const success = (page: Page) => page.getByTestId('notify-success').last()

describe('customer archive in the browser', () => {
  beforeAll(async () => {
    server = await startE2eServer()
    browser = await launchBrowser()
    ;({ ctx: ctxA, page: a } = await newWorkstation(browser, pageErrors))
  })

  afterAll(async () => {
    await ctxA?.close()
    await ctxB?.close()
    await browser?.close()
    await server?.stop()
  })

  it('first-run setup creates the company and the administrator', async () => {
    await a.goto(server.url)
    await a.waitForURL(/#\/setup/)
    await expect.poll(() => a.evaluate(() => document.activeElement?.getAttribute('id') ?? '')).not.toBe('')
    await field(a, '公司名称').fill('北京客单演示有限公司')
    await field(a, '管理员姓名').fill(ADMIN.displayName)
    await field(a, '登录用户名').fill(ADMIN.username)
    await field(a, '密码').fill(ADMIN.password)
    await field(a, '确认密码').fill(ADMIN.password)
    await screenshot(a, '01-setup')
    await a.getByRole('button', { name: '完成设置并登录' }).click()
    await a.waitForURL(/#\/customers$/)
    await expect.poll(() => a.getByTestId('company-name').textContent()).toBe('北京客单演示有限公司')
    await a.getByTestId('empty-state').waitFor()
    expect(await a.getByTestId('empty-state').textContent()).toContain('还没有客户')
    // a second setup is refused by the core
    const again = await api(server.url, 'auth.setup', { companyName: 'x', username: 'x2', password: 'secret12', displayName: 'x' })
    expect(again.body.ok).toBe(false)
  })

  it('signs out and signs in again; a wrong password is refused', async () => {
    await a.getByTestId('user-menu').click()
    await a.getByTestId('logout').click()
    await a.waitForURL(/#\/login/)
    await field(a, '用户名').fill(ADMIN.username)
    await field(a, '密码').fill('wrong-password')
    await a.getByRole('button', { name: '登录' }).click()
    await a.getByTestId('login-error').waitFor()
    expect(await a.getByTestId('login-error').textContent()).toMatch(/用户名或密码/)
    await screenshot(a, '02-login-error')
    await login(a, server.url, ADMIN)
    expect(await a.getByTestId('user-menu').textContent()).toContain(ADMIN.displayName)
  })

  it('the admin creates a sales manager on 用户与角色', async () => {
    await a.getByTestId('nav-users').click()
    await a.waitForURL(/#\/settings\/users/)
    await a.getByTestId('user-new').click()
    const form = a.getByTestId('user-form')
    await field(form, '姓名').fill(MANAGER.displayName)
    await field(form, '用户名').fill(MANAGER.username)
    await field(form, '初始密码').fill(MANAGER.password)
    await form.getByTestId('user-role').click()
    await a.getByRole('option', { name: /^销售经理/ }).click()
    await form.getByTestId('user-save').click()
    await a.locator('[data-testid="user-row"][data-username="lisi"]').waitFor()
    expect(await a.locator('[data-testid="user-row"][data-username="lisi"]').textContent()).toContain('销售经理')
    await screenshot(a, '03-users')
  })

  it('creates a customer with its primary contact (Ctrl+S saves)', async () => {
    await a.getByTestId('nav-customers').click()
    await a.getByTestId('customer-new').click()
    await a.waitForURL(/#\/customers\/new/)
    // the first field has the focus: type straight away
    await expect.poll(() => field(a, '客户名称').evaluate((el) => el === document.activeElement)).toBe(true)
    await a.keyboard.type(FIRST)
    expect(await field(a, '客户名称').inputValue()).toBe(FIRST)
    await field(a, '公司电话').fill('010-62345678')
    await field(a, '联系人姓名').fill('张伟')
    await field(a, '手机').fill('138 0013 8000')
    await field(a, '详细地址').fill('北京市海淀区中关村大街 1 号')
    await a.keyboard.press('Control+s')
    await a.waitForURL(/#\/customers\/\d+$/)
    firstId = Number(/customers\/(\d+)/.exec(a.url())![1])
    await expect.poll(() => a.getByTestId('page-title').textContent()).toBe(FIRST)
    await expect.poll(() => success(a).textContent()).toContain('已新建客户')
    await screenshot(a, '04-customer-360')
  })

  it('warns about a duplicate while typing and again on save, and opens the existing customer', async () => {
    await a.goto(`${server.url}/#/customers/new`)
    await field(a, '客户名称').fill(SECOND)
    await a.keyboard.press('Tab') // blur: customer.checkDuplicates
    const warning = a.getByTestId('dup-warning')
    await warning.waitFor()
    expect(await warning.textContent()).toContain(FIRST)
    expect(await warning.textContent()).toContain('名称相同')
    await expect.poll(() => warning.getByTestId('dup-open').count()).toBe(1)
    await screenshot(a, '05-duplicate-warning')

    await a.getByTestId('customer-save').click()
    const modal = a.getByTestId('dup-modal')
    await modal.getByText('发现可能重复的客户').waitFor()
    expect(await a.getByRole('dialog').textContent()).toContain(FIRST)
    await a.getByRole('button', { name: '仍然创建' }).waitFor()
    await screenshot(a, '06-duplicate-modal')
    await a.getByTestId('dup-open-primary').click()
    await a.waitForURL(new RegExp(`#/customers/${firstId}$`))
    await expect.poll(() => a.getByTestId('page-title').textContent()).toBe(FIRST)
    // nothing was created
    const all = await a.evaluate(async () => {
      const r = await fetch('api/customer.search', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${localStorage.getItem('kedan.token')}` }, body: '{}' })
      return (await r.json()).data.total as number
    })
    expect(all).toBe(1)
  })

  it('finds the customer by its pinyin initials', async () => {
    await a.getByTestId('nav-customers').click()
    await a.waitForURL(/#\/customers$/)
    await a.getByTestId('customer-search').fill('bjhx')
    await a.waitForURL(/q=bjhx/)
    await expect.poll(() => a.getByTestId('table-total').textContent()).toContain('共 1 条')
    const rows = a.getByTestId('customer-row')
    expect(await rows.count()).toBe(1)
    expect(await rows.first().textContent()).toContain(FIRST)
    expect(await rows.first().textContent()).toContain('张伟')
    await screenshot(a, '07-search-pinyin')
    // a fragment of the phone finds it too; nonsense finds nothing and says so
    await a.getByTestId('customer-search').fill('62345')
    await expect.poll(() => a.getByTestId('customer-row').count()).toBe(1)
    await a.getByTestId('customer-search').fill('zzzzqq')
    await a.getByText('没有找到符合条件的客户').waitFor()
  })

  it('edits the customer and saves', async () => {
    await a.getByTestId('customer-search').fill('bjhx')
    await a.getByTestId('customer-row').first().waitFor()
    await a.getByTestId('customer-row').first().click()
    await a.waitForURL(new RegExp(`#/customers/${firstId}$`))
    await a.getByTestId('customer-edit').click()
    await a.waitForURL(/\/edit$/)
    await field(a, '简称').fill('华星科技')
    await a.keyboard.press('Control+s')
    await a.waitForURL(new RegExp(`#/customers/${firstId}$`))
    await expect.poll(() => success(a).textContent()).toContain('客户资料已保存')
    await expect.poll(() => a.getByTestId('customer-basic').textContent()).toContain('华星科技')
  })

  it('a second user editing the same customer gets 该记录已被他人修改 and keeps what they typed', async () => {
    ;({ ctx: ctxB, page: b } = await newWorkstation(browser, pageErrors))
    await login(b, server.url, MANAGER)
    // both open the edit form on the same version
    await b.goto(`${server.url}/#/customers/${firstId}/edit`)
    await a.goto(`${server.url}/#/customers/${firstId}/edit`)
    await field(b, '备注').waitFor()
    await field(a, '备注').waitFor()

    // A saves first: a new phone and a remark
    await field(a, '公司电话').fill('010-88886666')
    await field(a, '备注').fill('A：客户要求月底前报价')
    await a.getByTestId('customer-save').click()
    await a.waitForURL(new RegExp(`#/customers/${firstId}$`))

    // B saves second on the stale version
    const mine = 'B：已寄送样品，等待试用反馈'
    await field(b, '备注').fill(mine)
    await b.getByTestId('customer-save').click()
    const alert = b.getByTestId('conflict-alert')
    await alert.waitFor()
    const text = (await alert.textContent()) ?? ''
    expect(text).toContain('该记录已被他人修改')
    expect(text).toContain(ADMIN.displayName)
    expect(text).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/)
    expect(await field(b, '备注').inputValue()).toBe(mine)
    expect(b.url()).toMatch(/\/edit$/)
    await screenshot(b, '08-conflict')

    // reload: A's phone comes in, B's remark stays, with A's remark shown next to it
    await b.getByTestId('conflict-reload').click()
    await b.getByTestId('theirs-remark').waitFor()
    expect(await b.getByTestId('theirs-remark').textContent()).toContain('A：客户要求月底前报价')
    expect(await field(b, '备注').inputValue()).toBe(mine)
    expect(await field(b, '公司电话').inputValue()).toBe('010-88886666')
    await screenshot(b, '09-conflict-reloaded')
    await b.keyboard.press('Control+s')
    await b.waitForURL(new RegExp(`#/customers/${firstId}$`))

    // nothing of A's save is lost, B's remark is saved
    const token = await b.evaluate(() => localStorage.getItem('kedan.token'))
    const got = await api(server.url, 'customer.get', { id: firstId }, token!)
    expect(got.body.data.phone).toBe('010-88886666')
    expect(got.body.data.remark).toBe(mine)
    expect(got.body.data.shortName).toBe('华星科技')

    // the operation log reads in people's words: field names and before → after
    await b.getByTestId('tab-audit').click()
    await b.getByTestId('audit-entry').first().waitFor()
    const log = (await b.getByTestId('audit-log').textContent()) ?? ''
    expect(log).toContain('备注')
    expect(log).toContain('公司电话')
    expect(log).toContain('新建')
    expect(log).toContain(MANAGER.displayName)
    await screenshot(b, '10-audit-log')
  })

  it('a follow-up due today from the list row appears in 我的待跟进', async () => {
    await a.getByTestId('nav-customers').click()
    await a.getByTestId('customer-search').fill('bjhx')
    await a.getByTestId('customer-row').first().waitFor()
    await a.getByTestId('customer-row').first().getByTestId('row-follow-up').click()
    const form = a.getByTestId('follow-up-form')
    await form.waitFor()
    // the content box has the focus
    await expect.poll(() => field(form, '跟进内容').evaluate((el) => el === document.activeElement)).toBe(true)
    await a.keyboard.type('电话沟通报价，客户下周确认型号')
    await form.getByTestId('next-preset-today').click()
    await screenshot(a, '11-follow-up')
    await a.keyboard.press('Control+Enter')
    await form.waitFor({ state: 'detached' })
    await expect.poll(() => success(a).textContent()).toContain('跟进记录已保存')

    await a.getByTestId('nav-due').click()
    await a.waitForURL(/#\/customers\/due/)
    const row = a.getByTestId('due-row').first()
    await row.waitFor()
    expect(await row.textContent()).toContain(FIRST)
    expect(await row.textContent()).toContain('今天到期')
    expect(await row.textContent()).toContain('电话沟通报价')
    await expect.poll(() => a.getByTestId('due-count').textContent()).toBe('1')
    await screenshot(a, '12-due')
    await row.click()
    await a.waitForURL(new RegExp(`#/customers/${firstId}$`))
    await a.getByTestId('tab-follow-ups').click()
    await a.getByTestId('follow-up-item').first().waitFor()
    expect(await a.getByTestId('follow-up-item').first().textContent()).toContain('电话沟通报价')
    await screenshot(a, '13-follow-ups-tab')
  })

  it('switches to English and back; placeholders for areas not built yet', async () => {
    await a.getByTestId('language-switch').click()
    await a.getByRole('menuitem', { name: 'English' }).click()
    await expect.poll(() => a.getByTestId('nav-customers').textContent()).toBe('Customer list')
    // an area not built yet shows a tidy placeholder, never a blank page
    const soon = a.locator('[data-coming-soon]')
    const hasSoon = (await soon.count()) > 0
    if (hasSoon) {
      await soon.first().click()
      await a.getByTestId('coming-soon').waitFor()
      expect(await a.getByTestId('coming-soon').textContent()).toContain('coming soon')
    }
    await a.getByTestId('language-switch').click()
    await a.getByRole('menuitem', { name: '简体中文' }).click()
    await expect.poll(() => a.getByTestId('nav-customers').textContent()).toBe('客户列表')
    if (hasSoon) {
      await expect.poll(() => a.getByTestId('coming-soon').textContent()).toContain('即将推出')
      await screenshot(a, '14-coming-soon')
    }
    // the choice is remembered
    expect(await a.evaluate(() => localStorage.getItem('kedan.locale'))).toBe('zh-CN')
  })

  it('raised no uncaught errors in the pages', () => {
    expect(pageErrors).toEqual([])
  })
})
