import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestCore, type TestCore } from '../testing/test-core'

/**
 * The reproductions of issue 8 ("a business control must not be editable by the person it controls") and the
 * field rules of the methods that mix fields, each over the contract as a user of the role would call it.
 */
let t: TestCore
let admin: string
type U = { id: number; token: string }
let mgr: U, s1: U, s2: U, outsider: U, clerk: U, finance: U, owner: U
let productId: number

beforeEach(async () => {
  t = await createTestCore({ now: '2026-11-23T09:00:00+08:00' })
  admin = t.adminToken
  mgr = await t.user('manager', { displayName: '王经理' })
  s1 = await t.user('sales', { displayName: '张三', managerId: mgr.id })
  s2 = await t.user('sales', { displayName: '李四', managerId: mgr.id })
  outsider = await t.user('sales', { displayName: '赵六' })
  clerk = await t.user('clerk', { displayName: '孙跟单' })
  finance = await t.user('finance', { displayName: '吴会计' })
  owner = await t.user('owner', { displayName: '老板' })
  productId = (await t.call('product.create', { code: 'P1', name: '打印纸', unit: '箱', salePrice: '100', initialStock: '1000' }, admin)).id
})
afterEach(() => t.close())

const fail = async (method: string, input: unknown, token: string) => {
  const r = await t.raw(method, input, token)
  if (r.ok) throw new Error(`${method} should have been refused`)
  return r.error
}

describe('credit limit and payment terms: admin, manager and finance only', () => {
  it('a salesperson cannot raise their own customer\'s credit limit or payment terms; approval then still needs 特批', async () => {
    const c = await t.call('customer.create', { name: '上海浦江贸易有限公司', creditLimitFen: 100_000 }, admin) // ¥1 000, pool
    await t.call('customer.claim', { id: c.id }, s1.token)
    const cur = await t.call('customer.get', { id: c.id }, s1.token)
    const raise = await fail('customer.update', { id: c.id, version: cur.version, creditLimitFen: 10_000_000_000 }, s1.token)
    expect(raise.code).toBe('FORBIDDEN')
    expect(raise.message).toContain('信用额度')
    const terms = await fail('customer.update', { id: c.id, version: cur.version, paymentTermDays: 3650 }, s1.token)
    expect(terms.code).toBe('FORBIDDEN')
    expect(terms.message).toContain('账期')
    const after = await t.call('customer.get', { id: c.id }, admin)
    expect(after).toMatchObject({ creditLimitFen: 100_000, paymentTermDays: 0, version: cur.version })
    // ¥1 130 > ¥1 000: the manager's approval is refused without an override and a reason
    const o = await t.call('order.create', { customerId: c.id, lines: [{ productId, quantity: '10', unitPrice: '113' }] }, s1.token)
    expect((await t.call('order.creditCheck', { id: o.id }, s1.token)).exceeds).toBe(true)
    await t.call('order.submit', { id: o.id }, s1.token)
    const approve = await fail('order.approve', { id: o.id }, mgr.token)
    expect(approve.code).toBe('BUSINESS_RULE')
    expect((approve.details as { needsOverride?: boolean }).needsOverride).toBe(true)
  })

  it('a salesperson may send the credit fields unchanged with other edits; creating a customer with a credit limit is refused', async () => {
    const c = await t.call('customer.create', { name: '苏州园区电子有限公司' }, s1.token)
    const ok = await t.call('customer.update', { id: c.id, version: c.version, creditLimitFen: 0, paymentTermDays: 0, remark: '只改备注' }, s1.token)
    expect(ok).toMatchObject({ remark: '只改备注', creditLimitFen: 0 })
    const create = await fail('customer.create', { name: '无锡太湖机械有限公司', creditLimitFen: 5_000_000 }, s1.token)
    expect(create.code).toBe('FORBIDDEN')
    expect(create.message).toContain('信用额度')
  })

  it('finance sets credit limit and payment terms (logged before/after) but nothing else of the customer; a manager sets them too', async () => {
    const c = await t.call('customer.create', { name: '南京钟山化工有限公司' }, s1.token)
    const f = await t.call('customer.update', { id: c.id, version: c.version, creditLimitFen: 5_000_000, paymentTermDays: 60 }, finance.token)
    expect(f).toMatchObject({ creditLimitFen: 5_000_000, paymentTermDays: 60 })
    const log = await t.call('auditLog.list', { entity: 'customer', entityId: c.id }, admin)
    expect(log.items[0].userName).toBe('吴会计')
    expect(log.items[0].changes).toEqual(
      expect.arrayContaining([
        { field: 'creditLimitFen', before: 0, after: 5_000_000 },
        { field: 'paymentTermDays', before: 0, after: 60 },
      ]),
    )
    const name = await fail('customer.update', { id: c.id, version: f.version, name: '改名' }, finance.token)
    expect(name.code).toBe('FORBIDDEN')
    expect(name.message).toContain('客户名称')
    expect((await t.call('customer.update', { id: c.id, version: f.version, creditLimitFen: 6_000_000 }, mgr.token)).creditLimitFen).toBe(6_000_000)
  })

  it('order payment terms other than the customer\'s are set by the credit roles only', async () => {
    const c = await t.call('customer.create', { name: '杭州钱塘纺织有限公司' }, s1.token)
    const r = await fail('order.create', { customerId: c.id, paymentTermDays: 3650, lines: [{ productId, quantity: '1' }] }, s1.token)
    expect(r.code).toBe('FORBIDDEN')
    expect(r.message).toContain('账期')
    const o = await t.call('order.create', { customerId: c.id, paymentTermDays: 0, lines: [{ productId, quantity: '1' }] }, s1.token)
    expect((await fail('order.update', { id: o.id, version: o.version, paymentTermDays: 90 }, s1.token)).code).toBe('FORBIDDEN')
    expect((await t.call('order.update', { id: o.id, version: o.version, paymentTermDays: 90 }, mgr.token)).paymentTermDays).toBe(90)
  })
})

