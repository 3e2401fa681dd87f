import { z } from 'zod'
import { defineMethod } from '../contract/method'
import { can } from '../auth/permissions'
import { fieldError } from '../contract/errors'
import { dateStr, id, paging } from '../contract/types'
import * as svc from './ar.service'

const agingItem = z.object({
  customerId: z.number(),
  customerName: z.string(),
  notDueFen: z.number(),
  d1_30Fen: z.number(),
  d31_60Fen: z.number(),
  d61_90Fen: z.number(),
  over90Fen: z.number(),
  /**
   * 预收款: money received beyond what was shipped (less returned), waiting for goods; the buckets less this
   * equal the total, on every row and in the totals.
   */
  prepaymentFen: z.number(),
  totalFen: z.number(),
})

export const arMethods = [
  defineMethod({
    name: 'ar.summary',
    summary: 'Receivable per customer: balance, overdue, prepayment (预收款)',
    ...can('read'),
    write: false,
    input: z.object({ asOf: dateStr.optional(), query: z.string().max(100).optional(), overdueOnly: z.boolean().optional(), ...paging, pageSize: z.number().int().min(1).max(1000).default(50) }),
    output: z.object({
      items: z.array(z.object({ customerId: z.number(), customerName: z.string(), balanceFen: z.number(), overdueFen: z.number(), prepaymentFen: z.number() })),
      total: z.number(),
      totals: z.object({ balanceFen: z.number(), overdueFen: z.number(), prepaymentFen: z.number() }),
      asOf: z.string(),
    }),
    handler: (ctx, input) => svc.summary(ctx, input),
  }),
  defineMethod({
    name: 'ar.aging',
    summary: '账龄: receivable by days past due, FIFO',
    ...can('read'),
    write: false,
    input: z.object({ asOf: dateStr, customerId: id.optional() }),
    output: z.object({ items: z.array(agingItem), totals: agingItem.omit({ customerId: true, customerName: true }), asOf: z.string() }),
    async handler(ctx, input) {
      const rows = await svc.agingRows(ctx, input.asOf, { customerId: input.customerId })
      // credits settle the oldest shipments first (FIFO): a customer owing nothing has empty buckets, and what it
      // paid beyond its shipments is its 预收款, so every row and the totals add up: Σ buckets − 预收款 = 合计
      const items = rows.map(({ ownerId: _o, oldestOverdueDue: _d, ...r }) => ({ ...r, prepaymentFen: Math.max(0, -r.totalFen) }))
      const totals = items.reduce(
        (t, r) => ({ notDueFen: t.notDueFen + r.notDueFen, d1_30Fen: t.d1_30Fen + r.d1_30Fen, d31_60Fen: t.d31_60Fen + r.d31_60Fen, d61_90Fen: t.d61_90Fen + r.d61_90Fen, over90Fen: t.over90Fen + r.over90Fen, prepaymentFen: t.prepaymentFen + r.prepaymentFen, totalFen: t.totalFen + r.totalFen }),
        { notDueFen: 0, d1_30Fen: 0, d31_60Fen: 0, d61_90Fen: 0, over90Fen: 0, prepaymentFen: 0, totalFen: 0 },
      )
      return { items, totals, asOf: input.asOf }
    },
  }),
  defineMethod({
    name: 'ar.statement',
    summary: '对账单: opening balance, shipments, returns, receipts with running balance, closing balance',
    ...can('read'),
    write: false,
    input: z.object({ customerId: id, from: dateStr, to: dateStr }),
    output: z.object({
      customerId: z.number(),
      customerName: z.string(),
      customerCode: z.string(),
      from: z.string(),
      to: z.string(),
      openingBalanceFen: z.number(),
      entries: z.array(z.object({ date: z.string(), kind: z.enum(['shipment', 'return', 'receipt']), number: z.string(), memo: z.string().nullable(), amountFen: z.number(), balanceFen: z.number() })),
      shippedFen: z.number(),
      returnedFen: z.number(),
      receivedFen: z.number(),
      closingBalanceFen: z.number(),
    }),
    async handler(ctx, input) {
      if (input.from > input.to) throw fieldError('from', 'ar.fromAfterTo')
      return svc.statement(ctx, input.customerId, input.from, input.to)
    },
  }),
  defineMethod({
    name: 'ar.overdue',
    summary: 'Overdue customers with their last follow-up and last dunning (催款)',
    ...can('read'),
    write: false,
    input: z.object({ asOf: dateStr.optional(), ...paging }),
    output: z.object({
      items: z.array(
        z.object({
          customerId: z.number(),
          customerName: z.string(),
          ownerName: z.string().nullable(),
          contactName: z.string().nullable(),
          contactPhone: z.string().nullable(),
          balanceFen: z.number(),
          overdueFen: z.number(),
          d1_30Fen: z.number(),
          d31_60Fen: z.number(),
          d61_90Fen: z.number(),
          over90Fen: z.number(),
          oldestDueDate: z.string().nullable(),
          maxDaysOverdue: z.number(),
          lastFollowUp: z.object({ at: z.string(), type: z.string(), content: z.string(), userName: z.string() }).nullable(),
          lastDunningAt: z.string().nullable(),
        }),
      ),
      total: z.number(),
      asOf: z.string(),
    }),
    handler: (ctx, input) => svc.overdueList(ctx, input),
  }),
  defineMethod({
    name: 'ar.customer',
    summary: "One customer's AR: balance, overdue, prepayment, aging buckets, invoiced vs shipped",
    ...can('read'),
    write: false,
    input: z.object({ customerId: id, asOf: dateStr.optional() }),
    output: z.object({
      asOf: z.string(),
      balanceFen: z.number(),
      overdueFen: z.number(),
      prepaymentFen: z.number(),
      aging: z.object({ notDueFen: z.number(), d1_30Fen: z.number(), d31_60Fen: z.number(), d61_90Fen: z.number(), over90Fen: z.number() }),
      netShippedFen: z.number(),
      invoicedFen: z.number(),
      uninvoicedFen: z.number(),
    }),
    handler: (ctx, input) => svc.customerAr(ctx, input.customerId, input.asOf),
  }),
]
