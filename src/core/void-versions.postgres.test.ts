import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postgresFile } from '../../tests/support/postgres'
import type { TestCore } from './testing/test-core'

/**
 * Issue 8 on PostgreSQL: the settings version, versioned owner changes and allocation, and 作废 of returns,
 * invoices and quotes answer as on SQLite (same hand-computed figures as shipment/void.test.ts).
 */
const pg = postgresFile('2026-11-23T09:00:00+08:00')
let t: TestCore
let admin: string

beforeAll(async () => {
  t = await pg.core()
  admin = t.adminToken
}, 120_000)
afterAll(() => pg.close())

describe('PostgreSQL: versions and voiding', () => {
  it('refuses stale settings, owner and receipt versions; voids a return, an invoice and a quote', async () => {
    const other = await t.user('admin', { displayName: '钱同事' })
    const s0 = await t.call('settings.get', {}, admin)
    await t.call('settings.update', { version: s0.version, followUp: { revisitDelayDays: 5 } }, other.token)
    expect(await t.raw('settings.update', { version: s0.version, followUp: { revisitDelayDays: 9 } }, admin)).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { updatedBy: '钱同事' } } })

    const customerId = (await t.call('customer.create', { name: '宁波北仑五金有限公司', paymentTermDays: 30 }, admin)).id
    const c = await t.call('customer.get', { id: customerId }, admin)
    await t.call('customer.update', { id: customerId, version: c.version, remark: '只做内销' }, other.token)
    expect(await t.raw('customer.assign', { ids: [customerId], ownerId: other.id, versions: { [customerId]: c.version } }, admin)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })

    const productId = (await t.call('product.create', { code: 'W-1', name: '不锈钢合页', unit: '个', salePrice: '10', initialStock: '100' }, admin)).id
    const o = await t.call('order.create', { customerId, orderDate: '2026-11-20', lines: [{ productId, quantity: '10' }] }, admin)
    await t.call('order.submit', { id: o.id }, admin)
    await t.call('order.approve', { id: o.id }, admin)
    const s = await t.call('shipment.create', { orderId: o.id, shipDate: '2026-11-20', lines: [{ orderLineId: o.lines[0].id, quantity: '10' }] }, admin)
    const r = await t.call('return.create', { shipmentId: s.id, returnedOn: '2026-11-21', reason: '三个生锈', lines: [{ shipmentLineId: s.lines[0].id, quantity: '3' }] }, admin)
    expect((await t.call('ar.customer', { customerId }, admin)).balanceFen).toBe(7000)
    await t.call('return.void', { id: r.id, version: r.version, reason: '录错了' }, admin)
    expect((await t.call('product.get', { id: productId }, admin)).onHand).toBe('90')
    expect((await t.call('ar.customer', { customerId }, admin)).balanceFen).toBe(10000)
    expect((await t.call('ar.statement', { customerId, from: '2026-11-01', to: '2026-11-30' }, admin)).returnedFen).toBe(0)

    const inv = await t.call('invoice.create', { customerId, invoiceNo: '04400012', kind: 'vat_normal', issuedOn: '2026-11-22', amountFen: 6000, taxFen: 690, shipmentIds: [s.id] }, admin)
    expect(await t.call('ar.customer', { customerId }, admin)).toMatchObject({ invoicedFen: 6000, uninvoicedFen: 4000 })
    await t.call('invoice.void', { id: inv.id, reason: '金额开错' }, admin)
    expect(await t.call('ar.customer', { customerId }, admin)).toMatchObject({ invoicedFen: 0, uninvoicedFen: 10000 })

    const rc = await t.call('receipt.create', { customerId, amountFen: 8000, method: 'bank' }, admin)
    const allocated = await t.call('receipt.allocate', { receiptId: rc.id, version: rc.version, allocations: [{ orderId: o.id, amountFen: 3000 }] }, other.token)
    expect(await t.raw('receipt.allocate', { receiptId: rc.id, version: rc.version, allocations: [{ orderId: o.id, amountFen: 5000 }] }, admin)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect((await t.call('receipt.get', { id: rc.id }, admin)).version).toBe(allocated.version)

    const q = await t.call('quote.create', { customerId, lines: [{ productId, quantity: '5' }] }, admin)
    expect((await t.call('quote.void', { id: q.id, version: q.version, reason: '报错价' }, admin)).status).toBe('voided')
  })
})
