import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestCore, TEST_ADMIN_PASSWORD, type TestCore } from '../testing/test-core'
import { runDailyPoolSweep } from './pool.jobs'

/**
 * 公海 rules (issue 14, settings.pool) through the contract, on SQLite and PostgreSQL (KEDAN_TEST_ENGINE=postgres):
 * the daily sweep on a moved clock, the private-customer limit and the claim-back block. Dates are Beijing days.
 */

type User = { id: number; token: string; username: string }

/** Moves the clock and signs everyone in again (sessions end after 12 idle hours). */
async function at(t: TestCore, iso: string, users: User[]) {
  t.clock.set(iso)
  t.adminToken = (await t.call('auth.login', { username: 'admin', password: TEST_ADMIN_PASSWORD })).token
  for (const u of users) u.token = (await t.call('auth.login', { username: u.username, password: 'pass1234' })).token
}

const summaries = async (t: TestCore, id: number) =>
  (await t.call('auditLog.list', { entity: 'customer', entityId: id, page: 1, pageSize: 50 }, t.adminToken)).items.map((i: { summary: string }) => i.summary) as string[]

describe('the daily sweep: no follow-up and no order for N days → back to the pool, a reminder M days before', () => {
  let t: TestCore
  let sales: User
  let goods: number
  beforeAll(async () => {
    t = await createTestCore({ now: '2026-12-04T10:00:00+08:00' })
    sales = await t.user('sales', { displayName: '郑业务' })
    goods = (await t.call('product.create', { code: 'G1', name: '轴承', unit: '个', salePrice: '10', initialStock: '100' }, t.adminToken)).id
    const s = await t.call('settings.get', {}, t.adminToken)
    const saved = await t.call('settings.update', { version: s.version, pool: { returnAfterDays: 30, warnDaysBefore: 5 } }, t.adminToken)
    expect(saved.pool).toEqual({ returnAfterDays: 30, warnDaysBefore: 5, maxPrivate: 0, reclaimBlockDays: 0 })
  })
  afterAll(() => t.close())

  const sweep = () => t.call('customer.poolSweep', {}, t.adminToken)
  const owner = async (id: number) => (await t.call('customer.get', { id }, t.adminToken)).ownerId

  it('warns on day N−M, once, and returns the customer on day N (logged, versioned)', async () => {
    // created and owned since 2026-12-04: reminder from 2026-12-29 (25 days), back to the pool on 2027-01-03 (30 days)
    const x = await t.call('customer.create', { name: '金华婺城五金有限公司' }, sales.token)
    await at(t, '2026-12-28T09:00:00+08:00', [sales])
    expect(await sweep()).toEqual({ returned: 0, warned: 0 })
    await at(t, '2026-12-29T09:00:00+08:00', [sales])
    expect(await sweep()).toEqual({ returned: 0, warned: 1 })
    const due = await t.call('followUp.due', { page: 1, pageSize: 20 }, sales.token)
    const reminder = due.items.find((f: { customerId: number }) => f.customerId === x.id)
    expect(reminder).toMatchObject({ type: 'poolWarning', nextFollowUpOn: '2026-12-29', content: '公海提醒：该客户自 2026-12-04 起没有跟进和订单，如仍无跟进，将于 2027-01-03 自动退回公海' })
    // the reminder is not a follow-up: the customer's last follow-up stays empty, a second sweep adds none
    expect((await t.call('customer.get', { id: x.id }, sales.token)).lastFollowUpAt).toBeNull()
    expect(await sweep()).toEqual({ returned: 0, warned: 0 })
    await at(t, '2027-01-02T23:30:00+08:00', [sales])
    expect(await sweep()).toEqual({ returned: 0, warned: 0 })
    expect(await owner(x.id)).toBe(sales.id)
    await at(t, '2027-01-03T00:10:00+08:00', [sales])
    expect(await sweep()).toEqual({ returned: 1, warned: 0 })
    const after = await t.call('customer.get', { id: x.id }, t.adminToken)
    expect(after).toMatchObject({ ownerId: null, version: x.version + 1 })
    expect(await summaries(t, x.id)).toContain('超过 30 天无跟进、无订单（最后活动 2026-12-04），自动退回公海')
    // it is in the pool for everyone now, and leaves the salesperson's 待跟进
    expect((await t.call('customer.search', { pool: true, page: 1, pageSize: 50 }, sales.token)).items.map((c: { id: number }) => c.id)).toContain(x.id)
    expect((await t.call('followUp.due', { page: 1, pageSize: 20 }, sales.token)).items.some((f: { customerId: number }) => f.customerId === x.id)).toBe(false)
  })

  it('a follow-up starts the N days again and completes the reminder', async () => {
    await at(t, '2027-01-05T10:00:00+08:00', [sales])
    const y = await t.call('customer.create', { name: '衢州柯城机电有限公司' }, sales.token)
    await at(t, '2027-01-30T10:00:00+08:00', [sales]) // 25 days: reminder
    expect(await sweep()).toEqual({ returned: 0, warned: 1 })
    await at(t, '2027-02-01T15:00:00+08:00', [sales])
    await t.call('followUp.create', { customerId: y.id, type: 'call', content: '电话确认年后采购计划' }, sales.token)
    expect((await t.call('followUp.due', { page: 1, pageSize: 20 }, sales.token)).items.some((f: { customerId: number }) => f.customerId === y.id)).toBe(false)
    // 30 days after creation it stays: the last activity is the follow-up of 2027-02-01 (back on 2027-03-03)
    await at(t, '2027-02-04T10:00:00+08:00', [sales])
    expect(await sweep()).toEqual({ returned: 0, warned: 0 })
    await at(t, '2027-03-02T10:00:00+08:00', [sales])
    await sweep()
    expect(await owner(y.id)).toBe(sales.id)
    await at(t, '2027-03-03T10:00:00+08:00', [sales])
    await sweep()
    expect(await owner(y.id)).toBeNull()
  })

  it('an order starts the N days again', async () => {
    await at(t, '2027-04-01T10:00:00+08:00', [sales])
    const z = await t.call('customer.create', { name: '丽水莲都阀门有限公司' }, sales.token)
    await at(t, '2027-04-20T10:00:00+08:00', [sales])
    await t.call('order.create', { customerId: z.id, lines: [{ productId: goods, quantity: '1' }] }, sales.token)
    // 2027-05-01 is 30 days after creation but 11 after the order: stays; back on 2027-05-20 (order day + 30)
    await at(t, '2027-05-01T10:00:00+08:00', [sales])
    await sweep()
    expect(await owner(z.id)).toBe(sales.id)
    await at(t, '2027-05-19T10:00:00+08:00', [sales])
    await sweep()
    expect(await owner(z.id)).toBe(sales.id)
    await at(t, '2027-05-20T10:00:00+08:00', [sales])
    await sweep()
    expect(await owner(z.id)).toBeNull()
  })

  it('the host runs it once per company day (runDailyPoolSweep), a manual sweep only for admins', async () => {
    await at(t, '2027-06-01T10:00:00+08:00', [sales])
    const w = await t.call('customer.create', { name: '湖州吴兴丝绸有限公司' }, sales.token)
    await at(t, '2027-07-01T08:00:00+08:00', [sales])
    const now = () => t.clock.now
    expect(await runDailyPoolSweep(t.core, now)).toEqual({ returned: 1, warned: 0, ran: true })
    expect(await runDailyPoolSweep(t.core, now)).toEqual({ returned: 0, warned: 0, ran: false })
    expect(await owner(w.id)).toBeNull()
    // the log of the system's own change names no person
    const log = await t.call('auditLog.list', { entity: 'customer', entityId: w.id, page: 1, pageSize: 5 }, t.adminToken)
    expect(log.items[0]).toMatchObject({ action: 'poolReturn', userName: null })
    await at(t, '2027-07-02T08:00:00+08:00', [sales])
    expect((await runDailyPoolSweep(t.core, now)).ran).toBe(true)
    const refused = await t.raw('customer.poolSweep', {}, sales.token)
    expect(refused.ok || refused.error.code).toBe('FORBIDDEN')
  })
})

