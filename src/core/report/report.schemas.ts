import { z } from 'zod'
import { dateStr, id, monthStr, nonNegFen, paging, version } from '../contract/types'
import { issue } from '../i18n/i18n'

/**
 * Input and output schemas of the owner's reports (issue 10). Every amount is integer fen incl. tax
 * (`…Fen`), with `netFen` (excl. tax) beside it where the lines carry tax; rates are fractions 0…1
 * (null when the denominator is zero); dates `YYYY-MM-DD` in Beijing time; months `YYYY-MM`.
 * Cost and margin (`costFen`, `marginFen`) are only present for roles allowed to see cost prices
 * (admin, manager, finance, owner).
 *
 * 口径 (definitions):
 * - ordered 订货: orders approved or later (approved, partially_shipped, shipped, completed, closed), by order date, at the order total.
 * - shipped 发货/销售额 (default): shipments not cancelled by ship date, minus returns by return date (net sales).
 * - received 回款: receipts not cancelled, by receipt date.
 */

import { REPORT_GROUP_BYS, REPORT_MEASURES } from './report.enums'
export { REPORT_GROUP_BYS, REPORT_MEASURES, REPORT_DEFINITIONS } from './report.enums'
export type ReportGroupBy = (typeof REPORT_GROUP_BYS)[number]
export type ReportMeasure = (typeof REPORT_MEASURES)[number]

/** the shared month type: YYYY-MM in 2000-01 … 2099-12 (issue 8) */
export { monthStr }
const rate = z.number().min(0).max(1).nullable()

// ── report.sales ────────────────────────────────────────────────────────────
export const salesInput = z.object({
  from: dateStr,
  to: dateStr,
  groupBy: z.enum(REPORT_GROUP_BYS),
  measure: z.enum(REPORT_MEASURES).default('shipped'),
  page: paging.page,
  pageSize: z.number().int().min(1).max(1000).default(50),
})
export const salesRow = z.object({
  /** month `YYYY-MM`, user id, customer id, product id, category name or province; '' for "none" (未分配 / 未分类 / 未填省份) */
  key: z.string(),
  label: z.string(),
  amountFen: z.number().int(),
  netFen: z.number().int(),
  /** documents behind the figure: orders (ordered), shipments (shipped; returns not counted), receipts (received) */
  count: z.number().int(),
  /** decimal string, product and category only (shipped: net of returns) */
  quantity: z.string().optional(),
  /** 环比: the same-length period just before `from`; for groupBy month the previous month */
  prevFen: z.number().int(),
  /** 同比: the same dates a year earlier */
  lastYearFen: z.number().int(),
  /** shipped measure, cost-seeing roles only: cost excl. tax at shipment, returns at their original cost */
  costFen: z.number().int().optional(),
  /** netFen − costFen */
  marginFen: z.number().int().optional(),
})
export const salesOutput = z.object({
  from: z.string(),
  to: z.string(),
  groupBy: z.enum(REPORT_GROUP_BYS),
  measure: z.enum(REPORT_MEASURES),
  rows: z.array(salesRow),
  /** number of rows (groups) over all pages */
  total: z.number().int(),
  totalFen: z.number().int(),
  totalNetFen: z.number().int(),
  totalPrevFen: z.number().int(),
  totalLastYearFen: z.number().int(),
  /** the 环比 / 同比 periods used */
  prevFrom: z.string(),
  prevTo: z.string(),
  lastYearFrom: z.string(),
  lastYearTo: z.string(),
  totalCostFen: z.number().int().optional(),
  totalMarginFen: z.number().int().optional(),
})

