/** Workbooks Kedan writes: import templates, and list exports with real types (money ¥ #,##0.00, dates as dates). */
import ExcelJS from 'exceljs'
import { KIND_FIELDS, KIND_LABELS, type ImportKind } from './import.kinds'

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

const colLetter = (n: number) => {
  let s = ''
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s
  return s
}

export async function templateWorkbook(kind: ImportKind): Promise<{ fileName: string; base64: string }> {
  const fields = KIND_FIELDS[kind]
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('导入模板')
  const header = ws.addRow(fields.map((f) => (f.required ? `${f.label}*` : f.label)))
  header.font = { bold: true }
  header.eachCell((c, i) => {
    if (fields[i - 1]!.required) c.font = { bold: true, color: { argb: 'FFC00000' } }
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFF3F8' } }
  })
  ws.addRow(fields.map((f) => f.example))
  ws.views = [{ state: 'frozen', ySplit: 1 }]
  fields.forEach((f, i) => {
    ws.getColumn(i + 1).width = Math.max(12, f.label.length * 2 + 4)
    if (f.options) {
      const list = `"${f.options.map((o) => o.label).join(',')}"`
      for (let r = 2; r <= 1000; r++) ws.getCell(r, i + 1).dataValidation = { type: 'list', allowBlank: true, formulae: [list], showErrorMessage: true, errorTitle: f.label, error: `请从列表中选择${f.label}` }
    }
  })
  const help = wb.addWorksheet('说明')
  help.addRow(['列', '必填', '规则', '示例']).font = { bold: true }
  for (const f of fields) help.addRow([f.label, f.required ? '是' : '', f.rule, String(f.example)])
  help.addRow([])
  help.addRow(['第 1 行为表头，从第 2 行起每行一条记录（示例行请删除或改写）。列名也可使用常见叫法（如 公司名称、手机号、税号），导入时可重新对应。'])
  help.getColumn(1).width = 18
  help.getColumn(3).width = 60
  help.getColumn(4).width = 30
  void colLetter
  return { fileName: `${KIND_LABELS[kind]}导入模板.xlsx`, base64: Buffer.from(await wb.xlsx.writeBuffer()).toString('base64') }
}

export type ColumnType = 'text' | 'money' | 'integer' | 'decimal' | 'date' | 'dateTime' | 'boolean'
export interface ExportColumn {
  key: string
  header: string
  type: ColumnType
}

const FORMATS: Partial<Record<ColumnType, string>> = {
  money: '"¥"#,##0.00',
  integer: '0',
  decimal: '#,##0.###',
  date: 'yyyy-mm-dd',
  dateTime: 'yyyy-mm-dd hh:mm',
}

/** a cell value of its column's type: money fen → yuan number, dates → Date, decimals → number */
export function typed(v: unknown, type: ColumnType): ExcelJS.CellValue {
  if (v === null || v === undefined || v === '') return null
  switch (type) {
    case 'money':
      return typeof v === 'number' ? v / 100 : Number(v)
    case 'integer':
    case 'decimal':
      return Number(v)
    case 'date': {
      const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(v))
      return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : String(v)
    }
    case 'dateTime': {
      // shown in China time (UTC+8), stored as a date without zone
      const d = new Date(String(v))
      return Number.isNaN(d.getTime()) ? String(v) : new Date(d.getTime() + 8 * 3600_000)
    }
    case 'boolean':
      return v ? '是' : '否'
    default:
      return Array.isArray(v) ? v.join('、') : typeof v === 'object' ? JSON.stringify(v) : (v as string | number)
  }
}

/** Title row (what, filters, time), header row frozen with an auto filter, typed columns with sensible widths. */
export function fillSheet(ws: ExcelJS.Worksheet, title: string, columns: ExportColumn[], rows: Record<string, unknown>[]) {
  const t = ws.addRow([title])
  t.font = { bold: true, size: 12 }
  ws.mergeCells(1, 1, 1, Math.max(1, columns.length))
  const h = ws.addRow(columns.map((c) => c.header))
  h.font = { bold: true }
  h.eachCell((c) => (c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFF3F8' } }))
  ws.views = [{ state: 'frozen', ySplit: 2 }]
  const widths = columns.map((c) => Math.min(40, Math.max(8, width(c.header) + 2, c.type === 'date' ? 12 : c.type === 'dateTime' ? 17 : c.type === 'money' ? 14 : 0)))
  for (const r of rows) {
    const vals = columns.map((c) => typed(r[c.key], c.type))
    ws.addRow(vals)
    vals.forEach((v, i) => {
      if (typeof v === 'string') widths[i] = Math.min(40, Math.max(widths[i]!, width(v) + 2))
    })
  }
  columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1)
    col.width = widths[i]!
    const f = FORMATS[c.type]
    if (f) col.numFmt = f
  })
  ws.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2 + rows.length, column: Math.max(1, columns.length) } }
}

const width = (s: string) => [...s].reduce((n, ch) => n + (ch.charCodeAt(0) > 255 ? 2 : 1), 0)
