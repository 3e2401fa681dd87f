import { EntitySchema } from 'typeorm'
import { col, tracked, type Tracked } from '../db/columns'
import { RECEIPT_METHODS, type ReceiptMethod } from './receipt.enums'
export { RECEIPT_METHODS, type ReceiptMethod }

export const RECEIPT_METHOD_LABELS: Record<ReceiptMethod, string> = { bank: '银行转账', cash: '现金', wechat: '微信', alipay: '支付宝', acceptance_bill: '承兑汇票', other: '其他' }

export interface Receipt extends Tracked {
  id: number
  number: string
  customerId: number
  amountFen: number
  allocatedFen: number
  receivedOn: string
  method: ReceiptMethod
  reference: string | null
  remark: string | null
  status: 'valid' | 'cancelled'
  cancelReason: string | null
}

export const ReceiptEntity = new EntitySchema<Receipt>({
  name: 'Receipt',
  tableName: 'receipts',
  columns: {
    id: col.pk(),
    number: col.str(40, { unique: true }),
    customerId: col.int(),
    amountFen: col.fen(),
    allocatedFen: col.fen(),
    receivedOn: col.date(),
    method: col.str(20),
    reference: col.strNull(100),
    remark: col.strNull(500),
    status: col.str(20, { default: 'valid' }),
    cancelReason: col.strNull(500),
    ...tracked,
  },
  indices: [
    { name: 'idx_receipts_customer', columns: ['customerId', 'receivedOn'] },
    // reports (issue 10): received by date, covering
    { name: 'idx_receipts_report', columns: ['receivedOn', 'status', 'customerId', 'amountFen'] },
  ],
})

export interface ReceiptAllocation {
  id: number
  receiptId: number
  orderId: number
  amountFen: number
  createdAt: string
  userName: string | null
}

export const ReceiptAllocationEntity = new EntitySchema<ReceiptAllocation>({
  name: 'ReceiptAllocation',
  tableName: 'receipt_allocations',
  columns: {
    id: col.pk(),
    receiptId: col.int(),
    orderId: col.int(),
    amountFen: col.fen(),
    createdAt: col.ts(),
    userName: col.strNull(50),
  },
  indices: [
    { name: 'idx_allocations_receipt', columns: ['receiptId'] },
    { name: 'idx_allocations_order', columns: ['orderId'] },
  ],
})
