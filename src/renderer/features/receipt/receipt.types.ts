import type { Page, PageParams } from '../../app/methods'

/** Mirrors src/core/receipt/receipt.contract.ts. */
export const RECEIPT_METHODS = ['bank', 'cash', 'wechat', 'alipay', 'acceptance_bill', 'other'] as const
export type ReceiptMethod = (typeof RECEIPT_METHODS)[number]
export type ReceiptStatus = 'valid' | 'cancelled'

export interface Receipt {
  id: number
  number: string
  customerId: number
  customerName: string
  amountFen: number
  allocatedFen: number
  unallocatedFen: number
  receivedOn: string
  method: ReceiptMethod
  methodLabel: string
  reference: string | null
  remark: string | null
  status: ReceiptStatus
  cancelReason: string | null
  createdAt: string
  updatedAt: string
  updatedByName: string | null
  version: number
}

export interface ReceiptAllocation {
  id: number
  orderId: number
  orderNumber: string
  amountFen: number
  createdAt: string
  userName: string | null
}

export interface ReceiptDetail extends Receipt {
  allocations: ReceiptAllocation[]
}

export interface AllocationIn {
  orderId: number
  amountFen: number
}

export interface OpenOrder {
  orderId: number
  number: string
  orderDate: string
  totalFen: number
  shippedFen: number
  returnedFen: number
  receivedFen: number
  receivableFen: number
  suggestedFen: number
}

export interface ReceiptSearchIn extends PageParams {
  query?: string
  customerId?: number
  status?: ReceiptStatus
  unallocatedOnly?: boolean
  dateFrom?: string
  dateTo?: string
}

declare module '../../app/methods' {
  interface MethodMap {
    'receipt.create': {
      in: { customerId: number; amountFen: number; receivedOn?: string; method: ReceiptMethod; reference?: string | null; remark?: string | null; allocations?: AllocationIn[] }
      out: ReceiptDetail
    }
    'receipt.allocate': { in: { receiptId: number; allocations: AllocationIn[] }; out: ReceiptDetail }
    'receipt.unallocate': { in: { receiptId: number; orderId?: number }; out: ReceiptDetail }
    'receipt.cancel': { in: { id: number; version?: number; reason: string }; out: ReceiptDetail }
    'receipt.get': { in: { id: number }; out: ReceiptDetail }
    'receipt.search': { in: ReceiptSearchIn; out: Page<Receipt> }
    'receipt.openOrders': { in: { customerId: number; amountFen?: number }; out: { items: OpenOrder[]; prepaymentFen: number } }
  }
}

/** Everything a receipt change can make stale. */
export const RECEIPT_QUERIES = ['receipt.', 'order.', 'ar.', 'tracking.', 'shipment.', 'auditLog.'] as const
