import { describe, expect, it } from 'vitest'
import { focusListener, refetchOnFocus } from './query'

describe('lists refresh on window focus (LAN: another PC may have changed them)', () => {
  it('every list, board and report refetches on focus however fresh; a record or a setting only when stale', () => {
    const lists = [
      'customer.search', 'order.search', 'quote.search', 'shipment.search', 'return.search', 'receipt.search', 'invoice.search',
      'opportunity.search', 'followUp.list', 'followUp.due', 'user.list', 'stock.moves', 'receipt.openOrders', 'tracking.board',
      'ar.aging', 'ar.overdue', 'ar.customer', 'ar.statement', 'ar.summary', 'report.sales', 'report.funnel', 'report.delivery',
    ]
    for (const m of lists) expect([m, refetchOnFocus({ queryKey: [m, {}] })]).toEqual([m, 'always'])
    for (const m of ['order.get', 'customer.get', 'settings.get', 'product.categories', 'desktop.getMode']) expect([m, refetchOnFocus({ queryKey: [m, {}] })]).toEqual([m, true])
  })

  it('the window getting the focus back counts, not only a visibility change (Alt+Tab keeps the window visible)', () => {
    const target = new EventTarget()
    const g = globalThis as { window?: unknown }
    g.window = target
    try {
      let calls = 0
      const stop = focusListener(() => calls++)
      target.dispatchEvent(new Event('focus'))
      target.dispatchEvent(new Event('visibilitychange'))
      expect(calls).toBe(2)
      stop?.()
      target.dispatchEvent(new Event('focus'))
      expect(calls).toBe(2)
    } finally {
      delete g.window
    }
  })
})
