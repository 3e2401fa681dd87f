import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { createTestCore, type TestCore } from '../testing/test-core'
import { usccCheckChar } from '../customer/customer.rules'
import { asDate, asDecimal } from './excel.values'
import { parseCsv } from './excel.read'

const uscc = (first17: string) => first17 + usccCheckChar(first17)!
const GOOD_USCC = uscc('91330106MA2H00001')
const b64 = (b: Buffer | ArrayBuffer) => Buffer.from(b as Buffer).toString('base64')
const dir = mkdtempSync(join(tmpdir(), 'kedan-excel-'))

async function xlsx(rows: unknown[][], merge?: (ws: ExcelJS.Worksheet) => void): Promise<string> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('客户表')
  for (const r of rows) ws.addRow(r)
  merge?.(ws)
  return b64(await wb.xlsx.writeBuffer())
}

/** LibreOffice's own reading of a workbook: the first sheet as CSV (UTF-8) */
function libreCsv(base64: string, name: string): string[][] {
  const src = join(dir, name)
  writeFileSync(src, Buffer.from(base64, 'base64'))
  const out = join(dir, `out-${name}`)
  execFileSync('libreoffice', ['--headless', '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76', '--outdir', out, src], { stdio: 'ignore', timeout: 120_000 })
  return parseCsv(readFileSync(join(out, readdirSync(out)[0]!), 'utf8').trim())
}

describe('cells as people type them', () => {
  it('reads money with ¥ and thousands separators, and dates as serials or Chinese text', () => {
    expect(asDecimal('¥1,234.50')).toBe('1234.5')
    expect(asDecimal('￥ 12,000 元')).toBe('12000')
    expect(() => asDecimal('十二')).toThrow('不是数字')
    expect(asDate(46027)).toBe('2026-01-05') // 46027 days after 1899-12-30
    expect(asDate('2026/1/5')).toBe('2026-01-05')
    expect(asDate('2026年1月5日')).toBe('2026-01-05')
    expect(asDate('2026.01.05')).toBe('2026-01-05')
    expect(() => asDate('2026/2/30')).toThrow('不是有效日期')
  })
})

