import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { TEST_ADMIN_PASSWORD, createTestCore, type TestCore } from '../testing/test-core'

let t: TestCore
let admin: string
let customerId: number
let p1: number
let p2: number

async function product(code: string, price: string, stock = '100', taxRate = 13) {
  return (await t.call('product.create', { code, name: `商品${code}`, unit: '个', salePrice: price, taxRate, initialStock: stock }, admin)).id as number
}

async function order(lines: { productId: number; quantity: string; unitPrice?: string; taxRate?: number; discountPct?: string }[], extra: Record<string, unknown> = {}, token = admin) {
  return t.call('order.create', { customerId, lines, ...extra }, token)
}

beforeEach(async () => {
  t = await createTestCore({ now: '2026-11-22T10:00:00+08:00' })
  admin = t.adminToken
  customerId = (await t.call('customer.create', { name: '上海申达贸易有限公司', contacts: [{ name: '王经理', mobile: '13900001111' }], addresses: [{ receiver: '王经理', address: '上海市浦东新区张江路 1 号' }] }, admin)).id
  p1 = await product('P001', '113')
  p2 = await product('P002', '0.3333')
})
afterEach(() => t.close())

describe('order.create: numbers, money, defaults', () => {
  it('numbers SO + date + 4 digits, lines rounded once, totals are sums', async () => {
    const o = await order([
      { productId: p1, quantity: '1' },
      { productId: p2, quantity: '3' },
    ])
    expect(o.number).toBe('SO20261122-0001')
    expect(o.status).toBe('draft')
    expect(o.lines[0]).toMatchObject({ amountFen: 11300, taxFen: 1300, netFen: 10000, unitPrice: '113.0000', quantity: '1' })
    expect(o.lines[1].amountFen).toBe(100)
    expect(o.totalFen).toBe(11400)
    expect(o.taxFen).toBe(o.lines[0].taxFen + o.lines[1].taxFen)
    expect(o.netFen + o.taxFen).toBe(o.totalFen)
    expect(o.contact?.name).toBe('王经理')
    expect(o.address?.address).toContain('张江路')
  })

  it('tax-exclusive orders add tax on top; discounts apply before rounding', async () => {
    const o = await order([{ productId: p1, quantity: '2', unitPrice: '100', discountPct: '10' }], { priceIncludesTax: false })
    expect(o.lines[0]).toMatchObject({ netFen: 18000, taxFen: 2340, amountFen: 20340, discountPct: '10' })
  })

  it('refuses bad lines with field paths', async () => {
    const r = await t.raw('order.create', { customerId, lines: [{ productId: p1, quantity: 'abc' }] }, admin)
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.code).toBe('VALIDATION')
      expect(JSON.stringify(r.error.details)).toContain('lines.0.quantity')
    }
    const z = await t.raw('order.create', { customerId, lines: [{ productId: p1, quantity: '0' }] }, admin)
    expect(!z.ok && z.error.code).toBe('VALIDATION')
    const none = await t.raw('order.create', { customerId, lines: [] }, admin)
    expect(!none.ok && none.error.message).toContain('至少需要一行')
  })

  it('50 concurrent creates get 50 distinct consecutive numbers', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, () => t.raw('order.create', { customerId, lines: [{ productId: p1, quantity: '1' }] }, admin)))
    const numbers = results.map((r) => (r.ok ? (r.data as { number: string }).number : `ERR ${!r.ok && r.error.message}`))
    expect(new Set(numbers).size).toBe(50)
    expect(numbers.slice().sort()).toEqual(Array.from({ length: 50 }, (_, i) => `SO20261122-${String(i + 1).padStart(4, '0')}`))
  })

  it('numbers restart per day and never reuse a cancelled number', async () => {
    const a = await order([{ productId: p1, quantity: '1' }])
    await t.call('order.cancel', { id: a.id, reason: '录错' }, admin)
    const b = await order([{ productId: p1, quantity: '1' }])
    expect(b.number).toBe('SO20261122-0002')
    t.clock.set('2026-11-23T09:00:00+08:00')
    admin = (await t.call('auth.login', { username: 'admin', password: TEST_ADMIN_PASSWORD })).token
    const c = await order([{ productId: p1, quantity: '1' }])
    expect(c.number).toBe('SO20261123-0001')
  })

  it('the prefix and pattern are configurable per document type', async () => {
    await t.call('settings.update', { numbering: { SO: { prefix: 'XS', datePart: 'YYMMDD', separator: '', digits: 3 } } }, admin)
    const o = await order([{ productId: p1, quantity: '1' }])
    expect(o.number).toBe('XS261122001')
  })
})

