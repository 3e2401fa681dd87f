import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startPostgres, type TestPostgres } from '../../../tests/support/postgres'
import { createTestCore, freshTestDatabase, type TestCore } from '../testing/test-core'
import { createCore } from '../index'
import { postgresSwitchFor, readPostgresSwitch } from './database.move'

/**
 * 设置 › 数据库: the admin moves a SQLite host into an empty PostgreSQL database through the contract (issue 12).
 * A tiny office: 2 customers, one order of 3 × ¥268 = ¥804.00 (80400 fen), approved, 2 shipped (53600 fen), ¥500 received.
 */
let pg: TestPostgres | null = null
let t: TestCore
let admin: string
let orderId: number

async function emptyDatabase(): Promise<string> {
  if (process.env.KEDAN_TEST_PG_URL) return freshTestDatabase()
  pg ??= await startPostgres()
  if (!pg) throw new Error('PostgreSQL is not installed: apt-get install -y postgresql (or set KEDAN_PG_URL)')
  return pg.createDatabase(`kedan_dbmove_${process.pid}_${Math.random().toString(36).slice(2, 8)}`)
}

type Job = { id: string; state: string; phase: string; rowsCopied: number; rowsTotal: number; tablesDone: number; tables: number; error: string | null; url: string; result: { rows: number; tables: { table: string; rows: number; totals: Record<string, string> }[] } | null }

async function finished(jobId: string): Promise<{ job: Job; seen: Job[] }> {
  const seen: Job[] = []
  for (;;) {
    const j = await t.call<Job>('database.moveStatus', { id: jobId }, admin)
    seen.push(j)
    if (j.state !== 'running') return { job: j, seen }
    await new Promise((r) => setTimeout(r, 50))
  }
}

beforeAll(async () => {
  t = await createTestCore({ now: '2026-03-20T10:00:00+08:00', sqlite: true })
  admin = t.adminToken
  const c = await t.call<{ id: number }>('customer.create', { name: '武汉长江建材有限公司', paymentTermDays: 30 }, admin)
  await t.call('customer.create', { name: '长沙湘江装饰工程有限公司' }, admin)
  const p = await t.call<{ id: number }>('product.create', { code: 'JC-01', name: '防水涂料', unit: '桶', salePrice: '268', initialStock: '50' }, admin)
  const o = await t.call<{ id: number }>('order.create', { customerId: c.id, lines: [{ productId: p.id, quantity: '3' }] }, admin)
  await t.call('order.submit', { id: o.id }, admin)
  const approved = await t.call<{ lines: { id: number }[] }>('order.approve', { id: o.id }, admin)
  await t.call('shipment.create', { orderId: o.id, lines: [{ orderLineId: approved.lines[0]!.id, quantity: '2' }] }, admin)
  await t.call('receipt.create', { customerId: c.id, amountFen: 50000, method: 'bank', allocations: [{ orderId: o.id, amountFen: 50000 }] }, admin)
  orderId = o.id
}, 120_000)

afterAll(async () => {
  await t?.close()
  pg?.stop()
})

