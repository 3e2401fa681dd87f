import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestCore, type TestCore } from '../testing/test-core'

/**
 * Issue 8: every state change, claim/assign/release and allocation takes the version the caller saw and refuses
 * a stale one with CONFLICT naming who changed the record and when, changing nothing. The stale version is the
 * one read before another person (钱同事) saved a change; each case also shows the fresh version goes through.
 */
let t: TestCore
let admin: string
let other: { id: number; token: string }
let sales: { id: number; token: string }
let customerId: number
let productId: number

const stale = async (method: string, input: Record<string, unknown>, token = admin) => {
  const r = await t.raw(method, input, token)
  expect(r, `${method} with a stale version`).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { updatedBy: '钱同事' } } })
  if (r.ok) throw new Error('unreachable')
  expect(r.error.message).toContain('钱同事')
  return r.error.details as { currentVersion: number }
}

beforeEach(async () => {
  t = await createTestCore({ now: '2026-11-23T09:00:00+08:00' })
  admin = t.adminToken
  other = await t.user('admin', { displayName: '钱同事' })
  sales = await t.user('sales', { displayName: '孙业务' })
  customerId = (await t.call('customer.create', { name: '宁波北仑五金有限公司', ownerId: sales.id }, admin)).id
  productId = (await t.call('product.create', { code: 'W-1', name: '不锈钢合页', unit: '个', salePrice: '10', initialStock: '100' }, admin)).id
})
afterEach(() => t.close())

async function approvedOrder() {
  const o = await t.call('order.create', { customerId, lines: [{ productId, quantity: '10' }] }, admin)
  const s = await t.call('order.submit', { id: o.id, version: o.version }, admin)
  return t.call('order.approve', { id: o.id, version: s.version }, admin)
}

describe('orders', () => {
  it('submit, approve, unapprove, cancel and close refuse a stale version and change nothing', async () => {
    const o = await t.call('order.create', { customerId, lines: [{ productId, quantity: '10' }] }, admin)
    const edited = await t.call('order.update', { id: o.id, version: o.version, remark: '周五前送到' }, other.token)
    expect((await stale('order.submit', { id: o.id, version: o.version })).currentVersion).toBe(edited.version)
    expect((await t.call('order.get', { id: o.id }, admin)).status).toBe('draft')
    const pending = await t.call('order.submit', { id: o.id, version: edited.version }, other.token)
    await stale('order.approve', { id: o.id, version: edited.version })
    await stale('order.cancel', { id: o.id, version: edited.version, reason: '客户取消' })
    expect((await t.call('order.get', { id: o.id }, admin)).status).toBe('pending')
    const approved = await t.call('order.approve', { id: o.id, version: pending.version }, other.token)
    await stale('order.unapprove', { id: o.id, version: pending.version })
    await stale('order.close', { id: o.id, version: pending.version, reason: '不再发货' })
    expect((await t.call('order.get', { id: o.id }, admin)).status).toBe('approved')
    expect((await t.call('order.close', { id: o.id, version: approved.version, reason: '不再发货' }, admin)).status).toBe('closed')
  })
})