describe('the owner of a customer changes only through assign / claim / release', () => {
  it('owner, finance and clerk cannot reassign through customer.update, nor create customers, nor claim or release', async () => {
    const c = await t.call('customer.create', { name: '广州天河商贸有限公司' }, s1.token)
    for (const u of [owner, finance, clerk]) {
      const r = await fail('customer.update', { id: c.id, version: c.version, ownerId: u.id }, u.token)
      expect(r.code).toBe('FORBIDDEN')
      expect((await fail('customer.create', { name: `新客户${u.id}` }, u.token)).code).toBe('FORBIDDEN')
      expect((await fail('customer.release', { id: c.id }, u.token)).code).toBe('FORBIDDEN')
      expect((await fail('customer.assign', { ids: [c.id], ownerId: u.id }, u.token)).code).toBe('FORBIDDEN')
    }
    const pool = await t.call('customer.create', { name: '深圳南山科技有限公司' }, admin)
    for (const u of [owner, finance, clerk]) expect((await fail('customer.claim', { id: pool.id }, u.token)).code).toBe('FORBIDDEN')
    expect((await t.call('customer.get', { id: c.id }, admin)).ownerId).toBe(s1.id)
  })

  it('even the admin changes the owner through assign, not update; the refusal names the field', async () => {
    const c = await t.call('customer.create', { name: '重庆山城火锅有限公司' }, s1.token)
    const r = await fail('customer.update', { id: c.id, version: c.version, ownerId: s2.id }, admin)
    expect(r.code).toBe('FORBIDDEN')
    expect(r.message).toContain('负责人')
    expect((await t.call('customer.assign', { ids: [c.id], ownerId: s2.id }, admin)).count).toBe(1)
  })

  it('a salesperson releases own customers only; a manager the team\'s, not another team\'s', async () => {
    const mine = await t.call('customer.create', { name: '长沙岳麓书店' }, s1.token)
    const theirs = await t.call('customer.create', { name: '武汉江汉百货' }, s2.token)
    const far = await t.call('customer.create', { name: '西安古城文化' }, outsider.token)
    expect((await fail('customer.release', { id: theirs.id }, s1.token)).code).toBe('NOT_FOUND')
    expect((await fail('customer.release', { id: far.id }, mgr.token)).code).toBe('NOT_FOUND')
    expect((await t.call('customer.get', { id: theirs.id }, admin)).ownerId).toBe(s2.id)
    expect((await t.call('customer.release', { id: mine.id }, s1.token)).ownerId).toBeNull()
    expect((await t.call('customer.release', { id: theirs.id }, mgr.token)).ownerId).toBeNull()
  })

  it('a salesperson creates customers for themselves or the pool only; a manager for the team', async () => {
    expect((await fail('customer.create', { name: '替别人建的客户', ownerId: s2.id }, s1.token)).code).toBe('FORBIDDEN')
    expect((await t.call('customer.create', { name: '放公海的客户', ownerId: null }, s1.token)).ownerId).toBeNull()
    expect((await t.call('customer.create', { name: '经理给组员建', ownerId: s2.id }, mgr.token)).ownerId).toBe(s2.id)
    expect((await fail('customer.create', { name: '经理给外组建', ownerId: outsider.id }, mgr.token)).code).toBe('FORBIDDEN')
  })
})

