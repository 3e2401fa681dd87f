import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestCore, type TestCore } from '../testing/test-core'

/**
 * Issue 8: `%` and `_` in a search are text, not wildcards, in every search (product, customer, order,
 * quote, shipment, receipt, opportunity, receivables). Numbers use `_` as separator here, so
 * `SO20261204_0001` must be found, and `_` must not match any character (`AB_12` does not find `ABX12`).
 */
let t: TestCore
let admin: string
const numbers = (r: { items: { number: string }[] }) => r.items.map((i) => i.number).sort()

beforeAll(async () => {
  t = await createTestCore({ now: '2026-12-04T10:00:00+08:00' })
  admin = t.adminToken
  const sep = { separator: '_' as const }
  await t.call('settings.update', { numbering: { SO: sep, QT: sep, DN: sep, RC: sep, RT: sep } }, admin)
})
afterAll(() => t.close())

describe('LIKE wildcards typed by the user are text', () => {
  it('products: AB_12 finds AB_12 only, 50% finds the name with 50%', async () => {
    await t.call('product.create', { code: 'AB_12', name: '垫片甲', unit: '个' }, admin)
    await t.call('product.create', { code: 'ABX12', name: '垫片乙', unit: '个' }, admin)
    await t.call('product.create', { code: 'P-50', name: '清洁剂 50%浓度', unit: '瓶' }, admin)
    await t.call('product.create', { code: 'P-51', name: '清洁剂 50浓度', unit: '瓶' }, admin)
    const codes = async (query: string) => (await t.call('product.search', { query }, admin)).items.map((p: { code: string }) => p.code).sort()
    expect(await codes('AB_12')).toEqual(['AB_12'])
    expect(await codes('ab_1')).toEqual(['AB_12'])
    expect(await codes('50%')).toEqual(['P-50'])
    expect(await codes('%')).toEqual(['P-50'])
    expect(await codes('_')).toEqual(['AB_12'])
    expect(await codes('\\')).toEqual([])
  })

  it('customers: a name with _ and % is found by it, and _ matches no other character', async () => {
    await t.call('customer.create', { name: '甲_乙贸易有限公司' }, admin)
    await t.call('customer.create', { name: '甲丙乙贸易有限公司' }, admin)
    const names = async (query: string) => (await t.call('customer.search', { query }, admin)).items.map((c: { name: string }) => c.name).sort()
    expect(await names('甲_乙')).toEqual(['甲_乙贸易有限公司'])
  })

  it('orders, quotes, shipments, receipts, opportunities and receivables', async () => {
    const c = (await t.call('customer.create', { name: '宁波三江_贸易有限公司' }, admin)).id
    const other = (await t.call('customer.create', { name: '宁波三江X贸易有限公司' }, admin)).id
    const p = (await t.call('product.create', { code: 'W-1', name: '螺丝', unit: '盒', initialStock: '100' }, admin)).id
    const make = async (customerId: number) => {
      const o = await t.call('order.create', { customerId, lines: [{ productId: p, quantity: '1', unitPrice: '10' }] }, admin)
      await t.call('order.submit', { id: o.id }, admin)
      const a = await t.call('order.approve', { id: o.id }, admin)
      const s = await t.call('shipment.create', { orderId: o.id, lines: [{ orderLineId: a.lines[0].id, quantity: '1' }] }, admin)
      const q = await t.call('quote.create', { customerId, lines: [{ productId: p, quantity: '1', unitPrice: '10' }] }, admin)
      const r = await t.call('receipt.create', { customerId, amountFen: 500, method: 'bank', reference: customerId === c ? 'TT_778' : 'TTX778' }, admin)
      return { o, s, q, r }
    }
    const mine = await make(c)
    await make(other)
    expect(mine.o.number).toBe('SO20261204_0001')
    expect(mine.s.number).toMatch(/^DN20261204_\d{4}$/)

    expect(numbers(await t.call('order.search', { query: 'SO20261204_0001' }, admin))).toEqual(['SO20261204_0001'])
    // `_` is not "any character": SO20261204_000 finds the two orders, not a number with another character there
    expect(numbers(await t.call('order.search', { query: 'so20261204_000' }, admin))).toEqual(['SO20261204_0001', 'SO20261204_0002'])
    expect(numbers(await t.call('order.search', { query: '三江_' }, admin))).toEqual([mine.o.number])
    expect(numbers(await t.call('quote.search', { query: mine.q.number }, admin))).toEqual([mine.q.number])
    expect(numbers(await t.call('quote.search', { query: '三江_' }, admin))).toEqual([mine.q.number])
    expect(numbers(await t.call('shipment.search', { query: mine.s.number }, admin))).toEqual([mine.s.number])
    expect(numbers(await t.call('shipment.search', { query: '三江_' }, admin))).toEqual([mine.s.number])
    expect(numbers(await t.call('receipt.search', { query: mine.r.number }, admin))).toEqual([mine.r.number])
    expect(numbers(await t.call('receipt.search', { query: 'tt_778' }, admin))).toEqual([mine.r.number])

    await t.call('opportunity.create', { customerId: c, title: '二期_扩产' }, admin)
    await t.call('opportunity.create', { customerId: other, title: '二期X扩产' }, admin)
    const opps = await t.call('opportunity.search', { query: '二期_' }, admin)
    expect(opps.items.map((o: { title: string }) => o.title)).toEqual(['二期_扩产'])

    const ar = await t.call('ar.summary', { query: '三江_' }, admin)
    expect(ar.items.map((x: { customerName: string }) => x.customerName)).toEqual(['宁波三江_贸易有限公司'])
  })
})