describe('database.* (move to PostgreSQL from 设置 › 数据库)', () => {
  it('tests a URL: an unreachable server, then an empty database; only the admin may', async () => {
    const down = await t.call<{ ok: boolean; problem?: string }>('database.testPostgres', { url: 'postgres://kedan:x@127.0.0.1:1/kedan' }, admin)
    expect(down).toMatchObject({ ok: false, problem: 'unreachable' })
    const url = await emptyDatabase()
    const up = await t.call<{ ok: boolean; empty: boolean; serverVersion: string }>('database.testPostgres', { url }, admin)
    expect(up).toMatchObject({ ok: true, empty: true })
    expect(up.serverVersion).toMatch(/^\d+/)
    const sales = await t.user('sales')
    for (const m of ['database.testPostgres', 'database.moveToPostgres']) expect((await t.raw(m, { url }, sales.token)).ok && 'allowed').toBe(false)
    const r = await t.raw('database.info', {}, sales.token)
    expect(!r.ok && r.error.code).toBe('FORBIDDEN')
    const bad = await t.raw('database.testPostgres', { url: 'mysql://x@y/z' }, admin)
    expect(!bad.ok && bad.error.code).toBe('VALIDATION')
  })

  it('copies with progress, checks counts and money totals, and sets the host to open PostgreSQL on its next start', async () => {
    const url = await emptyDatabase()
    const started = await t.call<Job>('database.moveToPostgres', { url }, admin)
    expect(started.state).toBe('running')
    // the password never comes back
    expect(started.url).not.toContain(new URL(url).password || '\u0000')
    const { job, seen } = await finished(started.id)
    expect(job.error).toBeNull()
    expect(job).toMatchObject({ state: 'done', phase: 'done' })
    expect(seen.length).toBeGreaterThan(0)
    expect(job.rowsCopied).toBe(job.rowsTotal)
    expect(job.tablesDone).toBe(job.tables)
    const byTable = Object.fromEntries(job.result!.tables.map((x) => [x.table, x]))
    expect(byTable.customers!.rows).toBe(2)
    expect(byTable.sales_orders!.totals).toMatchObject({ totalFen: '80400', shippedFen: '53600', receivedFen: '50000' })
    expect(byTable.receipts!.totals).toMatchObject({ amountFen: '50000', allocatedFen: '50000' })
    expect(job.result!.rows).toBe(job.rowsTotal)

    const info = await t.call<{ engine: string; pendingSwitch: { url: string } | null }>('database.info', {}, admin)
    expect(info.engine).toBe('sqlite')
    expect(info.pendingSwitch).not.toBeNull()
    expect(readPostgresSwitch(t.dir)?.url).toBe(url)
    expect(postgresSwitchFor(t.dir)).toEqual({ use: 'postgres', url })

    // the copy answers like the original
    const core = await createCore({ postgresUrl: url, log: () => {} })
    try {
      const login = await core.dispatch<{ token: string }>('auth.login', { username: 'admin', password: 'admin-2026' })
      const token = login.ok ? login.data.token : ''
      const order = await core.dispatch<{ totalFen: number; shippedFen: number; receivedFen: number }>('order.get', { id: orderId }, { token })
      expect(order.ok && order.data).toMatchObject({ totalFen: 80400, shippedFen: 53600, receivedFen: 50000 })
    } finally {
      await core.close()
    }

    // into the same (now full) database again: refused before anything starts
    const again = await t.raw('database.moveToPostgres', { url }, admin)
    expect(!again.ok && again.error.code).toBe('BUSINESS_RULE')
    expect(!again.ok && again.error.key).toBe('database.notEmpty')
  }, 120_000)

  it('a write to SQLite after the copy keeps the host on SQLite (stale switch); 保持 SQLite forgets the move', async () => {
    expect(postgresSwitchFor(t.dir).use).toBe('postgres')
    await t.call('customer.create', { name: '南昌赣江贸易有限公司' }, admin)
    await t.core.queue.idle()
    const v = postgresSwitchFor(t.dir)
    expect(v.use).toBe('sqlite')
    expect('stale' in v && v.stale).toContain('重新迁移')
    expect(await t.call('database.cancelSwitch', {}, admin)).toEqual({ removed: true })
    expect(postgresSwitchFor(t.dir)).toEqual({ use: 'sqlite' })
    expect((await t.call<{ pendingSwitch: unknown }>('database.info', {}, admin)).pendingSwitch).toBeNull()
  })

  it('one move at a time; an unknown move is NOT_FOUND', async () => {
    const a = await emptyDatabase()
    const b = await emptyDatabase()
    // each move starts with a backup, named by the minute and second (the test clock stands still)
    t.clock.advanceMinutes(1)
    // two admins at once: one move starts, the other is told one is running
    const [x, y] = await Promise.all([t.raw<Job>('database.moveToPostgres', { url: a }, admin), t.raw<Job>('database.moveToPostgres', { url: b }, admin)])
    const started = x.ok ? x.data : y.ok ? y.data : null
    const refused = x.ok ? y : x
    expect(started).not.toBeNull()
    expect(refused.ok ? 'started too' : refused.error.key).toBe('database.moveRunning')
    const done = (await finished(started!.id)).job
    expect(done.error).toBeNull()
    expect(done.state).toBe('done')
    const unknown = await t.raw('database.moveStatus', { id: 'nope' }, admin)
    expect(!unknown.ok && unknown.error.code).toBe('NOT_FOUND')
    await t.call('database.cancelSwitch', {}, admin)
  }, 120_000)
})
