import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestCore, testEngine, type TestCore } from '../testing/test-core'

/**
 * Races give the same answers on both engines (npm test runs this file on SQLite, where writes go one after the
 * other, and again with KEDAN_TEST_ENGINE=postgres, where they run at once on the pool, SERIALIZABLE, retried on
 * a serialization failure). Expected figures from the rules: versioned edits never lose one, numbers are
 * consecutive, nothing is allocated, shipped or taken from stock beyond what there is.
 */
let t: TestCore
let admin: string
let customerId: number

beforeAll(async () => {
  t = await createTestCore({ now: '2026-11-23T09:00:00+08:00' })
  admin = t.adminToken
  customerId = (await t.call('customer.create', { name: '苏州并发测试有限公司', paymentTermDays: 30 }, admin)).id
}, 120_000)
afterAll(() => t?.close())

/** an approved order of one product: `quantity` at `price` yuan */
async function approvedOrder(productId: number, quantity: string, price: string) {
  const o = await t.call('order.create', { customerId, lines: [{ productId, quantity, unitPrice: price }] }, admin)
  await t.call('order.submit', { id: o.id }, admin)
  return t.call('order.approve', { id: o.id, override: true, reason: '并发测试' }, admin)
}

describe(`races on ${testEngine()}`, () => {
  it('runs on the engine asked for', async () => {
    expect((await t.core.health()).engine).toBe(testEngine())
  })

  it('1 000 racing edits: every acknowledged edit is kept (0 lost updates)', async () => {
    // 20 customers, 2 editors each, 25 increments per editor: read → write with the version seen → on CONFLICT read again
    const customers = await Promise.all(Array.from({ length: 20 }, (_, i) => t.call('customer.create', { name: `并发编辑客户${i + 1}号`, remark: '0' }, admin)))
    let acknowledged = 0
    let conflicts = 0
    const editor = async (id: number) => {
      for (let done = 0; done < 25; ) {
        const c = await t.call('customer.get', { id }, admin)
        const r = await t.raw('customer.update', { id, version: c.version, remark: String(Number(c.remark) + 1) }, admin)
        if (r.ok) {
          done++
          acknowledged++
        } else {
          expect(r.error.code).toBe('CONFLICT')
          conflicts++
        }
      }
    }
    await Promise.all(customers.flatMap((c) => [editor(c.id), editor(c.id)]))
    expect(acknowledged).toBe(1000)
    for (const c of customers) {
      const now = await t.call('customer.get', { id: c.id }, admin)
      // 50 acknowledged increments of this customer's counter: all of them there
      expect(now.remark).toBe('50')
      expect(now.version).toBe(c.version + 50)
    }
    expect(conflicts).toBeGreaterThanOrEqual(0)
  }, 300_000)

  it('50 order saves at once get 50 distinct consecutive numbers', async () => {
    const p = await t.call('product.create', { code: 'RACE-NUM', name: '编号测试品', salePrice: '10', initialStock: '0' }, admin)
    const results = await Promise.all(Array.from({ length: 50 }, () => t.raw('order.create', { customerId, orderDate: '2026-11-20', lines: [{ productId: p.id, quantity: '1' }] }, admin)))
    const numbers = results.map((r) => (r.ok ? (r.data as { number: string }).number : `ERR ${!r.ok && r.error.message}`))
    expect(numbers.slice().sort()).toEqual(Array.from({ length: 50 }, (_, i) => `SO20261120-${String(i + 1).padStart(4, '0')}`))
  }, 120_000)

  it('8 receipts of ¥40 allocated at once to an order of ¥100 shipped: exactly 2 fit, ¥80 received', async () => {
    const p = await t.call('product.create', { code: 'RACE-AR', name: '核销测试品', initialStock: '10' }, admin)
    const o = await approvedOrder(p.id, '1', '100')
    await t.call('shipment.create', { orderId: o.id, lines: [{ orderLineId: o.lines[0].id, quantity: '1' }] }, admin)
    const receipts = await Promise.all(Array.from({ length: 8 }, () => t.call('receipt.create', { customerId, amountFen: 4000, method: 'bank' }, admin)))
    const results = await Promise.all(receipts.map((r) => t.raw('receipt.allocate', { receiptId: r.id, allocations: [{ orderId: o.id, amountFen: 4000 }] }, admin)))
    expect(results.filter((r) => r.ok)).toHaveLength(2)
    expect(results.filter((r) => !r.ok && r.error.code === 'BUSINESS_RULE')).toHaveLength(6)
    const after = await t.call('order.get', { id: o.id }, admin)
    expect(after.receivedFen).toBe(8000)
    expect(after.receivableFen).toBe(2000)
  }, 120_000)

  it('10 shipments of 1 at once against an order line of 6: exactly 6 go out, never more', async () => {
    const p = await t.call('product.create', { code: 'RACE-SHIP', name: '发货测试品', initialStock: '100' }, admin)
    const o = await approvedOrder(p.id, '6', '5')
    const results = await Promise.all(Array.from({ length: 10 }, () => t.raw('shipment.create', { orderId: o.id, lines: [{ orderLineId: o.lines[0].id, quantity: '1' }] }, admin)))
    expect(results.filter((r) => r.ok)).toHaveLength(6)
    for (const r of results) if (!r.ok) expect(r.error.code).toBe('BUSINESS_RULE')
    const after = await t.call('order.get', { id: o.id }, admin)
    expect(after.lines[0].shipped).toBe('6')
    expect((await t.call('product.get', { id: p.id }, admin)).onHand).toBe('94')
  }, 120_000)

  it('shipments of 3 from 3 orders at once with 7 in stock: stock never goes below zero', async () => {
    const p = await t.call('product.create', { code: 'RACE-STOCK', name: '库存测试品', initialStock: '7' }, admin)
    const orders = []
    for (let i = 0; i < 3; i++) orders.push(await approvedOrder(p.id, '3', '5'))
    const results = await Promise.all(orders.map((o) => t.raw('shipment.create', { orderId: o.id, lines: [{ orderLineId: o.lines[0].id, quantity: '3' }] }, admin)))
    // 3 + 3 fit in 7, a third 3 does not
    expect(results.filter((r) => r.ok)).toHaveLength(2)
    const refused = results.find((r) => !r.ok)
    expect(refused && !refused.ok && refused.error.code).toBe('BUSINESS_RULE')
    expect((await t.call('product.get', { id: p.id }, admin)).onHand).toBe('1')
  }, 120_000)
})
