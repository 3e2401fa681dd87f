import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestCore, type TestCore } from '../testing/test-core'
import { usccCheckChar } from './customer.rules'

const uscc = (first17: string) => first17 + usccCheckChar(first17)!
const detailsOf = (r: { ok: boolean; error?: { details?: unknown } }) => (r as { error: { details: any } }).error.details

describe('customer.create', () => {
  let t: TestCore
  beforeAll(async () => {
    t = await createTestCore()
  })
  afterAll(() => t.close())

  it('numbers customers C000001, C000002, … and fills defaults', async () => {
    const a = await t.call('customer.create', { name: '杭州明远机械有限公司' }, t.adminToken)
    const b = await t.call('customer.create', { name: '宁波海天塑料制品有限公司' }, t.adminToken)
    expect(a.code).toBe('C000001')
    expect(b.code).toBe('C000002')
    expect(a).toMatchObject({
      kind: 'company',
      stage: 'lead',
      tags: [],
      creditLimitFen: 0,
      paymentTermDays: 0,
      ownerId: null, // an admin's new customer goes to the pool
      version: 1,
      createdAt: '2026-11-23T02:00:00.000Z',
      updatedByName: '管理员',
    })
  })

  it('keeps every field as given (fen, tags, region)', async () => {
    const c = await t.call(
      'customer.create',
      {
        name: '苏州工业园区恒信电子有限公司',
        shortName: '恒信电子',
        kind: 'company',
        uscc: uscc('91320594MA1MXXXX1'.replace(/X/g, '0')),
        industry: '制造业',
        size: '50-200人',
        province: '江苏省',
        city: '苏州市',
        district: '工业园区',
        address: '星湖街 328 号',
        phone: '0512-6288 1234',
        source: '展会',
        tags: ['VIP', '重点'],
        stage: 'prospect',
        creditLimitFen: 5_000_000_00,
        paymentTermDays: 30,
        remark: '年底前报价',
      },
      t.adminToken,
    )
    const got = await t.call('customer.get', { id: c.id }, t.adminToken)
    expect(got).toMatchObject({
      shortName: '恒信电子',
      province: '江苏省',
      city: '苏州市',
      district: '工业园区',
      tags: ['VIP', '重点'],
      stage: 'prospect',
      creditLimitFen: 500_000_000,
      paymentTermDays: 30,
      contacts: [],
      addresses: [],
      followUps: [],
    })
  })

  it('takes an edited code, refuses a taken one, and the sequence skips codes used by hand', async () => {
    const manual = await t.call('customer.create', { code: 'C000010', name: '手工编码客户一' }, t.adminToken)
    expect(manual.code).toBe('C000010')
    const taken = await t.raw('customer.create', { code: 'C000010', name: '手工编码客户二' }, t.adminToken)
    expect(taken).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(detailsOf(taken)).toMatchObject({ field: 'code', existingId: manual.id })
    expect(await t.raw('customer.create', { code: 'C 1', name: '手工编码客户三' }, t.adminToken)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    // fill up to the manual one: the sequence jumps over C000010
    const codes: string[] = []
    for (let i = 0; i < 8; i++) codes.push((await t.call('customer.create', { name: `序列客户${i}号` }, t.adminToken)).code)
    expect(codes).not.toContain('C000010')
    expect(codes.at(-1)).toBe('C000012')
  })

  it('lets the code be edited on update, but not to a taken one', async () => {
    const a = await t.call('customer.create', { name: '编码修改甲' }, t.adminToken)
    const b = await t.call('customer.create', { name: '编码修改乙' }, t.adminToken)
    const edited = await t.call('customer.update', { id: a.id, version: 1, code: 'KH-0001' }, t.adminToken)
    expect(edited).toMatchObject({ code: 'KH-0001', version: 2 })
    expect(await t.raw('customer.update', { id: b.id, version: 1, code: 'KH-0001' }, t.adminToken)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    // the customer's own code again is fine
    expect(await t.raw('customer.update', { id: a.id, version: 2, code: 'KH-0001', remark: 'x' }, t.adminToken)).toMatchObject({ ok: true })
  })

  it('checks the USCC check character and names the field', async () => {
    const good = uscc('91330106MA2B3C4D5')
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0')
    const r = await t.raw('customer.create', { name: '校验码测试有限公司', uscc: bad }, t.adminToken)
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(detailsOf(r).issues[0].path).toBe('uscc')
    expect((r as { error: { message: string } }).error.message).toMatch(/^uscc: /)
    expect(await t.raw('customer.create', { name: '校验码测试有限公司', uscc: good.slice(0, 10) }, t.adminToken)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    })
    // lower case is accepted and stored upper case; empty means none
    const ok = await t.call('customer.create', { name: '校验码测试有限公司', uscc: good.toLowerCase() }, t.adminToken)
    expect(ok.uscc).toBe(good)
    expect((await t.call('customer.create', { name: '无代码个体户', uscc: '' }, t.adminToken)).uscc).toBeNull()
    // on update as well
    expect(await t.raw('customer.update', { id: ok.id, version: 1, uscc: bad }, t.adminToken)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
  })

  it('creates contacts and addresses with one primary and one default', async () => {
    const c = await t.call(
      'customer.create',
      {
        name: '东莞市长安镇联创五金厂',
        contacts: [
          { name: '陈经理', mobile: '13912345678' },
          { name: '刘会计', mobile: '13812345678', isPrimary: true },
        ],
        addresses: [
          { receiver: '陈经理', address: '东莞市长安镇振安路 1 号' },
          { receiver: '仓库', address: '东莞市长安镇乌沙工业区', isDefault: true },
        ],
      },
      t.adminToken,
    )
    const got = await t.call('customer.get', { id: c.id }, t.adminToken)
    expect(got.contacts.map((x: { name: string; isPrimary: boolean }) => [x.name, x.isPrimary])).toEqual([
      ['刘会计', true],
      ['陈经理', false],
    ])
    expect(got.addresses.map((x: { receiver: string; isDefault: boolean }) => [x.receiver, x.isDefault])).toEqual([
      ['仓库', true],
      ['陈经理', false],
    ])
    expect(got.primaryContact).toEqual({ name: '刘会计', mobile: '13812345678' })
  })

  it('gives a sales user their own new customer, and lets them choose the pool', async () => {
    const s = await t.user('sales')
    const mine = await t.call('customer.create', { name: '业务员自建客户' }, s.token)
    expect(mine.ownerId).toBe(s.id)
    expect(mine.ownerName).toBe(s.username)
    const pool = await t.call('customer.create', { name: '业务员放公海客户', ownerId: null }, s.token)
    expect(pool.ownerId).toBeNull()
    const other = await t.user('sales')
    expect(await t.raw('customer.create', { name: '给别人的客户', ownerId: other.id }, s.token)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await t.raw('customer.create', { name: '给不存在的人', ownerId: 99999 }, t.adminToken)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
  })

  it('writes the operation log of a create: who, when, and the after of each field', async () => {
    const c = await t.call('customer.create', { name: '日志测试有限公司', stage: 'customer', tags: ['A'] }, t.adminToken)
    const log = await t.call('auditLog.list', { entity: 'customer', entityId: c.id }, t.adminToken)
    expect(log.total).toBe(1)
    expect(log.items[0]).toMatchObject({ action: 'create', userName: '管理员', at: '2026-11-23T02:00:00.000Z' })
    expect(log.items[0].changes).toEqual(
      expect.arrayContaining([
        { field: 'name', before: null, after: '日志测试有限公司' },
        { field: 'stage', before: null, after: 'customer' },
        { field: 'tags', before: null, after: ['A'] },
        { field: 'code', before: null, after: c.code },
      ]),
    )
  })
})

describe('duplicates', () => {
  let t: TestCore
  let original: { id: number; name: string }
  const USCC = uscc('91110108MA01HX0XK')
  beforeAll(async () => {
    t = await createTestCore()
    original = await t.call(
      'customer.create',
      { name: '北京华星科技有限公司', uscc: USCC, phone: '010-6552 1234', contacts: [{ name: '李华', mobile: '+86 139-1000-2000' }] },
      t.adminToken,
    )
  })
  afterAll(() => t.close())

  const check = (input: unknown) => t.call('customer.checkDuplicates', input, t.adminToken)

  it.each([
    ['北京华星科技有限公司'],
    ['北京华星科技'],
    ['北京华星科技有限责任公司'],
    ['北京华星科技股份有限公司'],
    ['北京华星科技（有限公司）'],
    ['北京 华星 科技 (有限公司)'],
    ['北京华星科技　有限公司'],
  ])('finds the name %s', async (name) => {
    const r = await check({ name })
    expect(r.items).toEqual([expect.objectContaining({ id: original.id, reasons: ['name'], visible: true })])
  })

  it('finds a full-width spelling', async () => {
    const a = await t.call('customer.create', { name: 'ＡＢＣ（中国）贸易有限公司' }, t.adminToken)
    expect((await check({ name: 'abc(中国)贸易' })).items.map((x: { id: number }) => x.id)).toEqual([a.id])
  })

  it('does not flag a different company', async () => {
    expect((await check({ name: '北京华星电子有限公司' })).items).toEqual([])
    expect((await check({ name: '华星科技' })).items).toEqual([])
  })

  it('finds the USCC exactly', async () => {
    expect((await check({ uscc: USCC })).items).toEqual([expect.objectContaining({ id: original.id, reasons: ['uscc'] })])
    expect((await check({ uscc: USCC.toLowerCase() })).items).toHaveLength(1)
    expect((await check({ uscc: uscc('91110108MA01HX0XL') })).items).toEqual([])
  })

  it.each([['13910002000'], ['+8613910002000'], ['139 1000 2000'], ['139-1000-2000'], ['0086 139 1000 2000'], ['01065521234'], ['+86 010 6552-1234']])(
    'finds the phone %s (customer phone or contact mobile)',
    async (phone) => {
      const r = await check({ phones: [phone] })
      expect(r.items).toEqual([expect.objectContaining({ id: original.id, reasons: ['phone'] })])
    },
  )

  it('does not match a phone fragment as a duplicate', async () => {
    expect((await check({ phones: ['1000200'] })).items).toEqual([])
  })

  it('lists every reason once and excludes the customer being edited', async () => {
    const r = await check({ name: '北京华星科技', uscc: USCC, phones: ['13910002000', '010-65521234'] })
    expect(r.items).toEqual([expect.objectContaining({ id: original.id, reasons: ['name', 'uscc', 'phone'] })])
    expect((await check({ name: '北京华星科技', excludeId: original.id })).items).toEqual([])
  })

  it('refuses a duplicate create with CONFLICT and the matches, unless confirmed', async () => {
    const r = await t.raw('customer.create', { name: '北京华星科技（有限公司）', contacts: [{ name: '王', mobile: '13900000001' }] }, t.adminToken)
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(detailsOf(r).duplicates).toEqual([expect.objectContaining({ id: original.id, name: '北京华星科技有限公司', reasons: ['name'] })])
    const byPhone = await t.raw('customer.create', { name: '另一家公司', contacts: [{ name: '王', mobile: '139-1000-2000' }] }, t.adminToken)
    expect(detailsOf(byPhone).duplicates[0]).toMatchObject({ id: original.id, reasons: ['phone'] })
    const byUscc = await t.raw('customer.create', { name: '又一家公司', uscc: USCC }, t.adminToken)
    expect(detailsOf(byUscc).duplicates[0]).toMatchObject({ id: original.id, reasons: ['uscc'] })
    const confirmed = await t.raw('customer.create', { name: '北京华星科技（有限公司）', confirmDuplicate: true }, t.adminToken)
    expect(confirmed).toMatchObject({ ok: true })
  })

  it('warns on update when the name or phone becomes a duplicate, not when unchanged', async () => {
    const c = await t.call('customer.create', { name: '上海浦东新星贸易有限公司', phone: '021-5888 0000' }, t.adminToken)
    expect(await t.raw('customer.update', { id: c.id, version: 1, remark: '无关修改' }, t.adminToken)).toMatchObject({ ok: true })
    const r = await t.raw('customer.update', { id: c.id, version: 2, name: '北京华星科技' }, t.adminToken)
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(detailsOf(r).duplicates[0].id).toBe(original.id)
    expect(await t.raw('customer.update', { id: c.id, version: 2, phone: '13910002000' }, t.adminToken)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(await t.raw('customer.update', { id: c.id, version: 2, phone: '13910002000', confirmDuplicate: true }, t.adminToken)).toMatchObject({ ok: true })
  })

  it('warns across data scope but marks the match as not visible', async () => {
    const s1 = await t.user('sales')
    const s2 = await t.user('sales')
    await t.call('customer.create', { name: '温州瓯海鞋业有限公司' }, s1.token)
    const r = await t.raw('customer.create', { name: '温州瓯海鞋业' }, s2.token)
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(detailsOf(r).duplicates[0]).toMatchObject({ visible: false, ownerName: s1.username })
  })
})

describe('customer.update, versions and concurrency', () => {
  let t: TestCore
  beforeAll(async () => {
    t = await createTestCore()
  })
  afterAll(() => t.close())

  it('answers a stale version with CONFLICT naming who and when, and loses nothing of the first save', async () => {
    const a = await t.user('manager', { displayName: '周经理' })
    // a clerk may not edit a customer's basic data (DOMAIN.md's role table): the second editor is a salesperson (pool customer)
    const b = await t.user('sales', { displayName: '吴业务' })
    const c = await t.call('customer.create', { name: '成都天府软件有限公司', phone: '028-8888 0001' }, t.adminToken)
    t.clock.set('2026-11-23T14:05:00+08:00')
    const first = await t.call('customer.update', { id: c.id, version: 1, shortName: '天府软件', stage: 'prospect' }, a.token)
    expect(first.version).toBe(2)
    t.clock.set('2026-11-23T14:07:00+08:00')
    const second = await t.raw('customer.update', { id: c.id, version: 1, shortName: '天府', remark: '第二人的修改' }, b.token)
    expect(second).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    if (second.ok) return
    expect(second.error.message).toContain('该记录已被他人修改')
    expect(second.error.message).toContain('周经理')
    expect(second.error.details).toMatchObject({ updatedBy: '周经理', updatedAt: '2026-11-23T06:05:00.000Z', currentVersion: 2 })
    const now = await t.call('customer.get', { id: c.id }, t.adminToken)
    expect(now).toMatchObject({ shortName: '天府软件', stage: 'prospect', remark: null, version: 2, updatedByName: '周经理' })
  })

  it('lets exactly one of many parallel updates of the same version win', async () => {
    const c = await t.call('customer.create', { name: '并发修改测试有限公司' }, t.adminToken)
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => t.raw('customer.update', { id: c.id, version: 1, remark: `第${i}个` }, t.adminToken)),
    )
    const wins = results.filter((r) => r.ok)
    expect(wins).toHaveLength(1)
    expect(results.filter((r) => !r.ok && r.error.code === 'CONFLICT')).toHaveLength(11)
    const got = await t.call('customer.get', { id: c.id }, t.adminToken)
    expect(got.version).toBe(2)
    expect(got.remark).toBe((wins[0] as { data: { remark: string } }).data.remark)
    // one round per version: each wins once
    for (let v = 2; v <= 4; v++) {
      const round = await Promise.all(Array.from({ length: 5 }, (_, i) => t.raw('customer.update', { id: c.id, version: v, remark: `v${v}-${i}` }, t.adminToken)))
      expect(round.filter((r) => r.ok)).toHaveLength(1)
    }
    expect((await t.call('customer.get', { id: c.id }, t.adminToken)).version).toBe(5)
    const log = await t.call('auditLog.list', { entity: 'customer', entityId: c.id, pageSize: 50 }, t.adminToken)
    expect(log.items.filter((e: { action: string }) => e.action === 'update')).toHaveLength(4)
  })

  it('logs before and after of only the changed fields', async () => {
    const c = await t.call('customer.create', { name: '日志变更测试', stage: 'lead', tags: ['A'], creditLimitFen: 100 }, t.adminToken)
    await t.call('customer.update', { id: c.id, version: 1, stage: 'customer', tags: ['A', 'B'], creditLimitFen: 100, remark: '' }, t.adminToken)
    const log = await t.call('auditLog.list', { entity: 'customer', entityId: c.id }, t.adminToken)
    expect(log.items[0]).toMatchObject({ action: 'update', userName: '管理员' })
    expect(log.items[0].changes).toEqual([
      { field: 'tags', before: ['A'], after: ['A', 'B'] },
      { field: 'stage', before: 'lead', after: 'customer' },
    ])
  })

  it('keeps the search text current after an update', async () => {
    const c = await t.call('customer.create', { name: '改名前的公司' }, t.adminToken)
    await t.call('customer.update', { id: c.id, version: 1, name: '青岛海滨渔具有限公司' }, t.adminToken)
    const r = await t.call('customer.search', { query: 'qdhb' }, t.adminToken)
    expect(r.items.map((x: { id: number }) => x.id)).toEqual([c.id])
    expect((await t.call('customer.search', { query: '改名前' }, t.adminToken)).total).toBe(0)
  })

  it('refuses unknown ids and bad input', async () => {
    expect(await t.raw('customer.update', { id: 99999, version: 1, remark: 'x' }, t.adminToken)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(await t.raw('customer.get', { id: 99999 }, t.adminToken)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(await t.raw('customer.update', { id: 1, remark: 'x' }, t.adminToken)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(await t.raw('customer.update', { id: 1, version: 1, name: '' }, t.adminToken)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(await t.raw('customer.update', { id: 1, version: 1, stage: 'won' }, t.adminToken)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
  })
})
