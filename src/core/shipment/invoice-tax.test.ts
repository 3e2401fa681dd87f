import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestCore, type TestCore } from '../testing/test-core'
import { share } from './invoice-tax'

/**
 * Issue 14: an invoice's tax is the sum of its lines' tax as the order computes it, not the total at 13 %.
 * One order, prices 含税, worked by hand:
 *   工业风机 1 × ¥1,130.00 at 13 % → net ¥1,000.00, tax ¥130.00
 *   安装调试 1 × ¥212.00   at  6 % → net ¥200.00,   tax ¥12.00
 *   运费     1 × ¥109.00   at  9 % → net ¥100.00,   tax ¥9.00
 *   total ¥1,451.00, tax ¥151.00 (at 13 % on the total it would be ¥1,451 − ¥1,284.07 = ¥166.93).
 */
let t: TestCore
let admin: string
let customerId: number
let shipmentId: number

beforeAll(async () => {
  t = await createTestCore({ now: '2026-12-04T10:00:00+08:00' })
  admin = t.adminToken
  customerId = (await t.call('customer.create', { name: '南通崇川机电有限公司', paymentTermDays: 30 }, admin)).id
  const fan = (await t.call('product.create', { code: 'G1', name: '工业风机', unit: '台', salePrice: '1130', taxRate: 13, initialStock: '5' }, admin)).id
  const install = (await t.call('product.create', { code: 'S1', name: '安装调试', kind: 'service', unit: '次', salePrice: '212', taxRate: 6 }, admin)).id
  const freight = (await t.call('product.create', { code: 'S2', name: '运费', kind: 'service', unit: '次', salePrice: '109', taxRate: 9 }, admin)).id
  const o = await t.call('order.create', { customerId, lines: [{ productId: fan, quantity: '1' }, { productId: install, quantity: '1' }, { productId: freight, quantity: '1' }] }, admin)
  expect(o).toMatchObject({ totalFen: 145100, taxFen: 15100 })
  await t.call('order.submit', { id: o.id }, admin)
  await t.call('order.approve', { id: o.id }, admin)
  const s = await t.call('shipment.create', { orderId: o.id, lines: o.lines.map((l: { id: number }) => ({ orderLineId: l.id, quantity: '1' })) }, admin)
  shipmentId = s.id
})
afterAll(() => t.close())

describe('invoice tax = Σ the lines tax', () => {
  it('invoice.suggest answers the shipment open amount and its lines tax at their own rates', async () => {
    expect(await t.call('invoice.suggest', { customerId, shipmentIds: [shipmentId] }, admin)).toMatchObject({ amountFen: 145100, taxFen: 15100 })
  })

  it('a part invoice takes its share of the tax, the rest goes with the open part; together exactly ¥151.00', async () => {
    // ¥451.00 of ¥1,451.00: 15 100 × 45 100 / 145 100 = 681 010 000 / 145 100 = 4 693.38 → 4 693 fen
    const first = await t.call('invoice.create', { customerId, invoiceNo: '04400001', kind: 'vat_special', issuedOn: '2026-12-04', amountFen: 45100, shipmentIds: [shipmentId] }, admin)
    expect(first.taxFen).toBe(4693)
    const rest = await t.call('invoice.suggest', { customerId, shipmentIds: [shipmentId] }, admin)
    expect(rest).toMatchObject({ amountFen: 100000, taxFen: 10407 })
    const second = await t.call('invoice.create', { customerId, invoiceNo: '04400002', kind: 'vat_special', issuedOn: '2026-12-04', amountFen: 100000, shipmentIds: [shipmentId] }, admin)
    expect(second.taxFen).toBe(10407)
    expect(first.taxFen + second.taxFen).toBe(15100)
    // nothing left to invoice
    const s2 = await t.call('invoice.suggest', { customerId, shipmentIds: [shipmentId] }, admin)
    expect(s2).toMatchObject({ amountFen: 0, taxFen: 0 })
  })

  it('rounds half-up in integers', () => {
    expect(share(15100, 45100, 145100)).toBe(4693)
    expect(share(15100, 45500, 145100)).toBe(4735) // 4 735.01
    expect(share(1, 1, 2)).toBe(1) // 0.5 → 1
    expect(share(3, 1, 3)).toBe(1)
    expect(share(999_999_999_999, 1, 3)).toBe(333_333_333_333)
  })
})
