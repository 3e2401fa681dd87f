/** Enumerations of this feature: no imports, so the renderer imports them as values (issue 9). */
/** Document types that get a number from the numbering (customer code and the documents). */
export const DOC_TYPES = ['customer', 'SO', 'QT', 'DN', 'RT', 'RC'] as const
export type DocType = (typeof DOC_TYPES)[number]
export const DATE_PARTS = ['YYYYMMDD', 'YYYYMM', 'YYMMDD', ''] as const
export type DatePart = (typeof DATE_PARTS)[number]
export const SEPARATORS = ['', '-', '_', '/'] as const
export type Separator = (typeof SEPARATORS)[number]
/** What a credit limit of 0 means (settings.credit.zeroMeans): no limit checked, or no credit at all. */
export const CREDIT_ZERO_MEANINGS = ['unlimited', 'noCredit'] as const
export type CreditZeroMeaning = (typeof CREDIT_ZERO_MEANINGS)[number]
