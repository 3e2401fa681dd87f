import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { createTestCore, type TestCore } from '../testing/test-core'
import { parseCsv } from './excel.read'
import { EXPORT_LIST_NAMES } from './export.sources'

/**
 * Exports (issue 13) through the contract, on the engine the run uses: typed cells, every list and report, the
 * order-lines export, the job path (start → status → file, the owner only), the admin's full data export, the
 * caller's scope, LibreOffice's reading, and export → import round trips of products.
 */
const dir = mkdtempSync(join(tmpdir(), 'kedan-export-'))
const b64 = (b: Buffer | ArrayBuffer) => Buffer.from(b as Buffer).toString('base64')

async function load(base64OrFile: string | Buffer) {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load((typeof base64OrFile === 'string' ? Buffer.from(base64OrFile, 'base64') : base64OrFile) as unknown as ArrayBuffer)
  return wb
}
/** the data rows of a sheet as header → value objects (row 1 the title, row 2 the headers) */
function records(ws: ExcelJS.Worksheet) {
  const headers = (ws.getRow(2).values as unknown[]).slice(1) as string[]
  const out: Record<string, unknown>[] = []
  for (let r = 3; r <= ws.rowCount; r++) {
    const row = ws.getRow(r)
    out.push(Object.fromEntries(headers.map((h, i) => [h, row.getCell(i + 1).value])))
  }
  return { headers, rows: out }
}
function libreCsv(file: Buffer, name: string): string[][] {
  const src = join(dir, name)
  writeFileSync(src, file)
  const out = join(dir, `out-${name}`)
  execFileSync('libreoffice', ['--headless', '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76', '--outdir', out, src], { stdio: 'ignore', timeout: 120_000 })
  return parseCsv(readFileSync(join(out, readdirSync(out)[0]!), 'utf8').trim())
}

