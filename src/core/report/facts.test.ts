import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postgresFile } from '../../../tests/support/postgres'
import { skipOnPostgres } from '../../../tests/support/engine'
import { createTestCore, testEngine } from '../testing/test-core'
import { build, TODAY, type World } from '../testing/report.fixture'
import { rhythmRows } from './facts.service'

/**
 * The report facts (customer_order_rhythm, shipment_facts, order_facts, customer_balance) follow every write that
 * changes their inputs, on the hand-worked data set of report.fixture.ts (payment terms 0: due = ship date).
 * After each write the reports read from them — AR aging, churn, delivery, sales by salesperson — are compared
 * with figures worked out by hand from the documents. Today is 2026-03-20.
 *
 * Before any step, by hand:
 *   aging on 03-20: C2 shipped 339.00 (01-15) + 2220.00 (03-03), credited 218.00 (return) + 1000.00 = 1218.00:
 *     FIFO covers the 01-15 shipment, 2559 − 1218 = 1341.00 of the 03-03 one is open, 17 days overdue (1–30);
 *     C3 shipped 226.00, paid 300.00 in advance: −74.00; C1 shipped and paid 1675.00: not listed.
 *   delivery March: O2 (return: exception; 2002.00 owed, 1000.00 allocated: open) and O3 (a cancelled shipment:
 *     exception; 545.00 allocated on 03-18, last shipment 03-08: 10 days): 2 orders, 2 exceptions, 1 collected, avg 10.
 *   delivery 2025: O1 (paid 2025-04-10, shipped 03-12: 29 days) and O6 (not allocated): 2 orders, 1 collected, avg 29;
 *     delivered against a promise: O1 on time (03-14 ≤ 03-15), O6 late (03-30 > 03-25).
 *   churn: C4 (orders 2024-10-05, 11-05, 12-05: gaps 31, 30, median 30.5; 470 days since): 1; active (ordered
 *     2025-12-21…2026-03-20): C1 and C2.
 */
const ASOF = '2026-03-20'
const MARCH = { from: '2026-03-01', to: '2026-03-31' }
const Y2025 = { from: '2025-01-01', to: '2025-12-31' }

