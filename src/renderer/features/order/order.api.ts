import type { ItemOf, MethodIn, MethodOut } from '../../app/methods'

/** Names for the order contract's types: aliases of the core's schemas (src/core/order), never copies. */
export { ORDER_STATUSES, type OrderStatus } from '../../../core/order/order.enums'
export type Order = ItemOf<'order.search'>
export type OrderDetail = MethodOut<'order.get'>
export type OrderLineOut = OrderDetail['lines'][number]
export type OrderHistoryEntry = OrderDetail['history'][number]
/** A priced line as the core answers it (orders and quotes). */
export type LineOut = MethodOut<'quote.get'>['lines'][number]
/** A document line as the client sends it (order.create/update, quote.create/update). */
export type LineInput = MethodIn<'order.create'>['lines'][number]
export type OrderHeaderInput = Omit<MethodIn<'order.create'>, 'lines'>
export type CreditPosition = MethodOut<'order.creditCheck'>
export type LastPrice = NonNullable<MethodOut<'product.lastPrice'>>
export type OrderSearchIn = MethodIn<'order.search'>

/** What an order change can make stale (stock is reserved on approval). */
export const ORDER_QUERIES = ['order.', 'product.', 'stock.', 'auditLog.', 'quote.'] as const
