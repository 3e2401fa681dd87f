import { EntitySchema } from 'typeorm'
import { col, tracked, type Tracked } from '../db/columns'
import { pricedLineColumns, type PricedLine } from '../order/priced-line'
import { QUOTE_STATUSES, type QuoteStatus } from './quote.enums'
export { QUOTE_STATUSES, type QuoteStatus }

export const QUOTE_STATUS_LABELS: Record<QuoteStatus, string> = {
  draft: '草稿',
  sent: '已发送',
  accepted: '客户接受',
  rejected: '客户拒绝',
  ordered: '已转订单',
  superseded: '已修订',
  voided: '已作废',
}

export interface Quote extends Tracked {
  id: number
  number: string
  baseNumber: string
  revision: number
  customerId: number
  contactId: number | null
  opportunityId: number | null
  quoteDate: string
  validUntil: string | null
  terms: string | null
  remark: string | null
  priceIncludesTax: boolean
  status: QuoteStatus
  totalFen: number
  taxFen: number
  netFen: number
  orderId: number | null
  sentAt: string | null
  /** 作废原因 when voided */
  voidReason: string | null
}

export const QuoteEntity = new EntitySchema<Quote>({
  name: 'Quote',
  tableName: 'quotes',
  columns: {
    id: col.pk(),
    number: col.str(50, { unique: true }),
    baseNumber: col.str(40),
    revision: col.int({ default: 1 }),
    customerId: col.int(),
    contactId: col.intNull(),
    opportunityId: col.intNull(),
    quoteDate: col.date(),
    validUntil: col.dateNull(),
    terms: col.strNull(2000),
    remark: col.strNull(1000),
    priceIncludesTax: col.bool(true),
    status: col.str(20, { default: 'draft' }),
    totalFen: col.fen(),
    taxFen: col.fen(),
    netFen: col.fen(),
    orderId: col.intNull(),
    sentAt: col.tsNull(),
    voidReason: col.strNull(500),
    ...tracked,
  },
  indices: [
    { name: 'idx_quotes_base', columns: ['baseNumber', 'revision'] },
    { name: 'idx_quotes_customer', columns: ['customerId'] },
  ],
})

export interface QuoteLine extends PricedLine {
  id: number
  quoteId: number
}

export const QuoteLineEntity = new EntitySchema<QuoteLine>({
  name: 'QuoteLine',
  tableName: 'quote_lines',
  columns: {
    id: col.pk(),
    quoteId: col.int(),
    ...pricedLineColumns(),
  },
  indices: [{ name: 'idx_quote_lines_quote', columns: ['quoteId', 'lineNo'] }],
})