function checks(get: () => World) {
  const aging = async () => {
    const { t, owner } = get()
    const r = await t.call('ar.aging', { asOf: ASOF }, owner)
    return Object.fromEntries(r.items.map((i: { customerId: number; totalFen: number; notDueFen: number; d1_30Fen: number }) => [i.customerId, [i.totalFen, i.notDueFen, i.d1_30Fen]]))
  }
  const delivery = async (p: { from: string; to: string }) => {
    const { t, owner } = get()
    const r = await t.call('report.delivery', p, owner)
    return { orders: r.shippedOrders, exceptions: r.exceptionOrders, collected: r.collectedOrders, avgDays: r.avgDaysToCollect, delivered: r.deliveredCount, onTime: r.onTimeCount }
  }
  const churn = async () => {
    const { t, owner } = get()
    const r = await t.call('report.customers', { asOf: ASOF }, owner)
    return { churn: r.churn.map((c: { customerId: number }) => c.customerId), active: r.activeCount }
  }
  const bySalesperson = async () => {
    const { t, owner } = get()
    const r = await t.call('report.sales', { ...MARCH, groupBy: 'salesperson' }, owner)
    return Object.fromEntries(r.rows.map((x: { key: string; amountFen: number }) => [x.key, x.amountFen]))
  }

  it('the facts agree with the documents before any further write', async () => {
    const { c, s1, s2 } = get()
    expect(await aging()).toEqual({ [c.c2]: [134100, 0, 134100], [c.c3]: [-7400, 0, 0] })
    expect(await delivery(MARCH)).toEqual({ orders: 2, exceptions: 2, collected: 1, avgDays: 10, delivered: 1, onTime: 0 })
    expect(await delivery(Y2025)).toEqual({ orders: 2, exceptions: 0, collected: 1, avgDays: 29, delivered: 2, onTime: 1 })
    expect(await churn()).toEqual({ churn: [c.c4], active: 2 })
    // March: S2 2220.00 − 218.00, S1 545.00
    expect(await bySalesperson()).toEqual({ [s2.id]: 200200, [s1.id]: 54500 })
  })

  it('receipt create (allocated) and cancel: balance, FIFO buckets and the paid-off date follow', async () => {
    const { t, c, finance } = get()
    const o2 = (await t.call('order.search', { customerId: c.c2, status: 'shipped' }, t.adminToken)).items.find((o: { totalFen: number }) => o.totalFen === 222000)
    // O2 owes 2220.00 − 218.00 − 1000.00 = 1002.00
    const r = await t.call('receipt.create', { customerId: c.c2, amountFen: 100200, receivedOn: ASOF, method: 'bank', allocations: [{ orderId: o2.id, amountFen: 100200 }] }, finance)
    // credits 2220.00 cover the 01-15 shipment and all but 339.00 of the 03-03 one
    expect((await aging())[c.c2]).toEqual([33900, 0, 33900])
    // O2 paid off on 03-20, 17 days after its shipment: (10 + 17) / 2
    expect(await delivery(MARCH)).toMatchObject({ collected: 2, avgDays: 13.5 })
    await t.call('receipt.cancel', { id: r.id, reason: '重复录入' }, finance)
    expect((await aging())[c.c2]).toEqual([134100, 0, 134100])
    expect(await delivery(MARCH)).toMatchObject({ collected: 1, avgDays: 10 })
  })

  it('prepayment allocated and taken back: the order is paid off on the receipt date, then open again', async () => {
    const { t, c, finance } = get()
    const pre = (await t.call('receipt.search', { customerId: c.c3 }, finance)).items[0]
    const o6 = (await t.call('order.search', { customerId: c.c3 }, t.adminToken)).items[0]
    await t.call('receipt.allocate', { receiptId: pre.id, allocations: [{ orderId: o6.id, amountFen: 22600 }] }, finance)
    // O6 shipped 2025-03-21, paid off by the 2026-02-10 receipt: 326 days; (29 + 326) / 2
    expect(await delivery(Y2025)).toMatchObject({ collected: 2, avgDays: 177.5 })
    expect((await aging())[c.c3]).toEqual([-7400, 0, 0])
    await t.call('receipt.unallocate', { receiptId: pre.id, orderId: o6.id }, finance)
    expect(await delivery(Y2025)).toMatchObject({ collected: 1, avgDays: 29 })
  })

  it('shipment create and cancel: running totals, not-due bucket, salesperson sales and shipped orders follow', async () => {
    const { t, c, s1, s2 } = get()
    const o4 = (await t.call('order.search', { customerId: c.c2, status: 'approved' }, t.adminToken)).items[0]
    const full = await t.call('order.get', { id: o4.id }, t.adminToken)
    const s = await t.call('shipment.create', { orderId: o4.id, shipDate: ASOF, lines: full.lines.map((l: { id: number; quantity: string }) => ({ orderLineId: l.id, quantity: l.quantity })) }, t.adminToken)
    // 565.00 more, due today: not due; the 1341.00 stays 1–30 days
    expect((await aging())[c.c2]).toEqual([190600, 56500, 134100])
    expect(await bySalesperson()).toEqual({ [s2.id]: 256700, [s1.id]: 54500 })
    expect(await delivery(MARCH)).toMatchObject({ orders: 3, exceptions: 2, collected: 1 })
    await t.call('shipment.cancel', { id: s.id, reason: '客户改期' }, t.adminToken)
    expect((await aging())[c.c2]).toEqual([134100, 0, 134100])
    expect(await bySalesperson()).toEqual({ [s2.id]: 200200, [s1.id]: 54500 })
    // O4 now has only a cancelled shipment: not a shipped order
    expect(await delivery(MARCH)).toMatchObject({ orders: 2, exceptions: 2 })
  })

  it('return create and void: credits, exception and net sales follow', async () => {
    const { t, c, s2 } = get()
    const o7 = (await t.call('order.search', { customerId: c.c2, dateFrom: '2026-01-01', dateTo: '2026-01-31' }, t.adminToken)).items[0]
    const sh = (await t.call('shipment.search', { orderId: o7.id }, t.adminToken)).items[0]
    const full = await t.call('shipment.get', { id: sh.id }, t.adminToken)
    const ret = await t.call('return.create', { shipmentId: sh.id, returnedOn: ASOF, reason: '破损', lines: [{ shipmentLineId: full.lines[0].id, quantity: '1' }] }, t.adminToken)
    // credits 1218.00 + 113.00: 2559 − 1331 = 1228.00 open on the 03-03 shipment
    expect((await aging())[c.c2]).toEqual([122800, 0, 122800])
    expect((await bySalesperson())[s2.id]).toBe(200200 - 11300)
    // O7 (last shipment 01-15) now has a return
    expect(await delivery({ from: '2026-01-01', to: '2026-03-31' })).toMatchObject({ orders: 3, exceptions: 3 })
    await t.call('return.void', { id: ret.id, reason: '录入错误' }, t.adminToken)
    expect((await aging())[c.c2]).toEqual([134100, 0, 134100])
    expect(await delivery({ from: '2026-01-01', to: '2026-03-31' })).toMatchObject({ orders: 3, exceptions: 2 })
  })

  it('order approve, unapprove, close and cancel move the order rhythm: churn and active customers', async () => {
    const { t, c, s2, p1 } = get()
    const o = await t.call('order.create', { customerId: c.c4, salespersonId: s2.id, orderDate: ASOF, lines: [{ productId: p1, quantity: '1' }] }, t.adminToken)
    // a draft and a pending order do not count
    await t.call('order.submit', { id: o.id }, t.adminToken)
    expect(await churn()).toEqual({ churn: [c.c4], active: 2 })
    const approved = await t.call('order.approve', { id: o.id }, t.adminToken)
    // C4 ordered today: no longer quiet, and active
    expect(await churn()).toEqual({ churn: [], active: 3 })
    await t.call('order.unapprove', { id: approved.id }, t.adminToken)
    expect(await churn()).toEqual({ churn: [c.c4], active: 2 })
    const again = await t.call('order.approve', { id: o.id }, t.adminToken)
    // a closed order still counts as ordered
    const closed = await t.call('order.close', { id: again.id, reason: '客户只要一部分' }, t.adminToken)
    expect(closed.status).toBe('closed')
    expect(await churn()).toEqual({ churn: [], active: 3 })
    // a second approved order for C4, then cancelled: C4 stays active through the closed one
    const o2 = await t.call('order.create', { customerId: c.c4, salespersonId: s2.id, orderDate: ASOF, lines: [{ productId: p1, quantity: '1' }] }, t.adminToken)
    await t.call('order.submit', { id: o2.id }, t.adminToken)
    await t.call('order.approve', { id: o2.id }, t.adminToken)
    await t.call('order.cancel', { id: o2.id, reason: '重复下单' }, t.adminToken)
    expect(await churn()).toEqual({ churn: [], active: 3 })
  })

  it('customer merge moves the facts: the balance follows the documents to the target customer', async () => {
    const { t, c } = get()
    await t.call('customer.merge', { targetId: c.c1, sourceId: c.c3 }, t.adminToken)
    // C1 now: shipped 1675.00 + 226.00, credited 1675.00 + 300.00: −74.00; C3 gone
    expect(await aging()).toEqual({ [c.c1]: [-7400, 0, 0], [c.c2]: [134100, 0, 134100] })
  })
}

