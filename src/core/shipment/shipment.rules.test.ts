import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestCore, type TestCore } from '../testing/test-core'

/**
 * Issue 5, shipments and returns, rule by rule through the dispatcher: over-shipping, shipment cancel
 * restoring everything (also on closed and completed orders), return limits, the 回访 task, scope, roles,
 * versions and the operation log.
 */
let t: TestCore
let admin: string
let sales: { id: number; token: string; username: string }
let customerId: number
let p1: number
let p2: number
let free: number

const fail = async (method: string, input: unknown, token = admin) => {
  const r = await t.raw(method, input, token)
  if (r.ok) throw new Error(`${method} should have failed`)
  return r.error
}
async function approved(lines: { productId: number; quantity: string; unitPrice?: string }[], extra: Record<string, unknown> = {}, cid = customerId) {
  const o = await t.call('order.create', { customerId: cid, lines, ...extra }, admin)
  await t.call('order.submit', { id: o.id }, admin)
  return t.call('order.approve', { id: o.id }, admin)
}
const ship = (o: { id: number; lines: { id: number }[] }, qty: (string | null)[], extra: Record<string, unknown> = {}, token = admin) =>
  t.call(
    'shipment.create',
    { orderId: o.id, lines: qty.flatMap((q, i) => (q === null ? [] : [{ orderLineId: o.lines[i]!.id, quantity: q }])), ...extra },
    token,
  )
const order = (id: number) => t.call('order.get', { id }, admin)
const stock = (id: number) => t.call('product.get', { id }, admin)

beforeEach(async () => {
  t = await createTestCore({ now: '2026-11-23T09:00:00+08:00' })
  admin = t.adminToken
  sales = await t.user('sales', { displayName: '钱业务' })
  customerId = (await t.call('customer.create', { name: '佛山南海陶瓷有限公司', ownerId: sales.id, paymentTermDays: 30 }, admin)).id
  p1 = (await t.call('product.create', { code: 'T-1', name: '仿古砖', unit: '箱', salePrice: '100', initialStock: '100' }, admin)).id
  p2 = (await t.call('product.create', { code: 'T-2', name: '瓷砖胶', unit: '包', salePrice: '10', initialStock: '100' }, admin)).id
  free = (await t.call('product.create', { code: 'T-0', name: '样品册', unit: '本', salePrice: '0', initialStock: '100' }, admin)).id
})
afterEach(() => t.close())