describe('contacts, addresses and follow-ups follow the role table', () => {
  it('the owner and finance add no contacts or addresses; a clerk does; a salesperson only on own customers', async () => {
    const c = await t.call('customer.create', { name: '青岛海洋食品有限公司' }, s1.token)
    for (const u of [owner, finance]) {
      expect((await fail('contact.create', { customerId: c.id, name: '王五' }, u.token)).code).toBe('FORBIDDEN')
      expect((await fail('address.create', { customerId: c.id, receiver: '王五', address: '青岛市市南区' }, u.token)).code).toBe('FORBIDDEN')
    }
    const ct = await t.call('contact.create', { customerId: c.id, name: '王五', mobile: '13900000001' }, clerk.token)
    expect(ct.name).toBe('王五')
    const pool = await t.call('customer.create', { name: '烟台苹果合作社' }, admin)
    const refused = await fail('contact.create', { customerId: pool.id, name: '赵七' }, s1.token)
    expect(refused.code).toBe('FORBIDDEN')
    expect(refused.message).toContain('请先领取')
    expect((await t.call('contact.update', { id: ct.id, version: ct.version, title: '采购' }, s1.token)).title).toBe('采购')
  })

  it('follow-ups: everyone but the owner; a salesperson on own customers only', async () => {
    const c = await t.call('customer.create', { name: '大连星海渔业有限公司' }, s1.token)
    expect((await fail('followUp.create', { customerId: c.id, content: '看看' }, owner.token)).code).toBe('FORBIDDEN')
    for (const u of [finance, clerk, mgr, s1]) expect((await t.call('followUp.create', { customerId: c.id, type: 'call', content: '催款 / 回访' }, u.token)).customerId).toBe(c.id)
    const pool = await t.call('customer.create', { name: '沈阳北陵机床厂' }, admin)
    expect((await fail('followUp.create', { customerId: pool.id, content: '先聊聊' }, s1.token)).code).toBe('FORBIDDEN')
  })
})

