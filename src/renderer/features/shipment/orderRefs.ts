import type { MethodIn } from '../../app/methods'
import { useApiQuery } from '../../shared/query'
import type { Order, OrderDetail, OrderLineOut } from '../order/order.api'

/** The order as the delivery screens read it: the contract's own types (order.get / order.search). */
export type OrderRef = Order
export type OrderRefDetail = OrderDetail
export type OrderRefLine = OrderLineOut

export function useOrderRef(id: number | null) {
  return useApiQuery('order.get', { id: id ?? 0 }, { enabled: !!id && id > 0 })
}

export function useOrderRefSearch(params: MethodIn<'order.search'>, opts: { enabled?: boolean } = {}) {
  return useApiQuery('order.search', params, { keepPrevious: true, enabled: opts.enabled ?? true })
}

/** The states an order can ship from. */
export const SHIPPABLE_ORDER_STATUSES = ['approved', 'partially_shipped'] as const
