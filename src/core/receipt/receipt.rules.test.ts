import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestCore, type TestCore } from '../testing/test-core'

/**
 * Issue 5, receipts and allocation (收款 / 核销), rule by rule through the dispatcher: allocation limits,
 * atomic saves, completion and reopening, scope, roles, versions and the operation log.
 */
let t: TestCore
let admin: string
let customerId: number
let productId: number

const fail = async (method: string, input: unknown, token = admin) => {
  const r = await t.raw(method, input, token)
  if (r.ok) throw new Error(`${method} should have failed`)
  return r.error
}
/** an approved order of `qty` × 100.00, of which `shipQty` is shipped */
async function orderOf(qty: string, shipQty: string | null, cid = customerId) {
  const o = await t.call('order.create', { customerId: cid, lines: [{ productId, quantity: qty, unitPrice: '100' }] }, admin)
  await t.call('order.submit', { id: o.id }, admin)
  const a = await t.call('order.approve', { id: o.id }, admin)
  const s = shipQty ? await t.call('shipment.create', { orderId: o.id, lines: [{ orderLineId: a.lines[0].id, quantity: shipQty }] }, admin) : null
  return { order: await t.call('order.get', { id: o.id }, admin), shipment: s }
}
const receipt = (amountFen: number, allocations?: { orderId: number; amountFen: number }[], cid = customerId) =>
  t.call('receipt.create', { customerId: cid, amountFen, method: 'bank', allocations }, admin)
const order = (id: number) => t.call('order.get', { id }, admin)

beforeEach(async () => {
  t = await createTestCore({ now: '2026-03-20T10:00:00+08:00' })
  admin = t.adminToken
  customerId = (await t.call('customer.create', { name: '青岛海滨啤酒经销有限公司', paymentTermDays: 30 }, admin)).id
  productId = (await t.call('product.create', { code: 'B-1', name: '原浆啤酒', unit: '箱', initialStock: '1000' }, admin)).id
})
afterEach(() => t.close())

describe('allocation limits', () => {
  it("never more than an order's receivable nor the receipt's unallocated amount; a refused call saves nothing", async () => {
    const { order: a } = await orderOf('3', '3') // receivable 300.00
    const { order: b } = await orderOf('2', '1') // receivable 100.00
    const { order: c } = await orderOf('1', null) // nothing shipped: nothing receivable
    const r = await receipt(50000)
    // the same order twice in one call adds up beyond its receivable
    const twice = await fail('receipt.allocate', { receiptId: r.id, allocations: [{ orderId: a.id, amountFen: 20000 }, { orderId: a.id, amountFen: 10001 }] })
    expect(twice.code).toBe('BUSINESS_RULE')
    expect(twice.message).toContain(a.number)
    // the first order fits, the second does not: neither is saved
    await fail('receipt.allocate', { receiptId: r.id, allocations: [{ orderId: a.id, amountFen: 30000 }, { orderId: b.id, amountFen: 10001 }] })
    expect((await order(a.id)).receivedFen).toBe(0)
    expect((await t.call('receipt.get', { id: r.id }, admin))).toMatchObject({ allocatedFen: 0, unallocatedFen: 50000, allocations: [] })
    expect((await fail('receipt.allocate', { receiptId: r.id, allocations: [{ orderId: c.id, amountFen: 1 }] })).message).toContain('¥0.00')
    expect((await fail('receipt.allocate', { receiptId: r.id, allocations: [{ orderId: a.id, amountFen: 0 }] })).code).toBe('VALIDATION')
    const other = (await t.call('customer.create', { name: '烟台苹果批发有限公司' }, admin)).id
    const { order: foreign } = await orderOf('1', '1', other)
    expect((await fail('receipt.allocate', { receiptId: r.id, allocations: [{ orderId: foreign.id, amountFen: 100 }] })).code).toBe('VALIDATION')
    await t.call('receipt.allocate', { receiptId: r.id, allocations: [{ orderId: a.id, amountFen: 30000 }, { orderId: b.id, amountFen: 10000 }] }, admin)
    // 100.00 is left on the receipt, but b has nothing receivable any more
    const over = await fail('receipt.allocate', { receiptId: r.id, allocations: [{ orderId: b.id, amountFen: 1 }] })
    expect(over.code).toBe('BUSINESS_RULE')
    const r2 = await receipt(100)
    const beyond = await fail('receipt.allocate', { receiptId: r2.id, allocations: [{ orderId: b.id, amountFen: 101 }] })
    expect(beyond.message).toContain('未核销金额')
    // a receipt whose allocations do not fit is not created at all
    const before = (await t.call('receipt.search', {}, admin)).total
    await fail('receipt.create', { customerId, amountFen: 100, method: 'cash', allocations: [{ orderId: a.id, amountFen: 100 }] })
    expect((await t.call('receipt.search', {}, admin)).total).toBe(before)
  })

  it('parallel allocations of one receipt to many orders never over-allocate the receipt', async () => {
    const orders = []
    for (let i = 0; i < 5; i++) orders.push((await orderOf('1', '1')).order)
    const r = await receipt(25000)
    const results = await Promise.all(orders.map((o) => t.raw('receipt.allocate', { receiptId: r.id, allocations: [{ orderId: o.id, amountFen: 10000 }] }, admin)))
    expect(results.filter((x) => x.ok)).toHaveLength(2)
    const got = await t.call('receipt.get', { id: r.id }, admin)
    expect(got).toMatchObject({ allocatedFen: 20000, unallocatedFen: 5000 })
    expect(got.allocations.reduce((s: number, a: { amountFen: number }) => s + a.amountFen, 0)).toBe(20000)
  })
})

