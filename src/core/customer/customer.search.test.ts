import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestCore, type TestCore } from '../testing/test-core'

describe('customer.search', () => {
  let t: TestCore
  let sales: { id: number; token: string }
  const ids: Record<string, number> = {}
  const names = (r: { items: { name: string }[] }) => r.items.map((x) => x.name).sort()
  const search = (input: unknown, token = t.adminToken) => t.call('customer.search', input, token)

  beforeAll(async () => {
    t = await createTestCore()
    sales = await t.user('sales', { displayName: '销售小王' })
    const rows: [string, Record<string, unknown>, string?][] = [
      ['北京华星科技有限公司', { shortName: '华星', phone: '010-6552 1234', stage: 'customer', tags: ['VIP'], contacts: [{ name: '李华', mobile: '139 1000 2000' }] }],
      ['上海浦江电子有限公司', { shortName: '浦江电子', phone: '+86 21 5888 0000', stage: 'prospect', tags: ['VIP', '重点'] }],
      ['重庆山城火锅餐饮管理有限公司', { stage: 'lead', contacts: [{ name: '张三', mobile: '13699998888', phone: '023-6000 1111' }] }],
      ['广州白云皮具厂', { stage: 'lost', tags: ['流失'] }],
      ['深圳华强北电子商行', { stage: 'customer', phone: '0755-8300 0000' }],
      ['ABC 国际贸易（上海）有限公司', { shortName: 'ABC', stage: 'opportunity' }],
      ['杭州西湖龙井茶业有限公司', { stage: 'customer' }, 'sales'],
    ]
    for (const [name, extra, who] of rows) {
      t.clock.advanceMinutes(1)
      const c = await t.call('customer.create', { name, ...extra }, who === 'sales' ? sales.token : t.adminToken)
      ids[name] = c.id
    }
  })
  afterAll(() => t.close())

  it('lists everything without a query, newest change first, with total', async () => {
    const r = await search({})
    expect(r.total).toBe(7)
    expect(r.items[0].name).toBe('杭州西湖龙井茶业有限公司')
    expect(r.items.at(-1).name).toBe('北京华星科技有限公司')
  })

  it.each([
    ['华星', ['北京华星科技有限公司']],
    ['科技有限', ['北京华星科技有限公司']],
    ['电子', ['上海浦江电子有限公司', '深圳华强北电子商行']],
    ['浦江电子', ['上海浦江电子有限公司']],
  ])('finds a name or short-name fragment: %s', async (q, expected) => {
    expect(names(await search({ query: q }))).toEqual([...expected].sort())
  })

  it('finds by code, case-insensitively', async () => {
    const code = (await t.call('customer.get', { id: ids['广州白云皮具厂'] }, t.adminToken)).code
    expect(names(await search({ query: code }))).toEqual(['广州白云皮具厂'])
    expect(names(await search({ query: code.toLowerCase() }))).toEqual(['广州白云皮具厂'])
  })

  it.each([
    ['6552', '北京华星科技有限公司'],
    ['010-6552', '北京华星科技有限公司'],
    ['5888 0000', '上海浦江电子有限公司'],
    ['21 5888', '上海浦江电子有限公司'],
    ['8300', '深圳华强北电子商行'],
  ])('finds a customer phone fragment: %s', async (q, expected) => {
    expect(names(await search({ query: q }))).toEqual([expected])
  })

  it.each([
    ['1000 2000', '北京华星科技有限公司'],
    ['13910002000', '北京华星科技有限公司'],
    ['+86 139-1000-2000', '北京华星科技有限公司'],
    ['99998888', '重庆山城火锅餐饮管理有限公司'],
    ['6000-1111', '重庆山城火锅餐饮管理有限公司'],
  ])('finds a contact mobile or phone fragment: %s', async (q, expected) => {
    expect(names(await search({ query: q }))).toEqual([expected])
  })

  it.each([
    ['bjhx', '北京华星科技有限公司'],
    ['bjhxkj', '北京华星科技有限公司'],
    ['huaxing', '北京华星科技有限公司'],
    ['beijinghuaxing', '北京华星科技有限公司'],
    ['HuaXing', '北京华星科技有限公司'],
    ['cqsc', '重庆山城火锅餐饮管理有限公司'],
    ['chongqing', '重庆山城火锅餐饮管理有限公司'],
    ['hqb', '深圳华强北电子商行'],
    ['pjdz', '上海浦江电子有限公司'],
  ])('finds by pinyin (full, initials, partial): %s', async (q, expected) => {
    expect(names(await search({ query: q }))).toContain(expected)
  })

  it('finds a name with spaces, typed with or without them, and full-width', async () => {
    for (const q of ['ABC 国际', 'abc国际', 'ＡＢＣ国际', '国际贸易（上海）', '国际贸易(上海)']) {
      expect(names(await search({ query: q })), q).toEqual(['ABC 国际贸易（上海）有限公司'])
    }
  })

  it('treats LIKE wildcards as text, and an empty query as none', async () => {
    expect((await search({ query: '%' })).total).toBe(0)
    expect((await search({ query: '华_' })).total).toBe(0)
    expect((await search({ query: '   ' })).total).toBe(7)
    expect((await search({ query: '不存在的名字' })).total).toBe(0)
  })

  it('filters by stage, owner, pool and tag, combined with a query', async () => {
    expect(names(await search({ stage: 'customer' }))).toEqual(['北京华星科技有限公司', '杭州西湖龙井茶业有限公司', '深圳华强北电子商行'])
    expect(names(await search({ ownerId: sales.id }))).toEqual(['杭州西湖龙井茶业有限公司'])
    expect((await search({ pool: true })).total).toBe(6)
    expect(names(await search({ tag: 'VIP' }))).toEqual(['上海浦江电子有限公司', '北京华星科技有限公司'])
    expect(names(await search({ tag: '重点' }))).toEqual(['上海浦江电子有限公司'])
    expect(names(await search({ tag: 'VI' }))).toEqual([]) // whole tags only
    expect(names(await search({ query: '电子', stage: 'customer' }))).toEqual(['深圳华强北电子商行'])
    expect(names(await search({ query: '电子', tag: 'VIP', stage: 'prospect' }))).toEqual(['上海浦江电子有限公司'])
  })

  it('pages with a stable total', async () => {
    const p1 = await search({ page: 1, pageSize: 3, sort: 'code' })
    const p2 = await search({ page: 2, pageSize: 3, sort: 'code' })
    const p3 = await search({ page: 3, pageSize: 3, sort: 'code' })
    expect([p1.total, p2.total, p3.total]).toEqual([7, 7, 7])
    expect([p1.items.length, p2.items.length, p3.items.length]).toEqual([3, 3, 1])
    const all = [...p1.items, ...p2.items, ...p3.items].map((x: { code: string }) => x.code)
    expect(new Set(all).size).toBe(7)
    expect(all).toEqual([...all].sort())
    // past the last page: no rows, still the total
    expect(await search({ page: 9, pageSize: 3 })).toEqual({ items: [], total: 7 })
    expect(await search({ query: '不存在', page: 2 })).toEqual({ items: [], total: 0 })
    expect(await t.raw('customer.search', { pageSize: 1000 }, t.adminToken)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(await t.raw('customer.search', { page: 0 }, t.adminToken)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
  })

  it('sorts by name, code, created and credit limit, both ways', async () => {
    const codes = (await search({ sort: 'code' })).items.map((x: { code: string }) => x.code)
    expect((await search({ sort: '-code' })).items.map((x: { code: string }) => x.code)).toEqual([...codes].reverse())
    const created = (await search({ sort: 'createdAt' })).items.map((x: { name: string }) => x.name)
    expect(created[0]).toBe('北京华星科技有限公司')
    expect((await search({ sort: '-createdAt' })).items[0].name).toBe('杭州西湖龙井茶业有限公司')
    const byName = (await search({ sort: 'name' })).items.map((x: { name: string }) => x.name)
    expect(byName).toHaveLength(7)
    expect(await t.raw('customer.search', { sort: 'passwordHash' }, t.adminToken)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
  })

  it('returns owner name and primary contact on each row', async () => {
    const r = await search({ query: 'bjhx' })
    expect(r.items[0]).toMatchObject({ ownerId: null, ownerName: null, primaryContact: { name: '李华', mobile: '139 1000 2000' } })
    const mine = await search({ ownerId: sales.id })
    expect(mine.items[0]).toMatchObject({ ownerName: '销售小王' })
    expect(JSON.stringify(r)).not.toMatch(/searchText|nameKey|phoneKey/)
  })

  it('finds a customer by a contact added later, and not by one deleted', async () => {
    const id = ids['广州白云皮具厂']!
    const ct = await t.call('contact.create', { customerId: id, name: '黄老板', mobile: '13577776666' }, t.adminToken)
    expect(names(await search({ query: '77776666' }))).toEqual(['广州白云皮具厂'])
    await t.call('contact.update', { id: ct.id, version: 1, mobile: '13544443333' }, t.adminToken)
    expect((await search({ query: '77776666' })).total).toBe(0)
    expect(names(await search({ query: '44443333' }))).toEqual(['广州白云皮具厂'])
    await t.call('contact.delete', { id: ct.id }, t.adminToken)
    expect((await search({ query: '44443333' })).total).toBe(0)
  })

  // last: adds a customer
  it('finds a code holding _ and a tag holding % literally', async () => {
    const c = await t.call('customer.create', { code: 'KH_01', name: '下划线编码客户' }, t.adminToken)
    expect((await search({ query: 'kh_01' })).items.map((x: { id: number }) => x.id)).toEqual([c.id])
    expect((await search({ query: 'kh%01' })).total).toBe(0)
    await t.call('customer.update', { id: c.id, version: 1, tags: ['50%_off'] }, t.adminToken)
    expect((await search({ tag: '50%_off' })).total).toBe(1)
    expect((await search({ tag: '50%' })).total).toBe(0)
    expect((await search({ tag: '%' })).total).toBe(0)
  })

  it('finds by a short name that is not part of the name, and by its pinyin', async () => {
    const c = await t.call('customer.create', { name: '广州市白云区王记五金经营部', shortName: '老王五金' }, t.adminToken)
    for (const q of ['老王', 'laowang', 'lwwj']) expect((await search({ query: q })).items.map((x: { id: number }) => x.id), q).toEqual([c.id])
  })
})
