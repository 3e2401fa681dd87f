/**
 * Progress and cancel of a running import.dryRun / import.commit (issue 13). The caller names its run with a
 * `jobId` of its own (a random id) in the call's input; while the call runs, `import.progress {jobId}` answers
 * {phase, done, total} and `import.cancel {jobId}` stops it at the next step: a dry run answers CANCELLED… as a
 * BUSINESS_RULE error, a commit throws inside its transaction, so nothing of it is written (all-or-nothing).
 * Runs live in the core's memory, per user; finished ones are forgotten after 10 minutes.
 */
import type { Ctx } from '../contract/method'
import { appError } from '../contract/errors'

export const IMPORT_PHASES = ['reading', 'validating', 'writing', 'done', 'cancelled', 'failed'] as const
export type ImportPhase = (typeof IMPORT_PHASES)[number]

interface Run {
  userId: number
  phase: ImportPhase
  done: number
  total: number
  cancel: boolean
  at: number
}

const KEY = 'excel.importRuns'
const KEEP_MS = 10 * 60_000

function runsOf(memory: Map<string, unknown>): Map<string, Run> {
  let m = memory.get(KEY) as Map<string, Run> | undefined
  if (!m) memory.set(KEY, (m = new Map()))
  return m
}

export interface Tracker {
  phase(p: ImportPhase, total?: number): void
  step(done: number): Promise<void>
  check(): void
  finish(ok: boolean): void
}

const yieldNow = () => new Promise<void>((r) => setImmediate(r))

/** A tracker for the run `jobId` of the caller (a no-op without an id). */
export function tracker(ctx: Ctx, jobId: string | undefined): Tracker {
  if (!jobId) return { phase: () => {}, step: async () => {}, check: () => {}, finish: () => {} }
  const runs = runsOf(ctx.memory)
  const now = Date.now()
  for (const [k, r] of runs) if (now - r.at > KEEP_MS) runs.delete(k)
  const prior = runs.get(jobId)
  // a cancel that came before the run started still counts (same user)
  const run: Run = { userId: ctx.user.id, phase: 'reading', done: 0, total: 0, cancel: !!(prior && prior.userId === ctx.user.id && prior.cancel && prior.phase === 'reading'), at: now }
  runs.set(jobId, run)
  let lastYield = Date.now()
  const check = () => {
    if (run.cancel) {
      run.phase = 'cancelled'
      throw appError('BUSINESS_RULE', 'import.cancelled')
    }
  }
  return {
    phase(p, total) {
      run.phase = p
      run.done = 0
      if (total !== undefined) run.total = total
      run.at = Date.now()
      check()
    },
    async step(done) {
      run.done = done
      run.at = Date.now()
      // let progress and cancel calls in now and then (every ~50 ms of work)
      if (Date.now() - lastYield > 50) {
        await yieldNow()
        lastYield = Date.now()
      }
      check()
    },
    check,
    finish(ok) {
      if (run.phase !== 'cancelled') run.phase = ok ? 'done' : 'failed'
      if (ok) run.done = run.total
      run.at = Date.now()
    },
  }
}

export function progress(ctx: Ctx, jobId: string) {
  const r = runsOf(ctx.memory).get(jobId)
  if (!r || r.userId !== ctx.user.id) return { phase: 'reading' as ImportPhase, done: 0, total: 0, known: false }
  return { phase: r.phase, done: r.done, total: r.total, known: true }
}

export function cancel(ctx: Ctx, jobId: string): { cancelled: boolean } {
  const runs = runsOf(ctx.memory)
  const r = runs.get(jobId)
  if (r && r.userId !== ctx.user.id) return { cancelled: false }
  if (!r) {
    // not started yet (the dry run's request is still on its way): remember the cancel
    runs.set(jobId, { userId: ctx.user.id, phase: 'reading', done: 0, total: 0, cancel: true, at: Date.now() })
    return { cancelled: true }
  }
  if (r.phase === 'done' || r.phase === 'failed') return { cancelled: false }
  r.cancel = true
  return { cancelled: true }
}
