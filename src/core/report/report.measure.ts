import type { z } from 'zod'
import type { Ctx } from '../contract/method'
import { fieldError } from '../contract/errors'
import { rawQuery } from '../db/sql'
import { addDays } from '../clock'
import { UserEntity } from '../auth/auth.entity'
import { renderMessage } from '../i18n/i18n'
import type { ReportGroupBy, ReportMeasure } from './report.schemas'
import { ORDERED_IN, addMonths, monthEnd, monthOf, monthStart, n, shiftMonth, type Scope } from './report.sql'

/** The three measures (ordered, shipped, received) as grouped SQL, shared by the reports. */
export type Out<T extends z.ZodType> = z.input<T>

export function checkPeriod(from: string, to: string) {
  if (from > to) throw fieldError('from', 'report.fromAfterTo')
}

export async function userNames(ctx: Ctx): Promise<Map<number, string>> {
  const users = await ctx.em.getRepository(UserEntity).find({ select: { id: true, displayName: true } })
  return new Map(users.map((u) => [u.id, u.displayName]))
}

export interface Grouped {
  k: string | number | null
  a: number
  net: number
  cost: number
  qty: number
  cnt: number
}

/**
 * One grouped query of a measure over a period: rows {k, a (incl. tax), net, cost, qty, cnt}.
 * Documents are summed through covering indexes (idx_shipments_report, idx_shipment_lines_report,
 * idx_orders_report, idx_order_lines_report, idx_receipts_report); product and customer attributes
 * (category, province) are joined onto the already grouped rows.
 */
export async function measureGrouped(ctx: Ctx, scope: Scope, measure: ReportMeasure, groupBy: ReportGroupBy, from: string, to: string): Promise<Grouped[]> {
  const params: unknown[] = []
  let sql: string
  if (groupBy !== 'product' && groupBy !== 'category') {
    const rows = await measureMulti(ctx, scope, measure, groupBy, [{ from, to }])
    return rows.filter((r) => r.cnt !== 0 || r.a[0] !== 0).map((r) => ({ k: r.k, a: r.a[0]!, net: r.net, cost: r.cost, qty: 0, cnt: r.cnt }))
  }
  if (measure === 'received') throw fieldError('groupBy', 'report.receivedNoProduct')
  if (measure === 'ordered') {
    const sc = scope.customer('o."customerId"')
    sql = `SELECT l."productId" AS k, SUM(l."amountFen") AS a, SUM(l."netFen") AS net, 0 AS cost, SUM(l."qtyMilli") AS qty, COUNT(*) AS cnt
             FROM sales_orders o JOIN sales_order_lines l ON l."orderId" = o."id"
            WHERE o."orderDate" >= ? AND o."orderDate" <= ? AND o."status" IN ${ORDERED_IN}${sc.sql}
            GROUP BY l."productId"`
    params.push(from, to, ...sc.params)
    return groupBy === 'category' ? categoryOf(ctx, sql, params) : run(ctx, sql, params)
  }
  if (scope.userIds === null) {
    // whole months from the month summary (sales_month_product), the partial months at either end from the documents
    const parts: string[] = []
    const span = fullMonths(from, to)
    if (span) {
      parts.push(`SELECT g."productId" AS k, SUM(g."amountFen") AS a, SUM(g."netFen") AS net, SUM(g."costFen") AS cost, SUM(g."qtyMilli") AS qty, SUM(g."lines") AS cnt
                    FROM sales_month_product g WHERE g."month" >= ? AND g."month" <= ? GROUP BY g."productId"`)
      params.push(span.first, span.last)
    }
    for (const [f, t] of span ? span.edges : [[from, to] as const]) {
      parts.push(shippedLinesSql(''), returnedLinesSql(''))
      params.push(f, t, f, t)
    }
    sql = `SELECT k, SUM(a) AS a, SUM(net) AS net, SUM(cost) AS cost, SUM(qty) AS qty, SUM(cnt) AS cnt FROM (${parts.join(' UNION ALL ')}) x GROUP BY k`
    return groupBy === 'category' ? categoryOf(ctx, sql, params) : run(ctx, sql, params)
  }
  const ss = scope.customer('s."customerId"')
  const rs = scope.customer('r."customerId"')
  sql = `SELECT k, SUM(a) AS a, SUM(net) AS net, SUM(cost) AS cost, SUM(qty) AS qty, SUM(cnt) AS cnt FROM (${shippedLinesSql(ss.sql)} UNION ALL ${returnedLinesSql(rs.sql)}) x GROUP BY k`
  params.push(from, to, ...ss.params, from, to, ...rs.params)
  return groupBy === 'category' ? categoryOf(ctx, sql, params) : run(ctx, sql, params)
}