// ── report.funnel ───────────────────────────────────────────────────────────
export const FUNNEL_STAGES = ['initial', 'needs', 'proposal', 'negotiation', 'won', 'lost'] as const
export const funnelInput = z.object({ from: dateStr, to: dateStr, salespersonId: id.optional() })
const funnelGroup = z.object({
  key: z.string(),
  label: z.string(),
  count: z.number().int(),
  amountFen: z.number().int(),
  wonCount: z.number().int(),
  wonFen: z.number().int(),
  lostCount: z.number().int(),
  /** won / (won + lost) */
  winRate: rate,
  /** average days from creation to won */
  avgDaysToWon: z.number().nullable(),
})
export const funnelOutput = z.object({
  from: z.string(),
  to: z.string(),
  /**
   * Opportunities created in the period, per current stage. `reachedCount`: at this stage or beyond
   * (won counts as having passed every open stage; lost only as having reached 初步接洽);
   * `conversion`: reachedCount of the next open stage (or won) / reachedCount of this one.
   */
  stages: z.array(
    z.object({
      stage: z.enum(FUNNEL_STAGES),
      label: z.string(),
      count: z.number().int(),
      amountFen: z.number().int(),
      reachedCount: z.number().int(),
      conversion: rate,
    }),
  ),
  count: z.number().int(),
  amountFen: z.number().int(),
  wonCount: z.number().int(),
  wonFen: z.number().int(),
  lostCount: z.number().int(),
  winRate: rate,
  avgDaysToWon: z.number().nullable(),
  /** by source channel (key '' = 未填来源) */
  bySource: z.array(funnelGroup),
  /** by opportunity owner (key '' = 未分配) */
  bySalesperson: z.array(funnelGroup),
})

// ── targets ─────────────────────────────────────────────────────────────────
export const targetSetInput = z
  .object({
    year: z.number().int().min(2000).max(2099),
    month: z.number().int().min(1).max(12),
    salespersonId: id.optional(),
    teamManagerId: id.optional(),
    amountFen: nonNegFen,
    /** the version seen, when the target exists already */
    version: version.optional(),
  })
  .refine((v) => (v.salespersonId === undefined) !== (v.teamManagerId === undefined), { ...issue('target.oneOf'), path: ['salespersonId'] })
export const targetOut = z.object({
  id: z.number().int(),
  year: z.number().int(),
  month: z.number().int(),
  salespersonId: z.number().int().nullable(),
  teamManagerId: z.number().int().nullable(),
  amountFen: z.number().int(),
  version: z.number().int(),
  updatedAt: z.string(),
  updatedByName: z.string().nullable(),
})
export const TARGET_SPLIT_METHODS = ['even', 'lastYear'] as const
export const targetSplitInput = z.object({
  year: z.number().int().min(2000).max(2099),
  month: z.number().int().min(1).max(12),
  teamManagerId: id,
  /** even: equal parts; lastYear: by each member's shipped in the same month last year (even when nobody shipped) */
  method: z.enum(TARGET_SPLIT_METHODS),
})
export const targetSplitOutput = z.object({
  teamTargetFen: z.number().int(),
  /** the members' targets, summing exactly to the team target (largest remainder) */
  items: z.array(z.object({ salespersonId: z.number().int(), name: z.string(), amountFen: z.number().int(), lastYearFen: z.number().int() })),
})

export const targetsInput = z.object({ year: z.number().int().min(2000).max(2099), salespersonId: id.optional() })
const targetMonth = z.object({ month: z.number().int(), targetFen: z.number().int(), actualFen: z.number().int(), completion: z.number().nullable() })
export const targetsOutput = z.object({
  year: z.number().int(),
  /** per salesperson (everyone who has a target or shipped in the year, within scope) */
  rows: z.array(
    z.object({
      salespersonId: z.number().int(),
      name: z.string(),
      teamManagerId: z.number().int().nullable(),
      months: z.array(targetMonth),
      targetFen: z.number().int(),
      actualFen: z.number().int(),
      completion: z.number().nullable(),
    }),
  ),
  /** team targets (目标分解 source) with the team's actual */
  teams: z.array(z.object({ teamManagerId: z.number().int(), name: z.string(), months: z.array(targetMonth), targetFen: z.number().int(), actualFen: z.number().int(), completion: z.number().nullable() })),
  totals: z.object({ months: z.array(targetMonth), targetFen: z.number().int(), actualFen: z.number().int(), completion: z.number().nullable() }),
})

// ── report.forecast ─────────────────────────────────────────────────────────
export const forecastInput = z.object({ months: z.number().int().min(1).max(6).default(3) })
const forecastMonth = z.object({ month: z.string(), pipelineFen: z.number().int(), runRateFen: z.number().int(), totalFen: z.number().int() })
export const forecastOutput = z.object({
  /** the months ahead, starting with the current month (open opportunities already past their expected close fall in it) */
  months: z.array(z.string()),
  /** the 3 full months the run rate averages */
  runRateFrom: z.string(),
  runRateTo: z.string(),
  rows: z.array(z.object({ salespersonId: z.number().int().nullable(), name: z.string(), months: z.array(forecastMonth), pipelineFen: z.number().int(), runRateFen: z.number().int(), totalFen: z.number().int() })),
  totals: z.object({ months: z.array(forecastMonth), pipelineFen: z.number().int(), runRateFen: z.number().int(), totalFen: z.number().int() }),
})

