import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestCore, type TestCore } from '../testing/test-core'

/**
 * Issue 5, the 跟单 board: which orders are on it, the late / at-risk flags at their edges, stock shortfalls
 * with earlier promises served first, undelivered shipments, the last 30 days of exceptions, and scope.
 */
let t: TestCore
let admin: string
let sales: { id: number; token: string; username: string }
let customerId: number
let p1: number
let p2: number

async function approved(lines: { productId: number; quantity: string }[], promisedDate: string | null, cid = customerId) {
  const o = await t.call('order.create', { customerId: cid, orderDate: '2026-11-01', promisedDate, lines }, admin)
  await t.call('order.submit', { id: o.id }, admin)
  return t.call('order.approve', { id: o.id }, admin)
}
const board = (input: Record<string, unknown> = {}, token = admin) => t.call('tracking.board', input, token)

beforeEach(async () => {
  t = await createTestCore({ now: '2026-11-23T09:00:00+08:00' })
  admin = t.adminToken
  sales = await t.user('sales')
  customerId = (await t.call('customer.create', { name: '合肥庐州家电有限公司', ownerId: sales.id }, admin)).id
  p1 = (await t.call('product.create', { code: 'E-1', name: '电饭煲', unit: '台', initialStock: '10' }, admin)).id
  p2 = (await t.call('product.create', { code: 'E-2', name: '电水壶', unit: '台', initialStock: '100' }, admin)).id
})
afterEach(() => t.close())

describe('open orders', () => {
  it('flags late (promised date passed) and at risk (due in ≤ 2 days) at their edges, sorted by promised date, undated last', async () => {
    const none = await approved([{ productId: p2, quantity: '1' }], null)
    const ok = await approved([{ productId: p2, quantity: '1' }], '2026-11-26')
    const edge = await approved([{ productId: p2, quantity: '1' }], '2026-11-25')
    const today = await approved([{ productId: p2, quantity: '1' }], '2026-11-23')
    const late = await approved([{ productId: p2, quantity: '1' }], '2026-11-22')
    const b = await board()
    expect(b.openOrders.map((o: { id: number; flag: string; daysLeft: number | null }) => [o.id, o.flag, o.daysLeft])).toEqual([
      [late.id, 'late', -1],
      [today.id, 'at_risk', 0],
      [edge.id, 'at_risk', 2],
      [ok.id, 'ok', 3],
      [none.id, 'no_date', null],
    ])
    // the board on another day, and with a wider risk window
    expect((await board({ asOf: '2026-11-24' })).openOrders.map((o: { flag: string }) => o.flag)).toEqual(['late', 'late', 'at_risk', 'at_risk', 'no_date'])
    expect((await board({ riskDays: 3 })).openOrders.find((o: { id: number }) => o.id === ok.id).flag).toBe('at_risk')
  })

  it('holds approved and partially shipped orders only', async () => {
    const pending = await t.call('order.create', { customerId, lines: [{ productId: p2, quantity: '1' }] }, admin)
    await t.call('order.submit', { id: pending.id }, admin)
    const part = await approved([{ productId: p2, quantity: '2' }], '2026-11-30')
    await t.call('shipment.create', { orderId: part.id, lines: [{ orderLineId: part.lines[0].id, quantity: '1' }] }, admin)
    const full = await approved([{ productId: p2, quantity: '1' }], '2026-11-30')
    await t.call('shipment.create', { orderId: full.id, lines: [{ orderLineId: full.lines[0].id, quantity: '1' }] }, admin)
    const closed = await approved([{ productId: p2, quantity: '1' }], '2026-11-30')
    await t.call('order.close', { id: closed.id, reason: '不发了' }, admin)
    const cancelled = await approved([{ productId: p2, quantity: '1' }], '2026-11-30')
    await t.call('order.cancel', { id: cancelled.id, reason: '取消' }, admin)
    const b = await board()
    expect(b.openOrders.map((o: { id: number }) => o.id)).toEqual([part.id])
    expect(b.openOrdersTotal).toBe(1)
    expect(b.openOrders[0]).toMatchObject({ status: 'partially_shipped', statusLabel: '部分发货', lines: [{ open: '1', shortfall: '0' }] })
  })

  it('shows stock shortfalls per line, the earlier promise taking the stock first, only for what is still open', async () => {
    const first = await approved([{ productId: p1, quantity: '6' }, { productId: p2, quantity: '1' }], '2026-11-25')
    const second = await approved([{ productId: p1, quantity: '7' }], '2026-11-28')
    const b = await board()
    expect(b.openOrders.map((o: { id: number; hasShortfall: boolean }) => [o.id, o.hasShortfall])).toEqual([
      [first.id, false],
      [second.id, true],
    ])
    expect(b.openOrders[1].lines[0]).toMatchObject({ productName: '电饭煲', open: '7', onHand: '4', shortfall: '3' })
    await t.call('shipment.create', { orderId: first.id, lines: [{ orderLineId: first.lines[0].id, quantity: '6' }] }, admin)
    const after = await board()
    expect(after.openOrders[0].lines.map((l: { productName: string }) => l.productName)).toEqual(['电水壶'])
    expect(after.openOrders[1].lines[0]).toMatchObject({ open: '7', onHand: '4', shortfall: '3' })
  })
})

