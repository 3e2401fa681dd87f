import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestCore, type TestCore } from '../testing/test-core'
import { DEFAULT_INDUSTRIES, DEFAULT_SOURCES } from './settings.service'

describe('settings', () => {
  let t: TestCore
  beforeAll(async () => {
    t = await createTestCore()
  })
  afterAll(() => t.close())

  it('starts with the company from setup and the default lists', async () => {
    const s = await t.call('settings.get', {}, t.adminToken)
    expect(s.company).toMatchObject({ name: '测试贸易有限公司', address: '', logo: null })
    expect(s.sources).toEqual(DEFAULT_SOURCES)
    expect(s.industries).toEqual(DEFAULT_INDUSTRIES)
  })

  it('is readable by everyone signed in, writable by admins only', async () => {
    const sales = await t.user('sales')
    expect(await t.raw('settings.get', {}, sales.token)).toMatchObject({ ok: true })
    expect(await t.raw('settings.update', { sources: ['黑客'] }, sales.token)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await t.raw('settings.get', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
  })

  it('updates the letterhead and lists, de-duplicated, and logs before and after', async () => {
    const company = { name: '杭州客单科技有限公司', address: '杭州市西湖区文三路 1 号', phone: '0571-8888 0000', bankName: '招商银行杭州分行', bankAccount: '5719 0000 1234', taxId: '91330106MA2B3C4D5X' }
    const r = await t.call('settings.update', { company, sources: ['官网', '展会', '官网'] }, t.adminToken)
    expect(r.company).toMatchObject(company)
    expect(r.sources).toEqual(['官网', '展会'])
    expect(r.industries).toEqual(DEFAULT_INDUSTRIES)
    expect(await t.call('auth.status')).toMatchObject({ companyName: '杭州客单科技有限公司' })
    const log = await t.call('auditLog.list', { entity: 'setting', entityId: 0 }, t.adminToken)
    const entry = log.items.find((e: { summary: string }) => e.summary === '设置 sources')
    expect(entry).toMatchObject({ action: 'update', userName: '管理员', changes: [{ field: 'sources', before: null, after: ['官网', '展会'] }] })
    // a salesperson may not read settings history
    expect(await t.raw('auditLog.list', { entity: 'setting', entityId: 0 }, (await t.user('sales')).token)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })

  it('validates', async () => {
    expect(await t.raw('settings.update', { company: { name: '' } }, t.adminToken)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(await t.raw('settings.update', { sources: [''] }, t.adminToken)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
  })

  it('answers one version and refuses a save made on a stale one with CONFLICT (who, when), keeping the first save', async () => {
    const { version: v0 } = await t.call('settings.get', {}, t.adminToken)
    const other = await t.user('admin', { displayName: '王管理' })
    const first = await t.call('settings.update', { version: v0, followUp: { revisitDelayDays: 5 } }, other.token)
    expect(first.version).toBe(v0 + 1)
    // the second admin still holds v0: refused, with the first one's name; nothing of theirs is written
    const stale = await t.raw('settings.update', { version: v0, followUp: { revisitDelayDays: 9 }, sources: ['展会'] }, t.adminToken)
    expect(stale).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { entity: 'settings', currentVersion: v0 + 1, updatedBy: '王管理' } } })
    const now = await t.call('settings.get', {}, t.adminToken)
    expect(now).toMatchObject({ version: v0 + 1, followUp: { revisitDelayDays: 5 } })
    expect(now.sources).not.toEqual(['展会'])
    // with the fresh version it saves
    expect((await t.call('settings.update', { version: v0 + 1, followUp: { revisitDelayDays: 9 } }, t.adminToken)).version).toBe(v0 + 2)
  })
})
