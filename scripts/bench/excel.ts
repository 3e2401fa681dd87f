/**
 * Issue 13 bench: import/customers-10k (dry run + commit of a 10 000-row xlsx) and export/customers-10k (export.xlsx
 * of the customers just imported), with the process's peak RSS. A fresh core in a temp folder:
 *   npx tsx scripts/bench/excel.ts [--rows 10000]
 * Prints one JSON line per case. Goals (issue 13): 10 000 customers dry run + commit < 10 s.
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import ExcelJS from 'exceljs'
import { createCore } from '../../src/core'

const argv = process.argv.slice(2)
const rows = Number(argv[argv.indexOf('--rows') + 1] || 10_000) || 10_000
let peak = 0
const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 100)
const mb = (b: number) => Math.round(b / 1024 / 1024)

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kedan-bench-excel-'))
  const core = await createCore({ dataDir: dir, log: () => {} })
  try {
    const setup = await core.dispatch<{ token: string }>('auth.setup', { companyName: '基准测试公司', username: 'admin', password: 'admin-2026', displayName: '管理员' }, {})
    if (!setup.ok) throw new Error(setup.error.message)
    const token = setup.data.token
    const call = async <T>(m: string, input: unknown): Promise<T> => {
      const r = await core.dispatch<T>(m, input, { token })
      if (!r.ok) throw new Error(`${m}: ${r.error.message}`)
      return r.data
    }
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('客户')
    ws.addRow(['客户名称', '客户阶段', '省份', '城市', '电话', '信用额度', '联系人', '手机'])
    for (let i = 0; i < rows; i++) ws.addRow([`基准客户${String(i).padStart(6, '0')}有限公司`, '成交客户', '浙江省', '杭州市', `0571-8${String(i).padStart(7, '0')}`, `¥${(i % 100) * 1000}.00`, `联系人${i}`, `139${String(i).padStart(8, '0')}`])
    const base64 = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64')
    peak = 0
    const t0 = performance.now()
    const dry = await call<{ validRows: number; mapping: Record<string, string | null> }>('import.dryRun', { kind: 'customers', fileName: 'bench.xlsx', base64 })
    const t1 = performance.now()
    const r = await call<{ created: number }>('import.commit', { kind: 'customers', fileName: 'bench.xlsx', base64, mapping: dry.mapping })
    const t2 = performance.now()
    if (r.created !== rows) throw new Error(`created ${r.created} of ${rows}`)
    console.log(JSON.stringify({ name: `import/customers-${rows / 1000}k`, dryRunMs: Math.round(t1 - t0), commitMs: Math.round(t2 - t1), totalMs: Math.round(t2 - t0), goalMs: 10_000, peakRssMb: mb(peak) }))
    peak = 0
    const t3 = performance.now()
    const out = await call<{ base64: string }>('export.xlsx', { list: 'customers' })
    const t4 = performance.now()
    console.log(JSON.stringify({ name: `export/customers-${rows / 1000}k`, ms: Math.round(t4 - t3), kb: Math.round((out.base64.length * 0.75) / 1024), peakRssMb: mb(peak) }))
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
