import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { zhCN } from './messages.zh-CN'
import { enUS } from './messages.en-US'
import { pickLocale, renderMessage } from './i18n'
import { appError, AppError, notFound } from '../contract/errors'
import { createTestCore, type TestCore } from '../testing/test-core'

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

describe('core message catalogs', () => {
  it('have the same keys in zh-CN and en-US, with the same parameters, and no English left empty', () => {
    expect(Object.keys(enUS).sort()).toEqual(Object.keys(zhCN).sort())
    for (const [key, zh] of Object.entries(zhCN)) {
      const en = (enUS as Record<string, string>)[key]!
      expect(en.trim(), key).not.toBe('')
      expect(placeholders(en), key).toEqual(placeholders(zh))
    }
  })

  it('English texts are English (no Han characters outside parameters)', () => {
    for (const [key, en] of Object.entries(enUS)) expect(/[\u4e00-\u9fff]/.test(en), key).toBe(false)
  })
})

describe('pickLocale', () => {
  it('reads one tag or an Accept-Language list; anything not English is Chinese', () => {
    expect(pickLocale('en-US')).toBe('en-US')
    expect(pickLocale('en')).toBe('en-US')
    expect(pickLocale('en-GB,en;q=0.9')).toBe('en-US')
    expect(pickLocale('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh-CN')
    expect(pickLocale('fr-FR,en;q=0.5')).toBe('en-US')
    expect(pickLocale('de-DE')).toBe('zh-CN')
    expect(pickLocale('*')).toBe('zh-CN')
    expect(pickLocale(undefined, 'en-US')).toBe('en-US')
    expect(pickLocale('zh-CN', 'en-US')).toBe('zh-CN')
    expect(pickLocale('')).toBe('zh-CN')
  })
})

describe('AppError keys', () => {
  it('a keyed error renders in both languages; nouns inside are messages too', () => {
    const e = notFound('客户')
    expect(e.key).toBe('error.notFound')
    expect(e.params).toEqual({ what: { key: 'entity.customer' } })
    expect(e.message).toBe('客户不存在或无权查看')
    expect(e.body('en-US')).toMatchObject({ code: 'NOT_FOUND', key: 'error.notFound', message: 'Customer not found, or you may not view it' })
    expect(renderMessage('validation.required', { label: { key: 'label.customerName' } }, 'en-US')).toBe('Customer name is required')
  })

  it('an old-style error keeps its text under the generic key error.text', () => {
    const e = new AppError('BUSINESS_RULE', '旧的中文提示', { x: 1 })
    expect(e.body('en-US')).toEqual({ code: 'BUSINESS_RULE', message: '旧的中文提示', key: 'error.text', params: { text: '旧的中文提示' }, details: { x: 1 } })
    expect(JSON.parse(JSON.stringify(appError('FORBIDDEN', 'error.forbidden')))).toEqual({ code: 'FORBIDDEN', message: '没有权限执行此操作', key: 'error.forbidden', params: {} })
  })
})

describe('dispatcher follows meta.locale', () => {
  let tc: TestCore
  beforeAll(async () => {
    tc = await createTestCore()
  })
  afterAll(() => tc.close())

  it('NOT_FOUND and zod issues in English for en-US, Chinese by default', async () => {
    const en = await tc.core.dispatch('customer.get', { id: 987654 }, { token: tc.adminToken, locale: 'en-US' })
    expect(en).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', key: 'error.notFound', message: 'Customer not found, or you may not view it' } })
    const zh = await tc.core.dispatch('customer.get', { id: 987654 }, { token: tc.adminToken })
    expect(zh).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: '客户不存在或无权查看' } })

    const badEn = await tc.core.dispatch('customer.get', { id: 'x' }, { token: tc.adminToken, locale: 'en-US,en;q=0.9' })
    expect(badEn.ok).toBe(false)
    if (badEn.ok) return
    expect(badEn.error).toMatchObject({ code: 'VALIDATION', key: 'validation.field', params: { path: 'id' } })
    expect(badEn.error.message).toMatch(/^id: Invalid input: expected number/)
    const badZh = await tc.core.dispatch('customer.get', { id: 'x' }, { token: tc.adminToken })
    expect(badZh.ok ? '' : badZh.error.message).toMatch(/^id: 无效输入/)

    // our own schema messages: a label from the catalog, and a customer rule
    const created = await tc.core.dispatch('customer.create', { name: '  ', kind: 'company', uscc: '91310000MA1FL0XX0X' }, { token: tc.adminToken, locale: 'en-US' })
    expect(created.ok).toBe(false)
    if (created.ok) return
    const issues = (created.error.details as { issues: { path: string; message: string }[] }).issues
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'name', message: 'Customer name is required' }),
        expect.objectContaining({ path: 'uscc', message: 'Invalid unified social credit code (18 characters and a matching check character)' }),
      ]),
    )
    const createdZh = await tc.core.dispatch('customer.create', { name: '  ', kind: 'company', uscc: '91310000MA1FL0XX0X' }, { token: tc.adminToken })
    const zhIssues = createdZh.ok ? [] : (createdZh.error.details as { issues: { path: string; message: string }[] }).issues
    expect(zhIssues.map((i) => i.message)).toEqual(expect.arrayContaining(['客户名称不能为空', '统一社会信用代码无效（应为 18 位，校验位不符）']))

    // labels and log summaries follow the caller too; the stored summary stays readable Chinese
    const customer = await tc.call('customer.create', { name: '宁波海纳贸易有限公司', kind: 'company' }, tc.adminToken)
    const product = await tc.call('product.create', { code: 'I18N-1', name: '不锈钢合页', unit: '个', salePrice: '10.00', taxRate: 13 }, tc.adminToken)
    const order = await tc.call('order.create', { customerId: customer.id, lines: [{ productId: product.id, quantity: '3', unitPrice: '10', taxRate: 13 }] }, tc.adminToken)
    const got = await tc.core.dispatch<{ statusLabel: string; history: { summary: string | null }[] }>('order.get', { id: order.id }, { token: tc.adminToken, locale: 'en-US' })
    expect(got.ok && got.data.statusLabel).toBe('Draft')
    expect(got.ok && got.data.history.map((h) => h.summary)).toContain(`Order ${order.number} created: 1 lines, total ¥30.00`)
    const log = await tc.core.dispatch<{ items: { summary: string | null }[] }>('auditLog.list', { entity: 'customer', entityId: customer.id }, { token: tc.adminToken, locale: 'en-US' })
    expect(log.ok && log.data.items.map((i) => i.summary)).toContain(`Customer ${customer.code} 宁波海纳贸易有限公司 created`)
    const logZh = await tc.call('auditLog.list', { entity: 'customer', entityId: customer.id }, tc.adminToken)
    expect(logZh.items.map((i: { summary: string }) => i.summary)).toContain(`新建客户 ${customer.code} 宁波海纳贸易有限公司`)
    const zhOrder = await tc.call('order.get', { id: order.id }, tc.adminToken)
    expect(zhOrder.statusLabel).toBe('草稿')

    // a permission refusal names the field and the permission in the caller's language
    const sales = await tc.user('sales')
    const own = await tc.call('customer.create', { name: '温州百川阀门有限公司', kind: 'company' }, sales.token)
    const refused = await tc.core.dispatch('customer.update', { id: own.id, version: own.version, creditLimitFen: 100 }, { token: sales.token, locale: 'en-US' })
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', key: 'auth.fieldNeeds', message: 'You may not change Credit limit (creditLimitFen): it needs the "credit limits and payment terms" permission' } })
    expect(refused.ok ? null : (refused.error.details as { issues: { message: string }[] }).issues[0]!.message).toBe('You may not change Credit limit')

    const unknown = await tc.core.dispatch('nope.nothing', {}, { locale: 'en-US' })
    expect(unknown).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: 'Unknown method: nope.nothing' } })
  })
})
