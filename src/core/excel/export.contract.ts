import { z } from 'zod'
import { defineMethod, type AnyMethod } from '../contract/method'
import { can } from '../auth/permissions'
import { JOB_LIST_NAMES } from './export.sources'
import { jobChunk, jobStatus, ownJob, startExportJob } from './export.jobs'

let allMethods: () => readonly AnyMethod[] = () => []
/** methods.ts hands the export jobs the registered list methods (they run them as the caller, scope and all) */
export function setExportJobSource(source: () => readonly AnyMethod[]) {
  allMethods = source
}

const jobId = z.string().regex(/^[0-9a-f]{32}$/, '导出任务编号无效')

/** Big exports (issue 13): a background job streaming the workbook to a file, fetched over HTTP when done. */
export const exportJobMethods = [
  defineMethod({
    name: 'export.start',
    summary: 'Starts an export of any list or report (or, for an admin, `fullData`: every table, one sheet each) as a background job',
    ...can('exports'),
    write: false,
    input: z.object({
      list: z.enum(JOB_LIST_NAMES),
      filters: z.record(z.string().max(50), z.unknown()).optional(),
      sort: z.string().max(50).optional(),
    }),
    output: z.object({ jobId: z.string(), total: z.number().int().nullable() }),
    handler: (ctx, input) => startExportJob(ctx, allMethods(), input.list, input.filters, input.sort),
  }),
  defineMethod({
    name: 'export.status',
    summary: 'How far an export job is: {done, rows, total}; when done the file is at downloadPath (GET with the session token)',
    ...can('exports'),
    write: false,
    input: z.object({ jobId }),
    output: z.object({
      done: z.boolean(),
      rows: z.number().int(),
      total: z.number().int(),
      fileName: z.string(),
      error: z.string().nullable(),
      downloadPath: z.string(),
    }),
    handler: (ctx, input) => jobStatus(ownJob(ctx, input.jobId)),
  }),
  defineMethod({
    name: 'export.chunk',
    summary: 'A finished export file in base64 pieces of up to 4 MB (transports without the HTTP GET: Electron IPC)',
    ...can('exports'),
    write: false,
    input: z.object({ jobId, offset: z.number().int().min(0).max(2_147_483_647) }),
    output: z.object({ base64: z.string(), size: z.number().int(), next: z.number().int().nullable(), fileName: z.string(), mimeType: z.string() }),
    handler: (ctx, input) => jobChunk(ownJob(ctx, input.jobId), input.offset),
  }),
]
