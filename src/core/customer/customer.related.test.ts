import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestCore, type TestCore } from '../testing/test-core'

describe('customer.merge', () => {
  let t: TestCore
  beforeAll(async () => {
    t = await createTestCore()
  })
  afterAll(() => t.close())

  it('moves contacts, addresses and follow-ups to the target, fills blanks, and hides the source', async () => {
    const target = await t.call(
      'customer.create',
      {
        name: '无锡太湖纺织有限公司',
        tags: ['老客户'],
        contacts: [{ name: '钱总', mobile: '13700000001' }],
        addresses: [{ receiver: '钱总', address: '无锡市滨湖区' }],
      },
      t.adminToken,
    )
    const source = await t.call(
      'customer.create',
      {
        name: '无锡太湖纺织',
        confirmDuplicate: true,
        shortName: '太湖纺织',
        phone: '0510-8888 6666',
        tags: ['VIP'],
        contacts: [
          { name: '孙会计', mobile: '13700000002' },
          { name: '周采购', mobile: '13700000003' },
        ],
        addresses: [{ receiver: '仓库', address: '无锡市新吴区' }],
      },
      t.adminToken,
    )
    t.clock.advanceMinutes(5)
    await t.call('followUp.create', { customerId: source.id, type: 'visit', content: '上门拜访', nextFollowUpOn: '2026-11-30' }, t.adminToken)
    await t.call('followUp.create', { customerId: target.id, type: 'call', content: '电话沟通' }, t.adminToken)

    const r = await t.call('customer.merge', { targetId: target.id, sourceId: source.id }, t.adminToken)
    expect(r.moved).toMatchObject({ contacts: 2, shipping_addresses: 1, follow_ups: 1 })
    expect(r.target).toMatchObject({ id: target.id, shortName: '太湖纺织', phone: '0510-8888 6666', tags: ['老客户', 'VIP'], version: 2 })

    const got = await t.call('customer.get', { id: target.id }, t.adminToken)
    expect(got.contacts.map((c: { name: string }) => c.name).sort()).toEqual(['孙会计', '周采购', '钱总'].sort())
    expect(got.contacts.filter((c: { isPrimary: boolean }) => c.isPrimary).map((c: { name: string }) => c.name)).toEqual(['钱总'])
    expect(got.addresses.filter((a: { isDefault: boolean }) => a.isDefault)).toHaveLength(1)
    expect(got.addresses).toHaveLength(2)
    expect(got.followUps).toHaveLength(2)

    // the source is gone from get, search, duplicates and merge
    expect(await t.raw('customer.get', { id: source.id }, t.adminToken)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    const found = await t.call('customer.search', { query: '太湖纺织' }, t.adminToken)
    expect(found.items.map((x: { id: number }) => x.id)).toEqual([target.id])
    expect((await t.call('customer.checkDuplicates', { name: '无锡太湖纺织' }, t.adminToken)).items.map((x: { id: number }) => x.id)).toEqual([target.id])
    expect(await t.raw('customer.merge', { targetId: target.id, sourceId: source.id }, t.adminToken)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    // the target is found by a moved contact's mobile
    expect((await t.call('customer.search', { query: '13700000003' }, t.adminToken)).items.map((x: { id: number }) => x.id)).toEqual([target.id])

    // both sides carry the operation log
    const tlog = await t.call('auditLog.list', { entity: 'customer', entityId: target.id }, t.adminToken)
    expect(tlog.items[0]).toMatchObject({ action: 'merge', userName: '管理员' })
    expect(tlog.items[0].changes).toMatchObject({ sourceId: source.id, sourceName: '无锡太湖纺织', moved: { contacts: 2 }, filled: { shortName: '太湖纺织' } })
    const slog = await t.call('auditLog.list', { entity: 'customer', entityId: source.id }, t.adminToken)
    expect(slog.items[0]).toMatchObject({ action: 'mergedInto', changes: { targetId: target.id } })
  })

  it('refuses merging a customer into itself, and is for managers and admins only', async () => {
    const a = await t.call('customer.create', { name: '合并权限甲' }, t.adminToken)
    const b = await t.call('customer.create', { name: '合并权限乙' }, t.adminToken)
    expect(await t.raw('customer.merge', { targetId: a.id, sourceId: a.id }, t.adminToken)).toMatchObject({ ok: false, error: { code: 'BUSINESS_RULE' } })
    for (const role of ['sales', 'clerk', 'finance', 'owner'] as const) {
      const u = await t.user(role)
      expect(await t.raw('customer.merge', { targetId: a.id, sourceId: b.id }, u.token), role).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    }
  })

  it('a manager merges only customers in scope', async () => {
    const mgr = await t.user('manager')
    const mine = await t.user('sales', { managerId: mgr.id })
    const foreign = await t.user('sales')
    const a = await t.call('customer.create', { name: '经理合并甲' }, mine.token)
    const b = await t.call('customer.create', { name: '经理合并乙' }, foreign.token)
    expect(await t.raw('customer.merge', { targetId: a.id, sourceId: b.id }, mgr.token)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    const pool = await t.call('customer.create', { name: '经理合并丙', ownerId: null }, t.adminToken)
    expect(await t.raw('customer.merge', { targetId: a.id, sourceId: pool.id }, mgr.token)).toMatchObject({ ok: true })
  })
})

describe('follow-ups and 我的待跟进', () => {
  let t: TestCore
  let s: { id: number; token: string; username: string }
  // moving the clock by days ends idle sessions: sign in again
  const setClock = async (iso: string) => {
    t.clock.set(iso)
    s.token = (await t.call('auth.login', { username: s.username, password: 'pass1234' })).token
  }
  beforeAll(async () => {
    // Monday 2026-11-23, 10:00 Beijing
    t = await createTestCore({ now: '2026-11-23T10:00:00+08:00' })
    s = await t.user('sales', { displayName: '跟进员' })
  })
  afterAll(() => t.close())

  const due = async (token = s.token) => (await t.call('followUp.due', {}, token)) as { items: any[]; total: number }

  it('records a follow-up with the current user and time, and sets lastFollowUpAt', async () => {
    const c = await t.call('customer.create', { name: '跟进记录客户' }, s.token)
    const f = await t.call('followUp.create', { customerId: c.id, type: 'wechat', content: '发了报价单', nextFollowUpOn: '2026-11-25' }, s.token)
    expect(f).toMatchObject({ customerId: c.id, type: 'wechat', userId: s.id, userName: '跟进员', at: '2026-11-23T02:00:00.000Z', nextFollowUpOn: '2026-11-25', nextDone: false, customerName: '跟进记录客户' })
    expect((await t.call('customer.get', { id: c.id }, s.token)).lastFollowUpAt).toBe('2026-11-23T02:00:00.000Z')
    const list = await t.call('followUp.list', { customerId: c.id }, s.token)
    expect(list.total).toBe(1)
    expect(await t.raw('followUp.create', { customerId: c.id, type: 'fax', content: 'x' }, s.token)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(await t.raw('followUp.create', { customerId: c.id, content: '' }, s.token)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(await t.raw('followUp.create', { customerId: c.id, content: 'x', nextFollowUpOn: '25/11/2026' }, s.token)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
  })

  it('lists my follow-ups due today or overdue, oldest first, not future ones', async () => {
    const mk = async (name: string, next: string | null) => {
      const c = await t.call('customer.create', { name }, s.token)
      await t.call('followUp.create', { customerId: c.id, content: `跟进${name}`, nextFollowUpOn: next }, s.token)
      return c.id
    }
    const before = (await due()).total
    await mk('今天到期客户', '2026-11-23')
    await mk('逾期三天客户', '2026-11-20')
    await mk('明天到期客户', '2026-11-24')
    await mk('没有下次客户', null)
    const r = await due()
    expect(r.total).toBe(before + 2)
    expect(r.items.map((x) => [x.customerName, x.overdueDays])).toEqual([
      ['逾期三天客户', 3],
      ['今天到期客户', 0],
    ])
    // someone else's list is their own
    expect((await due(t.adminToken)).total).toBe(0)
  })

  it('a later follow-up completes the earlier one', async () => {
    const c = await t.call('customer.create', { name: '完成跟进客户' }, s.token)
    await t.call('followUp.create', { customerId: c.id, content: '第一次', nextFollowUpOn: '2026-11-22' }, s.token)
    expect((await due()).items.some((x) => x.customerId === c.id)).toBe(true)
    await t.call('followUp.create', { customerId: c.id, content: '第二次，已回访', nextFollowUpOn: '2026-12-01' }, s.token)
    expect((await due()).items.some((x) => x.customerId === c.id)).toBe(false)
    const list = await t.call('followUp.list', { customerId: c.id }, s.token)
    expect(list.items.map((x: { content: string; nextDone: boolean }) => [x.content, x.nextDone])).toEqual([
      ['第二次，已回访', false],
      ['第一次', true],
    ])
  })

  it('moves with the clock: due becomes overdue, future becomes due; today is Beijing time', async () => {
    const c = await t.call('customer.create', { name: '时钟客户' }, s.token)
    await t.call('followUp.create', { customerId: c.id, content: '约下周', nextFollowUpOn: '2026-11-30' }, s.token)
    expect((await due()).items.some((x) => x.customerId === c.id)).toBe(false)
    // 2026-11-29 16:30 UTC is already 2026-11-30 00:30 in Beijing
    await setClock('2026-11-29T16:30:00Z')
    const r = await due()
    expect(r.items.find((x) => x.customerId === c.id)).toMatchObject({ overdueDays: 0 })
    await setClock('2026-12-02T09:00:00+08:00')
    expect((await due()).items.find((x) => x.customerId === c.id)).toMatchObject({ overdueDays: 2 })
    await setClock('2026-11-23T10:00:00+08:00')
  })

  it('pages the due list', async () => {
    const all = await due()
    const p = await t.call('followUp.due', { page: 1, pageSize: 1 }, s.token)
    expect(p.total).toBe(all.total)
    expect(p.items).toHaveLength(1)
  })

  it('keeps the latest time as lastFollowUpAt when an older follow-up is entered later', async () => {
    const c = await t.call('customer.create', { name: '补录跟进客户' }, s.token)
    await t.call('followUp.create', { customerId: c.id, content: '今天', at: '2026-11-23T09:00:00+08:00' }, s.token)
    await t.call('followUp.create', { customerId: c.id, content: '补录上周', at: '2026-11-16T09:00:00+08:00' }, s.token)
    expect((await t.call('customer.get', { id: c.id }, s.token)).lastFollowUpAt).toBe('2026-11-23T01:00:00.000Z')
  })
})

describe('contacts and addresses', () => {
  let t: TestCore
  let customerId: number
  beforeAll(async () => {
    t = await createTestCore()
    customerId = (await t.call('customer.create', { name: '联系人规则客户' }, t.adminToken)).id
  })
  afterAll(() => t.close())

  const contacts = async () =>
    (await t.call('contact.list', { customerId }, t.adminToken)).items.map((c: { name: string; isPrimary: boolean }) => `${c.name}${c.isPrimary ? '*' : ''}`)
  const addresses = async () =>
    (await t.call('address.list', { customerId }, t.adminToken)).items.map((a: { receiver: string; isDefault: boolean }) => `${a.receiver}${a.isDefault ? '*' : ''}`)

  it('the first contact is primary; a new primary replaces the old; there is always exactly one', async () => {
    const a = await t.call('contact.create', { customerId, name: '甲', mobile: '13900000001', isPrimary: false }, t.adminToken)
    expect(a.isPrimary).toBe(true)
    const b = await t.call('contact.create', { customerId, name: '乙' }, t.adminToken)
    expect(await contacts()).toEqual(['甲*', '乙'])
    await t.call('contact.create', { customerId, name: '丙', isPrimary: true }, t.adminToken)
    expect(await contacts()).toEqual(['丙*', '甲', '乙'])
    await t.call('contact.update', { id: b.id, version: 1, isPrimary: true }, t.adminToken)
    expect(await contacts()).toEqual(['乙*', '甲', '丙'])
    // un-marking the primary is ignored: there is always one
    const b2 = (await t.call('contact.list', { customerId }, t.adminToken)).items.find((c: { id: number }) => c.id === b.id)
    await t.call('contact.update', { id: b.id, version: b2.version, isPrimary: false }, t.adminToken)
    expect(await contacts()).toEqual(['乙*', '甲', '丙'])
    // deleting the primary promotes the oldest other
    await t.call('contact.delete', { id: b.id }, t.adminToken)
    expect(await contacts()).toEqual(['甲*', '丙'])
    expect((await t.call('customer.get', { id: customerId }, t.adminToken)).primaryContact).toEqual({ name: '甲', mobile: '13900000001' })
  })

  it('contact edits are versioned and logged', async () => {
    const c = await t.call('contact.create', { customerId, name: '丁', mobile: '13900000004' }, t.adminToken)
    const u = await t.call('contact.update', { id: c.id, version: 1, title: '采购经理', email: 'ding@example.com' }, t.adminToken)
    expect(u).toMatchObject({ title: '采购经理', email: 'ding@example.com', version: 2 })
    expect(await t.raw('contact.update', { id: c.id, version: 1, title: '总监' }, t.adminToken)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(await t.raw('contact.update', { id: c.id, version: 2, email: 'not-an-email' }, t.adminToken)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(await t.raw('contact.update', { id: c.id, version: 2, mobile: 'abc' }, t.adminToken)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    const log = await t.call('auditLog.list', { entity: 'customer', entityId: customerId }, t.adminToken)
    expect(log.items[0]).toMatchObject({ action: 'contact.update' })
    expect(log.items[0].changes).toEqual(
      expect.arrayContaining([
        { field: 'title', before: null, after: '采购经理' },
        { field: 'email', before: null, after: 'ding@example.com' },
      ]),
    )
    expect(await t.raw('contact.delete', { id: 99999 }, t.adminToken)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  })

  it('the first address is default; a new default replaces the old; deleting the default promotes another', async () => {
    await t.call('address.create', { customerId, receiver: '一号仓', address: '地址一' }, t.adminToken)
    const b = await t.call('address.create', { customerId, receiver: '二号仓', address: '地址二' }, t.adminToken)
    expect(await addresses()).toEqual(['一号仓*', '二号仓'])
    const b2 = await t.call('address.update', { id: b.id, version: 1, isDefault: true, phone: '021-1234 5678' }, t.adminToken)
    expect(b2).toMatchObject({ isDefault: true, phone: '021-1234 5678', version: 2 })
    expect(await addresses()).toEqual(['二号仓*', '一号仓'])
    await t.call('address.update', { id: b.id, version: 2, isDefault: false }, t.adminToken)
    expect(await addresses()).toEqual(['二号仓*', '一号仓'])
    expect(await t.raw('address.update', { id: b.id, version: 1, receiver: 'x' }, t.adminToken)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    await t.call('address.delete', { id: b.id }, t.adminToken)
    expect(await addresses()).toEqual(['一号仓*'])
    expect(await t.raw('address.create', { customerId, receiver: '', address: 'x' }, t.adminToken)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
  })
})