const shippedLinesSql = (scopeSql: string) => `SELECT l."productId" AS k, SUM(l."amountFen") AS a, SUM(l."netFen") AS net, SUM(l."costFen") AS cost, SUM(l."qtyMilli") AS qty, COUNT(*) AS cnt
    FROM shipments s JOIN shipment_lines l ON l."shipmentId" = s."id"
   WHERE s."shipDate" >= ? AND s."shipDate" <= ? AND s."status" <> 'cancelled'${scopeSql} GROUP BY l."productId"`
const returnedLinesSql = (scopeSql: string) => `SELECT rl."productId", -SUM(rl."amountFen"), -SUM(rl."netFen"), -SUM(rl."costFen"), -SUM(rl."qtyMilli"), 0
    FROM sales_returns r JOIN sales_return_lines rl ON rl."returnId" = r."id"
   WHERE r."returnedOn" >= ? AND r."returnedOn" <= ? AND r."status" = 'valid'${scopeSql} GROUP BY rl."productId"`

/** The whole months inside [from, to] (null when none) and the partial pieces before and after them. */
export function fullMonths(from: string, to: string): { first: string; last: string; edges: [string, string][] } | null {
  const first = from.endsWith('-01') ? monthOf(from) : shiftMonth(monthOf(from), 1)
  const last = to === monthEnd(monthOf(to)) ? monthOf(to) : shiftMonth(monthOf(to), -1)
  if (first > last) return null
  const edges: [string, string][] = []
  if (from < monthStart(first)) edges.push([from, addDays(monthStart(first), -1)])
  if (to > monthEnd(last)) edges.push([addDays(monthEnd(last), 1), to])
  return { first, last, edges }
}

async function run(ctx: Ctx, sql: string, params: unknown[]): Promise<Grouped[]> {
  const rows = await rawQuery<Record<string, unknown>>(ctx, sql, params)
  return rows.map((r) => ({ k: (r.k as string | number | null) ?? null, a: n(r.a), net: n(r.net), cost: n(r.cost), qty: n(r.qty), cnt: n(r.cnt) }))
}
/** product-grouped rows regrouped by the product's category */
function categoryOf(ctx: Ctx, byProduct: string, params: unknown[]) {
  return run(ctx, `SELECT p."category" AS k, SUM(g.a) AS a, SUM(g.net) AS net, SUM(g.cost) AS cost, SUM(g.qty) AS qty, SUM(g.cnt) AS cnt FROM (${byProduct}) g JOIN products p ON p."id" = g.k GROUP BY p."category"`, params)
}

export interface Period {
  from: string
  to: string
}
interface MultiGrouped {
  k: string | number | null
  /** the amount in each period */
  a: number[]
  net: number
  cost: number
  cnt: number
}

/**
 * Header-level groupings (month, salesperson, customer, region) of a measure over several periods in one
 * pass over the covering date index: `a[i]` is the amount in period i; net, cost and the document count
 * are those of the first period. A key found only in the other periods has a[0] = 0 and cnt = 0.
 */
