import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestCore, type TestCore } from '../testing/test-core'

let t: TestCore
let admin: string
let customerId: number
let p1: number
let p2: number

async function approvedOrder(lines: { productId: number; quantity: string; unitPrice?: string }[], extra: Record<string, unknown> = {}) {
  const o = await t.call('order.create', { customerId, lines, ...extra }, admin)
  await t.call('order.submit', { id: o.id }, admin)
  return t.call('order.approve', { id: o.id }, admin)
}

beforeEach(async () => {
  t = await createTestCore({ now: '2026-11-23T09:00:00+08:00' })
  admin = t.adminToken
  const sales = await t.user('sales', { displayName: '李业务' })
  customerId = (await t.call('customer.create', { name: '深圳鹏程五金有限公司', ownerId: sales.id, paymentTermDays: 30, addresses: [{ receiver: '赵仓管', address: '深圳市宝安区 88 号' }] }, admin)).id
  p1 = (await t.call('product.create', { code: 'H-01', name: '不锈钢合页', unit: '个', salePrice: '12.5', initialStock: '100' }, admin)).id
  p2 = (await t.call('product.create', { code: 'H-02', name: '门把手', unit: '个', salePrice: '30', initialStock: '10' }, admin)).id
})
afterEach(() => t.close())

describe('shipments', () => {
  it('ships partially then fully, moving order states, stock and reservation', async () => {
    const o = await approvedOrder([{ productId: p1, quantity: '10' }, { productId: p2, quantity: '3' }], { promisedDate: '2026-11-30' })
    const [l1, l2] = o.lines
    const s1 = await t.call('shipment.create', { orderId: o.id, lines: [{ orderLineId: l1.id, quantity: '4' }], carrier: '顺丰', trackingNo: 'SF1234567890' }, admin)
    expect(s1.number).toBe('DN20261123-0001')
    expect(s1.totalFen).toBe(5000)
    expect(s1.dueDate).toBe('2026-12-23')
    expect(s1.address).toContain('宝安区')
    let order = await t.call('order.get', { id: o.id }, admin)
    expect(order.status).toBe('partially_shipped')
    expect(order.lines[0]).toMatchObject({ shipped: '4', open: '6' })
    let p = await t.call('product.get', { id: p1 }, admin)
    expect(p).toMatchObject({ onHand: '96', reserved: '6', available: '90' })
    await t.call('shipment.create', { orderId: o.id, lines: [{ orderLineId: l1.id, quantity: '6' }, { orderLineId: l2.id, quantity: '3' }] }, admin)
    order = await t.call('order.get', { id: o.id }, admin)
    expect(order.status).toBe('shipped')
    expect(order.shippedFen).toBe(order.totalFen)
    p = await t.call('product.get', { id: p1 }, admin)
    expect(p).toMatchObject({ onHand: '90', reserved: '0' })
  })

  it('refuses to ship more than the order line still has open, naming the product and the open quantity', async () => {
    const o = await approvedOrder([{ productId: p1, quantity: '5' }])
    await t.call('shipment.create', { orderId: o.id, lines: [{ orderLineId: o.lines[0].id, quantity: '3' }] }, admin)
    const r = await t.raw('shipment.create', { orderId: o.id, lines: [{ orderLineId: o.lines[0].id, quantity: '2.001' }] }, admin)
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.code).toBe('BUSINESS_RULE')
      expect(r.error.message).toContain('不锈钢合页')
      expect(r.error.message).toContain('2')
      expect(r.error.details).toMatchObject({ open: '2' })
    }
  })

  it('ships only approved or partially shipped orders', async () => {
    const o = await t.call('order.create', { customerId, lines: [{ productId: p1, quantity: '1' }] }, admin)
    const r = await t.raw('shipment.create', { orderId: o.id, lines: [{ orderLineId: o.lines[0].id, quantity: '1' }] }, admin)
    expect(!r.ok && r.error.code).toBe('BUSINESS_RULE')
  })

  it('stock never goes below zero on shipping unless the setting allows it', async () => {
    const o = await approvedOrder([{ productId: p2, quantity: '12' }])
    const r = await t.raw('shipment.create', { orderId: o.id, lines: [{ orderLineId: o.lines[0].id, quantity: '12' }] }, admin)
    expect(!r.ok && r.error.message).toContain('库存不足')
    expect((await t.call('order.get', { id: o.id }, admin)).lines[0].shipped).toBe('0')
    await t.call('settings.update', { inventory: { allowNegativeStock: true } }, admin)
    await t.call('shipment.create', { orderId: o.id, lines: [{ orderLineId: o.lines[0].id, quantity: '12' }] }, admin)
    expect((await t.call('product.get', { id: p2 }, admin)).onHand).toBe('-2')
  })

  it('cancel restores stock, the reservation and the order open quantities', async () => {
    const o = await approvedOrder([{ productId: p1, quantity: '10' }])
    const s = await t.call('shipment.create', { orderId: o.id, lines: [{ orderLineId: o.lines[0].id, quantity: '10' }] }, admin)
    expect((await t.call('order.get', { id: o.id }, admin)).status).toBe('shipped')
    const c = await t.call('shipment.cancel', { id: s.id, reason: '地址错误' }, admin)
    expect(c.status).toBe('cancelled')
    const order = await t.call('order.get', { id: o.id }, admin)
    expect(order).toMatchObject({ status: 'approved', shippedFen: 0 })
    expect(order.lines[0].open).toBe('10')
    expect(await t.call('product.get', { id: p1 }, admin)).toMatchObject({ onHand: '100', reserved: '10' })
    const again = await t.raw('shipment.cancel', { id: s.id, reason: 'x' }, admin)
    expect(!again.ok && again.error.code).toBe('BUSINESS_RULE')
  })

  it('confirming delivery locks the shipment and creates a 回访 follow-up for the salesperson', async () => {
    const o = await approvedOrder([{ productId: p1, quantity: '1' }])
    const s = await t.call('shipment.create', { orderId: o.id, lines: [{ orderLineId: o.lines[0].id, quantity: '1' }] }, admin)
    const d = await t.call('shipment.confirmDelivered', { id: s.id, deliveredOn: '2026-11-24', signedBy: '赵仓管' }, admin)
    expect(d).toMatchObject({ status: 'delivered', deliveredOn: '2026-11-24', signedBy: '赵仓管' })
    const cancel = await t.raw('shipment.cancel', { id: s.id, reason: 'x' }, admin)
    expect(!cancel.ok && cancel.error.code).toBe('BUSINESS_RULE')
    const follow = await t.call('followUp.list', { customerId }, admin)
    expect(follow.items[0]).toMatchObject({ type: 'revisit', nextFollowUpOn: '2026-11-27', userName: '李业务' })
    const upd = await t.call('shipment.update', { id: s.id, version: d.version, trackingNo: 'YT999' }, admin)
    expect(upd.trackingNo).toBe('YT999')
  })
})

