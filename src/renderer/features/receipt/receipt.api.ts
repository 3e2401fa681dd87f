import type { ItemOf, MethodIn, MethodOut } from '../../app/methods'

/** Names for the receipt contract's types: aliases of the core's schemas (src/core/receipt), never copies. */
export { RECEIPT_METHODS, type ReceiptMethod } from '../../../core/receipt/receipt.enums'
export type Receipt = ItemOf<'receipt.search'>
export type ReceiptStatus = Receipt['status']
export type ReceiptDetail = MethodOut<'receipt.get'>
export type ReceiptAllocation = ReceiptDetail['allocations'][number]
export type AllocationIn = NonNullable<MethodIn<'receipt.create'>['allocations']>[number]
export type OpenOrder = ItemOf<'receipt.openOrders'>
export type ReceiptSearchIn = MethodIn<'receipt.search'>

/** Everything a receipt change can make stale. */
export const RECEIPT_QUERIES = ['receipt.', 'order.', 'ar.', 'tracking.', 'shipment.', 'auditLog.'] as const
