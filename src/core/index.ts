import * as path from 'node:path'
import type { DataSource } from 'typeorm'
import { createDispatcher, type Dispatch } from './contract/dispatcher'
import { WriteQueue } from './db/write-queue'
import { openDatabase, schemaVersion } from './db/open'
import { createDataSource, type DbConfig } from './db/datasource'
import { ENTITIES } from './entities'
import { buildRegistry } from './methods'
import { issueSetupCode } from './auth/setup-code'
import { resolveSession } from './auth/auth.service'
import { dateInCompanyTz } from './clock'
import { APP_VERSION } from './version'
import type { Registry } from './contract/registry'

export interface CoreOptions {
  /** folder holding kedan.db (SQLite) */
  dataDir?: string
  /** or a PostgreSQL connection URL */
  postgresUrl?: string
  postgresSchema?: string
  /** injected clock (tests) */
  now?: () => Date
  log?: (line: string) => void
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
  const { dataSource, backupFile } = await openDatabase(cfg)
  // SQLite: reads get their own read-only connection (WAL), so they never wait behind the single writer
  let readDataSource = dataSource
  if (cfg.kind === 'sqlite') {
    readDataSource = createDataSource(cfg, ENTITIES, [], { readonly: true })
    await readDataSource.initialize()
  }
  const registry = buildRegistry()
  const queue = new WriteQueue()
  const now = opts.now ?? (() => new Date())
  const engine = cfg.kind
  const memory = new Map<string, unknown>()
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
    async health() {
      return { version: APP_VERSION, engine, schemaVersion: await schemaVersion(dataSource) }
    },
    async setupCode() {
      const status = await dispatch<{ needsSetup: boolean }>('auth.status', {})
      return status.ok && status.data.needsSetup ? issueSetupCode(memory) : null
    },
    async close() {
      await queue.idle()
      if (readDataSource !== dataSource && readDataSource.isInitialized) await readDataSource.destroy()
      if (dataSource.isInitialized) await dataSource.destroy()
    },
  }
}

export type { Dispatch } from './contract/dispatcher'
export { AppError, HTTP_STATUS } from './contract/errors'
export type { Envelope, ErrorBody, ErrorCode } from './contract/errors'
