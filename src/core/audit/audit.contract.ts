import { z } from 'zod'
import { MoreThan } from 'typeorm'
import { defineMethod } from '../contract/method'
import { can } from '../auth/permissions'
import { hideAs } from '../auth/authorize'
import { appError, notFound } from '../contract/errors'
import { issue, renderMessage, type Locale } from '../i18n/i18n'
import { INT4_MAX, pageOf, paging } from '../contract/types'
import { AuditLogEntity } from './audit.entity'
import { summaryText } from './audit.service'

/**
 * Order and quote lines are logged as readable texts that start with their line number, `第1行 P001 … = ¥203.40`
 * (order.service lineText): the number is read back in the reader's language (`Line 1: P001 …`), the rest is data.
 */
const LINE_NO = /^第(\d+)行 /
export function changesText(changes: unknown, locale: Locale): unknown {
  if (locale === 'zh-CN' || !Array.isArray(changes)) return changes
  const line = (v: unknown) => (typeof v === 'string' ? v.replace(LINE_NO, (_m, n: string) => `${renderMessage('audit.lineNo', { n }, locale)} `) : v)
  const side = (v: unknown) => (Array.isArray(v) ? v.map(line) : v)
  return changes.map((c: { field?: unknown; before?: unknown; after?: unknown }) => (c && c.field === 'lines' ? { ...c, before: side(c.before), after: side(c.after) } : c))
}
import { loadVisible } from '../customer/customer.service'
import { loadOrder } from '../order/order.service'
import { loadShipment, returnDetail } from '../shipment/shipment.service'
import { InvoiceRecordEntity } from '../shipment/shipment.entity'
import { loadReceipt } from '../receipt/receipt.service'
import { loadQuote } from '../quote/quote.contract'
import { loadOpportunity } from '../opportunity/opportunity.contract'
import { canSeeCost } from '../product/product-cost.service'

/** Entities whose log a caller may read once they may see the record itself. */
const VISIBILITY: Record<string, (ctx: Parameters<typeof loadVisible>[0], id: number) => Promise<unknown>> = {
  // the log of a merged customer stays readable: the target's merge entry points to it
  customer: (ctx, id) => loadVisible(ctx, id, { includeMerged: true }),
  // documents follow their customer's data scope (a manager reads the team's, a salesperson their own)
  order: (ctx, id) => loadOrder(ctx, id),
  shipment: (ctx, id) => loadShipment(ctx, id),
  // someone else's record answers like an unknown one (in the record's own words, never its parent's)
  return: (ctx, id) => hideAs('退货单', returnDetail(ctx, id)),
  receipt: (ctx, id) => loadReceipt(ctx, id),
  quote: (ctx, id) => loadQuote(ctx, id),
  opportunity: (ctx, id) => loadOpportunity(ctx, id),
  // cost price changes (成本价): only the roles that may see cost prices
  productCost: async (ctx) => {
    if (!canSeeCost(ctx.user.role)) throw appError('FORBIDDEN', 'audit.noCostAccess')
  },
  invoice: async (ctx, id) => {
    const inv = await ctx.em.getRepository(InvoiceRecordEntity).findOneBy({ id })
    if (!inv) throw notFound('发票记录')
    await hideAs('发票记录', loadVisible(ctx, inv.customerId))
  },
}

export const auditMethods = [
  defineMethod({
    name: 'auditLog.list',
    summary: 'The operation log of one record: who, when, what, before and after',
    ...can('read'),
    write: false,
    input: z.object({ entity: z.string().regex(/^[A-Za-z][A-Za-z0-9_.]*$/, issue('audit.badEntity')).max(40), entityId: z.number().int().min(0).max(INT4_MAX), ...paging }),
    output: pageOf(
      z.object({
        id: z.number(),
        entity: z.string(),
        entityId: z.number(),
        action: z.string(),
        summary: z.string().nullable(),
        changes: z.unknown(),
        userId: z.number().nullable(),
        userName: z.string().nullable(),
        at: z.string(),
      }),
    ),
    async handler(ctx, input) {
      const check = VISIBILITY[input.entity]
      if (check) await check(ctx, input.entityId)
      else if (!['admin', 'owner', 'manager', 'finance', 'clerk'].includes(ctx.user.role)) throw appError('FORBIDDEN', 'audit.noLogAccess')
      const [rows, total] = await ctx.em.getRepository(AuditLogEntity).findAndCount({
        where: { entity: input.entity, entityId: input.entityId },
        order: { id: 'DESC' },
        skip: (input.page - 1) * input.pageSize,
        take: input.pageSize,
      })
      return { items: rows.map((r) => ({ ...r, summary: summaryText(r.summary, ctx.locale), changes: r.changes ? changesText(JSON.parse(r.changes), ctx.locale) : null })), total }
    },
  }),
  defineMethod({
    name: 'auditLog.changesSince',
    summary: 'Has this record changed since I opened it? The log entries after `afterId` (polled by open records on the LAN)',
    ...can('read'),
    write: false,
    input: z.object({
      entity: z.string().regex(/^[A-Za-z][A-Za-z0-9_.]*$/, issue('audit.badEntity')).max(40),
      entityId: z.number().int().min(0).max(INT4_MAX),
      /** the newest log id the caller has seen; omitted on the first call (answers only `latestId`) */
      afterId: z.number().int().min(0).max(INT4_MAX, issue('validation.numberTooLarge', { max: INT4_MAX })).optional(),
    }),
    output: z.object({
      latestId: z.number(),
      changes: z.array(z.object({ id: z.number(), action: z.string(), userId: z.number().nullable(), userName: z.string().nullable(), at: z.string() })),
    }),
    async handler(ctx, input) {
      const check = VISIBILITY[input.entity]
      if (check) await check(ctx, input.entityId)
      else if (!['admin', 'owner', 'manager', 'finance', 'clerk'].includes(ctx.user.role)) throw appError('FORBIDDEN', 'audit.noLogAccess')
      const repo = ctx.em.getRepository(AuditLogEntity)
      // one indexed look-up (idx_audit_entity) per poll
      const rows = await repo.find({
        select: { id: true, action: true, userId: true, userName: true, at: true },
        where: { entity: input.entity, entityId: input.entityId, ...(input.afterId !== undefined ? { id: MoreThan(input.afterId) } : {}) },
        order: { id: 'DESC' },
        take: input.afterId !== undefined ? 20 : 1,
      })
      const latestId = rows[0]?.id ?? input.afterId ?? 0
      return { latestId, changes: input.afterId === undefined ? [] : rows.map((r) => ({ id: r.id, action: r.action, userId: r.userId, userName: r.userName, at: r.at })) }
    },
  }),
]
