/**
 * Issue 8: the conflict dialog's 覆盖 (overwrite) button, end to end in Chromium. Two workstations open the same
 * customer; A saves a new phone number; B, still on the old version, changes only the remark and saves → 该记录已被
 * 他人修改; B chooses 覆盖. The overwrite resends B's own change only (the request carries the remark and no other
 * field), so A's phone number survives and B's remark is saved on the latest version.
 * The same for the settings (业务设置), which carry one version since issue 8: another administrator saves the
 * 回访 delay while this one edits a win rate; the save is refused with who, and 覆盖 sends only the win rate.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser } from '../support/browser'
import { apiCall, field, login, newWorkstation, screenshot, startE2eServer } from '../support/e2e'
import { api, type RunningServer } from '../support/server'

const ADMIN = { username: 'admin', password: 'kedan-2026', displayName: '王经理' }
const MANAGER = { username: 'lisi', password: 'lisi-2026', displayName: '李四' }

let server: RunningServer
let browser: Browser
const contexts: BrowserContext[] = []
const pageErrors: string[] = []
let token = ''
let customerId = 0

describe('conflict dialog: 覆盖', () => {
  beforeAll(async () => {
    server = await startE2eServer()
    browser = await launchBrowser()
    const setup = await api(server.url, 'auth.setup', { companyName: '北京客单演示有限公司', username: ADMIN.username, password: ADMIN.password, displayName: ADMIN.displayName })
    expect(setup.body.ok).toBe(true)
    token = setup.body.data.token
    await apiCall(server.url, 'user.create', { username: MANAGER.username, password: MANAGER.password, displayName: MANAGER.displayName, role: 'manager' }, token)
    const c = await apiCall(server.url, 'customer.create', { name: '杭州西溪湿地文旅有限公司', phone: '0571-8800 0001', remark: '年底集中采购' }, token)
    customerId = c.id
  })

  afterAll(async () => {
    for (const c of contexts) await c.close()
    await browser?.close()
    await server?.stop()
  })

  async function workstation(user: { username: string; password: string }): Promise<Page> {
    const { ctx, page } = await newWorkstation(browser, pageErrors)
    contexts.push(ctx)
    await login(page, server.url, user)
    await page.goto(`${server.url}/#/customers/${customerId}/edit`)
    await field(page, '备注').waitFor()
    return page
  }

  it('resends only the user’s own change: the other person’s field survives', async () => {
    const a = await workstation(ADMIN)
    const b = await workstation(MANAGER)

    // A: a new phone number, saved
    await field(a, '公司电话').fill('0571-8800 0002')
    await a.getByTestId('customer-save').click()
    await a.waitForURL(new RegExp(`#/customers/${customerId}$`))

    // B, on the version both opened: only the remark
    const remark = '李四：样品已寄出，等待试用反馈'
    await field(b, '备注').fill(remark)
    const sent: Record<string, unknown>[] = []
    b.on('request', (r) => {
      if (r.url().endsWith('/api/customer.update')) sent.push(JSON.parse(r.postData() ?? '{}'))
    })
    await b.getByTestId('customer-save').click()
    const alert = b.getByTestId('conflict-alert')
    await alert.waitFor()
    expect(await alert.textContent()).toContain(ADMIN.displayName)
    // B still sees the old phone number in the form: a whole-form resend would put it back
    expect(await field(b, '公司电话').inputValue()).toBe('0571-8800 0001')
    await screenshot(b, 'conflict-overwrite-1-alert')

    await b.getByTestId('conflict-overwrite').click()
    await b.waitForURL(new RegExp(`#/customers/${customerId}$`))

    // two requests: the stale save and the overwrite; each carries the remark and no other field of the form
    expect(sent).toHaveLength(2)
    const overwrite = sent[1]!
    const fields = Object.keys(overwrite).filter((k) => !['id', 'version', 'confirmDuplicate'].includes(k))
    expect(fields).toEqual(['remark'])
    expect(overwrite.remark).toBe(remark)
    expect(overwrite.version).toBe((sent[0]!.version as number) + 1)

    const got = await apiCall(server.url, 'customer.get', { id: customerId }, token)
    expect(got.phone).toBe('0571-8800 0002')
    expect(got.remark).toBe(remark)
    await expect.poll(() => b.getByTestId('customer-basic').textContent()).toContain('0571-8800 0002')
    await screenshot(b, 'conflict-overwrite-2-saved')
    expect(pageErrors).toEqual([])
  })

  it('业务设置: a save on a stale settings version shows who saved; 覆盖 sends only this user’s change', async () => {
    const other = { username: 'zhao', password: 'zhao-2026', displayName: '赵管理' }
    await apiCall(server.url, 'user.create', { ...other, role: 'admin' }, token)
    const otherToken = (await apiCall(server.url, 'auth.login', { username: other.username, password: other.password }, '')).token

    const { ctx, page } = await newWorkstation(browser, pageErrors)
    contexts.push(ctx)
    await login(page, server.url, ADMIN)
    await page.goto(`${server.url}/#/settings/business`)
    await page.getByTestId('probability-negotiation').waitFor()

    // the other administrator saves the 回访 delay meanwhile
    const before = await apiCall(server.url, 'settings.get', {}, otherToken)
    await apiCall(server.url, 'settings.update', { version: before.version, followUp: { revisitDelayDays: 7 } }, otherToken)

    const sent: Record<string, unknown>[] = []
    page.on('request', (r) => {
      if (r.url().endsWith('/api/settings.update')) sent.push(JSON.parse(r.postData() ?? '{}'))
    })
    await page.getByTestId('probability-negotiation').fill('80')
    await page.getByTestId('business-save').click()
    const alert = page.getByTestId('conflict-alert')
    await alert.waitFor()
    expect(await alert.textContent()).toContain('赵管理')
    await screenshot(page, 'conflict-settings-alert')
    await page.getByTestId('conflict-overwrite').click()
    await alert.waitFor({ state: 'detached' })

    expect(sent).toHaveLength(2)
    expect(sent[0]).toEqual({ version: before.version, opportunityProbabilities: { negotiation: 80 } })
    expect(sent[1]).toEqual({ version: before.version + 1, opportunityProbabilities: { negotiation: 80 } })
    const now = await apiCall(server.url, 'settings.get', {}, token)
    expect(now.followUp.revisitDelayDays).toBe(7)
    expect(now.opportunityProbabilities.negotiation).toBe(80)
    expect(now.version).toBe(before.version + 2)
    expect(pageErrors).toEqual([])
  })
})
