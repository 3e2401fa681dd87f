import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestCore, type TestCore } from '../testing/test-core'

/**
 * Credit as business settings (issue 14, settings.credit): the default limit of new customers and what a limit of
 * 0 means for the credit check (特批). Figures by hand: one 工业风机 at ¥1,130.00 (含税) per order = 113 000 fen.
 */
let t: TestCore
let mgr: { id: number; token: string }
let sales: { id: number; token: string }
let goods: number

beforeAll(async () => {
  t = await createTestCore({ now: '2026-12-04T10:00:00+08:00' })
  mgr = await t.user('manager', { displayName: '钱经理' })
  sales = await t.user('sales', { displayName: '孙业务', managerId: mgr.id })
  goods = (await t.call('product.create', { code: 'G1', name: '工业风机', unit: '台', salePrice: '1130', initialStock: '10' }, t.adminToken)).id
})
afterAll(() => t.close())

const setCredit = async (credit: object) => {
  const s = await t.call('settings.get', {}, t.adminToken)
  return (await t.call('settings.update', { version: s.version, credit }, t.adminToken)).credit
}
const pendingOrder = async (customerId: number) => {
  const o = await t.call('order.create', { customerId, lines: [{ productId: goods, quantity: '1' }] }, sales.token)
  return t.call('order.submit', { id: o.id }, sales.token)
}

describe('the default credit limit of new customers', () => {
  it('is 0 until set; a customer created without a limit gets the default, an explicit limit stays', async () => {
    expect((await t.call('settings.get', {}, sales.token)).credit).toEqual({ defaultLimitFen: 0, zeroMeans: 'unlimited' })
    expect(await setCredit({ defaultLimitFen: 500_000 })).toEqual({ defaultLimitFen: 500_000, zeroMeans: 'unlimited' })
    // a salesperson may not set limits, but gets the company's default (¥5,000.00)
    const c = await t.call('customer.create', { name: '常州武进电机有限公司' }, sales.token)
    expect(c.creditLimitFen).toBe(500_000)
    const own = await t.raw('customer.create', { name: '常州新北轴承有限公司', creditLimitFen: 0 }, sales.token)
    expect(own.ok || own.error.code).toBe('FORBIDDEN')
    // a manager sets another limit, 0 included
    expect((await t.call('customer.create', { name: '常州金坛机械有限公司', creditLimitFen: 0 }, mgr.token)).creditLimitFen).toBe(0)
    expect((await t.call('customer.create', { name: '常州溧阳纺机有限公司', creditLimitFen: 2_000_000 }, mgr.token)).creditLimitFen).toBe(2_000_000)
  })
})

describe('what a limit of 0 means', () => {
  it('unlimited: no check; noCredit: every order with an exposure needs 特批 with a reason', async () => {
    await setCredit({ zeroMeans: 'unlimited' })
    const cid = (await t.call('customer.create', { name: '扬州邗江五金有限公司', creditLimitFen: 0, ownerId: sales.id }, mgr.token)).id
    const first = await pendingOrder(cid)
    expect(await t.call('order.creditCheck', { id: first.id }, mgr.token)).toEqual({
      creditLimitFen: 0, receivableFen: 0, openOrdersFen: 0, orderFen: 113_000, exposureFen: 113_000, availableFen: null, exceeds: false, noCredit: false,
    })
    await t.call('order.approve', { id: first.id }, mgr.token)

    await setCredit({ zeroMeans: 'noCredit' })
    const second = await pendingOrder(cid)
    // exposure = receivable 0 + the approved, unshipped first order 113 000 + this one 113 000 = 226 000 > 0
    expect(await t.call('order.creditCheck', { id: second.id }, mgr.token)).toEqual({
      creditLimitFen: 0, receivableFen: 0, openOrdersFen: 113_000, orderFen: 113_000, exposureFen: 226_000, availableFen: -113_000, exceeds: true, noCredit: true,
    })
    const refused = await t.raw('order.approve', { id: second.id }, mgr.token)
    expect(refused.ok).toBe(false)
    if (!refused.ok) expect(refused.error).toMatchObject({ code: 'BUSINESS_RULE', key: 'order.creditExceeded', details: { needsOverride: true, exceedFen: 226_000, checkedLimitFen: 0 } })
    const ok = await t.call('order.approve', { id: second.id, override: true, reason: '老客户，月底前回款' }, mgr.token)
    expect(ok).toMatchObject({ status: 'approved', creditOverride: true, overrideReason: '老客户，月底前回款' })

    // a positive limit is checked the same either way: ¥5,000.00 − 0 − 0 leaves room for one order
    const limited = (await t.call('customer.create', { name: '扬州江都机电有限公司' }, sales.token)).id
    const third = await pendingOrder(limited)
    expect(await t.call('order.creditCheck', { id: third.id }, mgr.token)).toMatchObject({ creditLimitFen: 500_000, availableFen: 500_000, exceeds: false, noCredit: false })
  })
})