describe('allocation after a return', () => {
  it('never above shipped − returned − received: returned goods are not receivable', async () => {
    // 3 × 100.00 shipped, 1 returned: 200.00 receivable, not 300.00
    const { order: o, shipment: s } = await orderOf('3', '3')
    await t.call('return.create', { shipmentId: s!.id, lines: [{ shipmentLineId: s!.lines[0].id, quantity: '1' }], reason: '破损' }, admin)
    expect(await order(o.id)).toMatchObject({ shippedFen: 30000, returnedFen: 10000, receivedFen: 0, receivableFen: 20000 })
    const suggested = await t.call('receipt.openOrders', { customerId }, admin)
    expect(suggested.items.find((i: { orderId: number }) => i.orderId === o.id)).toMatchObject({ receivableFen: 20000 })
    const r = await receipt(30000)
    // one fen beyond 200.00 is refused (it would fit 300.00 − 0 if the return were left out)
    const over = await fail('receipt.allocate', { receiptId: r.id, allocations: [{ orderId: o.id, amountFen: 20001 }] })
    expect(over.code).toBe('BUSINESS_RULE')
    expect(over.message).toContain('¥200.00')
    expect((await fail('receipt.create', { customerId, amountFen: 25000, method: 'bank', allocations: [{ orderId: o.id, amountFen: 25000 }] })).code).toBe('BUSINESS_RULE')
    // 150.00 fits; then 50.00 more fits exactly, one fen more does not
    await t.call('receipt.allocate', { receiptId: r.id, allocations: [{ orderId: o.id, amountFen: 15000 }] }, admin)
    expect((await fail('receipt.allocate', { receiptId: r.id, allocations: [{ orderId: o.id, amountFen: 5001 }] })).message).toContain('¥50.00')
    await t.call('receipt.allocate', { receiptId: r.id, allocations: [{ orderId: o.id, amountFen: 5000 }] }, admin)
    expect(await order(o.id)).toMatchObject({ receivedFen: 20000, receivableFen: 0, status: 'completed' })
    expect(await t.call('receipt.get', { id: r.id }, admin)).toMatchObject({ allocatedFen: 20000, unallocatedFen: 10000 })
  })
})

