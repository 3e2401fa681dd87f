import * as path from 'node:path'
import type { DataSource } from 'typeorm'
import { createDataSource, type DbConfig } from './datasource'
import { backupSqlite } from './backup'
import { rebuildSalesSummary } from '../report/summary.service'
import { rebuildFacts } from '../report/facts.service'
import { ENTITIES } from '../entities'
import { SQLITE_MIGRATIONS } from './migrations/sqlite'
import { POSTGRES_MIGRATIONS } from './migrations/postgres'

export function migrationsFor(cfg: DbConfig) {
  return cfg.kind === 'sqlite' ? SQLITE_MIGRATIONS : POSTGRES_MIGRATIONS
}

export interface OpenResult {
  dataSource: DataSource
  backupFile: string | null
  applied: string[]
}

/** Opens the database and runs pending migrations; when the database already holds data it is backed up first. */
export async function openDatabase(
  cfg: DbConfig,
  opts: { backupDir?: string; /** takes the before-migration backup (the core's BackupManager); returns its file */ beforeMigration?: (ds: DataSource) => Promise<string> } = {},
): Promise<OpenResult> {
  const ds = createDataSource(cfg, ENTITIES, migrationsFor(cfg))
  await ds.initialize()
  let backupFile: string | null = null
  const pending = await ds.showMigrations()
  if (pending) {
    const tables = (await ds.query(
      cfg.kind === 'sqlite'
        ? `SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'users'`
        : `SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'users'`,
    )) as { n: number | string }[]
    if (Number(tables[0]!.n) > 0) {
      if (opts.beforeMigration) backupFile = await opts.beforeMigration(ds)
      else if (cfg.kind === 'sqlite') backupFile = await backupSqlite(ds, opts.backupDir ?? path.join(path.dirname(cfg.file), 'backups'), 'before-migration')
    }
  }
  const applied = await ds.runMigrations({ transaction: 'each' })
  // the month summary of the reports is filled from the documents when its table has just been created
  if (applied.some((m) => m.name.startsWith('ReportSummary'))) await rebuildSalesSummary(ds)
  // so are the report facts (rhythm, shipment and order facts, balances)
  if (applied.some((m) => m.name.startsWith('ReportFacts'))) await rebuildFacts(ds)
  return { dataSource: ds, backupFile, applied: applied.map((m) => m.name) }
}

export async function schemaVersion(ds: DataSource): Promise<string | null> {
  const migrations = ds.migrations
  return migrations.length ? (migrations[migrations.length - 1]!.name ?? null) : null
}
