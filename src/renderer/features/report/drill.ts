import type { Measure } from './report.api'
import { monthBounds } from './period'

const LIST: Record<Measure, string> = { shipped: '/shipments', ordered: '/orders', received: '/receipts' }

/** The document list behind a figure: shipments / orders / receipts filtered to the dates (and what else the list takes). */
export function docListUrl(measure: Measure, from: string, to: string, extra: Record<string, string | number | undefined> = {}): string {
  const p = new URLSearchParams({ from, to })
  for (const [k, v] of Object.entries(extra)) if (v !== undefined && v !== '') p.set(k, String(v))
  return `${LIST[measure]}?${p.toString()}`
}

/** A month `YYYY-MM` clipped to the period [from, to]. */
export function monthWithin(month: string, from: string, to: string) {
  const b = monthBounds(month)
  return { from: b.from < from ? from : b.from, to: b.to > to ? to : b.to }
}