export async function measureMulti(ctx: Ctx, scope: Scope, measure: ReportMeasure, groupBy: Exclude<ReportGroupBy, 'product' | 'category'>, periods: Period[]): Promise<MultiGrouped[]> {
  for (const p of periods) if (!/^\d{4}-\d{2}-\d{2}$/.test(p.from) || !/^\d{4}-\d{2}-\d{2}$/.test(p.to)) throw new Error('bad period')
  // the periods' days as disjoint ranges: a month's report reads its month, the month before and the same month a
  // year back, not the thirteen months between them
  const ranges: Period[] = []
  for (const p of [...periods].sort((a, b) => a.from.localeCompare(b.from))) {
    const last = ranges[ranges.length - 1]
    if (last && p.from <= addDays(last.to, 1)) last.to = p.to > last.to ? p.to : last.to
    else ranges.push({ from: p.from, to: p.to })
  }
  const each = (sql: string, scopeParams: unknown[]) => {
    for (const r of ranges) {
      parts.push(sql)
      params.push(r.from, r.to, ...scopeParams)
    }
  }
  const inP = (d: string, p: Period) => `${d} >= '${p.from}' AND ${d} <= '${p.to}'`
  const sums = (d: string, amount: string, sign = '') => periods.map((p, i) => `${sign}SUM(CASE WHEN ${inP(d, p)} THEN ${amount} ELSE 0 END) AS a${i}`).join(', ')
  const first = (d: string, v: string, sign = '') => `${sign}SUM(CASE WHEN ${inP(d, periods[0]!)} THEN ${v} ELSE 0 END)`
  // SQLite: keep the date index as the driver (the planner would rather walk a customer index for the GROUP BY)
  const cross = ctx.engine === 'sqlite' ? 'CROSS JOIN' : 'JOIN'
  const params: unknown[] = []
  const parts: string[] = []
  const custKey = (c: string) => (groupBy === 'customer' || groupBy === 'region' ? `${c} + 0` : c)
  if (measure === 'received') {
    const sc = scope.customer('r."customerId"')
    const key = groupBy === 'month' ? 'substr(r."receivedOn", 1, 7)' : groupBy === 'salesperson' ? 'cu."ownerId"' : custKey('r."customerId"')
    const join = groupBy === 'salesperson' ? `${cross} customers cu ON cu."id" = r."customerId"` : ''
    each(`SELECT ${key} AS k, ${sums('r."receivedOn"', 'r."amountFen"')}, ${first('r."receivedOn"', 'r."amountFen"')} AS net, 0 AS cost, ${first('r."receivedOn"', '1')} AS cnt
                  FROM receipts r ${join} WHERE r."receivedOn" >= ? AND r."receivedOn" <= ? AND r."status" = 'valid'${sc.sql} GROUP BY ${key}`, sc.params)
  } else if (measure === 'ordered') {
    const sc = scope.customer('o."customerId"')
    const key = groupBy === 'month' ? 'substr(o."orderDate", 1, 7)' : groupBy === 'salesperson' ? 'o."salespersonId"' : custKey('o."customerId"')
    each(`SELECT ${key} AS k, ${sums('o."orderDate"', 'o."totalFen"')}, ${first('o."orderDate"', 'o."netFen"')} AS net, 0 AS cost, ${first('o."orderDate"', '1')} AS cnt
                  FROM sales_orders o WHERE o."orderDate" >= ? AND o."orderDate" <= ? AND o."status" IN ${ORDERED_IN}${sc.sql} GROUP BY ${key}`, sc.params)
  } else {
    // shipments from shipment_facts (one row per shipment not cancelled, with its order's salesperson: no join)
    const ss = scope.customer('f."customerId"')
    const rs = scope.customer('r."customerId"')
    const sKey = groupBy === 'month' ? 'substr(f."shipDate", 1, 7)' : groupBy === 'salesperson' ? 'f."salespersonId"' : custKey('f."customerId"')
    const rKey = groupBy === 'month' ? 'substr(r."returnedOn", 1, 7)' : groupBy === 'salesperson' ? 'o."salespersonId"' : custKey('r."customerId"')
    const rJoin = groupBy === 'salesperson' ? `${cross} sales_orders o ON o."id" = r."orderId"` : ''
    // SQLite, by customer over more than a few months: walk the customer-ordered covering index (no sort of the whole span for the GROUP BY)
    const long = ranges.length === 1 && Date.parse(ranges[0]!.to) - Date.parse(ranges[0]!.from) > 120 * 86_400_000
    const byCustomer = ctx.engine === 'sqlite' && long && (groupBy === 'customer' || groupBy === 'region')
    const fKey = byCustomer ? 'f."customerId"' : sKey
    each(`SELECT ${fKey} AS k, ${sums('f."shipDate"', 'f."totalFen"')}, ${first('f."shipDate"', 'f."netFen"')} AS net, ${first('f."shipDate"', 'f."costFen"')} AS cost, ${first('f."shipDate"', '1')} AS cnt
                  FROM shipment_facts f${byCustomer ? ' INDEXED BY idx_sf_customer' : ''} WHERE f."shipDate" >= ? AND f."shipDate" <= ?${ss.sql} GROUP BY ${fKey}`, ss.params)
    each(`SELECT ${rKey}, ${sums('r."returnedOn"', 'r."totalFen"', '-')}, ${first('r."returnedOn"', 'r."netFen"', '-')}, ${first('r."returnedOn"', 'r."costFen"', '-')}, 0
                  FROM sales_returns r ${rJoin} WHERE r."returnedOn" >= ? AND r."returnedOn" <= ? AND r."status" = 'valid'${rs.sql} GROUP BY ${rKey}`, rs.params)
  }
  const cols = periods.map((_, i) => `SUM(a${i}) AS a${i}`).join(', ')
  let sql = `SELECT k, ${cols}, SUM(net) AS net, SUM(cost) AS cost, SUM(cnt) AS cnt FROM (${parts.join(' UNION ALL ')}) x GROUP BY k`
  if (groupBy === 'region') sql = `SELECT cu."province" AS k, ${periods.map((_, i) => `SUM(g.a${i}) AS a${i}`).join(', ')}, SUM(g.net) AS net, SUM(g.cost) AS cost, SUM(g.cnt) AS cnt FROM (${sql}) g JOIN customers cu ON cu."id" = g.k GROUP BY cu."province"`
  const rows = await rawQuery<Record<string, unknown>>(ctx, sql, params)
  return rows.map((r) => ({ k: (r.k as string | number | null) ?? null, a: periods.map((_, i) => n(r[`a${i}`])), net: n(r.net), cost: n(r.cost), cnt: n(r.cnt) }))
}