describe('at most K private customers per salesperson', () => {
  let t: TestCore
  let sales: User
  let mgr: User
  beforeAll(async () => {
    t = await createTestCore({ now: '2026-12-04T10:00:00+08:00' })
    mgr = await t.user('manager', { displayName: '冯经理' })
    sales = await t.user('sales', { displayName: '陈业务', managerId: mgr.id })
    const s = await t.call('settings.get', {}, t.adminToken)
    await t.call('settings.update', { version: s.version, pool: { maxPrivate: 2 } }, t.adminToken)
  })
  afterAll(() => t.close())

  it('refuses create, claim and assign beyond the limit with a clear message; the pool and managers are not limited', async () => {
    await t.call('customer.create', { name: '台州椒江塑料有限公司' }, sales.token)
    await t.call('customer.create', { name: '台州黄岩模具有限公司' }, sales.token)
    const third = await t.raw('customer.create', { name: '台州路桥汽配有限公司' }, sales.token)
    expect(third.ok).toBe(false)
    if (!third.ok) expect(third.error).toMatchObject({ code: 'BUSINESS_RULE', key: 'customer.privateLimitSelf', message: '你名下已有 2 个私有客户，已达上限 2 个：请先把不再跟进的客户释放到公海' })
    // into the pool it may go
    const pooled = await t.call('customer.create', { name: '台州路桥汽配有限公司', ownerId: null }, sales.token)
    const claim = await t.raw('customer.claim', { id: pooled.id }, sales.token)
    expect(!claim.ok && claim.error.key).toBe('customer.privateLimitSelf')
    const assign = await t.raw('customer.assign', { ids: [pooled.id], ownerId: sales.id }, t.adminToken)
    expect(assign.ok).toBe(false)
    if (!assign.ok) expect(assign.error).toMatchObject({ key: 'customer.privateLimit', message: '陈业务 名下已有 2 个私有客户，已达上限 2 个（设置 › 公海规则）' })
    expect((await t.call('customer.get', { id: pooled.id }, t.adminToken)).ownerId).toBeNull()
    // a manager holding customers is not limited
    await t.call('customer.assign', { ids: [pooled.id], ownerId: mgr.id }, t.adminToken)
    await t.call('customer.create', { name: '温岭泵业有限公司' }, mgr.token)
    // releasing one makes room again
    const mine = await t.call('customer.search', { ownerId: sales.id, page: 1, pageSize: 10 }, sales.token)
    await t.call('customer.release', { id: mine.items[0].id }, sales.token)
    await t.call('customer.create', { name: '玉环阀门有限公司' }, sales.token)
  })
})

