import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestCore, type TestCore } from '../testing/test-core'

/**
 * Issue 14: the aging total equals its buckets — money received beyond what was shipped is its own 预收款 column,
 * so on every row and in the totals Σ buckets − 预收款 = 合计. Figures by hand, 30-day terms, as of 2026-03-20.
 */
let t: TestCore
let admin: string
let productId: number

async function shipped(customerId: number, yuan: string, shipDate: string) {
  const o = await t.call('order.create', { customerId, orderDate: shipDate, lines: [{ productId, quantity: '1', unitPrice: yuan }] }, admin)
  await t.call('order.submit', { id: o.id }, admin)
  await t.call('order.approve', { id: o.id }, admin)
  await t.call('shipment.create', { orderId: o.id, shipDate, lines: [{ orderLineId: o.lines[0].id, quantity: '1' }] }, admin)
}

beforeAll(async () => {
  t = await createTestCore({ now: '2026-03-20T10:00:00+08:00' })
  admin = t.adminToken
  productId = (await t.call('product.create', { code: 'F-1', name: '豆瓣酱', initialStock: '1000' }, admin)).id
})
afterAll(() => t.close())

describe('ar.aging: 预收款 column', () => {
  it('a customer who paid ahead shows it as 预收款, and the rows and totals add up', async () => {
    const ahead = (await t.call('customer.create', { name: '成都天府食品有限公司', paymentTermDays: 30 }, admin)).id
    const owing = (await t.call('customer.create', { name: '绵阳涪城调味品有限公司', paymentTermDays: 30 }, admin)).id
    // ahead: shipped ¥100 on 01-01, received ¥300 on 02-01 (not allocated) → owes nothing, ¥200 paid in advance
    await shipped(ahead, '100', '2026-01-01')
    await t.call('receipt.create', { customerId: ahead, amountFen: 30000, method: 'bank', receivedOn: '2026-02-01' }, admin)
    // owing: ¥500 shipped 02-10 (due 03-12: 8 days over → 1–30), ¥400 shipped 03-01 (due 03-31: not due),
    // ¥100 received 03-15 settles the oldest first → 1–30 ¥400, not due ¥400, total ¥800
    await shipped(owing, '500', '2026-02-10')
    await shipped(owing, '400', '2026-03-01')
    await t.call('receipt.create', { customerId: owing, amountFen: 10000, method: 'bank', receivedOn: '2026-03-15' }, admin)

    const a = await t.call('ar.aging', { asOf: '2026-03-20' }, admin)
    const row = (id: number) => a.items.find((i: { customerId: number }) => i.customerId === id)
    expect(row(ahead)).toEqual({ customerId: ahead, customerName: '成都天府食品有限公司', notDueFen: 0, d1_30Fen: 0, d31_60Fen: 0, d61_90Fen: 0, over90Fen: 0, prepaymentFen: 20000, totalFen: -20000 })
    expect(row(owing)).toEqual({ customerId: owing, customerName: '绵阳涪城调味品有限公司', notDueFen: 40000, d1_30Fen: 40000, d31_60Fen: 0, d61_90Fen: 0, over90Fen: 0, prepaymentFen: 0, totalFen: 80000 })
    expect(a.totals).toEqual({ notDueFen: 40000, d1_30Fen: 40000, d31_60Fen: 0, d61_90Fen: 0, over90Fen: 0, prepaymentFen: 20000, totalFen: 60000 })
    const adds = (r: { notDueFen: number; d1_30Fen: number; d31_60Fen: number; d61_90Fen: number; over90Fen: number; prepaymentFen: number; totalFen: number }) =>
      r.notDueFen + r.d1_30Fen + r.d31_60Fen + r.d61_90Fen + r.over90Fen - r.prepaymentFen === r.totalFen
    expect(a.items.every(adds)).toBe(true)
    expect(adds(a.totals)).toBe(true)
    // the aging's total is the AR summary's balance (shipped − returned − received)
    const sum = await t.call('ar.summary', { asOf: '2026-03-20' }, admin)
    const balance = (id: number) => sum.items.find((i: { customerId: number }) => i.customerId === id).balanceFen
    expect([balance(ahead), balance(owing)]).toEqual([-20000, 80000])
  })
})
