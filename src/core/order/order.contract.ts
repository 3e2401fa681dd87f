import { z } from 'zod'
import { issue } from '../i18n/i18n'
import { defineMethod } from '../contract/method'
import { dateStr, id, optionalText, pageOf, paging, requiredText, version } from '../contract/types'
import { lineIn, orderDetailOut, orderHeaderFields, orderOutSchema, orderStatus } from './order.schemas'
import * as svc from './order.service'
import { drillFilterShape } from '../report/drill-filters'
import { can, rolesFor } from '../auth/permissions'

/** Who enters and edits selling documents (DOMAIN.md's role table, permissions.ts); the owner reads only, finance collects. */
export const SELLERS = rolesFor('salesDocs')
const transitionIn = z.object({ id, version: version.optional() })

const detail = svc.orderDetail

export const orderMethods = [
  defineMethod({
    name: 'order.create',
    ...svc.ORDER_PERMISSION,
    write: true,
    // a new draft: reads, then the SO counter (row-locked by its UPDATE) and inserts only — racers queue on the counter
    pgIsolation: 'READ COMMITTED',
    input: z.object({ ...orderHeaderFields, lines: z.array(lineIn).min(1, issue('order.linesMin')).max(500, issue('order.linesMax', { max: 500 })) }),
    output: orderDetailOut,
    handler: async (ctx, input) => detail(ctx, await svc.createOrder(ctx, input)),
  }),
  defineMethod({
    name: 'order.update',
    summary: 'Edit a draft or pending order (header and/or all lines); versioned',
    ...svc.ORDER_PERMISSION,
    write: true,
    input: z.object(orderHeaderFields).partial().extend({
      id,
      version,
      lines: z.array(lineIn).min(1, issue('order.linesMin')).max(500, issue('order.linesMax', { max: 500 })).optional(),
    }),
    output: orderDetailOut,
    handler: async (ctx, input) => detail(ctx, await svc.updateOrder(ctx, input)),
  }),
  defineMethod({
    name: 'order.get',
    ...can('read'),
    write: false,
    input: z.object({ id }),
    output: orderDetailOut,
    handler: async (ctx, input) => detail(ctx, await svc.loadOrder(ctx, input.id)),
  }),
  defineMethod({
    name: 'order.search',
    ...can('read'),
    write: false,
    input: z.object({
      query: z.string().max(100).optional(),
      customerId: id.optional(),
      status: z.union([orderStatus, z.array(orderStatus)]).optional(),
      dateFrom: dateStr.optional(),
      dateTo: dateStr.optional(),
      /** salespersonId (the order's), and the drill-down by customer owner, product, category, province */
      ...drillFilterShape,
      sort: z.enum(['orderDate', '-orderDate', 'number', '-number', 'totalFen', '-totalFen', 'promisedDate', '-promisedDate', 'updatedAt', '-updatedAt']).optional(),
      ...paging,
    }),
    output: pageOf(orderOutSchema),
    handler: (ctx, input) => svc.searchOrders(ctx, input),
  }),
  defineMethod({
    name: 'order.submit',
    summary: 'draft → pending (待审核)',
    ...can('salesDocs'),
    write: true,
    input: transitionIn,
    output: orderDetailOut,
    handler: async (ctx, input) => detail(ctx, await svc.submitOrder(ctx, input.id, input.version)),
  }),
  defineMethod({
    name: 'order.approve',
    summary: 'pending → approved; checks credit (override needs a reason) and reserves stock',
    ...can('approve'),
    write: true,
    input: transitionIn.extend({ override: z.boolean().optional(), reason: optionalText(500) }),
    output: orderDetailOut,
    handler: async (ctx, input) => detail(ctx, await svc.approveOrder(ctx, input)),
  }),
  defineMethod({
    name: 'order.reject',
    summary: '驳回: pending → draft, back to the salesperson with a reason they see on the order',
    ...can('approve'),
    write: true,
    input: z.object({ id, version, reason: requiredText('驳回原因', 500) }),
    output: orderDetailOut,
    handler: async (ctx, input) => detail(ctx, await svc.rejectOrder(ctx, input)),
  }),
  defineMethod({
    name: 'order.unapprove',
    summary: 'approved → pending while nothing is shipped; releases the reservation',
    ...can('approve'),
    write: true,
    input: transitionIn,
    output: orderDetailOut,
    handler: async (ctx, input) => detail(ctx, await svc.unapproveOrder(ctx, input.id, input.version)),
  }),
  defineMethod({
    name: 'order.cancel',
    summary: '作废 with a reason (numbers are never deleted)',
    ...can('salesDocs'),
    write: true,
    input: transitionIn.extend({ reason: requiredText('作废原因', 500) }),
    output: orderDetailOut,
    handler: async (ctx, input) => detail(ctx, await svc.cancelOrder(ctx, input.id, input.reason, input.version)),
  }),
  defineMethod({
    name: 'order.close',
    summary: 'Close: the remaining quantity will not ship',
    ...can('salesDocs'),
    write: true,
    input: transitionIn.extend({ reason: requiredText('关闭原因', 500) }),
    output: orderDetailOut,
    handler: async (ctx, input) => detail(ctx, await svc.closeOrder(ctx, input.id, input.reason, input.version)),
  }),
  defineMethod({
    name: 'order.copy',
    summary: 'A new draft with the same customer and lines',
    ...can('salesDocs'),
    write: true,
    input: z.object({ id }),
    output: orderDetailOut,
    handler: async (ctx, input) => detail(ctx, await svc.copyOrder(ctx, input.id)),
  }),
  defineMethod({
    name: 'order.creditCheck',
    summary: "The customer's credit position for approving this order",
    ...can('read'),
    write: false,
    input: z.object({ id }),
    output: z.object({
      creditLimitFen: z.number(),
      receivableFen: z.number(),
      openOrdersFen: z.number(),
      orderFen: z.number(),
      exposureFen: z.number(),
      availableFen: z.number().nullable(),
      exceeds: z.boolean(),
      /** a 0 limit that means no credit at all (settings.credit.zeroMeans = noCredit) */
      noCredit: z.boolean(),
    }),
    async handler(ctx, input) {
      const o = await svc.loadOrder(ctx, input.id)
      const { checkedLimitFen, ...pos } = await svc.creditPosition(ctx, o.customerId, o.id)
      const exposureFen = pos.receivableFen + pos.openOrdersFen + o.totalFen
      return { ...pos, orderFen: o.totalFen, exposureFen, exceeds: svc.exceedsCredit({ checkedLimitFen }, exposureFen), noCredit: checkedLimitFen === 0 }
    },
  }),
  defineMethod({
    name: 'product.lastPrice',
    summary: 'The last price this customer paid for a product',
    ...can('read'),
    write: false,
    input: z.object({ customerId: id, productId: id }),
    output: z.object({ unitPrice: z.string(), discountPct: z.string(), orderNumber: z.string(), orderDate: z.string() }).nullable(),
    handler: (ctx, input) => svc.lastPrice(ctx, input.customerId, input.productId),
  }),
]
