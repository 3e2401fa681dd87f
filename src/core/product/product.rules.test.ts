import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestCore, type TestCore } from '../testing/test-core'

/** Issue 4, products and stock: versions with who/when, stock never below zero unless allowed, the log, roles. */
let t: TestCore
let admin: string

const fail = async (method: string, input: unknown, token = admin) => {
  const r = await t.raw(method, input, token)
  if (r.ok) throw new Error(`${method} should have failed`)
  return r.error
}

beforeEach(async () => {
  t = await createTestCore({ now: '2026-11-23T10:00:00+08:00' })
  admin = t.adminToken
})
afterEach(() => t.close())

describe('products and stock', () => {
  it('stale product edits and stock adjustments are CONFLICTs naming who and when; the first save stays', async () => {
    const clerk = await t.user('clerk', { displayName: '陈仓管' })
    const p = await t.call('product.create', { code: 'S-1', name: '螺丝', salePrice: '0.12', initialStock: '500' }, admin)
    await t.call('product.update', { id: p.id, version: p.version, salePrice: '0.15' }, clerk.token)
    const stale = await fail('product.update', { id: p.id, version: p.version, salePrice: '0.2' })
    expect(stale.code).toBe('CONFLICT')
    expect(stale.message).toContain('陈仓管')
    const adj = await fail('stock.adjust', { productId: p.id, version: p.version, quantity: '-1', reason: '盘亏' })
    expect(adj.code).toBe('CONFLICT')
    expect(adj.message).toContain('该记录已被他人修改')
    expect(adj.message).toContain('陈仓管')
    expect(await t.call('product.get', { id: p.id }, admin)).toMatchObject({ salePrice: '0.1500', onHand: '500' })
  })

  it('stock never goes below zero unless the setting allows it; every change is logged with before and after', async () => {
    const p = await t.call('product.create', { code: 'S-2', name: '垫片', initialStock: '3' }, admin)
    const e = await fail('stock.adjust', { productId: p.id, quantity: '-3.001', reason: '报损' })
    expect(e.code).toBe('BUSINESS_RULE')
    expect(e.message).toContain('库存不足')
    await t.call('stock.adjust', { productId: p.id, quantity: '-3', reason: '报损' }, admin)
    await t.call('settings.update', { inventory: { allowNegativeStock: true } }, admin)
    expect((await t.call('stock.adjust', { productId: p.id, quantity: '-1.5', reason: '先出后补' }, admin)).onHand).toBe('-1.5')
    const log = await t.call('auditLog.list', { entity: 'product', entityId: p.id }, admin)
    expect(log.items.map((l: { action: string; changes: unknown }) => [l.action, l.changes])).toEqual([
      ['stock.adjust', [{ field: 'onHand', before: '0', after: '-1.5' }]],
      ['stock.adjust', [{ field: 'onHand', before: '3', after: '0' }]],
      ['stock.adjust', [{ field: 'onHand', before: '0', after: '3' }]],
      ['create', expect.any(Array)],
    ])
  })

  it('codes are unique; salespeople, finance and the owner do not edit products or stock', async () => {
    const p = await t.call('product.create', { code: 'S-3', name: '弹簧' }, admin)
    expect((await fail('product.create', { code: 'S-3', name: '另一个' })).code).toBe('CONFLICT')
    for (const role of ['sales', 'finance', 'owner'] as const) {
      const u = await t.user(role)
      expect((await t.call('product.get', { id: p.id }, u.token)).code).toBe('S-3')
      expect((await fail('product.create', { code: `X-${role}`, name: 'x' }, u.token)).code).toBe('FORBIDDEN')
      expect((await fail('product.update', { id: p.id, version: p.version, name: 'x' }, u.token)).code).toBe('FORBIDDEN')
      expect((await fail('stock.adjust', { productId: p.id, quantity: '1', reason: 'x' }, u.token)).code).toBe('FORBIDDEN')
    }
  })
})
