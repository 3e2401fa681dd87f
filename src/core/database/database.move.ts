/**
 * 设置 › 数据库: the admin moves a desktop LAN host from SQLite to PostgreSQL.
 * - probePostgres: can we reach the server, and is the database empty?
 * - startMove: a job outside the write queue: a fresh, checked backup of the live SQLite database (online backup
 *   API), then moveSqliteToPostgres from that snapshot (row counts and money totals checked at the end); progress is
 *   polled (database.moveStatus). Jobs live in the core's memory.
 * - the switch file `<data>/kedan-postgres.json`: written after a good move; the desktop host opens PostgreSQL on its
 *   next start (postgresSwitchFor). A write to SQLite after the snapshot makes the switch stale: the host then stays
 *   on SQLite and says so, rather than leave that write behind.
 */
import * as crypto from 'node:crypto'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import Database from 'better-sqlite3'
import { Client } from 'pg'
import type { BackupManager } from '../backup/backup.service'
import { moveSqliteToPostgres, type MoveProgress, type TableCheck } from '../db/migrate-to-pg'

export const SWITCH_FILE = 'kedan-postgres.json'

/** postgres://kedan:secret@host/db → postgres://kedan:***@host/db (what the screens and logs show) */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url)
    if (u.password) u.password = '***'
    return u.toString()
  } catch {
    return url.replace(/:\/\/([^:/@]+):[^@]*@/, '://$1:***@')
  }
}

export type ProbeProblem = 'unreachable' | 'auth' | 'noDatabase' | 'other'

export type ProbeResult =
  | { ok: true; serverVersion: string; database: string; empty: boolean; tablesWithRows: string[] }
  | { ok: false; problem: ProbeProblem; detail: string }

function problemOf(e: unknown): ProbeProblem {
  const code = (e as { code?: string })?.code ?? ''
  if (code === '28P01' || code === '28000') return 'auth'
  if (code === '3D000') return 'noDatabase'
  if (['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', 'ECONNRESET', 'EAI_AGAIN'].includes(code) || /timeout/i.test(String((e as Error)?.message))) return 'unreachable'
  return 'other'
}

/** Connects (5 s at most), reads the server version and which tables of the current schema already hold rows. */
export async function probePostgres(url: string): Promise<ProbeResult> {
  const c = new Client({ connectionString: url, connectionTimeoutMillis: 5_000 })
  try {
    await c.connect()
    const v = (await c.query<{ v: string; db: string }>('SELECT current_setting($1) AS v, current_database() AS db', ['server_version'])).rows[0]!
    const tables = (await c.query<{ t: string }>("SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'migrations' ORDER BY 1")).rows.map((r) => r.t)
    const withRows: string[] = []
    for (const t of tables) {
      const r = await c.query(`SELECT 1 FROM "${t.replace(/"/g, '""')}" LIMIT 1`)
      if (r.rowCount) withRows.push(t)
    }
    return { ok: true, serverVersion: v.v, database: v.db, empty: withRows.length === 0, tablesWithRows: withRows }
  } catch (e) {
    return { ok: false, problem: problemOf(e), detail: String((e as Error)?.message ?? e) }
  } finally {
    await c.end().catch(() => undefined)
  }
}

export interface MoveJob {
  id: string
  userId: number
  /** masked */
  url: string
  state: 'running' | 'done' | 'failed'
  phase: 'backup' | MoveProgress['phase'] | 'done'
  table: string | null
  tablesDone: number
  tables: number
  rowsCopied: number
  rowsTotal: number
  /** the check at the end: every table's row count and money totals, the same on both sides */
  result: { rows: number; tables: TableCheck[] } | null
  /** why it failed (PostgreSQL's or the check's own words) */
  error: string | null
  /** the backup the copy was made from */
  backupFile: string | null
  startedAt: string
  finishedAt: string | null
}

const JOB_KEY = 'database.moveJob'

export function currentMoveJob(memory: Map<string, unknown>): MoveJob | null {
  return (memory.get(JOB_KEY) as MoveJob | undefined) ?? null
}

export interface PostgresSwitch {
  url: string
  movedAt: string
  rows: number
  /** the newest operation-log id in the snapshot: a newer one in SQLite means someone wrote after the copy */
  auditLatestId: number
  backupFile: string | null
}

