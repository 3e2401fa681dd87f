/**
 * The PDF worker thread (see pdf-render.ts): builds a document with the named builder from plain data
 * and renders it with pdfmake, away from the thread that answers calls, at a lower priority.
 */
import { parentPort } from 'node:worker_threads'
import { setPriority } from 'node:os'
import { renderDocuments } from './print.engine'
import { renderMonthlyPack } from './monthly.pdf'
import type { PdfBuilderName } from './pdf-render'

/** What the PDF worker can build, by name: plain-data arguments in, bytes out. */
const PDF_BUILDERS = { document: renderDocuments, monthlyPack: renderMonthlyPack } satisfies Record<PdfBuilderName, (...args: never[]) => Promise<Buffer>>

// Linux: setpriority(…, 0, …) lowers this thread only (on Windows it would lower the whole process: not there)
if (process.platform === 'linux') {
  try {
    setPriority(0, 10)
  } catch {
    /* not allowed: render at normal priority */
  }
}

parentPort!.on('message', async (m: { id: number; name: PdfBuilderName; args: unknown[] }) => {
  try {
    const build = PDF_BUILDERS[m.name] as (...args: unknown[]) => Promise<Buffer>
    const buffer = await build(...m.args)
    parentPort!.postMessage({ id: m.id, ok: true, data: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) })
  } catch (e) {
    parentPort!.postMessage({ id: m.id, ok: false, message: (e as Error).stack ?? String(e) })
  }
})
