import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postgresFile } from '../../../tests/support/postgres'
import { skipOnPostgres } from '../../../tests/support/engine'
import { createTestCore, testEngine } from '../testing/test-core'
import { splitByWeights } from './target.service'
import { build, MARCH, TODAY, type World } from '../testing/report.fixture'

function checks(get: () => World) {
  it('report.sales shipped (net of returns, without the cancelled shipment) by month with 环比 and 同比, cost and margin for the owner', async () => {
    const { t, owner } = get()
    const r = await t.call('report.sales', { ...MARCH, groupBy: 'month' }, owner)
    // 2220.00 + 545.00 − 218.00; net 2000 + 500 − 200; cost 600 + 500 (P1×10, P2×100 at 5) + 300 (P2×50 at 6) − 100 (P2×20 at 5)
    expect(r.rows).toEqual([{ key: '2026-03', label: '2026-03', amountFen: 254700, netFen: 230000, count: 2, prevFen: 0, lastYearFen: 135600, costFen: 130000, marginFen: 100000 }])
    expect(r).toMatchObject({ measure: 'shipped', total: 1, totalFen: 254700, totalNetFen: 230000, totalPrevFen: 0, totalLastYearFen: 135600, totalCostFen: 130000, totalMarginFen: 100000 })
    // 环比 is the 31 days before: 2026-01-29 … 2026-02-28; 同比 March 2025 (O1 1130.00 + O6 226.00)
    expect([r.prevFrom, r.prevTo, r.lastYearFrom, r.lastYearTo]).toEqual(['2026-01-29', '2026-02-28', '2025-03-01', '2025-03-31'])
    // Jan–Mar by month: January has O7's 339.00, February nothing, each month's 环比 is the month before
    const q = await t.call('report.sales', { from: '2026-01-01', to: '2026-03-31', groupBy: 'month' }, owner)
    expect(q.rows.map((x: { key: string; amountFen: number; prevFen: number; lastYearFen: number }) => [x.key, x.amountFen, x.prevFen, x.lastYearFen])).toEqual([
      ['2026-01', 33900, 0, 0],
      ['2026-02', 0, 33900, 0],
      ['2026-03', 254700, 0, 135600],
    ])
  })

  it('report.sales by salesperson, customer, product, category and region', async () => {
    const { t, owner, s1, s2, c, p1, p2 } = get()
    const by = async (groupBy: string) => (await t.call('report.sales', { ...MARCH, groupBy }, owner)).rows
    expect(await by('salesperson')).toEqual([
      { key: String(s2.id), label: '李四', amountFen: 200200, netFen: 180000, count: 1, prevFen: 0, lastYearFen: 0, costFen: 100000, marginFen: 80000 },
      { key: String(s1.id), label: '张三', amountFen: 54500, netFen: 50000, count: 1, prevFen: 0, lastYearFen: 135600, costFen: 30000, marginFen: 20000 },
    ])
    expect((await by('customer')).map((x: { key: string; amountFen: number; lastYearFen: number }) => [x.key, x.amountFen, x.lastYearFen])).toEqual([
      [String(c.c2), 200200, 0],
      [String(c.c1), 54500, 113000],
    ])
    expect(await by('product')).toEqual([
      { key: String(p2), label: 'P2 合页', amountFen: 141700, netFen: 130000, count: 2, quantity: '130', prevFen: 0, lastYearFen: 0, costFen: 70000, marginFen: 60000 },
      { key: String(p1), label: 'P1 复印纸', amountFen: 113000, netFen: 100000, count: 1, quantity: '10', prevFen: 0, lastYearFen: 135600, costFen: 60000, marginFen: 40000 },
    ])
    expect((await by('category')).map((x: { label: string; amountFen: number; quantity: string; lastYearFen: number }) => [x.label, x.amountFen, x.quantity, x.lastYearFen])).toEqual([
      ['五金', 141700, '130', 0],
      ['办公', 113000, '10', 135600],
    ])
    expect((await by('region')).map((x: { label: string; amountFen: number; lastYearFen: number }) => [x.label, x.amountFen, x.lastYearFen])).toEqual([
      ['江苏省', 200200, 22600],
      ['浙江省', 54500, 113000],
    ])
  })

  it('report.sales ordered (approved or later, never the draft) and received; received has no product grouping', async () => {
    const { t, owner, s1, s2, p1, p2 } = get()
    const o = await t.call('report.sales', { ...MARCH, groupBy: 'month', measure: 'ordered' }, owner)
    // O2 2220.00 + O3 545.00 + O4 565.00; net 2000 + 500 + 500; 同比 O1 + O6
    expect(o.rows).toEqual([{ key: '2026-03', label: '2026-03', amountFen: 333000, netFen: 300000, count: 3, prevFen: 0, lastYearFen: 135600 }])
    const op = await t.call('report.sales', { ...MARCH, groupBy: 'product', measure: 'ordered' }, owner)
    expect(op.rows.map((x: { key: string; amountFen: number; quantity: string }) => [x.key, x.amountFen, x.quantity])).toEqual([
      [String(p1), 169500, '15'],
      [String(p2), 163500, '150'],
    ])
    const r = await t.call('report.sales', { ...MARCH, groupBy: 'salesperson', measure: 'received' }, owner)
    // 1000.00 from C2 (李四), 545.00 from C1 (张三); 环比 window holds C3's 300.00 prepayment (张三)
    expect(r.rows.map((x: { key: string; amountFen: number; netFen: number; count: number; prevFen: number }) => [x.key, x.amountFen, x.netFen, x.count, x.prevFen])).toEqual([
      [String(s2.id), 100000, 100000, 1, 0],
      [String(s1.id), 54500, 54500, 1, 30000],
    ])
    expect(r.totalPrevFen).toBe(30000)
    expect(r.totalCostFen).toBeUndefined()
    const bad = await t.raw('report.sales', { ...MARCH, groupBy: 'product', measure: 'received' }, owner)
    expect(!bad.ok && bad.error.code).toBe('VALIDATION')
    const backwards = await t.raw('report.sales', { from: '2026-03-31', to: '2026-03-01', groupBy: 'month' }, owner)
    expect(!backwards.ok && backwards.error.code).toBe('VALIDATION')
  })

  it('scope: a salesperson sees their own customers only and no cost; the manager sees the team', async () => {
    const { t, s1, s2, m, clerk, c } = get()
    const own = await t.call('report.sales', { ...MARCH, groupBy: 'customer' }, s1.token)
    expect(own.rows.map((x: { key: string }) => x.key)).toEqual([String(c.c1)])
    expect(own.totalFen).toBe(54500)
    expect(own.rows[0].costFen).toBeUndefined()
    expect(own.totalCostFen).toBeUndefined()
    expect((await t.call('report.sales', { ...MARCH, groupBy: 'month' }, s2.token)).totalFen).toBe(200200)
    expect((await t.call('report.sales', { ...MARCH, groupBy: 'month' }, m.token)).totalFen).toBe(254700)
    expect((await t.call('report.sales', { ...MARCH, groupBy: 'month' }, clerk)).rows[0].costFen).toBeUndefined()
    const cust = await t.call('report.customers', {}, s1.token)
    expect(cust.churn).toEqual([])
    expect(cust.activeCount).toBe(1)
    const f = await t.call('report.funnel', MARCH, s2.token)
    expect(f.count).toBe(2)
    const noCost = await t.raw('product.costs', {}, s1.token)
    expect(!noCost.ok && noCost.error.code).toBe('FORBIDDEN')
    const clerkCost = await t.raw('product.costs', {}, clerk)
    expect(!clerkCost.ok && clerkCost.error.code).toBe('FORBIDDEN')
  })

  it('report.funnel: stages, conversion, win rate, days to won, by source', async () => {
    const { t, owner } = get()
    const f = await t.call('report.funnel', MARCH, owner)
    expect(f.stages.map((s: { stage: string; count: number; amountFen: number; reachedCount: number; conversion: number | null }) => [s.stage, s.count, s.amountFen, s.reachedCount, s.conversion])).toEqual([
      ['initial', 0, 0, 4, 3 / 4],
      ['needs', 1, 80000, 3, 2 / 3],
      ['proposal', 1, 50000, 2, 1 / 2],
      ['negotiation', 0, 0, 1, 1],
      ['won', 1, 100000, 1, null],
      ['lost', 1, 200000, 1, null],
    ])
    expect(f).toMatchObject({ count: 4, amountFen: 430000, wonCount: 1, wonFen: 100000, lostCount: 1, winRate: 0.5, avgDaysToWon: 10 })
    expect(f.bySource.map((s: { label: string; count: number; wonCount: number; winRate: number | null; avgDaysToWon: number | null }) => [s.label, s.count, s.wonCount, s.winRate, s.avgDaysToWon])).toEqual([
      ['官网', 1, 0, 0, null],
      ['展会', 2, 1, 1, 10],
      ['未填来源', 1, 0, null, null],
    ])
    expect((await t.call('report.funnel', { from: '2026-03-03', to: '2026-03-31' }, owner)).count).toBe(0)
  })

  it('targets: set, split evenly and by last year, report against shipped; who may set them', async () => {
    const { t, owner, s1, s2, m } = get()
    await t.call('target.set', { year: 2026, month: 3, teamManagerId: m.id, amountFen: 300001 }, m.token)
    const even = await t.call('target.split', { year: 2026, month: 3, teamManagerId: m.id, method: 'even' }, m.token)
    expect(even.items.map((i: { salespersonId: number; amountFen: number }) => [i.salespersonId, i.amountFen])).toEqual([
      [s1.id, 150001],
      [s2.id, 150000],
    ])
    // last year's March: 张三 1356.00 (O1 + O6), 李四 nothing
    const ly = await t.call('target.split', { year: 2026, month: 3, teamManagerId: m.id, method: 'lastYear' }, m.token)
    expect(ly.items.map((i: { amountFen: number; lastYearFen: number }) => [i.amountFen, i.lastYearFen])).toEqual([
      [300001, 135600],
      [0, 0],
    ])
    await t.call('target.set', { year: 2026, month: 3, salespersonId: s2.id, amountFen: 100000 }, m.token)
    const r = await t.call('report.targets', { year: 2026 }, owner)
    const row = (id: number) => r.rows.find((x: { salespersonId: number }) => x.salespersonId === id)
    expect(row(s1.id).months[2]).toEqual({ month: 3, targetFen: 300001, actualFen: 54500, completion: 54500 / 300001 })
    expect(row(s2.id).months[2]).toEqual({ month: 3, targetFen: 100000, actualFen: 200200, completion: 2.002 })
    expect(row(s2.id).months[0]).toEqual({ month: 1, targetFen: 0, actualFen: 33900, completion: null })
    expect(r.teams).toEqual([expect.objectContaining({ teamManagerId: m.id, targetFen: 300001, actualFen: 33900 + 254700 })])
    expect(r.totals.months[2]).toEqual({ month: 3, targetFen: 400001, actualFen: 254700, completion: 254700 / 400001 })
    const mine = await t.call('report.targets', { year: 2026 }, s1.token)
    expect(mine.rows.map((x: { salespersonId: number }) => x.salespersonId)).toEqual([s1.id])
    const other = await t.user('manager')
    const denied = await t.raw('target.set', { year: 2026, month: 3, salespersonId: s1.id, amountFen: 1 }, other.token)
    expect(!denied.ok && denied.error.code).toBe('FORBIDDEN')
    const bySales = await t.raw('target.set', { year: 2026, month: 3, salespersonId: s1.id, amountFen: 1 }, s1.token)
    expect(!bySales.ok && bySales.error.code).toBe('FORBIDDEN')
    const both = await t.raw('target.set', { year: 2026, month: 3, salespersonId: s1.id, teamManagerId: m.id, amountFen: 1 }, m.token)
    expect(!both.ok && both.error.code).toBe('VALIDATION')
  })

  it('report.forecast: weighted open opportunities by close month plus the 3-month run rate', async () => {
    const { t, owner, s1, s2 } = get()
    const f = await t.call('report.forecast', { months: 2 }, owner)
    expect(f.months).toEqual(['2026-03', '2026-04'])
    expect([f.runRateFrom, f.runRateTo]).toEqual(['2025-12-01', '2026-02-28'])
    // 李四: D 800.00 × 30 % in March (no close date); run rate 339.00 / 3; 张三: C 500.00 × 50 % in April
    expect(f.rows.map((r: { salespersonId: number; months: { pipelineFen: number; runRateFen: number; totalFen: number }[] }) => [r.salespersonId, r.months.map((m) => [m.pipelineFen, m.runRateFen, m.totalFen])])).toEqual([
      [s2.id, [[24000, 11300, 35300], [0, 11300, 11300]]],
      [s1.id, [[0, 0, 0], [25000, 0, 25000]]],
    ])
    expect(f.totals).toMatchObject({ pipelineFen: 49000, runRateFen: 22600, totalFen: 71600 })
  })

  it('report.customers: new, active, repurchase, tiers, churn warning', async () => {
    const { t, owner, c, s2 } = get()
    const r = await t.call('report.customers', {}, owner)
    expect(r.asOf).toBe('2026-03-20')
    expect(r.newByMonth).toHaveLength(12)
    expect(r.newByMonth.filter((m: { count: number }) => m.count > 0)).toEqual([{ month: '2026-01', count: 1 }])
    expect(r).toMatchObject({ activeCount: 2, orderingCount: 2, repeatCount: 1, repurchaseRate: 0.5 })
    // last 12 months shipped: C2 339 + 2220 − 218 = 2341.00, C1 545.00, C3 226.00 (2025-03-21); total 3112.00
    expect(r.tiers).toEqual([
      { tier: 'A', count: 2, amountFen: 288600, share: 288600 / 311200 },
      { tier: 'B', count: 1, amountFen: 22600, share: 22600 / 311200 },
      { tier: 'C', count: 0, amountFen: 0, share: 0 },
    ])
    expect(r.churnTotal).toBe(1)
    expect(r.churn).toEqual([{ customerId: c.c4, customerName: '无锡四号机电有限公司', ownerId: s2.id, ownerName: '李四', orderCount: 3, lastOrderDate: '2024-12-05', daysSince: 470, usualGapDays: 30.5, lastFollowUpAt: null }])
  })

  it('report.delivery: on-time rate, exception rate, days to collect, by month and salesperson', async () => {
    const { t, owner, s1, s2 } = get()
    const r = await t.call('report.delivery', { from: '2026-01-01', to: '2026-03-31' }, owner)
    // delivered with a promised date: O7 on time, O2 late; orders shipped: O7, O2 (return), O3 (cancelled shipment); O3 paid 10 days after shipping
    expect(r).toMatchObject({ deliveredCount: 2, onTimeCount: 1, onTimeRate: 0.5, shippedOrders: 3, exceptionOrders: 2, exceptionRate: 2 / 3, collectedOrders: 1, avgDaysToCollect: 10 })
    expect(r.byMonth.map((m: { month: string; onTimeRate: number | null; exceptionRate: number | null; avgDaysToCollect: number | null }) => [m.month, m.onTimeRate, m.exceptionRate, m.avgDaysToCollect])).toEqual([
      ['2026-01', 1, 0, null],
      ['2026-02', null, null, null],
      ['2026-03', 0, 1, 10],
    ])
    expect(r.bySalesperson.map((s: { salespersonId: number; onTimeRate: number | null; exceptionRate: number; avgDaysToCollect: number | null }) => [s.salespersonId, s.onTimeRate, s.exceptionRate, s.avgDaysToCollect])).toEqual([
      [s2.id, 0.5, 0.5, null],
      [s1.id, null, 1, 10],
    ])
    const y2025 = await t.call('report.delivery', { from: '2025-01-01', to: '2025-12-31' }, owner)
    expect(y2025).toMatchObject({ deliveredCount: 2, onTimeCount: 1, shippedOrders: 2, exceptionOrders: 0, collectedOrders: 1, avgDaysToCollect: 29 })
  })

  it('report.monthlyPack: the month on one page', async () => {
    const { t, owner, s1, s2, c, p1, p2 } = get()
    const r = await t.call('report.monthlyPack', { month: '2026-03' }, owner)
    expect(r.shipped).toEqual({ amountFen: 254700, netFen: 230000, count: 2, prevFen: 0, lastYearFen: 135600, costFen: 130000, marginFen: 100000 })
    expect(r.ordered).toEqual({ amountFen: 333000, netFen: 300000, count: 3, prevFen: 0, lastYearFen: 135600 })
    expect(r.received).toEqual({ amountFen: 154500, netFen: 154500, count: 2, prevFen: 30000, lastYearFen: 0 })
    // AR on 03-31: C2 339 + 2220 − 218 − 1000 = 1341.00, all in S-B (due on its ship date 03-03: overdue); C3 −74.00 in credit
    expect(r.ar).toEqual({ asOf: '2026-03-31', balanceFen: 126700, overdueFen: 134100 })
    expect(r.newCustomers).toBe(0)
    expect(r.lostCustomers).toBe(1)
    expect(r.topCustomers).toEqual([
      { customerId: c.c2, name: '南京二号科技有限公司', amountFen: 200200 },
      { customerId: c.c1, name: '杭州一号贸易有限公司', amountFen: 54500 },
    ])
    expect(r.topProducts).toEqual([
      { productId: p2, name: 'P2 合页', amountFen: 141700, quantity: '130' },
      { productId: p1, name: 'P1 复印纸', amountFen: 113000, quantity: '10' },
    ])
    expect(r.salespeople).toEqual([
      { salespersonId: s1.id, name: '张三', targetFen: 300001, actualFen: 54500, completion: 54500 / 300001 },
      { salespersonId: s2.id, name: '李四', targetFen: 100000, actualFen: 200200, completion: 2.002 },
    ])
    expect(r.onTimeRate).toBe(0)
    expect(r.churn.map((x: { customerId: number; daysSince: number }) => [x.customerId, x.daysSince])).toEqual([[c.c4, 481]])
    const mine = await t.call('report.monthlyPack', { month: '2026-03' }, s1.token)
    expect(mine.shipped).toEqual({ amountFen: 54500, netFen: 50000, count: 1, prevFen: 0, lastYearFen: 135600 })
    expect(mine.ar).toEqual({ asOf: '2026-03-31', balanceFen: -7400, overdueFen: 0 })
  })

  it('cost price: changes are logged for the cost roles only; the shipment line keeps the cost of the day', async () => {
    const { t, owner, clerk, p2 } = get()
    const log = await t.call('auditLog.list', { entity: 'productCost', entityId: p2 }, owner)
    expect(log.items.map((l: { summary: string }) => l.summary)).toEqual(expect.arrayContaining(['成本价 P2 合页：5.0000 → 6.0000']))
    const denied = await t.raw('auditLog.list', { entity: 'productCost', entityId: p2 }, clerk)
    expect(!denied.ok && denied.error.code).toBe('FORBIDDEN')
    const byOwner = await t.raw('product.setCost', { id: p2, version: 1, costPrice: '1' }, owner)
    expect(!byOwner.ok && byOwner.error.code).toBe('FORBIDDEN')
    const p = await t.call('product.get', { id: p2 }, owner)
    expect(p).not.toHaveProperty('costPrice')
  })

  it('the month summary behind long product reports follows shipments, cancellations, returns and voided returns', async () => {
    const { t, owner, p1, p2 } = get()
    const products = async (from: string, to: string) =>
      (await t.call('report.sales', { from, to, groupBy: 'product' }, owner)).rows.map((x: { key: string; amountFen: number; quantity: string; costFen: number; count: number }) => [x.key, x.amountFen, x.quantity, x.costFen, x.count])
    // March whole (summary) and 02-15…03-31 (summary for March, documents for the half February) agree with the documents
    const march = [
      [String(p2), 141700, '130', 70000, 2],
      [String(p1), 113000, '10', 60000, 1],
    ]
    expect(await products('2026-03-01', '2026-03-31')).toEqual(march)
    expect(await products('2026-02-15', '2026-03-31')).toEqual(march)
    expect(await products('2026-03-02', '2026-03-30')).toEqual(march)
    // voiding the return puts P2×20 (218.00, cost 100.00) back
    const ret = (await t.call('return.search', {}, owner)).items[0]
    await t.call('return.void', { id: ret.id, reason: '录入错误' }, t.adminToken)
    const after = [
      [String(p2), 163500, '150', 80000, 2],
      [String(p1), 113000, '10', 60000, 1],
    ]
    expect(await products('2026-03-01', '2026-03-31')).toEqual(after)
    expect(await products('2026-03-02', '2026-03-30')).toEqual(after)
    expect((await t.call('report.sales', { ...MARCH, groupBy: 'month' }, owner)).totalFen).toBe(254700 + 21800)
  })
}

it('splitByWeights: exact parts, largest remainder, even when every weight is 0', () => {
  expect(splitByWeights(100, [1, 1, 1])).toEqual([34, 33, 33])
  expect(splitByWeights(1000, [3, 1])).toEqual([750, 250])
  expect(splitByWeights(10, [0, 0])).toEqual([5, 5])
  expect(splitByWeights(7, [1, 2])).toEqual([2, 5])
})

describe(`reports on ${testEngine() === 'postgres' ? 'PostgreSQL' : 'SQLite'}`, () => {
  let w: World
  beforeAll(async () => {
    const t = await createTestCore({ now: TODAY })
    w = await build(t)
  }, 120_000)
  afterAll(async () => w?.t.close())
  checks(() => w)
})

skipOnPostgres('the describe above runs on PostgreSQL in this pass').describe('reports on PostgreSQL', () => {
  const pg = postgresFile(TODAY)
  let w: World
  beforeAll(async () => {
    w = await build(await pg.core())
  }, 180_000)
  afterAll(() => pg.close())
  checks(() => w)
})
