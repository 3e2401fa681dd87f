import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestCore, type TestCore } from '../testing/test-core'

/**
 * Leaks of issue 8: records outside the caller's data scope must not come back through look-ups, conflicts,
 * ledgers, to-do lists or the wording of a NOT_FOUND.
 */
let t: TestCore
let admin: string
type U = { id: number; token: string; username: string }
let s1: U, s2: U
let theirs: { id: number; code: string; name: string }

beforeEach(async () => {
  t = await createTestCore({ now: '2026-11-23T09:00:00+08:00' })
  admin = t.adminToken
  s1 = await t.user('sales', { displayName: '张三' })
  s2 = await t.user('sales', { displayName: '李四' })
  theirs = await t.call('customer.create', { name: '厦门鼓浪屿旅游有限公司', phone: '0592-2000001', contacts: [{ name: '陈经理', mobile: '13800138000' }] }, s2.token)
})
afterEach(() => t.close())

const fail = async (method: string, input: unknown, token: string) => {
  const r = await t.raw(method, input, token)
  if (r.ok) throw new Error(`${method} should have been refused`)
  return r.error
}

describe('duplicates: another salesperson\'s customer only as 已存在于 <owner> 名下', () => {
  it('customer.checkDuplicates by phone answers the owner and the kind of match, no id, code, name or contact data', async () => {
    const r = await t.call('customer.checkDuplicates', { phones: ['138 0013 8000'] }, s1.token)
    expect(r.items).toEqual([{ visible: false, id: null, code: null, name: null, ownerName: '李四', reasons: ['phone'], message: '已存在于 李四 名下（电话相同）' }])
    const text = JSON.stringify(r)
    for (const secret of [theirs.code, theirs.name, '陈经理', '13800138000', `"id":${theirs.id}`]) expect(text).not.toContain(secret)
    // the owner of the customer sees it in full
    const own = await t.call('customer.checkDuplicates', { phones: ['13800138000'] }, s2.token)
    expect(own.items[0]).toMatchObject({ visible: true, id: theirs.id, code: theirs.code, name: theirs.name })
  })

  it('customer.create\'s CONFLICT names only the owner; confirming creates the customer anyway', async () => {
    const e = await fail('customer.create', { name: '鼓浪屿旅游（新）', contacts: [{ name: '小陈', mobile: '13800138000' }] }, s1.token)
    expect(e.code).toBe('CONFLICT')
    expect(e.message).toContain('已存在于 李四 名下')
    const text = JSON.stringify(e)
    for (const secret of [theirs.code, theirs.name, `"id":${theirs.id}`]) expect(text).not.toContain(secret)
    const c = await t.call('customer.create', { name: '鼓浪屿旅游（新）', contacts: [{ name: '小陈', mobile: '13800138000' }], confirmDuplicate: true }, s1.token)
    expect(c.ownerId).toBe(s1.id)
  })

  it('a customer code taken by someone else\'s customer is refused without naming that customer', async () => {
    const e = await fail('customer.create', { name: '泉州开元寺香料行', code: theirs.code }, s1.token)
    expect(e.code).toBe('CONFLICT')
    expect(e.message).toContain(theirs.code)
    expect(JSON.stringify(e)).not.toContain(theirs.name)
    expect(JSON.stringify(e)).not.toContain(`"existingId"`)
  })

  it('checkDuplicates is limited to 30 look-ups a minute per user', async () => {
    for (let i = 0; i < 30; i++) expect((await t.raw('customer.checkDuplicates', { phones: [`1390000${String(i).padStart(4, '0')}`] }, s1.token)).ok).toBe(true)
    const e = await fail('customer.checkDuplicates', { phones: ['13800138000'] }, s1.token)
    expect(e.code).toBe('BUSINESS_RULE')
    expect(e.message).toContain('过于频繁')
    expect((e.details as { retryAfterSeconds: number }).retryAfterSeconds).toBe(60)
    // another user is not affected; a minute later the first may look again
    expect((await t.raw('customer.checkDuplicates', { phones: ['13800138000'] }, s2.token)).ok).toBe(true)
    t.clock.advanceMinutes(1.1)
    expect((await t.raw('customer.checkDuplicates', { phones: ['13800138000'] }, s1.token)).ok).toBe(true)
  })
})