export const keyOf = (k: string | number | null) => (k === null || k === undefined ? '' : String(k))

export async function labelsFor(ctx: Ctx, groupBy: ReportGroupBy, keys: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  const ids = keys.filter((k) => k !== '').map(Number)
  if (groupBy === 'salesperson') {
    const names = await userNames(ctx)
    for (const k of keys) out.set(k, k === '' ? renderMessage('report.unassigned', undefined, ctx.locale) : (names.get(Number(k)) ?? `#${k}`))
  } else if (groupBy === 'customer' && ids.length) {
    const rows = await rawQuery<{ id: number; name: string }>(ctx, `SELECT "id", "name" FROM customers WHERE "id" IN (${ids.map(() => '?').join(', ')})`, ids)
    for (const r of rows) out.set(String(r.id), r.name)
  } else if (groupBy === 'product' && ids.length) {
    const rows = await rawQuery<{ id: number; code: string; name: string }>(ctx, `SELECT "id", "code", "name" FROM products WHERE "id" IN (${ids.map(() => '?').join(', ')})`, ids)
    for (const r of rows) out.set(String(r.id), `${r.code} ${r.name}`)
  }
  for (const k of keys) if (!out.has(k)) out.set(k, k === '' ? ({ category: () => renderMessage('report.uncategorized', undefined, ctx.locale), region: () => renderMessage('report.noProvince', undefined, ctx.locale), customer: () => '—', product: () => '—', month: () => '—', salesperson: () => renderMessage('report.unassigned', undefined, ctx.locale) } as const)[groupBy]() : k)
  return out
}
