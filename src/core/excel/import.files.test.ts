/**
 * Issue 13: files as people have them — a legacy .xls (Excel 97–2003 / WPS) and a workbook saved by LibreOffice,
 * both with a merged title row and merged two-level headers, import like the .xlsx they came from.
 * LibreOffice (libreoffice-calc-nogui) makes the files: `libreoffice --headless --convert-to xls|xlsx`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { createTestCore, type TestCore } from '../testing/test-core'

const dir = mkdtempSync(join(tmpdir(), 'kedan-import-files-'))

/** LibreOffice saves `src` as `filter` (xls: "MS Excel 97", xlsx: "Calc MS Excel 2007 XML") and the bytes come back */
function libreSave(name: string, bytes: Buffer, ext: 'xls' | 'xlsx', filter: string): Buffer {
  const src = join(dir, name)
  writeFileSync(src, bytes)
  const out = join(dir, `lo-${ext}`)
  execFileSync('libreoffice', ['--headless', '--convert-to', `${ext}:${filter}`, '--outdir', out, src], { stdio: 'ignore', timeout: 120_000 })
  return readFileSync(join(out, name.replace(/\.\w+$/, `.${ext}`)))
}

describe('importing .xls and LibreOffice files', () => {
  let t: TestCore
  let source: Buffer
  beforeAll(async () => {
    t = await createTestCore()
    // the sheet as a sales office keeps it: a title across, 客户名称 over two rows, 联系人 over 姓名 / 手机, a date column
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('客户表')
    ws.addRow(['2025 年客户表（销售部）', null, null, null, null])
    ws.addRow(['客户名称', '联系人', null, '信用额度', '备注'])
    ws.addRow([null, '姓名', '手机', null, null])
    ws.addRow(['金华五金制品有限公司', '赵六', '13711112222', 12000.5, '老客户'])
    ws.addRow(['衢州精密轴承有限公司', '钱七', '13622223333', '¥3,000', null])
    ws.mergeCells('A1:E1')
    ws.mergeCells('A2:A3')
    ws.mergeCells('B2:C2')
    ws.mergeCells('D2:D3')
    ws.mergeCells('E2:E3')
    source = Buffer.from(await wb.xlsx.writeBuffer())
  }, 60_000)
  afterAll(() => t.close())

  const expected = { 客户名称: 'name', 联系人姓名: 'contact.name', 联系人手机: 'contact.mobile', 信用额度: 'creditLimit', 备注: 'remark' }

  it('reads a legacy .xls saved by LibreOffice (merged title and headers), and commits it', async () => {
    const xls = libreSave('客户表.xlsx', source, 'xls', 'MS Excel 97')
    expect(xls.readUInt32BE(0)).toBe(0xd0cf11e0) // a compound file, not a zip
    const base64 = xls.toString('base64')
    const dry = await t.call('import.dryRun', { kind: 'customers', fileName: '客户表.xls', base64 }, t.adminToken)
    expect(dry.headers).toEqual(['客户名称', '联系人姓名', '联系人手机', '信用额度', '备注'])
    expect(dry.mapping).toEqual(expected)
    expect(dry).toMatchObject({ totalRows: 2, validRows: 2, errors: [] })
    const r = await t.call('import.commit', { kind: 'customers', fileName: '客户表.xls', base64, mapping: dry.mapping }, t.adminToken)
    expect(r.created).toBe(2)
    const found = await t.call('customer.search', { query: '金华五金' }, t.adminToken)
    expect(found.items[0]).toMatchObject({ creditLimitFen: 1_200_050, remark: '老客户' })
    const contacts = await t.call('contact.list', { customerId: found.items[0].id }, t.adminToken)
    expect(contacts.items[0]).toMatchObject({ name: '赵六', mobile: '13711112222' })
  }, 180_000)

  it('reads an .xlsx saved by LibreOffice the same way', async () => {
    const xlsx = libreSave('客户表2.xlsx', source, 'xlsx', 'Calc MS Excel 2007 XML')
    const dry = await t.call('import.dryRun', { kind: 'customers', fileName: '客户表2.xlsx', base64: xlsx.toString('base64') }, t.adminToken)
    expect(dry.headers).toEqual(['客户名称', '联系人姓名', '联系人手机', '信用额度', '备注'])
    expect(dry.mapping).toEqual(expected)
    // the two customers of the .xls are there now: both rows are duplicates, offered to skip or update
    expect(dry).toMatchObject({ totalRows: 2, validRows: 2, duplicateRows: 2 })
  }, 180_000)

  it('reads dates of an .xls as dates (historical orders)', async () => {
    await t.call('product.create', { code: 'P-X', name: '轴承', salePrice: '10' }, t.adminToken)
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('订单')
    ws.addRow(['订单号', '客户', '日期', '商品编码', '数量', '单价'])
    ws.addRow(['OLD-1', '金华五金制品有限公司', new Date(Date.UTC(2024, 4, 20)), 'P-X', 3, 10])
    ws.getColumn(3).numFmt = 'yyyy/m/d'
    const xls = libreSave('订单.xlsx', Buffer.from(await wb.xlsx.writeBuffer()), 'xls', 'MS Excel 97')
    const base64 = xls.toString('base64')
    const dry = await t.call('import.dryRun', { kind: 'orders', fileName: '订单.xls', base64 }, t.adminToken)
    expect(dry).toMatchObject({ totalRows: 1, validRows: 1, errors: [] })
    await t.call('import.commit', { kind: 'orders', fileName: '订单.xls', base64, mapping: dry.mapping }, t.adminToken)
    const o = (await t.call('order.search', { query: 'OLD-1' }, t.adminToken)).items[0]
    expect(o).toMatchObject({ number: 'OLD-1', orderDate: '2024-05-20', totalFen: 3_000, status: 'completed' })
  }, 180_000)
})
