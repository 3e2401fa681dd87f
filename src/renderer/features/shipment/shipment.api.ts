import type { ItemOf, MethodIn, MethodOut } from '../../app/methods'

/** Names for the delivery contract's types (shipment.*, return.*, invoice.*, print.*): aliases of the core's schemas, never copies. */
export { SHIPMENT_STATUSES, INVOICE_KINDS, type ShipmentStatus, type InvoiceKind } from '../../../core/shipment/shipment.enums'
export { PAPERS, type Paper as PrintPaper } from '../../../core/print/print.enums'
export type Shipment = ItemOf<'shipment.search'>
export type ShipmentDetail = MethodOut<'shipment.get'>
export type ShipmentLine = ShipmentDetail['lines'][number]
export type ShipmentCreateIn = MethodIn<'shipment.create'>
export type SalesReturn = MethodOut<'return.get'>
export type InvoiceRecord = ItemOf<'invoice.search'>
export type ShipmentSearchIn = MethodIn<'shipment.search'>

/** Everything a shipment, return or invoice change can make stale (orders, AR, the board, the customer's tabs). */
export const DELIVERY_QUERIES = ['shipment.', 'return.', 'invoice.', 'order.', 'ar.', 'tracking.', 'receipt.', 'product.', 'followUp.', 'auditLog.'] as const
