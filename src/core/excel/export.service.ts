/**
 * export.xlsx: any list or report, with the caller's filters and sort, through the list's own read method (so
 * the caller's data scope applies exactly as on screen), paged until done, into a typed workbook written by the
 * streaming writer (export.stream.ts) into memory. Up to 100 000 rows; bigger ones are export.start jobs
 * (export.jobs.ts) that write the same workbook to a file.
 */
import { PassThrough } from 'node:stream'
import type { AnyMethod, Ctx } from '../contract/method'
import { appError } from '../contract/errors'
import { XLSX_MIME } from './excel.write'
import { columnsOf, MAX_ROWS, planExport, type ExportList } from './export.sources'
import { writeXlsxStream } from './export.stream'

export { EXPORT_LISTS, EXPORT_LIST_NAMES, type ExportList } from './export.sources'

export async function exportList(ctx: Ctx, methods: readonly AnyMethod[], list: ExportList, filters: Record<string, unknown> = {}, sort?: string) {
  const plan = await planExport(ctx, methods, list, filters, sort, { maxRows: MAX_ROWS + 1 })
  if (plan.total !== null && plan.total > MAX_ROWS) {
    throw appError('BUSINESS_RULE', 'export.tooBig', { max: MAX_ROWS, total: plan.total })
  }
  const out = new PassThrough()
  const chunks: Buffer[] = []
  out.on('data', (c: Buffer) => chunks.push(c))
  const ended = new Promise<void>((res, rej) => {
    out.on('end', res)
    out.on('error', rej)
  })
  const rows = await writeXlsxStream(out, plan.sheets, { inferColumns: columnsOf })
  await ended
  return { fileName: `${plan.fileBase}.xlsx`, mimeType: XLSX_MIME, base64: Buffer.concat(chunks).toString('base64'), rows }
}
