import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestCore, type TestCore } from '../testing/test-core'

/**
 * Issue 8: dates written before they were checked (`9999-99-99`, `2026-13-45`) may still be in a
 * database. One such date must not make a reader answer INTERNAL for everyone: the board, due
 * follow-ups and receivables show it as "no date" instead.
 */
let t: TestCore
let admin: string

beforeAll(async () => {
  t = await createTestCore({ now: '2026-03-20T10:00:00+08:00' })
  admin = t.adminToken
  const c = (await t.call('customer.create', { name: '厦门鹭岛茶叶有限公司', paymentTermDays: 30 }, admin)).id
  const p = (await t.call('product.create', { code: 'T-1', name: '铁观音', unit: '盒', initialStock: '10' }, admin)).id
  const mk = async () => {
    const o = await t.call('order.create', { customerId: c, promisedDate: '2026-03-25', lines: [{ productId: p, quantity: '2', unitPrice: '50' }] }, admin)
    await t.call('order.submit', { id: o.id }, admin)
    return t.call('order.approve', { id: o.id }, admin)
  }
  const late = await mk()
  const open = await mk()
  const s = await t.call('shipment.create', { orderId: late.id, lines: [{ orderLineId: late.lines[0].id, quantity: '1' }] }, admin)
  await t.call('followUp.create', { customerId: c, type: 'call', content: '催款', nextFollowUpOn: '2026-03-18' }, admin)
  // what an old database may hold
  const ds = t.core.dataSource
  await ds.getRepository('SalesOrder').update({ id: open.id }, { promisedDate: '9999-99-99' })
  await ds.getRepository('SalesOrder').update({ id: late.id }, { promisedDate: '2026-13-45' })
  await ds.getRepository('Shipment').update({ id: s.id }, { shipDate: '0000-00-00', dueDate: '2026-02-30' })
  await ds.getRepository('FollowUp').createQueryBuilder().update().set({ nextFollowUpOn: '0000-00-00' }).execute()
})
afterAll(() => t.close())

describe('stored impossible dates', () => {
  it('tracking.board answers, showing such orders as without a date', async () => {
    const r = await t.raw('tracking.board', {}, admin)
    expect(r.ok, JSON.stringify(r)).toBe(true)
    if (!r.ok) return
    expect(r.data.openOrders.map((o: { flag: string; daysLeft: number | null }) => [o.flag, o.daysLeft])).toEqual([
      ['no_date', null],
      ['no_date', null],
    ])
    expect(r.data.undelivered).toHaveLength(1)
  })

  it('due follow-ups and receivables answer too', async () => {
    for (const [m, input] of [
      ['followUp.due', {}],
      ['ar.overdue', {}],
      ['ar.summary', {}],
      ['ar.aging', { asOf: '2026-03-20' }],
      ['order.search', {}],
      ['shipment.search', {}],
    ] as const) {
      const r = await t.raw(m, input, admin)
      expect(r.ok, `${m}: ${JSON.stringify(r)}`).toBe(true)
    }
  })
})