describe('shipping', () => {
  it('never ships more than open, also when one line is named twice; the refusal names the product and the open quantity', async () => {
    const o = await approved([{ productId: p1, quantity: '5' }])
    await ship(o, ['2'])
    const e = await fail('shipment.create', { orderId: o.id, lines: [{ orderLineId: o.lines[0].id, quantity: '2' }, { orderLineId: o.lines[0].id, quantity: '1.5' }] })
    expect(e.code).toBe('BUSINESS_RULE')
    expect(e.message).toContain('仿古砖')
    expect(e.message).toContain('3箱')
    expect(e.details).toMatchObject({ productName: '仿古砖', open: '3', requested: '3.5' })
    const other = await approved([{ productId: p2, quantity: '1' }])
    expect((await fail('shipment.create', { orderId: o.id, lines: [{ orderLineId: other.lines[0].id, quantity: '1' }] })).code).toBe('VALIDATION')
    expect((await fail('shipment.create', { orderId: o.id, lines: [{ orderLineId: o.lines[0].id, quantity: '0' }] })).code).toBe('VALIDATION')
    expect((await order(o.id)).lines[0]).toMatchObject({ shipped: '2', open: '3' })
  })

  it('ships only approved or partially shipped orders, naming the state', async () => {
    const draft = await t.call('order.create', { customerId, lines: [{ productId: p1, quantity: '1' }] }, admin)
    const pending = await t.call('order.create', { customerId, lines: [{ productId: p1, quantity: '1' }] }, admin)
    await t.call('order.submit', { id: pending.id }, admin)
    const closed = await approved([{ productId: p1, quantity: '1' }])
    await t.call('order.close', { id: closed.id, reason: '不发了' }, admin)
    const cancelled = await approved([{ productId: p1, quantity: '1' }])
    await t.call('order.cancel', { id: cancelled.id, reason: '取消' }, admin)
    const shipped = await approved([{ productId: p1, quantity: '1' }])
    await ship(shipped, ['1'])
    for (const [o, label] of [[draft, '草稿'], [pending, '待审核'], [closed, '已关闭'], [cancelled, '已作废'], [shipped, '已发货']] as const) {
      const e = await fail('shipment.create', { orderId: o.id, lines: [{ orderLineId: o.lines[0].id, quantity: '1' }] })
      expect(e.code).toBe('BUSINESS_RULE')
      expect(e.message).toContain(label)
    }
  })

  it('cancelling a shipment restores stock, reservation, open quantities, the shipped value and the order state', async () => {
    const o = await approved([{ productId: p1, quantity: '10' }, { productId: p2, quantity: '4' }])
    const s1 = await ship(o, ['4', '4'])
    const s2 = await ship(o, ['6', null])
    expect((await order(o.id)).status).toBe('shipped')
    await t.call('shipment.cancel', { id: s2.id, reason: '司机未到' }, admin)
    let got = await order(o.id)
    expect(got).toMatchObject({ status: 'partially_shipped', shippedFen: s1.totalFen })
    expect(got.lines.map((l: { open: string }) => l.open)).toEqual(['6', '0'])
    expect(await stock(p1)).toMatchObject({ onHand: '96', reserved: '6' })
    await t.call('shipment.cancel', { id: s1.id, reason: '客户改期' }, admin)
    got = await order(o.id)
    expect(got).toMatchObject({ status: 'approved', shippedFen: 0 })
    expect(await stock(p1)).toMatchObject({ onHand: '100', reserved: '10' })
    expect(await stock(p2)).toMatchObject({ onHand: '100', reserved: '4' })
    // the order may be unapproved again: nothing is shipped any more
    expect((await t.call('order.unapprove', { id: o.id }, admin)).status).toBe('pending')
    const moves = await t.call('stock.moves', { productId: p1 }, admin)
    expect(moves.items.map((m: { kind: string; quantity: string }) => `${m.kind} ${m.quantity}`)).toEqual(['ship_cancel 4', 'ship_cancel 6', 'ship -6', 'ship -4', 'adjust 100'])
    const log = await t.call('auditLog.list', { entity: 'shipment', entityId: s1.id }, admin)
    expect(log.items.map((l: { action: string }) => l.action)).toEqual(['cancel', 'create'])
    // the cancelled note keeps its number and is readable; it is not in the receivable
    expect(await t.call('shipment.get', { id: s1.id }, admin)).toMatchObject({ number: s1.number, status: 'cancelled', cancelReason: '客户改期' })
    expect((await t.call('ar.customer', { customerId }, admin)).balanceFen).toBe(0)
  })

  it('refuses to cancel a delivered, returned, invoiced or paid-for shipment', async () => {
    const o = await approved([{ productId: p1, quantity: '4' }])
    const delivered = await ship(o, ['1'])
    await t.call('shipment.confirmDelivered', { id: delivered.id, deliveredOn: '2026-11-24' }, admin)
    expect((await fail('shipment.cancel', { id: delivered.id, reason: 'x' })).message).toContain('已签收')
    const returned = await ship(o, ['1'])
    await t.call('return.create', { shipmentId: returned.id, lines: [{ shipmentLineId: returned.lines[0].id, quantity: '1' }], reason: '破损' }, admin)
    expect((await fail('shipment.cancel', { id: returned.id, reason: 'x' })).message).toContain('已有退货')
    const invoiced = await ship(o, ['1'])
    await t.call('invoice.create', { customerId, invoiceNo: 'FP-1', kind: 'vat_normal', issuedOn: '2026-11-23', amountFen: 100, taxFen: 0, shipmentIds: [invoiced.id] }, admin)
    expect((await fail('shipment.cancel', { id: invoiced.id, reason: 'x' })).message).toContain('已开票')
    const paid = await ship(o, ['1'])
    await t.call('receipt.create', { customerId, amountFen: 30000, method: 'bank', allocations: [{ orderId: o.id, amountFen: 30000 }] }, admin)
    expect((await fail('shipment.cancel', { id: paid.id, reason: 'x' })).message).toContain('取消核销')
    expect((await order(o.id)).shippedFen).toBe(40000)
  })

  it('cancelling a free shipment of a completed order: an open order reopens, a closed one stays closed and reserves nothing', async () => {
    // not closed: everything shipped and paid → completed; the free sample's shipment is cancelled → open again
    const a = await approved([{ productId: p1, quantity: '1' }, { productId: free, quantity: '1' }])
    await ship(a, ['1', null])
    const sa = await ship(a, [null, '1'])
    expect(sa.totalFen).toBe(0)
    await t.call('receipt.create', { customerId, amountFen: 10000, method: 'bank', allocations: [{ orderId: a.id, amountFen: 10000 }] }, admin)
    const done = await order(a.id)
    expect(done.status).toBe('completed')
    await t.call('shipment.cancel', { id: sa.id, reason: '样品未带' }, admin)
    const reopened = await order(a.id)
    expect(reopened).toMatchObject({ status: 'partially_shipped', completedAt: null })
    expect(reopened.version).toBeGreaterThan(done.version)
    expect((await stock(free)).reserved).toBe('1')
    // closed: the rest will not ship; paid → completed; cancelling the sample keeps it closed-and-completed, nothing reserved
    const b = await approved([{ productId: p1, quantity: '2' }, { productId: free, quantity: '1' }])
    await ship(b, ['1', null])
    const sb = await ship(b, [null, '1'])
    await t.call('receipt.create', { customerId, amountFen: 10000, method: 'bank', allocations: [{ orderId: b.id, amountFen: 10000 }] }, admin)
    expect((await t.call('order.close', { id: b.id, reason: '余量不要了' }, admin)).status).toBe('completed')
    await t.call('shipment.cancel', { id: sb.id, reason: '样品未带' }, admin)
    expect((await order(b.id)).status).toBe('completed')
    expect(await stock(free)).toMatchObject({ onHand: '100', reserved: '1' })
    expect((await fail('shipment.create', { orderId: b.id, lines: [{ orderLineId: b.lines[1].id, quantity: '1' }] })).message).toContain('已完成')
  })
})

