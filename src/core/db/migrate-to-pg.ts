import type { DataSource, EntityMetadata } from 'typeorm'
import { openDatabase } from './open'

/**
 * The move from one PC to a PostgreSQL host: copies every table of a SQLite database (migrated first) into an
 * EMPTY PostgreSQL database (its migrations run here), sets the id sequences, and checks at the end that every
 * table has the same row count and the same money totals (every *Fen column summed) on both sides.
 */
export interface TableCheck {
  table: string
  rows: number
  /** column → sum, for every money (…Fen) column */
  totals: Record<string, string>
}

export interface MoveResult {
  tables: TableCheck[]
  rows: number
}

/** Where a move is: the table being copied, rows copied of all rows (the SQLite side, counted before the copy). */
export interface MoveProgress {
  phase: 'count' | 'copy' | 'check'
  table: string | null
  tablesDone: number
  tables: number
  rowsCopied: number
  rowsTotal: number
}

export interface MoveOptions {
  log?: (line: string) => void
  onProgress?: (p: MoveProgress) => void
}

const BATCH = 500
const q = (name: string) => `"${name.replace(/"/g, '""')}"`

/** parents before children (foreign keys), so the copy never needs the constraints switched off */
function inDependencyOrder(metas: EntityMetadata[]): EntityMetadata[] {
  const byTable = new Map(metas.map((m) => [m.tableName, m]))
  const done = new Set<string>()
  const out: EntityMetadata[] = []
  const visit = (m: EntityMetadata, path: Set<string>) => {
    if (done.has(m.tableName) || path.has(m.tableName)) return
    path.add(m.tableName)
    for (const fk of m.foreignKeys) {
      const parent = byTable.get(fk.referencedTablePath) ?? byTable.get(fk.referencedEntityMetadata.tableName)
      if (parent && parent !== m) visit(parent, path)
    }
    done.add(m.tableName)
    out.push(m)
  }
  for (const m of metas) visit(m, new Set())
  return out
}

async function tableChecks(ds: DataSource, metas: EntityMetadata[], engine: 'sqlite' | 'postgres'): Promise<TableCheck[]> {
  const checks: TableCheck[] = []
  for (const m of metas) {
    const fen = m.columns.map((c) => c.databaseName).filter((n) => /Fen$/.test(n))
    const sums = fen.map((n) => `${engine === 'postgres' ? `COALESCE(SUM(${q(n)}), 0)::text` : `CAST(COALESCE(SUM(${q(n)}), 0) AS TEXT)`} AS ${q(n)}`)
    const row = ((await ds.query(`SELECT count(*) AS n${sums.length ? `, ${sums.join(', ')}` : ''} FROM ${q(m.tableName)}`)) as Record<string, unknown>[])[0]!
    checks.push({ table: m.tableName, rows: Number(row.n), totals: Object.fromEntries(fen.map((n) => [n, String(row[n])])) })
  }
  return checks
}

/**
 * The plain function behind `npm run migrate-to-pg` and the admin's 设置 › 数据库 (database.moveToPostgres):
 * `sqliteFile` should not change meanwhile (the app copies from a fresh backup of the live database).
 */
export async function moveSqliteToPostgres(sqliteFile: string, pgUrl: string, opts: MoveOptions | ((l: string) => void) = {}): Promise<MoveResult> {
  const { log = () => {}, onProgress = () => {} } = typeof opts === 'function' ? { log: opts } : opts
  const { dataSource: src } = await openDatabase({ kind: 'sqlite', file: sqliteFile })
  let dst: DataSource | null = null
  try {
    dst = (await openDatabase({ kind: 'postgres', url: pgUrl })).dataSource
    const metas = inDependencyOrder(src.entityMetadatas)
    // the target must be empty: a move never mixes two offices' data
    for (const m of metas) {
      const n = Number(((await dst.query(`SELECT count(*) AS n FROM ${q(m.tableName)}`)) as { n: string }[])[0]!.n)
      if (n > 0) throw new Error(`the PostgreSQL database is not empty: table ${m.tableName} has ${n} rows`)
    }
    const progress: MoveProgress = { phase: 'count', table: null, tablesDone: 0, tables: metas.length, rowsCopied: 0, rowsTotal: 0 }
    onProgress({ ...progress })
    const before = await tableChecks(src, metas, 'sqlite')
    progress.rowsTotal = before.reduce((n, b) => n + b.rows, 0)
    progress.phase = 'copy'
    let total = 0
    await dst.transaction(async (em) => {
      for (const m of metas) {
        progress.table = m.tableName
        onProgress({ ...progress })
        const cols = m.columns.map((c) => ({ name: c.databaseName, bool: c.type === 'boolean' || c.type === Boolean }))
        const names = cols.map((c) => q(c.name)).join(', ')
        let copied = 0
        for (let offset = 0; ; offset += BATCH) {
          const rows = (await src.query(`SELECT ${names} FROM ${q(m.tableName)} ORDER BY rowid LIMIT ${BATCH} OFFSET ${offset}`)) as Record<string, unknown>[]
          if (!rows.length) break
          const params: unknown[] = []
          const tuples = rows.map((r) => {
            const ph = cols.map((c) => {
              const v = r[c.name]
              params.push(c.bool && v !== null && v !== undefined ? Boolean(v) : v)
              return `$${params.length}`
            })
            return `(${ph.join(', ')})`
          })
          await em.query(`INSERT INTO ${q(m.tableName)} (${names}) VALUES ${tuples.join(', ')}`, params)
          copied += rows.length
          progress.rowsCopied += rows.length
          onProgress({ ...progress })
        }
        // the next id after the copied ones
        const pk = m.primaryColumns.length === 1 && m.primaryColumns[0]!.generationStrategy === 'increment' ? m.primaryColumns[0]!.databaseName : null
        if (pk) {
          await em.query(
            `SELECT setval(pg_get_serial_sequence($1, $2), GREATEST((SELECT COALESCE(MAX(${q(pk)}), 0) FROM ${q(m.tableName)}), 1), (SELECT COUNT(*) > 0 FROM ${q(m.tableName)}))`,
            [q(m.tableName), pk],
          )
        }
        log(`${m.tableName}: ${copied}`)
        total += copied
        progress.tablesDone++
      }
    })
    progress.phase = 'check'
    progress.table = null
    onProgress({ ...progress })
    const after = await tableChecks(dst, metas, 'postgres')
    for (const [i, b] of before.entries()) {
      const a = after[i]!
      if (a.rows !== b.rows || JSON.stringify(a.totals) !== JSON.stringify(b.totals)) {
        throw new Error(`check failed for ${b.table}: SQLite ${b.rows} rows ${JSON.stringify(b.totals)}, PostgreSQL ${a.rows} rows ${JSON.stringify(a.totals)}`)
      }
    }
    return { tables: after, rows: total }
  } finally {
    if (dst?.isInitialized) await dst.destroy()
    if (src.isInitialized) await src.destroy()
  }
}
