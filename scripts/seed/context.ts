import type { Database } from 'better-sqlite3'
import type { Core } from '../../src/core'
import type { Role } from '../../src/core/contract/types'
import type { Rng } from './rng'

export interface SeedOptions {
  dataDir: string
  /** how many of each kind to add, e.g. { customers: 20000 }; a step reads its own count */
  counts: Record<string, number>
  /** random seed: the same seed on an empty folder gives the same data */
  seed: number
  /** add to a database that already holds customers instead of refusing */
  append: boolean
  /** `ten-year`: the reference data set of issue 10 (scripts/seed/ten-year.ts) instead of the count-driven steps */
  scale?: 'ten-year'
  /** "now" of the generated history (default: the real time) */
  now?: Date
  log?: (line: string) => void
}

export interface SeedUser {
  id: number
  username: string
  displayName: string
  role: Role
  managerId: number | null
}

export interface SeedContext {
  core: Core
  /** the raw better-sqlite3 connection under the core's data source: bulk inserts go here */
  db: Database
  rng: Rng
  now: Date
  opts: SeedOptions
  /** filled by the users step; later steps pick owners and authors from here */
  users: SeedUser[]
  log: (line: string) => void
}

/** One generator. Steps run in order; each wraps its bulk inserts in one `db.transaction`, and may call `core.dispatch`. */
export interface SeedStep {
  name: string
  /** skip the step when this returns false (e.g. its count is 0) */
  enabled?: (opts: SeedOptions) => boolean
  run: (ctx: SeedContext) => Promise<string> | string
}

/** Prepared INSERT for named columns; booleans become 0/1. Returns the new row id. */
export function inserter(db: Database, table: string, columns: readonly string[]) {
  const stmt = db.prepare(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`)
  return (row: Record<string, unknown>): number => {
    const bound: Record<string, unknown> = {}
    for (const c of columns) {
      const v = row[c]
      bound[c] = typeof v === 'boolean' ? (v ? 1 : 0) : (v ?? null)
    }
    return Number(stmt.run(bound).lastInsertRowid)
  }
}

export const iso = (d: Date) => d.toISOString()
export const addMs = (d: Date, ms: number) => new Date(d.getTime() + ms)
export const DAY = 86_400_000
