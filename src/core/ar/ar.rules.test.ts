import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestCore, type TestCore } from '../testing/test-core'

/**
 * Issue 5, receivables: aging buckets at their edges, totalFen = balance, statements that chain from period
 * to period and equal ar.summary and ar.aging on the `to` date, and data scope on every AR view.
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
/** one approved order of `yuan`, shipped whole on shipDate */
async function shipped(yuan: string, shipDate: string, extra: Record<string, unknown> = {}, cid = customerId) {
  const o = await t.call('order.create', { customerId: cid, orderDate: shipDate, lines: [{ productId, quantity: '1', unitPrice: yuan }], ...extra }, admin)
  await t.call('order.submit', { id: o.id }, admin)
  await t.call('order.approve', { id: o.id }, admin)
  return t.call('shipment.create', { orderId: o.id, shipDate, lines: [{ orderLineId: o.lines[0].id, quantity: '1' }] }, admin)
}
const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86400000).toISOString().slice(0, 10)

beforeEach(async () => {
  t = await createTestCore({ now: '2026-03-20T10:00:00+08:00' })
  admin = t.adminToken
  customerId = (await t.call('customer.create', { name: '厦门鹭岛茶业有限公司', paymentTermDays: 30 }, admin)).id
  productId = (await t.call('product.create', { code: 'C-1', name: '铁观音', unit: '盒', initialStock: '10000' }, admin)).id
})
afterEach(() => t.close())

describe('aging buckets', () => {
  it('puts each shipment by days past its due date: 0 not due, 1–30, 31–60, 61–90, over 90', async () => {
    const asOf = '2026-03-20'
    // due date = ship date + the order's payment term (here 0 days, overriding the customer's 30)
    const cases: [number, string][] = [
      [0, 'notDueFen'],
      [-1, 'd1_30Fen'],
      [-30, 'd1_30Fen'],
      [-31, 'd31_60Fen'],
      [-60, 'd31_60Fen'],
      [-61, 'd61_90Fen'],
      [-90, 'd61_90Fen'],
      [-91, 'over90Fen'],
    ]
    const want: Record<string, number> = { notDueFen: 0, d1_30Fen: 0, d31_60Fen: 0, d61_90Fen: 0, over90Fen: 0 }
    for (const [i, [days, bucket]] of cases.entries()) {
      const yuan = 2 ** i
      const s = await shipped(String(yuan), addDays(asOf, days), { paymentTermDays: 0 })
      expect(s.dueDate).toBe(addDays(asOf, days))
      want[bucket]! += yuan * 100
    }
    // a 30-day term moves a shipment of 40 days ago into 1–30 (due 10 days ago)
    await shipped('1000', addDays(asOf, -40))
    want.d1_30Fen! += 100000
    // a shipment after the date does not count yet
    await shipped('5000', addDays(asOf, 1))
    const total = Object.values(want).reduce((a, b) => a + b, 0)
    const aging = await t.call('ar.aging', { asOf }, admin)
    expect(aging.items).toEqual([{ customerId, customerName: '厦门鹭岛茶业有限公司', ...want, prepaymentFen: 0, totalFen: total }])
    expect(aging.totals).toEqual({ ...want, prepaymentFen: 0, totalFen: total })
    const sum = await t.call('ar.summary', { asOf }, admin)
    expect(sum.items[0]).toMatchObject({ balanceFen: total, overdueFen: total - want.notDueFen!, prepaymentFen: 0 })
    // the next day, what was due today is 1 day overdue and what was 30 days overdue is 31; the later shipment counts
    const next = await t.call('ar.aging', { asOf: addDays(asOf, 1) }, admin)
    expect(next.items[0]).toMatchObject({ notDueFen: 500000, d1_30Fen: want.d1_30Fen! + 100 - 400, d31_60Fen: want.d31_60Fen! + 400 - 1600, totalFen: total + 500000 })
  })

  it('a customer with only a prepayment has all buckets 0 and a negative total equal to the balance', async () => {
    const r = await t.call('receipt.create', { customerId, amountFen: 88800, method: 'bank', receivedOn: '2026-03-01' }, admin)
    const aging = await t.call('ar.aging', { asOf: '2026-03-20' }, admin)
    expect(aging.items).toEqual([{ customerId, customerName: '厦门鹭岛茶业有限公司', notDueFen: 0, d1_30Fen: 0, d31_60Fen: 0, d61_90Fen: 0, over90Fen: 0, prepaymentFen: 88800, totalFen: -88800 }])
    expect((await t.call('ar.summary', { asOf: '2026-03-20' }, admin)).items[0]).toMatchObject({ balanceFen: -88800, overdueFen: 0, prepaymentFen: 88800 })
    // before the money came nothing is there; cancelled money is not money
    expect((await t.call('ar.aging', { asOf: '2026-02-28' }, admin)).items).toEqual([])
    await t.call('receipt.cancel', { id: r.id, reason: '退回' }, admin)
    expect((await t.call('ar.aging', { asOf: '2026-03-20' }, admin)).items).toEqual([])
  })
})

