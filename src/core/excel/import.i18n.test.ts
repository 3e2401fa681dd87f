import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestCore, type TestCore } from '../testing/test-core'

/**
 * Issue 9: an import's row messages, its error workbook and its log summary follow the caller's language.
 * Expected texts are the row-message and catalog templates filled in by hand.
 */
let t: TestCore
beforeAll(async () => {
  t = await createTestCore({ now: '2026-11-23T10:00:00+08:00' })
})
afterAll(() => t.close())

const csv = (rows: string[][]) => Buffer.from(rows.map((r) => r.join(',')).join('\r\n'), 'utf8').toString('base64')
const FILE = csv([
  ['商品编码', '商品名称', '单位', '销售价', '税率'],
  ['P-1', '螺丝', '个', 'abc', '13'], // row 2: the price is no number
  ['P-2', '螺母', '个', '1.5', '13'], // row 3: fine
  ['P-2', '垫圈', '个', '1', '13'], // row 4: same code as row 3
  ['', '垫片', '个', '1', '13'], // row 5: no code
  ['P-5', '弹簧', '个', '2', '7'], // row 6: 7% is no tax rate (the contract's own schema says so)
])

type Dry = { mapping: Record<string, string | null>; errors: { row: number; column: string; message: string }[]; validRows: number; errorWorkbookBase64?: string }

describe('import row messages in the caller language', () => {
  it('en-US: every problem of the dry run in English; zh-CN as before', async () => {
    const en = await t.core.dispatch<Dry>('import.dryRun', { kind: 'products', fileName: 'products.csv', base64: FILE }, { token: t.adminToken, locale: 'en-US' })
    expect(en.ok).toBe(true)
    if (!en.ok) return
    expect(en.data.validRows).toBe(1)
    const byRow = Object.fromEntries(en.data.errors.map((e) => [e.row, `${e.column}: ${e.message}`]))
    expect(byRow).toEqual({
      2: '销售价: “abc” is not a number',
      4: '商品编码: Same as row 3',
      5: '商品编码: 商品编码 is required',
      6: '税率: Tax rate must be 13, 9, 6, 3, 1 or 0',
    })
    const zh = await t.call<Dry>('import.dryRun', { kind: 'products', fileName: 'products.csv', base64: FILE }, t.adminToken)
    expect(Object.fromEntries(zh.errors.map((e) => [e.row, e.message]))).toEqual({ 2: '“abc”不是数字', 4: '与第 3 行重复', 5: '商品编码必填', 6: '税率只能是 13、9、6、3、1 或 0' })

    const unreadable = await t.core.dispatch('import.dryRun', { kind: 'products', fileName: 'x.pdf', base64: Buffer.from('%PDF-1.4').toString('base64') }, { token: t.adminToken, locale: 'en-US' })
    expect(unreadable.ok ? '' : unreadable.error.message).toContain('The file cannot be read: choose an .xlsx, .xls or .csv file')
  })

  it('the commit is logged in the reader language', async () => {
    const dry = await t.call<Dry>('import.dryRun', { kind: 'products', fileName: 'products.csv', base64: FILE }, t.adminToken)
    const r = await t.core.dispatch<{ created: number }>('import.commit', { kind: 'products', fileName: 'products.csv', base64: FILE, mapping: dry.mapping, onDuplicate: 'skip' }, { token: t.adminToken, locale: 'en-US' })
    expect(r.ok && r.data.created).toBe(1)
    const read = async (locale?: string) => {
      const log = await t.core.dispatch<{ items: { action: string; summary: string }[] }>('auditLog.list', { entity: 'import', entityId: 0 }, { token: t.adminToken, ...(locale ? { locale } : {}) })
      return log.ok ? log.data.items.map((i) => i.summary) : []
    }
    expect(await read('en-US')).toEqual(['Imported products: products.csv, 5 rows: 1 new, 0 updated, 0 skipped, 4 with errors'])
    expect(await read()).toEqual(['导入商品：products.csv，共 5 行，新建 1，更新 0，跳过 0，错误 4'])
  })
})
