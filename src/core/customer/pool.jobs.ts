import { randomUUID } from 'node:crypto'
import type { EntityManager } from 'typeorm'
import type { Core } from '../index'
import type { Ctx, SessionUser } from '../contract/method'
import { isRetryable } from '../contract/dispatcher'
import { dateInCompanyTz } from '../clock'
import { DEFAULT_LOCALE } from '../i18n/i18n'
import { SettingEntity } from '../settings/settings.entity'
import { sweepPool, type SweepResult } from './pool.service'

/** The settings row remembering the company day of the last sweep: one sweep a day, however many hosts or restarts. */
const LAST_RUN_KEY = 'poolSweep.lastRunOn'

type JobCore = Pick<Core, 'dataSource' | 'queue' | 'engine'>

/** One write transaction outside any call: SQLite through the single writer, PostgreSQL SERIALIZABLE, retried on a lost race. */
async function systemWrite<R>(core: JobCore, job: (em: EntityManager) => Promise<R>): Promise<R> {
  if (core.engine === 'sqlite') return core.queue.run(() => core.dataSource.transaction(job))
  for (let attempt = 1; ; attempt++) {
    try {
      return await core.dataSource.transaction('SERIALIZABLE', job)
    } catch (e) {
      if (!isRetryable(e) || attempt >= 10) throw e
      await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt))
    }
  }
}

/** The context of the system's own work: no signed-in user (the log shows no person), the company's clock. */
function systemCtx(em: EntityManager, core: JobCore, now: () => Date): Ctx {
  const ctx: Ctx = {
    user: undefined as unknown as SessionUser,
    em,
    now,
    today: () => dateInCompanyTz(now()),
    engine: core.engine,
    requestId: `job-${randomUUID().slice(0, 8)}`,
    locale: DEFAULT_LOCALE,
    memory: new Map(),
    inWriteTx: (job) => job(em),
  }
  return ctx
}

/**
 * The daily 公海 sweep as the host runs it: once per company day (the day is kept in the settings table, so a
 * restart or a second host does not sweep twice). `ran` is false when today's sweep had already been done.
 */
export async function runDailyPoolSweep(core: JobCore, now: () => Date = () => new Date()): Promise<SweepResult & { ran: boolean }> {
  return systemWrite(core, async (em) => {
    const ctx = systemCtx(em, core, now)
    const today = ctx.today()
    const settings = em.getRepository(SettingEntity)
    const row = await settings.findOneBy({ key: LAST_RUN_KEY })
    if (row && JSON.parse(row.value) === today) return { returned: 0, warned: 0, ran: false }
    const result = await sweepPool(ctx)
    const value = JSON.stringify(today)
    const at = now().toISOString()
    if (row) await settings.update({ key: LAST_RUN_KEY }, { value, updatedAt: at, updatedByName: null, version: row.version + 1 })
    else await settings.insert({ key: LAST_RUN_KEY, value, updatedAt: at, updatedByName: null, version: 1 })
    return { ...result, ran: true }
  })
}

/**
 * Starts the host's daily jobs (the 公海 sweep): shortly after start and then every `everyMs` it checks whether
 * today's sweep is done. Returns the stop function; the timer never keeps the process alive.
 */
export function startDailyJobs(core: JobCore, opts: { log?: (line: string) => void; everyMs?: number; firstAfterMs?: number; now?: () => Date } = {}): () => void {
  const log = opts.log ?? ((l: string) => console.error(l))
  let running = false
  const tick = () => {
    if (running || !core.dataSource.isInitialized) return
    running = true
    runDailyPoolSweep(core, opts.now)
      .then((r) => {
        if (r.ran && (r.returned || r.warned)) log(`公海 sweep: ${r.returned} customer(s) returned to the pool, ${r.warned} owner reminder(s)`)
      })
      .catch((e) => log(`公海 sweep failed: ${(e as Error).message}`))
      .finally(() => (running = false))
  }
  const first = setTimeout(tick, opts.firstAfterMs ?? 20_000)
  const timer = setInterval(tick, opts.everyMs ?? 15 * 60_000)
  first.unref()
  timer.unref()
  return () => {
    clearTimeout(first)
    clearInterval(timer)
  }
}
