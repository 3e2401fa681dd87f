import * as path from 'node:path'
import { z } from 'zod'
import { defineMethod, type Ctx } from '../contract/method'
import { can } from '../auth/permissions'
import { appError } from '../contract/errors'
import { BACKUP_MANAGER_KEY } from '../backup/backup.contract'
import type { BackupManager } from '../backup/backup.service'
import { currentMoveJob, maskUrl, probePostgres, readPostgresSwitch, removePostgresSwitch, startMove, type MoveJob } from './database.move'

/**
 * 设置 › 数据库 (admin): move a SQLite host to PostgreSQL. Everything here runs outside the SQLite write queue
 * (write: false): the copy reads a fresh backup, and the job is polled with database.moveStatus.
 */
const pgUrl = z
  .string()
  .trim()
  .max(1000)
  .regex(/^postgres(ql)?:\/\/\S+$/, 'postgres://user:password@host:5432/database')

function sqliteHere(ctx: Ctx): { backups: BackupManager; dataDir: string } {
  const backups = ctx.memory.get(BACKUP_MANAGER_KEY) as BackupManager | undefined
  if (ctx.engine !== 'sqlite' || !backups?.deps.dbFile) throw appError('BUSINESS_RULE', 'database.alreadyPostgres')
  return { backups, dataDir: path.dirname(backups.deps.dbFile) }
}

const job = z.object({
  id: z.string(),
  url: z.string(),
  state: z.enum(['running', 'done', 'failed']),
  phase: z.enum(['backup', 'count', 'copy', 'check', 'done']),
  table: z.string().nullable(),
  tablesDone: z.number(),
  tables: z.number(),
  rowsCopied: z.number(),
  rowsTotal: z.number(),
  result: z.object({ rows: z.number(), tables: z.array(z.object({ table: z.string(), rows: z.number(), totals: z.record(z.string(), z.string()) })) }).nullable(),
  error: z.string().nullable(),
  backupFile: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
})

const STARTING = 'database.moveStarting'

const jobOut = (j: MoveJob) => ({ ...j, result: j.result ? { rows: j.result.rows, tables: j.result.tables.map((t) => ({ ...t })) } : null })

export const databaseMethods = [
  defineMethod({
    name: 'database.info',
    summary: 'Which engine this host runs on; a move to PostgreSQL made and waiting for the next start; the running or last move',
    ...can('administration'),
    write: false,
    input: z.object({}).optional(),
    output: z.object({
      engine: z.enum(['sqlite', 'postgres']),
      pendingSwitch: z.object({ url: z.string(), movedAt: z.string(), rows: z.number() }).nullable(),
      job: job.nullable(),
    }),
    handler(ctx) {
      const backups = ctx.memory.get(BACKUP_MANAGER_KEY) as BackupManager | undefined
      const s = ctx.engine === 'sqlite' && backups?.deps.dbFile ? readPostgresSwitch(path.dirname(backups.deps.dbFile)) : null
      const j = currentMoveJob(ctx.memory)
      return { engine: ctx.engine, pendingSwitch: s ? { url: maskUrl(s.url), movedAt: s.movedAt, rows: s.rows } : null, job: j ? jobOut(j) : null }
    },
  }),
  defineMethod({
    name: 'database.testPostgres',
    summary: 'Tests a PostgreSQL URL: reachable, signed in, server version, and whether the database is empty (a move needs an empty one)',
    ...can('administration'),
    write: false,
    input: z.object({ url: pgUrl }),
    output: z.discriminatedUnion('ok', [
      z.object({ ok: z.literal(true), serverVersion: z.string(), database: z.string(), empty: z.boolean(), tablesWithRows: z.array(z.string()) }),
      z.object({ ok: z.literal(false), problem: z.enum(['unreachable', 'auth', 'noDatabase', 'other']), detail: z.string() }),
    ]),
    handler: (_ctx, input) => probePostgres(input.url),
  }),
  defineMethod({
    name: 'database.moveToPostgres',
    summary: 'Starts the move of this SQLite host into an empty PostgreSQL database (a backup first, then the copy and its check); poll database.moveStatus',
    ...can('administration'),
    // the long copy runs outside the write queue: it reads a fresh backup, not the live database
    write: false,
    input: z.object({ url: pgUrl }),
    output: job,
    async handler(ctx, input) {
      const { backups, dataDir } = sqliteHere(ctx)
      // two admins clicking at once: the slot is taken before the first await
      if (currentMoveJob(ctx.memory)?.state === 'running' || ctx.memory.get(STARTING)) throw appError('BUSINESS_RULE', 'database.moveRunning')
      ctx.memory.set(STARTING, true)
      try {
        const probe = await probePostgres(input.url)
        if (!probe.ok) throw appError('BUSINESS_RULE', 'database.unreachable', { detail: probe.detail }, { problem: probe.problem })
        if (!probe.empty) throw appError('BUSINESS_RULE', 'database.notEmpty', { tables: probe.tablesWithRows.slice(0, 5).join(', ') })
        return jobOut(startMove(ctx.memory, { userId: ctx.user.id, url: input.url, dataDir, backups, now: () => ctx.now(), log: backups.deps.log }))
      } finally {
        ctx.memory.delete(STARTING)
      }
    },
  }),
  defineMethod({
    name: 'database.moveStatus',
    summary: 'Where the move is: phase, table, rows copied of all; at the end the per-table check, or why it failed',
    ...can('administration'),
    write: false,
    input: z.object({ id: z.string().max(40) }),
    output: job,
    handler(ctx, input) {
      const j = currentMoveJob(ctx.memory)
      if (!j || j.id !== input.id) throw appError('NOT_FOUND', 'database.noSuchMove')
      return jobOut(j)
    },
  }),
  defineMethod({
    name: 'database.cancelSwitch',
    summary: 'Keeps this host on SQLite: forgets a finished move (the PostgreSQL copy stays as it is)',
    ...can('administration'),
    write: false,
    input: z.object({}).optional(),
    output: z.object({ removed: z.boolean() }),
    handler(ctx) {
      const { dataDir } = sqliteHere(ctx)
      if (currentMoveJob(ctx.memory)?.state === 'running') throw appError('BUSINESS_RULE', 'database.moveRunning')
      return { removed: removePostgresSwitch(dataDir) }
    },
  }),
]
