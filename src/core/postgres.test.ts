import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postgresFile } from '../../tests/support/postgres'
import type { TestCore } from './testing/test-core'
import { schemaDiff } from './db/schema-diff'
import { usccCheckChar } from './customer/customer.rules'

/**
 * PostgreSQL is the second engine (bigger LAN hosts). The same contract runs on it: migrations
 * match the entities, and a day of work from customer to statement gives the same answers as on SQLite.
 */
const pg = postgresFile('2026-03-20T10:00:00+08:00')
let t: TestCore
let admin: string

beforeAll(async () => {
  t = await pg.core()
  admin = t.adminToken
}, 120_000)
afterAll(() => pg.close())

describe('PostgreSQL engine', () => {
  it('the committed PostgreSQL migrations match the entities', async () => {
    const url = await pg.createDatabase('kedan_drift_test')
    const { up } = await schemaDiff({ kind: 'postgres', url })
    expect(up).toEqual([])
  })

  it('health reports postgres', async () => {
    expect((await t.core.health()).engine).toBe('postgres')
  })

  it('customers: create, pinyin search, duplicates, stale update, merge, follow-ups', async () => {
    const uscc = `91440300MA5F${'00012'}`
    const full = uscc + usccCheckChar(uscc)!
    const a = await t.call('customer.create', { name: '北京华星科技有限公司', uscc: full, phone: '010-8888 1234', contacts: [{ name: '张三', mobile: '+86 138-0013-8000' }] }, admin)
    expect(a.code).toBe('C000001')
    expect((await t.call('customer.search', { query: 'bjhx' }, admin)).total).toBe(1)
    expect((await t.call('customer.search', { query: 'huaxing' }, admin)).total).toBe(1)
    expect((await t.call('customer.search', { query: '13800138000' }, admin)).total).toBe(1)
    const dup = await t.raw('customer.create', { name: '北京华星科技（有限公司）' }, admin)
    expect(!dup.ok && dup.error.code).toBe('CONFLICT')
    const b = await t.call('customer.create', { name: '华星科技北京分部', contacts: [{ name: '李四', mobile: '13900000000' }], confirmDuplicate: true }, admin)
    await t.call('customer.update', { id: a.id, version: a.version, remark: '第一' }, admin)
    const stale = await t.raw('customer.update', { id: a.id, version: a.version, remark: '第二' }, admin)
    expect(!stale.ok && stale.error.code).toBe('CONFLICT')
    await t.call('followUp.create', { customerId: b.id, type: 'call', content: '电话沟通', nextFollowUpOn: '2026-03-20' }, admin)
    expect((await t.call('followUp.due', {}, admin)).total).toBe(1)
    const merged = await t.call('customer.merge', { targetId: a.id, sourceId: b.id }, admin)
    expect(merged.moved.contacts).toBe(1)
    const view = await t.call('customer.get', { id: a.id }, admin)
    expect(view.contacts.map((c: { name: string }) => c.name).sort()).toEqual(['张三', '李四'])
    expect(view.followUps).toHaveLength(1)
    const log = await t.call('auditLog.list', { entity: 'customer', entityId: a.id }, admin)
    expect(log.items.map((l: { action: string }) => l.action)).toEqual(expect.arrayContaining(['create', 'update', 'merge']))
  })

  it('orders to statement: numbering under load, credit, shipping, returns, receipts, aging, tracking', async () => {
    const customerId = (await t.call('customer.create', { name: '成都天府食品有限公司', paymentTermDays: 30, creditLimitFen: 100000 }, admin)).id
    const productId = (await t.call('product.create', { code: 'F-1', name: '豆瓣酱', initialStock: '1000' }, admin)).id
    const many = await Promise.all(Array.from({ length: 20 }, () => t.call('order.create', { customerId, orderDate: '2026-01-10', lines: [{ productId, quantity: '3', unitPrice: '0.3333' }] }, admin)))
    expect(new Set(many.map((o) => o.number)).size).toBe(20)
    expect(many[0].totalFen).toBe(100)
    const o = await t.call('order.create', { customerId, orderDate: '2026-01-10', promisedDate: '2026-01-15', lines: [{ productId, quantity: '10', unitPrice: '113' }] }, admin)
    expect(o.lines[0]).toMatchObject({ amountFen: 113000, taxFen: 13000, netFen: 100000 })
    await t.call('order.submit', { id: o.id }, admin)
    const refused = await t.raw('order.approve', { id: o.id }, admin)
    expect(!refused.ok && refused.error.code).toBe('BUSINESS_RULE')
    await t.call('order.approve', { id: o.id, override: true, reason: '老客户' }, admin)
    expect((await t.call('product.get', { id: productId }, admin)).reserved).toBe('10')
    const s = await t.call('shipment.create', { orderId: o.id, shipDate: '2026-01-10', lines: [{ orderLineId: o.lines[0].id, quantity: '6' }] }, admin)
    expect(s.totalFen).toBe(67800)
    const over = await t.raw('shipment.create', { orderId: o.id, lines: [{ orderLineId: o.lines[0].id, quantity: '5' }] }, admin)
    expect(!over.ok && over.error.code).toBe('BUSINESS_RULE')
    await t.call('return.create', { shipmentId: s.id, lines: [{ shipmentLineId: s.lines[0].id, quantity: '1' }], reason: '破损', returnedOn: '2026-01-20' }, admin)
    await t.call('receipt.create', { customerId, amountFen: 20000, method: 'bank', receivedOn: '2026-02-01', allocations: [{ orderId: o.id, amountFen: 20000 }] }, admin)
    const aging = await t.call('ar.aging', { asOf: '2026-03-20' }, admin)
    expect(aging.items[0]).toMatchObject({ customerId, d31_60Fen: 36500, totalFen: 36500 })
    const st = await t.call('ar.statement', { customerId, from: '2026-01-01', to: '2026-03-20' }, admin)
    expect(st.closingBalanceFen).toBe(36500)
    const sum = await t.call('ar.summary', { asOf: '2026-03-20' }, admin)
    expect(sum.items.find((i: { customerId: number }) => i.customerId === customerId).balanceFen).toBe(36500)
    const board = await t.call('tracking.board', {}, admin)
    expect(board.openOrders.find((x: { id: number }) => x.id === o.id)).toMatchObject({ flag: 'late' })
    const q = await t.call('quote.create', { customerId, lines: [{ productId, quantity: '2' }] }, admin)
    const { order } = await t.call('quote.toOrder', { id: q.id }, admin)
    expect(order.quoteId).toBe(q.id)
    const opp = await t.call('opportunity.create', { customerId, title: '年度采购', amountFen: 500000 }, admin)
    expect((await t.call('opportunity.moveStage', { id: opp.id, stage: 'won' }, admin)).probability).toBe(100)
    expect((await t.call('opportunity.search', {}, admin)).totals.amountFen).toBe(500000)
  })
})
