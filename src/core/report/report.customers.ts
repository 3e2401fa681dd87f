import type { z } from 'zod'
import type { Ctx } from '../contract/method'
import { rawQuery } from '../db/sql'
import type * as S from './report.schemas'
import { addDays } from '../clock'
import { addMonths, daysSql, monthOf, monthStart, n, rate, reportScope, shiftMonth, type Scope } from './report.sql'
import type { Out } from './report.measure'

// ── report.customers ────────────────────────────────────────────────────────
/** Customers whose first order (approved or later) falls in [from, to], by month: the first rows of the order rhythm. */
export async function newCustomersByMonth(ctx: Ctx, scope: Scope, from: string, to: string): Promise<Map<string, number>> {
  const sc = scope.customer('r."customerId"')
  const rows = await rawQuery<Record<string, unknown>>(
    ctx,
    `SELECT substr(r."orderDate", 1, 7) AS m, COUNT(*) AS c FROM customer_order_rhythm r
      WHERE r."seq" = 1 AND r."orderDate" >= ? AND r."orderDate" <= ?${sc.sql} GROUP BY substr(r."orderDate", 1, 7)`,
    [from, to, ...sc.params],
  )
  return new Map(rows.map((r) => [String(r.m), n(r.c)]))
}

/** A customer's state on day D: the rhythm row of its last order up to D (no later order, or the next one after D). */
const STATE_ON = `(r."nextDate" IS NULL OR r."nextDate" > ?)`

/**
 * 流失预警 as of a date: ≥ 3 orders, days since the last > 2 × the median gap and > 30. The order rhythm
 * (customer_order_rhythm) holds for each order the day from which the customer counts as gone quiet
 * without a later order (churnOn).
 */
export async function churnList(ctx: Ctx, scope: Scope, asOf: string, limit: number) {
  const sc = scope.customer('r."customerId"')
  const since = daysSql(ctx.engine, 'c."last"', '?')
  // the page and the total in one pass (COUNT(*) OVER () is taken before LIMIT)
  const rows = await rawQuery<Record<string, unknown>>(
    ctx,
    `WITH c AS (
       SELECT r."customerId" AS cid, r."gapMedian2" AS g2, r."seq" AS orders, r."orderDate" AS "last"
         FROM customer_order_rhythm r WHERE ${STATE_ON} AND r."churnOn" <= ?${sc.sql}
     )
     SELECT c.cid, c.g2, c.orders, c."last", ${since} AS since, cu."name", cu."ownerId", cu."lastFollowUpAt", us."displayName" AS "ownerName", COUNT(*) OVER () AS total
       FROM c JOIN customers cu ON cu."id" = c.cid LEFT JOIN users us ON us."id" = cu."ownerId"
      ORDER BY c."last" DESC, c.cid LIMIT ${Number(limit)}`,
    [asOf, asOf, ...sc.params, asOf],
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
      usualGapDays: n(r.g2) / 2,
      lastFollowUpAt: (r.lastFollowUpAt as string | null) ?? null,
    })),
  }
}

export async function customers(ctx: Ctx, input: z.output<typeof S.customersInput>): Promise<Out<typeof S.customersOutput>> {
  const asOf = input.asOf ?? ctx.today()
  const scope = await reportScope(ctx)
  const sc = scope.customer('r."customerId"')
  const months = Array.from({ length: 12 }, (_, i) => shiftMonth(monthOf(asOf), i - 11))
  const yearFrom = addDays(addMonths(asOf, -12), 1)
  const [newMap, active, repeat, tiers, churn] = await Promise.all([
    newCustomersByMonth(ctx, scope, monthStart(months[0]!), asOf),
    // active: customers whose last order up to asOf is in the last 90 days; buyers of the last 12 months, and repeaters (the order before it in the 12 months too)
    rawQuery<Record<string, unknown>>(ctx, `SELECT COUNT(*) AS c FROM customer_order_rhythm r WHERE r."orderDate" >= ? AND r."orderDate" <= ? AND ${STATE_ON}${sc.sql}`, [addDays(asOf, -89), asOf, asOf, ...sc.params]),
    rawQuery<Record<string, unknown>>(
      ctx,
      `SELECT COUNT(*) AS buyers, SUM(CASE WHEN r."prevDate" >= ? THEN 1 ELSE 0 END) AS repeaters FROM customer_order_rhythm r
        WHERE r."orderDate" >= ? AND r."orderDate" <= ? AND ${STATE_ON}${sc.sql}`,
      [yearFrom, yearFrom, asOf, asOf, ...sc.params],
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

