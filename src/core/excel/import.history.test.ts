/**
 * Issue 13: importing opening receivables (期初应收) and historical orders (历史订单), on the suite's engine
 * (SQLite, or PostgreSQL with KEDAN_TEST_ENGINE=postgres). Expected figures worked out by hand below.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import ExcelJS from 'exceljs'
import { createTestCore, type TestCore } from '../testing/test-core'

const b64 = (b: Buffer | ArrayBuffer) => Buffer.from(b as Buffer).toString('base64')
async function xlsx(rows: unknown[][]): Promise<string> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('Sheet1')
  for (const r of rows) ws.addRow(r)
  return b64(await wb.xlsx.writeBuffer())
}
type Problem = { row: number; column: string; message: string; level: string }

describe('import of opening receivables and historical orders', () => {
  let t: TestCore
  let jia: number
  let yi: number
  let p1: number
  beforeAll(async () => {
    t = await createTestCore() // today: 2026-11-23
    jia = (await t.call('customer.create', { name: '杭州甲方机械有限公司', code: 'JIA', paymentTermDays: 30 }, t.adminToken)).id
    yi = (await t.call('customer.create', { name: '宁波乙方塑料有限公司', code: 'YI' }, t.adminToken)).id
    p1 = (await t.call('product.create', { code: 'P-1', name: '法兰', salePrice: '113', taxRate: 13, initialStock: '50' }, t.adminToken)).id
    await t.call('product.create', { code: 'P-2', name: '螺栓', salePrice: '10', taxRate: 13 }, t.adminToken)
  })
  afterAll(() => t.close())

  it('期初应收: aged from its date (or due date), in the AR totals and the statement, allocatable by a receipt', async () => {
    const file = await xlsx([
      ['客户名称', '欠款金额', '欠款日期', '到期日', '备注'],
      ['JIA', '¥12,800.00', '2026/8/1', null, '2025 年货款'], // due 2026-08-01: 114 days overdue on 11-23 → over 90
      ['宁波乙方塑料有限公司', 5000, '2026年10月20日', '2026-11-10', null], // 13 days overdue → 1–30
      ['丙不存在公司', 100, '2026-01-01', null, null],
      ['JIA', 0, '2026-01-01', null, null],
    ])
    const dry = await t.call('import.dryRun', { kind: 'openingReceivables', fileName: '期初应收.xlsx', base64: file }, t.adminToken)
    expect(dry.mapping).toEqual({ 客户名称: 'customer', 欠款金额: 'amount', 欠款日期: 'date', 到期日: 'dueDate', 备注: 'remark' })
    expect(dry).toMatchObject({ totalRows: 4, validRows: 2 })
    expect(dry.errors.map((e: Problem) => [e.row, e.column, e.message])).toEqual([
      [4, '客户名称', '没有客户“丙不存在公司”'],
      [5, '欠款金额', '金额不能为 0'],
    ])
    const r = await t.call('import.commit', { kind: 'openingReceivables', fileName: '期初应收.xlsx', base64: file, mapping: dry.mapping }, t.adminToken)
    expect(r).toEqual({ created: 2, updated: 0, skipped: 0, invalid: 2 })

    const aging = await t.call('ar.aging', { asOf: '2026-11-23' }, t.adminToken)
    const row = (id: number) => aging.items.find((i: { customerId: number }) => i.customerId === id)
    expect(row(jia)).toMatchObject({ over90Fen: 1_280_000, totalFen: 1_280_000, notDueFen: 0 })
    expect(row(yi)).toMatchObject({ d1_30Fen: 500_000, totalFen: 500_000 })
    expect(aging.totals.totalFen).toBe(1_780_000)
    const summary = await t.call('ar.summary', {}, t.adminToken)
    expect(summary.totals).toMatchObject({ balanceFen: 1_780_000, overdueFen: 1_780_000 })

    // a receipt allocates to it like to any order
    const open = await t.call('receipt.openOrders', { customerId: jia, amountFen: 300_000 }, t.adminToken)
    expect(open.items).toHaveLength(1)
    expect(open.items[0]).toMatchObject({ receivableFen: 1_280_000, suggestedFen: 300_000 })
    await t.call('receipt.create', { customerId: jia, amountFen: 300_000, receivedOn: '2026-11-20', method: 'bank', allocations: [{ orderId: open.items[0].orderId, amountFen: 300_000 }] }, t.adminToken)
    const st = await t.call('ar.statement', { customerId: jia, from: '2026-01-01', to: '2026-11-23' }, t.adminToken)
    expect(st.entries.map((e: { kind: string; amountFen: number }) => [e.kind, e.amountFen])).toEqual([
      ['shipment', 1_280_000],
      ['receipt', -300_000],
    ])
    expect(st.closingBalanceFen).toBe(980_000)
    expect((await t.call('ar.customer', { customerId: jia }, t.adminToken)).balanceFen).toBe(980_000)
    const log = await t.call('auditLog.list', { entity: 'order', entityId: open.items[0].orderId }, t.adminToken)
    expect(log.items.map((e: { summary: string }) => e.summary)).toContain(`由导入创建（期初应收 ${open.items[0].number}）：期初应收.xlsx 第 2 行`)
    // no goods: not in the product report
    const byProduct = await t.call('report.sales', { from: '2026-08-01', to: '2026-08-31', groupBy: 'product' }, t.adminToken)
    expect(byProduct.totalFen).toBe(0)
  })

  it('historical orders: grouped by order number, completed by default, in the reports, no stock moved, AR unchanged', async () => {
    const file = await xlsx([
      ['订单号', '客户', '订单日期', '商品编码', '数量', '含税单价'],
      ['H-1', 'JIA', '2025-03-05', 'P-1', 2, 113], // 226.00 = net 200.00 + tax 26.00
      ['H-1', 'JIA', '2025-03-05', 'P-2', 1.5, 10], // 15.00 = net 13.27 + tax 1.73
      ['H-2', '宁波乙方塑料有限公司', '2025/4/10', 'P-1', 1, '¥113'], // 113.00
      ['H-3', 'JIA', '2025-04-11', 'P-404', 1, 1],
      ['H-3', 'JIA', '2025-04-11', 'P-1', 1, 1],
    ])
    const arBefore = (await t.call('ar.summary', {}, t.adminToken)).totals.balanceFen
    const dry = await t.call('import.dryRun', { kind: 'orders', fileName: '历史订单.xlsx', base64: file }, t.adminToken)
    expect(dry.mapping).toEqual({ 订单号: 'orderNo', 客户: 'customer', 订单日期: 'date', 商品编码: 'productCode', 数量: 'quantity', 含税单价: 'price' })
    expect(dry).toMatchObject({ totalRows: 5, validRows: 3 })
    expect(dry.errors.map((e: Problem) => [e.row, e.column, e.message])).toEqual([
      [5, '商品编码', '没有商品“P-404”'],
      [6, '订单号', '订单 H-3 有错误的行，整单未导入'],
    ])
    const r = await t.call('import.commit', { kind: 'orders', fileName: '历史订单.xlsx', base64: file, mapping: dry.mapping }, t.adminToken)
    expect(r).toEqual({ created: 2, updated: 0, skipped: 0, invalid: 2 })

    const found = await t.call('order.search', { query: 'H-1' }, t.adminToken)
    const h1 = await t.call('order.get', { id: found.items.find((o: { number: string }) => o.number === 'H-1').id }, t.adminToken)
    expect(h1).toMatchObject({ number: 'H-1', status: 'completed', orderDate: '2025-03-05', totalFen: 24_100, netFen: 21_327, taxFen: 2_773, shippedFen: 24_100, receivedFen: 24_100 })
    expect(h1.lines.map((l: { productCode: string; quantity: string; amountFen: number }) => [l.productCode, l.quantity, l.amountFen])).toEqual([
      ['P-1', '2', 22_600],
      ['P-2', '1.5', 1_500],
    ])
    // the goods left long ago: stock stays at the opening 50
    expect((await t.call('product.get', { id: p1 }, t.adminToken)).onHand).toBe('50')
    // ordered, shipped and received count them; the month-product summary agrees with the documents
    const shipped = await t.call('report.sales', { from: '2025-03-01', to: '2025-04-30', groupBy: 'month' }, t.adminToken)
    expect(shipped.rows.map((x: { key: string; amountFen: number }) => [x.key, x.amountFen])).toEqual([
      ['2025-03', 24_100],
      ['2025-04', 11_300],
    ])
    const byProduct = await t.call('report.sales', { from: '2025-03-01', to: '2025-04-30', groupBy: 'product' }, t.adminToken)
    expect(byProduct.rows.map((x: { key: string; amountFen: number; quantity: string }) => [Number(x.key), x.amountFen, x.quantity]).sort()).toEqual([
      [p1, 33_900, '3'],
      [p1 + 1, 1_500, '1.5'],
    ].sort())
    expect(byProduct.totalFen).toBe(35_400)
    const partial = await t.call('report.sales', { from: '2025-03-02', to: '2025-04-29', groupBy: 'product' }, t.adminToken)
    expect(partial.totalFen).toBe(35_400)
    expect((await t.call('report.sales', { from: '2025-03-01', to: '2025-04-30', groupBy: 'customer', measure: 'ordered' }, t.adminToken)).totalFen).toBe(35_400)
    expect((await t.call('report.sales', { from: '2025-03-01', to: '2025-04-30', groupBy: 'customer', measure: 'received' }, t.adminToken)).totalFen).toBe(35_400)
    // paid in full: the receivables do not change
    expect((await t.call('ar.summary', {}, t.adminToken)).totals.balanceFen).toBe(arBefore)

    // the same file again: the numbers exist, the orders are skipped
    const again = await t.call('import.dryRun', { kind: 'orders', fileName: '历史订单.xlsx', base64: file }, t.adminToken)
    expect(again.errors.filter((e: Problem) => e.level === 'warning').map((e: Problem) => [e.row, e.message])).toEqual([
      [2, '订单号 H-1 已存在（跳过）'],
      [3, '订单号 H-1 已存在（跳过）'],
      [4, '订单号 H-2 已存在（跳过）'],
    ])
    const r2 = await t.call('import.commit', { kind: 'orders', fileName: '历史订单.xlsx', base64: file, mapping: dry.mapping }, t.adminToken)
    expect(r2).toMatchObject({ created: 0, skipped: 2 })
  })

  it('historical orders left shipped and unpaid, with numbers assigned: an open receivable due after the term', async () => {
    const file = await xlsx([
      ['单号', '客户', '日期', '货号', '数量', '单价', '税率'],
      ['X', 'JIA', '2025-05-06', 'P-1', 1, 113, '9%'], // 113.00 at 9%: net 103.67
    ])
    const arBefore = (await t.call('ar.customer', { customerId: jia }, t.adminToken)).balanceFen
    const options = { orderStatus: 'shipped', numbering: 'assign' }
    const dry = await t.call('import.dryRun', { kind: 'orders', fileName: 'x.xlsx', base64: file, options }, t.adminToken)
    expect(dry.errors).toEqual([])
    const r = await t.call('import.commit', { kind: 'orders', fileName: 'x.xlsx', base64: file, mapping: dry.mapping, options }, t.adminToken)
    expect(r.created).toBe(1)
    const found = await t.call('order.search', { customerId: jia, status: 'shipped' }, t.adminToken)
    const o = found.items.find((x: { orderDate: string }) => x.orderDate === '2025-05-06')
    expect(o.number).toMatch(/^SO20250506-\d{4}$/)
    expect(o).toMatchObject({ totalFen: 11_300, status: 'shipped' })
    const ar = await t.call('ar.customer', { customerId: jia }, t.adminToken)
    expect(ar.balanceFen).toBe(arBefore + 11_300)
    // due 2025-06-05 (30 days' term): long overdue
    expect(ar.aging.over90Fen).toBe(980_000 + 11_300)
  })

  it('answers row messages in English for an en-US caller', async () => {
    const file = await xlsx([
      ['Order', 'Customer', 'Date', 'Product', 'Qty', 'Price'],
      ['E-1', 'NOBODY', '2025-01-01', 'P-1', 1, 1],
    ])
    const mapping = { Order: 'orderNo', Customer: 'customer', Date: 'date', Product: 'productCode', Qty: 'quantity', Price: 'price' }
    const r = await t.core.dispatch<{ errors: Problem[] }>('import.dryRun', { kind: 'orders', fileName: 'e.xlsx', base64: file, mapping }, { token: t.adminToken, locale: 'en-US' })
    expect(r.ok && r.data.errors.map((e) => e.message)).toEqual(['No customer “NOBODY”'])
  })

  it('refuses an import over 50 MB on every transport (the dispatcher checks, not only HTTP)', async () => {
    const r = await t.raw('import.dryRun', { kind: 'customers', fileName: 'huge.csv', base64: 'A'.repeat(50 * 1024 * 1024 + 1) }, t.adminToken)
    expect(r.ok ? null : r.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', key: 'import.tooLarge', params: { max: 50 } })
  })

  it('tells the progress of a run by its jobId, and a cancelled commit writes nothing', async () => {
    const rows = Array.from({ length: 450 }, (_, i) => [`进度客户${i}有限公司`])
    const file = await xlsx([['客户名称'], ...rows])
    const dry = await t.call('import.dryRun', { kind: 'customers', fileName: 'p.xlsx', base64: file, jobId: 'dry-run-0001' }, t.adminToken)
    expect(dry.validRows).toBe(450)
    expect(await t.call('import.progress', { jobId: 'dry-run-0001' }, t.adminToken)).toEqual({ phase: 'done', done: 450, total: 450, known: true })
    // another user never sees someone else's run
    const other = await t.user('manager')
    expect((await t.raw('import.progress', { jobId: 'dry-run-0001' }, other.token)).ok).toBe(false)

    // cancelled (here before its request even arrived): an error, and not one customer written
    expect(await t.call('import.cancel', { jobId: 'commit-0001' }, t.adminToken)).toEqual({ cancelled: true })
    const r = await t.raw('import.commit', { kind: 'customers', fileName: 'p.xlsx', base64: file, mapping: dry.mapping, jobId: 'commit-0001' }, t.adminToken)
    expect(r.ok ? null : r.error).toMatchObject({ code: 'BUSINESS_RULE', key: 'import.cancelled' })
    expect((await t.call('customer.search', { query: '进度客户' }, t.adminToken)).total).toBe(0)
    expect((await t.call('import.progress', { jobId: 'commit-0001' }, t.adminToken)).phase).toBe('cancelled')
    // the same file without a cancel goes in
    const ok = await t.call('import.commit', { kind: 'customers', fileName: 'p.xlsx', base64: file, mapping: dry.mapping, jobId: 'commit-0002' }, t.adminToken)
    expect(ok.created).toBe(450)
    expect(await t.call('import.progress', { jobId: 'commit-0002' }, t.adminToken)).toEqual({ phase: 'done', done: 450, total: 450, known: true })
  })
})