describe('undelivered shipments and exceptions', () => {
  it('lists shipments not yet delivered, and returns and cancelled shipments of the last 30 days (Beijing days)', async () => {
    const o = await approved([{ productId: p2, quantity: '10' }], '2026-12-31')
    const ship = (q: string, shipDate: string) => t.call('shipment.create', { orderId: o.id, shipDate, lines: [{ orderLineId: o.lines[0].id, quantity: q }] }, admin)
    const delivered = await ship('1', '2026-11-10')
    await t.call('shipment.confirmDelivered', { id: delivered.id, deliveredOn: '2026-11-12' }, admin)
    const waiting = await ship('1', '2026-11-15')
    const old = await t.call('return.create', { shipmentId: delivered.id, lines: [{ shipmentLineId: delivered.lines[0].id, quantity: '0.5' }], reason: '旧退货', returnedOn: '2026-11-12' }, admin)
    const recent = await t.call('return.create', { shipmentId: delivered.id, lines: [{ shipmentLineId: delivered.lines[0].id, quantity: '0.5' }], reason: '新退货', returnedOn: '2026-11-13' }, admin)
    // cancelled at 07:00 Beijing time on 11-23, which is still 11-22 in UTC
    t.clock.set('2026-11-23T07:00:00+08:00')
    const cancelled = await ship('1', '2026-11-23')
    await t.call('shipment.cancel', { id: cancelled.id, reason: '车坏了' }, admin)
    const b = await board({ asOf: '2026-12-13' })
    expect(b.undelivered.map((u: { id: number; daysSinceShip: number }) => [u.id, u.daysSinceShip])).toEqual([[waiting.id, 28]])
    expect(b.exceptions.map((e: { kind: string; number: string; date: string; reason: string }) => [e.kind, e.number, e.date, e.reason])).toEqual([
      ['shipment_cancelled', cancelled.number, '2026-11-23', '车坏了'],
      ['return', recent.number, '2026-11-13', '新退货'],
    ])
    expect(b.exceptions.some((e: { number: string }) => e.number === old.number)).toBe(false)
    // on 11-22 the cancellation (11-23 in Beijing) has not happened yet
    expect((await board({ asOf: '2026-11-22' })).exceptions.map((e: { kind: string }) => e.kind)).toEqual(['return', 'return'])
    // a month after the cancellation it has left the window
    expect((await board({ asOf: '2026-12-24' })).exceptions).toEqual([])
  })

  it("shows a salesperson only own customers' orders, shipments and exceptions", async () => {
    const s2 = await t.user('sales')
    const theirs = (await t.call('customer.create', { name: '芜湖江城建材有限公司', ownerId: s2.id }, admin)).id
    const mine = await approved([{ productId: p2, quantity: '2' }], '2026-11-30')
    const other = await approved([{ productId: p2, quantity: '2' }], '2026-11-30', theirs)
    for (const o of [mine, other]) {
      const s = await t.call('shipment.create', { orderId: o.id, lines: [{ orderLineId: o.lines[0].id, quantity: '1' }] }, admin)
      await t.call('return.create', { shipmentId: s.id, lines: [{ shipmentLineId: s.lines[0].id, quantity: '1' }], reason: '坏' }, admin)
    }
    const b = await board({}, sales.token)
    expect(b.openOrders.map((o: { id: number }) => o.id)).toEqual([mine.id])
    expect(b.undelivered.map((u: { orderId: number }) => u.orderId)).toEqual([mine.id])
    expect(b.exceptions.map((e: { customerName: string }) => e.customerName)).toEqual(['合肥庐州家电有限公司'])
    expect((await board({}, admin)).openOrders).toHaveLength(2)
  })
})
