import type { Page, PageParams } from '../../app/methods'

/** Mirrors src/core/order/order.schemas.ts and order.contract.ts. */
export const ORDER_STATUSES = ['draft', 'pending', 'approved', 'partially_shipped', 'shipped', 'completed', 'cancelled', 'closed'] as const
export type OrderStatus = (typeof ORDER_STATUSES)[number]

/** A document line as the client sends it (order.create/update, quote.create/update). */
export interface LineInput {
  productId: number
  quantity: string
  unitPrice?: string
  taxRate?: number
  discountPct?: string
  remark?: string | null
}

/** A priced line as the core answers it. */
export interface LineOut {
  id: number
  lineNo: number
  productId: number
  productCode: string
  productName: string
  spec: string | null
  unit: string
  quantity: string
  unitPrice: string
  taxRate: number
  discountPct: string
  amountFen: number
  taxFen: number
  netFen: number
  remark: string | null
}

export interface OrderLineOut extends LineOut {
  shipped: string
  returned: string
  open: string
}

export interface Order {
  id: number
  number: string
  customerId: number
  customerName: string
  customerCode: string
  contactId: number | null
  addressId: number | null
  salespersonId: number | null
  salespersonName: string | null
  orderDate: string
  promisedDate: string | null
  paymentTermDays: number
  priceIncludesTax: boolean
  status: OrderStatus
  statusLabel: string
  totalFen: number
  taxFen: number
  netFen: number
  shippedFen: number
  returnedFen: number
  receivedFen: number
  invoicedFen: number
  receivableFen: number
  remark: string | null
  quoteId: number | null
  approvedAt: string | null
  approvedByName: string | null
  creditOverride: boolean
  overrideReason: string | null
  cancelReason: string | null
  closeReason: string | null
  completedAt: string | null
  createdAt: string
  updatedAt: string
  updatedByName: string | null
  version: number
}

export interface OrderHistoryEntry {
  action: string
  summary: string | null
  userName: string | null
  at: string
}

export interface OrderDetail extends Order {
  lines: OrderLineOut[]
  history: OrderHistoryEntry[]
  contact: { id: number; name: string; mobile: string | null } | null
  address: { id: number; receiver: string; phone: string | null; address: string } | null
}

export interface OrderHeaderInput {
  customerId: number
  contactId?: number | null
  addressId?: number | null
  salespersonId?: number | null
  orderDate?: string
  promisedDate?: string | null
  paymentTermDays?: number
  priceIncludesTax?: boolean
  remark?: string | null
}

export interface CreditPosition {
  creditLimitFen: number
  receivableFen: number
  openOrdersFen: number
  orderFen: number
  exposureFen: number
  availableFen: number | null
  exceeds: boolean
}

export interface LastPrice {
  unitPrice: string
  discountPct: string
  orderNumber: string
  orderDate: string
}

export interface OrderSearchIn extends PageParams {
  query?: string
  customerId?: number
  status?: OrderStatus | OrderStatus[]
  salespersonId?: number
  dateFrom?: string
  dateTo?: string
  sort?: string
}

type Transition = { id: number; version?: number }

declare module '../../app/methods' {
  interface MethodMap {
    'order.create': { in: OrderHeaderInput & { lines: LineInput[] }; out: OrderDetail }
    'order.update': { in: Partial<OrderHeaderInput> & { id: number; version: number; lines?: LineInput[] }; out: OrderDetail }
    'order.get': { in: { id: number }; out: OrderDetail }
    'order.search': { in: OrderSearchIn; out: Page<Order> }
    'order.submit': { in: Transition; out: OrderDetail }
    'order.approve': { in: Transition & { override?: boolean; reason?: string | null }; out: OrderDetail }
    'order.unapprove': { in: Transition; out: OrderDetail }
    'order.cancel': { in: Transition & { reason: string }; out: OrderDetail }
    'order.close': { in: Transition & { reason: string }; out: OrderDetail }
    'order.copy': { in: { id: number }; out: OrderDetail }
    'order.creditCheck': { in: { id: number }; out: CreditPosition }
    'product.lastPrice': { in: { customerId: number; productId: number }; out: LastPrice | null }
  }
}

/** What an order change can make stale (stock is reserved on approval). */
export const ORDER_QUERIES = ['order.', 'product.', 'stock.', 'auditLog.', 'quote.'] as const