describe('quotes and opportunities', () => {
  it('markSent, accept, reject, revise and toOrder refuse a stale version', async () => {
    const q = await t.call('quote.create', { customerId, lines: [{ productId, quantity: '5' }] }, admin)
    const edited = await t.call('quote.update', { id: q.id, version: q.version, remark: '含运费' }, other.token)
    await stale('quote.markSent', { id: q.id, version: q.version })
    await stale('quote.toOrder', { id: q.id, version: q.version })
    expect((await t.call('quote.get', { id: q.id }, admin)).status).toBe('draft')
    const sent = await t.call('quote.markSent', { id: q.id, version: edited.version }, other.token)
    await stale('quote.accept', { id: q.id, version: edited.version })
    await stale('quote.reject', { id: q.id, version: edited.version, reason: '太贵' })
    await stale('quote.revise', { id: q.id, version: edited.version })
    expect((await t.call('quote.get', { id: q.id }, admin)).status).toBe('sent')
    expect((await t.call('quote.accept', { id: q.id, version: sent.version }, admin)).status).toBe('accepted')
  })

  it('moveStage refuses a stale version', async () => {
    const o = await t.call('opportunity.create', { customerId, title: '合页年度采购', amountFen: 5_000_000 }, admin)
    const moved = await t.call('opportunity.moveStage', { id: o.id, version: o.version, stage: 'needs' }, other.token)
    await stale('opportunity.moveStage', { id: o.id, version: o.version, stage: 'won' })
    expect((await t.call('opportunity.get', { id: o.id }, admin)).stage).toBe('needs')
    expect((await t.call('opportunity.moveStage', { id: o.id, version: moved.version, stage: 'proposal' }, admin)).stage).toBe('proposal')
  })
})

describe('shipments and receipts', () => {
  it('confirmDelivered and cancel refuse a stale shipment version', async () => {
    const o = await approvedOrder()
    const s = await t.call('shipment.create', { orderId: o.id, lines: [{ orderLineId: o.lines[0].id, quantity: '4' }] }, admin)
    const edited = await t.call('shipment.update', { id: s.id, version: s.version, carrier: '顺丰', trackingNo: 'SF1234567890' }, other.token)
    await stale('shipment.confirmDelivered', { id: s.id, version: s.version, deliveredOn: '2026-11-24' })
    await stale('shipment.cancel', { id: s.id, version: s.version, reason: '发错货' })
    const fresh = await t.call('shipment.get', { id: s.id }, admin)
    expect(fresh).toMatchObject({ status: 'shipped', version: edited.version })
    expect((await t.call('product.get', { id: productId }, admin)).onHand).toBe('96')
    expect((await t.call('shipment.cancel', { id: s.id, version: edited.version, reason: '发错货' }, admin)).status).toBe('cancelled')
  })

  it('allocate, unallocate and cancel refuse a stale receipt version', async () => {
    const o = await approvedOrder()
    await t.call('shipment.create', { orderId: o.id, lines: [{ orderLineId: o.lines[0].id, quantity: '10' }] }, admin)
    // ¥100.00 shipped; a receipt of ¥80.00
    const r = await t.call('receipt.create', { customerId, amountFen: 8000, method: 'bank' }, admin)
    const allocated = await t.call('receipt.allocate', { receiptId: r.id, version: r.version, allocations: [{ orderId: o.id, amountFen: 3000 }] }, other.token)
    await stale('receipt.allocate', { receiptId: r.id, version: r.version, allocations: [{ orderId: o.id, amountFen: 5000 }] })
    await stale('receipt.unallocate', { receiptId: r.id, version: r.version })
    await stale('receipt.cancel', { id: r.id, version: r.version, reason: '重复登记' })
    const fresh = await t.call('receipt.get', { id: r.id }, admin)
    expect(fresh).toMatchObject({ status: 'valid', allocatedFen: 3000, unallocatedFen: 5000, version: allocated.version })
    expect((await t.call('order.get', { id: o.id }, admin)).receivedFen).toBe(3000)
    expect((await t.call('receipt.allocate', { receiptId: r.id, version: allocated.version, allocations: [{ orderId: o.id, amountFen: 5000 }] }, admin)).allocatedFen).toBe(8000)
  })
})

