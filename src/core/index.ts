import * as path from 'node:path'
import type { DataSource } from 'typeorm'
import { createDispatcher, type Dispatch, type DispatchMeta } from './contract/dispatcher'
import { WriteQueue } from './db/write-queue'
import * as fs from 'node:fs'
import * as os from 'node:os'
import { migrationsFor, openDatabase, schemaVersion } from './db/open'
import { BackupManager, DatabaseDamagedError, QUICK_CHECK_ABOVE_BYTES, checkSqliteFile, latestGoodBackup, replaceSqliteFile } from './backup/backup.service'
import { BACKUP_MANAGER_KEY } from './backup/backup.contract'
import { networkShareProblem } from './db/network-path'
import { createDataSource, type DbConfig } from './db/datasource'
import { ENTITIES } from './entities'
import { buildRegistry } from './methods'
import { issueSetupCode } from './auth/setup-code'
import { resolveSession } from './auth/auth.service'
import { dateInCompanyTz } from './clock'
import { APP_VERSION } from './version'
import { rekeyCustomerNames } from './customer/name-keys'
import type { Registry } from './contract/registry'
import { exportDownload } from './excel/export.jobs'
import { ATTACHMENT_DIR_KEY, filePath } from './attachment/attachment.service'
import type { Envelope } from './contract/errors'

export interface CoreOptions {
  /** folder holding kedan.db (SQLite) */
  dataDir?: string
  /** or a PostgreSQL connection URL */
  postgresUrl?: string
  postgresSchema?: string
  /** injected clock (tests) */
  now?: () => Date
  log?: (line: string) => void
  /** where backups go (default <dataDir>/backups; `serve --backup-dir`) */
  backupDir?: string
  /** the app and the server: the daily backup scheduler runs and a backup is taken on close (tests leave it off) */
  backups?: boolean
  /** the database failed its check on open: restore the latest good backup (the "damaged database" screen, `restore --latest`) */
  restoreLatestOnDamage?: boolean
  /** where attachment files go (default <dataDir>/attachments; on PostgreSQL beside the backups folder) */
  attachmentDir?: string
}

export interface Core {
  dispatch: Dispatch
  registry: Registry
  dataSource: DataSource
  /** where reads run beside the write queue: SQLite's read-only second connection, or `dataSource` on PostgreSQL */
  readDataSource: DataSource
  queue: WriteQueue
  engine: 'sqlite' | 'postgres'
  health(): Promise<{ version: string; engine: 'sqlite' | 'postgres'; schemaVersion: string | null }>
  /** While first-run setup is still to be done: the one-time code another machine needs for auth.setup (the host prints it); else null. */
  setupCode(): Promise<string | null>
  backupFile: string | null
  /** backups and restore (SQLite: online backup API; PostgreSQL: pg_dump / pg_restore) */
  backups: BackupManager
  /** a finished export job's file for its own user (export.status checks session and owner): HTTP GET /api/export/<id> */
  exportDownload(jobId: string, meta: DispatchMeta): ReturnType<typeof exportDownload>
  /** an attachment's file for whoever may see its record (attachment.get checks): HTTP GET /api/attachment/<id> */
  attachmentDownload(id: number, meta: DispatchMeta): Promise<Envelope<{ file: string; fileName: string; mimeType: string; size: number }>>
  /** the folder attachment files live in (<sha256> names) */
  attachmentDir: string
  close(): Promise<void>
}

export function dbConfigFrom(opts: CoreOptions): DbConfig {
  if (opts.postgresUrl) return { kind: 'postgres', url: opts.postgresUrl, schema: opts.postgresSchema }
  if (!opts.dataDir) throw new Error('createCore needs dataDir or postgresUrl')
  return { kind: 'sqlite', file: path.join(opts.dataDir, 'kedan.db') }
}

