/**
 * Backups and restore (设置 › 备份与恢复).
 *
 * SQLite: a consistent copy through SQLite's online backup API (better-sqlite3 `db.backup()`), taken outside the
 * write queue (the API copies page by page and restarts on a concurrent change of another connection; WAL readers
 * keep reading). Each copy is checked with `PRAGMA integrity_check` once written and described in a sidecar
 * `<file>.json` (time, size, app version, schema version, row counts), so listing needs no database open.
 * PostgreSQL: `pg_dump -Fc` when the tool is on PATH, restored through `pg_restore --clean`.
 *
 * The backup settings (daily time, keep N days / copies, a second folder) belong to the machine that holds the
 * data, so they live in `backup-settings.json` in the backup folder's parent (the data folder), not in the
 * database a restore would replace.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import Database from 'better-sqlite3'
import type { DataSource } from 'typeorm'
import { ownerOnly } from '../db/datasource'
import { APP_VERSION } from '../version'
import type { WriteQueue } from '../db/write-queue'
import { renderMessage, type CoreMessageKey, type MessageParams } from '../i18n/i18n'

const run = promisify(execFile)

/** the main tables whose row counts describe a backup (and are compared after a restore) */
export const COUNTED_TABLES = {
  customers: 'customers',
  contacts: 'contacts',
  products: 'products',
  opportunities: 'opportunities',
  quotes: 'quotes',
  orders: 'sales_orders',
  orderLines: 'sales_order_lines',
  shipments: 'shipments',
  returns: 'sales_returns',
  receipts: 'receipts',
  invoices: 'invoices',
  followUps: 'follow_ups',
  users: 'users',
  auditLog: 'audit_log',
} as const
export type BackupCounts = Record<keyof typeof COUNTED_TABLES, number>

export const BACKUP_LABELS = ['manual', 'daily', 'close', 'before-migration', 'before-restore'] as const
export type BackupLabel = (typeof BACKUP_LABELS)[number]

export interface BackupInfo {
  id: string
  fileName: string
  sizeBytes: number
  createdAt: string
  appVersion: string
  schemaVersion: string | null
  engine: 'sqlite' | 'postgres'
  label: BackupLabel
  integrity: 'ok'
  counts: BackupCounts
  /** the folder it was listed from */
  folder: 'primary' | 'second'
}

export interface BackupSettings {
  /** HH:mm (local time of the host) for the daily backup; null = no daily backup */
  dailyTime: string | null
  /** a backup older than this many days is deleted (0 = keep regardless of age) … */
  keepDays: number
  /** … and of the rest only the newest this many are kept */
  keepCopies: number
  /** a second folder (another drive, a USB disk) every backup is copied to; null = none */
  secondFolder: string | null
  /** a backup when the app / server closes */
  onClose: boolean
}

export const DEFAULT_BACKUP_SETTINGS: BackupSettings = { dailyTime: '12:30', keepDays: 30, keepCopies: 30, secondFolder: null, onClose: true }

/** Thrown when a backup cannot be made, read or restored; `zh`/`en` are the two texts of the message. */
/** A backup refusal: a message key (src/core/i18n) + params, read in either language. */
export class BackupError extends Error {
  constructor(
    readonly key: CoreMessageKey,
    readonly params: MessageParams,
    readonly kind: 'not-found' | 'newer-schema' | 'damaged' | 'unavailable' | 'failed' = 'failed',
  ) {
    super(renderMessage(key, params, 'zh-CN'))
  }
  get zh(): string {
    return renderMessage(this.key, this.params, 'zh-CN')
  }
  get en(): string {
    return renderMessage(this.key, this.params, 'en-US')
  }
}

