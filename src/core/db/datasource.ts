import { DataSource, type DataSourceOptions, type EntitySchema, type MixedList } from 'typeorm'
import * as path from 'node:path'
import * as fs from 'node:fs'

export type DbConfig = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; schema?: string }

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type MigrationList = MixedList<any>

/** chmod where the OS has owner-only modes (not on Windows, where the profile folder's ACL protects the data) */
export const ownerOnly = process.platform !== 'win32'

/** The data folder (0700) and the database file (0600) are created readable by their owner only. */
export function prepareSqliteFile(file: string): void {
  const dir = path.dirname(file)
  if (!fs.existsSync(dir)) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
    if (ownerOnly) fs.chmodSync(dir, 0o700)
  }
  if (!fs.existsSync(file)) {
    // an empty file is a valid new SQLite database; SQLite gives its -wal/-shm files the same mode
    fs.closeSync(fs.openSync(file, 'a', 0o600))
    if (ownerOnly) fs.chmodSync(file, 0o600)
  }
}

/**
 * `readonly`: a second, read-only connection to the same SQLite file for reads, beside the single writer
 * (WAL lets it read while the writer writes). It neither migrates nor switches the journal mode.
 */
export function createDataSource(cfg: DbConfig, entities: EntitySchema[], migrations: MigrationList, o: { readonly?: boolean } = {}): DataSource {
  let opts: DataSourceOptions
  if (cfg.kind === 'sqlite') {
    if (!o.readonly) prepareSqliteFile(cfg.file)
    opts = {
      type: 'better-sqlite3',
      database: cfg.file,
      entities,
      migrations,
      migrationsRun: false,
      synchronize: false,
      logging: false,
      readonly: !!o.readonly,
      fileMustExist: !!o.readonly,
      // WAL + busy timeout: readers never block the writer; a second process waits instead of failing.
      enableWAL: !o.readonly,
      timeout: 5000,
      prepareDatabase: (db: { pragma: (s: string) => unknown }) => {
        db.pragma('busy_timeout = 5000')
        db.pragma('foreign_keys = ON')
        // FULL: an acknowledged commit survives a power cut or an OS crash, not only a killed process (NORMAL in WAL
        // may lose the last commits then); the cost per order save is in `npm run bench -- --sync`
        db.pragma(`synchronous = ${process.env.KEDAN_SQLITE_SYNC === 'NORMAL' ? 'NORMAL' : 'FULL'}`)
      },
    } as DataSourceOptions
  } else {
    opts = {
      type: 'postgres',
      url: cfg.url,
      schema: cfg.schema,
      // writes run concurrently on PostgreSQL: room for 20 clients' calls at once (reads and writes)
      poolSize: Number(process.env.KEDAN_PG_POOL) || 20,
      entities,
      migrations,
      migrationsRun: false,
      synchronize: false,
      logging: false,
    }
  }
  return new DataSource(opts)
}