describe('returns', () => {
  it('never more than shipped minus already returned, over several returns; restock without reopening the order', async () => {
    const o = await approved([{ productId: p1, quantity: '10' }])
    const s = await ship(o, ['10'])
    expect((await order(o.id)).status).toBe('shipped')
    await t.call('return.create', { shipmentId: s.id, lines: [{ shipmentLineId: s.lines[0].id, quantity: '3' }], reason: '色差' }, admin)
    const twice = await fail('return.create', { shipmentId: s.id, lines: [{ shipmentLineId: s.lines[0].id, quantity: '4' }, { shipmentLineId: s.lines[0].id, quantity: '3.001' }], reason: 'x' })
    expect(twice.code).toBe('BUSINESS_RULE')
    expect(twice.message).toContain('最多可退 7箱')
    await t.call('return.create', { shipmentId: s.id, lines: [{ shipmentLineId: s.lines[0].id, quantity: '7' }], reason: '客户退单' }, admin)
    expect((await fail('return.create', { shipmentId: s.id, lines: [{ shipmentLineId: s.lines[0].id, quantity: '0.001' }], reason: 'x' })).code).toBe('BUSINESS_RULE')
    const got = await order(o.id)
    expect(got).toMatchObject({ status: 'completed', shippedFen: 100000, returnedFen: 100000, receivableFen: 0 })
    expect(got.lines[0]).toMatchObject({ shipped: '10', returned: '10', open: '0' })
    expect(await stock(p1)).toMatchObject({ onHand: '100', reserved: '0' })
    expect((await fail('shipment.create', { orderId: o.id, lines: [{ orderLineId: o.lines[0].id, quantity: '1' }] })).code).toBe('BUSINESS_RULE')
    expect(await t.call('shipment.get', { id: s.id }, admin)).toMatchObject({ returnedFen: 100000, lines: [{ returned: '10', returnable: '0' }] })
  })

  it('a return against a cancelled shipment or before the ship date is refused; a return after payment leaves the customer in credit', async () => {
    const o = await approved([{ productId: p1, quantity: '2' }])
    const gone = await ship(o, ['1'])
    await t.call('shipment.cancel', { id: gone.id, reason: '取消' }, admin)
    expect((await fail('return.create', { shipmentId: gone.id, lines: [{ shipmentLineId: gone.lines[0].id, quantity: '1' }], reason: 'x' })).code).toBe('BUSINESS_RULE')
    const s = await ship(o, ['2'], { shipDate: '2026-11-20' })
    expect((await fail('return.create', { shipmentId: s.id, lines: [{ shipmentLineId: s.lines[0].id, quantity: '1' }], reason: 'x', returnedOn: '2026-11-19' })).code).toBe('VALIDATION')
    await t.call('receipt.create', { customerId, amountFen: 20000, method: 'bank', allocations: [{ orderId: o.id, amountFen: 20000 }] }, admin)
    expect((await order(o.id)).status).toBe('completed')
    await t.call('return.create', { shipmentId: s.id, lines: [{ shipmentLineId: s.lines[0].id, quantity: '1' }], reason: '多发' }, admin)
    expect(await order(o.id)).toMatchObject({ status: 'completed', receivableFen: -10000 })
    expect((await t.call('ar.customer', { customerId }, admin)).balanceFen).toBe(-10000)
    const log = await t.call('auditLog.list', { entity: 'shipment', entityId: s.id }, admin)
    expect(log.items[0]).toMatchObject({ action: 'return', changes: { returnedFen: { before: 0, after: 10000 } } })
  })
})