describe('import', () => {
  let t: TestCore
  beforeAll(async () => {
    t = await createTestCore()
  })
  afterAll(() => t.close())

  it('offers a template with Chinese headers, an example row, drop-downs and a 说明 sheet', async () => {
    const r = await t.call('import.template', { kind: 'customers' }, t.adminToken)
    expect(r.fileName).toBe('客户导入模板.xlsx')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(r.base64, 'base64') as unknown as ArrayBuffer)
    const ws = wb.getWorksheet('导入模板')!
    expect(ws.getRow(1).getCell(1).value).toBe('客户名称*')
    expect(ws.getRow(2).getCell(1).value).toBe('杭州明远机械有限公司')
    const stageCol = (ws.getRow(1).values as unknown[]).indexOf('客户阶段')
    expect(ws.getCell(2, stageCol).dataValidation.formulae).toEqual(['"线索,潜在客户,商机,成交客户,已流失"'])
    expect(wb.getWorksheet('说明')!.getRow(2).getCell(1).value).toBe('客户名称')
  })

  it('suggests the mapping from synonyms, names each problem by Excel row and header, commits the valid rows', async () => {
    const file = await xlsx([
      ['公司名称', '税号', '阶段', '信用额度', '联系人', '手机号', '不认识的列'],
      ['杭州明远机械有限公司', GOOD_USCC, '成交客户', '¥12,000.50', '王建国', '13800138000', 'x'], // row 2: fine
      ['宁波海天塑料有限公司', '91330106MA2H000010', '线索', '5000', '', '', ''], // row 3: bad check character
      ['杭州明远机械有限公司', '', '线索', '', '', '', ''], // row 4: same name as row 2
      ['温州东方阀门有限公司', '', '大客户', '', '', '', ''], // row 5: not a stage
      ['', '', '线索', '', '', '', ''], // row 6: no name
      ['台州精工模具厂', '', '', '1,000', '李四', '13900001111', ''], // row 7: fine
    ])
    const dry = await t.call('import.dryRun', { kind: 'customers', fileName: '客户表.xlsx', base64: file }, t.adminToken)
    expect(dry.mapping).toEqual({ 公司名称: 'name', 税号: 'uscc', 阶段: 'stage', 信用额度: 'creditLimit', 联系人: 'contact.name', 手机号: 'contact.mobile', 不认识的列: null })
    expect(dry.totalRows).toBe(6)
    expect(dry.validRows).toBe(2)
    const errs = dry.errors.map((e: { row: number; column: string; message: string }) => [e.row, e.column, e.message])
    expect(errs).toContainEqual([3, '税号', expect.stringContaining('统一社会信用代码')])
    expect(errs).toContainEqual([4, '公司名称', '与第 2 行重复'])
    expect(errs).toContainEqual([5, '阶段', expect.stringContaining('“大客户”不是可选值')])
    expect(errs).toContainEqual([6, '公司名称', '客户名称必填'])
    expect(errs).toHaveLength(4)

    // the error workbook: the original rows with their Excel row number and the problems
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(dry.errorWorkbookBase64, 'base64') as unknown as ArrayBuffer)
    const ws = wb.worksheets[0]!
    expect(ws.getRow(1).values).toEqual([undefined, '公司名称', '税号', '阶段', '信用额度', '联系人', '手机号', '不认识的列', '原行号', '错误'])
    expect(ws.rowCount).toBe(5)
    expect(ws.getRow(2).getCell(1).value).toBe('宁波海天塑料有限公司')
    expect(ws.getRow(2).getCell(8).value).toBe(3)
    expect(String(ws.getRow(2).getCell(9).value)).toMatch(/^税号：/)

    const r = await t.call('import.commit', { kind: 'customers', fileName: '客户表.xlsx', base64: file, mapping: dry.mapping, onDuplicate: 'skip' }, t.adminToken)
    expect(r).toEqual({ created: 2, updated: 0, skipped: 0, invalid: 4 })
    const found = await t.call('customer.search', { query: '明远' }, t.adminToken)
    expect(found.items).toHaveLength(1)
    const c = await t.call('customer.get', { id: found.items[0].id }, t.adminToken)
    expect(c.customer ?? c).toMatchObject({ creditLimitFen: 1_200_050, stage: 'customer', uscc: GOOD_USCC })
    const log = await t.call('auditLog.list', { entity: 'customer', entityId: found.items[0].id }, t.adminToken)
    expect(log.items.map((e: { summary: string }) => e.summary)).toContain('由导入创建：客户表.xlsx 第 2 行')
    const imports = await t.call('auditLog.list', { entity: 'import', entityId: 0 }, t.adminToken)
    expect(imports.items.map((e: { summary: string }) => e.summary)).toContain('导入客户：客户表.xlsx，共 6 行，新建 2，更新 0，跳过 0，错误 4')
  })

  it('offers skip or update for records already there; nothing at all when asked to abort on errors', async () => {
    const file = await xlsx([
      ['客户名称', '客户阶段', '账期天数'],
      ['台州精工模具厂', '商机', '45'],
      ['丽水新客户有限公司', '无效', ''],
    ])
    const dry = await t.call('import.dryRun', { kind: 'customers', fileName: 'b.xlsx', base64: file }, t.adminToken)
    expect(dry.errors).toContainEqual({ row: 2, column: '客户名称', message: expect.stringMatching(/^已存在：C\d+ 台州精工模具厂/), level: 'warning' })
    const aborted = await t.raw('import.commit', { kind: 'customers', fileName: 'b.xlsx', base64: file, mapping: dry.mapping, onDuplicate: 'update', onError: 'abort' }, t.adminToken)
    expect(aborted.ok ? null : aborted.error.code).toBe('VALIDATION')
    const before = await t.call('customer.search', { query: '精工' }, t.adminToken)
    expect(before.items[0].stage).toBe('lead')
    const r = await t.call('import.commit', { kind: 'customers', fileName: 'b.xlsx', base64: file, mapping: dry.mapping, onDuplicate: 'update' }, t.adminToken)
    expect(r).toEqual({ created: 0, updated: 1, skipped: 0, invalid: 1 })
    const after = await t.call('customer.search', { query: '精工' }, t.adminToken)
    expect(after.items[0]).toMatchObject({ stage: 'opportunity', paymentTermDays: 45 })
  })

  it('imports a GBK CSV as Excel in China saves it', async () => {
    const utf8 = '客户名称,电话,省份\r\n嘉兴南湖纺织有限公司,0573-8200 1234,浙江省\r\n湖州丝绸之路有限公司,,浙江省\r\n'
    const gbk = execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GBK'], { input: utf8 })
    expect(gbk.length).toBeLessThan(Buffer.byteLength(utf8)) // two bytes a character, not three
    const dry = await t.call('import.dryRun', { kind: 'customers', fileName: '客户.csv', base64: b64(gbk) }, t.adminToken)
    expect(dry.headers).toEqual(['客户名称', '电话', '省份'])
    expect(dry).toMatchObject({ totalRows: 2, validRows: 2, errors: [] })
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(utf8.replace(/嘉兴南湖纺织|湖州丝绸之路/g, (m) => m + '二'))])
    const r = await t.call('import.commit', { kind: 'customers', fileName: '客户.csv', base64: b64(gbk), mapping: dry.mapping }, t.adminToken)
    expect(r.created).toBe(2)
    const bom = await t.call('import.dryRun', { kind: 'customers', fileName: 'bom.csv', base64: b64(withBom) }, t.adminToken)
    expect(bom.headers[0]).toBe('客户名称')
    expect(bom.validRows).toBe(2)
    const found = await t.call('customer.search', { query: '南湖纺织' }, t.adminToken)
    expect(found.items[0]).toMatchObject({ phone: '0573-8200 1234', province: '浙江省' })
  })

  it('reads a title row and two-level merged headers', async () => {
    const file = await xlsx(
      [
        ['2025 年客户表（销售部）', null, null, null],
        ['客户名称', '联系人', null, '备注'],
        [null, '姓名', '手机', null],
        ['金华五金制品有限公司', '赵六', '13711112222', '老客户'],
      ],
      (ws) => {
        ws.mergeCells('A1:D1')
        ws.mergeCells('A2:A3')
        ws.mergeCells('B2:C2')
        ws.mergeCells('D2:D3')
      },
    )
    const dry = await t.call('import.dryRun', { kind: 'customers', fileName: 'merged.xlsx', base64: file }, t.adminToken)
    expect(dry.headers).toEqual(['客户名称', '联系人姓名', '联系人手机', '备注'])
    expect(dry.mapping).toEqual({ 客户名称: 'name', 联系人姓名: 'contact.name', 联系人手机: 'contact.mobile', 备注: 'remark' })
    expect(dry).toMatchObject({ totalRows: 1, validRows: 1, errors: [] })
    await t.call('import.commit', { kind: 'customers', fileName: 'merged.xlsx', base64: file, mapping: dry.mapping }, t.adminToken)
    const found = await t.call('customer.search', { query: '金华五金' }, t.adminToken)
    const c = await t.call('contact.list', { customerId: found.items[0].id }, t.adminToken)
    expect(c.items[0]).toMatchObject({ name: '赵六', mobile: '13711112222' })
  })

  it('imports products with prices and opening stock, then sets opening stock by product code', async () => {
    const file = await xlsx([
      ['货号', '品名', '单价', '税率', '期初库存'],
      ['P-1', '法兰 DN50', '¥1,280.50', '9%', 100],
      ['P-2', '螺栓 M8', 0.35, 0.13, '2,500.5'],
    ])
    const r = await t.call('import.commit', { kind: 'products', fileName: 'p.xlsx', base64: file, mapping: { 货号: 'code', 品名: 'name', 单价: 'salePrice', 税率: 'taxRate', 期初库存: 'initialStock' } }, t.adminToken)
    expect(r).toEqual({ created: 2, updated: 0, skipped: 0, invalid: 0 })
    const p = await t.call('product.search', { query: 'P-' }, t.adminToken)
    const byCode = Object.fromEntries(p.items.map((x: { code: string }) => [x.code, x]))
    expect(byCode['P-1']).toMatchObject({ salePrice: '1280.5000', taxRate: 9, onHand: '100' })
    expect(byCode['P-2']).toMatchObject({ salePrice: '0.3500', taxRate: 13, onHand: '2500.5' })
    const stock = await xlsx([['商品编码', '期初数量'], ['P-1', 80], ['P-9', 1]])
    const dry = await t.call('import.dryRun', { kind: 'openingStock', fileName: 's.xlsx', base64: stock }, t.adminToken)
    expect(dry.errors).toEqual([{ row: 3, column: '商品编码', message: '没有商品“P-9”', level: 'error' }])
    await t.call('import.commit', { kind: 'openingStock', fileName: 's.xlsx', base64: stock, mapping: dry.mapping }, t.adminToken)
    expect((await t.call('product.get', { id: byCode['P-1'].id }, t.adminToken)).onHand).toBe('80')
  })

  it('is for the admin only', async () => {
    const fin = (await t.user('finance')).token
    const r = await t.raw('import.dryRun', { kind: 'customers', fileName: 'a.csv', base64: b64(Buffer.from('客户名称\n甲\n')) }, fin)
    expect(r.ok ? null : r.error.code).toBe('FORBIDDEN')
  })

  it('exports with real types that LibreOffice reads back, and the export imports again into an empty database', async () => {
    const out = await t.call('export.xlsx', { list: 'customers', sort: 'name' }, t.adminToken)
    expect(out.fileName).toMatch(/^客户_\d{8}\.xlsx$/)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(out.base64, 'base64') as unknown as ArrayBuffer)
    const ws = wb.worksheets[0]!
    expect(String(ws.getCell('A1').value)).toMatch(/^客户　筛选：sort=name　导出时间：\d{4}-\d{2}-\d{2} \d{2}:\d{2}/)
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 })
    expect(ws.autoFilter).toBeTruthy()
    const headers = (ws.getRow(2).values as unknown[]).slice(1) as string[]
    const credit = headers.indexOf('信用额度') + 1
    const name = headers.indexOf('名称') + 1
    const rowOf = (n: string) => [...Array(ws.rowCount - 2)].map((_, i) => ws.getRow(i + 3)).find((r) => r.getCell(name).value === n)!
    expect(rowOf('杭州明远机械有限公司').getCell(credit).value).toBe(12000.5)
    expect(ws.getColumn(credit).numFmt).toBe('"¥"#,##0.00')
    expect(rowOf('杭州明远机械有限公司').getCell(headers.indexOf('创建时间') + 1).value).toBeInstanceOf(Date)

    // LibreOffice opens it with the same values
    const csv = libreCsv(out.base64, 'customers.xlsx')
    const lHeaders = csv[1]!
    const lRow = csv.find((r) => r[lHeaders.indexOf('名称')] === '杭州明远机械有限公司')!
    expect(lRow[lHeaders.indexOf('信用额度')]).toBe('¥12,000.50')
    expect(lRow[lHeaders.indexOf('统一社会信用代码')]).toBe(GOOD_USCC)
    expect(csv.length - 2).toBe(ws.rowCount - 2)

    // round trip: the export (after a LibreOffice save) imports into a fresh database as the same customers
    const src = join(dir, 'rt.xlsx')
    writeFileSync(src, Buffer.from(out.base64, 'base64'))
    execFileSync('libreoffice', ['--headless', '--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', join(dir, 'lo'), src], { stdio: 'ignore', timeout: 120_000 })
    const saved = readFileSync(join(dir, 'lo', 'rt.xlsx'))
    const fresh = await createTestCore()
    try {
      const mapping = { 名称: 'name', 编码: 'code', 统一社会信用代码: 'uscc', 客户阶段: 'stage', 信用额度: 'creditLimit', 账期天数: 'paymentTermDays', 电话: 'phone', 省份: 'province', 备注: 'remark' }
      const dry = await fresh.call('import.dryRun', { kind: 'customers', fileName: 'rt.xlsx', base64: b64(saved), mapping }, fresh.adminToken)
      expect(dry.errors).toEqual([])
      const r = await fresh.call('import.commit', { kind: 'customers', fileName: 'rt.xlsx', base64: b64(saved), mapping }, fresh.adminToken)
      const all = (await t.call('customer.search', { sort: 'code', pageSize: 200 }, t.adminToken)).items
      expect(r.created).toBe(all.length)
      const again = (await fresh.call('customer.search', { sort: 'code', pageSize: 200 }, fresh.adminToken)).items
      const pick = (c: Record<string, unknown>) => [c.code, c.name, c.uscc, c.stage, c.creditLimitFen, c.paymentTermDays, c.phone, c.province]
      expect(again.map(pick)).toEqual(all.map(pick))
    } finally {
      await fresh.close()
    }
  }, 240_000)

  it('exports what the caller may export: a salesperson only their own customers (not the pool they can read)', async () => {
    const xs = (await t.user('sales')).token
    await t.call('customer.create', { name: '小王自己的客户有限公司' }, xs)
    expect((await t.call('customer.search', {}, xs)).total).toBeGreaterThan(1)
    const out = await t.call('export.xlsx', { list: 'customers' }, xs)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(out.base64, 'base64') as unknown as ArrayBuffer)
    const ws = wb.worksheets[0]!
    expect(ws.rowCount).toBe(3)
    expect(String(ws.getCell('A1').value)).toContain('共 1 行')
  })
})
