/** Enumerations of this feature: no imports, so the renderer imports them as values (issue 9). */
export const SHIPMENT_STATUSES = ['shipped', 'delivered', 'cancelled'] as const
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number]
/** A return or an invoice record is valid until voided (作废 / 红冲, with a reason); its number stays. */
export const VOIDABLE_STATUSES = ['valid', 'voided'] as const
export type VoidableStatus = (typeof VOIDABLE_STATUSES)[number]
export const INVOICE_KINDS = ['vat_special', 'vat_normal', 'electronic'] as const
export type InvoiceKind = (typeof INVOICE_KINDS)[number]