describe('delivery and the 回访 task', () => {
  it('creates the follow-up for the order salesperson, due after the delay set in settings', async () => {
    await t.call('settings.update', { followUp: { revisitDelayDays: 5 } }, admin)
    const clerk = await t.user('clerk', { displayName: '孙跟单' })
    const o = await approved([{ productId: p1, quantity: '1' }])
    expect(o.salespersonId).toBe(sales.id)
    const s = await ship(o, ['1'], { shipDate: '2026-11-23' }, clerk.token)
    expect((await fail('shipment.confirmDelivered', { id: s.id, deliveredOn: '2026-11-22' }, clerk.token)).code).toBe('VALIDATION')
    await t.call('shipment.confirmDelivered', { id: s.id, version: s.version, deliveredOn: '2026-11-25', signedBy: '仓库老王' }, clerk.token)
    const again = await fail('shipment.confirmDelivered', { id: s.id, deliveredOn: '2026-11-25' }, clerk.token)
    expect(again.code).toBe('BUSINESS_RULE')
    expect(again.message).toContain('已签收')
    const list = await t.call('followUp.list', { customerId }, sales.token)
    expect(list.items[0]).toMatchObject({ type: 'revisit', nextFollowUpOn: '2026-11-30', userName: '钱业务' })
    expect(list.items[0].content).toContain(s.number)
    // it shows up in the salesperson's due list on that day, not before
    expect((await t.call('followUp.due', {}, sales.token)).total).toBe(0)
    t.clock.set('2026-11-30T09:00:00+08:00')
    const { token } = await t.call('auth.login', { username: sales.username, password: 'pass1234' })
    const due = await t.call('followUp.due', {}, token)
    expect(due.items.map((f: { type: string }) => f.type)).toEqual(['revisit'])
    const log = await t.call('auditLog.list', { entity: 'shipment', entityId: s.id }, token)
    expect(log.items[0]).toMatchObject({ action: 'deliver', userName: '孙跟单' })
  })
})

