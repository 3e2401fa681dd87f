import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import type { DataSource } from 'typeorm'
import { refreshNotedFacts } from '../report/facts.service'
import { AppError, appError, type Envelope, type ErrorBody } from './errors'
import { currentLocale, pickLocale, withLocale, type Locale } from '../i18n/i18n'
import type { Ctx, MethodDef, SessionUser } from './method'
import type { Registry } from './registry'
import { CommitThenFail } from './commit-then-fail'
import type { WriteQueue } from '../db/write-queue'
import { findBadText } from './types'

export interface DispatchMeta {
  token?: string
  /** the caller's address (HTTP: the peer's IP; IPC: 'local'), for login throttling */
  clientAddress?: string
  /**
   * The caller's language: a tag or an Accept-Language list (HTTP: `X-Kedan-Locale`, else `Accept-Language`;
   * IPC: a field the preload sends). Messages, validation issues and labels follow it; default zh-CN.
   */
  locale?: string
}

export interface DispatcherDeps {
  registry: Registry
  dataSource: DataSource
  queue: WriteQueue
  /**
   * Where reads run, beside the write queue: on SQLite a second, read-only connection (WAL lets it read
   * while the writer writes), on PostgreSQL the pool. Defaults to `dataSource`.
   */
  readDataSource?: DataSource
  engine: 'sqlite' | 'postgres'
  now: () => Date
  today: () => string
  /** Turns a token into the signed-in user (or throws UNAUTHENTICATED), on the call's connection (writes: in its transaction). */
  resolveSession: (ctx: Omit<Ctx, 'user'>, token: string | undefined) => Promise<SessionUser>
  log?: (line: string) => void
  /** the core's memory (ctx.memory), when the core needs to reach it too (the first-run setup code) */
  memory?: Map<string, unknown>
}

export type Dispatch = <T = unknown>(method: string, input?: unknown, meta?: DispatchMeta) => Promise<Envelope<T>>

// zod's own messages in the language of the request being parsed (Chinese unless the caller asked for English)
const zodLocales: Record<Locale, z.core.$ZodErrorMap> = { 'zh-CN': z.locales.zhCN().localeError, 'en-US': z.locales.en().localeError }
z.config({ localeError: (iss) => zodLocales[currentLocale()](iss) })

/**
 * zod issues → one VALIDATION error naming the field: the message is `<path>: <text>` of the first
 * issue (forms show `details.issues` under each field).
 */
export function zodToAppError(err: z.ZodError): AppError {
  const issues = err.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message, code: i.code }))
  const first = issues[0]
  if (!first) return appError('VALIDATION', 'validation.invalid', {}, { issues })
  if (!first.path) return appError('VALIDATION', 'error.text', { text: first.message }, { issues })
  return appError('VALIDATION', 'validation.field', { path: first.path, message: first.message }, { issues })
}

