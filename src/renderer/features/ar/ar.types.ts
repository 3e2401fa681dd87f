import type { PageParams } from '../../app/methods'

/** Mirrors src/core/ar/ar.contract.ts. */
export interface AgingBuckets {
  notDueFen: number
  d1_30Fen: number
  d31_60Fen: number
  d61_90Fen: number
  over90Fen: number
}

export interface AgingItem extends AgingBuckets {
  customerId: number
  customerName: string
  totalFen: number
}

export interface ArSummaryItem {
  customerId: number
  customerName: string
  balanceFen: number
  overdueFen: number
  prepaymentFen: number
}

export type StatementKind = 'shipment' | 'return' | 'receipt'

export interface StatementEntry {
  date: string
  kind: StatementKind
  number: string
  memo: string | null
  amountFen: number
  balanceFen: number
}

export interface Statement {
  customerId: number
  customerName: string
  customerCode: string
  from: string
  to: string
  openingBalanceFen: number
  entries: StatementEntry[]
  shippedFen: number
  returnedFen: number
  receivedFen: number
  closingBalanceFen: number
}

export interface OverdueItem {
  customerId: number
  customerName: string
  ownerName: string | null
  contactName: string | null
  contactPhone: string | null
  balanceFen: number
  overdueFen: number
  d1_30Fen: number
  d31_60Fen: number
  d61_90Fen: number
  over90Fen: number
  oldestDueDate: string | null
  maxDaysOverdue: number
  lastFollowUp: { at: string; type: string; content: string; userName: string } | null
  lastDunningAt: string | null
}

export interface CustomerAr {
  asOf: string
  balanceFen: number
  overdueFen: number
  prepaymentFen: number
  aging: AgingBuckets
  netShippedFen: number
  invoicedFen: number
  uninvoicedFen: number
}

declare module '../../app/methods' {
  interface MethodMap {
    'ar.summary': {
      in: { asOf?: string; query?: string; overdueOnly?: boolean; page?: number; pageSize?: number }
      out: { items: ArSummaryItem[]; total: number; totals: { balanceFen: number; overdueFen: number; prepaymentFen: number }; asOf: string }
    }
    'ar.aging': { in: { asOf: string; customerId?: number }; out: { items: AgingItem[]; totals: AgingBuckets & { totalFen: number }; asOf: string } }
    'ar.statement': { in: { customerId: number; from: string; to: string }; out: Statement }
    'ar.overdue': { in: { asOf?: string } & PageParams; out: { items: OverdueItem[]; total: number; asOf: string } }
    'ar.customer': { in: { customerId: number; asOf?: string }; out: CustomerAr }
  }
}

export const AGING_KEYS = ['notDueFen', 'd1_30Fen', 'd31_60Fen', 'd61_90Fen', 'over90Fen'] as const
