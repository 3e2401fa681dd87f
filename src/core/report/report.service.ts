import type { z } from 'zod'
import type { Ctx } from '../contract/method'
import { fieldError } from '../contract/errors'
import { rawQuery } from '../db/sql'
import { addDays } from '../clock'
import { fromMilli } from '../money/money'
import { UserEntity } from '../auth/auth.entity'
import { canSeeCost } from '../product/product-cost.service'
import { AGING_SQL, agingParams } from '../ar/ar.service'
import { renderMessage } from '../i18n/i18n'
import type * as S from './report.schemas'
import type { ReportGroupBy, ReportMeasure } from './report.schemas'
import {
  ORDERED_IN,
  addMonths,
  beijingDaySql,
  beijingDayStartIso,
  daysSql,
  monthEnd,
  monthOf,
  monthStart,
  monthsBetween,
  n,
  prevPeriod,
  rate,
  reportScope,
  shiftMonth,
  shiftPeriod,
  type Scope,
} from './report.sql'
import * as targets from './target.service'

type Out<T extends z.ZodType> = z.input<T>

function checkPeriod(from: string, to: string) {
  if (from > to) throw fieldError('from', 'report.fromAfterTo')
}

export async function userNames(ctx: Ctx): Promise<Map<number, string>> {
  const users = await ctx.em.getRepository(UserEntity).find({ select: { id: true, displayName: true } })
  return new Map(users.map((u) => [u.id, u.displayName]))
}

// ── the three measures as grouped SQL ───────────────────────────────────────
interface Grouped {
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

interface Period {
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
  const lo = periods.reduce((m, p) => (p.from < m ? p.from : m), periods[0]!.from)
  const hi = periods.reduce((m, p) => (p.to > m ? p.to : m), periods[0]!.to)
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
    parts.push(`SELECT ${key} AS k, ${sums('r."receivedOn"', 'r."amountFen"')}, ${first('r."receivedOn"', 'r."amountFen"')} AS net, 0 AS cost, ${first('r."receivedOn"', '1')} AS cnt
                  FROM receipts r ${join} WHERE r."receivedOn" >= ? AND r."receivedOn" <= ? AND r."status" = 'valid'${sc.sql} GROUP BY ${key}`)
    params.push(lo, hi, ...sc.params)
  } else if (measure === 'ordered') {
    const sc = scope.customer('o."customerId"')
    const key = groupBy === 'month' ? 'substr(o."orderDate", 1, 7)' : groupBy === 'salesperson' ? 'o."salespersonId"' : custKey('o."customerId"')
    parts.push(`SELECT ${key} AS k, ${sums('o."orderDate"', 'o."totalFen"')}, ${first('o."orderDate"', 'o."netFen"')} AS net, 0 AS cost, ${first('o."orderDate"', '1')} AS cnt
                  FROM sales_orders o WHERE o."orderDate" >= ? AND o."orderDate" <= ? AND o."status" IN ${ORDERED_IN}${sc.sql} GROUP BY ${key}`)
    params.push(lo, hi, ...sc.params)
  } else {
    const ss = scope.customer('s."customerId"')
    const rs = scope.customer('r."customerId"')
    const sKey = groupBy === 'month' ? 'substr(s."shipDate", 1, 7)' : groupBy === 'salesperson' ? 'o."salespersonId"' : custKey('s."customerId"')
    const rKey = groupBy === 'month' ? 'substr(r."returnedOn", 1, 7)' : groupBy === 'salesperson' ? 'o."salespersonId"' : custKey('r."customerId"')
    const sJoin = groupBy === 'salesperson' ? `${cross} sales_orders o ON o."id" = s."orderId"` : ''
    const rJoin = groupBy === 'salesperson' ? `${cross} sales_orders o ON o."id" = r."orderId"` : ''
    parts.push(`SELECT ${sKey} AS k, ${sums('s."shipDate"', 's."totalFen"')}, ${first('s."shipDate"', 's."netFen"')} AS net, ${first('s."shipDate"', 's."costFen"')} AS cost, ${first('s."shipDate"', '1')} AS cnt
                  FROM shipments s ${sJoin} WHERE s."shipDate" >= ? AND s."shipDate" <= ? AND s."status" <> 'cancelled'${ss.sql} GROUP BY ${sKey}`)
    parts.push(`SELECT ${rKey}, ${sums('r."returnedOn"', 'r."totalFen"', '-')}, ${first('r."returnedOn"', 'r."netFen"', '-')}, ${first('r."returnedOn"', 'r."costFen"', '-')}, 0
                  FROM sales_returns r ${rJoin} WHERE r."returnedOn" >= ? AND r."returnedOn" <= ? AND r."status" = 'valid'${rs.sql} GROUP BY ${rKey}`)
    params.push(lo, hi, ...ss.params, lo, hi, ...rs.params)
  }
  const cols = periods.map((_, i) => `SUM(a${i}) AS a${i}`).join(', ')
  let sql = `SELECT k, ${cols}, SUM(net) AS net, SUM(cost) AS cost, SUM(cnt) AS cnt FROM (${parts.join(' UNION ALL ')}) x GROUP BY k`
  if (groupBy === 'region') sql = `SELECT cu."province" AS k, ${periods.map((_, i) => `SUM(g.a${i}) AS a${i}`).join(', ')}, SUM(g.net) AS net, SUM(g.cost) AS cost, SUM(g.cnt) AS cnt FROM (${sql}) g JOIN customers cu ON cu."id" = g.k GROUP BY cu."province"`
  const rows = await rawQuery<Record<string, unknown>>(ctx, sql, params)
  return rows.map((r) => ({ k: (r.k as string | number | null) ?? null, a: periods.map((_, i) => n(r[`a${i}`])), net: n(r.net), cost: n(r.cost), cnt: n(r.cnt) }))
}

