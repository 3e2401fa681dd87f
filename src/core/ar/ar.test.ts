import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestCore, type TestCore } from '../testing/test-core'

let t: TestCore
let admin: string
let customerId: number
let productId: number

/** An approved order of `yuan` (one line of quantity 1), fully shipped on `shipDate`. */
async function shipped(yuan: string, shipDate: string, extra: Record<string, unknown> = {}) {
  const o = await t.call('order.create', { customerId, orderDate: shipDate, lines: [{ productId, quantity: '1', unitPrice: yuan }], ...extra }, admin)
  await t.call('order.submit', { id: o.id }, admin)
  await t.call('order.approve', { id: o.id }, admin)
  const s = await t.call('shipment.create', { orderId: o.id, shipDate, lines: [{ orderLineId: o.lines[0].id, quantity: '1' }] }, admin)
  return { order: await t.call('order.get', { id: o.id }, admin), shipment: s }
}

beforeEach(async () => {
  t = await createTestCore({ now: '2026-03-20T10:00:00+08:00' })
  admin = t.adminToken
  customerId = (await t.call('customer.create', { name: '成都天府食品有限公司', paymentTermDays: 30 }, admin)).id
  productId = (await t.call('product.create', { code: 'F-1', name: '豆瓣酱', initialStock: '1000' }, admin)).id
})
afterEach(() => t.close())

describe('receipts and allocation', () => {
  it('allocates never more than the order receivable nor the receipt unallocated amount; the rest is prepayment', async () => {
    const { order } = await shipped('1000', '2026-03-01')
    const over = await t.raw('receipt.create', { customerId, amountFen: 200000, method: 'bank', allocations: [{ orderId: order.id, amountFen: 100001 }] }, admin)
    expect(!over.ok && over.error.code).toBe('BUSINESS_RULE')
    expect((await t.call('receipt.search', { customerId }, admin)).total).toBe(0)
    const r = await t.call('receipt.create', { customerId, amountFen: 150000, method: 'bank', reference: '工行回单 0088', allocations: [{ orderId: order.id, amountFen: 60000 }] }, admin)
    expect(r.number).toBe('RC20260320-0001')
    expect(r).toMatchObject({ allocatedFen: 60000, unallocatedFen: 90000 })
    const tooMuch = await t.raw('receipt.allocate', { receiptId: r.id, allocations: [{ orderId: order.id, amountFen: 40001 }] }, admin)
    expect(!tooMuch.ok && tooMuch.error.message).toContain('超过订单')
    const r2 = await t.call('receipt.allocate', { receiptId: r.id, allocations: [{ orderId: order.id, amountFen: 40000 }] }, admin)
    expect(r2.unallocatedFen).toBe(50000)
    const sum = await t.call('ar.summary', {}, admin)
    expect(sum.items[0]).toMatchObject({ customerId, balanceFen: -50000, prepaymentFen: 50000, overdueFen: 0 })
    const small = await t.call('receipt.create', { customerId, amountFen: 100, method: 'cash' }, admin)
    const overReceipt = await t.raw('receipt.allocate', { receiptId: small.id, allocations: [{ orderId: order.id, amountFen: 101 }] }, admin)
    expect(!overReceipt.ok && overReceipt.error.code).toBe('BUSINESS_RULE')
  })

  it('prepayment is offered and can be applied when the next shipment is made', async () => {
    await t.call('receipt.create', { customerId, amountFen: 30000, method: 'wechat' }, admin)
    const o = await t.call('order.create', { customerId, lines: [{ productId, quantity: '1', unitPrice: '500' }] }, admin)
    await t.call('order.submit', { id: o.id }, admin)
    await t.call('order.approve', { id: o.id }, admin)
    const s = await t.call('shipment.create', { orderId: o.id, lines: [{ orderLineId: o.lines[0].id, quantity: '1' }], applyPrepayment: true }, admin)
    expect(s).toMatchObject({ prepaymentAppliedFen: 30000, prepaymentAvailableFen: 0 })
    expect((await t.call('order.get', { id: o.id }, admin)).receivableFen).toBe(20000)
  })

  it('completes an order when everything is shipped and received; unallocating reopens it; cancel keeps the number', async () => {
    const { order } = await shipped('100', '2026-03-10')
    const r = await t.call('receipt.create', { customerId, amountFen: 10000, method: 'alipay', allocations: [{ orderId: order.id, amountFen: 10000 }] }, admin)
    const done = await t.call('order.get', { id: order.id }, admin)
    expect(done.status).toBe('completed')
    expect(done.history.map((h: { action: string }) => h.action)).toContain('complete')
    await t.call('receipt.unallocate', { receiptId: r.id }, admin)
    expect((await t.call('order.get', { id: order.id }, admin)).status).toBe('shipped')
    const c = await t.call('receipt.cancel', { id: r.id, reason: '银行退回' }, admin)
    expect(c).toMatchObject({ status: 'cancelled', number: r.number, unallocatedFen: 0 })
    const again = await t.raw('receipt.allocate', { receiptId: r.id, allocations: [{ orderId: order.id, amountFen: 1 }] }, admin)
    expect(!again.ok && again.error.code).toBe('BUSINESS_RULE')
  })

  it('a closed order with its shipped part paid is completed', async () => {
    const o = await t.call('order.create', { customerId, lines: [{ productId, quantity: '2', unitPrice: '50' }] }, admin)
    await t.call('order.submit', { id: o.id }, admin)
    await t.call('order.approve', { id: o.id }, admin)
    await t.call('shipment.create', { orderId: o.id, lines: [{ orderLineId: o.lines[0].id, quantity: '1' }] }, admin)
    await t.call('receipt.create', { customerId, amountFen: 5000, method: 'cash', allocations: [{ orderId: o.id, amountFen: 5000 }] }, admin)
    expect((await t.call('order.get', { id: o.id }, admin)).status).toBe('partially_shipped')
    expect((await t.call('order.close', { id: o.id, reason: '客户不要剩余' }, admin)).status).toBe('completed')
  })

  it('concurrent allocations against the same order never over-allocate', async () => {
    const { order } = await shipped('100', '2026-03-10')
    const receipts = await Promise.all(Array.from({ length: 5 }, () => t.call('receipt.create', { customerId, amountFen: 4000, method: 'bank' }, admin)))
    const results = await Promise.all(receipts.map((r) => t.raw('receipt.allocate', { receiptId: r.id, allocations: [{ orderId: order.id, amountFen: 4000 }] }, admin)))
    expect(results.filter((r) => r.ok)).toHaveLength(2)
    expect(results.filter((r) => !r.ok && r.error.code === 'BUSINESS_RULE')).toHaveLength(3)
    const o = await t.call('order.get', { id: order.id }, admin)
    expect(o.receivedFen).toBe(8000)
    expect(o.receivableFen).toBe(2000)
  })

  it('finance records receipts; a salesperson may not', async () => {
    const s = await t.user('sales')
    const r = await t.raw('receipt.create', { customerId, amountFen: 1, method: 'cash' }, s.token)
    expect(!r.ok && r.error.code).toBe('FORBIDDEN')
  })
})

