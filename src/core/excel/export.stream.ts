/**
 * The streaming side of exports: exceljs `stream.xlsx.WorkbookWriter`, each row committed as it is written, so a
 * million rows never sit in memory. One sheet per `SheetSource`; a sheet longer than Excel's 1 048 576 rows goes
 * on in a second sheet (`名称 (2)`). Title row (what, filters, time), header row frozen, auto filter, typed columns.
 */
import ExcelJS from 'exceljs'
import type { Writable } from 'node:stream'
import { typed, type ExportColumn } from './excel.write'

/** a column of an export: its field, header, type and (quantities, prices) its own number format */
export interface ExportCol extends ExportColumn {
  numFmt?: string
}

export const NUM_FMT: Partial<Record<ExportColumn['type'], string>> = {
  money: '"¥"#,##0.00',
  integer: '0',
  decimal: '#,##0.###',
  date: 'yyyy-mm-dd',
  dateTime: 'yyyy-mm-dd hh:mm',
}
/** quantities kept to the thousandth (Kedan stores milli-units): 3 decimals, no trailing point in Excel or LibreOffice */
export const QTY_FMT = '#,##0.000'

export interface SheetSource {
  name: string
  /** the title row's text; `rows` is the count written so far (known at the end only when `total` is unknown) */
  title: (total: number | null) => string
  /** columns, or null to take them from the first batch */
  columns: ExportCol[] | null
  /** rows expected (for the title and the progress), when the source knows it up front */
  total: number | null
  batches: AsyncIterable<Record<string, unknown>[]>
}

const EXCEL_MAX_ROWS = 1_048_576
const textWidth = (s: string) => {
  let n = 0
  for (const ch of s) n += ch.charCodeAt(0) > 255 ? 2 : 1
  return n
}
/** a column's width from its header, its type and the first rows' text */
function widthOf(c: ExportCol, sample: Record<string, unknown>[]): number {
  let w = Math.max(8, textWidth(c.header) + 2, c.type === 'date' ? 12 : c.type === 'dateTime' ? 17 : c.type === 'money' ? 14 : 0)
  for (const r of sample) {
    const v = r[c.key]
    if (typeof v === 'string') w = Math.max(w, textWidth(v) + 2)
  }
  return Math.min(40, w)
}

/** rows of one column spec as typed cells; `fmt` of a column overrides the type's format (quantities) */
export function cellsOf(columns: ExportCol[], r: Record<string, unknown>): ExcelJS.CellValue[] {
  return columns.map((c) => typed(r[c.key], c.type))
}

/**
 * Writes sheets to `out` (a file or any writable) and resolves with the data rows written.
 * `onRows(n)` is told after every batch (progress).
 */
export async function writeXlsxStream(
  out: Writable,
  sheets: AsyncIterable<SheetSource> | SheetSource[],
  opts: { inferColumns: (rows: Record<string, unknown>[]) => ExportCol[]; onRows?: (rows: number) => void; creator?: string },
): Promise<number> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false })
  wb.creator = opts.creator ?? 'Kedan 客单'
  let written = 0
  for await (const src of sheets) {
    let ws: ExcelJS.Worksheet | null = null
    let columns: ExportCol[] = src.columns ?? []
    let part = 0
    let inSheet = 0
    const open = (first: Record<string, unknown>[]) => {
      part++
      ws = wb.addWorksheet(part === 1 ? src.name : `${src.name} (${part})`.slice(0, 31), { views: [{ state: 'frozen', ySplit: 2 }] })
      ws.columns = columns.map((c) => ({ key: c.key, width: widthOf(c, first), style: NUM_FMT[c.type] || c.numFmt ? { numFmt: c.numFmt ?? NUM_FMT[c.type] } : {} }))
      const t = ws.addRow([src.title(src.total)])
      t.font = { bold: true, size: 12 }
      if (columns.length > 1) ws.mergeCells(1, 1, 1, columns.length)
      t.commit()
      const h = ws.addRow(columns.map((c) => c.header))
      h.font = { bold: true }
      h.eachCell((cell) => (cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFF3F8' } }))
      h.commit()
      inSheet = 0
    }
    const close = () => {
      if (!ws) return
      ws.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2 + inSheet, column: Math.max(1, columns.length) } }
      ;(ws as unknown as { commit(): void }).commit()
      ws = null
    }
    for await (const batch of src.batches) {
      if (!batch.length) continue
      if (!src.columns && !columns.length) columns = opts.inferColumns(batch)
      if (!ws) open(batch)
      for (const r of batch) {
        if (inSheet >= EXCEL_MAX_ROWS - 2) {
          close()
          open([])
        }
        ;(ws as unknown as ExcelJS.Worksheet).addRow(cellsOf(columns, r)).commit()
        inSheet++
        written++
      }
      opts.onRows?.(written)
      // let the event loop breathe (HTTP answers, status polls) between batches
      await new Promise<void>((res) => setImmediate(res))
    }
    if (!ws) open([])
    close()
  }
  await wb.commit()
  return written
}