describe('customer ownership', () => {
  it('claim, release and assign refuse a stale customer version and move no owner', async () => {
    const pool = await t.call('customer.create', { name: '慈溪宗汉电器厂', ownerId: null }, admin)
    const edited = await t.call('customer.update', { id: pool.id, version: pool.version, remark: '只做内销' }, other.token)
    await stale('customer.claim', { id: pool.id, version: pool.version }, sales.token)
    expect((await t.call('customer.get', { id: pool.id }, admin)).ownerId).toBeNull()

    const mine = await t.call('customer.get', { id: customerId }, admin)
    const renamed = await t.call('customer.update', { id: customerId, version: mine.version, shortName: '北仑五金' }, other.token)
    await stale('customer.release', { id: customerId, version: mine.version }, sales.token)
    // assign: one stale customer among fresh ones refuses the whole hand-over
    await stale('customer.assign', { ids: [pool.id, customerId], ownerId: other.id, versions: { [pool.id]: edited.version, [customerId]: mine.version } })
    expect((await t.call('customer.get', { id: customerId }, admin)).ownerId).toBe(sales.id)
    expect((await t.call('customer.get', { id: pool.id }, admin)).ownerId).toBeNull()

    expect((await t.call('customer.assign', { ids: [pool.id, customerId], ownerId: other.id, versions: { [pool.id]: edited.version, [customerId]: renamed.version } }, admin)).count).toBe(2)
    const now = await t.call('customer.get', { id: customerId }, admin)
    expect((await t.call('customer.release', { id: customerId, version: now.version }, admin)).ownerId).toBeNull()
  })
})

describe('contacts and addresses', () => {
  it('delete refuses a stale version: a contact or address changed meanwhile is not deleted', async () => {
    const c = await t.call('contact.create', { customerId, name: '周采购', mobile: '13800001111' }, admin)
    const edited = await t.call('contact.update', { id: c.id, version: c.version, mobile: '13800002222' }, other.token)
    await stale('contact.delete', { id: c.id, version: c.version })
    expect((await t.call('contact.list', { customerId }, admin)).items.map((x: { id: number }) => x.id)).toContain(c.id)
    expect(await t.call('contact.delete', { id: c.id, version: edited.version }, admin)).toEqual({ ok: true })

    const a = await t.call('address.create', { customerId, receiver: '周采购', phone: '13800001111', address: '宁波市北仑区新碶街道 1 号' }, admin)
    const moved = await t.call('address.update', { id: a.id, version: a.version, address: '宁波市北仑区大碶街道 2 号' }, other.token)
    await stale('address.delete', { id: a.id, version: a.version })
    expect(await t.call('address.delete', { id: a.id, version: moved.version }, admin)).toEqual({ ok: true })
  })
})

describe('customer.merge', () => {
  it('refuses when the source or the target changed since the user looked; nothing moves', async () => {
    const source = await t.call('customer.create', { name: '宁波北仑五金（老档案）', ownerId: sales.id }, admin)
    const target = await t.call('customer.get', { id: customerId }, admin)
    const edited = await t.call('customer.update', { id: source.id, version: source.version, remark: '老档案，待合并' }, other.token)
    await stale('customer.merge', { targetId: customerId, sourceId: source.id, targetVersion: target.version, sourceVersion: source.version })
    expect((await t.call('customer.get', { id: source.id }, admin)).mergedIntoId ?? null).toBeNull()
    const r = await t.call('customer.merge', { targetId: customerId, sourceId: source.id, targetVersion: target.version, sourceVersion: edited.version }, admin)
    expect(r.target.id).toBe(customerId)
  })
})

describe('users', () => {
  it('user.disable refuses a stale version; user.create logs the new user field by field', async () => {
    const u = await t.call('user.create', { username: 'wu', password: 'wu-pass-2026', displayName: '吴会计', role: 'finance' }, admin)
    const log = await t.call('auditLog.list', { entity: 'user', entityId: u.id }, admin)
    expect(log.items[0].changes).toEqual(expect.arrayContaining([{ field: 'role', before: null, after: 'finance' }, { field: 'displayName', before: null, after: '吴会计' }]))
    const moved = await t.call('user.update', { id: u.id, version: u.version, displayName: '吴会计（出纳）' }, admin)
    expect(await t.raw('user.disable', { id: u.id, version: u.version }, admin)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect((await t.call('user.disable', { id: u.id, version: moved.version }, admin)).disabled).toBe(true)
  })
})