describe('ar.summary', () => {
  it('lists a customer whose unallocated prepayment nets the balance to zero, with that prepayment; finds customers by pinyin with spaces or full-width letters', async () => {
    await shipped('100', '2026-03-01')
    await t.call('receipt.create', { customerId, amountFen: 10000, method: 'bank', receivedOn: '2026-03-02' }, admin)
    const sum = await t.call('ar.summary', { asOf: '2026-03-20' }, admin)
    expect(sum.items).toEqual([{ customerId, customerName: '厦门鹭岛茶业有限公司', balanceFen: 0, overdueFen: 0, prepaymentFen: 10000 }])
    expect(sum.totals).toEqual({ balanceFen: 0, overdueFen: 0, prepaymentFen: 10000 })
    expect((await t.call('ar.summary', { asOf: '2026-03-20', query: 'XMLD' }, admin)).total).toBe(1)
    expect((await t.call('ar.summary', { asOf: '2026-03-20', query: 'xm ld' }, admin)).total).toBe(1)
    expect((await t.call('ar.summary', { asOf: '2026-03-20', query: 'ｘｍｌｄ' }, admin)).total).toBe(1)
    expect((await t.call('ar.summary', { asOf: '2026-03-20', query: 'zzzz' }, admin)).total).toBe(0)
    // not to a salesperson who does not own the customer
    const other = await t.user('sales')
    const c = await t.call('customer.get', { id: customerId }, admin)
    await t.call('customer.assign', { ids: [customerId], ownerId: other.id, versions: { [customerId]: c.version } }, admin)
    const stranger = await t.user('sales')
    expect((await t.call('ar.summary', { asOf: '2026-03-20' }, stranger.token)).items).toEqual([])
    expect((await t.call('ar.summary', { asOf: '2026-03-20' }, other.token)).total).toBe(1)
  })
})

