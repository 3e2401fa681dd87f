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

/** the parts of exceljs's streaming worksheet the fast row path uses (exceljs 4.4 WorksheetWriter) */
interface SheetInternals {
  startedData: boolean
  _rowZero: number
  _rows: unknown[]
  _stream?: { write(s: string): unknown; pipes?: { _writableState?: { length: number } }[] }
  stream: { write(s: string): unknown }
}
interface StyleInternals {
  addStyleModel(model: object, cellType?: number): number
}

const colName = (n: number) => {
  let s = ''
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s
  return s
}
// eslint-disable-next-line no-control-regex
const XML_BAD = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g
const xmlText = (s: string) => s.replace(XML_BAD, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
const EXCEL_EPOCH_DAYS = 25569 // 1970-01-01 as an Excel serial

/**
 * A data row as SpreadsheetML, the way exceljs writes it (`<c r s t>`), without building Row/Cell objects per cell:
 * exceljs's own row path costs ~30 µs a cell, too slow for a million rows. Numbers `<v>`, dates as serials with the
 * column's date format, text as inline strings. The header rows, styles, zip and sheet structure stay exceljs's.
 */
function rowXml(rowNo: number, cols: { letter: string; s: string; type: ExportCol['type'] }[], cells: ExcelJS.CellValue[]): string {
  let x = `<row r="${rowNo}">`
  for (let i = 0; i < cells.length; i++) {
    const v = cells[i]
    if (v === null || v === undefined) continue
    const c = cols[i]!
    const r = `${c.letter}${rowNo}`
    if (typeof v === 'number') {
      if (Number.isFinite(v)) x += `<c r="${r}"${c.s}><v>${v}</v></c>`
    } else if (v instanceof Date) {
      const t = v.getTime()
      if (!Number.isNaN(t)) x += `<c r="${r}"${c.s}><v>${t / 86_400_000 + EXCEL_EPOCH_DAYS}</v></c>`
    } else if (typeof v === 'boolean') {
      x += `<c r="${r}"${c.s} t="b"><v>${v ? 1 : 0}</v></c>`
    } else {
      const text = String(v)
      const space = /^\s|\s$/.test(text) ? ' xml:space="preserve"' : ''
      x += `<c r="${r}"${c.s} t="inlineStr"><is><t${space}>${xmlText(text)}</t></is></c>`
    }
  }
  return `${x}</row>`
}

/** the writer's buffer towards zlib: wait while more than 4 MB is queued (exceljs does not wait by itself) */
async function drained(ws: ExcelJS.Worksheet) {
  const pipes = (ws as unknown as SheetInternals)._stream?.pipes ?? []
  for (const p of pipes) {
    while ((p._writableState?.length ?? 0) > 4 << 20) await new Promise((r) => setTimeout(r, 2))
  }
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
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false, zip: { zlib: { level: 1 } } })
  wb.creator = opts.creator ?? 'Kedan 客单'
  const styles = (wb as unknown as { styles: StyleInternals }).styles
  let written = 0
  for await (const src of sheets) {
    let ws: ExcelJS.Worksheet | null = null
    let columns: ExportCol[] = src.columns ?? []
    let fast: { letter: string; s: string; type: ExportCol['type'] }[] | null = null
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
      const internals = ws as unknown as SheetInternals
      // the fast row path when exceljs's streaming sheet looks as expected; otherwise exceljs's own rows
      fast =
        internals.startedData === true && typeof internals._rowZero === 'number' && Array.isArray(internals._rows) && internals._rows.length === 0 && typeof styles?.addStyleModel === 'function'
          ? columns.map((c, i) => {
              const numFmt = c.numFmt ?? NUM_FMT[c.type]
              const id = numFmt ? styles.addStyleModel({ numFmt }, 2) : 0
              return { letter: colName(i + 1), s: id ? ` s="${id}"` : '', type: c.type }
            })
          : null
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
      let xml = ''
      for (const r of batch) {
        if (inSheet >= EXCEL_MAX_ROWS - 2) {
          if (xml) (ws as unknown as SheetInternals).stream.write(xml)
          xml = ''
          close()
          open([])
        }
        const sheet = ws as unknown as ExcelJS.Worksheet
        if (fast) {
          const internals = sheet as unknown as SheetInternals
          xml += rowXml(internals._rowZero, fast, cellsOf(columns, r))
          internals._rowZero++
          if (xml.length > 1 << 20) {
            internals.stream.write(xml)
            xml = ''
          }
        } else sheet.addRow(cellsOf(columns, r)).commit()
        inSheet++
        written++
      }
      if (xml) (ws as unknown as SheetInternals).stream.write(xml)
      opts.onRows?.(written)
      // zlib keeps up (bounded memory), and the event loop breathes (HTTP answers, status polls) between batches
      await drained(ws as unknown as ExcelJS.Worksheet)
      await new Promise<void>((res) => setImmediate(res))
    }
    if (!ws) open([])
    close()
  }
  await wb.commit()
  return written
}
