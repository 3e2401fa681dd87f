import * as fs from 'node:fs'
import * as path from 'node:path'
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

/**
 * PDF rendering off the main thread. pdfmake lays a document out synchronously (50–100 ms for a
 * 送货单), which on the main thread would hold up every other call of the office; so documents are
 * built and rendered in one worker thread (pdf.worker.ts), one after the other, and only the bytes
 * come back. The worker gets the builder's name and its plain-data arguments (no functions cross).
 *
 * Where the worker script is: beside the bundle in the Electron build (out/main/pdf-worker.js, an
 * extra input in electron.vite.config.ts), else the TypeScript source run through tsx (serve, tests,
 * scripts). When neither works the document is rendered in this thread: slower for the others, same bytes.
 */
export type PdfBuilderName = 'deliveryNote'

interface Job {
  resolve: (b: Buffer) => void
  reject: (e: Error) => void
}

const req = typeof require === 'function' ? require : createRequire(path.join(process.cwd(), 'package.json'))

function workerEntry(): { file: string; execArgv?: string[] } | null {
  const built = path.join(__dirname, 'pdf-worker.js')
  if (fs.existsSync(built)) return { file: built }
  const source = path.join(__dirname, 'pdf.worker.ts')
  if (fs.existsSync(source)) {
    try {
      return { file: source, execArgv: ['--require', req.resolve('tsx/cjs')] }
    } catch {
      return null
    }
  }
  return null
}

class PdfWorker {
  private worker: Worker
  private jobs = new Map<number, Job>()
  private seq = 0
  broken = false

  constructor(entry: { file: string; execArgv?: string[] }) {
    this.worker = new Worker(entry.file, { execArgv: entry.execArgv ?? [] })
    this.worker.unref() // an idle renderer never keeps the process alive
    this.worker.on('message', (m: { id: number; ok: boolean; data?: Uint8Array; message?: string }) => {
      const job = this.jobs.get(m.id)
      if (!job) return
      this.jobs.delete(m.id)
      if (!this.jobs.size) this.worker.unref()
      if (m.ok) job.resolve(Buffer.from(m.data!.buffer, m.data!.byteOffset, m.data!.byteLength))
      else job.reject(new Error(m.message ?? 'PDF rendering failed'))
    })
    const fail = (e: Error) => {
      this.broken = true
      for (const job of this.jobs.values()) job.reject(e)
      this.jobs.clear()
    }
    this.worker.on('error', fail)
    this.worker.on('exit', (code) => fail(new Error(`PDF worker stopped (${code})`)))
  }

  render(name: PdfBuilderName, args: unknown[]): Promise<Buffer> {
    const id = ++this.seq
    return new Promise<Buffer>((resolve, reject) => {
      this.jobs.set(id, { resolve, reject })
      this.worker.ref() // a pending document keeps the process alive until it is back
      this.worker.postMessage({ id, name, args })
    })
  }
}

let pool: PdfWorker | null | undefined

/** Renders in the worker; `inThread` is the same rendering here, used when no worker can run. */
export async function renderPdf(name: PdfBuilderName, args: unknown[], inThread: () => Promise<Buffer>): Promise<Buffer> {
  if (pool === undefined || pool?.broken) {
    const entry = process.env.KEDAN_PDF_IN_THREAD ? null : workerEntry()
    try {
      pool = entry ? new PdfWorker(entry) : null
    } catch {
      pool = null
    }
  }
  if (!pool) return inThread()
  try {
    return await pool.render(name, args)
  } catch (e) {
    // a worker that could not start (no tsx, a packaging problem) must not cost the user the document
    if (pool?.broken) {
      pool = null
      return inThread()
    }
    throw e
  }
}
