import { DataSource, type DataSourceOptions, type EntitySchema, type MixedList } from 'typeorm'
import * as path from 'node:path'
import * as fs from 'node:fs'

export type DbConfig = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; schema?: string }

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type MigrationList = MixedList<any>

export function createDataSource(cfg: DbConfig, entities: EntitySchema[], migrations: MigrationList): DataSource {
  let opts: DataSourceOptions
  if (cfg.kind === 'sqlite') {
    fs.mkdirSync(path.dirname(cfg.file), { recursive: true })
    opts = {
      type: 'better-sqlite3',
      database: cfg.file,
      entities,
      migrations,
      migrationsRun: false,
      synchronize: false,
      logging: false,
      // WAL + busy timeout: readers never block the writer; a second process waits instead of failing.
      enableWAL: true,
      timeout: 5000,
      prepareDatabase: (db: { pragma: (s: string) => unknown }) => {
        db.pragma('busy_timeout = 5000')
        db.pragma('foreign_keys = ON')
        db.pragma('synchronous = NORMAL')
      },
    } as DataSourceOptions
  } else {
    opts = {
      type: 'postgres',
      url: cfg.url,
      schema: cfg.schema,
      entities,
      migrations,
      migrationsRun: false,
      synchronize: false,
      logging: false,
    }
  }
  return new DataSource(opts)
}
