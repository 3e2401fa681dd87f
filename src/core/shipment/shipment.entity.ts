import { EntitySchema } from 'typeorm'
import { col, tracked, type Tracked } from '../db/columns'
import { SHIPMENT_STATUSES, INVOICE_KINDS, VOIDABLE_STATUSES, type ShipmentStatus, type InvoiceKind, type VoidableStatus } from './shipment.enums'
export { SHIPMENT_STATUSES, INVOICE_KINDS, VOIDABLE_STATUSES, type ShipmentStatus, type InvoiceKind, type VoidableStatus }

export const SHIPMENT_STATUS_LABELS: Record<ShipmentStatus, string> = { shipped: '已发货', delivered: '已签收', cancelled: '已作废' }

export interface Shipment extends Tracked {
  id: number
  number: string
  orderId: number
  customerId: number
  shipDate: string
  /** shipDate + the order's payment term (which defaults to the customer's) */
  dueDate: string
  carrier: string | null
  trackingNo: string | null
  addressId: number | null
  receiver: string | null
  receiverPhone: string | null
  address: string | null
  status: ShipmentStatus
  deliveredOn: string | null
  signedBy: string | null
  totalFen: number
  /** Σ line net (excl. tax) and Σ line cost at shipment (excl. tax): the reports' 销售额 and 毛利 */
  netFen: number
  costFen: number
  returnedFen: number
  invoicedFen: number
  remark: string | null
  cancelReason: string | null
}

export const ShipmentEntity = new EntitySchema<Shipment>({
  name: 'Shipment',
  tableName: 'shipments',
  columns: {
    id: col.pk(),
    number: col.str(40, { unique: true }),
    orderId: col.int(),
    customerId: col.int(),
    shipDate: col.date(),
    dueDate: col.date(),
    carrier: col.strNull(50),
    trackingNo: col.strNull(60),
    addressId: col.intNull(),
    receiver: col.strNull(50),
    receiverPhone: col.strNull(40),
    address: col.strNull(300),
    status: col.str(20, { default: 'shipped' }),
    deliveredOn: col.dateNull(),
    signedBy: col.strNull(50),
    totalFen: col.fen(),
    netFen: col.fen(),
    costFen: col.fen(),
    returnedFen: col.fen(),
    invoicedFen: col.fen(),
    remark: col.strNull(1000),
    cancelReason: col.strNull(500),
    ...tracked,
  },
  indices: [
    { name: 'idx_shipments_order', columns: ['orderId'] },
    { name: 'idx_shipments_customer', columns: ['customerId', 'shipDate'] },
    { name: 'idx_shipments_status', columns: ['status', 'shipDate'] },
    // reports (issue 10): shipped by date, covering
    { name: 'idx_shipments_report', columns: ['shipDate', 'status', 'customerId', 'orderId', 'totalFen', 'netFen', 'costFen'] },
    // AR aging (FIFO): each customer's shipments in date order with what the running total needs, covering
    { name: 'idx_shipments_aging', columns: ['customerId', 'shipDate', 'id', 'status', 'dueDate', 'totalFen'] },
  ],
})

export interface ShipmentLine {
  id: number
  shipmentId: number
  orderLineId: number
  productId: number
  productCode: string
  productName: string
  spec: string | null
  unit: string
  qtyMilli: number
  price4: number
  taxRate: number
  amountFen: number
  /** the line's net (excl. tax): the shipped part of the order line's net, cumulatively rounded */
  netFen: number
  /** cost at the moment of shipment: quantity × the product's cost price (excl. tax) */
  costFen: number
  returnedMilli: number
  returnedFen: number
}