export class DatabaseDamagedError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
    readonly latestGood: BackupInfo | null,
  ) {
    super(
      `数据库文件已损坏（${file}：${problem}）。` +
        (latestGood
          ? `可以恢复最近一份完好的备份（${latestGood.createdAt}，${latestGood.fileName}）：在“数据库损坏”页面点“恢复”，或运行 npm run kedan -- restore --latest --data <数据文件夹>。`
          : '没有找到完好的备份；请联系 IT，不要删除数据文件夹。') +
        ` / The database file is damaged (${problem}).` +
        (latestGood ? ` The latest good backup is from ${latestGood.createdAt} (${latestGood.fileName}); restore it from the "damaged database" screen or with \`npm run kedan -- restore --latest\`.` : ' No good backup was found.'),
    )
    this.name = 'DatabaseDamagedError'
  }
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0')
/** kedan-20261123-100000-123-manual.db: sorts by time (UTC), unique to the millisecond */
function stampOf(d: Date) {
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}-${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}-${pad(d.getUTCMilliseconds(), 3)}`
}

function ensureDir(dir: string) {
  if (!fs.existsSync(dir)) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
    if (ownerOnly) fs.chmodSync(dir, 0o700)
  }
}

/** `PRAGMA integrity_check` (or the cheaper quick_check) of a SQLite file: 'ok' or the first problems found. */
export function checkSqliteFile(file: string, mode: 'integrity' | 'quick' = 'integrity'): string {
  let db: Database.Database | undefined
  try {
    db = new Database(file, { readonly: true, fileMustExist: true })
    const rows = db.pragma(mode === 'quick' ? 'quick_check' : 'integrity_check') as Record<string, string>[]
    const texts = rows.map((r) => Object.values(r)[0]!)
    return texts.length === 1 && texts[0] === 'ok' ? 'ok' : texts.slice(0, 5).join('; ')
  } catch (e) {
    return (e as Error).message
  } finally {
    db?.close()
  }
}

/** Row counts and the last migration of a SQLite file (read-only). */
export function describeSqliteFile(file: string): { counts: BackupCounts; schemaVersion: string | null } {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    const counts = {} as BackupCounts
    for (const [k, table] of Object.entries(COUNTED_TABLES)) {
      const exists = db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = ?`).get(table) as { n: number }
      counts[k as keyof BackupCounts] = exists.n ? (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n : 0
    }
    const m = db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'migrations'`).get() as { n: number }
    const last = m.n ? (db.prepare(`SELECT name FROM migrations ORDER BY timestamp DESC, id DESC LIMIT 1`).get() as { name: string } | undefined) : undefined
    return { counts, schemaVersion: last?.name ?? null }
  } finally {
    db.close()
  }
}

function safeDescribe(file: string) {
  try {
    return describeSqliteFile(file)
  } catch {
    return null
  }
}

/** Files bigger than this get `quick_check` on open instead of the full integrity check. */
export const QUICK_CHECK_ABOVE_BYTES = 64 * 1024 * 1024

/** Backups in one folder, newest first (from the sidecar descriptions). */
export function listFolder(dir: string, folder: BackupInfo['folder']): BackupInfo[] {
  if (!fs.existsSync(dir)) return []
  const out: BackupInfo[] = []
  for (const f of fs.readdirSync(dir)) {
    if (!f.startsWith('kedan-') || !f.endsWith('.json')) continue
    try {
      const info = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as BackupInfo
      if (fs.existsSync(path.join(dir, info.fileName))) out.push({ ...info, folder })
    } catch {
      /* a half-written description: not listed */
    }
  }
  return out.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : b.id.localeCompare(a.id)))
}

/** The newest backup of a folder that still passes the integrity check (SQLite), or null. */
export function latestGoodBackup(dir: string): (BackupInfo & { file: string }) | null {
  for (const b of listFolder(dir, 'primary')) {
    if (b.engine !== 'sqlite') continue
    const file = path.join(dir, b.fileName)
    if (checkSqliteFile(file) === 'ok') return { ...b, file }
  }
  return null
}

/** Puts a SQLite backup file in place of the database file (the database must be closed). */
export function replaceSqliteFile(backupFile: string, dbFile: string) {
  const tmp = `${dbFile}.restoring`
  fs.copyFileSync(backupFile, tmp)
  if (ownerOnly) fs.chmodSync(tmp, 0o600)
  for (const s of ['-wal', '-shm']) fs.rmSync(dbFile + s, { force: true })
  fs.renameSync(tmp, dbFile)
}

export interface BackupManagerDeps {
  engine: 'sqlite' | 'postgres'
  /** SQLite: the database file */
  dbFile?: string
  /** PostgreSQL: the connection URL */
  pgUrl?: string
  /** where backups go and backup-settings.json lives in the parent */
  backupDir: string
  settingsFile: string
  dataSource: DataSource
  readDataSource: DataSource
  queue: WriteQueue
  now: () => Date
  /** the migration names this app knows, oldest first (a backup whose schema is not among them is newer) */
  knownMigrations: string[]
  /** runs pending migrations after a restore of an older backup */
  migrate: () => Promise<void>
  log?: (l: string) => void
}

export class BackupManager {
  private timer: NodeJS.Timeout | null = null
  private running: Promise<unknown> = Promise.resolve()
  /** true while a restore swaps the database: calls wait or fail */
  restoring = false

  constructor(readonly deps: BackupManagerDeps) {}

  settings(): BackupSettings {
    try {
      return { ...DEFAULT_BACKUP_SETTINGS, ...(JSON.parse(fs.readFileSync(this.deps.settingsFile, 'utf8')) as Partial<BackupSettings>) }
    } catch {
      return { ...DEFAULT_BACKUP_SETTINGS }
    }
  }

  saveSettings(s: BackupSettings & { lastDaily?: string }) {
    ensureDir(path.dirname(this.deps.settingsFile))
    const prev = this.state()
    fs.writeFileSync(this.deps.settingsFile, JSON.stringify({ ...prev, ...s }, null, 2), { mode: 0o600 })
  }

  private state(): BackupSettings & { lastDaily?: string } {
    try {
      return JSON.parse(fs.readFileSync(this.deps.settingsFile, 'utf8'))
    } catch {
      return { ...DEFAULT_BACKUP_SETTINGS }
    }
  }

  list(): BackupInfo[] {
    const primary = listFolder(this.deps.backupDir, 'primary')
    const second = this.settings().secondFolder
    const ids = new Set(primary.map((b) => b.id))
    const extra = second ? listFolder(second, 'second').filter((b) => !ids.has(b.id)) : []
    return [...primary, ...extra].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0))
  }

  /** One backup at a time (a daily backup and a manual one never write at once). */
  create(label: BackupLabel): Promise<BackupInfo> {
    const next = this.running.then(() => this.createNow(label))
    this.running = next.catch(() => undefined)
    return next
  }

  private async createNow(label: BackupLabel): Promise<BackupInfo> {
    const { backupDir } = this.deps
    ensureDir(backupDir)
    const at = this.deps.now()
    const id = `kedan-${stampOf(at)}-${label}`
    const fileName = `${id}.${this.deps.engine === 'sqlite' ? 'db' : 'pgdump'}`
    const file = path.join(backupDir, fileName)
    let counts: BackupCounts
    let schemaVersion: string | null
    // created owner-only before anything is written into it: a backup holds everything the database does
    fs.closeSync(fs.openSync(file, 'wx', 0o600))
    if (ownerOnly) fs.chmodSync(file, 0o600)
    try {
      if (this.deps.engine === 'sqlite') {
        const db = (this.deps.dataSource.driver as unknown as { databaseConnection: Database.Database }).databaseConnection
        await db.backup(file)
        // the copy is a single self-contained file: out of WAL mode, so opening it never leaves -wal/-shm beside it
        const copy = new Database(file)
        copy.pragma('journal_mode = DELETE')
        copy.close()
        const problem = checkSqliteFile(file)
        if (problem !== 'ok') throw new BackupError('backup.checkFailed', { problem }, 'damaged')
        ;({ counts, schemaVersion } = describeSqliteFile(file))
      } else {
        await this.pgDump(file)
        ;({ counts, schemaVersion } = await this.describeLive())
      }
    } catch (e) {
      fs.rmSync(file, { force: true })
      throw e
    }
    const info: BackupInfo = {
      id,
      fileName,
      sizeBytes: fs.statSync(file).size,
      createdAt: at.toISOString(),
      appVersion: APP_VERSION,
      schemaVersion,
      engine: this.deps.engine,
      label,
      integrity: 'ok',
      counts,
      folder: 'primary',
    }
    fs.writeFileSync(path.join(backupDir, `${id}.json`), JSON.stringify(info, null, 2), { mode: 0o600 })
    const second = this.settings().secondFolder
    if (second) {
      try {
        ensureDir(second)
        fs.copyFileSync(file, path.join(second, fileName))
        fs.writeFileSync(path.join(second, `${id}.json`), JSON.stringify(info, null, 2), { mode: 0o600 })
      } catch (e) {
        this.deps.log?.(`backup: could not copy to the second folder ${second}: ${(e as Error).message}`)
      }
    }
    this.prune()
    return info
  }

  /** Keeps the backups younger than keepDays, and of those the newest keepCopies (in each folder). */
  prune() {
    const s = this.settings()
    const cutoff = this.deps.now().getTime() - s.keepDays * 86_400_000
    const folders: [string, BackupInfo['folder']][] = [[this.deps.backupDir, 'primary']]
    if (s.secondFolder) folders.push([s.secondFolder, 'second'])
    for (const [dir, kind] of folders) {
      listFolder(dir, kind).forEach((b, i) => {
        const old = s.keepDays > 0 && new Date(b.createdAt).getTime() < cutoff
        if (i >= Math.max(1, s.keepCopies) || (old && i > 0)) {
          for (const s of ['', '-wal', '-shm']) fs.rmSync(path.join(dir, b.fileName + s), { force: true })
          fs.rmSync(path.join(dir, `${b.id}.json`), { force: true })
        }
      })
    }
  }

  find(id: string): (BackupInfo & { file: string }) | null {
    const b = this.list().find((x) => x.id === id)
    if (!b) return null
    const dir = b.folder === 'primary' ? this.deps.backupDir : this.settings().secondFolder!
    return { ...b, file: path.join(dir, b.fileName) }
  }

  /** Refusals a restore of `b` meets before anything changes (also for the preview). */
  check(b: BackupInfo & { file: string }) {
    if (b.engine !== this.deps.engine) throw new BackupError('backup.otherEngine', { from: b.engine, to: this.deps.engine }, 'unavailable')
    // the schema is read from the file itself (SQLite), not only from its description
    const schema = b.engine === 'sqlite' && fs.existsSync(b.file) ? (safeDescribe(b.file)?.schemaVersion ?? b.schemaVersion) : b.schemaVersion
    if (schema && !this.deps.knownMigrations.includes(schema)) {
      throw new BackupError('backup.newerSchema', { createdAt: b.createdAt, appVersion: b.appVersion, schema, current: APP_VERSION }, 'newer-schema')
    }
    if (b.engine === 'sqlite') {
      const problem = checkSqliteFile(b.file)
      if (problem !== 'ok') throw new BackupError('backup.damaged', { problem }, 'damaged')
    }
  }

  /**
   * Restores a backup: a safety backup of the current data first, then — with the write queue held, so no write
   * runs meanwhile — both connections (the writer and the read-only reader) are closed, the file replaced, both
   * reopened, pending migrations run (an older backup), and every session ended: everyone signs in again.
   */
  async restore(id: string): Promise<{ restored: BackupInfo; safetyBackup: BackupInfo }> {
    const b = this.find(id)
    if (!b) throw new BackupError('backup.notFound', { id }, 'not-found')
    this.check(b)
    const safetyBackup = await this.create('before-restore')
    await this.deps.queue.run(async () => {
      this.restoring = true
      try {
        if (this.deps.engine === 'sqlite') await this.swapSqlite(b.file)
        else await this.pgRestore(b.file)
        await this.deps.dataSource.query(`DELETE FROM sessions`)
      } finally {
        this.restoring = false
      }
    })
    return { restored: b, safetyBackup }
  }

  private async swapSqlite(file: string) {
    const { dataSource, readDataSource, dbFile } = this.deps
    if (readDataSource !== dataSource && readDataSource.isInitialized) await readDataSource.destroy()
    if (dataSource.isInitialized) await dataSource.destroy()
    try {
      replaceSqliteFile(file, dbFile!)
    } finally {
      await dataSource.initialize()
      await this.deps.migrate()
      if (readDataSource !== dataSource) await readDataSource.initialize()
    }
  }

  /** Row counts and last migration of the live database. */
  async describeLive(): Promise<{ counts: BackupCounts; schemaVersion: string | null }> {
    const ds = this.deps.readDataSource
    const counts = {} as BackupCounts
    for (const [k, table] of Object.entries(COUNTED_TABLES)) {
      const r = (await ds.query(`SELECT count(*) AS n FROM "${table}"`)) as { n: number | string }[]
      counts[k as keyof BackupCounts] = Number(r[0]!.n)
    }
    const last = (await ds.query(`SELECT name FROM migrations ORDER BY timestamp DESC, id DESC LIMIT 1`)) as { name: string }[]
    return { counts, schemaVersion: last[0]?.name ?? null }
  }

  private async pgDump(file: string) {
    try {
      await run('pg_dump', ['-Fc', '--no-owner', '-f', file, this.deps.pgUrl!], { maxBuffer: 16 * 1024 * 1024 })
    } catch (e) {
      const err = e as NodeJS.ErrnoException & { stderr?: string }
      if (err.code === 'ENOENT') throw new BackupError('backup.noPgDump', {}, 'unavailable')
      throw new BackupError('backup.pgDumpFailed', { detail: err.stderr ?? err.message })
    }
  }

  private async pgRestore(file: string) {
    const { dataSource, readDataSource } = this.deps
    if (readDataSource !== dataSource && readDataSource.isInitialized) await readDataSource.destroy()
    if (dataSource.isInitialized) await dataSource.destroy()
    try {
      await run('pg_restore', ['--clean', '--if-exists', '--no-owner', '--single-transaction', '-d', this.deps.pgUrl!, file], { maxBuffer: 16 * 1024 * 1024 })
    } catch (e) {
      const err = e as NodeJS.ErrnoException & { stderr?: string }
      throw new BackupError('backup.pgRestoreFailed', { detail: err.stderr ?? err.message }, err.code === 'ENOENT' ? 'unavailable' : 'failed')
    } finally {
      await dataSource.initialize()
      await this.deps.migrate()
      if (readDataSource !== dataSource) await readDataSource.initialize()
    }
  }

  /**
   * The daily backup: due when the local time of day has passed `dailyTime` and no daily backup was made since
   * that moment today. Called every minute by the scheduler, with the injected clock.
   */
  async tick(): Promise<BackupInfo | null> {
    const s = this.state()
    const dailyTime = s.dailyTime === undefined ? DEFAULT_BACKUP_SETTINGS.dailyTime : s.dailyTime
    if (!dailyTime) return null
    const now = this.deps.now()
    const [h, m] = dailyTime.split(':').map(Number) as [number, number]
    const due = new Date(now)
    due.setHours(h, m, 0, 0)
    if (now < due) return null
    if (s.lastDaily && new Date(s.lastDaily) >= due) return null
    const info = await this.create('daily')
    this.saveSettings({ ...this.settings(), lastDaily: now.toISOString() })
    return info
  }

  startScheduler(everyMs = 60_000) {
    if (this.timer) return
    this.timer = setInterval(() => {
      this.tick().catch((e) => this.deps.log?.(`daily backup failed: ${(e as Error).message}`))
    }, everyMs)
    this.timer.unref()
  }

  stopScheduler() {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }

  /** waits for a backup under way */
  idle() {
    return this.running
  }
}
