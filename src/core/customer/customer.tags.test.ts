import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestCore, type TestCore } from '../testing/test-core'

describe('customer.tags', () => {
  let t: TestCore
  beforeAll(async () => {
    t = await createTestCore()
  })
  afterAll(() => t.close())

  it('lists the tags in use, most used first, within the caller scope', async () => {
    const s1 = await t.user('sales')
    const s2 = await t.user('sales')
    await t.call('customer.create', { name: '甲公司', tags: ['VIP', '华东'] }, s1.token)
    await t.call('customer.create', { name: '乙公司', tags: ['VIP'] }, s1.token)
    await t.call('customer.create', { name: '丙公司', tags: ['军工'] }, s2.token)
    expect((await t.call('customer.tags', {}, t.adminToken)).items).toEqual([
      { tag: 'VIP', count: 2 },
      { tag: '华东', count: 1 },
      { tag: '军工', count: 1 },
    ].sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag, 'zh-CN')))
    expect((await t.call('customer.tags', {}, s2.token)).items).toEqual([{ tag: '军工', count: 1 }])
  })
})
