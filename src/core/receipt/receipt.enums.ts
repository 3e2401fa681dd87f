/** Enumerations of this feature: no imports, so the renderer imports them as values (issue 9). */
export const RECEIPT_METHODS = ['bank', 'cash', 'wechat', 'alipay', 'acceptance_bill', 'other'] as const
export type ReceiptMethod = (typeof RECEIPT_METHODS)[number]
