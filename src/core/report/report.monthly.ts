import type { z } from 'zod'
import type { Ctx } from '../contract/method'
import { rawQuery } from '../db/sql'
import type * as S from './report.schemas'
import type { ReportMeasure } from './report.schemas'
import { canSeeCost } from '../product/product-cost.service'
import { agingDirection, agingParams, agingSql } from '../ar/ar.service'
import { monthEnd, monthStart, n, reportScope, shiftMonth, type Scope } from './report.sql'
import type { Out } from './report.measure'
import { measureTotal, sales } from './report.sales'
import { churnList, newCustomersByMonth } from './report.customers'
import { delivery } from './report.delivery'
import * as targets from './target.service'

// ── report.monthlyPack ──────────────────────────────────────────────────────
/** Receivable and its overdue part over all customers in scope on a date (the aging SQL, summed in SQL). */
export async function arTotals(ctx: Ctx, scope: Scope, asOf: string) {
  let inner = agingSql(await agingDirection(ctx, asOf), ctx.engine)
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
