import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestCore, type TestCore } from '../testing/test-core'

/**
 * Issue 8: quote edits, shipment create/deliver/cancel, receipt create/cancel and return create are logged
 * before → after field by field (and the lines as readable texts), like customers and orders — not as a
 * summary only. Figures: 不锈钢合页 ¥10.00 (13 %, tax-inclusive) × 10 = ¥100.00; × 4 shipped = ¥40.00.
 */
let t: TestCore
let admin: string
let customerId: number
let productId: number

type Change = { field: string; before: unknown; after: unknown }
async function lastLog(entity: string, entityId: number, action: string) {
  const log = await t.call('auditLog.list', { entity, entityId }, admin)
  const e = log.items.find((x: { action: string }) => x.action === action)
  expect(e, `${entity} ${action} logged`).toBeTruthy()
  expect(Array.isArray(e.changes), `${entity} ${action} has before/after changes`).toBe(true)
  return Object.fromEntries((e.changes as Change[]).map((c) => [c.field, { before: c.before, after: c.after }])) as Record<string, { before: unknown; after: unknown }>
}

beforeEach(async () => {
  t = await createTestCore({ now: '2026-11-23T09:00:00+08:00' })
  admin = t.adminToken
  customerId = (await t.call('customer.create', { name: '宁波北仑五金有限公司' }, admin)).id
  productId = (await t.call('product.create', { code: 'W-1', name: '不锈钢合页', unit: '个', salePrice: '10', initialStock: '100' }, admin)).id
})
afterEach(() => t.close())

describe('before and after in the operation log', () => {
  it('quote create and update: header fields and lines', async () => {
    const q = await t.call('quote.create', { customerId, validUntil: '2026-12-31', lines: [{ productId, quantity: '10' }] }, admin)
    const created = await lastLog('quote', q.id, 'create')
    expect(created.totalFen).toEqual({ before: null, after: 10000 })
    expect(created.validUntil).toEqual({ before: null, after: '2026-12-31' })
    expect(created.lines?.after).toEqual(['第1行 W-1 不锈钢合页 × 10 @ 10.0000 13% = ¥100.00'])

    await t.call('quote.update', { id: q.id, version: q.version, validUntil: '2027-01-15', remark: '含运费', lines: [{ productId, quantity: '12' }] }, admin)
    const updated = await lastLog('quote', q.id, 'update')
    expect(updated.validUntil).toEqual({ before: '2026-12-31', after: '2027-01-15' })
    expect(updated.remark).toEqual({ before: null, after: '含运费' })
    expect(updated.totalFen).toEqual({ before: 10000, after: 12000 })
    expect(updated.lines).toEqual({ before: ['第1行 W-1 不锈钢合页 × 10 @ 10.0000 13% = ¥100.00'], after: ['第1行 W-1 不锈钢合页 × 12 @ 10.0000 13% = ¥120.00'] })
    const sent = await t.call('quote.markSent', { id: q.id }, admin)
    expect((await lastLog('quote', q.id, 'markSent')).status).toEqual({ before: 'draft', after: 'sent' })
    expect(sent.status).toBe('sent')
  })

  it('shipment create, deliver and cancel; return create; receipt create and cancel', async () => {
    const o = await t.call('order.create', { customerId, lines: [{ productId, quantity: '10' }] }, admin)
    await t.call('order.submit', { id: o.id }, admin)
    await t.call('order.approve', { id: o.id }, admin)
    const s = await t.call('shipment.create', { orderId: o.id, shipDate: '2026-11-23', carrier: '顺丰', lines: [{ orderLineId: o.lines[0].id, quantity: '4' }] }, admin)
    const created = await lastLog('shipment', s.id, 'create')
    expect(created.totalFen).toEqual({ before: null, after: 4000 })
    expect(created.carrier).toEqual({ before: null, after: '顺丰' })
    expect(created.status).toEqual({ before: null, after: 'shipped' })
    expect(created.lines?.after).toEqual(['W-1 不锈钢合页 × 4个 = ¥40.00'])

    await t.call('shipment.confirmDelivered', { id: s.id, deliveredOn: '2026-11-24', signedBy: '李仓管' }, admin)
    const delivered = await lastLog('shipment', s.id, 'deliver')
    expect(delivered).toMatchObject({ status: { before: 'shipped', after: 'delivered' }, deliveredOn: { before: null, after: '2026-11-24' }, signedBy: { before: null, after: '李仓管' } })

    const r = await t.call('return.create', { shipmentId: s.id, reason: '两个变形', returnedOn: '2026-11-25', lines: [{ shipmentLineId: s.lines[0].id, quantity: '2' }] }, admin)
    const ret = await lastLog('return', r.id, 'create')
    expect(ret).toMatchObject({ totalFen: { before: null, after: 2000 }, reason: { before: null, after: '两个变形' }, returnedOn: { before: null, after: '2026-11-25' } })
    expect(ret.lines?.after).toEqual(['不锈钢合页 × 2个 = ¥20.00'])

    const s2 = await t.call('shipment.create', { orderId: o.id, lines: [{ orderLineId: o.lines[0].id, quantity: '1' }] }, admin)
    await t.call('shipment.cancel', { id: s2.id, reason: '发错地址' }, admin)
    expect(await lastLog('shipment', s2.id, 'cancel')).toMatchObject({ status: { before: 'shipped', after: 'cancelled' }, cancelReason: { before: null, after: '发错地址' } })

    // receivable ¥40.00 − ¥20.00 = ¥20.00; a receipt of ¥15.00 allocated to it, then cancelled
    const rc = await t.call('receipt.create', { customerId, amountFen: 1500, method: 'bank', receivedOn: '2026-11-26', allocations: [{ orderId: o.id, amountFen: 1500 }] }, admin)
    const rcLog = await lastLog('receipt', rc.id, 'create')
    expect(rcLog).toMatchObject({ amountFen: { before: null, after: 1500 }, method: { before: null, after: 'bank' }, receivedOn: { before: null, after: '2026-11-26' } })
    await t.call('receipt.unallocate', { receiptId: rc.id }, admin)
    expect(await lastLog('receipt', rc.id, 'unallocate')).toMatchObject({ allocatedFen: { before: 1500, after: 0 }, allocations: { before: [{ orderId: o.id, amountFen: 1500 }], after: [] } })
    await t.call('receipt.allocate', { receiptId: rc.id, allocations: [{ orderId: o.id, amountFen: 1500 }] }, admin)
    await t.call('receipt.cancel', { id: rc.id, reason: '重复登记' }, admin)
    expect(await lastLog('receipt', rc.id, 'cancel')).toMatchObject({
      status: { before: 'valid', after: 'cancelled' },
      cancelReason: { before: null, after: '重复登记' },
      allocatedFen: { before: 1500, after: 0 },
    })
  })
})
