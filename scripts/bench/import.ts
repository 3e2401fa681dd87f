/**
 * Issue 13 import bench, on a fresh core in a temp folder (SQLite; `--pg-url <url>` for PostgreSQL):
 *   npx tsx scripts/bench/import.ts [--rows 10000] [--lines 100000] [--only customers|orders] [--pg-url postgres://…]
 * Cases (one JSON line each, with the process's peak RSS):
 *   import/customers-10k      dry run + commit of a 10 000-row xlsx of customers (with contact)    goal < 10 s
 *   import/order-lines-100k   dry run + commit of 100 000 historical order lines (10 lines/order)   goal < 60 s
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import ExcelJS from 'exceljs'
import { createCore } from '../../src/core'

const argv = process.argv.slice(2)
const arg = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined)
const rows = Number(arg('--rows') ?? 10_000) || 10_000
const lines = Number(arg('--lines') ?? 100_000) || 100_000
const only = arg('--only')
const pgUrl = arg('--pg-url')
let peak = 0
const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50)
const mb = (b: number) => Math.round(b / 1024 / 1024)

async function xlsx(header: unknown[], n: number, row: (i: number) => unknown[]): Promise<string> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('数据')
  ws.addRow(header)
  for (let i = 0; i < n; i++) ws.addRow(row(i))
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64')
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kedan-bench-import-'))
  const core = await createCore({ ...(pgUrl ? { postgresUrl: pgUrl } : { dataDir: dir }), log: () => {} })
  try {
    const setup = await core.dispatch<{ token: string }>('auth.setup', { companyName: '基准测试公司', username: 'admin', password: 'admin-2026', displayName: '管理员' }, {})
    if (!setup.ok) throw new Error(setup.error.message)
    const token = setup.data.token
    const call = async <T>(m: string, input: unknown): Promise<T> => {
      const r = await core.dispatch<T>(m, input, { token })
      if (!r.ok) throw new Error(`${m}: ${r.error.message}`)
      return r.data
    }
    const timed = async (name: string, base64: string, kind: string, goalMs: number, expect: number) => {
      peak = process.memoryUsage.rss()
      const t0 = performance.now()
      const dry = await call<{ validRows: number; mapping: Record<string, string | null> }>('import.dryRun', { kind, fileName: 'bench.xlsx', base64 })
      const t1 = performance.now()
      const r = await call<{ created: number }>('import.commit', { kind, fileName: 'bench.xlsx', base64, mapping: dry.mapping })
      const t2 = performance.now()
      if (r.created !== expect) throw new Error(`${name}: created ${r.created} of ${expect}`)
      console.log(JSON.stringify({ name, engine: pgUrl ? 'postgres' : 'sqlite', dryRunMs: Math.round(t1 - t0), commitMs: Math.round(t2 - t1), totalMs: Math.round(t2 - t0), goalMs, peakRssMb: mb(peak), fileKb: Math.round((base64.length * 0.75) / 1024) }))
    }
    if (only !== 'orders') {
      const base64 = await xlsx(['客户名称', '客户阶段', '省份', '城市', '电话', '信用额度', '联系人', '手机'], rows, (i) => [
        `基准客户${String(i).padStart(6, '0')}有限公司`, '成交客户', '浙江省', '杭州市', `0571-8${String(i).padStart(7, '0')}`, `¥${(i % 100) * 1000}.00`, `联系人${i}`, `139${String(i).padStart(8, '0')}`,
      ])
      await timed(`import/customers-${rows / 1000}k`, base64, 'customers', 10_000, rows)
    }
    if (only !== 'customers') {
      // 100 customers and 200 products to refer to, made through the import too
      const cust = await xlsx(['客户名称', '客户编码'], 100, (i) => [`订单客户${i}有限公司`, `OC${String(i).padStart(4, '0')}`])
      await call('import.commit', { kind: 'customers', fileName: 'c.xlsx', base64: cust, mapping: { 客户名称: 'name', 客户编码: 'code' } })
      const prod = await xlsx(['商品编码', '商品名称', '销售价'], 200, (i) => [`BP-${i}`, `基准商品${i}`, 10 + (i % 50)])
      await call('import.commit', { kind: 'products', fileName: 'p.xlsx', base64: prod, mapping: { 商品编码: 'code', 商品名称: 'name', 销售价: 'salePrice' } })
      const perOrder = 10
      const base64 = await xlsx(['订单号', '客户', '日期', '商品编码', '数量', '单价'], lines, (i) => {
        const o = Math.floor(i / perOrder)
        const day = 1 + (o % 28)
        return [`H${String(o).padStart(7, '0')}`, `OC${String(o % 100).padStart(4, '0')}`, `2025-${String(1 + (o % 12)).padStart(2, '0')}-${String(day).padStart(2, '0')}`, `BP-${i % 200}`, 1 + (i % 7), 12.5 + (i % 13)]
      })
      await timed(`import/order-lines-${lines / 1000}k`, base64, 'orders', 60_000, lines / perOrder)
    }
  } finally {
    clearInterval(sample)
    await core.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
