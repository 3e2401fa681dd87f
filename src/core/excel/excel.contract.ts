import { z } from 'zod'
import { defineMethod, type AnyMethod } from '../contract/method'
import { can } from '../auth/permissions'
import { appError } from '../contract/errors'
import { IMPORT_KINDS } from './import.kinds'
import { ORDER_IMPORT_STATUSES } from './import.history'
import { cancel, IMPORT_PHASES, progress, tracker } from './import.progress'
import { applyPlan, dryRunOut, errorWorkbook, planImport } from './import.service'
import { templateWorkbook, XLSX_MIME } from './excel.write'
import { EXPORT_LIST_NAMES, exportList } from './export.service'

const kind = z.enum(IMPORT_KINDS)
/** a file name: visible text, no control, invisible or path characters */
const fileName = z
  .string()
  .max(200)
  .regex(/^[^\u0000-\u001f\\/:*?"<>|\u200B-\u200F\u2060\uFEFF\uD800-\uDFFF]*[^\s\u0000-\u001f\\/:*?"<>|\u200B-\u200F\u2060\uFEFF\u3000\u00A0\uD800-\uDFFF][^\u0000-\u001f\\/:*?"<>|\u200B-\u200F\u2060\uFEFF\uD800-\uDFFF]*$/, '文件名无效')
/** The largest import request (a spreadsheet as base64 in JSON): 50 MB; every other method keeps HTTP's 1 MB. */
export const IMPORT_MAX_BYTES = 50 * 1024 * 1024
/** the file's bytes, base64 (about 37 MB of file) */
const base64 = z
  .string()
  .min(1)
  .max(IMPORT_MAX_BYTES)
  .regex(/^[A-Za-z0-9+/=\r\n]+$/, '文件内容应为 base64')
/** column header as in the file → field key (null: not imported) */
const mapping = z.record(z.string().max(200), z.string().max(50).nullable())
/** orders: the state the historical orders are in (completed by default) and whether their numbers are kept */
const historyOptions = z
  .object({ orderStatus: z.enum(ORDER_IMPORT_STATUSES).optional(), numbering: z.enum(['file', 'assign']).optional() })
  .optional()
/** the caller's own name for this run (a random id), to ask import.progress and import.cancel about it */
const jobId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/)
const fileOut = z.object({ fileName: z.string(), mimeType: z.string(), base64: z.string() })
const problem = z.object({ row: z.number().int(), column: z.string(), message: z.string(), level: z.enum(['error', 'warning']) })

export const importMethods = [
  defineMethod({
    name: 'import.template',
    summary: 'The xlsx template of an import kind: Chinese headers, an example row, drop-downs, a 说明 sheet',
    ...can('administration'),
    write: false,
    input: z.object({ kind }),
    output: fileOut,
    async handler(_ctx, input) {
      return { ...(await templateWorkbook(input.kind)), mimeType: XLSX_MIME }
    },
  }),
  defineMethod({
    name: 'import.dryRun',
    summary: 'Reads the file, suggests the column mapping, validates every row like the contract does; changes nothing',
    ...can('administration'),
    write: false,
    maxInputBytes: IMPORT_MAX_BYTES,
    input: z.object({ kind, fileName, base64, mapping: mapping.optional(), options: historyOptions, jobId: jobId.optional() }),
    output: z.object({
      mapping,
      headers: z.array(z.string()),
      /** the fields of the kind, for the mapping's choices */
      fields: z.array(z.object({ key: z.string(), label: z.string(), required: z.boolean() })),
      totalRows: z.number().int(),
      validRows: z.number().int(),
      duplicateRows: z.number().int(),
      errors: z.array(problem),
      errorWorkbookBase64: z.string().optional(),
    }),
    async handler(ctx, input) {
      const track = tracker(ctx, input.jobId)
      try {
        const plan = await planImport(ctx, input.kind, input.fileName, input.base64, input.mapping, input.options, track)
        const wb = await errorWorkbook(plan, ctx.locale)
        track.finish(true)
        return { ...dryRunOut(plan), ...(wb ? { errorWorkbookBase64: wb } : {}) }
      } catch (e) {
        track.finish(false)
        throw e
      }
    },
  }),
  defineMethod({
    name: 'import.commit',
    summary: 'Imports every valid row in one transaction (or nothing: onError "abort"); duplicates skipped or updated',
    ...can('administration'),
    write: true,
    maxInputBytes: IMPORT_MAX_BYTES,
    // PostgreSQL: a big import is not run again from its start on a serialization failure; what it shares is
    // row-locked (the numbering counter's UPDATE) or unique (codes and numbers, re-checked in the handler)
    pgIsolation: 'READ COMMITTED',
    input: z.object({
      kind,
      fileName,
      base64,
      mapping,
      onDuplicate: z.enum(['skip', 'update']).default('skip'),
      onError: z.enum(['skipInvalid', 'abort']).default('skipInvalid'),
      options: historyOptions,
      jobId: jobId.optional(),
    }),
    output: z.object({ created: z.number().int(), updated: z.number().int(), skipped: z.number().int(), invalid: z.number().int() }),
    // reading and validating the file runs outside the write queue (issue 8: read, build outside, write)
    async prepare(ctx, input) {
      const track = tracker(ctx, input.jobId)
      try {
        const plan = await planImport(ctx, input.kind, input.fileName, input.base64, input.mapping, input.options, track)
        if (input.onError === 'abort' && plan.errorRows.size) {
          const errors = plan.problems.filter((p) => p.level === 'error')
          throw appError('VALIDATION', 'import.rowsHaveErrors', { count: plan.errorRows.size }, { errors: errors.slice(0, 200) })
        }
        return { plan, track }
      } catch (e) {
        track.finish(false)
        throw e
      }
    },
    async handler(ctx, input, { plan, track }) {
      try {
        const r = await applyPlan(ctx, plan, input.onDuplicate, track)
        track.finish(true)
        return { ...r, invalid: plan.errorRows.size }
      } catch (e) {
        track.finish(false)
        throw e
      }
    },
  }),
  defineMethod({
    name: 'import.progress',
    summary: 'How far a running import.dryRun / import.commit (named by its jobId) is: {phase, done, total}',
    ...can('administration'),
    write: false,
    input: z.object({ jobId }),
    output: z.object({ phase: z.enum(IMPORT_PHASES), done: z.number().int(), total: z.number().int(), known: z.boolean() }),
    handler: (ctx, input) => progress(ctx, input.jobId),
  }),
  defineMethod({
    name: 'import.cancel',
    summary: 'Stops a running import at its next step; a commit cancelled writes nothing',
    ...can('administration'),
    write: false,
    input: z.object({ jobId }),
    output: z.object({ cancelled: z.boolean() }),
    handler: (ctx, input) => cancel(ctx, input.jobId),
  }),
]

let allMethods: () => readonly AnyMethod[] = () => []
/** methods.ts hands the export the registered list methods (it runs them as the caller, scope and all) */
export function setExportSource(source: () => readonly AnyMethod[]) {
  allMethods = source
}

export const exportMethods = [
  defineMethod({
    name: 'export.xlsx',
    summary: 'A list or report with its filters and sort as a typed xlsx (up to 100 000 rows); the caller’s scope applies',
    ...can('exports'),
    write: false,
    input: z.object({
      list: z.enum(EXPORT_LIST_NAMES),
      filters: z.record(z.string().max(50), z.unknown()).optional(),
      sort: z.string().max(50).optional(),
    }),
    output: fileOut,
    async handler(ctx, input) {
      const r = await exportList(ctx, allMethods(), input.list, input.filters, input.sort)
      return { fileName: r.fileName, mimeType: r.mimeType, base64: r.base64 }
    },
  }),
]
