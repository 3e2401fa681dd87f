/** Enumerations of this feature: no imports, so the renderer imports them as values (issue 9). */
export const QUOTE_STATUSES = ['draft', 'sent', 'accepted', 'rejected', 'ordered', 'superseded', 'voided'] as const
export type QuoteStatus = (typeof QUOTE_STATUSES)[number]
