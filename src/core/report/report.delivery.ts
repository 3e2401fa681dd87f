import type { z } from 'zod'
import type { Ctx } from '../contract/method'
import { rawQuery } from '../db/sql'
import { renderMessage } from '../i18n/i18n'
import type * as S from './report.schemas'
import { daysSql, monthsBetween, n, rate, reportScope } from './report.sql'
import { checkPeriod, keyOf, userNames, type Out } from './report.measure'

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
  const fs = scope.customer('f."customerId"')
  const [onTime, orders] = await Promise.all([
    // 交付及时率: delivered shipments (by ship date) whose order has a promised date (shipment_facts: delivered, onTime)
    rawQuery<Record<string, unknown>>(
      ctx,
      `SELECT substr(f."shipDate", 1, 7) AS m, f."salespersonId" AS sp, COUNT(*) AS delivered, SUM(f."onTime") AS "onTime"
         FROM shipment_facts f WHERE f."delivered" = 1 AND f."shipDate" >= ? AND f."shipDate" <= ?${fs.sql}
        GROUP BY substr(f."shipDate", 1, 7), f."salespersonId"`,
      [from, to, ...fs.params],
    ),
    // per order shipped in the period, dated by its last shipment in the period (order_facts): exception (a valid
    // return or a cancelled shipment), collected (receivable reached zero) and the days from that shipment to paidOffOn.
    // Orders whose last shipment is in the period are read from order_facts as they are; the few that also shipped
    // after `to` are dated by their last shipment up to `to`.
    rawQuery<Record<string, unknown>>(
      ctx,
      `SELECT m, sp, COUNT(*) AS orders, SUM(exc) AS exc, SUM(collected) AS collected, SUM(days) AS days FROM (
         SELECT substr(f."lastShipDate", 1, 7) AS m, f."salespersonId" AS sp, f."exception" AS exc, f."collected" AS collected, f."collectDays" AS days
           FROM order_facts f WHERE f."lastShipDate" >= ? AND f."lastShipDate" <= ?${fs.sql}
         UNION ALL
         SELECT substr(b.last, 1, 7), b.sp, b.exc, b.collected,
                CASE WHEN b.collected = 1 AND b."paidOffOn" > b.last THEN ${daysSql(ctx.engine, 'b.last', 'b."paidOffOn"')} ELSE 0 END
           FROM (SELECT f."salespersonId" AS sp, f."exception" AS exc, f."collected" AS collected, f."paidOffOn" AS "paidOffOn",
                        (SELECT MAX(s."shipDate") FROM shipments s WHERE s."orderId" = f."orderId" AND s."status" <> 'cancelled' AND s."shipDate" >= ? AND s."shipDate" <= ?) AS last
                   FROM order_facts f WHERE f."lastShipDate" > ? AND f."firstShipDate" <= ?${fs.sql}) b
          WHERE b.last IS NOT NULL
       ) x GROUP BY m, sp`,
      [from, to, ...fs.params, from, to, to, to, ...fs.params],
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