export function createDispatcher(deps: DispatcherDeps): Dispatch {
  const { registry, dataSource, queue } = deps
  const readDataSource = deps.readDataSource ?? dataSource
  const log = deps.log ?? ((l: string) => console.error(l))
  const memory = deps.memory ?? new Map<string, unknown>()
  /**
   * One write transaction. SQLite: through the single writer (the queue). PostgreSQL: concurrently on the pool,
   * each write SERIALIZABLE, so a race gives the answer of some one-after-the-other order (no lost update, no
   * over-allocation, no negative stock, numbers without gaps); a serialization failure or a deadlock (40001/40P01)
   * runs the transaction again from its start, a few times, after a short random pause.
   */
  const gate = new PgWriteGate()
  const writeTx = <R>(job: (em: Ctx['em']) => Promise<R>, isolation: PgIsolation = 'SERIALIZABLE'): Promise<R> =>
    deps.engine === 'postgres' ? pgWriteWithRetry(dataSource, gate, isolation, job) : queue.run(() => dataSource.transaction(job))
  const queuedWrite = <R>(job: (em: Ctx['em']) => Promise<R>) => writeTx(job)

  return async function dispatch<T>(methodName: string, rawInput?: unknown, meta: DispatchMeta = {}): Promise<Envelope<T>> {
    const requestId = randomUUID().slice(0, 8)
    const locale = pickLocale(meta.locale)
    try {
      const def = registry.get(methodName)
      if (!def) throw appError('NOT_FOUND', 'error.unknownMethod', { method: methodName })
      if (def.maxInputBytes !== undefined && textBytes(rawInput, def.maxInputBytes) > def.maxInputBytes) {
        throw appError('PAYLOAD_TOO_LARGE', 'import.tooLarge', { max: Math.floor(def.maxInputBytes / 1024 / 1024) })
      }

      // Input is validated only after the session and role are checked (public methods: right away),
      // so a caller without a valid token learns nothing about the schema.
      const parseInput = () => {
        // zod renders an issue's message when the issues are first read: both inside the caller's locale
        return withLocale(locale, () => {
          const bad = findBadText(rawInput)
          if (bad) {
            const issues = [{ ...bad, code: 'custom' }]
            throw bad.path
              ? appError('VALIDATION', 'validation.field', { path: bad.path, message: bad.message }, { issues })
              : appError('VALIDATION', 'error.text', { text: bad.message }, { issues })
          }
          const parsed = def.input.safeParse(rawInput === null || rawInput === undefined ? {} : rawInput)
          if (!parsed.success) throw zodToAppError(parsed.error)
          return parsed.data
        })
      }
      const publicInput = def.access === 'public' ? parseInput() : undefined

      // the session and role, on the connection of the phase (reads and prepare: the read connection)
      const authorize = async (em: Ctx['em'], inTx: boolean): Promise<Ctx> => {
        const base = {
          em,
          now: deps.now,
          today: deps.today,
          token: meta.token,
          engine: deps.engine,
          requestId,
          locale,
          clientAddress: meta.clientAddress,
          memory,
          inWriteTx: <R>(job: (em: Ctx['em']) => Promise<R>) => (inTx ? job(em) : queuedWrite(job)),
        }
        let user: SessionUser
        if (def.access === 'public') {
          user = undefined as unknown as SessionUser
          if (meta.token) {
            try {
              user = await deps.resolveSession(base, meta.token)
            } catch {
              /* public methods work without a valid session */
            }
          }
        } else {
          user = await deps.resolveSession(base, meta.token)
          if (Array.isArray(def.access) && !def.access.includes(user.role)) {
            throw appError('FORBIDDEN', 'error.forbidden', {}, { method: methodName, role: user.role })
          }
        }
        return { ...base, user }
      }
      const input = () => (def.access === 'public' ? publicInput : parseInput())

      let result: unknown
      if (!def.write) {
        // reads never wait in the write queue
        const ctx = await authorize(readDataSource.manager, false)
        result = await def.handler(ctx, input(), undefined)
      } else {
        // read → compute outside the queue → write: the slow part (hashing, rendering) runs before queueing
        const prepare = def.prepare
        let prepared: unknown
        let parsed: unknown
        if (prepare) {
          const ctx = await authorize(readDataSource.manager, false)
          parsed = input()
          prepared = await prepare(ctx, parsed)
        }
        result = await writeTx(async (em) => {
          try {
            // the session is checked again inside the transaction: it may have ended meanwhile
            const ctx = await authorize(em, true)
            const out = await def.handler(ctx, prepare ? parsed : input(), prepared)
            // the report summaries of the customers whose documents this write changed, in the same transaction
            await refreshNotedFacts({ em, engine: deps.engine })
            return out
          } catch (e) {
            if (e instanceof CommitThenFail) {
              await refreshNotedFacts({ em, engine: deps.engine })
              return e
            }
            throw e
          }
        }, def.pgIsolation)
      }
      if (result instanceof CommitThenFail) throw result.error

      const out = def.output.safeParse(result)
      if (!out.success) {
        log(`[${requestId}] output of ${methodName} does not match its schema: ${JSON.stringify(out.error.issues).slice(0, 2000)}`)
        throw appError('INTERNAL', 'error.internalShort', { requestId })
      }
      return { ok: true, data: out.data as T }
    } catch (err) {
      return { ok: false, error: toErrorBody(err, requestId, methodName, log, locale) }
    }
  }
}