const keyOf = (k: string | number | null) => (k === null || k === undefined ? '' : String(k))

async function labelsFor(ctx: Ctx, groupBy: ReportGroupBy, keys: string[]): Promise<Map<string, string>> {
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

export async function sales(ctx: Ctx, input: z.output<typeof S.salesInput>): Promise<Out<typeof S.salesOutput>> {
  checkPeriod(input.from, input.to)
  const { from, to, groupBy, measure } = input
  const scope = await reportScope(ctx)
  const withCost = measure === 'shipped' && canSeeCost(ctx.user.role)
  const prev = prevPeriod(from, to)
  const ly = shiftPeriod(from, to, -12)
  let main: Grouped[]
  let prevOf: (key: string) => number
  let lyOf: (key: string) => number
  let totalPrev: number
  let totalLy: number
  if (groupBy === 'month') {
    // one pass: each month's 环比 is its previous month, its 同比 the same month a year before (both clipped like the row); the total's 环比 the same-length period before
    const p = shiftPeriod(from, to, -1)
    const rows = await measureMulti(ctx, scope, measure, 'month', [{ from, to }, p, ly, prev])
    const at = (i: number) => new Map(rows.map((r) => [keyOf(r.k), r.a[i]!]))
    const [pMap, lMap] = [at(1), at(2)]
    prevOf = (k) => pMap.get(shiftMonth(k, -1)) ?? 0
    lyOf = (k) => lMap.get(shiftMonth(k, -12)) ?? 0
    totalPrev = rows.reduce((s, r) => s + r.a[3]!, 0)
    totalLy = rows.reduce((s, r) => s + r.a[2]!, 0)
    main = rows.filter((r) => { const k = keyOf(r.k); return k >= monthOf(from) && k <= monthOf(to) }).map((r) => ({ k: r.k, a: r.a[0]!, net: r.net, cost: r.cost, qty: 0, cnt: r.cnt }))
  } else if (groupBy === 'product' || groupBy === 'category') {
    const [m, pm, lm] = await Promise.all([measureGrouped(ctx, scope, measure, groupBy, from, to), measureGrouped(ctx, scope, measure, groupBy, prev.from, prev.to), measureGrouped(ctx, scope, measure, groupBy, ly.from, ly.to)])
    main = m
    const pMap = new Map(pm.map((r) => [keyOf(r.k), r.a]))
    const lMap = new Map(lm.map((r) => [keyOf(r.k), r.a]))
    prevOf = (k) => pMap.get(k) ?? 0
    lyOf = (k) => lMap.get(k) ?? 0
    totalPrev = pm.reduce((s, r) => s + r.a, 0)
    totalLy = lm.reduce((s, r) => s + r.a, 0)
  } else {
    const rows = await measureMulti(ctx, scope, measure, groupBy, [{ from, to }, prev, ly])
    const pMap = new Map(rows.map((r) => [keyOf(r.k), r.a[1]!]))
    const lMap = new Map(rows.map((r) => [keyOf(r.k), r.a[2]!]))
    prevOf = (k) => pMap.get(k) ?? 0
    lyOf = (k) => lMap.get(k) ?? 0
    totalPrev = rows.reduce((s, r) => s + r.a[1]!, 0)
    totalLy = rows.reduce((s, r) => s + r.a[2]!, 0)
    main = rows.filter((r) => r.cnt !== 0 || r.a[0] !== 0).map((r) => ({ k: r.k, a: r.a[0]!, net: r.net, cost: r.cost, qty: 0, cnt: r.cnt }))
  }
  // every month of the period is a row, also a month without figures
  if (groupBy === 'month') {
    const have = new Set(main.map((r) => keyOf(r.k)))
    for (const m of monthsBetween(from, to)) if (!have.has(m)) main.push({ k: m, a: 0, net: 0, cost: 0, qty: 0, cnt: 0 })
    main.sort((x, y) => keyOf(x.k).localeCompare(keyOf(y.k)))
  } else {
    main.sort((x, y) => y.a - x.a || keyOf(x.k).localeCompare(keyOf(y.k)))
  }
  const page = main.slice((input.page - 1) * input.pageSize, input.page * input.pageSize)
  const labels = await labelsFor(ctx, groupBy, page.map((r) => keyOf(r.k)))
  const lineGroup = groupBy === 'product' || groupBy === 'category'
  const rows = page.map((r) => {
    const key = keyOf(r.k)
    return {
      key,
      label: labels.get(key) ?? key,
      amountFen: r.a,
      netFen: r.net,
      count: r.cnt,
      ...(lineGroup ? { quantity: fromMilli(r.qty) } : {}),
      prevFen: prevOf(key),
      lastYearFen: lyOf(key),
      ...(withCost ? { costFen: r.cost, marginFen: r.net - r.cost } : {}),
    }
  })
  const totalCost = main.reduce((s, r) => s + r.cost, 0)
  const totalNet = main.reduce((s, r) => s + r.net, 0)
  return {
    from,
    to,
    groupBy,
    measure,
    rows,
    total: main.length,
    totalFen: main.reduce((s, r) => s + r.a, 0),
    totalNetFen: totalNet,
    totalPrevFen: totalPrev,
    totalLastYearFen: totalLy,
    prevFrom: prev.from,
    prevTo: prev.to,
    lastYearFrom: ly.from,
    lastYearTo: ly.to,
    ...(withCost ? { totalCostFen: totalCost, totalMarginFen: totalNet - totalCost } : {}),
  }
}

/** One measure's totals over a period (no grouping): amount, net, cost, documents. */
export async function measureTotal(ctx: Ctx, scope: Scope, measure: ReportMeasure, from: string, to: string) {
  const rows = await measureGrouped(ctx, scope, measure, 'month', from, to)
  return rows.reduce((t, r) => ({ a: t.a + r.a, net: t.net + r.net, cost: t.cost + r.cost, cnt: t.cnt + r.cnt }), { a: 0, net: 0, cost: 0, cnt: 0 })
}

// ── report.funnel ───────────────────────────────────────────────────────────
const OPEN_STAGES = ['initial', 'needs', 'proposal', 'negotiation'] as const

export async function funnel(ctx: Ctx, input: z.output<typeof S.funnelInput>): Promise<Out<typeof S.funnelOutput>> {
  checkPeriod(input.from, input.to)
  const scope = await reportScope(ctx)
  const cs = scope.customer('o."customerId"')
  const us = scope.user('o."ownerId"')
  const params: unknown[] = [beijingDayStartIso(input.from), beijingDayStartIso(addDays(input.to, 1))]
  let where = `o."createdAt" >= ? AND o."createdAt" < ?`
  if (scope.userIds !== null) {
    // own opportunities, and those of customers in scope
    where += ` AND (${cs.sql.replace(/^ AND /, '')} OR ${us.sql.replace(/^ AND /, '')})`
    params.push(...cs.params, ...us.params)
  }
  if (input.salespersonId) {
    where += ` AND o."ownerId" = ?`
    params.push(input.salespersonId)
  }
  const days = daysSql(ctx.engine, beijingDaySql(ctx.engine, 'o."createdAt"'), 'o."closedOn"')
  // one pass: grouped by source, owner and stage; the three views are folded from these few rows
  const fine = await rawQuery<Record<string, unknown>>(
    ctx,
    `SELECT o."source" AS src, o."ownerId" AS own, o."stage" AS stage, COUNT(*) AS cnt, SUM(o."amountFen") AS amt,
            SUM(CASE WHEN o."stage" = 'won' THEN ${days} ELSE 0 END) AS days
       FROM opportunities o WHERE ${where} GROUP BY o."source", o."ownerId", o."stage"`,
    params,
  )
  const byStage = fine.map((r) => ({ ...r, k: '' }))
  const bySource = fine.map((r) => ({ ...r, k: r.src }))
  const byOwner = fine.map((r) => ({ ...r, k: r.own }))
  type Acc = { count: number; amountFen: number; wonCount: number; wonFen: number; lostCount: number; wonDays: number; stages: Map<string, { count: number; amountFen: number }> }
  const fold = (rows: Record<string, unknown>[]) => {
    const m = new Map<string, Acc>()
    for (const r of rows) {
      const k = keyOf(r.k as string | number | null)
      const a = m.get(k) ?? { count: 0, amountFen: 0, wonCount: 0, wonFen: 0, lostCount: 0, wonDays: 0, stages: new Map() }
      const c = n(r.cnt)
      const amt = n(r.amt)
      a.count += c
      a.amountFen += amt
      if (r.stage === 'won') {
        a.wonCount += c
        a.wonFen += amt
        a.wonDays += n(r.days)
      }
      if (r.stage === 'lost') a.lostCount += c
      const st = a.stages.get(String(r.stage)) ?? { count: 0, amountFen: 0 }
      a.stages.set(String(r.stage), { count: st.count + c, amountFen: st.amountFen + amt })
      m.set(k, a)
    }
    return m
  }
  const summary = (a: Acc) => ({
    count: a.count,
    amountFen: a.amountFen,
    wonCount: a.wonCount,
    wonFen: a.wonFen,
    lostCount: a.lostCount,
    winRate: rate(a.wonCount, a.wonCount + a.lostCount),
    avgDaysToWon: a.wonCount ? a.wonDays / a.wonCount : null,
  })
  const empty: Acc = { count: 0, amountFen: 0, wonCount: 0, wonFen: 0, lostCount: 0, wonDays: 0, stages: new Map() }
  const all = fold(byStage).get('') ?? empty
  const at = (s: string) => all.stages.get(s) ?? { count: 0, amountFen: 0 }
  // reached: at this stage or beyond; won has passed every open stage, lost only the first
  const wonN = at('won').count
  const reached = new Map<string, number>()
  let beyond = wonN
  for (let i = OPEN_STAGES.length - 1; i >= 0; i--) {
    beyond += at(OPEN_STAGES[i]!).count
    reached.set(OPEN_STAGES[i]!, beyond)
  }
  reached.set('initial', reached.get('initial')! + at('lost').count)
  reached.set('won', wonN)
  reached.set('lost', at('lost').count)
  const order = [...OPEN_STAGES, 'won'] as const
  const stages = (['initial', 'needs', 'proposal', 'negotiation', 'won', 'lost'] as const).map((stage) => {
    const i = order.indexOf(stage as (typeof order)[number])
    const next = i >= 0 && i < order.length - 1 ? order[i + 1]! : null
    return { stage, label: renderMessage(`enum.opportunityStage.${stage}`, undefined, ctx.locale), count: at(stage).count, amountFen: at(stage).amountFen, reachedCount: reached.get(stage)!, conversion: next ? rate(reached.get(next)!, reached.get(stage)!) : null }
  })
  const names = await userNames(ctx)
  const groups = (m: Map<string, Acc>, label: (k: string) => string) =>
    [...m.entries()].map(([k, a]) => ({ key: k, label: label(k), ...summary(a) })).sort((x, y) => y.amountFen - x.amountFen || x.key.localeCompare(y.key))
  return {
    from: input.from,
    to: input.to,
    stages,
    ...summary(all),
    bySource: groups(fold(bySource), (k) => k || renderMessage('report.noSource', undefined, ctx.locale)),
    bySalesperson: groups(fold(byOwner), (k) => (k ? (names.get(Number(k)) ?? `#${k}`) : renderMessage('report.unassigned', undefined, ctx.locale))),
  }
}

// ── report.forecast ─────────────────────────────────────────────────────────
/** Shipped (net of returns) per order salesperson over a period: Map<salespersonId|'' , fen>. */
export async function shippedBySalesperson(ctx: Ctx, scope: Scope, from: string, to: string): Promise<Map<string, number>> {
  const rows = await measureGrouped(ctx, scope, 'shipped', 'salesperson', from, to)
  return new Map(rows.map((r) => [keyOf(r.k), r.a]))
}

export async function forecast(ctx: Ctx, input: z.output<typeof S.forecastInput>): Promise<Out<typeof S.forecastOutput>> {
  const today = ctx.today()
  const first = monthOf(today)
  const months = Array.from({ length: input.months }, (_, i) => shiftMonth(first, i))
  const lastMonth = months[months.length - 1]!
  const scope = await reportScope(ctx)
  const us = scope.user('o."ownerId"')
  // open opportunities by owner and expected close month; overdue or undated ones fall in the current month
  const bucket = `CASE WHEN o."expectedCloseOn" IS NULL OR o."expectedCloseOn" < ? THEN ? ELSE substr(o."expectedCloseOn", 1, 7) END`
  const pipe = await rawQuery<Record<string, unknown>>(
    ctx,
    `SELECT o."ownerId" AS k, ${bucket} AS m, SUM(o."amountFen" * o."probability") AS w
       FROM opportunities o
      WHERE o."stage" NOT IN ('won', 'lost') AND (o."expectedCloseOn" IS NULL OR o."expectedCloseOn" <= ?)${us.sql}
      GROUP BY 1, 2`,
    [monthStart(first), first, monthEnd(lastMonth), ...us.params],
  )
  const rrFrom = monthStart(shiftMonth(first, -3))
  const rrTo = monthEnd(shiftMonth(first, -1))
  const shipped = await shippedBySalesperson(ctx, { ...scope, customer: () => ({ sql: '', params: [] }) }, rrFrom, rrTo)
  const names = await userNames(ctx)
  const people = new Set<string>()
  for (const r of pipe) people.add(keyOf(r.k as number | null))
  for (const k of shipped.keys()) if (scope.userIds === null || scope.userIds.includes(Number(k))) people.add(k)
  // Σ amount × probability % per owner and month, rounded half up to the fen once
  const pipeOf = new Map(pipe.map((r) => [`${keyOf(r.k as number | null)}|${String(r.m)}`, Number((BigInt(String(r.w)) + 50n) / 100n)]))
  const rows = [...people].map((k) => {
    const runRate = Math.round((shipped.get(k) ?? 0) / 3)
    const ms = months.map((m) => {
      const p = pipeOf.get(`${k}|${m}`) ?? 0
      return { month: m, pipelineFen: p, runRateFen: runRate, totalFen: p + runRate }
    })
    const pipelineFen = ms.reduce((s, m) => s + m.pipelineFen, 0)
    return { salespersonId: k === '' ? null : Number(k), name: k === '' ? renderMessage('report.unassigned', undefined, ctx.locale) : (names.get(Number(k)) ?? `#${k}`), months: ms, pipelineFen, runRateFen: runRate * months.length, totalFen: pipelineFen + runRate * months.length }
  })
  rows.sort((a, b) => b.totalFen - a.totalFen || a.name.localeCompare(b.name))
  const totMonths = months.map((m, i) => {
    const p = rows.reduce((s, r) => s + r.months[i]!.pipelineFen, 0)
    const rr = rows.reduce((s, r) => s + r.months[i]!.runRateFen, 0)
    return { month: m, pipelineFen: p, runRateFen: rr, totalFen: p + rr }
  })
  const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((s, r) => s + f(r), 0)
  return { months, runRateFrom: rrFrom, runRateTo: rrTo, rows, totals: { months: totMonths, pipelineFen: sum((r) => r.pipelineFen), runRateFen: sum((r) => r.runRateFen), totalFen: sum((r) => r.totalFen) } }
}

// ── report.customers ────────────────────────────────────────────────────────
/** Customers whose first order (approved or later, up to `to`) falls in [from, to], by month. */
async function newCustomersByMonth(ctx: Ctx, scope: Scope, from: string, to: string): Promise<Map<string, number>> {
  const sc = scope.customer('o."customerId"')
  const rows = await rawQuery<Record<string, unknown>>(
    ctx,
    `SELECT substr(f, 1, 7) AS m, COUNT(*) AS c FROM (
       SELECT o."customerId" AS cid, MIN(o."orderDate") AS f FROM sales_orders o
        WHERE o."status" IN ${ORDERED_IN} AND o."orderDate" <= ?${sc.sql}
        GROUP BY o."customerId"
     ) t WHERE f >= ? GROUP BY substr(f, 1, 7)`,
    [to, ...sc.params, from],
  )
  return new Map(rows.map((r) => [String(r.m), n(r.c)]))
}

/** 流失预警 as of a date: ≥ 3 orders, days since the last > 2 × the median gap and > 30. */
export async function churnList(ctx: Ctx, scope: Scope, asOf: string, limit: number) {
  const sc = scope.customer('o."customerId"')
  const gap = daysSql(ctx.engine, 'pd', 'd')
  const since = daysSql(ctx.engine, 'l."last"', '?')
  const base = `
    WITH od AS (
      SELECT o."customerId" AS cid, o."orderDate" AS d,
             LAG(o."orderDate") OVER (PARTITION BY o."customerId" ORDER BY o."orderDate", o."id") AS pd
        FROM sales_orders o WHERE o."status" IN ${ORDERED_IN} AND o."orderDate" <= ?${sc.sql}
    ),
    g AS (SELECT cid, ${gap} AS gap FROM od WHERE pd IS NOT NULL),
    rk AS (SELECT cid, gap, ROW_NUMBER() OVER (PARTITION BY cid ORDER BY gap) AS rn, COUNT(*) OVER (PARTITION BY cid) AS cnt FROM g),
    med AS (SELECT cid, AVG(gap) AS med, MAX(cnt) + 1 AS orders FROM rk WHERE cnt >= 2 AND (rn = (cnt + 1) / 2 OR rn = (cnt + 2) / 2) GROUP BY cid),
    l AS (SELECT cid, MAX(d) AS "last" FROM od GROUP BY cid),
    churn AS (
      SELECT med.cid, med.med, med.orders, l."last", ${since} AS since
        FROM med JOIN l ON l.cid = med.cid
       WHERE ${since} > 30 AND ${since} > 2 * med.med
    )`
  const params = [asOf, ...sc.params, asOf, asOf, asOf]
  // the page and the total in one pass (COUNT(*) OVER () is taken before LIMIT)
  const rows = await rawQuery<Record<string, unknown>>(
    ctx,
    `${base}
     SELECT c.cid, c.med, c.orders, c."last", c.since, cu."name", cu."ownerId", cu."lastFollowUpAt", us."displayName" AS "ownerName", COUNT(*) OVER () AS total
       FROM churn c JOIN customers cu ON cu."id" = c.cid LEFT JOIN users us ON us."id" = cu."ownerId"
      ORDER BY c."last" DESC, c.cid LIMIT ${Number(limit)}`,
    params,
  )
  return {
    total: n(rows[0]?.total),
    items: rows.map((r) => ({
      customerId: n(r.cid),
      customerName: String(r.name),
      ownerId: r.ownerId === null || r.ownerId === undefined ? null : n(r.ownerId),
      ownerName: (r.ownerName as string | null) ?? null,
      orderCount: n(r.orders),
      lastOrderDate: String(r.last),
      daysSince: n(r.since),
      usualGapDays: n(r.med),
      lastFollowUpAt: (r.lastFollowUpAt as string | null) ?? null,
    })),
  }
}

export async function customers(ctx: Ctx, input: z.output<typeof S.customersInput>): Promise<Out<typeof S.customersOutput>> {
  const asOf = input.asOf ?? ctx.today()
  const scope = await reportScope(ctx)
  const sc = scope.customer('o."customerId"')
  const months = Array.from({ length: 12 }, (_, i) => shiftMonth(monthOf(asOf), i - 11))
  const yearFrom = addDays(addMonths(asOf, -12), 1)
  const [newMap, active, repeat, tiers, churn] = await Promise.all([
    newCustomersByMonth(ctx, scope, monthStart(months[0]!), asOf),
    rawQuery<Record<string, unknown>>(ctx, `SELECT COUNT(DISTINCT o."customerId") AS c FROM sales_orders o WHERE o."status" IN ${ORDERED_IN} AND o."orderDate" >= ? AND o."orderDate" <= ?${sc.sql}`, [addDays(asOf, -89), asOf, ...sc.params]),
    rawQuery<Record<string, unknown>>(
      ctx,
      `SELECT COUNT(*) AS buyers, SUM(CASE WHEN c >= 2 THEN 1 ELSE 0 END) AS repeaters FROM (
         SELECT o."customerId", COUNT(*) AS c FROM sales_orders o WHERE o."status" IN ${ORDERED_IN} AND o."orderDate" >= ? AND o."orderDate" <= ?${sc.sql} GROUP BY o."customerId"
       ) t`,
      [yearFrom, asOf, ...sc.params],
    ),
    tierRows(ctx, scope, yearFrom, asOf),
    churnList(ctx, scope, asOf, input.churnLimit),
  ])
  const buyers = n(repeat[0]?.buyers)
  const repeaters = n(repeat[0]?.repeaters)
  return {
    asOf,
    newByMonth: months.map((m) => ({ month: m, count: newMap.get(m) ?? 0 })),
    activeCount: n(active[0]?.c),
    orderingCount: buyers,
    repeatCount: repeaters,
    repurchaseRate: rate(repeaters, buyers),
    tiers,
    churn: churn.items,
    churnTotal: churn.total,
  }
}

/** A/B/C by shipped (net of returns) in the period: A the customers making the first 80 %, B the next 15 %, C the rest (customers with a positive figure). */
async function tierRows(ctx: Ctx, scope: Scope, from: string, to: string) {
  const ss = scope.customer('s."customerId"')
  const rs = scope.customer('r."customerId"')
  const rows = await rawQuery<Record<string, unknown>>(
    ctx,
    `WITH v AS (
       SELECT cid, SUM(a) AS a FROM (
         SELECT s."customerId" AS cid, s."totalFen" AS a FROM shipments s WHERE s."shipDate" >= ? AND s."shipDate" <= ? AND s."status" <> 'cancelled'${ss.sql}
         UNION ALL
         SELECT r."customerId", -r."totalFen" FROM sales_returns r WHERE r."returnedOn" >= ? AND r."returnedOn" <= ? AND r."status" = 'valid'${rs.sql}
       ) x GROUP BY cid
     ),
     c AS (SELECT cid, a, SUM(a) OVER (ORDER BY a DESC, cid ROWS UNBOUNDED PRECEDING) - a AS before, SUM(a) OVER () AS total FROM v WHERE a > 0)
     SELECT CASE WHEN before * 100 < total * 80 THEN 'A' WHEN before * 100 < total * 95 THEN 'B' ELSE 'C' END AS tier, COUNT(*) AS cnt, SUM(a) AS a, MAX(total) AS total
       FROM c GROUP BY CASE WHEN before * 100 < total * 80 THEN 'A' WHEN before * 100 < total * 95 THEN 'B' ELSE 'C' END`,
    [from, to, ...ss.params, from, to, ...rs.params],
  )
  const by = new Map(rows.map((r) => [String(r.tier), r]))
  const total = n(rows[0]?.total)
  return (['A', 'B', 'C'] as const).map((tier) => ({ tier, count: n(by.get(tier)?.cnt), amountFen: n(by.get(tier)?.a), share: rate(n(by.get(tier)?.a), total) }))
}

// ── report.delivery ─────────────────────────────────────────────────────────
interface DeliveryAcc {
  deliveredCount: number
  onTimeCount: number
  shippedOrders: number
  exceptionOrders: number
  collectedOrders: number
  collectDays: number
}
const zeroAcc = (): DeliveryAcc => ({ deliveredCount: 0, onTimeCount: 0, shippedOrders: 0, exceptionOrders: 0, collectedOrders: 0, collectDays: 0 })
const figures = (a: DeliveryAcc) => ({
  deliveredCount: a.deliveredCount,
  onTimeCount: a.onTimeCount,
  onTimeRate: rate(a.onTimeCount, a.deliveredCount),
  shippedOrders: a.shippedOrders,
  exceptionOrders: a.exceptionOrders,
  exceptionRate: rate(a.exceptionOrders, a.shippedOrders),
  collectedOrders: a.collectedOrders,
  avgDaysToCollect: a.collectedOrders ? a.collectDays / a.collectedOrders : null,
})

export async function delivery(ctx: Ctx, input: z.output<typeof S.deliveryInput>): Promise<Out<typeof S.deliveryOutput>> {
  checkPeriod(input.from, input.to)
  const { from, to } = input
  const scope = await reportScope(ctx)
  const ss = scope.customer('s."customerId"')
  const os = scope.customer('o."customerId"')
  const [onTime, orders] = await Promise.all([
    // 交付及时率: delivered shipments (by ship date) whose order has a promised date
    rawQuery<Record<string, unknown>>(
      ctx,
      `SELECT substr(s."shipDate", 1, 7) AS m, o."salespersonId" AS sp, COUNT(*) AS delivered,
              SUM(CASE WHEN s."deliveredOn" <= o."promisedDate" THEN 1 ELSE 0 END) AS "onTime"
         FROM shipments s JOIN sales_orders o ON o."id" = s."orderId"
        WHERE s."shipDate" >= ? AND s."shipDate" <= ? AND s."status" = 'delivered' AND s."deliveredOn" IS NOT NULL AND o."promisedDate" IS NOT NULL${ss.sql}
        GROUP BY substr(s."shipDate", 1, 7), o."salespersonId"`,
      [from, to, ...ss.params],
    ),
    // per order shipped in the period (dated by its last shipment in the period): exception (a valid return keeps returnedFen above 0, or a cancelled shipment), and the days to collect
    rawQuery<Record<string, unknown>>(
      ctx,
      `WITH so AS (
         SELECT s."orderId" AS oid, MAX(s."shipDate") AS last FROM shipments s
          WHERE s."shipDate" >= ? AND s."shipDate" <= ? AND s."status" <> 'cancelled'${ss.sql}
          GROUP BY s."orderId"
       ),
       paid AS (
         SELECT a."orderId" AS oid, SUM(a."amountFen") AS amt, MAX(r."receivedOn") AS "paidOn"
           FROM receipt_allocations a JOIN receipts r ON r."id" = a."receiptId" AND r."status" = 'valid'
          WHERE a."orderId" IN (SELECT oid FROM so) GROUP BY a."orderId"
       ),
       f AS (
         SELECT so.oid, substr(so.last, 1, 7) AS m, o."salespersonId" AS sp,
                CASE WHEN o."returnedFen" > 0
                       OR EXISTS (SELECT 1 FROM shipments c WHERE c."orderId" = so.oid AND c."status" = 'cancelled') THEN 1 ELSE 0 END AS exc,
                CASE WHEN o."shippedFen" - o."returnedFen" > 0 AND p.amt >= o."shippedFen" - o."returnedFen" THEN 1 ELSE 0 END AS collected,
                CASE WHEN o."shippedFen" - o."returnedFen" > 0 AND p.amt >= o."shippedFen" - o."returnedFen" AND p."paidOn" > so.last THEN ${daysSql(ctx.engine, 'so.last', 'p."paidOn"')} ELSE 0 END AS days
           FROM so JOIN sales_orders o ON o."id" = so.oid LEFT JOIN paid p ON p.oid = so.oid
          WHERE 1 = 1${os.sql}
       )
       SELECT m, sp, COUNT(*) AS orders, SUM(exc) AS exc, SUM(collected) AS collected, SUM(days) AS days FROM f GROUP BY m, sp`,
      [from, to, ...ss.params, ...os.params],
    ),
  ])
  const total = zeroAcc()
  const byMonth = new Map<string, DeliveryAcc>(monthsBetween(from, to).map((m) => [m, zeroAcc()]))
  const bySp = new Map<string, DeliveryAcc>()
  const each = (m: string, sp: string, f: (a: DeliveryAcc) => void) => {
    f(total)
    if (!byMonth.has(m)) byMonth.set(m, zeroAcc())
    f(byMonth.get(m)!)
    if (!bySp.has(sp)) bySp.set(sp, zeroAcc())
    f(bySp.get(sp)!)
  }
  for (const r of onTime)
    each(String(r.m), keyOf(r.sp as number | null), (a) => {
      a.deliveredCount += n(r.delivered)
      a.onTimeCount += n(r.onTime)
    })
  for (const r of orders)
    each(String(r.m), keyOf(r.sp as number | null), (a) => {
      a.shippedOrders += n(r.orders)
      a.exceptionOrders += n(r.exc)
      a.collectedOrders += n(r.collected)
      a.collectDays += n(r.days)
    })
  const names = await userNames(ctx)
  return {
    from,
    to,
    ...figures(total),
    byMonth: [...byMonth.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([month, a]) => ({ month, ...figures(a) })),
    bySalesperson: [...bySp.entries()]
      .map(([k, a]) => ({ salespersonId: k === '' ? null : Number(k), name: k === '' ? renderMessage('report.unassigned', undefined, ctx.locale) : (names.get(Number(k)) ?? `#${k}`), ...figures(a) }))
      .sort((x, y) => y.shippedOrders - x.shippedOrders || x.name.localeCompare(y.name)),
  }
}

// ── report.monthlyPack ──────────────────────────────────────────────────────
/** Receivable and its overdue part over all customers in scope on a date (the aging SQL, summed in SQL). */
export async function arTotals(ctx: Ctx, scope: Scope, asOf: string) {
  let inner = AGING_SQL
  const params: unknown[] = agingParams(asOf)
  if (scope.userIds !== null) {
    inner += ` AND cu."ownerId" IN (${scope.userIds.map(() => '?').join(', ')})`
    params.push(...scope.userIds)
  }
  const [row] = await rawQuery<Record<string, unknown>>(
    ctx,
    `SELECT SUM(t."totalFen") AS bal, SUM(t."d1_30Fen" + t."d31_60Fen" + t."d61_90Fen" + t."over90Fen") AS overdue FROM (${inner}) t`,
    params,
  )
  return { balanceFen: n(row?.bal), overdueFen: n(row?.overdue) }
}

export async function monthlyPack(ctx: Ctx, input: z.output<typeof S.monthlyPackInput>): Promise<Out<typeof S.monthlyPackOutput>> {
  const month = input.month
  const from = monthStart(month)
  const to = monthEnd(month)
  const scope = await reportScope(ctx)
  const withCost = canSeeCost(ctx.user.role)
  const prevM = shiftMonth(month, -1)
  const lyM = shiftMonth(month, -12)
  const figure = async (measure: ReportMeasure) => {
    const [cur, prev, ly] = await Promise.all([
      measureTotal(ctx, scope, measure, from, to),
      measureTotal(ctx, scope, measure, monthStart(prevM), monthEnd(prevM)),
      measureTotal(ctx, scope, measure, monthStart(lyM), monthEnd(lyM)),
    ])
    return { amountFen: cur.a, netFen: cur.net, count: cur.cnt, prevFen: prev.a, lastYearFen: ly.a, cost: cur.cost }
  }
  const [shipped, ordered, received, ar, newMap, churn, topC, topP, tg, dl] = await Promise.all([
    figure('shipped'),
    figure('ordered'),
    figure('received'),
    arTotals(ctx, scope, to),
    newCustomersByMonth(ctx, scope, from, to),
    churnList(ctx, scope, to, 20),
    sales(ctx, { from, to, groupBy: 'customer', measure: 'shipped', page: 1, pageSize: 10 }),
    sales(ctx, { from, to, groupBy: 'product', measure: 'shipped', page: 1, pageSize: 10 }),
    targets.report(ctx, { year: Number(month.slice(0, 4)) }),
    delivery(ctx, { from, to }),
  ])
  const mi = Number(month.slice(5, 7)) - 1
  const { cost, ...shippedFig } = shipped
  const strip = ({ cost: _c, ...f }: typeof ordered) => f
  return {
    month,
    from,
    to,
    shipped: { ...shippedFig, ...(withCost ? { costFen: cost, marginFen: shipped.netFen - cost } : {}) },
    ordered: strip(ordered),
    received: strip(received),
    ar: { asOf: to, ...ar },
    newCustomers: newMap.get(month) ?? 0,
    lostCustomers: churn.total,
    topCustomers: topC.rows.map((r) => ({ customerId: Number(r.key), name: r.label, amountFen: r.amountFen })),
    topProducts: topP.rows.map((r) => ({ productId: Number(r.key), name: r.label, amountFen: r.amountFen, quantity: r.quantity ?? '0' })),
    salespeople: tg.rows.map((r) => {
      const m = r.months[mi]!
      return { salespersonId: r.salespersonId, name: r.name, targetFen: m.targetFen, actualFen: m.actualFen, completion: m.completion }
    }),
    onTimeRate: dl.onTimeRate,
    churn: churn.items,
  }
}