describe('returns', () => {
  it('never returns more than shipped minus already returned; restocks; reduces the receivable', async () => {
    const o = await approvedOrder([{ productId: p1, quantity: '10' }])
    const s = await t.call('shipment.create', { orderId: o.id, lines: [{ orderLineId: o.lines[0].id, quantity: '8' }] }, admin)
    const r1 = await t.call('return.create', { shipmentId: s.id, lines: [{ shipmentLineId: s.lines[0].id, quantity: '3' }], reason: '质量问题' }, admin)
    expect(r1.number).toBe('RT20261123-0001')
    expect(r1.totalFen).toBe(3750)
    const tooMany = await t.raw('return.create', { shipmentId: s.id, lines: [{ shipmentLineId: s.lines[0].id, quantity: '5.5' }], reason: 'x' }, admin)
    expect(!tooMany.ok && tooMany.error.code).toBe('BUSINESS_RULE')
    if (!tooMany.ok) expect(tooMany.error.message).toContain('最多可退 5')
    expect((await t.call('product.get', { id: p1 }, admin)).onHand).toBe('95')
    const order = await t.call('order.get', { id: o.id }, admin)
    expect(order).toMatchObject({ returnedFen: 3750, receivableFen: 10000 - 3750 })
    expect(order.lines[0]).toMatchObject({ shipped: '8', returned: '3', open: '2' })
    const ar = await t.call('ar.customer', { customerId }, admin)
    expect(ar.balanceFen).toBe(10000 - 3750)
  })
})