/** PostgreSQL's "try again" answers: serialization_failure and deadlock_detected */
export function isRetryable(e: unknown): boolean {
  const err = e as { code?: string; driverError?: { code?: string } } | null
  const code = err?.code ?? err?.driverError?.code
  return code === '40001' || code === '40P01'
}

/** how often a PostgreSQL write is tried before its serialization failure is answered (as CONFLICT error.busy) */
export const PG_WRITE_ATTEMPTS = 20
/** after this many serialization failures a write runs alone (the gate's exclusive lane): it cannot starve */
const PG_ALONE_AFTER = 3

type PgIsolation = NonNullable<MethodDef['pgIsolation']>

/**
 * The writes of this process on PostgreSQL: normally any number at once (shared); a write that lost a race
 * PG_ALONE_AFTER times waits until the writes under way have finished and runs by itself (exclusive), while new
 * ones wait for it. Hot rows (one day's order counter under 50 clients) then still end in a bounded time.
 */
export class PgWriteGate {
  private active = 0
  private drained: (() => void) | null = null
  private blocked: Promise<void> | null = null
  private exclusiveTail: Promise<void> = Promise.resolve()

  async shared<R>(job: () => Promise<R>): Promise<R> {
    while (this.blocked) await this.blocked
    this.active++
    try {
      return await job()
    } finally {
      this.active--
      if (this.active === 0 && this.drained) this.drained()
    }
  }

  async exclusive<R>(job: () => Promise<R>): Promise<R> {
    const before = this.exclusiveTail
    let release!: () => void
    this.exclusiveTail = new Promise<void>((r) => (release = r))
    await before
    let unblock!: () => void
    this.blocked = new Promise<void>((r) => (unblock = r))
    try {
      while (this.active > 0) await new Promise<void>((r) => (this.drained = r))
      this.drained = null
      return await job()
    } finally {
      this.blocked = null
      unblock()
      release()
    }
  }
}

async function pgWriteWithRetry<R>(dataSource: DataSource, gate: PgWriteGate, isolation: PgIsolation, job: (em: Ctx['em']) => Promise<R>): Promise<R> {
  for (let attempt = 1; ; attempt++) {
    try {
      const tx = () => dataSource.transaction(isolation, job)
      return await (attempt > PG_ALONE_AFTER ? gate.exclusive(tx) : gate.shared(tx))
    } catch (e) {
      if (!isRetryable(e) || attempt >= PG_WRITE_ATTEMPTS) throw e
      // a short random pause, so the racers do not meet again at once
      await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt))
    }
  }
}

export function toErrorBody(err: unknown, requestId: string, methodName: string, log: (l: string) => void, locale?: Locale): ErrorBody {
  if (err instanceof AppError) return err.body(locale)
  if (err instanceof z.ZodError) return zodToAppError(err).body(locale)
  const e = err as { code?: string; message?: string; stack?: string }
  // Unique constraints that a service did not pre-check still answer as a conflict, not a crash.
  if (e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === '23505') {
    return appError('CONFLICT', 'error.duplicate', {}, { requestId }).body(locale)
  }
  if (e?.code === 'SQLITE_BUSY' || isRetryable(err)) {
    return appError('CONFLICT', 'error.busy', {}, { requestId }).body(locale)
  }
  log(`[${requestId}] ${methodName} failed: ${e?.stack ?? String(err)}`)
  return appError('INTERNAL', 'error.internal', { requestId }, { requestId }).body(locale)
}

/** The text an input holds (strings' lengths, keys included), counted until it passes `stop`: a cheap bound on its JSON size. */
function textBytes(v: unknown, stop: number): number {
  let n = 0
  const walk = (x: unknown): void => {
    if (n > stop) return
    if (typeof x === 'string') n += x.length + 2
    else if (Array.isArray(x)) for (const y of x) walk(y)
    else if (x && typeof x === 'object') for (const [k, y] of Object.entries(x)) (n += k.length + 3), walk(y)
    else n += 8
  }
  walk(v)
  return n
}
