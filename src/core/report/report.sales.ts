import type { z } from 'zod'
import type { Ctx } from '../contract/method'
import { renderMessage } from '../i18n/i18n'
import type * as S from './report.schemas'
import type { ReportMeasure } from './report.schemas'
import { fromMilli } from '../money/money'
import { canSeeCost } from '../product/product-cost.service'
import { monthOf, monthsBetween, prevPeriod, reportScope, shiftMonth, shiftPeriod, type Scope } from './report.sql'
import { checkPeriod, keyOf, labelsFor, measureGrouped, measureMulti, type Grouped, type Out } from './report.measure'

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
