import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postgresFile } from '../../../tests/support/postgres'
import { skipOnPostgres } from '../../../tests/support/engine'
import { createTestCore, testEngine } from '../testing/test-core'
import { build, MARCH, TODAY, type World } from '../testing/report.fixture'

/**
 * Drill-down (issue 10): every report figure opens the documents behind it. The lists' filters
 * (salesperson, customer owner, product, category, province) on the hand-worked data set of
 * report.fixture.ts: the documents found are the ones the report counted, in the caller's scope.
 * March 2026: shipments SB (O2, C2 江苏, 李四: P1×10 + P2×100), SC (O3, C1 浙江, 张三: P2×50, cancelled)
 * and SC2 (O3 again, P2×50); orders O2, O3, O4 (C2, P1×5, approved) and the draft O5 (C1, P1×1);
 * receipts 1000.00 (C2, owner 李四) and 545.00 (C1, owner 张三).
 */
const COUNTED_SHIPMENTS = ['shipped', 'delivered'] as const
const COUNTED_ORDERS = ['approved', 'partially_shipped', 'shipped', 'completed', 'closed'] as const

function checks(get: () => World) {
  const shipments = async (f: Record<string, unknown>, token = get().owner) =>
    (await get().t.call('shipment.search', { dateFrom: MARCH.from, dateTo: MARCH.to, status: [...COUNTED_SHIPMENTS], ...f }, token)) as { items: { orderId: number; customerId: number; totalFen: number }[]; total: number }
  const orders = async (f: Record<string, unknown>, token = get().owner) =>
    (await get().t.call('order.search', { dateFrom: MARCH.from, dateTo: MARCH.to, status: [...COUNTED_ORDERS], ...f }, token)) as { items: { customerId: number; totalFen: number }[]; total: number }
  const receipts = async (f: Record<string, unknown>, token = get().owner) =>
    (await get().t.call('receipt.search', { dateFrom: MARCH.from, dateTo: MARCH.to, status: 'valid', ...f }, token)) as { items: { customerId: number; amountFen: number }[]; total: number }

  it('shipment.search by the order salesperson, product, category and province: the shipments the report counted', async () => {
    const { t, owner, s1, s2, c, p1, p2 } = get()
    // 李四: SB 2220.00; 张三: SC2 545.00 (the cancelled SC is not counted — but is found without the status filter)
    expect((await shipments({ salespersonId: s2.id })).items.map((s) => [s.customerId, s.totalFen])).toEqual([[c.c2, 222000]])
    expect((await shipments({ salespersonId: s1.id })).items.map((s) => [s.customerId, s.totalFen])).toEqual([[c.c1, 54500]])
    expect((await shipments({ salespersonId: s1.id, status: undefined })).total).toBe(2)
    // P2 on SB and SC2, P1 on SB only; categories 五金 / 办公 the same; 江苏省 SB, 浙江省 SC2
    expect((await shipments({ productId: p2 })).total).toBe(2)
    expect((await shipments({ productId: p1 })).items.map((s) => s.totalFen)).toEqual([222000])
    expect((await shipments({ category: '五金' })).total).toBe(2)
    expect((await shipments({ category: '办公' })).total).toBe(1)
    expect((await shipments({ province: '江苏省' })).items.map((s) => s.customerId)).toEqual([c.c2])
    expect((await shipments({ province: '浙江省' })).items.map((s) => s.customerId)).toEqual([c.c1])
    expect((await shipments({ province: '广东省' })).total).toBe(0)
    // the report rows' counts agree (shipped count: shipments, returns not counted)
    const bySp = await t.call('report.sales', { ...MARCH, groupBy: 'salesperson' }, owner)
    for (const r of bySp.rows) expect((await shipments({ salespersonId: Number(r.key) })).total).toBe(r.count)
    const byProduct = await t.call('report.sales', { ...MARCH, groupBy: 'product' }, owner)
    for (const r of byProduct.rows) expect((await shipments({ productId: Number(r.key) })).total).toBe(r.count)
  })

  it('order.search by product, category, province and owner: the orders counted as ordered (the draft O5 only without the status filter)', async () => {
    const { t, owner, s1, s2, c, p1, p2 } = get()
    // P1: O2 2220.00 and O4 565.00; P2: O2 and O3 545.00
    expect((await orders({ productId: p1 })).items.map((o) => o.totalFen).sort()).toEqual([222000, 56500])
    expect((await orders({ productId: p1, status: undefined })).total).toBe(3)
    expect((await orders({ productId: p2 })).items.map((o) => o.totalFen).sort()).toEqual([222000, 54500])
    expect((await orders({ category: '办公' })).total).toBe(2)
    expect((await orders({ province: '浙江省' })).items.map((o) => o.customerId)).toEqual([c.c1])
    expect((await orders({ province: '江苏省' })).total).toBe(2)
    expect((await orders({ salespersonId: s2.id })).total).toBe(2)
    expect((await orders({ ownerId: s1.id })).total).toBe(1)
    const byProduct = await t.call('report.sales', { ...MARCH, groupBy: 'product', measure: 'ordered' }, owner)
    for (const r of byProduct.rows) expect((await orders({ productId: Number(r.key) })).total).toBe(r.count)
    const byRegion = await t.call('report.sales', { ...MARCH, groupBy: 'region', measure: 'ordered' }, owner)
    for (const r of byRegion.rows) expect((await orders({ province: r.key })).total).toBe(r.count)
  })

  it('receipt.search and customer.search by owner and province', async () => {
    const { t, owner, s1, s2, c } = get()
    expect((await receipts({ ownerId: s2.id })).items.map((r) => [r.customerId, r.amountFen])).toEqual([[c.c2, 100000]])
    expect((await receipts({ ownerId: s1.id })).items.map((r) => [r.customerId, r.amountFen])).toEqual([[c.c1, 54500]])
    expect((await receipts({ province: '江苏省' })).total).toBe(1)
    const bySp = await t.call('report.sales', { ...MARCH, groupBy: 'salesperson', measure: 'received' }, owner)
    for (const r of bySp.rows) expect((await receipts({ ownerId: Number(r.key) })).total).toBe(r.count)
    const js = await t.call('customer.search', { province: '江苏省' }, owner)
    expect(js.items.map((x: { id: number }) => x.id).sort((a: number, b: number) => a - b)).toEqual([c.c2, c.c3, c.c4])
    expect((await t.call('customer.search', { province: '浙江省' }, owner)).items.map((x: { id: number }) => x.id)).toEqual([c.c1])
  })

  it('scope: a filter never widens what a salesperson sees', async () => {
    const { t, s1, s2, c } = get()
    expect((await shipments({ salespersonId: s2.id }, s1.token)).total).toBe(0)
    expect((await shipments({ province: '江苏省' }, s1.token)).total).toBe(0)
    expect((await receipts({ ownerId: s2.id }, s1.token)).total).toBe(0)
    // 张三's 江苏 customer C3 has O6 (2025-03-20) only
    const all = await t.call('order.search', { province: '江苏省' }, s1.token)
    expect(all.items.map((o: { customerId: number }) => o.customerId)).toEqual([c.c3])
    expect((await t.call('customer.search', { province: '江苏省' }, s1.token)).items.map((x: { id: number }) => x.id)).toEqual([c.c3])
  })
}

describe(`drill-down filters on ${testEngine() === 'postgres' ? 'PostgreSQL' : 'SQLite'}`, () => {
  let w: World
  beforeAll(async () => {
    w = await build(await createTestCore({ now: TODAY }))
  }, 120_000)
  afterAll(async () => w?.t.close())
  checks(() => w)
})

skipOnPostgres('the describe above runs on PostgreSQL in this pass').describe('drill-down filters on PostgreSQL', () => {
  const pg = postgresFile(TODAY)
  let w: World
  beforeAll(async () => {
    w = await build(await pg.core())
  }, 180_000)
  afterAll(() => pg.close())
  checks(() => w)
})