describe('statements chain and agree with ar.summary and ar.aging', () => {
  it('closing = opening + shipped − returned − received for every month; next opening = this closing; = balance on the to date', async () => {
    await shipped('120', '2025-12-28')
    const s1 = await shipped('300.3', '2026-01-05')
    await t.call('receipt.create', { customerId, amountFen: 10000, method: 'bank', receivedOn: '2026-01-05' }, admin)
    await t.call('return.create', { shipmentId: s1.id, lines: [{ shipmentLineId: s1.lines[0].id, quantity: '0.1' }], reason: '破损', returnedOn: '2026-01-31' }, admin)
    const cancelled = await shipped('999', '2026-02-02')
    await t.call('shipment.cancel', { id: cancelled.id, reason: '取消' }, admin)
    const bad = await t.call('receipt.create', { customerId, amountFen: 77700, method: 'cash', receivedOn: '2026-02-03' }, admin)
    await t.call('receipt.cancel', { id: bad.id, reason: '假币' }, admin)
    await t.call('receipt.create', { customerId, amountFen: 50000, method: 'wechat', receivedOn: '2026-02-14' }, admin)
    await shipped('88.88', '2026-03-01')
    await t.call('receipt.create', { customerId, amountFen: 100000, method: 'bank', receivedOn: '2026-03-31' }, admin)

    const months: [string, string][] = [
      ['2025-12-01', '2025-12-31'],
      ['2026-01-01', '2026-01-31'],
      ['2026-02-01', '2026-02-28'],
      ['2026-03-01', '2026-03-31'],
    ]
    let prevClosing = 0
    const closings = []
    for (const [from, to] of months) {
      const st = await t.call('ar.statement', { customerId, from, to }, admin)
      expect(st.openingBalanceFen, from).toBe(prevClosing)
      expect(st.closingBalanceFen).toBe(st.openingBalanceFen + st.shippedFen - st.returnedFen - st.receivedFen)
      let running = st.openingBalanceFen
      for (const e of st.entries) {
        expect(e.date >= from && e.date <= to).toBe(true)
        running += e.amountFen
        expect(e.balanceFen).toBe(running)
      }
      expect(running).toBe(st.closingBalanceFen)
      expect(st.entries.map((e: { date: string }) => e.date)).toEqual(st.entries.map((e: { date: string }) => e.date).slice().sort())
      expect(st.entries.some((e: { number: string }) => e.number === cancelled.number || e.number === bad.number)).toBe(false)
      const sum = await t.call('ar.summary', { asOf: to }, admin)
      expect(sum.items.find((i: { customerId: number }) => i.customerId === customerId)?.balanceFen ?? 0, to).toBe(st.closingBalanceFen)
      const aging = await t.call('ar.aging', { asOf: to }, admin)
      expect(aging.items[0]?.totalFen ?? 0).toBe(st.closingBalanceFen)
      expect((await t.call('ar.customer', { customerId, asOf: to }, admin)).balanceFen).toBe(st.closingBalanceFen)
      prevClosing = st.closingBalanceFen
      closings.push(st.closingBalanceFen)
    }
    // 120.00 | +300.30 −100.00 −30.03 | −500.00 | +88.88 −1000.00
    expect(closings).toEqual([12000, 12000 + 30030 - 10000 - 3003, 29027 - 50000, 29027 - 50000 + 8888 - 100000])
    // one statement over the whole span gives the same closing
    const all = await t.call('ar.statement', { customerId, from: '2025-01-01', to: '2026-03-31' }, admin)
    expect(all).toMatchObject({ openingBalanceFen: 0, closingBalanceFen: closings[3] })
    // on the same day shipments come before returns and receipts
    const jan5 = (await t.call('ar.statement', { customerId, from: '2026-01-05', to: '2026-01-05' }, admin)).entries.map((e: { kind: string }) => e.kind)
    expect(jan5).toEqual(['shipment', 'receipt'])
  })
})

describe('data scope of every AR view', () => {
  it("a salesperson sees own customers' receivables only; a manager the team's; finance all", async () => {
    const mgr = await t.user('manager')
    const s1 = await t.user('sales', { managerId: mgr.id })
    const s2 = await t.user('sales')
    const fin = await t.user('finance')
    const c1 = (await t.call('customer.create', { name: '福州榕城电子有限公司', ownerId: s1.id, paymentTermDays: 0 }, admin)).id
    const c2 = (await t.call('customer.create', { name: '泉州刺桐鞋材有限公司', ownerId: s2.id, paymentTermDays: 0 }, admin)).id
    await shipped('100', '2026-01-01', {}, c1)
    await shipped('200', '2026-01-01', {}, c2)
    const seen = async (token: string) => ({
      summary: (await t.call('ar.summary', {}, token)).items.map((i: { customerId: number }) => i.customerId).sort(),
      aging: (await t.call('ar.aging', { asOf: '2026-03-20' }, token)).items.map((i: { customerId: number }) => i.customerId).sort(),
      overdue: (await t.call('ar.overdue', {}, token)).items.map((i: { customerId: number }) => i.customerId).sort(),
    })
    expect(await seen(s1.token)).toEqual({ summary: [c1], aging: [c1], overdue: [c1] })
    expect(await seen(mgr.token)).toEqual({ summary: [c1], aging: [c1], overdue: [c1] })
    expect(await seen(s2.token)).toEqual({ summary: [c2], aging: [c2], overdue: [c2] })
    expect(await seen(fin.token)).toEqual({ summary: [c1, c2].sort(), aging: [c1, c2].sort(), overdue: [c1, c2].sort() })
    expect((await t.call('ar.aging', { asOf: '2026-03-20', customerId: c2 }, s1.token)).items).toEqual([])
    expect((await t.call('ar.summary', {}, s1.token)).totals.balanceFen).toBe(10000)
    for (const [m, input] of [
      ['ar.statement', { customerId: c2, from: '2026-01-01', to: '2026-03-31' }],
      ['ar.customer', { customerId: c2 }],
      ['receipt.openOrders', { customerId: c2 }],
    ] as const) {
      expect((await fail(m, input, s1.token)).code, m).toBe('NOT_FOUND')
    }
  })
})