describe('documents are booked under oneself (sales) or the team (manager)', () => {
  it('a salesperson cannot book an order or opportunity under another salesperson, nor move one there', async () => {
    const c = await t.call('customer.create', { name: '合肥巢湖电器有限公司' }, s1.token)
    const o = await fail('order.create', { customerId: c.id, salespersonId: s2.id, lines: [{ productId, quantity: '1' }] }, s1.token)
    expect(o.code).toBe('FORBIDDEN')
    expect(o.message).toContain('业务员')
    const mine = await t.call('order.create', { customerId: c.id, lines: [{ productId, quantity: '1' }] }, s1.token)
    expect(mine.salespersonId).toBe(s1.id)
    expect((await fail('order.update', { id: mine.id, version: mine.version, salespersonId: s2.id }, s1.token)).code).toBe('FORBIDDEN')
    const opp = await fail('opportunity.create', { customerId: c.id, title: '年度框架', ownerId: s2.id }, s1.token)
    expect(opp.code).toBe('FORBIDDEN')
    const myOpp = await t.call('opportunity.create', { customerId: c.id, title: '年度框架' }, s1.token)
    expect(myOpp.ownerId).toBe(s1.id)
    expect((await fail('opportunity.update', { id: myOpp.id, version: myOpp.version, ownerId: s2.id }, s1.token)).code).toBe('FORBIDDEN')
    expect((await fail('opportunity.update', { id: myOpp.id, version: myOpp.version, ownerId: null }, s1.token)).code).toBe('FORBIDDEN')
  })

  it('a manager books under the team, not outside it; admin and clerk under anyone', async () => {
    const c = await t.call('customer.create', { name: '福州闽江茶叶有限公司' }, s1.token)
    expect((await t.call('order.create', { customerId: c.id, salespersonId: s2.id, lines: [{ productId, quantity: '1' }] }, mgr.token)).salespersonId).toBe(s2.id)
    expect((await fail('order.create', { customerId: c.id, salespersonId: outsider.id, lines: [{ productId, quantity: '1' }] }, mgr.token)).code).toBe('FORBIDDEN')
    expect((await t.call('order.create', { customerId: c.id, salespersonId: outsider.id, lines: [{ productId, quantity: '1' }] }, clerk.token)).salespersonId).toBe(outsider.id)
    expect((await t.call('opportunity.create', { customerId: c.id, title: '经理记给组员', ownerId: s2.id }, mgr.token)).ownerId).toBe(s2.id)
    expect((await fail('opportunity.create', { customerId: c.id, title: '经理记给外组', ownerId: outsider.id }, mgr.token)).code).toBe('FORBIDDEN')
  })

  it('a salesperson makes no order, quote or opportunity for a pool customer (claim it first); a copy never keeps another salesperson', async () => {
    const pool = await t.call('customer.create', { name: '昆明滇池花卉有限公司' }, admin)
    for (const [m, input] of [
      ['order.create', { customerId: pool.id, lines: [{ productId, quantity: '1' }] }],
      ['quote.create', { customerId: pool.id, lines: [{ productId, quantity: '1' }] }],
      ['opportunity.create', { customerId: pool.id, title: '花展' }],
    ] as const) {
      const r = await fail(m, input, s1.token)
      expect(r.code, m).toBe('FORBIDDEN')
      expect(r.message, m).toContain('请先领取')
    }
    // an order booked by the admin under 李四 on 张三's customer: 张三's copy is his own
    const c = await t.call('customer.create', { name: '贵阳花溪酒业有限公司' }, s1.token)
    const o = await t.call('order.create', { customerId: c.id, salespersonId: s2.id, lines: [{ productId, quantity: '1' }] }, admin)
    expect((await t.call('order.copy', { id: o.id }, s1.token)).salespersonId).toBe(s1.id)
  })

  it('applying a prepayment while shipping is an allocation (核销): finance roles only, not the clerk or the salesperson', async () => {
    const c = await t.call('customer.create', { name: '石家庄正定五金店' }, s1.token)
    await t.call('receipt.create', { customerId: c.id, amountFen: 50_000, method: 'bank' }, finance.token)
    const o = await t.call('order.create', { customerId: c.id, lines: [{ productId, quantity: '2' }] }, s1.token)
    await t.call('order.submit', { id: o.id }, s1.token)
    await t.call('order.approve', { id: o.id }, mgr.token)
    const line = { orderLineId: o.lines[0].id, quantity: '1' }
    for (const u of [clerk, s1]) {
      const r = await fail('shipment.create', { orderId: o.id, lines: [line], applyPrepayment: true }, u.token)
      expect(r.code).toBe('FORBIDDEN')
      expect(r.message).toContain('applyPrepayment')
    }
    expect((await t.call('shipment.create', { orderId: o.id, lines: [line] }, clerk.token)).prepaymentAppliedFen).toBe(0)
    expect((await t.call('shipment.create', { orderId: o.id, lines: [line], applyPrepayment: true }, mgr.token)).prepaymentAppliedFen).toBeGreaterThan(0)
  })

  it('only the approve scope approves: a manager the team\'s orders, not the pool\'s or another team\'s', async () => {
    const c = await t.call('customer.create', { name: '南昌滕王阁酒店' }, s1.token)
    const o = await t.call('order.create', { customerId: c.id, lines: [{ productId, quantity: '1' }] }, s1.token)
    await t.call('order.submit', { id: o.id }, s1.token)
    const pool = await t.call('customer.create', { name: '太原晋祠面业' }, admin)
    const po = await t.call('order.create', { customerId: pool.id, lines: [{ productId, quantity: '1' }] }, clerk.token)
    await t.call('order.submit', { id: po.id }, clerk.token)
    expect((await fail('order.approve', { id: po.id }, mgr.token)).code).toBe('FORBIDDEN')
    expect((await t.call('order.approve', { id: o.id }, mgr.token)).status).toBe('approved')
    expect((await t.call('order.approve', { id: po.id }, admin)).status).toBe('approved')
  })
})
