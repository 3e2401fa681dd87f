/**
 * `npm run bench -- --concurrency [--engines sqlite,postgres] [--clients 1,5,10,20] [--orders 200] [--http]`
 * Clients × engine → order saves per second, p50, p95, errors: each client saves 10-line orders one after the
 * other (order.create through the dispatcher, or over HTTP with --http), `--orders` orders per level in all, while
 * one reader runs order.search and customer.search beside them (its p95 shows whether reads queue behind saves).
 * SQLite: a fresh data folder; PostgreSQL: a throwaway cluster (tests/support/postgres.ts) or KEDAN_PG_URL.
 * Bounded in count and time; everything runs on this machine (loopback).
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import type { AddressInfo } from 'node:net'
import { createCore, type Core } from '../../src/core'
import { startPostgres, type TestPostgres } from '../../tests/support/postgres'

type Call = (method: string, input: unknown, token?: string) => Promise<{ ok: boolean; data?: any; error?: { code: string; message: string } }>

interface Row {
  engine: string
  clients: number
  orders: number
  ordersPerSec: number
  p50Ms: number
  p95Ms: number
  errors: number
  readP95Ms: number
  reads: number
}

const pct = (xs: number[], p: number) => (xs.length ? xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]! : 0)

async function httpCaller(core: Core): Promise<{ call: Call; close: () => Promise<void> }> {
  // the real HTTP host of the app (src/server/http.ts), on a loopback port
  const { createHttpServer } = await import('../../src/server/http')
  const server = await createHttpServer(core, { log: () => {} })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const call: Call = async (method, input, token) => {
    const res = await fetch(`${url}/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(input ?? {}),
    })
    return (await res.json()) as Awaited<ReturnType<Call>>
  }
  return { call, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}

async function benchEngine(engine: 'sqlite' | 'postgres', clientsList: number[], ordersPerLevel: number, http: boolean, pg: () => Promise<string>): Promise<Row[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kedan-bench-conc-'))
  const core = await createCore(engine === 'sqlite' ? { dataDir: dir, log: () => {} } : { postgresUrl: await pg(), log: () => {} })
  const rows: Row[] = []
  let closeHttp = async () => {}
  try {
    let call: Call = (m, i, token) => core.dispatch(m, i, { token }) as ReturnType<Call>
    if (http) {
      const h = await httpCaller(core)
      call = h.call
      closeHttp = h.close
    }
    const must = async (m: string, i: unknown, token?: string) => {
      const r = await call(m, i, token)
      if (!r.ok) throw new Error(`${m}: ${r.error?.message}`)
      return r.data
    }
    const { token } = await must('auth.setup', { companyName: '压测贸易有限公司', username: 'admin', password: 'bench-2026!', displayName: '管理员' })
    const customers: number[] = []
    for (let i = 0; i < 20; i++) customers.push((await must('customer.create', { name: `压测客户${i + 1}号有限公司` }, token)).id)
    const products: number[] = []
    for (let i = 0; i < 10; i++) products.push((await must('product.create', { code: `BENCH-${i}`, name: `压测商品${i}`, salePrice: `${10 + i}.50`, initialStock: '0' }, token)).id)
    const lines = products.map((productId, i) => ({ productId, quantity: String(1 + i) }))
    // warm up
    for (let i = 0; i < 5; i++) await must('order.create', { customerId: customers[i]!, lines }, token)

    for (const clients of clientsList) {
      const times: number[] = []
      const readTimes: number[] = []
      let errors = 0
      let left = ordersPerLevel
      let saving = true
      const deadline = Date.now() + 120_000
      const client = async (k: number) => {
        while (left > 0 && Date.now() < deadline) {
          left--
          const t0 = performance.now()
          const r = await call('order.create', { customerId: customers[(k + left) % customers.length]!, lines }, token)
          times.push(performance.now() - t0)
          if (!r.ok) errors++
        }
      }
      const reader = async () => {
        for (let i = 0; saving && i < 10_000; i++) {
          const t0 = performance.now()
          await call(i % 2 ? 'order.search' : 'customer.search', { query: '压测', page: 1, pageSize: 20 }, token)
          readTimes.push(performance.now() - t0)
        }
      }
      const started = performance.now()
      const r = reader()
      await Promise.all(Array.from({ length: clients }, (_, k) => client(k)))
      const secs = (performance.now() - started) / 1000
      saving = false
      await r
      rows.push({
        engine,
        clients,
        orders: times.length,
        ordersPerSec: Math.round(times.length / secs),
        p50Ms: Math.round(pct(times, 50)),
        p95Ms: Math.round(pct(times, 95)),
        errors,
        readP95Ms: Math.round(pct(readTimes, 95)),
        reads: readTimes.length,
      })
      console.error(JSON.stringify(rows[rows.length - 1]))
    }
  } finally {
    await closeHttp()
    await core.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
  return rows
}

export async function runConcurrencyBench(argv: string[]): Promise<void> {
  const arg = (name: string) => {
    const i = argv.indexOf(`--${name}`)
    return i >= 0 ? argv[i + 1] : undefined
  }
  const engines = (arg('engines') ?? 'sqlite,postgres').split(',') as ('sqlite' | 'postgres')[]
  const clientsList = (arg('clients') ?? '1,5,10,20').split(',').map(Number)
  const orders = Number(arg('orders') ?? 200)
  const http = argv.includes('--http')
  let cluster: TestPostgres | null = null
  let n = 0
  const pg = async () => {
    cluster ??= await startPostgres()
    if (!cluster) throw new Error('PostgreSQL is not installed (apt-get install -y postgresql) and KEDAN_PG_URL is not set')
    return cluster.createDatabase(`kedan_bench_${process.pid}_${++n}`)
  }
  const rows: Row[] = []
  try {
    for (const e of engines) rows.push(...(await benchEngine(e, clientsList, orders, http, pg)))
  } finally {
    ;(cluster as TestPostgres | null)?.stop()
  }
  console.log(`\n10-line order saves ${http ? 'over HTTP' : 'through the dispatcher'}, ${orders} per level, one reader (order/customer search) beside them`)
  console.log('engine    clients  orders/s  p50 ms  p95 ms  errors  read p95 ms')
  for (const r of rows) {
    console.log(
      `${r.engine.padEnd(9)} ${String(r.clients).padStart(7)} ${String(r.ordersPerSec).padStart(9)} ${String(r.p50Ms).padStart(7)} ${String(r.p95Ms).padStart(7)} ${String(r.errors).padStart(7)} ${String(r.readP95Ms).padStart(12)}`,
    )
  }
}