describe('completion and reopening', () => {
  it('a completed order stays completed while its receivable is still zero or less, and reopens when it is not', async () => {
    const { order: o, shipment: s } = await orderOf('2', '2') // 200.00
    const r1 = await receipt(12000, [{ orderId: o.id, amountFen: 12000 }])
    const r2 = await receipt(8000, [{ orderId: o.id, amountFen: 8000 }])
    expect((await order(o.id)).status).toBe('completed')
    // a return of 100.00 leaves the order over-received by 100.00
    await t.call('return.create', { shipmentId: s!.id, lines: [{ shipmentLineId: s!.lines[0].id, quantity: '1' }], reason: '破损' }, admin)
    expect(await order(o.id)).toMatchObject({ status: 'completed', receivableFen: -10000 })
    // taking back 80.00 leaves −20.00: still nothing receivable, still completed
    await t.call('receipt.unallocate', { receiptId: r2.id, orderId: o.id }, admin)
    const still = await order(o.id)
    expect(still).toMatchObject({ status: 'completed', receivableFen: -2000 })
    expect(still.completedAt).not.toBeNull()
    // cancelling the 120.00 receipt leaves 100.00 receivable: the order reopens, versioned and logged
    await t.call('receipt.cancel', { id: r1.id, reason: '票据退回' }, admin)
    const open = await order(o.id)
    expect(open).toMatchObject({ status: 'shipped', receivableFen: 10000, completedAt: null })
    expect(open.version).toBeGreaterThan(still.version)
    const log = await t.call('auditLog.list', { entity: 'order', entityId: o.id }, admin)
    expect(log.items.find((l: { action: string }) => l.action === 'reopen')).toMatchObject({ changes: { status: { before: 'completed', after: 'shipped' } } })
    // paying again completes it again
    await t.call('receipt.allocate', { receiptId: r2.id, allocations: [{ orderId: o.id, amountFen: 8000 }] }, admin)
    await receipt(2000, [{ orderId: o.id, amountFen: 2000 }])
    expect((await order(o.id)).status).toBe('completed')
  })

  it('a closed order that was completed reopens to closed, not to shipped', async () => {
    const { order: o } = await orderOf('3', '1')
    const r = await receipt(10000, [{ orderId: o.id, amountFen: 10000 }])
    expect((await t.call('order.close', { id: o.id, reason: '余量不发' }, admin)).status).toBe('completed')
    await t.call('receipt.unallocate', { receiptId: r.id }, admin)
    expect(await order(o.id)).toMatchObject({ status: 'closed', closeReason: '余量不发', receivableFen: 10000 })
    expect((await fail('shipment.create', { orderId: o.id, lines: [{ orderLineId: o.lines[0].id, quantity: '1' }] })).code).toBe('BUSINESS_RULE')
  })

  it('unallocating one order leaves the others; nothing to unallocate is a clear refusal', async () => {
    const { order: a } = await orderOf('1', '1')
    const { order: b } = await orderOf('1', '1')
    const r = await receipt(20000, [{ orderId: a.id, amountFen: 10000 }, { orderId: b.id, amountFen: 10000 }])
    const after = await t.call('receipt.unallocate', { receiptId: r.id, orderId: a.id }, admin)
    expect(after).toMatchObject({ allocatedFen: 10000, unallocatedFen: 10000 })
    expect(after.allocations.map((x: { orderId: number }) => x.orderId)).toEqual([b.id])
    expect([(await order(a.id)).status, (await order(b.id)).status]).toEqual(['shipped', 'completed'])
    expect((await fail('receipt.unallocate', { receiptId: r.id, orderId: a.id })).code).toBe('BUSINESS_RULE')
  })
})

