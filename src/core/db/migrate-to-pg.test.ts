import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client } from 'pg'
import { startPostgres, type TestPostgres } from '../../../tests/support/postgres'
import { createTestCore, freshTestDatabase, type TestCore } from '../testing/test-core'
import { moveSqliteToPostgres } from './migrate-to-pg'
import { createCore } from '../index'

/**
 * The move to PostgreSQL: a SQLite office with customers, an order shipped and paid, is copied into an empty
 * PostgreSQL database; counts and money totals match, the ids go on after the copied ones, and the copy works.
 */
let pg: TestPostgres | null = null
let t: TestCore
let orderId: number

async function emptyDatabase(): Promise<string> {
  if (process.env.KEDAN_TEST_PG_URL) return freshTestDatabase()
  pg ??= await startPostgres()
  if (!pg) throw new Error('PostgreSQL is not installed: apt-get install -y postgresql (or set KEDAN_PG_URL)')
  return pg.createDatabase(`kedan_move_${process.pid}_${Math.random().toString(36).slice(2, 8)}`)
}

beforeAll(async () => {
  t = await createTestCore({ now: '2026-03-20T10:00:00+08:00', sqlite: true })
  const admin = t.adminToken
  const c = await t.call('customer.create', { name: '武汉长江建材有限公司', paymentTermDays: 30, contacts: [{ name: '周工', mobile: '13900001111' }] }, admin)
  await t.call('customer.create', { name: '长沙湘江装饰工程有限公司' }, admin)
  const p = await t.call('product.create', { code: 'JC-01', name: '防水涂料', unit: '桶', salePrice: '268', initialStock: '50' }, admin)
  const o = await t.call('order.create', { customerId: c.id, lines: [{ productId: p.id, quantity: '3' }] }, admin)
  await t.call('order.submit', { id: o.id }, admin)
  const approved = await t.call('order.approve', { id: o.id }, admin)
  await t.call('shipment.create', { orderId: o.id, lines: [{ orderLineId: approved.lines[0].id, quantity: '2' }] }, admin)
  await t.call('receipt.create', { customerId: c.id, amountFen: 50000, method: 'bank', allocations: [{ orderId: o.id, amountFen: 50000 }] }, admin)
  orderId = o.id
}, 120_000)

afterAll(async () => {
  await t?.close()
  pg?.stop()
})

describe('migrate-to-pg', () => {
  it('copies every table with the same row counts and money totals, and the copy answers like the original', async () => {
    const url = await emptyDatabase()
    await t.core.queue.idle()
    const r = await moveSqliteToPostgres(path.join(t.dir, 'kedan.db'), url)
    const byTable = Object.fromEntries(r.tables.map((x) => [x.table, x]))
    // by hand: 2 customers, 1 order of 3 × ¥268 = ¥804 (80400 fen), shipped 2 (53600 fen), ¥500 received and allocated
    expect(byTable.customers!.rows).toBe(2)
    expect(byTable.sales_orders!.rows).toBe(1)
    expect(byTable.sales_orders!.totals).toMatchObject({ totalFen: '80400', shippedFen: '53600', receivedFen: '50000' })
    expect(byTable.receipts!.totals).toMatchObject({ amountFen: '50000', allocatedFen: '50000' })

    const core = await createCore({ postgresUrl: url, now: () => new Date('2026-03-21T10:00:00+08:00'), log: () => {} })
    try {
      const login = await core.dispatch<{ token: string }>('auth.login', { username: 'admin', password: 'admin-2026' })
      expect(login.ok).toBe(true)
      const token = login.ok ? login.data.token : ''
      const order = await core.dispatch<{ number: string; shippedFen: number; receivedFen: number }>('order.get', { id: orderId }, { token })
      expect(order.ok && order.data).toMatchObject({ number: 'SO20260320-0001', shippedFen: 53600, receivedFen: 50000 })
      // the sequences go on after the copied ids: a new customer gets a new id and the next code
      const c = await core.dispatch<{ id: number; code: string }>('customer.create', { name: '南昌赣江贸易有限公司' }, { token })
      expect(c.ok && c.data.code).toBe('C000003')
      expect(c.ok && c.data.id).toBe(3)
    } finally {
      await core.close()
    }
  }, 120_000)

  it('refuses a PostgreSQL database that already holds data', async () => {
    const url = await emptyDatabase()
    await moveSqliteToPostgres(path.join(t.dir, 'kedan.db'), url)
    await expect(moveSqliteToPostgres(path.join(t.dir, 'kedan.db'), url)).rejects.toThrow(/not empty/)
    const c = new Client({ connectionString: url })
    await c.connect()
    try {
      expect(Number((await c.query('SELECT count(*) AS n FROM customers')).rows[0].n)).toBe(2)
    } finally {
      await c.end()
    }
  }, 120_000)
})