// ── report.customers ────────────────────────────────────────────────────────
export const customersInput = z.object({ asOf: dateStr.optional(), churnLimit: z.number().int().min(1).max(1000).default(100) })
export const churnItem = z.object({
  customerId: z.number().int(),
  customerName: z.string(),
  ownerId: z.number().int().nullable(),
  ownerName: z.string().nullable(),
  orderCount: z.number().int(),
  lastOrderDate: z.string(),
  daysSince: z.number().int(),
  /** the median of the days between consecutive orders */
  usualGapDays: z.number(),
  lastFollowUpAt: z.string().nullable(),
})
export const customersOutput = z.object({
  asOf: z.string(),
  /** customers whose first order (approved or later) falls in the month; the last 12 months up to asOf */
  newByMonth: z.array(z.object({ month: z.string(), count: z.number().int() })),
  /** ordered in the last 90 days */
  activeCount: z.number().int(),
  /** customers with ≥ 1 order in the last 12 months */
  orderingCount: z.number().int(),
  /** … of which with ≥ 2 */
  repeatCount: z.number().int(),
  repurchaseRate: rate,
  /** A: the customers making the first 80 % of last-12-months shipped, B the next 15 %, C the rest */
  tiers: z.array(z.object({ tier: z.enum(['A', 'B', 'C']), count: z.number().int(), amountFen: z.number().int(), share: rate })),
  /** 流失预警: ≥ 3 orders, days since the last > 2 × the median gap and > 30 */
  churn: z.array(churnItem),
  churnTotal: z.number().int(),
})

// ── report.delivery ─────────────────────────────────────────────────────────
export const deliveryInput = z.object({ from: dateStr, to: dateStr })
const deliveryFigures = {
  /** delivered shipments (by ship date) whose order has a promised date */
  deliveredCount: z.number().int(),
  onTimeCount: z.number().int(),
  /** 交付及时率 = onTimeCount / deliveredCount */
  onTimeRate: rate,
  /** orders with a shipment (not cancelled) in the period */
  shippedOrders: z.number().int(),
  /** … of which with a return or a cancelled shipment */
  exceptionOrders: z.number().int(),
  /** 异常率 */
  exceptionRate: rate,
  /** orders shipped in the period whose receivable reached zero */
  collectedOrders: z.number().int(),
  /** 回款周期: days from the (last) ship date to the receipt that brought the order's receivable to zero */
  avgDaysToCollect: z.number().nullable(),
}
export const deliveryOutput = z.object({
  from: z.string(),
  to: z.string(),
  ...deliveryFigures,
  byMonth: z.array(z.object({ month: z.string(), ...deliveryFigures })),
  bySalesperson: z.array(z.object({ salespersonId: z.number().int().nullable(), name: z.string(), ...deliveryFigures })),
})

// ── report.monthlyPack ──────────────────────────────────────────────────────
export const monthlyPackInput = z.object({ month: monthStr })
const measureFigure = z.object({ amountFen: z.number().int(), netFen: z.number().int(), count: z.number().int(), prevFen: z.number().int(), lastYearFen: z.number().int() })
export const monthlyPackOutput = z.object({
  month: z.string(),
  from: z.string(),
  to: z.string(),
  shipped: measureFigure.extend({ costFen: z.number().int().optional(), marginFen: z.number().int().optional() }),
  ordered: measureFigure,
  received: measureFigure,
  /** receivable at month end, of which overdue */
  ar: z.object({ asOf: z.string(), balanceFen: z.number().int(), overdueFen: z.number().int() }),
  /** customers whose first order falls in the month */
  newCustomers: z.number().int(),
  /** churn warnings as of month end */
  lostCustomers: z.number().int(),
  topCustomers: z.array(z.object({ customerId: z.number().int(), name: z.string(), amountFen: z.number().int() })),
  topProducts: z.array(z.object({ productId: z.number().int(), name: z.string(), amountFen: z.number().int(), quantity: z.string() })),
  salespeople: z.array(z.object({ salespersonId: z.number().int(), name: z.string(), targetFen: z.number().int(), actualFen: z.number().int(), completion: z.number().nullable() })),
  onTimeRate: rate,
  churn: z.array(churnItem),
})
