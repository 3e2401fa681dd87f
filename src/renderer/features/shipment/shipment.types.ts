import type { Page, PageParams } from '../../app/methods'

/** Mirrors src/core/shipment/shipment.contract.ts (shipment.*, return.*, invoice.*). */
export const SHIPMENT_STATUSES = ['shipped', 'delivered', 'cancelled'] as const
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number]
export const INVOICE_KINDS = ['vat_special', 'vat_normal', 'electronic'] as const
export type InvoiceKind = (typeof INVOICE_KINDS)[number]

export interface Shipment {
  id: number
  number: string
  orderId: number
  orderNumber: string
  customerId: number
  customerName: string
  shipDate: string
  dueDate: string
  promisedDate: string | null
  carrier: string | null
  trackingNo: string | null
  addressId: number | null
  receiver: string | null
  receiverPhone: string | null
  address: string | null
  status: ShipmentStatus
  statusLabel: string
  deliveredOn: string | null
  signedBy: string | null
  totalFen: number
  returnedFen: number
  invoicedFen: number
  remark: string | null
  cancelReason: string | null
  createdAt: string
  updatedAt: string
  updatedByName: string | null
  version: number
}

export interface ShipmentLine {
  id: number
  orderLineId: number
  productId: number
  productCode: string
  productName: string
  spec: string | null
  unit: string
  quantity: string
  unitPrice: string
  taxRate: number
  amountFen: number
  returned: string
  returnable: string
}

export interface ShipmentDetail extends Shipment {
  lines: ShipmentLine[]
}

export interface ShipmentCreateIn {
  orderId: number
  lines: { orderLineId: number; quantity: string }[]
  shipDate?: string
  carrier?: string | null
  trackingNo?: string | null
  addressId?: number | null
  remark?: string | null
  applyPrepayment?: boolean
}

export interface SalesReturn {
  id: number
  number: string
  shipmentId: number
  shipmentNumber: string
  orderId: number
  orderNumber: string
  customerId: number
  customerName: string
  returnedOn: string
  reason: string
  totalFen: number
  createdAt: string
  updatedByName: string | null
  version: number
  lines: { id: number; shipmentLineId: number; productId: number; productName: string; unit: string; quantity: string; amountFen: number }[]
}

export interface InvoiceRecord {
  id: number
  customerId: number
  customerName: string
  invoiceNo: string
  kind: InvoiceKind
  kindLabel: string
  issuedOn: string
  amountFen: number
  taxFen: number
  shipmentIds: number[]
  remark: string | null
  createdAt: string
  updatedByName: string | null
  version: number
}

export interface ShipmentSearchIn extends PageParams {
  query?: string
  customerId?: number
  orderId?: number
  status?: ShipmentStatus
  dateFrom?: string
  dateTo?: string
}

/** A4, A5 (landscape), and the dot-matrix 241 mm continuous paper: 二等分 241 × 140 mm, 三等分 241 × 93 mm */
export type PrintPaper = 'A4' | 'A5' | 'dot2' | 'dot3'

declare module '../../app/methods' {
  interface MethodMap {
    'print.deliveryNote': { in: { shipmentId: number; paper: PrintPaper }; out: { fileName: string; mimeType: 'application/pdf'; base64: string } }
    'shipment.create': { in: ShipmentCreateIn; out: ShipmentDetail & { prepaymentAppliedFen: number; prepaymentAvailableFen: number } }
    'shipment.update': { in: { id: number; version: number; carrier?: string | null; trackingNo?: string | null; remark?: string | null }; out: ShipmentDetail }
    'shipment.confirmDelivered': { in: { id: number; version?: number; deliveredOn: string; signedBy?: string | null }; out: ShipmentDetail }
    'shipment.cancel': { in: { id: number; version?: number; reason: string }; out: ShipmentDetail }
    'shipment.get': { in: { id: number }; out: ShipmentDetail }
    'shipment.search': { in: ShipmentSearchIn; out: Page<Shipment> }
    'return.create': { in: { shipmentId: number; lines: { shipmentLineId: number; quantity: string }[]; reason: string; returnedOn?: string }; out: SalesReturn }
    'return.get': { in: { id: number }; out: SalesReturn }
    'return.search': { in: { customerId?: number; shipmentId?: number; orderId?: number } & PageParams; out: Page<SalesReturn> }
    'invoice.create': {
      in: { customerId: number; invoiceNo: string; kind: InvoiceKind; issuedOn: string; amountFen: number; taxFen: number; shipmentIds?: number[]; remark?: string | null }
      out: InvoiceRecord
    }
    'invoice.search': { in: { customerId?: number; dateFrom?: string; dateTo?: string } & PageParams; out: Page<InvoiceRecord> }
  }
}

/** Everything a shipment, return or invoice change can make stale (orders, AR, the board, the customer's tabs). */
export const DELIVERY_QUERIES = ['shipment.', 'return.', 'invoice.', 'order.', 'ar.', 'tracking.', 'receipt.', 'product.', 'followUp.', 'auditLog.'] as const