describe('export', () => {
  let t: TestCore
  let salesA: { id: number; token: string }
  let salesB: { id: number; token: string }
  let finance: { id: number; token: string }
  let mine: number
  let theirs: number
  beforeAll(async () => {
    t = await createTestCore({ now: '2026-11-23T10:00:00+08:00' })
    salesA = await t.user('sales', { displayName: '张伟' })
    salesB = await t.user('sales', { displayName: '李娜' })
    finance = await t.user('finance')
    const a = t.adminToken
    const steel = (await t.call('product.create', { code: 'P-001', name: '不锈钢板', spec: '2mm', unit: '千克', salePrice: '12.34', initialStock: '1000' }, a)).id
    const fan = (await t.call('product.create', { code: 'P-002', name: '工业风机', unit: '台', salePrice: '1130', initialStock: '50' }, a)).id
    mine = (await t.call('customer.create', { name: '杭州明远机械有限公司', ownerId: salesA.id }, a)).id
    theirs = (await t.call('customer.create', { name: '宁波海达贸易有限公司', ownerId: salesB.id }, a)).id
    await t.call('order.create', { customerId: mine, orderDate: '2026-11-20', lines: [{ productId: steel, quantity: '1.5' }, { productId: fan, quantity: '2' }] }, salesA.token)
    await t.call('order.create', { customerId: theirs, orderDate: '2026-11-21', lines: [{ productId: fan, quantity: '1' }] }, salesB.token)
  }, 120_000)
  afterAll(() => t.close())

  it('exports order lines with real types: quantities with decimals, money ¥ #,##0.00 in yuan, dates as dates; title, frozen header, filter', async () => {
    const out = await t.call('export.xlsx', { list: 'orderLines', sort: 'orderDate' }, t.adminToken)
    expect(out.fileName).toMatch(/^订单明细_20261123\.xlsx$/)
    const wb = await load(out.base64)
    const ws = wb.worksheets[0]!
    expect(String(ws.getCell('A1').value)).toMatch(/^订单明细　筛选：sort=orderDate　导出时间：2026-11-23 10:00　导出人：.+　共 3 行$/)
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 })
    expect(ws.autoFilter).toBeTruthy()
    const { headers, rows } = records(ws)
    expect(headers.slice(0, 4)).toEqual(['订单号', '订单日期', '客户编码', '客户'])
    // oldest order first: 1.5 千克 × ¥12.34 = ¥18.51; 2 台 × ¥1 130 = ¥2 260; then the other customer's 1 台
    expect(rows.map((r) => [r['客户'], r['商品编码'], r['数量'], r['单价'], r['金额']])).toEqual([
      ['杭州明远机械有限公司', 'P-001', 1.5, 12.34, 18.51],
      ['杭州明远机械有限公司', 'P-002', 2, 1130, 2260],
      ['宁波海达贸易有限公司', 'P-002', 1, 1130, 1130],
    ])
    expect(rows[0]!['订单日期']).toEqual(new Date(Date.UTC(2026, 10, 20)))
    expect(rows[0]!['业务员']).toBe('张伟')
    expect(ws.getColumn(headers.indexOf('金额') + 1).numFmt).toBe('"¥"#,##0.00')
    expect(ws.getColumn(headers.indexOf('数量') + 1).numFmt).toBe('#,##0.000')
    expect(ws.getColumn(headers.indexOf('订单日期') + 1).numFmt).toBe('yyyy-mm-dd')

    // LibreOffice reads the same values, formatted
    const csv = libreCsv(Buffer.from(out.base64, 'base64'), 'lines.xlsx')
    const h = csv[1]!
    expect(csv.slice(2).map((r) => [r[h.indexOf('订单日期')], r[h.indexOf('数量')], r[h.indexOf('金额')]])).toEqual([
      ['2026-11-20', '1.500', '¥18.51'],
      ['2026-11-20', '2.000', '¥2,260.00'],
      ['2026-11-21', '1.000', '¥1,130.00'],
    ])
  }, 180_000)

  it('applies the caller’s scope and the list’s filters: a salesperson exports the lines of their own customers’ orders only', async () => {
    const own = await load((await t.call('export.xlsx', { list: 'orderLines' }, salesA.token)).base64)
    expect(records(own.worksheets[0]!).rows.map((r) => r['客户'])).toEqual(['杭州明远机械有限公司', '杭州明远机械有限公司'])
    const filtered = await load((await t.call('export.xlsx', { list: 'orderLines', filters: { customerId: theirs } }, t.adminToken)).base64)
    expect(records(filtered.worksheets[0]!).rows.map((r) => r['客户'])).toEqual(['宁波海达贸易有限公司'])
    expect(String(filtered.worksheets[0]!.getCell('A1').value)).toContain(`筛选：customerId=${theirs}`)
    const bad = await t.raw('export.xlsx', { list: 'orderLines', filters: { status: 'nonsense' } }, t.adminToken)
    expect(bad.ok ? null : bad.error.code).toBe('VALIDATION')
  })

  it('exports every list and report of the contract', async () => {
    const filters: Record<string, Record<string, unknown>> = {
      statement: { customerId: mine, from: '2026-11-01', to: '2026-11-30' },
      'report.sales': { from: '2026-11-01', to: '2026-11-30', groupBy: 'customer', measure: 'ordered' },
      'report.funnel': { from: '2026-01-01', to: '2026-12-31' },
      'report.targets': { year: 2026 },
      'report.delivery': { from: '2026-11-01', to: '2026-11-30' },
      'report.monthlyPack': { month: '2026-11' },
    }
    const failed: string[] = []
    for (const list of EXPORT_LIST_NAMES) {
      const r = await t.raw<{ fileName: string; base64: string }>('export.xlsx', { list, ...(filters[list] ? { filters: filters[list] } : {}) }, t.adminToken)
      if (!r.ok) failed.push(`${list}: ${r.error.message}`)
      else {
        const ws = (await load(r.data.base64)).worksheets[0]!
        expect(String(ws.getCell('A1').value)).toContain('导出时间')
      }
    }
    expect(failed).toEqual([])
    // contacts without a customer: every contact of the customers the caller may export
    await t.call('contact.create', { customerId: mine, name: '王经理', mobile: '13800138000' }, salesA.token)
    const contacts = records((await load((await t.call('export.xlsx', { list: 'contacts' }, salesA.token)).base64)).worksheets[0]!)
    expect(contacts.rows.map((r) => [r['客户'], r['姓名'], r['手机']])).toEqual([['杭州明远机械有限公司', '王经理', '13800138000']])
  }, 120_000)

  it('runs a big export as a job: start → status → the file, for its own user only', async () => {
    const { jobId } = await t.call('export.start', { list: 'orderLines', sort: 'orderDate' }, salesA.token)
    expect(jobId).toMatch(/^[0-9a-f]{32}$/)
    let st = await t.call('export.status', { jobId }, salesA.token)
    for (let i = 0; i < 200 && !st.done; i++) {
      await new Promise((r) => setTimeout(r, 50))
      st = await t.call('export.status', { jobId }, salesA.token)
    }
    expect(st).toMatchObject({ done: true, rows: 2, total: 2, error: null, downloadPath: `/api/export/${jobId}` })
    expect(st.fileName).toMatch(/^订单明细_\d{8}\.xlsx$/)
    const file = await t.core.exportDownload(jobId, { token: salesA.token })
    expect(file.ok).toBe(true)
    if (!file.ok) return
    const ws = (await load(readFileSync(file.data.file))).worksheets[0]!
    expect(records(ws).rows.map((r) => r['数量'])).toEqual([1.5, 2])

    // another user (even one who may export everything) neither sees the job nor gets the file
    const other = await t.raw('export.status', { jobId }, salesB.token)
    expect(other.ok ? null : other.error.code).toBe('NOT_FOUND')
    const stolen = await t.core.exportDownload(jobId, { token: finance.token })
    expect(stolen.ok ? null : stolen.error.code).toBe('NOT_FOUND')
    const anonymous = await t.core.exportDownload(jobId, {})
    expect(anonymous.ok ? null : anonymous.error.code).toBe('UNAUTHENTICATED')
  })

  it('gives the admin every table, one sheet each, without sessions or password hashes; nobody else', async () => {
    const refused = await t.raw('export.start', { list: 'fullData' }, finance.token)
    expect(refused.ok ? null : refused.error.code).toBe('FORBIDDEN')
    const { jobId } = await t.call('export.start', { list: 'fullData' }, t.adminToken)
    let st = await t.call('export.status', { jobId }, t.adminToken)
    for (let i = 0; i < 400 && !st.done; i++) {
      await new Promise((r) => setTimeout(r, 50))
      st = await t.call('export.status', { jobId }, t.adminToken)
    }
    expect(st.error).toBeNull()
    const file = await t.core.exportDownload(jobId, { token: t.adminToken })
    if (!file.ok) throw new Error(file.error.message)
    const wb = await load(readFileSync(file.data.file))
    const names = wb.worksheets.map((w) => w.name)
    expect(names).toEqual(expect.arrayContaining(['customers', 'products', 'sales_orders', 'sales_order_lines', 'users', 'audit_log']))
    expect(names).not.toContain('sessions')
    const users = records(wb.getWorksheet('users')!)
    expect(users.headers).toContain('username')
    expect(users.headers.filter((h) => /password/i.test(h))).toEqual([])
    expect(users.rows.length).toBe(4)
    const lines = records(wb.getWorksheet('sales_order_lines')!)
    expect(lines.rows.map((r) => r.qtyMilli)).toEqual([1500, 2000, 1000])
    expect(lines.rows.map((r) => r.amountFen)).toEqual([18.51, 2260, 1130])
  }, 60_000)

  it('round trip: exported products import into an empty database as the same products', async () => {
    const out = await t.call('export.xlsx', { list: 'products', sort: 'code' }, t.adminToken)
    const fresh = await createTestCore()
    try {
      const mapping = { 编码: 'code', 名称: 'name', 规格: 'spec', 单位: 'unit', 销售价: 'salePrice', 税率: 'taxRate' }
      const dry = await fresh.call('import.dryRun', { kind: 'products', fileName: 'p.xlsx', base64: out.base64, mapping }, fresh.adminToken)
      expect(dry.errors.filter((e: { level: string }) => e.level === 'error')).toEqual([])
      const r = await fresh.call('import.commit', { kind: 'products', fileName: 'p.xlsx', base64: out.base64, mapping }, fresh.adminToken)
      expect(r.created).toBe(2)
      const pick = (p: Record<string, unknown>) => [p.code, p.name, p.spec, p.unit, p.salePrice, p.taxRate]
      const before = (await t.call('product.search', { sort: 'code' }, t.adminToken)).items.map(pick)
      const after = (await fresh.call('product.search', { sort: 'code' }, fresh.adminToken)).items.map(pick)
      expect(after).toEqual(before)
    } finally {
      await fresh.close()
    }
  }, 60_000)
})

void b64
