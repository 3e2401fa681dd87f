import { Worker } from 'node:worker_threads'

/**
 * One worker thread that answers `{ id, ...job }` messages with `{ id, ok, data | message }`, for CPU
 * work that must not run on the thread answering calls (PDF rendering, password hashing). It never
 * keeps the process alive while idle; when it cannot start or dies, `broken` is set, pending jobs
 * fail, and the caller falls back to doing the work itself.
 */
export class JobWorker {
  private worker: Worker
  private jobs = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()
  private seq = 0
  broken = false

  constructor(entry: { file: string; execArgv?: string[] } | { code: string }) {
    this.worker =
      'code' in entry ? new Worker(entry.code, { eval: true }) : new Worker(entry.file, { execArgv: entry.execArgv ?? [] })
    this.worker.unref()
    this.worker.on('message', (m: { id: number; ok: boolean; data?: unknown; message?: string }) => {
      const job = this.jobs.get(m.id)
      if (!job) return
      this.jobs.delete(m.id)
      if (!this.jobs.size) this.worker.unref()
      if (m.ok) job.resolve(m.data)
      else job.reject(new Error(m.message ?? 'worker job failed'))
    })
    const fail = (e: Error) => {
      this.broken = true
      for (const job of this.jobs.values()) job.reject(e)
      this.jobs.clear()
    }
    this.worker.on('error', fail)
    this.worker.on('exit', (code) => fail(new Error(`worker stopped (${code})`)))
  }

  /** jobs sent and not answered yet */
  get pending(): number {
    return this.jobs.size
  }

  run<T>(job: Record<string, unknown>): Promise<T> {
    const id = ++this.seq
    return new Promise<T>((resolve, reject) => {
      this.jobs.set(id, { resolve: resolve as (v: unknown) => void, reject })
      this.worker.ref() // a pending job keeps the process alive until it is answered
      this.worker.postMessage({ ...job, id })
    })
  }

  terminate(): Promise<number> {
    return this.worker.terminate()
  }
}

/**
 * Lowers the calling thread's priority on Linux (setpriority(…, 0, …) applies to the calling thread
 * there), so the thread answering calls comes first when the cores are busy. Not elsewhere: on Windows
 * it would lower the whole process. As source text too, for workers started from code.
 */
export const LOWER_THREAD_PRIORITY_JS = `if (process.platform === 'linux') { try { require('node:os').setPriority(0, 10) } catch {} }`