describe('scope, roles, versions and the log', () => {
  it("a salesperson sees own customers' receipts only; a manager the team's", async () => {
    const mgr = await t.user('manager')
    const s1 = await t.user('sales', { managerId: mgr.id })
    const s2 = await t.user('sales')
    const c1 = (await t.call('customer.create', { name: '济南泉城茶叶有限公司', ownerId: s1.id }, admin)).id
    const r = await receipt(5000, undefined, c1)
    expect((await t.call('receipt.search', {}, s1.token)).items.map((x: { id: number }) => x.id)).toEqual([r.id])
    expect((await t.call('receipt.search', {}, mgr.token)).total).toBe(1)
    expect((await t.call('receipt.search', {}, s2.token)).total).toBe(0)
    expect((await fail('receipt.get', { id: r.id }, s2.token)).code).toBe('NOT_FOUND')
    expect((await fail('receipt.openOrders', { customerId: c1 }, s2.token)).code).toBe('NOT_FOUND')
    expect((await fail('auditLog.list', { entity: 'receipt', entityId: r.id }, s2.token)).code).toBe('NOT_FOUND')
    expect((await t.call('receipt.get', { id: r.id }, s1.token)).number).toBe(r.number)
  })

  it('only finance, managers and admins record, allocate, unallocate and cancel receipts', async () => {
    const { order: o } = await orderOf('1', '1')
    const r = await receipt(10000)
    for (const role of ['sales', 'clerk', 'owner'] as const) {
      const u = await t.user(role)
      for (const [m, input] of [
        ['receipt.create', { customerId, amountFen: 1, method: 'cash' }],
        ['receipt.allocate', { receiptId: r.id, allocations: [{ orderId: o.id, amountFen: 1 }] }],
        ['receipt.unallocate', { receiptId: r.id }],
        ['receipt.cancel', { id: r.id, reason: 'x' }],
      ] as const) {
        expect((await fail(m, input, u.token)).code, `${role} ${m}`).toBe('FORBIDDEN')
      }
    }
    const fin = await t.user('finance')
    expect((await t.call('receipt.allocate', { receiptId: r.id, allocations: [{ orderId: o.id, amountFen: 10000 }] }, fin.token)).allocatedFen).toBe(10000)
  })

  it('a stale cancel is a CONFLICT naming who and when; every step is in the receipt log', async () => {
    const fin = await t.user('finance', { displayName: '吴会计' })
    const { order: o } = await orderOf('1', '1')
    const r = await receipt(10000)
    await t.call('receipt.allocate', { receiptId: r.id, allocations: [{ orderId: o.id, amountFen: 6000 }] }, fin.token)
    const e = await fail('receipt.cancel', { id: r.id, version: r.version, reason: '重复录入' })
    expect(e.code).toBe('CONFLICT')
    expect(e.message).toContain('吴会计')
    expect((await t.call('receipt.get', { id: r.id }, admin))).toMatchObject({ status: 'valid', allocatedFen: 6000 })
    const fresh = await t.call('receipt.get', { id: r.id }, admin)
    await t.call('receipt.cancel', { id: r.id, version: fresh.version, reason: '重复录入' }, admin)
    const log = await t.call('auditLog.list', { entity: 'receipt', entityId: r.id }, admin)
    expect(log.items.map((l: { action: string }) => l.action)).toEqual(['cancel', 'unallocate', 'allocate', 'create'])
    const olog = await t.call('auditLog.list', { entity: 'order', entityId: o.id }, admin)
    expect(olog.items.slice(0, 2).map((l: { action: string; changes: unknown }) => [l.action, l.changes])).toEqual([
      ['unallocate', { receivedFen: { before: 6000, after: 0 } }],
      ['allocate', { receivedFen: { before: 0, after: 6000 } }],
    ])
    expect(await t.call('receipt.get', { id: r.id }, admin)).toMatchObject({ status: 'cancelled', number: r.number, unallocatedFen: 0 })
  })
})
