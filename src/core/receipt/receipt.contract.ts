import { z } from 'zod'
import { issue } from '../i18n/i18n'
import { defineMethod } from '../contract/method'
import { can } from '../auth/permissions'
import { dateStr, fen, id, optionalText, pageOf, paging, requiredText, version, trackedOut } from '../contract/types'
import { SalesOrderEntity } from '../order/order.entity'
import { loadVisible } from '../customer/customer.service'
import { RECEIPT_METHODS } from './receipt.entity'
import * as svc from './receipt.service'
import { drillFilterShape } from '../report/drill-filters'

const allocationIn = z.object({ orderId: id, amountFen: fen })

const receiptOut = z.object({
  id: z.number(),
  number: z.string(),
  customerId: z.number(),
  customerName: z.string(),
  amountFen: z.number(),
  allocatedFen: z.number(),
  unallocatedFen: z.number(),
  receivedOn: z.string(),
  method: z.enum(RECEIPT_METHODS),
  methodLabel: z.string(),
  reference: z.string().nullable(),
  remark: z.string().nullable(),
  status: z.enum(['valid', 'cancelled']),
  cancelReason: z.string().nullable(),
  ...trackedOut,
})
const receiptDetailOut = receiptOut.extend({
  allocations: z.array(z.object({ id: z.number(), orderId: z.number(), orderNumber: z.string(), amountFen: z.number(), createdAt: z.string(), userName: z.string().nullable() })),
})

export const receiptMethods = [
  defineMethod({
    name: 'receipt.create',
    summary: 'Money received; optional allocations to orders; the rest is 预收款',
    ...can('financeDocs'),
    write: true,
    input: z.object({
      customerId: id,
      amountFen: fen.refine((v) => v > 0, issue('receipt.amountPositive')),
      receivedOn: dateStr.optional(),
      method: z.enum(RECEIPT_METHODS),
      reference: optionalText(100),
      remark: optionalText(500),
      allocations: z.array(allocationIn).max(200).optional(),
    }),
    output: receiptDetailOut,
    handler: async (ctx, input) => svc.receiptDetail(ctx, await svc.createReceipt(ctx, input)),
  }),
  defineMethod({
    name: 'receipt.allocate',
    summary: '核销: match receipt money to orders',
    ...can('financeDocs'),
    write: true,
    input: z.object({ receiptId: id, version: version.optional(), allocations: z.array(allocationIn).min(1, issue('receipt.allocationsMin')).max(200) }),
    output: receiptDetailOut,
    handler: async (ctx, input) => svc.receiptDetail(ctx, await svc.allocate(ctx, await svc.loadReceipt(ctx, input.receiptId, input.version), input.allocations)),
  }),
  defineMethod({
    name: 'receipt.unallocate',
    summary: "Take back a receipt's allocations (all, or to one order)",
    ...can('financeDocs'),
    write: true,
    input: z.object({ receiptId: id, version: version.optional(), orderId: id.optional() }),
    output: receiptDetailOut,
    handler: async (ctx, input) => svc.receiptDetail(ctx, await svc.unallocate(ctx, await svc.loadReceipt(ctx, input.receiptId, input.version), input.orderId)),
  }),
  defineMethod({
    name: 'receipt.cancel',
    summary: 'Cancel with a reason (never deleted); allocations are taken back',
    ...can('financeDocs'),
    write: true,
    input: z.object({ id, version: version.optional(), reason: requiredText('作废原因', 500) }),
    output: receiptDetailOut,
    handler: async (ctx, input) => svc.receiptDetail(ctx, await svc.cancelReceipt(ctx, input)),
  }),
  defineMethod({
    name: 'receipt.get',
    ...can('read'),
    write: false,
    input: z.object({ id }),
    output: receiptDetailOut,
    handler: async (ctx, input) => svc.receiptDetail(ctx, await svc.loadReceipt(ctx, input.id)),
  }),
  defineMethod({
    name: 'receipt.search',
    ...can('read'),
    write: false,
    input: z.object({
      query: z.string().max(100).optional(),
      customerId: id.optional(),
      status: z.enum(['valid', 'cancelled']).optional(),
      unallocatedOnly: z.boolean().optional(),
      dateFrom: dateStr.optional(),
      dateTo: dateStr.optional(),
      ownerId: drillFilterShape.ownerId,
      province: drillFilterShape.province,
      ...paging,
    }),
    output: pageOf(receiptOut),
    handler: (ctx, input) => svc.searchReceipts(ctx, input),
  }),
  defineMethod({
    name: 'receipt.openOrders',
    summary: "A customer's orders with a receivable, oldest first, with a FIFO suggestion for an amount",
    ...can('read'),
    write: false,
    input: z.object({ customerId: id, amountFen: fen.optional() }),
    output: z.object({
      items: z.array(z.object({ orderId: z.number(), number: z.string(), orderDate: z.string(), totalFen: z.number(), shippedFen: z.number(), returnedFen: z.number(), receivedFen: z.number(), receivableFen: z.number(), suggestedFen: z.number() })),
      prepaymentFen: z.number(),
    }),
    async handler(ctx, input) {
      await loadVisible(ctx, input.customerId)
      const rows = await ctx.em
        .getRepository(SalesOrderEntity)
        .createQueryBuilder('o')
        .where('o.customerId = :cid', { cid: input.customerId })
        .andWhere('o.shippedFen - o.returnedFen - o.receivedFen > 0')
        .orderBy('o.orderDate', 'ASC')
        .addOrderBy('o.id', 'ASC')
        .getMany()
      let left = input.amountFen ?? 0
      const items = rows.map((o) => {
        const receivableFen = svc.orderReceivable(o)
        const suggestedFen = Math.max(0, Math.min(left, receivableFen))
        left -= suggestedFen
        return { orderId: o.id, number: o.number, orderDate: o.orderDate, totalFen: o.totalFen, shippedFen: o.shippedFen, returnedFen: o.returnedFen, receivedFen: o.receivedFen, receivableFen, suggestedFen }
      })
      const prepaymentFen = (await svc.prepayments(ctx, input.customerId)).reduce((t, r) => t + r.amountFen - r.allocatedFen, 0)
      return { items, prepaymentFen }
    },
  }),
]
