import { z } from 'zod'
import { issue } from '../i18n/i18n'
import { dateStr, id, optionalText, priceStr, quantityStr, trackedOut } from '../contract/types'
import { taxRate } from '../product/product.schemas'
import { ORDER_STATUSES } from './order.enums'

export const orderStatus = z.enum(ORDER_STATUSES)

export const lineIn = z.object({
  productId: id,
  quantity: quantityStr,
  unitPrice: priceStr.optional(),
  taxRate: taxRate.optional(),
  discountPct: z
    .union([z.string(), z.number()])
    .transform((v) => String(v).trim())
    .refine((v) => v === '' || /^\d{1,3}(\.\d{1,2})?$/.test(v), issue('order.discountFormat'))
    .optional(),
  remark: optionalText(200),
})

export const orderHeaderFields = {
  customerId: id,
  contactId: id.nullish(),
  addressId: id.nullish(),
  salespersonId: id.nullish(),
  orderDate: dateStr.optional(),
  promisedDate: dateStr.nullish(),
  paymentTermDays: z.number().int().min(0).max(3650).optional(),
  priceIncludesTax: z.boolean().optional(),
  remark: optionalText(1000),
}

export const lineOutSchema = z.object({
  id: z.number(),
  lineNo: z.number(),
  productId: z.number(),
  productCode: z.string(),
  productName: z.string(),
  spec: z.string().nullable(),
  unit: z.string(),
  quantity: z.string(),
  unitPrice: z.string(),
  taxRate: z.number(),
  discountPct: z.string(),
  amountFen: z.number(),
  taxFen: z.number(),
  netFen: z.number(),
  remark: z.string().nullable(),
})

export const orderLineOutSchema = lineOutSchema.extend({ shipped: z.string(), returned: z.string(), open: z.string() })

export const orderOutSchema = z.object({
  id: z.number(),
  number: z.string(),
  customerId: z.number(),
  customerName: z.string(),
  customerCode: z.string(),
  contactId: z.number().nullable(),
  addressId: z.number().nullable(),
  salespersonId: z.number().nullable(),
  salespersonName: z.string().nullable(),
  orderDate: z.string(),
  promisedDate: z.string().nullable(),
  paymentTermDays: z.number(),
  priceIncludesTax: z.boolean(),
  status: orderStatus,
  statusLabel: z.string(),
  totalFen: z.number(),
  taxFen: z.number(),
  netFen: z.number(),
  shippedFen: z.number(),
  returnedFen: z.number(),
  receivedFen: z.number(),
  invoicedFen: z.number(),
  receivableFen: z.number(),
  remark: z.string().nullable(),
  quoteId: z.number().nullable(),
  approvedAt: z.string().nullable(),
  approvedByName: z.string().nullable(),
  creditOverride: z.boolean(),
  overrideReason: z.string().nullable(),
  /** 驳回: why the approver sent it back (null once approved) */
  rejectReason: z.string().nullable(),
  cancelReason: z.string().nullable(),
  closeReason: z.string().nullable(),
  completedAt: z.string().nullable(),
  ...trackedOut,
})

export const orderDetailOut = orderOutSchema.extend({
  lines: z.array(orderLineOutSchema),
  history: z.array(z.object({ action: z.string(), summary: z.string().nullable(), userName: z.string().nullable(), at: z.string() })),
  contact: z.object({ id: z.number(), name: z.string(), mobile: z.string().nullable() }).nullable(),
  address: z.object({ id: z.number(), receiver: z.string(), phone: z.string().nullable(), address: z.string() }).nullable(),
})
