import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestCore, type TestCore } from '../testing/test-core'

type U = { id: number; token: string; username: string }

/**
 * Data scope, enforced in the core: sales sees own + pool; a manager sees own + team + pool;
 * everyone else sees all. Outside scope is NOT_FOUND and absent from search.
 */
describe('data scope', () => {
  let t: TestCore
  let mgrA: U, mgrB: U, salesA1: U, salesA2: U, salesB1: U
  const c: Record<string, number> = {}

  beforeAll(async () => {
    t = await createTestCore()
    mgrA = await t.user('manager', { displayName: '经理甲' })
    mgrB = await t.user('manager', { displayName: '经理乙' })
    salesA1 = await t.user('sales', { managerId: mgrA.id, displayName: '甲组一' })
    salesA2 = await t.user('sales', { managerId: mgrA.id, displayName: '甲组二' })
    salesB1 = await t.user('sales', { managerId: mgrB.id, displayName: '乙组一' })
    c.a1 = (await t.call('customer.create', { name: '甲组一的客户' }, salesA1.token)).id
    c.a2 = (await t.call('customer.create', { name: '甲组二的客户' }, salesA2.token)).id
    c.b1 = (await t.call('customer.create', { name: '乙组一的客户' }, salesB1.token)).id
    c.mgrA = (await t.call('customer.create', { name: '经理甲自己的客户', ownerId: mgrA.id }, t.adminToken)).id
    c.pool = (await t.call('customer.create', { name: '公海里的客户' }, t.adminToken)).id
    for (const id of Object.values(c)) {
      await t.call('contact.create', { customerId: id, name: '联系人', mobile: '13800000000' }, t.adminToken)
      await t.call('address.create', { customerId: id, receiver: '收货人', address: '某地' }, t.adminToken)
    }
  })
  afterAll(() => t.close())

  const visibleIds = async (token: string) => (await t.call('customer.search', { pageSize: 200 }, token)).items.map((x: { id: number }) => x.id).sort()

  it('sales sees own customers and the pool', async () => {
    expect(await visibleIds(salesA1.token)).toEqual([c.a1, c.pool].sort())
    expect(await visibleIds(salesB1.token)).toEqual([c.b1, c.pool].sort())
  })

  it('a manager sees own, the team and the pool', async () => {
    expect(await visibleIds(mgrA.token)).toEqual([c.a1, c.a2, c.mgrA, c.pool].sort())
    expect(await visibleIds(mgrB.token)).toEqual([c.b1, c.pool].sort())
  })

  it('admin, owner, clerk and finance see all', async () => {
    const all = Object.values(c).sort()
    expect(await visibleIds(t.adminToken)).toEqual(all)
    for (const role of ['owner', 'clerk', 'finance'] as const) expect(await visibleIds((await t.user(role)).token), role).toEqual(all)
  })

  it('a search filter cannot widen the scope', async () => {
    const r = await t.call('customer.search', { ownerId: salesB1.id }, salesA1.token)
    expect(r).toEqual({ items: [], total: 0 })
    expect((await t.call('customer.search', { query: '乙组一' }, salesA1.token)).total).toBe(0)
    expect((await t.call('customer.search', { query: '乙组一' }, mgrA.token)).total).toBe(0)
  })

  it('answers NOT_FOUND for get, update and everything hanging off a customer outside scope', async () => {
    const id = c.b1!
    const notFound = { ok: false, error: { code: 'NOT_FOUND' } }
    const calls: [string, unknown][] = [
      ['customer.get', { id }],
      ['customer.update', { id, version: 1, remark: '越权修改' }],
      ['customer.claim', { id }],
      ['customer.release', { id }],
      ['contact.list', { customerId: id }],
      ['contact.create', { customerId: id, name: '越权' }],
      ['address.list', { customerId: id }],
      ['address.create', { customerId: id, receiver: 'x', address: 'y' }],
      ['followUp.create', { customerId: id, content: '越权跟进' }],
      ['followUp.list', { customerId: id }],
      ['auditLog.list', { entity: 'customer', entityId: id }],
    ]
    for (const token of [salesA1.token, mgrA.token]) {
      for (const [m, input] of calls) expect(await t.raw(m, input, token), m).toMatchObject(notFound)
    }
    const got = await t.call('customer.get', { id }, t.adminToken)
    expect(got).toMatchObject({ version: 1, remark: null, followUps: [] })
    expect(got.contacts).toHaveLength(1)
  })

  it('answers NOT_FOUND for a contact or address of a customer outside scope', async () => {
    const got = await t.call('customer.get', { id: c.b1 }, t.adminToken)
    const contact = got.contacts[0]
    const address = got.addresses[0]
    for (const [m, input] of [
      ['contact.update', { id: contact.id, version: contact.version, name: '改' }],
      ['contact.delete', { id: contact.id }],
      ['address.update', { id: address.id, version: address.version, receiver: '改' }],
      ['address.delete', { id: address.id }],
    ] as [string, unknown][]) {
      expect(await t.raw(m, input, salesA1.token), m).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    }
  })

  it('the same customer is NOT_FOUND for one salesperson and visible to the owner and their manager', async () => {
    expect(await t.raw('customer.get', { id: c.a2 }, salesA1.token)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(await t.raw('customer.get', { id: c.a2 }, salesA2.token)).toMatchObject({ ok: true })
    expect(await t.raw('customer.get', { id: c.a2 }, mgrA.token)).toMatchObject({ ok: true })
    // the manager may edit the team's customer
    expect(await t.raw('customer.update', { id: c.a2, version: 1, remark: '经理备注' }, mgrA.token)).toMatchObject({ ok: true, data: { version: 2 } })
  })

  it('moving a salesperson to another team moves the visibility', async () => {
    const s = await t.user('sales', { managerId: mgrA.id })
    const id = (await t.call('customer.create', { name: '调组测试客户' }, s.token)).id
    expect((await visibleIds(mgrA.token)).includes(id)).toBe(true)
    const u = (await t.call('user.list', {}, t.adminToken)).items.find((x: { id: number }) => x.id === s.id)
    await t.call('user.update', { id: s.id, version: u.version, managerId: mgrB.id }, t.adminToken)
    expect((await visibleIds(mgrA.token)).includes(id)).toBe(false)
    expect((await visibleIds(mgrB.token)).includes(id)).toBe(true)
  })
})

describe('claim, release, assign', () => {
  let t: TestCore
  let mgr: U, s1: U, s2: U, other: U
  beforeAll(async () => {
    t = await createTestCore()
    mgr = await t.user('manager', { displayName: '王经理' })
    s1 = await t.user('sales', { managerId: mgr.id, displayName: '小张' })
    s2 = await t.user('sales', { managerId: mgr.id, displayName: '小李' })
    other = await t.user('sales', { displayName: '外组小赵' })
  })
  afterAll(() => t.close())

  const log = async (id: number) => (await t.call('auditLog.list', { entity: 'customer', entityId: id }, t.adminToken)).items

  it('claims a pool customer, once', async () => {
    const p = await t.call('customer.create', { name: '公海客户一' }, t.adminToken)
    const claimed = await t.call('customer.claim', { id: p.id }, s1.token)
    expect(claimed).toMatchObject({ ownerId: s1.id, ownerName: '小张', version: 2 })
    // now it is s1's: s2 cannot see it, and claiming again is refused
    expect(await t.raw('customer.claim', { id: p.id }, s2.token)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(await t.raw('customer.claim', { id: p.id }, s1.token)).toMatchObject({ ok: false, error: { code: 'BUSINESS_RULE' } })
    expect(await t.raw('customer.claim', { id: p.id }, mgr.token)).toMatchObject({ ok: false, error: { code: 'BUSINESS_RULE' } })
    const [entry] = await log(p.id)
    expect(entry).toMatchObject({ action: 'claim', userName: '小张', changes: [{ field: 'ownerId', before: null, after: s1.id }] })
  })

  it('lets exactly one of two salespeople claiming at once win', async () => {
    const p = await t.call('customer.create', { name: '公海抢客户' }, t.adminToken)
    const results = await Promise.all([t.raw('customer.claim', { id: p.id }, s1.token), t.raw('customer.claim', { id: p.id }, other.token)])
    expect(results.filter((r) => r.ok)).toHaveLength(1)
  })

  it('refuses a claim with a stale version', async () => {
    const p = await t.call('customer.create', { name: '公海版本客户' }, t.adminToken)
    await t.call('customer.update', { id: p.id, version: 1, remark: '改过' }, t.adminToken)
    expect(await t.raw('customer.claim', { id: p.id, version: 1 }, s1.token)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(await t.raw('customer.claim', { id: p.id, version: 2 }, s1.token)).toMatchObject({ ok: true })
  })

  it('releases to the pool: the owner may, another salesperson may not', async () => {
    const c = await t.call('customer.create', { name: '释放测试客户' }, s1.token)
    expect(await t.raw('customer.release', { id: c.id }, s2.token)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    const released = await t.call('customer.release', { id: c.id, reason: '长期无意向' }, s1.token)
    expect(released).toMatchObject({ ownerId: null, ownerName: null })
    expect(await t.raw('customer.release', { id: c.id }, s1.token)).toMatchObject({ ok: false, error: { code: 'BUSINESS_RULE' } })
    // now in the pool: the other salesperson sees it and may claim it
    expect((await t.call('customer.search', { pool: true, query: '释放测试' }, other.token)).total).toBe(1)
    expect(await t.raw('customer.claim', { id: c.id }, other.token)).toMatchObject({ ok: true })
    const entries = await log(c.id)
    expect(entries.map((e: { action: string }) => e.action)).toEqual(['claim', 'release', 'create'])
    expect(entries[1]).toMatchObject({ userName: '小张', changes: [{ field: 'ownerId', before: s1.id, after: null }] })
    expect(entries[1].summary).toContain('长期无意向')
  })

  it('a manager releases a team member’s customer', async () => {
    const c = await t.call('customer.create', { name: '经理释放客户' }, s2.token)
    expect(await t.raw('customer.release', { id: c.id }, mgr.token)).toMatchObject({ ok: true, data: { ownerId: null } })
  })

  it('assigns customers of a departing salesperson to a colleague (manager or admin only)', async () => {
    const ids: number[] = []
    for (let i = 0; i < 3; i++) ids.push((await t.call('customer.create', { name: `离职交接客户${i}` }, s1.token)).id)
    expect(await t.raw('customer.assign', { ids, ownerId: s2.id }, s1.token)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    for (const role of ['clerk', 'finance', 'owner'] as const) {
      expect(await t.raw('customer.assign', { ids, ownerId: s2.id }, (await t.user(role)).token), role).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    }
    const r = await t.call('customer.assign', { ids: [...ids, ids[0]], ownerId: s2.id }, mgr.token)
    expect(r).toEqual({ count: 3 })
    for (const id of ids) {
      expect(await t.raw('customer.get', { id }, s1.token)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
      expect(await t.call('customer.get', { id }, s2.token)).toMatchObject({ ownerId: s2.id, ownerName: '小李' })
      const [entry] = await log(id)
      expect(entry).toMatchObject({ action: 'assign', userName: '王经理', changes: [{ field: 'ownerId', before: s1.id, after: s2.id }] })
    }
    // assigning to the current owner again changes nothing
    expect(await t.call('customer.assign', { ids, ownerId: s2.id }, mgr.token)).toEqual({ count: 0 })
  })

  it('a manager may assign only within the team; an admin anywhere; null sends to the pool', async () => {
    const c = await t.call('customer.create', { name: '跨组分配客户' }, s1.token)
    expect(await t.raw('customer.assign', { ids: [c.id], ownerId: other.id }, mgr.token)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await t.call('customer.assign', { ids: [c.id], ownerId: other.id }, t.adminToken)).toEqual({ count: 1 })
    // now outside the manager's team: not found for the manager
    expect(await t.raw('customer.assign', { ids: [c.id], ownerId: s1.id }, mgr.token)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(await t.call('customer.assign', { ids: [c.id], ownerId: null }, t.adminToken)).toEqual({ count: 1 })
    expect((await t.call('customer.get', { id: c.id }, t.adminToken)).ownerId).toBeNull()
  })

  it('refuses to assign to a disabled or unknown user', async () => {
    const c = await t.call('customer.create', { name: '分配给停用用户' }, t.adminToken)
    const gone = await t.user('sales')
    await t.call('user.disable', { id: gone.id }, t.adminToken)
    expect(await t.raw('customer.assign', { ids: [c.id], ownerId: gone.id }, t.adminToken)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(await t.raw('customer.assign', { ids: [c.id], ownerId: 99999 }, t.adminToken)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(await t.raw('customer.assign', { ids: [], ownerId: s1.id }, t.adminToken)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
  })

  it('assign is all or nothing', async () => {
    const mine = await t.call('customer.create', { name: '全有或全无甲' }, s1.token)
    const foreign = await t.call('customer.create', { name: '全有或全无乙' }, other.token)
    const r = await t.raw('customer.assign', { ids: [mine.id, foreign.id], ownerId: s2.id }, mgr.token)
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect((await t.call('customer.get', { id: mine.id }, t.adminToken)).ownerId).toBe(s1.id)
  })

  it('the owner changes only through assign / claim / release: customer.update refuses ownerId, naming the field', async () => {
    const c = await t.call('customer.create', { name: '业务员改负责人' }, s1.token)
    for (const ownerId of [s2.id, null]) {
      const r = await t.raw('customer.update', { id: c.id, version: 1, ownerId }, s1.token)
      expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
      expect(!r.ok && r.error.message).toContain('负责人')
    }
    // sending the owner it already has is no change
    expect(await t.raw('customer.update', { id: c.id, version: 1, ownerId: s1.id, remark: '不变' }, s1.token)).toMatchObject({ ok: true, data: { ownerId: s1.id, remark: '不变' } })
    expect(await t.raw('customer.release', { id: c.id }, s1.token)).toMatchObject({ ok: true, data: { ownerId: null } })
  })
})
