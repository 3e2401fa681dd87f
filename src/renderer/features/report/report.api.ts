import type { MethodIn, MethodOut } from '../../app/methods'

/** Names of the report methods' types, derived from the core (no mirrors). */
export type SalesInput = MethodIn<'report.sales'>
export type SalesReport = MethodOut<'report.sales'>
export type SalesRow = SalesReport['rows'][number]
export type GroupBy = SalesInput['groupBy']
export type Measure = NonNullable<SalesInput['measure']>
export type FunnelReport = MethodOut<'report.funnel'>
export type TargetsReport = MethodOut<'report.targets'>
export type ForecastReport = MethodOut<'report.forecast'>
export type CustomersReport = MethodOut<'report.customers'>
export type ChurnItem = CustomersReport['churn'][number]
export type DeliveryReport = MethodOut<'report.delivery'>
export type MonthlyPack = MethodOut<'report.monthlyPack'>

export const GROUP_BYS = ['month', 'salesperson', 'customer', 'product', 'category', 'region'] as const satisfies readonly GroupBy[]
export const MEASURES = ['shipped', 'ordered', 'received'] as const satisfies readonly Measure[]

/** A rate 0…1 (or null) as a percentage text. */
export const pct = (r: number | null | undefined, digits = 1) => (r === null || r === undefined ? '—' : `${(r * 100).toFixed(digits)}%`)
/** fen → yuan as a chart value (display only; amounts stay integer fen everywhere else) */
export const yuan = (fen: number) => fen / 100
/** Compact yuan for chart axes: 1.2万, 3.4亿 (zh) / 12k, 3.4M (en). */
export function compactYuan(v: number, locale: string): string {
  const a = Math.abs(v)
  if (locale.startsWith('zh')) {
    if (a >= 1e8) return `${(v / 1e8).toFixed(1)}亿`
    if (a >= 1e4) return `${(v / 1e4).toFixed(a >= 1e5 ? 0 : 1)}万`
    return String(Math.round(v))
  }
  if (a >= 1e6) return `${(v / 1e6).toFixed(1)}M`
  if (a >= 1e3) return `${(v / 1e3).toFixed(0)}k`
  return String(Math.round(v))
}