describe('scope, roles and versions', () => {
  it("a salesperson sees own customers' shipments and returns only; a manager the team's", async () => {
    const mgr = await t.user('manager')
    const mine = await t.user('sales', { managerId: mgr.id })
    const other = (await t.call('customer.create', { name: '东莞虎门服装有限公司', ownerId: mine.id }, admin)).id
    const o = await approved([{ productId: p1, quantity: '2' }], {}, other)
    const s = await ship(o, ['2'])
    const r = await t.call('return.create', { shipmentId: s.id, lines: [{ shipmentLineId: s.lines[0].id, quantity: '1' }], reason: '破损' }, admin)
    expect((await t.call('shipment.search', {}, mine.token)).items.map((x: { id: number }) => x.id)).toEqual([s.id])
    expect((await t.call('shipment.search', {}, mgr.token)).total).toBe(1)
    expect((await t.call('shipment.search', {}, sales.token)).total).toBe(0)
    expect((await t.call('return.search', {}, sales.token)).total).toBe(0)
    for (const [m, input] of [
      ['shipment.get', { id: s.id }],
      ['return.get', { id: r.id }],
      ['shipment.update', { id: s.id, version: s.version, remark: 'x' }],
      ['shipment.confirmDelivered', { id: s.id, deliveredOn: '2026-11-24' }],
      ['return.create', { shipmentId: s.id, lines: [{ shipmentLineId: s.lines[0].id, quantity: '1' }], reason: 'x' }],
      ['shipment.create', { orderId: o.id, lines: [{ orderLineId: o.lines[0].id, quantity: '1' }] }],
      ['auditLog.list', { entity: 'shipment', entityId: s.id }],
      ['auditLog.list', { entity: 'return', entityId: r.id }],
    ] as const) {
      expect((await fail(m, input, sales.token)).code, m).toBe('NOT_FOUND')
    }
    expect((await t.call('return.get', { id: r.id }, mine.token)).number).toBe(r.number)
  })

  it('finance and the owner do not ship; a salesperson ships and cancels own customers\' shipments only (role table: shipments — sales own)', async () => {
    const finance = await t.user('finance')
    const owner = await t.user('owner')
    const clerk = await t.user('clerk')
    const o = await approved([{ productId: p1, quantity: '3' }])
    for (const token of [finance.token, owner.token]) {
      expect((await fail('shipment.create', { orderId: o.id, lines: [{ orderLineId: o.lines[0].id, quantity: '1' }] }, token)).code).toBe('FORBIDDEN')
    }
    const s = await ship(o, ['1'], {}, sales.token)
    // a pool customer's order is not the salesperson's own: claim the customer first
    const poolCustomer = (await t.call('customer.create', { name: '公海陶瓷经销部' }, admin)).id
    const poolOrder = await approved([{ productId: p1, quantity: '1' }], {}, poolCustomer)
    const refused = await fail('shipment.create', { orderId: poolOrder.id, lines: [{ orderLineId: poolOrder.lines[0].id, quantity: '1' }] }, sales.token)
    expect(refused.code).toBe('FORBIDDEN')
    expect(refused.message).toContain('请先领取')
    for (const token of [finance.token, owner.token]) {
      expect((await fail('return.create', { shipmentId: s.id, lines: [{ shipmentLineId: s.lines[0].id, quantity: '1' }], reason: 'x' }, token)).code).toBe('FORBIDDEN')
      expect((await fail('shipment.confirmDelivered', { id: s.id, deliveredOn: '2026-11-24' }, token)).code).toBe('FORBIDDEN')
    }
    expect((await t.call('shipment.cancel', { id: s.id, reason: '录错' }, clerk.token)).status).toBe('cancelled')
    const s2 = await ship(o, ['1'], {}, sales.token)
    expect((await t.call('shipment.cancel', { id: s2.id, reason: '客户改期' }, sales.token)).status).toBe('cancelled')
  })

  it('a shipment update changes only what it names: carrier and remark left out stay', async () => {
    const o = await approved([{ productId: p1, quantity: '1' }])
    const s = await ship(o, ['1'], { carrier: '顺丰', remark: '易碎轻放' })
    const a = await t.call('shipment.update', { id: s.id, version: s.version, trackingNo: 'SF100' }, admin)
    expect(a).toMatchObject({ carrier: '顺丰', remark: '易碎轻放', trackingNo: 'SF100' })
    expect((await t.call('shipment.update', { id: s.id, version: a.version, remark: '' }, admin))).toMatchObject({ carrier: '顺丰', remark: null, trackingNo: 'SF100' })
  })

  it('a stale shipment update is a CONFLICT naming who and when; the first save is kept', async () => {
    const clerk = await t.user('clerk', { displayName: '孙跟单' })
    const o = await approved([{ productId: p1, quantity: '1' }])
    const s = await ship(o, ['1'])
    await t.call('shipment.update', { id: s.id, version: s.version, carrier: '德邦', trackingNo: 'DB001' }, clerk.token)
    const e = await fail('shipment.update', { id: s.id, version: s.version, trackingNo: 'SF999' })
    expect(e.code).toBe('CONFLICT')
    expect(e.message).toContain('该记录已被他人修改')
    expect(e.message).toContain('孙跟单')
    expect(e.message).toContain('2026-11-23')
    expect(await t.call('shipment.get', { id: s.id }, admin)).toMatchObject({ carrier: '德邦', trackingNo: 'DB001', version: s.version + 1 })
    const staleDeliver = await fail('shipment.confirmDelivered', { id: s.id, version: s.version, deliveredOn: '2026-11-24' })
    expect(staleDeliver.code).toBe('CONFLICT')
    const log = await t.call('auditLog.list', { entity: 'shipment', entityId: s.id }, admin)
    expect(log.items[0]).toMatchObject({ action: 'update', userName: '孙跟单' })
    expect(log.items[0].changes).toEqual(expect.arrayContaining([{ field: 'trackingNo', before: null, after: 'DB001' }]))
  })
})

