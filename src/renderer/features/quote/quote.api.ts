import type { ItemOf, MethodIn, MethodOut } from '../../app/methods'

/** Names for the quote contract's types: aliases of the core's schemas (src/core/quote), never copies. */
export { QUOTE_STATUSES, type QuoteStatus } from '../../../core/quote/quote.enums'
export type Quote = ItemOf<'quote.search'>
export type QuoteDetail = MethodOut<'quote.get'>
export type QuoteRevision = QuoteDetail['revisions'][number]
export type QuoteHeaderInput = Omit<MethodIn<'quote.create'>, 'lines' | 'customerId'>

export const QUOTE_QUERIES = ['quote.', 'order.', 'opportunity.', 'auditLog.'] as const
