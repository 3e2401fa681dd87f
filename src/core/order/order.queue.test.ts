import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestCore, type TestCore } from '../testing/test-core'

/** Issue 14: the approval queue says 按下单日期从早到晚 and lists so, also within one day (as entered). */
let t: TestCore
beforeAll(async () => {
  t = await createTestCore({ now: '2026-12-04T10:00:00+08:00' })
})
afterAll(() => t.close())

describe('order.search sort orderDate (the approval queue)', () => {
  it('earliest day first, one day in the order the orders were entered; -orderDate the reverse', async () => {
    const admin = t.adminToken
    const cid = (await t.call('customer.create', { name: '无锡梁溪电器有限公司' }, admin)).id
    const pid = (await t.call('product.create', { code: 'P1', name: '电机', salePrice: '10', initialStock: '100' }, admin)).id
    const pending = async (orderDate: string) => {
      const o = await t.call('order.create', { customerId: cid, orderDate, lines: [{ productId: pid, quantity: '1' }] }, admin)
      await t.call('order.submit', { id: o.id }, admin)
      return o.number as string
    }
    const d3a = await pending('2026-12-03')
    const d3b = await pending('2026-12-03')
    const d1 = await pending('2026-12-01')
    const d3c = await pending('2026-12-03')
    const list = async (sort: string) => (await t.call('order.search', { status: 'pending', sort, page: 1, pageSize: 20 }, admin)).items.map((o: { number: string }) => o.number)
    expect(await list('orderDate')).toEqual([d1, d3a, d3b, d3c])
    expect(await list('-orderDate')).toEqual([d3c, d3b, d3a, d1])
  })
})