describe('lists and ledgers', () => {
  it('stock.moves shows another salesperson\'s shipments and returns as quantities only: no document id, no return reason', async () => {
    const p = (await t.call('product.create', { code: 'G1', name: '明信片', unit: '盒', salePrice: '10', initialStock: '50' }, admin)).id
    const o = await t.call('order.create', { customerId: theirs.id, lines: [{ productId: p, quantity: '5' }] }, s2.token)
    await t.call('order.submit', { id: o.id }, s2.token)
    await t.call('order.approve', { id: o.id }, admin)
    const s = await t.call('shipment.create', { orderId: o.id, lines: [{ orderLineId: o.lines[0].id, quantity: '5' }] }, admin)
    const r = await t.call('return.create', { shipmentId: s.id, lines: [{ shipmentLineId: s.lines[0].id, quantity: '2' }], reason: '客户嫌贵退回两盒' }, admin)
    const seen = (await t.call('stock.moves', { productId: p }, s1.token)).items
    expect(seen.map((m: { kind: string; quantity: string }) => [m.kind, m.quantity])).toEqual([
      ['return', '2'],
      ['ship', '-5'],
      ['adjust', '50'],
    ])
    for (const m of seen.slice(0, 2)) expect(m).toMatchObject({ refType: null, refId: null, reason: null })
    const text = JSON.stringify(seen)
    expect(text).not.toContain('客户嫌贵')
    // the customer's own salesperson and the admin see the documents and the reason
    const own = (await t.call('stock.moves', { productId: p }, s2.token)).items
    expect(own[0]).toMatchObject({ refType: 'return', refId: r.id, reason: '客户嫌贵退回两盒' })
    expect(own[1]).toMatchObject({ refType: 'shipment', refId: s.id })
  })

  it('followUp.due stops listing a customer once it was reassigned away or released', async () => {
    const c = await t.call('customer.create', { name: '漳州水仙花卉场' }, s1.token)
    await t.call('followUp.create', { customerId: c.id, type: 'call', content: '问报价', nextFollowUpOn: '2026-11-22' }, s1.token)
    expect((await t.call('followUp.due', {}, s1.token)).items.map((f: { customerId: number }) => f.customerId)).toEqual([c.id])
    const cur = await t.call('customer.get', { id: c.id }, admin)
    await t.call('customer.assign', { ids: [c.id], ownerId: s2.id, versions: { [c.id]: cur.version } }, admin)
    expect((await t.call('followUp.due', {}, s1.token)).total).toBe(0)
    await t.call('customer.assign', { ids: [c.id], ownerId: s1.id }, admin)
    expect((await t.call('followUp.due', {}, s1.token)).total).toBe(1)
    await t.call('customer.release', { id: c.id }, s1.token)
    expect((await t.call('followUp.due', {}, s1.token)).total).toBe(0)
  })
})

describe('follow-ups go to whoever owns the customer now', () => {
  it('the 回访 after delivery is due for the customer\'s current owner, not the salesperson the order was booked under', async () => {
    const p = (await t.call('product.create', { code: 'G3', name: '花茶', unit: '盒', salePrice: '10', initialStock: '10' }, admin)).id
    const c = await t.call('customer.create', { name: '武夷山岩茶坊' }, s1.token)
    const o = await t.call('order.create', { customerId: c.id, lines: [{ productId: p, quantity: '1' }] }, s1.token)
    await t.call('order.submit', { id: o.id }, s1.token)
    await t.call('order.approve', { id: o.id }, admin)
    const s = await t.call('shipment.create', { orderId: o.id, lines: [{ orderLineId: o.lines[0].id, quantity: '1' }] }, admin)
    await t.call('customer.assign', { ids: [c.id], ownerId: s2.id }, admin)
    await t.call('shipment.confirmDelivered', { id: s.id, deliveredOn: '2026-11-23' }, admin)
    t.clock.set('2026-11-27T09:00:00+08:00')
    const login = async (u: U) => (await t.call('auth.login', { username: u.username, password: 'pass1234' })).token
    const [a, b] = [await t.call('followUp.due', {}, await login(s1)), await t.call('followUp.due', {}, await login(s2))]
    expect(a.total).toBe(0)
    expect(b.items.map((f: { type: string; customerId: number }) => [f.type, f.customerId])).toEqual([['revisit', c.id]])
  })
})