describe('order states', () => {
  it('walks draft → pending → approved and refuses transitions from the wrong state naming both states', async () => {
    const o = await order([{ productId: p1, quantity: '2' }])
    const approveDraft = await t.raw('order.approve', { id: o.id }, admin)
    expect(approveDraft.ok).toBe(false)
    if (!approveDraft.ok) {
      expect(approveDraft.error.code).toBe('BUSINESS_RULE')
      expect(approveDraft.error.message).toContain('草稿')
      expect(approveDraft.error.message).toContain('待审核')
    }
    const pending = await t.call('order.submit', { id: o.id, version: o.version }, admin)
    expect(pending.status).toBe('pending')
    const again = await t.raw('order.submit', { id: o.id }, admin)
    expect(!again.ok && again.error.code).toBe('BUSINESS_RULE')
    const approved = await t.call('order.approve', { id: o.id }, admin)
    expect(approved.status).toBe('approved')
    expect(approved.approvedByName).toBe('管理员')
    expect(approved.history.map((h: { action: string }) => h.action)).toEqual(['create', 'submit', 'approve'])
    const edit = await t.raw('order.update', { id: o.id, version: approved.version, remark: 'x' }, admin)
    expect(!edit.ok && edit.error.code).toBe('BUSINESS_RULE')
    const close = await t.call('order.close', { id: o.id, reason: '客户不要了' }, admin)
    expect(close.status).toBe('closed')
    const cancel = await t.raw('order.cancel', { id: o.id, reason: 'x' }, admin)
    expect(!cancel.ok && cancel.error.message).toContain('已关闭')
  })

  it('a stale version on a transition or an update is a CONFLICT with who and when', async () => {
    const o = await order([{ productId: p1, quantity: '2' }])
    await t.call('order.update', { id: o.id, version: o.version, remark: '第一次修改' }, admin)
    const stale = await t.raw('order.update', { id: o.id, version: o.version, remark: '第二次修改' }, admin)
    expect(stale.ok).toBe(false)
    if (!stale.ok) {
      expect(stale.error.code).toBe('CONFLICT')
      expect(stale.error.message).toContain('该记录已被他人修改')
      expect(stale.error.message).toContain('管理员')
    }
    const staleSubmit = await t.raw('order.submit', { id: o.id, version: o.version }, admin)
    expect(!staleSubmit.ok && staleSubmit.error.code).toBe('CONFLICT')
    expect((await t.call('order.get', { id: o.id }, admin)).remark).toBe('第一次修改')
  })

  it('update replaces lines and recomputes totals in draft and pending only', async () => {
    const o = await order([{ productId: p1, quantity: '1' }])
    const u = await t.call('order.update', { id: o.id, version: o.version, lines: [{ productId: p1, quantity: '2' }, { productId: p2, quantity: '3' }] }, admin)
    expect(u.lines).toHaveLength(2)
    expect(u.totalFen).toBe(22600 + 100)
    const cancelled = await t.call('order.cancel', { id: o.id, reason: '重复下单' }, admin)
    expect(cancelled.status).toBe('cancelled')
    expect(cancelled.cancelReason).toBe('重复下单')
  })

  it('copy makes a new draft with the same lines', async () => {
    const o = await order([{ productId: p1, quantity: '4', unitPrice: '99.5' }])
    const c = await t.call('order.copy', { id: o.id }, admin)
    expect(c.id).not.toBe(o.id)
    expect(c.status).toBe('draft')
    expect(c.lines[0]).toMatchObject({ quantity: '4', unitPrice: '99.5000' })
  })
})

