import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestCore, type TestCore } from '../testing/test-core'

/**
 * Issue 8: quotes, invoices and returns can be voided (作废 / 红冲) with a reason; numbers stay.
 * Figures by hand: 不锈钢合页 ¥10.00 tax-inclusive, stock 100. Order 10 → ¥100.00; shipped 10 → stock 90,
 * receivable ¥100.00. Return 3 → stock 93, receivable ¥70.00. Voiding the return: stock 90, receivable ¥100.00.
 * Invoice ¥60.00 on the shipment → uninvoiced ¥40.00; voided → uninvoiced ¥100.00 again.
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
const onHand = async () => (await t.call('product.get', { id: productId }, admin)).onHand
const ar = () => t.call('ar.customer', { customerId }, admin)

async function shippedOrder(qty = '10') {
  const o = await t.call('order.create', { customerId, orderDate: '2026-11-20', lines: [{ productId, quantity: qty }] }, admin)
  await t.call('order.submit', { id: o.id }, admin)
  await t.call('order.approve', { id: o.id }, admin)
  const s = await t.call('shipment.create', { orderId: o.id, shipDate: '2026-11-20', lines: [{ orderLineId: o.lines[0].id, quantity: qty }] }, admin)
  return { order: o, shipment: s }
}

beforeEach(async () => {
  t = await createTestCore({ now: '2026-11-23T09:00:00+08:00' })
  admin = t.adminToken
  customerId = (await t.call('customer.create', { name: '宁波北仑五金有限公司', paymentTermDays: 30 }, admin)).id
  productId = (await t.call('product.create', { code: 'W-1', name: '不锈钢合页', unit: '个', salePrice: '10', initialStock: '100' }, admin)).id
})
afterEach(() => t.close())

describe('return.void', () => {
  it('takes the goods back out of stock and raises the receivable again; the number stays; the statement leaves it out', async () => {
    const { order, shipment } = await shippedOrder()
    expect(await onHand()).toBe('90')
    const r = await t.call('return.create', { shipmentId: shipment.id, returnedOn: '2026-11-21', reason: '三个生锈', lines: [{ shipmentLineId: shipment.lines[0].id, quantity: '3' }] }, admin)
    expect(r.totalFen).toBe(3000)
    expect(await onHand()).toBe('93')
    expect((await ar()).balanceFen).toBe(7000)

    expect((await fail('return.void', { id: r.id, reason: '  ' })).code).toBe('VALIDATION')
    const v = await t.call('return.void', { id: r.id, version: r.version, reason: '录错了，实际没有退货' }, admin)
    expect(v).toMatchObject({ number: r.number, status: 'voided', voidReason: '录错了，实际没有退货', totalFen: 3000 })
    expect(await onHand()).toBe('90')
    expect((await ar()).balanceFen).toBe(10000)
    expect(await t.call('order.get', { id: order.id }, admin)).toMatchObject({ returnedFen: 0 })
    const s = await t.call('shipment.get', { id: shipment.id }, admin)
    expect(s).toMatchObject({ returnedFen: 0 })
    expect(s.lines[0]).toMatchObject({ returned: '0', returnable: '10' })
    // the statement: shipment ¥100.00, no return
    const st = await t.call('ar.statement', { customerId, from: '2026-11-01', to: '2026-11-30' }, admin)
    expect(st).toMatchObject({ shippedFen: 10000, returnedFen: 0, closingBalanceFen: 10000 })
    expect(st.entries.map((e: { kind: string }) => e.kind)).toEqual(['shipment'])
    // still readable, twice refused, logged
    expect((await t.call('return.get', { id: r.id }, admin)).status).toBe('voided')
    expect((await fail('return.void', { id: r.id, reason: '再来一次' })).code).toBe('BUSINESS_RULE')
    const log = await t.call('auditLog.list', { entity: 'return', entityId: r.id }, admin)
    expect(log.items[0]).toMatchObject({ action: 'void', changes: expect.arrayContaining([{ field: 'status', before: 'valid', after: 'voided' }]) })
    // with no valid return left, the shipment (not delivered, not invoiced, nothing received) can be cancelled
    expect((await t.call('shipment.cancel', { id: shipment.id, reason: '整单退回' }, admin)).status).toBe('cancelled')
    expect(await onHand()).toBe('100')
  })

  it('reopens a completed order, refuses when the stock is no longer there, and is for shipping roles only', async () => {
    const { order, shipment } = await shippedOrder()
    const r = await t.call('return.create', { shipmentId: shipment.id, reason: '三个生锈', lines: [{ shipmentLineId: shipment.lines[0].id, quantity: '3' }] }, admin)
    // ¥70.00 received: everything shipped and paid → completed
    await t.call('receipt.create', { customerId, amountFen: 7000, method: 'bank', allocations: [{ orderId: order.id, amountFen: 7000 }] }, admin)
    expect((await t.call('order.get', { id: order.id }, admin)).status).toBe('completed')

    for (const role of ['finance', 'owner'] as const) {
      const u = await t.user(role)
      expect((await fail('return.void', { id: r.id, reason: '试试' }, u.token)).code).toBe('FORBIDDEN')
    }
    // stock 93 → 1 left: three cannot go back out
    const p = await t.call('product.get', { id: productId }, admin)
    await t.call('stock.adjust', { productId, quantity: '-92', reason: '盘点', version: p.version }, admin)
    const e = await fail('return.void', { id: r.id, reason: '录错了' })
    expect(e.code).toBe('BUSINESS_RULE')
    expect(e.message).toContain('库存不足')
    expect((await t.call('return.get', { id: r.id }, admin)).status).toBe('valid')
    expect(await onHand()).toBe('1')

    await t.call('stock.adjust', { productId, quantity: '2', reason: '找到两个', version: (await t.call('product.get', { id: productId }, admin)).version }, admin)
    const clerk = await t.user('clerk')
    await t.call('return.void', { id: r.id, reason: '录错了' }, clerk.token)
    expect(await onHand()).toBe('0')
    // receivable ¥100.00 − ¥70.00 = ¥30.00: the order is open again
    expect(await t.call('order.get', { id: order.id }, admin)).toMatchObject({ status: 'shipped', returnedFen: 0, receivedFen: 7000 })
    expect((await ar()).balanceFen).toBe(3000)
  })
})

describe('invoice.void', () => {
  it('takes the invoiced amount off the shipment and the order, so the uninvoiced amount grows back', async () => {
    const { order, shipment } = await shippedOrder()
    const finance = await t.user('finance')
    const inv = await t.call('invoice.create', { customerId, invoiceNo: '04400012', kind: 'vat_normal', issuedOn: '2026-11-22', amountFen: 6000, taxFen: 690, shipmentIds: [shipment.id] }, finance.token)
    expect(await ar()).toMatchObject({ netShippedFen: 10000, invoicedFen: 6000, uninvoicedFen: 4000 })
    expect((await t.call('shipment.get', { id: shipment.id }, admin)).invoicedFen).toBe(6000)

    for (const role of ['clerk', 'sales', 'owner'] as const) {
      const u = await t.user(role)
      expect((await fail('invoice.void', { id: inv.id, reason: '金额错' }, u.token)).code).toBe('FORBIDDEN')
    }
    const v = await t.call('invoice.void', { id: inv.id, version: inv.version, reason: '金额开错，红冲' }, finance.token)
    expect(v).toMatchObject({ invoiceNo: '04400012', status: 'voided', voidReason: '金额开错，红冲', amountFen: 6000 })
    expect(await ar()).toMatchObject({ invoicedFen: 0, uninvoicedFen: 10000 })
    expect((await t.call('shipment.get', { id: shipment.id }, admin)).invoicedFen).toBe(0)
    expect((await t.call('order.get', { id: order.id }, admin)).invoicedFen).toBe(0)
    expect((await fail('invoice.void', { id: inv.id, reason: '再来' }, finance.token)).code).toBe('BUSINESS_RULE')
    const listed = await t.call('invoice.search', { customerId }, admin)
    expect(listed.items).toEqual([expect.objectContaining({ id: inv.id, status: 'voided' })])

    // the same number can be registered again, with the right amount: ¥100.00 − ¥80.00 = ¥20.00 uninvoiced
    await t.call('invoice.create', { customerId, invoiceNo: '04400012', kind: 'vat_normal', issuedOn: '2026-11-22', amountFen: 8000, taxFen: 920, shipmentIds: [shipment.id] }, finance.token)
    expect(await ar()).toMatchObject({ invoicedFen: 8000, uninvoicedFen: 2000 })
    const log = await t.call('auditLog.list', { entity: 'invoice', entityId: inv.id }, admin)
    expect(log.items[0]).toMatchObject({ action: 'void', changes: expect.arrayContaining([{ field: 'status', before: 'valid', after: 'voided' }, { field: 'voidReason', before: null, after: '金额开错，红冲' }]) })
  })
})

describe('invoice.void on a record from before shipmentParts', () => {
  it('finds how the amount was spread in the shipments\' operation log: two shipments, oldest first', async () => {
    const a = await shippedOrder('4') // ¥40.00
    const b = await shippedOrder('6') // ¥60.00
    // ¥50.00 over both: ¥40.00 on the first (all of it), ¥10.00 on the second
    const inv = await t.call('invoice.create', { customerId, invoiceNo: '04400099', kind: 'vat_special', issuedOn: '2026-11-22', amountFen: 5000, taxFen: 575, shipmentIds: [b.shipment.id, a.shipment.id] }, admin)
    expect((await t.call('shipment.get', { id: a.shipment.id }, admin)).invoicedFen).toBe(4000)
    expect((await t.call('shipment.get', { id: b.shipment.id }, admin)).invoicedFen).toBe(1000)
    // as stored by the version before issue 8
    await t.core.queue.run(() => t.core.dataSource.query(`UPDATE invoices SET "shipmentParts" = NULL WHERE id = ?`, [inv.id]))
    await t.call('invoice.void', { id: inv.id, reason: '开错客户' }, admin)
    expect((await t.call('shipment.get', { id: a.shipment.id }, admin)).invoicedFen).toBe(0)
    expect((await t.call('shipment.get', { id: b.shipment.id }, admin)).invoicedFen).toBe(0)
    expect(await ar()).toMatchObject({ invoicedFen: 0, uninvoicedFen: 10000 })
  })
})

describe('quote.void', () => {
  it('voids a draft or sent quote with a reason; not one turned into an order; selling roles only', async () => {
    const q = await t.call('quote.create', { customerId, lines: [{ productId, quantity: '5' }] }, admin)
    const finance = await t.user('finance')
    expect((await fail('quote.void', { id: q.id, reason: '报错价' }, finance.token)).code).toBe('FORBIDDEN')
    const sales = await t.user('sales')
    await t.call('customer.assign', { ids: [customerId], ownerId: sales.id }, admin)
    const sent = await t.call('quote.markSent', { id: q.id, version: q.version }, sales.token)
    const v = await t.call('quote.void', { id: q.id, version: sent.version, reason: '报错价' }, sales.token)
    expect(v).toMatchObject({ number: q.number, status: 'voided', statusLabel: '已作废', voidReason: '报错价' })
    expect((await fail('quote.toOrder', { id: q.id }, sales.token)).code).toBe('BUSINESS_RULE')
    expect((await fail('quote.accept', { id: q.id }, sales.token)).code).toBe('BUSINESS_RULE')
    const log = await t.call('auditLog.list', { entity: 'quote', entityId: q.id }, admin)
    expect(log.items[0]).toMatchObject({ action: 'void', changes: expect.arrayContaining([{ field: 'status', before: 'sent', after: 'voided' }]) })

    const q2 = await t.call('quote.create', { customerId, lines: [{ productId, quantity: '5' }] }, admin)
    const { order } = await t.call('quote.toOrder', { id: q2.id }, admin)
    const e = await fail('quote.void', { id: q2.id, reason: '不要了' })
    expect(e.code).toBe('BUSINESS_RULE')
    expect(e.message).toContain(order.number)
    expect((await t.call('quote.get', { id: q2.id }, admin)).status).toBe('ordered')
  })
})