export const ShipmentLineEntity = new EntitySchema<ShipmentLine>({
  name: 'ShipmentLine',
  tableName: 'shipment_lines',
  columns: {
    id: col.pk(),
    shipmentId: col.int(),
    orderLineId: col.int(),
    productId: col.int(),
    productCode: col.str(40),
    productName: col.str(100),
    spec: col.strNull(100),
    unit: col.str(10),
    qtyMilli: col.fen(),
    price4: col.fen(),
    taxRate: col.int(),
    amountFen: col.fen(),
    netFen: col.fen(),
    costFen: col.fen(),
    returnedMilli: col.fen(),
    returnedFen: col.fen(),
  },
  indices: [
    { name: 'idx_shipment_lines_shipment', columns: ['shipmentId'] },
    { name: 'idx_shipment_lines_orderline', columns: ['orderLineId'] },
    // reports (issue 10): shipped by product, covering
    { name: 'idx_shipment_lines_report', columns: ['shipmentId', 'productId', 'qtyMilli', 'amountFen', 'netFen', 'costFen'] },
  ],
})

export interface SalesReturn extends Tracked {
  id: number
  number: string
  shipmentId: number
  orderId: number
  customerId: number
  returnedOn: string
  reason: string
  totalFen: number
  /** net (excl. tax) and original cost of the returned goods */
  netFen: number
  costFen: number
  status: VoidableStatus
  voidReason: string | null
}

export const SalesReturnEntity = new EntitySchema<SalesReturn>({
  name: 'SalesReturn',
  tableName: 'sales_returns',
  columns: {
    id: col.pk(),
    number: col.str(40, { unique: true }),
    shipmentId: col.int(),
    orderId: col.int(),
    customerId: col.int(),
    returnedOn: col.date(),
    reason: col.str(500),
    totalFen: col.fen(),
    netFen: col.fen(),
    costFen: col.fen(),
    status: col.str(20, { default: 'valid' }),
    voidReason: col.strNull(500),
    ...tracked,
  },
  indices: [
    { name: 'idx_returns_customer', columns: ['customerId', 'returnedOn'] },
    { name: 'idx_returns_shipment', columns: ['shipmentId'] },
  ],
})

export interface SalesReturnLine {
  id: number
  returnId: number
  shipmentLineId: number
  orderLineId: number
  productId: number
  productName: string
  unit: string
  qtyMilli: number
  amountFen: number
  /** net and cost: the returned part of the shipment line's, cumulatively rounded (returns at their original cost) */
  netFen: number
  costFen: number
}

export const SalesReturnLineEntity = new EntitySchema<SalesReturnLine>({
  name: 'SalesReturnLine',
  tableName: 'sales_return_lines',
  columns: {
    id: col.pk(),
    returnId: col.int(),
    shipmentLineId: col.int(),
    orderLineId: col.int(),
    productId: col.int(),
    productName: col.str(100),
    unit: col.str(10),
    qtyMilli: col.fen(),
    amountFen: col.fen(),
    netFen: col.fen(),
    costFen: col.fen(),
  },
  indices: [{ name: 'idx_return_lines_return', columns: ['returnId'] }],
})

export const INVOICE_KIND_LABELS: Record<InvoiceKind, string> = { vat_special: '增值税专用发票', vat_normal: '增值税普通发票', electronic: '数电票' }

export interface InvoiceRecord extends Tracked {
  id: number
  customerId: number
  invoiceNo: string
  kind: InvoiceKind
  issuedOn: string
  amountFen: number
  taxFen: number
  /** `,12,15,` */
  shipmentIds: string
  /** JSON [{shipmentId, amountFen}]: how the amount was spread over the shipments (undone by invoice.void); null on records from before */
  shipmentParts: string | null
  remark: string | null
  status: VoidableStatus
  voidReason: string | null
}

export const InvoiceRecordEntity = new EntitySchema<InvoiceRecord>({
  name: 'InvoiceRecord',
  tableName: 'invoices',
  columns: {
    id: col.pk(),
    customerId: col.int(),
    invoiceNo: col.str(40),
    kind: col.str(20),
    issuedOn: col.date(),
    amountFen: col.fen(),
    taxFen: col.fen(),
    shipmentIds: col.str(1000, { default: '' }),
    shipmentParts: col.textNull(),
    remark: col.strNull(500),
    status: col.str(20, { default: 'valid' }),
    voidReason: col.strNull(500),
    ...tracked,
  },
  indices: [
    { name: 'idx_invoices_customer', columns: ['customerId', 'issuedOn'] },
    { name: 'idx_invoices_no', columns: ['invoiceNo'] },
  ],
})