describe('approval: credit and stock', () => {
  it('refuses above the credit limit unless overridden with a reason, which is recorded', async () => {
    const cust = await t.call('customer.get', { id: customerId }, admin)
    await t.call('customer.update', { id: customerId, version: cust.version, creditLimitFen: 20000 }, admin)
    const a = await order([{ productId: p1, quantity: '1' }])
    await t.call('order.submit', { id: a.id }, admin)
    await t.call('order.approve', { id: a.id }, admin) // 113.00 within 200.00
    const b = await order([{ productId: p1, quantity: '1' }])
    await t.call('order.submit', { id: b.id }, admin)
    const check = await t.call('order.creditCheck', { id: b.id }, admin)
    expect(check).toMatchObject({ creditLimitFen: 20000, openOrdersFen: 11300, orderFen: 11300, exposureFen: 22600, exceeds: true })
    const refused = await t.raw('order.approve', { id: b.id }, admin)
    expect(refused.ok).toBe(false)
    if (!refused.ok) {
      expect(refused.error.code).toBe('BUSINESS_RULE')
      expect(refused.error.message).toContain('超出信用额度')
      expect(refused.error.details).toMatchObject({ exceedFen: 2600, needsOverride: true })
    }
    const noReason = await t.raw('order.approve', { id: b.id, override: true }, admin)
    expect(!noReason.ok && noReason.error.code).toBe('VALIDATION')
    const ok = await t.call('order.approve', { id: b.id, override: true, reason: '老客户，总经理同意' }, admin)
    expect(ok).toMatchObject({ status: 'approved', creditOverride: true, overrideReason: '老客户，总经理同意' })
    const log = await t.call('auditLog.list', { entity: 'order', entityId: b.id }, admin)
    expect(log.items[0]).toMatchObject({ action: 'approve.override' })
    expect(log.items[0].summary).toContain('老客户')
  })

  it('a zero limit means no limit', async () => {
    const o = await order([{ productId: p1, quantity: '1000', unitPrice: '99999' }])
    await t.call('order.submit', { id: o.id }, admin)
    expect((await t.call('order.approve', { id: o.id }, admin)).status).toBe('approved')
  })

  it('approving reserves stock; unapprove and cancel release it', async () => {
    const o = await order([{ productId: p1, quantity: '30' }, { productId: p2, quantity: '2.5' }])
    await t.call('order.submit', { id: o.id }, admin)
    await t.call('order.approve', { id: o.id }, admin)
    let s1 = await t.call('product.get', { id: p1 }, admin)
    expect(s1).toMatchObject({ onHand: '100', reserved: '30', available: '70' })
    expect((await t.call('product.get', { id: p2 }, admin)).reserved).toBe('2.5')
    const back = await t.call('order.unapprove', { id: o.id }, admin)
    expect(back.status).toBe('pending')
    s1 = await t.call('product.get', { id: p1 }, admin)
    expect(s1.reserved).toBe('0')
    await t.call('order.approve', { id: o.id }, admin)
    await t.call('order.cancel', { id: o.id, reason: '客户取消' }, admin)
    expect((await t.call('product.get', { id: p1 }, admin)).reserved).toBe('0')
  })
})

describe('order scope and roles', () => {
  it('a salesperson cannot see or approve another salesperson customer order; a manager approves the team', async () => {
    const mgr = await t.user('manager')
    const s1 = await t.user('sales', { managerId: mgr.id })
    const s2 = await t.user('sales')
    const mine = await t.call('customer.create', { name: '杭州西湖茶业有限公司' }, s1.token)
    const o = await t.call('order.create', { customerId: mine.id, lines: [{ productId: p1, quantity: '1' }] }, s1.token)
    expect(o.salespersonId).toBe(s1.id)
    const other = await t.raw('order.get', { id: o.id }, s2.token)
    expect(!other.ok && other.error.code).toBe('NOT_FOUND')
    const list = await t.call('order.search', {}, s2.token)
    expect(list.items.find((x: { id: number }) => x.id === o.id)).toBeUndefined()
    await t.call('order.submit', { id: o.id }, s1.token)
    const selfApprove = await t.raw('order.approve', { id: o.id }, s1.token)
    expect(!selfApprove.ok && selfApprove.error.code).toBe('FORBIDDEN')
    const otherMgr = await t.user('manager')
    const notTeam = await t.raw('order.approve', { id: o.id }, otherMgr.token)
    expect(!notTeam.ok && notTeam.error.code).toBe('NOT_FOUND')
    expect((await t.call('order.approve', { id: o.id }, mgr.token)).status).toBe('approved')
  })

  it('order.search filters by number, customer pinyin, status, salesperson and date range', async () => {
    const a = await order([{ productId: p1, quantity: '1' }])
    t.clock.set('2026-11-25T09:00:00+08:00')
    admin = (await t.call('auth.login', { username: 'admin', password: TEST_ADMIN_PASSWORD })).token
    const b = await order([{ productId: p1, quantity: '1' }])
    await t.call('order.submit', { id: b.id }, admin)
    expect((await t.call('order.search', { query: 'shsd' }, admin)).total).toBe(2)
    expect((await t.call('order.search', { query: a.number }, admin)).items.map((x: { id: number }) => x.id)).toEqual([a.id])
    // a part of the number typed in lower case finds it too (numbers are matched through their own index)
    expect((await t.call('order.search', { query: a.number.slice(0, 6).toLowerCase() }, admin)).items.map((x: { id: number }) => x.id)).toContain(a.id)
    expect((await t.call('order.search', { status: 'pending' }, admin)).items.map((x: { id: number }) => x.id)).toEqual([b.id])
    expect((await t.call('order.search', { dateFrom: '2026-11-23' }, admin)).total).toBe(1)
    expect((await t.call('order.search', { status: ['draft', 'pending'], pageSize: 1 }, admin)).total).toBe(2)
  })

  it('the last price this customer paid is offered for a product', async () => {
    expect(await t.call('product.lastPrice', { customerId, productId: p1 }, admin)).toBeNull()
    await order([{ productId: p1, quantity: '1', unitPrice: '108.8' }])
    expect(await t.call('product.lastPrice', { customerId, productId: p1 }, admin)).toMatchObject({ unitPrice: '108.8000', orderNumber: 'SO20261122-0001' })
  })
})