describe('who released a customer cannot claim it back for D days', () => {
  let t: TestCore
  let a: User
  let b: User
  beforeAll(async () => {
    t = await createTestCore({ now: '2026-12-04T10:00:00+08:00' })
    a = await t.user('sales', { displayName: '甲业务' })
    b = await t.user('sales', { displayName: '乙业务' })
    const s = await t.call('settings.get', {}, t.adminToken)
    await t.call('settings.update', { version: s.version, pool: { reclaimBlockDays: 7 } }, t.adminToken)
  })
  afterAll(() => t.close())

  it('refuses the one who released it until the 7th day; others claim at once', async () => {
    const c = await t.call('customer.create', { name: '嘉兴南湖电子有限公司' }, a.token)
    await t.call('customer.release', { id: c.id, reason: '客户暂无需求' }, a.token)
    await at(t, '2026-12-10T18:00:00+08:00', [a, b])
    const back = await t.raw('customer.claim', { id: c.id }, a.token)
    expect(back.ok).toBe(false)
    if (!back.ok) expect(back.error).toMatchObject({ code: 'BUSINESS_RULE', key: 'customer.reclaimTooSoon', message: '该客户于 2026-12-04 从你名下回到公海，7 天内不能再次领取（2026-12-11 起可领取）' })
    // another salesperson may; after they release it, the first one's block has passed on 2026-12-11
    const claimed = await t.call('customer.claim', { id: c.id }, b.token)
    await t.call('customer.release', { id: c.id, version: claimed.version }, b.token)
    await at(t, '2026-12-11T08:00:00+08:00', [a, b])
    expect((await t.call('customer.claim', { id: c.id }, a.token)).ownerId).toBe(a.id)
    const log = await summaries(t, c.id)
    expect(log.filter((s) => s.includes('从公海领取客户'))).toHaveLength(2)
  })
})