it('rhythmRows: running median of the gaps, the day a customer counts as quiet, the neighbours', () => {
  const rows = rhythmRows(7, [
    { id: 1, orderDate: '2024-10-05' },
    { id: 2, orderDate: '2024-11-05' },
    { id: 3, orderDate: '2024-12-05' },
    { id: 4, orderDate: '2024-12-05' },
  ])
  // gaps 31, 30, 0: medians (31+30)/2 = 30.5 after three orders, 30 after four (sorted 0, 30, 31)
  expect(rows.map((r) => [r.seq, r.prevDate, r.nextDate, r.gapMedian2, r.churnOn])).toEqual([
    [1, null, '2024-11-05', null, null],
    [2, '2024-10-05', '2024-12-05', null, null],
    // quiet after 61 days (2 × 30.5 > 30): from 2024-12-05 + 62
    [3, '2024-11-05', '2024-12-05', 61, '2025-02-05'],
    // 2 × 30 = 60: from 2024-12-05 + 61
    [4, '2024-12-05', null, 60, '2025-02-04'],
  ])
  // a short rhythm still waits 30 days: gaps 2, 2 → 2 × 2 = 4 < 30
  expect(rhythmRows(1, [{ id: 1, orderDate: '2026-01-01' }, { id: 2, orderDate: '2026-01-03' }, { id: 3, orderDate: '2026-01-05' }])[2]!.churnOn).toBe('2026-02-05')
})

describe(`report facts on ${testEngine() === 'postgres' ? 'PostgreSQL' : 'SQLite'}`, () => {
  let w: World
  beforeAll(async () => {
    w = await build(await createTestCore({ now: TODAY }))
  }, 120_000)
  afterAll(async () => w?.t.close())
  checks(() => w)
})

skipOnPostgres('the describe above runs on PostgreSQL in this pass').describe('report facts on PostgreSQL', () => {
  const pg = postgresFile(TODAY)
  let w: World
  beforeAll(async () => {
    w = await build(await pg.core())
  }, 180_000)
  afterAll(() => pg.close())
  checks(() => w)
})
