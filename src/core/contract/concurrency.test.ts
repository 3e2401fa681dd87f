import { afterAll, beforeAll, expect, it } from 'vitest'
import { TEST_ADMIN_PASSWORD, createTestCore, type TestCore } from '../testing/test-core'
import { skipOnPostgres } from '../../../tests/support/engine'

/**
 * Reads run beside the single writer on their own connection, and the slow part of a write (scrypt,
 * PDF rendering) runs outside the write queue: one slow call must not hold up everyone else's.
 * Proved by the order in which calls finish, never by how long they take.
 */
let t: TestCore
let shipmentId: number

/** holds the write queue until `open()` is called: a write that takes as long as the test wants */
function holdQueue(t: TestCore) {
  let open!: () => void
  const gate = new Promise<void>((res) => (open = res))
  const held = t.core.queue.run(() => gate)
  return { open, held }
}

beforeAll(async () => {
  t = await createTestCore({ now: '2026-11-23T09:00:00+08:00' })
  const admin = t.adminToken
  const customerId = (await t.call('customer.create', { name: '深圳鹏程五金有限公司', paymentTermDays: 30, addresses: [{ receiver: '赵仓管', phone: '13800138000', address: '深圳市宝安区福永街道 88 号' }] }, admin)).id
  const p = await t.call('product.create', { code: 'LS-M8', name: '不锈钢螺栓 M8×30', unit: '个', salePrice: '1.25', initialStock: '1000' }, admin)
  const o = await t.call('order.create', { customerId, lines: [{ productId: p.id, quantity: '200' }] }, admin)
  await t.call('order.submit', { id: o.id }, admin)
  const approved = await t.call('order.approve', { id: o.id }, admin)
  shipmentId = (await t.call('shipment.create', { orderId: o.id, lines: approved.lines.map((l: { id: number; quantity: string }) => ({ orderLineId: l.id, quantity: l.quantity })) }, admin)).id
}, 60_000)
afterAll(() => t.close())

// races.test.ts proves the PostgreSQL side, where writes run at once on the pool
skipOnPostgres("SQLite's single writer queue; PostgreSQL writes do not queue").describe('one slow call does not stall the office', () => {
  it('answers reads (auth.me, a search, a PDF) while a write holds the queue; the waiting write finishes after it', async () => {
    const done: string[] = []
    const { open, held } = holdQueue(t)
    const write = t.call('customer.create', { name: '杭州后到贸易有限公司' }, t.adminToken).then(() => done.push('write'))
    await t.call('auth.me', {}, t.adminToken).then(() => done.push('me'))
    await t.call('customer.search', { query: '鹏程' }, t.adminToken).then((r) => done.push(`search:${r.total}`))
    await t.call('print.deliveryNote', { shipmentId, paper: 'A5' }, t.adminToken).then((r) => done.push(`pdf:${r.mimeType}`))
    done.push('queue opened')
    open()
    await held
    await write
    expect(done).toEqual(['me', 'search:1', 'pdf:application/pdf', 'queue opened', 'write'])
    // the read connection sees what the writer committed
    expect((await t.call('customer.search', { query: '后到' }, t.adminToken)).total).toBe(1)
  })

  it('checks a password outside the queue: a write sent right after a sign-in does not wait for its scrypt', async () => {
    const done: string[] = []
    // before: the sign-in entered the queue first and hashed inside it, so the write finished after it
    const login = t.raw('auth.login', { username: 'admin', password: TEST_ADMIN_PASSWORD }).then((r) => done.push(`login:${r.ok}`))
    const write = t.call('customer.create', { name: '宁波紧随其后有限公司' }, t.adminToken).then(() => done.push('write'))
    await Promise.all([login, write])
    expect(done).toEqual(['write', 'login:true'])
  })

  it('answers auth.me before any of 10 concurrent sign-ins and 3 PDFs started before it', async () => {
    const done: string[] = []
    const load = [
      ...Array.from({ length: 10 }, (_, i) => t.raw('auth.login', { username: 'admin', password: TEST_ADMIN_PASSWORD }).then((r) => done.push(`login${i}:${r.ok}`))),
      ...Array.from({ length: 3 }, (_, i) => t.raw('print.deliveryNote', { shipmentId, paper: 'A4' }, t.adminToken).then((r) => done.push(`pdf${i}:${r.ok}`))),
    ]
    await t.call('auth.me', {}, t.adminToken).then(() => done.push('me'))
    await Promise.all(load)
    expect(done[0]).toBe('me')
    expect(done.filter((d) => d.endsWith(':true'))).toHaveLength(13)
  })
})