export function readPostgresSwitch(dataDir: string): PostgresSwitch | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(dataDir, SWITCH_FILE), 'utf8')) as PostgresSwitch
  } catch {
    return null
  }
}

export function writePostgresSwitch(dataDir: string, s: PostgresSwitch) {
  const file = path.join(dataDir, SWITCH_FILE)
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(s, null, 2), { mode: 0o600 })
  fs.renameSync(`${file}.tmp`, file)
}

export function removePostgresSwitch(dataDir: string): boolean {
  const file = path.join(dataDir, SWITCH_FILE)
  if (!fs.existsSync(file)) return false
  fs.rmSync(file)
  return true
}

function auditLatestIdOf(sqliteFile: string): number {
  const db = new Database(sqliteFile, { readonly: true, fileMustExist: true })
  try {
    return Number((db.prepare('SELECT COALESCE(MAX(id), 0) AS n FROM audit_log').get() as { n: number }).n)
  } finally {
    db.close()
  }
}

export type SwitchVerdict = { use: 'sqlite' } | { use: 'postgres'; url: string } | { use: 'sqlite'; stale: string }

/**
 * What a desktop host opens on start: PostgreSQL once a move was made and nothing was written to SQLite since its
 * snapshot; otherwise SQLite (`stale` says why the switch was not made: move again).
 */
export function postgresSwitchFor(dataDir: string): SwitchVerdict {
  const s = readPostgresSwitch(dataDir)
  if (!s) return { use: 'sqlite' }
  const file = path.join(dataDir, 'kedan.db')
  const latest = fs.existsSync(file) ? auditLatestIdOf(file) : 0
  if (latest > s.auditLatestId) {
    return {
      use: 'sqlite',
      stale: `数据在迁移到 PostgreSQL（${s.movedAt}）之后又有修改，本次仍使用 SQLite；请在 设置 › 数据库 重新迁移（目标数据库需清空）。 / Data changed after the move to PostgreSQL (${s.movedAt}); still on SQLite — move again from Settings › Database (into an empty database).`,
    }
  }
  return { use: 'postgres', url: s.url }
}

/** Starts the move in the background; the job is polled with currentMoveJob. One at a time. */
export function startMove(memory: Map<string, unknown>, opts: { userId: number; url: string; dataDir: string; backups: BackupManager; now: () => Date; log?: (l: string) => void }): MoveJob {
  const job: MoveJob = {
    id: crypto.randomBytes(8).toString('hex'),
    userId: opts.userId,
    url: maskUrl(opts.url),
    state: 'running',
    phase: 'backup',
    table: null,
    tablesDone: 0,
    tables: 0,
    rowsCopied: 0,
    rowsTotal: 0,
    result: null,
    error: null,
    backupFile: null,
    startedAt: opts.now().toISOString(),
    finishedAt: null,
  }
  memory.set(JOB_KEY, job)
  void (async () => {
    // a consistent snapshot, beside the writer: the copy reads it, never the live file
    const b = await opts.backups.create('manual')
    job.backupFile = b.fileName
    // the copy opens its own file (the backup itself stays as it was checked)
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kedan-move-'))
    const snapshot = path.join(work, 'kedan.db')
    let r: Awaited<ReturnType<typeof moveSqliteToPostgres>>
    let auditLatestId: number
    try {
      fs.copyFileSync(path.join(opts.backups.deps.backupDir, b.fileName), snapshot)
      auditLatestId = auditLatestIdOf(snapshot)
      r = await moveSqliteToPostgres(snapshot, opts.url, { log: opts.log, onProgress: (p) => Object.assign(job, p) })
    } finally {
      fs.rmSync(work, { recursive: true, force: true })
    }
    job.result = r
    writePostgresSwitch(opts.dataDir, { url: opts.url, movedAt: opts.now().toISOString(), rows: r.rows, auditLatestId, backupFile: b.fileName })
    job.phase = 'done'
    job.state = 'done'
    opts.log?.(`moved ${r.rows} rows to PostgreSQL ${job.url}; the host opens it on its next start`)
  })()
    .catch((e: unknown) => {
      job.state = 'failed'
      job.error = String((e as Error)?.message ?? e)
      opts.log?.(`the move to PostgreSQL ${job.url} failed: ${job.error}`)
    })
    .finally(() => {
      job.finishedAt = opts.now().toISOString()
    })
  return job
}
