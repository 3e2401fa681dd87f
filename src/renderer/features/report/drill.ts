import type { GroupBy, Measure } from './report.api'
import { monthBounds } from './period'

const LIST: Record<Measure, string> = { shipped: '/shipments', ordered: '/orders', received: '/receipts' }

/** What a figure was grouped by, and its row: a month, a salesperson, a customer, a product, a category or a province. */
export interface DrillBy {
  groupBy: GroupBy
  /** the report row's key ('' = 未分配 / 未分类 …: the period's documents, not narrowed) */
  key: string
  /** shown on the list (来自报表：张三 · 2026-03-01 ~ 2026-03-31) */
  label?: string
}

/**
 * The document list behind a figure (drill-down): shipments / orders / receipts of the dates, only those the
 * report counts (`counted=1`: orders approved or later, shipments not cancelled, receipts not cancelled), narrowed
 * to the row. Salesperson: the order's salesperson for 发货 and 订货, the customer's owner for 回款 (a receipt
 * has no order salesperson); region = the customer's province. The list pages read these from the URL.
 */
export function docListUrl(measure: Measure, from: string, to: string, by?: DrillBy): string {
  const p = new URLSearchParams({ from, to, counted: '1' })
  if (by?.key) {
    switch (by.groupBy) {
      case 'month': {
        const m = monthWithin(by.key, from, to)
        p.set('from', m.from)
        p.set('to', m.to)
        break
      }
      case 'salesperson':
        p.set(measure === 'received' ? 'ownerId' : 'salespersonId', by.key)
        break
      case 'customer':
        p.set('customerId', by.key)
        break
      case 'product':
        p.set('productId', by.key)
        break
      case 'category':
        p.set('category', by.key)
        break
      case 'region':
        p.set('province', by.key)
        break
    }
  }
  p.set('drill', [by?.groupBy === 'month' ? '' : by?.label, `${p.get('from')} ~ ${p.get('to')}`].filter(Boolean).join(' · '))
  return `${LIST[measure]}?${p.toString()}`
}

/** A month `YYYY-MM` clipped to the period [from, to]. */
export function monthWithin(month: string, from: string, to: string) {
  const b = monthBounds(month)
  return { from: b.from < from ? from : b.from, to: b.to > to ? to : b.to }
}
