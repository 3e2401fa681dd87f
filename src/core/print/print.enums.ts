/** Enumerations of this feature: no imports, so the renderer imports them as values (issue 9). */
export const PAPERS = ['A4', 'A5', 'dot2', 'dot3'] as const
export type Paper = (typeof PAPERS)[number]
/** a template's paper: the four named ones or a custom width × height in mm */
export const TEMPLATE_PAPERS = ['A4', 'A5', 'dot2', 'dot3', 'custom'] as const
export type TemplatePaper = (typeof TEMPLATE_PAPERS)[number]

/** the printable documents (print.render's `type`) */
export const PRINT_TYPES = ['quote', 'order', 'deliveryNote', 'statement', 'receipt'] as const
export type PrintType = (typeof PRINT_TYPES)[number]
export const PRINT_TYPE_TITLES: Record<PrintType, string> = { quote: '报价单', order: '销售订单', deliveryNote: '送货单', statement: '对账单', receipt: '收款收据' }

/** the columns of a document's line table, by document type (goods documents share theirs) */
export const GOODS_COLUMNS = ['seq', 'code', 'name', 'spec', 'unit', 'qty', 'price', 'discount', 'taxRate', 'amount', 'tax', 'remark'] as const
export const STATEMENT_COLUMNS = ['seq', 'date', 'kind', 'number', 'memo', 'debit', 'credit', 'balance'] as const
export const RECEIPT_COLUMNS = ['seq', 'number', 'date', 'amount', 'remark'] as const
export const COLUMN_KEYS = ['seq', 'code', 'name', 'spec', 'unit', 'qty', 'price', 'discount', 'taxRate', 'amount', 'tax', 'remark', 'date', 'kind', 'number', 'memo', 'debit', 'credit', 'balance'] as const
export type ColumnKey = (typeof COLUMN_KEYS)[number]
export const COLUMNS_OF: Record<PrintType, readonly ColumnKey[]> = { quote: GOODS_COLUMNS, order: GOODS_COLUMNS, deliveryNote: GOODS_COLUMNS, statement: STATEMENT_COLUMNS, receipt: RECEIPT_COLUMNS }
