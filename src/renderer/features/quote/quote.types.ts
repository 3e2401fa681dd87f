import type { Page, PageParams } from '../../app/methods'
import type { LineInput, LineOut, OrderDetail } from '../order/order.types'

/** Mirrors src/core/quote/quote.contract.ts. */
export const QUOTE_STATUSES = ['draft', 'sent', 'accepted', 'rejected', 'ordered', 'superseded'] as const
export type QuoteStatus = (typeof QUOTE_STATUSES)[number]

export interface Quote {
  id: number
  number: string
  baseNumber: string
  revision: number
  customerId: number
  customerName: string
  contactId: number | null
  opportunityId: number | null
  quoteDate: string
  validUntil: string | null
  terms: string | null
  remark: string | null
  priceIncludesTax: boolean
  status: QuoteStatus
  statusLabel: string
  totalFen: number
  taxFen: number
  netFen: number
  orderId: number | null
  sentAt: string | null
  createdAt: string
  updatedAt: string
  updatedByName: string | null
  version: number
}

export interface QuoteRevision {
  id: number
  number: string
  revision: number
  status: QuoteStatus
  totalFen: number
  quoteDate: string
}

export interface QuoteDetail extends Quote {
  lines: LineOut[]
  revisions: QuoteRevision[]
}

export interface QuoteHeaderInput {
  contactId?: number | null
  opportunityId?: number | null
  quoteDate?: string
  validUntil?: string | null
  terms?: string | null
  remark?: string | null
  priceIncludesTax?: boolean
}

type Transition = { id: number; version?: number }

declare module '../../app/methods' {
  interface MethodMap {
    'quote.create': { in: QuoteHeaderInput & { customerId: number; lines: LineInput[] }; out: QuoteDetail }
    'quote.update': { in: QuoteHeaderInput & { id: number; version: number; lines?: LineInput[] }; out: QuoteDetail }
    'quote.revise': { in: Transition; out: QuoteDetail }
    'quote.markSent': { in: Transition; out: QuoteDetail }
    'quote.accept': { in: Transition; out: QuoteDetail }
    'quote.reject': { in: Transition & { reason?: string | null }; out: QuoteDetail }
    'quote.toOrder': { in: Transition & { promisedDate?: string | null }; out: { quote: QuoteDetail; order: OrderDetail } }
    'quote.get': { in: { id: number }; out: QuoteDetail }
    'quote.search': { in: { query?: string; customerId?: number; status?: QuoteStatus; latestOnly?: boolean } & PageParams; out: Page<Quote> }
  }
}

export const QUOTE_QUERIES = ['quote.', 'order.', 'opportunity.', 'auditLog.'] as const
