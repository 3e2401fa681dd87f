import * as fs from 'node:fs'
import * as path from 'node:path'
import { createRequire } from 'node:module'
import { JobWorker } from '../cpu/job-worker'

/**
 * PDF rendering off the main thread. pdfmake lays a document out synchronously (50–100 ms for a
 * 送货单), which on the main thread would hold up every other call of the office; so documents are
 * built and rendered in one worker thread (pdf.worker.ts), one after the other, and only the bytes
 * come back. The worker gets the builder's name and its plain-data arguments (no functions cross).
 *
 * Where the worker script is: beside the bundle in the Electron build (out/main/pdf-worker.js, an
 * extra input in electron.vite.config.ts), else the TypeScript source run through tsx (serve, tests,
 * scripts). When neither works the document is rendered in this thread: slower for the others, same bytes.
 * KEDAN_PDF_IN_THREAD=1 renders in this thread on purpose.
 */
export type PdfBuilderName = 'document' | 'monthlyPack'

const req = typeof require === 'function' ? require : createRequire(path.join(process.cwd(), 'package.json'))

function workerEntry(): { file: string; execArgv?: string[] } | null {
  // the bundle may put this code in out/main/chunks/: the worker is beside index.js
  for (const built of [path.join(__dirname, 'pdf-worker.js'), path.join(__dirname, '..', 'pdf-worker.js')]) {
    if (fs.existsSync(built)) return { file: built }
  }
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

let pool: JobWorker | null | undefined

/** Renders in the worker; `inThread` is the same rendering here, used when no worker can run. */
export async function renderPdf(name: PdfBuilderName, args: unknown[], inThread: () => Promise<Buffer>): Promise<Buffer> {
  if (pool === undefined || pool?.broken) {
    const entry = process.env.KEDAN_PDF_IN_THREAD ? null : workerEntry()
    try {
      pool = entry ? new JobWorker(entry) : null
    } catch {
      pool = null
    }
  }
  if (!pool) return inThread()
  try {
    const bytes = await pool.run<Uint8Array>({ name, args })
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  } catch (e) {
    // a worker that could not start (no tsx, a packaging problem) must not cost the user the document
    if (pool?.broken) {
      pool = null
      return inThread()
    }
    throw e
  }
}