describe('invoices', () => {
  it('records invoices against shipments; the customer shows invoiced vs shipped', async () => {
    const o = await approvedOrder([{ productId: p1, quantity: '10' }])
    const s = await t.call('shipment.create', { orderId: o.id, lines: [{ orderLineId: o.lines[0].id, quantity: '10' }] }, admin)
    const inv = await t.call('invoice.create', { customerId, invoiceNo: '24440000000012345678', kind: 'electronic', issuedOn: '2026-11-23', amountFen: 10000, taxFen: 1150, shipmentIds: [s.id] }, admin)
    expect(inv).toMatchObject({ kindLabel: '数电票', shipmentIds: [s.id] })
    expect((await t.call('order.get', { id: o.id }, admin)).invoicedFen).toBe(10000)
    const ar = await t.call('ar.customer', { customerId }, admin)
    expect(ar).toMatchObject({ netShippedFen: 12500, invoicedFen: 10000, uninvoicedFen: 2500 })
    const over = await t.raw('invoice.create', { customerId, invoiceNo: 'X2', kind: 'vat_normal', issuedOn: '2026-11-23', amountFen: 5000, taxFen: 0, shipmentIds: [s.id] }, admin)
    expect(!over.ok && over.error.code).toBe('BUSINESS_RULE')
    const dup = await t.raw('invoice.create', { customerId, invoiceNo: '24440000000012345678', kind: 'electronic', issuedOn: '2026-11-23', amountFen: 100, taxFen: 0 }, admin)
    expect(!dup.ok && dup.error.code).toBe('CONFLICT')
  })
})

describe('tracking board', () => {
  it('lists open orders by promised date with late/at-risk flags and shortfalls, undelivered shipments and exceptions', async () => {
    const late = await approvedOrder([{ productId: p2, quantity: '8' }], { orderDate: '2026-11-01', promisedDate: '2026-11-20' })
    const risk = await approvedOrder([{ productId: p2, quantity: '5' }], { promisedDate: '2026-11-25' })
    const fine = await approvedOrder([{ productId: p1, quantity: '1' }], { promisedDate: '2026-12-20' })
    const s = await t.call('shipment.create', { orderId: fine.id, lines: [{ orderLineId: fine.lines[0].id, quantity: '0.5' }] }, admin)
    await t.call('shipment.cancel', { id: s.id, reason: '客户改地址' }, admin)
    const s2 = await t.call('shipment.create', { orderId: fine.id, lines: [{ orderLineId: fine.lines[0].id, quantity: '0.5' }] }, admin)
    const board = await t.call('tracking.board', {}, admin)
    expect(board.openOrders.map((o: { number: string; flag: string }) => [o.number, o.flag])).toEqual([
      [late.number, 'late'],
      [risk.number, 'at_risk'],
      [fine.number, 'ok'],
    ])
    expect(board.openOrders[0].hasShortfall).toBe(false)
    expect(board.openOrders[1].lines[0]).toMatchObject({ open: '5', onHand: '2', shortfall: '3' })
    expect(board.undelivered.map((u: { id: number }) => u.id)).toEqual([s2.id])
    expect(board.exceptions[0]).toMatchObject({ kind: 'shipment_cancelled', reason: '客户改地址' })
  })
})