describe('aging', () => {
  it('a shipment on 2026-01-10 with 30-day terms is in d31_60 on 2026-03-20', async () => {
    await shipped('500', '2026-01-10')
    const a = await t.call('ar.aging', { asOf: '2026-03-20' }, admin)
    expect(a.items[0]).toMatchObject({ customerId, notDueFen: 0, d1_30Fen: 0, d31_60Fen: 50000, d61_90Fen: 0, over90Fen: 0, totalFen: 50000 })
  })

  it('buckets by due date add up to the balance; receipts and returns settle the oldest first (FIFO)', async () => {
    await shipped('100', '2025-10-01') // due 10-31, 140 days on 03-20 → over 90
    await shipped('200', '2026-01-01') // due 01-31, 48 days → 31–60
    await shipped('300', '2026-02-10') // due 03-12, 8 days → 1–30
    const { shipment } = await shipped('400', '2026-03-01') // due 03-31 → not due
    await t.call('receipt.create', { customerId, amountFen: 15000, method: 'bank', receivedOn: '2026-03-15' }, admin)
    await t.call('return.create', { shipmentId: shipment.id, lines: [{ shipmentLineId: shipment.lines[0].id, quantity: '0.5' }], reason: '破损', returnedOn: '2026-03-16' }, admin)
    const a = await t.call('ar.aging', { asOf: '2026-03-20' }, admin)
    const row = a.items[0]
    // credits 150 + 200 = 350 settle 100 (over90) then 200 of the 200 (31–60) then 50 of the 300
    expect(row).toMatchObject({ over90Fen: 0, d61_90Fen: 0, d31_60Fen: 0, d1_30Fen: 25000, notDueFen: 40000, totalFen: 65000 })
    expect(row.notDueFen + row.d1_30Fen + row.d31_60Fen + row.d61_90Fen + row.over90Fen).toBe(row.totalFen)
    expect(a.totals.totalFen).toBe(65000)
    // on an earlier date only what happened by then counts
    const before = await t.call('ar.aging', { asOf: '2026-02-15' }, admin)
    expect(before.items[0]).toMatchObject({ totalFen: 60000, over90Fen: 10000, d1_30Fen: 20000, notDueFen: 30000 })
  })

  it('a customer in credit has all buckets 0 and a negative total', async () => {
    await shipped('100', '2026-01-01')
    await t.call('receipt.create', { customerId, amountFen: 30000, method: 'bank', receivedOn: '2026-02-01' }, admin)
    const a = await t.call('ar.aging', { asOf: '2026-03-20' }, admin)
    expect(a.items[0]).toMatchObject({ notDueFen: 0, d1_30Fen: 0, d31_60Fen: 0, d61_90Fen: 0, over90Fen: 0, totalFen: -20000 })
  })

  it('the overdue list shows overdue customers with their last follow-up; a dunning follow-up can be logged', async () => {
    await shipped('100', '2026-01-01')
    const none = await t.call('ar.overdue', {}, admin)
    expect(none.items[0]).toMatchObject({ customerId, overdueFen: 10000, oldestDueDate: '2026-01-31', maxDaysOverdue: 48, lastFollowUp: null })
    await t.call('followUp.create', { customerId, type: 'dunning', content: '电话催款，答应月底付', nextFollowUpOn: '2026-03-31' }, admin)
    const after = await t.call('ar.overdue', {}, admin)
    expect(after.items[0].lastFollowUp).toMatchObject({ type: 'dunning', content: '电话催款，答应月底付' })
    expect(after.items[0].lastDunningAt).not.toBeNull()
  })
})

