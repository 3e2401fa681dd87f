import type { Ctx } from '../contract/method'
import { ownerScope } from '../auth/scope'
import { addDays } from '../clock'
import { ORDERED_STATUSES } from './report.enums'

/** Order states that count as ordered (订货): approved or later, never draft, pending or cancelled (one list, in report.enums.ts). */
export { ORDERED_STATUSES }
export const ORDERED_IN = `(${ORDERED_STATUSES.map((s) => `'${s}'`).join(', ')})`

export type Engine = Ctx['engine']

/** Whole days from date column/expression `a` to `b` (b − a), both `YYYY-MM-DD`. */
export function daysSql(engine: Engine, a: string, b: string): string {
  return engine === 'postgres' ? `(CAST(${b} AS date) - CAST(${a} AS date))` : `CAST(ROUND(julianday(${b}) - julianday(${a})) AS INTEGER)`
}

/** The Beijing calendar day of an ISO timestamp column. */
export function beijingDaySql(engine: Engine, ts: string): string {
  return engine === 'postgres' ? `to_char((CAST(${ts} AS timestamptz) AT TIME ZONE 'Asia/Shanghai'), 'YYYY-MM-DD')` : `date(${ts}, '+8 hours')`
}

/** The UTC instant (ISO, as the timestamp columns store it) at which a Beijing day starts. */
export function beijingDayStartIso(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00+08:00`)).toISOString()
}

/**
 * The data scope as a SQL condition on a customer id column: null for everyone (owner, finance, admin,
 * clerk); a salesperson's own customers; a manager's own and the team's. The public pool is not in anyone's report scope.
 */
export interface Scope {
  /** null: everything */
  userIds: number[] | null
  /** `AND <col> IN (SELECT id FROM customers WHERE ownerId IN (…))` with its params */
  customer(col: string): { sql: string; params: number[] }
  /** `AND <col> IN (…)` on a user id column (salesperson / opportunity owner) */
  user(col: string): { sql: string; params: number[] }
}

export async function reportScope(ctx: Ctx): Promise<Scope> {
  const userIds = await ownerScope(ctx)
  const marks = (ids: number[]) => ids.map(() => '?').join(', ')
  return {
    userIds,
    customer(col) {
      if (userIds === null) return { sql: '', params: [] }
      return { sql: ` AND ${col} IN (SELECT cs."id" FROM customers cs WHERE cs."ownerId" IN (${marks(userIds)}))`, params: [...userIds] }
    },
    user(col) {
      if (userIds === null) return { sql: '', params: [] }
      return { sql: ` AND ${col} IN (${marks(userIds)})`, params: [...userIds] }
    },
  }
}

// ── dates ───────────────────────────────────────────────────────────────────
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate()

/** The same day `n` months later (negative: earlier), clamped to the month's last day (03-31 − 1 month → 02-28/29). */
export function addMonths(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const idx = y * 12 + (m - 1) + n
  const ny = Math.floor(idx / 12)
  const nm = (idx % 12) + 1
  const nd = Math.min(d, lastDay(ny, nm))
  return `${ny}-${String(nm).padStart(2, '0')}-${String(nd).padStart(2, '0')}`
}

export const monthOf = (date: string) => date.slice(0, 7)
export const monthStart = (month: string) => `${month}-01`
export function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return `${month}-${String(lastDay(y, m)).padStart(2, '0')}`
}
export function shiftMonth(month: string, n: number): string {
  return monthOf(addMonths(`${month}-01`, n))
}
/** The months from `from` to `to` inclusive, `YYYY-MM`. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = []
  for (let m = monthOf(from); m <= monthOf(to); m = shiftMonth(m, 1)) out.push(m)
  return out
}

/**
 * Shifts a period by whole months, keeping a period that ends on a month's last day ending on the
 * target month's last day (so 2026-03-01…03-31 − 1 month is 02-01…02-28).
 */
export function shiftPeriod(from: string, to: string, months: number): { from: string; to: string } {
  const toEndsMonth = to === monthEnd(monthOf(to))
  return { from: addMonths(from, months), to: toEndsMonth ? monthEnd(shiftMonth(monthOf(to), months)) : addMonths(to, months) }
}

/** 环比: the same number of days just before `from`. */
export function prevPeriod(from: string, to: string): { from: string; to: string } {
  const days = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1
  return { from: addDays(from, -days), to: addDays(from, -1) }
}

export const n = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v))
export const rate = (num: number, den: number): number | null => (den > 0 ? num / den : null)