describe('prepayment at the next shipment; invoices', () => {
  it('offers the prepayment with every shipment and applies it, oldest receipt first, only up to what the order owes', async () => {
    const r1 = await t.call('receipt.create', { customerId, amountFen: 3000, method: 'bank', receivedOn: '2026-11-01' }, admin)
    const r2 = await t.call('receipt.create', { customerId, amountFen: 50000, method: 'bank', receivedOn: '2026-11-10' }, admin)
    const o = await approved([{ productId: p1, quantity: '3' }])
    const s1 = await ship(o, ['1'])
    expect(s1).toMatchObject({ prepaymentAppliedFen: 0, prepaymentAvailableFen: 53000 })
    expect((await order(o.id)).receivedFen).toBe(0)
    const s2 = await ship(o, ['1'], { applyPrepayment: true })
    expect(s2).toMatchObject({ prepaymentAppliedFen: 20000, prepaymentAvailableFen: 33000 })
    expect((await t.call('receipt.get', { id: r1.id }, admin)).unallocatedFen).toBe(0)
    expect((await t.call('receipt.get', { id: r2.id }, admin)).unallocatedFen).toBe(33000)
    expect(await order(o.id)).toMatchObject({ receivedFen: 20000, receivableFen: 0 })
  })

  it('an invoice names existing, uncancelled shipments of the customer; shipment and order log the invoiced amount', async () => {
    const o = await approved([{ productId: p1, quantity: '2' }])
    const s = await ship(o, ['2'])
    expect((await fail('invoice.create', { customerId, invoiceNo: 'FP-X', kind: 'vat_normal', issuedOn: '2026-11-23', amountFen: 100, taxFen: 0, shipmentIds: [s.id, 99999] })).code).toBe('VALIDATION')
    await t.call('invoice.create', { customerId, invoiceNo: 'FP-2', kind: 'vat_special', issuedOn: '2026-11-23', amountFen: 20000, taxFen: 2301, shipmentIds: [s.id] }, admin)
    const log = await t.call('auditLog.list', { entity: 'order', entityId: o.id }, admin)
    expect(log.items[0]).toMatchObject({ action: 'invoice', changes: { invoicedFen: { before: 0, after: 20000 } } })
    expect((await t.call('auditLog.list', { entity: 'shipment', entityId: s.id }, admin)).items[0].action).toBe('invoice')
    expect((await fail('invoice.create', { customerId, invoiceNo: 'FP-3', kind: 'vat_normal', issuedOn: '2026-11-23', amountFen: 100, taxFen: 0 }, sales.token)).code).toBe('FORBIDDEN')
  })
})
