import { EntitySchema } from 'typeorm'
import { col, tracked, type Tracked } from '../db/columns'
import { pricedLineColumns, type PricedLine } from './priced-line'
import { ORDER_STATUSES, type OrderStatus } from './order.enums'
export { ORDER_STATUSES, type OrderStatus }

export const ORDER_STATUS_LABELS: Record<OrderStatus, string> = {
  draft: '草稿',
  pending: '待审核',
  approved: '已审核',
  partially_shipped: '部分发货',
  shipped: '已发货',
  completed: '已完成',
  cancelled: '已作废',
  closed: '已关闭',
}

export interface SalesOrder extends Tracked {
  id: number
  number: string
  customerId: number
  contactId: number | null
  addressId: number | null
  salespersonId: number | null
  orderDate: string
  promisedDate: string | null
  paymentTermDays: number
  priceIncludesTax: boolean
  status: OrderStatus
  totalFen: number
  taxFen: number
  netFen: number
  /** Σ shipped value of the lines (tax-inclusive) */
  shippedFen: number
  returnedFen: number
  /** money matched to this order by receipts (核销) */
  receivedFen: number
  invoicedFen: number
  remark: string | null
  quoteId: number | null
  approvedAt: string | null
  approvedByName: string | null
  creditOverride: boolean
  overrideReason: string | null
  /** 驳回: why the approver sent it back to draft (kept until it is approved) */
  rejectReason: string | null
  cancelReason: string | null
  closeReason: string | null
  completedAt: string | null
}

export const SalesOrderEntity = new EntitySchema<SalesOrder>({
  name: 'SalesOrder',
  tableName: 'sales_orders',
  columns: {
    id: col.pk(),
    number: col.str(40, { unique: true }),
    customerId: col.int(),
    contactId: col.intNull(),
    addressId: col.intNull(),
    salespersonId: col.intNull(),
    orderDate: col.date(),
    promisedDate: col.dateNull(),
    paymentTermDays: col.int(),
    priceIncludesTax: col.bool(true),
    status: col.str(20, { default: 'draft' }),
    totalFen: col.fen(),
    taxFen: col.fen(),
    netFen: col.fen(),
    shippedFen: col.fen(),
    returnedFen: col.fen(),
    receivedFen: col.fen(),
    invoicedFen: col.fen(),
    remark: col.strNull(1000),
    quoteId: col.intNull(),
    approvedAt: col.tsNull(),
    approvedByName: col.strNull(50),
    creditOverride: col.bool(false),
    overrideReason: col.strNull(500),
    rejectReason: col.strNull(500),
    cancelReason: col.strNull(500),
    closeReason: col.strNull(500),
    completedAt: col.tsNull(),
    ...tracked,
  },
  indices: [
    { name: 'idx_orders_customer', columns: ['customerId', 'status'] },
    { name: 'idx_orders_status', columns: ['status', 'orderDate'] },
    { name: 'idx_orders_date', columns: ['orderDate'] },
    { name: 'idx_orders_salesperson', columns: ['salespersonId'] },
    // reports (issue 10): ordered by date, covering
    { name: 'idx_orders_report', columns: ['orderDate', 'status', 'customerId', 'salespersonId', 'totalFen', 'netFen'] },
  ],
})

export interface SalesOrderLine extends PricedLine {
  id: number
  orderId: number
  shippedMilli: number
  returnedMilli: number
}

export const SalesOrderLineEntity = new EntitySchema<SalesOrderLine>({
  name: 'SalesOrderLine',
  tableName: 'sales_order_lines',
  columns: {
    id: col.pk(),
    orderId: col.int(),
    ...pricedLineColumns(),
    shippedMilli: col.fen(),
    returnedMilli: col.fen(),
  },
  indices: [
    { name: 'idx_order_lines_order', columns: ['orderId', 'lineNo'] },
    { name: 'idx_order_lines_product', columns: ['productId'] },
    // reports (issue 10): ordered by product, covering
    { name: 'idx_order_lines_report', columns: ['orderId', 'productId', 'qtyMilli', 'amountFen', 'netFen'] },
  ],
})