describe('someone else\'s id answers exactly like an unknown id', () => {
  it('contacts and addresses', async () => {
    const full = await t.call('customer.get', { id: theirs.id }, s2.token)
    const contactId = full.contacts[0].id
    const a = await t.call('address.create', { customerId: theirs.id, receiver: '陈经理', address: '厦门市思明区' }, s2.token)
    const pairs: [string, unknown, unknown][] = [
      ['contact.update', { id: contactId, version: 1, title: 'x' }, { id: 999_999, version: 1, title: 'x' }],
      ['contact.delete', { id: contactId }, { id: 999_999 }],
      ['address.update', { id: a.id, version: 1, receiver: 'x' }, { id: 999_999, version: 1, receiver: 'x' }],
      ['address.delete', { id: a.id }, { id: 999_999 }],
    ]
    for (const [m, real, unknown] of pairs) {
      const x = await fail(m, real, s1.token)
      const y = await fail(m, unknown, s1.token)
      expect({ code: x.code, message: x.message }, m).toEqual({ code: y.code, message: y.message })
      expect(x.code, m).toBe('NOT_FOUND')
    }
  })

  it('returns (get, operation log) and invoices (operation log)', async () => {
    const p = (await t.call('product.create', { code: 'G2', name: '茶叶', unit: '盒', salePrice: '10', initialStock: '10' }, admin)).id
    const o = await t.call('order.create', { customerId: theirs.id, lines: [{ productId: p, quantity: '2' }] }, s2.token)
    await t.call('order.submit', { id: o.id }, s2.token)
    await t.call('order.approve', { id: o.id }, admin)
    const s = await t.call('shipment.create', { orderId: o.id, lines: [{ orderLineId: o.lines[0].id, quantity: '2' }] }, admin)
    const r = await t.call('return.create', { shipmentId: s.id, lines: [{ shipmentLineId: s.lines[0].id, quantity: '1' }], reason: '破损' }, admin)
    const inv = await t.call('invoice.create', { customerId: theirs.id, invoiceNo: 'FP001', kind: 'vat_normal', issuedOn: '2026-11-23', amountFen: 1000, taxFen: 0, shipmentIds: [s.id] }, admin)
    const pairs: [string, unknown, unknown][] = [
      ['return.get', { id: r.id }, { id: 999_999 }],
      ['auditLog.list', { entity: 'return', entityId: r.id }, { entity: 'return', entityId: 999_999 }],
      ['auditLog.list', { entity: 'invoice', entityId: inv.id }, { entity: 'invoice', entityId: 999_999 }],
    ]
    for (const [m, real, unknown] of pairs) {
      const x = await fail(m, real, s1.token)
      const y = await fail(m, unknown, s1.token)
      expect({ code: x.code, message: x.message }, m).toEqual({ code: y.code, message: y.message })
    }
    // invoicing a visible (pool) customer against another team's shipment: no shipment number, no hint it exists
    const mgr = await t.user('manager', { displayName: '外组经理' })
    const pool = await t.call('customer.create', { name: '莆田木雕工艺厂' }, admin)
    const inv2 = (shipmentIds: number[]) => fail('invoice.create', { customerId: pool.id, invoiceNo: 'FP009', kind: 'vat_normal', issuedOn: '2026-11-23', amountFen: 100, taxFen: 0, shipmentIds }, mgr.token)
    const x = await inv2([s.id])
    const y = await inv2([999_999])
    expect(x.message).toBe(y.message)
    expect(x.message).not.toContain(s.number)
  })
})