/** Opens the database (running migrations) and returns the one dispatcher every transport calls. */
export async function createCore(opts: CoreOptions): Promise<Core> {
  const cfg = dbConfigFrom(opts)
  const now = opts.now ?? (() => new Date())
  const backupDir = opts.backupDir ?? path.join(opts.dataDir ?? path.join(os.homedir(), '.kedan'), 'backups')
  if (cfg.kind === 'sqlite') {
    // SQLite's locking is not safe on a network share: refused, with host mode explained
    const share = networkShareProblem(opts.dataDir!)
    if (share) throw new Error(share)
    checkOnOpen(cfg.file, backupDir, !!opts.restoreLatestOnDamage, opts.log)
  }
  const knownMigrations = migrationsFor(cfg).map((m) => (m as { name: string }).name)
  const managerFor = (ds: DataSource, rds: DataSource, queue: WriteQueue, migrate: () => Promise<void>) =>
    new BackupManager({
      engine: cfg.kind,
      dbFile: cfg.kind === 'sqlite' ? cfg.file : undefined,
      pgUrl: cfg.kind === 'postgres' ? cfg.url : undefined,
      backupDir,
      settingsFile: path.join(path.dirname(backupDir), 'backup-settings.json'),
      dataSource: ds,
      readDataSource: rds,
      queue,
      now,
      knownMigrations,
      migrate,
      log: opts.log,
    })
  const { dataSource, backupFile } = await openDatabase(cfg, {
    beforeMigration: async (ds) => {
      const b = await managerFor(ds, ds, new WriteQueue(), async () => {}).create('before-migration')
      return path.join(backupDir, b.fileName)
    },
  })
  // 防撞单 name keys made by an older normalizeName are made again, once (issue 14)
  const rekeyed = await rekeyCustomerNames(dataSource)
  if (rekeyed) opts.log?.(`customer name keys updated: ${rekeyed}`)
  // SQLite: reads get their own read-only connection (WAL), so they never wait behind the single writer
  let readDataSource = dataSource
  if (cfg.kind === 'sqlite') {
    readDataSource = createDataSource(cfg, ENTITIES, [], { readonly: true })
    await readDataSource.initialize()
  }
  const registry = buildRegistry()
  const queue = new WriteQueue()
  const engine = cfg.kind
  const memory = new Map<string, unknown>()
  const backups = managerFor(dataSource, readDataSource, queue, async () => {
    await dataSource.runMigrations({ transaction: 'each' })
  })
  memory.set(BACKUP_MANAGER_KEY, backups)
  const attachmentDir = opts.attachmentDir ?? path.join(opts.dataDir ?? path.dirname(backupDir), 'attachments')
  memory.set(ATTACHMENT_DIR_KEY, attachmentDir)
  if (opts.backups) backups.startScheduler()
  const dispatch = createDispatcher({
    memory,
    registry,
    dataSource,
    readDataSource,
    queue,
    engine,
    now,
    today: () => dateInCompanyTz(now()),
    resolveSession,
    log: opts.log,
  })
  return {
    dispatch,
    registry,
    dataSource,
    readDataSource,
    queue,
    engine,
    backupFile,
    backups,
    async health() {
      return { version: APP_VERSION, engine, schemaVersion: await schemaVersion(dataSource) }
    },
    exportDownload: (jobId, meta) => exportDownload(dispatch, memory, jobId, meta),
    attachmentDir,
    async attachmentDownload(id, meta) {
      const r = await dispatch<{ fileName: string; mimeType: string; size: number; sha256: string }>('attachment.get', { id }, meta)
      if (!r.ok) return r
      return { ok: true, data: { file: filePath(attachmentDir, r.data.sha256), fileName: r.data.fileName, mimeType: r.data.mimeType, size: r.data.size } }
    },
    async setupCode() {
      const status = await dispatch<{ needsSetup: boolean }>('auth.status', {})
      return status.ok && status.data.needsSetup ? issueSetupCode(memory) : null
    },
    async close() {
      backups.stopScheduler()
      await backups.idle()
      if (opts.backups && dataSource.isInitialized && backups.settings().onClose) {
        await backups.create('close').catch((e) => opts.log?.(`backup on close failed: ${(e as Error).message}`))
      }
      await queue.idle()
      if (readDataSource !== dataSource && readDataSource.isInitialized) await readDataSource.destroy()
      if (dataSource.isInitialized) await dataSource.destroy()
    },
  }
}

/**
 * The check on open: `integrity_check` (quick_check above QUICK_CHECK_ABOVE_BYTES). A failure stops with
 * DatabaseDamagedError naming the latest good backup, or — asked to — puts that backup in place (the damaged file
 * is kept beside it as kedan.db.damaged-<time>).
 */
function checkOnOpen(file: string, backupDir: string, restore: boolean, log?: (l: string) => void) {
  if (!fs.existsSync(file) || fs.statSync(file).size === 0) return
  const problem = checkSqliteFile(file, fs.statSync(file).size > QUICK_CHECK_ABOVE_BYTES ? 'quick' : 'integrity')
  if (problem === 'ok') return
  const good = latestGoodBackup(backupDir)
  if (!restore || !good) throw new DatabaseDamagedError(file, problem, good)
  const aside = `${file}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`
  fs.renameSync(file, aside)
  replaceSqliteFile(good.file, file)
  log?.(`database was damaged (${problem}): restored ${good.fileName}; the damaged file is kept as ${aside}`)
}

export { DatabaseDamagedError } from './backup/backup.service'
export type { Dispatch } from './contract/dispatcher'
export { AppError, HTTP_STATUS } from './contract/errors'
export type { Envelope, ErrorBody, ErrorCode } from './contract/errors'
