/**
 * The bulk write path of the import (issue 13, speed): rows go in as multi-row INSERTs inside the one write
 * transaction, numbers are reserved in one block per document type and date, and the operation log is written
 * in bulk. Validation has already run in `prepare` (outside the write queue), so nothing here reads per row.
 */
import type { Ctx } from '../contract/method'
import { rawQuery } from '../db/sql'
import { patternFor } from '../numbering/numbering.service'
import { encodeSummary, type Summary } from '../audit/audit.service'
import { noteFactsChange, touchesFacts } from '../report/facts.notes'

/** Rows per INSERT statement: under SQLite's and PostgreSQL's bound-parameter limits for the widest table here. */
const MAX_PARAMS = 30_000

/**
 * INSERT INTO table (cols) VALUES (…), (…) … in chunks; with `returning`, the inserted rows' columns in
 * insertion order (both engines return the rows of a multi-row VALUES insert in order; callers still match
 * on a unique key where they can).
 */
export async function insertRows<R = Record<string, unknown>>(
  ctx: Pick<Ctx, 'em' | 'engine'>,
  table: string,
  cols: readonly string[],
  rows: unknown[][],
  returning?: readonly string[],
  /** after each statement: how many rows are in (progress, and the place a cancel stops the transaction) */
  onChunk?: (inserted: number) => Promise<void>,
): Promise<R[]> {
  const out: R[] = []
  const colSql = cols.map((c) => `"${c}"`).join(', ')
  if (ctx.engine === 'postgres') {
    // PostgreSQL: the rows as one JSON parameter typed by the table's own row type (one parameter instead of
    // thousands per statement, 5 000 rows a statement); json_populate_recordset keeps the array order
    const per = 5000
    for (let i = 0; i < rows.length; i += per) {
      const chunk = rows.slice(i, i + per)
      const json = JSON.stringify(chunk.map((r) => Object.fromEntries(cols.map((c, k) => [c, r[k] ?? null]))))
      const sql = `INSERT INTO "${table}" (${colSql}) SELECT ${colSql} FROM json_populate_recordset(NULL::"${table}", $1::json)${returning ? ` RETURNING ${returning.map((c) => `"${c}"`).join(', ')}` : ''}`
      const res = (await ctx.em.query(sql, [json])) as R[]
      if (returning) out.push(...res)
      await onChunk?.(i + chunk.length)
    }
    return out
  }
  const per = Math.max(1, Math.floor(MAX_PARAMS / cols.length))
  const one = `(${cols.map(() => '?').join(', ')})`
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per)
    const params: unknown[] = []
    for (const r of chunk) for (const v of r) params.push(typeof v === 'boolean' && ctx.engine === 'sqlite' ? (v ? 1 : 0) : v)
    const sql = `INSERT INTO "${table}" (${colSql}) VALUES ${chunk.map(() => one).join(', ')}${returning ? ` RETURNING ${returning.map((c) => `"${c}"`).join(', ')}` : ''}`
    const res = await rawQuery<R>(ctx, sql, params)
    if (returning) out.push(...(res as R[]))
    await onChunk?.(i + chunk.length)
  }
  return out
}

const pad = (n: number, d: number) => String(n).padStart(d, '0')

function datePart(pattern: string, date: string): string {
  const [y, m, d] = date.split('-')
  if (pattern === 'YYYYMMDD') return `${y}${m}${d}`
  if (pattern === 'YYYYMM') return `${y}${m}`
  if (pattern === 'YYMMDD') return `${y!.slice(2)}${m}${d}`
  return ''
}

/**
 * Reserves `count` numbers of a document type for one date in one step (the same sequence row nextNumber
 * counts up, so numbers are never reused or duplicated); numbers already taken are skipped and made up for.
 */
export async function reserveNumbers(ctx: Ctx, docType: string, date: string, count: number, taken: (n: string) => boolean): Promise<string[]> {
  if (count <= 0) return []
  const p = await patternFor(ctx, docType)
  const dp = datePart(p.datePart, date)
  const key = `${docType}:${dp}`
  const out: string[] = []
  await rawQuery(ctx, ctx.engine === 'postgres' ? 'INSERT INTO doc_sequences ("key", "next") VALUES (?, 1) ON CONFLICT ("key") DO NOTHING' : 'INSERT OR IGNORE INTO doc_sequences ("key", "next") VALUES (?, 1)', [key])
  for (let guard = 0; out.length < count && guard < 100; guard++) {
    const want = count - out.length
    await rawQuery(ctx, 'UPDATE doc_sequences SET "next" = "next" + ? WHERE "key" = ?', [want, key])
    const [row] = await rawQuery<{ next: number | string }>(ctx, 'SELECT "next" FROM doc_sequences WHERE "key" = ?', [key])
    const end = Number(row!.next)
    for (let seq = end - want; seq < end; seq++) {
      const n = `${p.prefix}${dp}${dp ? p.separator : ''}${pad(seq, p.digits)}`
      if (!taken(n)) out.push(n)
    }
  }
  if (out.length < count) throw new Error(`numbering exhausted for ${docType}`)
  return out
}

export interface AuditRow {
  entity: string
  entityId: number
  action: string
  summary?: Summary
  changes?: unknown
}

/** The operation log rows of an import, in bulk, stamped with the caller and the time. */
export async function auditRows(ctx: Ctx, entries: AuditRow[]): Promise<void> {
  const at = ctx.now().toISOString()
  // as audit() does: the report facts of the customers behind imported documents are refreshed before the commit
  for (const e of entries) if (touchesFacts(e.entity, e.action)) noteFactsChange(ctx, e.entity, e.entityId)
  await insertRows(
    ctx,
    'audit_log',
    ['entity', 'entityId', 'action', 'summary', 'changes', 'userId', 'userName', 'at'],
    entries.map((e) => [e.entity, e.entityId, e.action, encodeSummary(e.summary), e.changes === undefined ? null : JSON.stringify(e.changes), ctx.user?.id ?? null, ctx.user?.displayName ?? null, at]),
  )
}

const byDate = <T extends { date: string }>(xs: T[]) => {
  const m = new Map<string, T[]>()
  for (const x of xs) {
    const g = m.get(x.date)
    if (g) g.push(x)
    else m.set(x.date, [x])
  }
  return m
}

/** Numbers for docs by their date: reserved in one block per date, skipping numbers already used. */
export async function numbersFor(ctx: Ctx, docType: string, table: string, docs: { date: string }[], alsoTaken: Set<string>, column = 'number'): Promise<string[]> {
  const out = new Array<string>(docs.length)
  const indexed = docs.map((d, i) => ({ date: d.date, i }))
  for (const [date, group] of byDate(indexed)) {
    let nums = await reserveNumbers(ctx, docType, date, group.length, (n) => alsoTaken.has(n))
    // a number typed by hand may already be in the table: those are replaced
    for (let guard = 0; guard < 10; guard++) {
      const used = new Set<string>()
      for (let i = 0; i < nums.length; i += 500) {
        const chunk = nums.slice(i, i + 500)
        for (const r of await rawQuery<{ n: string }>(ctx, `SELECT "${column}" AS n FROM "${table}" WHERE "${column}" IN (${chunk.map(() => '?').join(', ')})`, chunk)) used.add(r.n)
      }
      if (!used.size) break
      for (const u of used) alsoTaken.add(u)
      const more = await reserveNumbers(ctx, docType, date, used.size, (n) => alsoTaken.has(n))
      nums = [...nums.filter((n) => !used.has(n)), ...more]
    }
    group.forEach((g, k) => (out[g.i] = nums[k]!))
  }
  return out
}