describe('statement of account', () => {
  it('closing = opening + shipped − returned − received, equal to ar.summary on the to date', async () => {
    await shipped('100', '2026-01-05')
    await t.call('receipt.create', { customerId, amountFen: 4000, method: 'bank', receivedOn: '2026-01-20' }, admin)
    const { shipment } = await shipped('250.5', '2026-02-03')
    await t.call('return.create', { shipmentId: shipment.id, lines: [{ shipmentLineId: shipment.lines[0].id, quantity: '0.2' }], reason: '少量破损', returnedOn: '2026-02-10' }, admin)
    await t.call('receipt.create', { customerId, amountFen: 10000, method: 'cash', receivedOn: '2026-02-20' }, admin)
    await shipped('80', '2026-03-02')
    const st = await t.call('ar.statement', { customerId, from: '2026-02-01', to: '2026-02-28' }, admin)
    expect(st.openingBalanceFen).toBe(6000)
    expect(st.entries.map((e: { kind: string; amountFen: number; balanceFen: number }) => [e.kind, e.amountFen, e.balanceFen])).toEqual([
      ['shipment', 25050, 31050],
      ['return', -5010, 26040],
      ['receipt', -10000, 16040],
    ])
    expect(st.closingBalanceFen).toBe(st.openingBalanceFen + st.shippedFen - st.returnedFen - st.receivedFen)
    const sum = await t.call('ar.summary', { asOf: '2026-02-28' }, admin)
    expect(sum.items.find((i: { customerId: number }) => i.customerId === customerId).balanceFen).toBe(st.closingBalanceFen)
    const bad = await t.raw('ar.statement', { customerId, from: '2026-03-01', to: '2026-02-01' }, admin)
    expect(!bad.ok && bad.error.code).toBe('VALIDATION')
  })

  it('the credit check counts the receivable from shipments and receipts', async () => {
    const c = await t.call('customer.get', { id: customerId }, admin)
    await t.call('customer.update', { id: customerId, version: c.version, creditLimitFen: 15000 }, admin)
    await shipped('100', '2026-03-01')
    const o = await t.call('order.create', { customerId, lines: [{ productId, quantity: '1', unitPrice: '60' }] }, admin)
    await t.call('order.submit', { id: o.id }, admin)
    const check = await t.call('order.creditCheck', { id: o.id }, admin)
    expect(check).toMatchObject({ receivableFen: 10000, exceeds: true })
    await t.call('receipt.create', { customerId, amountFen: 5000, method: 'bank' }, admin)
    expect((await t.call('order.approve', { id: o.id }, admin)).status).toBe('approved')
  })
})
