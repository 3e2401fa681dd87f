import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postgresFile } from '../../tests/support/postgres'
import type { TestCore } from './testing/test-core'

/**
 * Every query of the selling and collecting core once on PostgreSQL, with the filters and sorts that
 * reach its query builders and raw SQL: camelCase identifiers must be quoted, raw aliases keep their case,
 * and SUM/COUNT come back as numbers.
 */
const pg = postgresFile('2026-03-20T10:00:00+08:00')
let t: TestCore
let admin: string

beforeAll(async () => {
  t = await pg.core()
  admin = t.adminToken
}, 120_000)
afterAll(() => pg.close())

describe('PostgreSQL: every list and get of issues 4 and 5', () => {
  it('answers the same as SQLite', async () => {
    const mgr = await t.user('manager')
    const sales = await t.user('sales', { managerId: mgr.id })
    const customerId = (await t.call('customer.create', { name: '重庆山城火锅底料有限公司', ownerId: sales.id, paymentTermDays: 30, contacts: [{ name: '刘姐', mobile: '13700001111' }] }, admin)).id
    const productId = (await t.call('product.create', { code: 'PG-1', name: '牛油底料', category: '调料', spec: '500g', initialStock: '100', lowStockThreshold: '95' }, admin)).id
    expect((await t.call('product.categories', {}, admin)).items).toEqual(['调料'])
    expect((await t.call('product.search', { query: 'nydl', category: '调料', active: true }, admin)).total).toBe(1)
    expect((await t.call('stock.list', { lowStock: true }, admin)).total).toBe(0)
    await t.call('stock.adjust', { productId, quantity: '-10', reason: '报损' }, admin)
    expect((await t.call('stock.list', { lowStock: true }, admin)).total).toBe(1)
    expect((await t.call('stock.moves', { productId }, admin)).total).toBe(2)

    const o = await t.call('order.create', { customerId, orderDate: '2026-01-05', promisedDate: '2026-03-21', lines: [{ productId, quantity: '10', unitPrice: '25.5', discountPct: '10' }] }, sales.token)
    expect(o.lines[0].amountFen).toBe(22950)
    expect(await t.call('product.lastPrice', { customerId, productId }, admin)).toEqual({ unitPrice: '25.5000', discountPct: '10', orderNumber: o.number, orderDate: '2026-01-05' })
    await t.call('order.submit', { id: o.id }, sales.token)
    expect((await t.call('order.creditCheck', { id: o.id }, mgr.token)).exceeds).toBe(false)
    await t.call('order.approve', { id: o.id }, mgr.token)
    for (const sort of ['orderDate', '-number', 'totalFen', '-promisedDate', 'updatedAt']) {
      expect((await t.call('order.search', { query: 'cqsc', status: ['approved'], salespersonId: sales.id, dateFrom: '2026-01-01', dateTo: '2026-01-31', sort }, mgr.token)).total).toBe(1)
    }
    const s = await t.call('shipment.create', { orderId: o.id, shipDate: '2026-01-10', lines: [{ orderLineId: o.lines[0].id, quantity: '4' }], trackingNo: 'SF0001' }, admin)
    expect((await t.call('shipment.search', { query: 'sf0001', customerId, orderId: o.id, status: 'shipped', dateFrom: '2026-01-01', dateTo: '2026-12-31' }, sales.token)).total).toBe(1)
    const r = await t.call('return.create', { shipmentId: s.id, lines: [{ shipmentLineId: s.lines[0].id, quantity: '1' }], reason: '漏液', returnedOn: '2026-01-20' }, admin)
    expect((await t.call('return.search', { customerId, shipmentId: s.id, orderId: o.id }, sales.token)).items[0].id).toBe(r.id)
    expect((await t.call('return.get', { id: r.id }, sales.token)).lines).toHaveLength(1)
    await t.call('invoice.create', { customerId, invoiceNo: 'FP001', kind: 'vat_special', issuedOn: '2026-01-21', amountFen: 5000, taxFen: 575, shipmentIds: [s.id] }, admin)
    expect((await t.call('invoice.search', { customerId, dateFrom: '2026-01-01', dateTo: '2026-01-31' }, sales.token)).total).toBe(1)
    const rc = await t.call('receipt.create', { customerId, amountFen: 10000, method: 'bank', reference: 'ICBC-77', receivedOn: '2026-02-01' }, admin)
    const open = await t.call('receipt.openOrders', { customerId, amountFen: 10000 }, admin)
    expect(open).toMatchObject({ prepaymentFen: 10000, items: [{ orderId: o.id, receivableFen: 6885, suggestedFen: 6885 }] })
    await t.call('receipt.allocate', { receiptId: rc.id, allocations: [{ orderId: o.id, amountFen: 6885 }] }, admin)
    expect((await t.call('receipt.search', { query: 'icbc', customerId, status: 'valid', unallocatedOnly: true, dateFrom: '2026-02-01', dateTo: '2026-02-01' }, sales.token)).total).toBe(1)
    expect((await t.call('receipt.get', { id: rc.id }, sales.token)).allocations).toHaveLength(1)

    const sum = await t.call('ar.summary', { asOf: '2026-03-20', query: 'cqsc' }, sales.token)
    expect(sum.items).toEqual([{ customerId, customerName: '重庆山城火锅底料有限公司', balanceFen: -3115, overdueFen: 0, prepaymentFen: 3115 }])
    expect((await t.call('ar.aging', { asOf: '2026-03-20', customerId }, mgr.token)).items[0].totalFen).toBe(-3115)
    expect((await t.call('ar.customer', { customerId, asOf: '2026-03-20' }, sales.token))).toMatchObject({ balanceFen: -3115, invoicedFen: 5000 })
    const st = await t.call('ar.statement', { customerId, from: '2026-01-01', to: '2026-03-20' }, sales.token)
    expect(st.entries.map((e: { kind: string }) => e.kind)).toEqual(['shipment', 'return', 'receipt'])
    expect(st.closingBalanceFen).toBe(-3115)
    await t.call('receipt.unallocate', { receiptId: rc.id }, admin)
    expect((await t.call('ar.overdue', { asOf: '2026-03-20' }, mgr.token)).total).toBe(0)
    const s2 = await t.call('shipment.create', { orderId: o.id, shipDate: '2026-01-11', lines: [{ orderLineId: o.lines[0].id, quantity: '5' }] }, admin)
    const overdue = await t.call('ar.overdue', { asOf: '2026-03-20' }, mgr.token)
    expect(overdue.items[0]).toMatchObject({ customerId, contactName: '刘姐', overdueFen: 11475 + 6885 - 10000 })

    const board = await t.call('tracking.board', { asOf: '2026-03-20' }, sales.token)
    expect(board.openOrders[0]).toMatchObject({ id: o.id, flag: 'at_risk' })
    expect(board.undelivered.map((u: { id: number }) => u.id)).toEqual([s.id, s2.id])
    expect(board.exceptions.map((e: { kind: string }) => e.kind)).toEqual([])

    const q = await t.call('quote.create', { customerId, lines: [{ productId, quantity: '2' }] }, sales.token)
    expect((await t.call('quote.search', { query: 'cqsc', customerId }, sales.token)).total).toBe(1)
    expect((await t.call('quote.get', { id: q.id }, sales.token)).revisions).toHaveLength(1)
    const opp = await t.call('opportunity.create', { customerId, title: '火锅季备货', amountFen: 300000, stage: 'proposal' }, sales.token)
    const opps = await t.call('opportunity.search', { query: '火锅', stage: ['proposal'], ownerId: sales.id, customerId }, mgr.token)
    expect(opps).toMatchObject({ total: 1, totals: { amountFen: 300000, weightedFen: 150000 } })
    expect((await t.call('opportunity.get', { id: opp.id }, sales.token)).stage).toBe('proposal')
  })

  it('the state changes: close, unapprove, shipment cancel and delivery, completion and reopening, quotes to orders, numbering around taken numbers', async () => {
    const customerId = (await t.call('customer.create', { name: '昆明春城花卉有限公司', paymentTermDays: 10, stage: 'lead' }, admin)).id
    const productId = (await t.call('product.create', { code: 'PG-2', name: '玫瑰', initialStock: '50' }, admin)).id
    const free = (await t.call('product.create', { code: 'PG-3', name: '贺卡', salePrice: '0', initialStock: '50' }, admin)).id
    const opp = await t.call('opportunity.create', { customerId, title: '情人节', amountFen: 100000, stage: 'won' }, admin)
    expect(opp.probability).toBe(100)
    expect((await t.call('customer.get', { id: customerId }, admin)).stage).toBe('customer')

    const o = await t.call('order.create', { customerId, orderDate: '2026-03-20', lines: [{ productId, quantity: '3', unitPrice: '10' }, { productId: free, quantity: '1' }] }, admin)
    await t.call('order.submit', { id: o.id }, admin)
    await t.call('order.approve', { id: o.id }, admin)
    await t.call('order.unapprove', { id: o.id }, admin)
    await t.call('order.approve', { id: o.id }, admin)
    const s1 = await t.call('shipment.create', { orderId: o.id, lines: [{ orderLineId: o.lines[0].id, quantity: '1' }] }, admin)
    const s2 = await t.call('shipment.create', { orderId: o.id, lines: [{ orderLineId: o.lines[1].id, quantity: '1' }] }, admin)
    await t.call('shipment.confirmDelivered', { id: s1.id, deliveredOn: '2026-03-21' }, admin)
    const rc = await t.call('receipt.create', { customerId, amountFen: 1000, method: 'cash', allocations: [{ orderId: o.id, amountFen: 1000 }] }, admin)
    expect((await t.call('order.close', { id: o.id, reason: '余量不要' }, admin)).status).toBe('completed')
    await t.call('shipment.cancel', { id: s2.id, reason: '贺卡未带' }, admin)
    expect((await t.call('order.get', { id: o.id }, admin)).status).toBe('completed')
    await t.call('receipt.cancel', { id: rc.id, reason: '退回' }, admin)
    expect((await t.call('order.get', { id: o.id }, admin)).status).toBe('closed')
    expect((await t.call('auditLog.list', { entity: 'order', entityId: o.id }, admin)).items[0].action).toBe('reopen')
    const board = await t.call('tracking.board', { asOf: '2026-03-20' }, admin)
    expect(board.exceptions.map((e: { number: string }) => e.number)).toEqual([s2.number])

    const q = await t.call('quote.create', { customerId, lines: [{ productId, quantity: '1' }] }, admin)
    await t.call('quote.markSent', { id: q.id }, admin)
    const r2 = await t.call('quote.revise', { id: q.id }, admin)
    expect((await t.call('quote.toOrder', { id: r2.id }, admin)).order.quoteId).toBe(r2.id)

    const before = await t.call('order.create', { customerId, lines: [{ productId, quantity: '1' }] }, admin)
    await t.call('settings.update', { numbering: { SO: { prefix: before.number.slice(0, 4), datePart: 'YYMMDD', separator: '-', digits: 4 } } }, admin)
    const after = await t.call('order.create', { customerId, lines: [{ productId, quantity: '1' }] }, admin)
    expect(after.number).not.toBe(before.number)
    expect(after.number.startsWith(before.number.slice(0, 10))).toBe(true)
  })
})
