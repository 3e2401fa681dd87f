/**
 * Big exports as jobs (issue 13): export.start plans the export as the caller (filters checked, scope applied),
 * then writes the workbook to a temp file in the background with the streaming writer, reading batch by batch on
 * the read connection (never inside the write queue). export.status tells {done, rows, total}; the file is fetched
 * over HTTP (`GET /api/export/<jobId>`, src/server/http.ts) with the session token — only by the job's own user.
 * Jobs live in the core's memory (lost on restart); files older than an hour are removed.
 */
import * as crypto from 'node:crypto'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import type { AnyMethod, Ctx } from '../contract/method'
import { appError, notFound, type Envelope } from '../contract/errors'
import type { Dispatch, DispatchMeta } from '../contract/dispatcher'
import { pickLocale } from '../i18n/i18n'
import { columnsOf, planExport, type ExportList } from './export.sources'
import { writeXlsxStream } from './export.stream'
import { XLSX_MIME } from './excel.write'

export interface ExportJob {
  id: string
  userId: number
  list: string
  fileName: string
  file: string
  rows: number
  total: number | null
  done: boolean
  error: string | null
  startedAt: number
  finishedAt: number | null
}

const JOBS_KEY = 'excel.exportJobs'
const KEEP_MS = 60 * 60_000
/** running jobs one user may have at once */
const PER_USER = 2

export function jobsOf(memory: Map<string, unknown>): Map<string, ExportJob> {
  let jobs = memory.get(JOBS_KEY) as Map<string, ExportJob> | undefined
  if (!jobs) {
    jobs = new Map()
    memory.set(JOBS_KEY, jobs)
  }
  return jobs
}

const exportDir = () => path.join(os.tmpdir(), 'kedan-exports')

function sweep(jobs: Map<string, ExportJob>, now: number) {
  for (const [id, j] of jobs) {
    if (j.done && (j.finishedAt ?? 0) + KEEP_MS < now) {
      fs.rm(j.file, { force: true }, () => {})
      jobs.delete(id)
    }
  }
}

export async function startExportJob(ctx: Ctx, methods: readonly AnyMethod[], list: ExportList | 'fullData', filters?: Record<string, unknown>, sort?: string): Promise<{ jobId: string; total: number | null }> {
  const jobs = jobsOf(ctx.memory)
  sweep(jobs, Date.now())
  const running = [...jobs.values()].filter((j) => j.userId === ctx.user.id && !j.done).length
  if (running >= PER_USER) throw appError('BUSINESS_RULE', 'export.tooMany', { n: PER_USER })
  const plan = await planExport(ctx, methods, list, filters ?? {}, sort)
  const id = crypto.randomBytes(16).toString('hex')
  fs.mkdirSync(exportDir(), { recursive: true, mode: 0o700 })
  const file = path.join(exportDir(), `${id}.xlsx`)
  const job: ExportJob = { id, userId: ctx.user.id, list, fileName: `${plan.fileBase}.xlsx`, file, rows: 0, total: plan.total, done: false, error: null, startedAt: Date.now(), finishedAt: null }
  jobs.set(id, job)
  const out = fs.createWriteStream(file, { mode: 0o600 })
  const closed = new Promise<void>((res, rej) => {
    out.on('close', res)
    out.on('error', rej)
  })
  void writeXlsxStream(out, plan.sheets, { inferColumns: columnsOf, onRows: (n) => (job.rows = n) })
    .then(async (n) => {
      await closed
      job.rows = n
      if (job.total === null || job.total < n) job.total = n
    })
    .catch((e: unknown) => {
      job.error = (e as Error)?.message ?? String(e)
      out.destroy()
      fs.rm(file, { force: true }, () => {})
    })
    .finally(() => {
      job.done = true
      job.finishedAt = Date.now()
    })
  return { jobId: id, total: plan.total }
}

/** the caller's own job (another user's is "not found", like any record out of scope) */
export function ownJob(ctx: Ctx, jobId: string): ExportJob {
  const job = jobsOf(ctx.memory).get(jobId)
  if (!job || job.userId !== ctx.user.id) throw notFound('导出任务')
  return job
}

export function jobStatus(job: ExportJob) {
  return {
    done: job.done,
    rows: job.rows,
    total: job.total ?? job.rows,
    fileName: job.fileName,
    error: job.error,
    /** where the finished file is fetched with the session token (GET) */
    downloadPath: `/api/export/${job.id}`,
  }
}

const CHUNK = 4 << 20

/** a piece of the finished file (export.chunk): Electron's IPC has no HTTP GET */
export async function jobChunk(job: ExportJob, offset: number) {
  if (!job.done) throw appError('BUSINESS_RULE', 'export.notReady')
  if (job.error) throw appError('BUSINESS_RULE', 'export.failed', { message: job.error })
  const size = fs.statSync(job.file).size
  const fh = await fs.promises.open(job.file, 'r')
  try {
    const buf = Buffer.alloc(Math.max(0, Math.min(CHUNK, size - offset)))
    if (buf.length) await fh.read(buf, 0, buf.length, offset)
    const next = offset + buf.length < size ? offset + buf.length : null
    return { base64: buf.toString('base64'), size, next, fileName: job.fileName, mimeType: XLSX_MIME }
  } finally {
    await fh.close()
  }
}

/**
 * The finished file of a job for a transport (HTTP GET, Electron's save): the session and the job's owner are
 * checked through export.status itself, so the rules are the dispatcher's.
 */
export async function exportDownload(dispatch: Dispatch, memory: Map<string, unknown>, jobId: string, meta: DispatchMeta): Promise<Envelope<{ file: string; fileName: string; mimeType: string; size: number }>> {
  const st = await dispatch<{ done: boolean; error: string | null }>('export.status', { jobId }, meta)
  if (!st.ok) return st
  if (!st.data.done || st.data.error) {
    const e = appError('BUSINESS_RULE', st.data.error ? 'export.failed' : 'export.notReady', { message: st.data.error ?? '' })
    return { ok: false, error: e.body(pickLocale(meta.locale)) }
  }
  const job = jobsOf(memory).get(jobId)!
  const size = fs.statSync(job.file).size
  return { ok: true, data: { file: job.file, fileName: job.fileName, mimeType: XLSX_MIME, size } }
}

/** Content-Disposition with the Chinese name per RFC 6266/5987 (filename* UTF-8) and an ASCII fallback */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`
}
