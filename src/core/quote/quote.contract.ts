import { z } from 'zod'
import { In } from 'typeorm'
import { defineMethod, type Ctx } from '../contract/method'
import { can } from '../auth/permissions'
import { requireCustomerScope, requireScope } from '../auth/authorize'
import { appError, fieldError, notFound, staleConflict } from '../contract/errors'
import { issue, msgRef, renderMessage } from '../i18n/i18n'
import { dateStr, id, optionalText, pageOf, paging, requiredText, version, trackedOut } from '../contract/types'
import { audit, diff, type Summary } from '../audit/audit.service'
import { canSeeOwner, ownerScope } from '../auth/scope'
import { ContactEntity, CustomerEntity } from '../customer/customer.entity'
import { loadVisible } from '../customer/customer.service'
import { normalizeQuery } from '../customer/customer.rules'
import { LIKE_ESCAPE, likeContains } from '../db/sql'
import { nextNumber } from '../numbering/numbering.service'
import { formatFen, qtyStr } from '../money/money'
import { OpportunityEntity } from '../opportunity/opportunity.entity'
import { lineOut, priceLines, type LineInput } from '../order/lines'
import { lineIn, lineOutSchema } from '../order/order.schemas'
import { createOrder, lineText, orderDetail } from '../order/order.service'
import { orderDetailOut } from '../order/order.schemas'
import { SalesOrderEntity } from '../order/order.entity'
import { QUOTE_STATUSES, QuoteEntity, QuoteLineEntity, type Quote, type QuoteStatus } from './quote.entity'

const status = z.enum(QUOTE_STATUSES)
const quoteOut = z.object({
  id: z.number(),
  number: z.string(),
  baseNumber: z.string(),
  revision: z.number(),
  customerId: z.number(),
  customerName: z.string(),
  contactId: z.number().nullable(),
  opportunityId: z.number().nullable(),
  quoteDate: z.string(),
  validUntil: z.string().nullable(),
  terms: z.string().nullable(),
  remark: z.string().nullable(),
  priceIncludesTax: z.boolean(),
  status,
  statusLabel: z.string(),
  totalFen: z.number(),
  taxFen: z.number(),
  netFen: z.number(),
  orderId: z.number().nullable(),
  sentAt: z.string().nullable(),
  voidReason: z.string().nullable(),
  ...trackedOut,
})
const quoteDetail = quoteOut.extend({
  lines: z.array(lineOutSchema),
  revisions: z.array(z.object({ id: z.number(), number: z.string(), revision: z.number(), status, totalFen: z.number(), quoteDate: z.string() })),
})

const headerFields = {
  contactId: id.nullish(),
  opportunityId: id.nullish(),
  quoteDate: dateStr.optional(),
  validUntil: dateStr.nullish(),
  terms: optionalText(2000),
  remark: optionalText(1000),
  priceIncludesTax: z.boolean().optional(),
}

/** What the operation log keeps of a quote, before and after every change. */
const QUOTE_AUDIT_FIELDS = ['customerId', 'contactId', 'opportunityId', 'quoteDate', 'validUntil', 'terms', 'remark', 'priceIncludesTax', 'totalFen', 'taxFen', 'status', 'sentAt', 'orderId', 'voidReason'] as const

/** The quote's lines as the log shows them (one readable text each). */
async function lineTexts(ctx: Ctx, quoteId: number) {
  return (await ctx.em.getRepository(QuoteLineEntity).find({ where: { quoteId }, order: { lineNo: 'ASC' } })).map(lineText)
}

/** The record when the caller may see its customer; anything else is NOT_FOUND. */
export async function loadQuote(ctx: Ctx, qid: number) {
  const q = await ctx.em.getRepository(QuoteEntity).findOneBy({ id: qid })
  if (!q) throw notFound('报价单')
  const c = await ctx.em.getRepository(CustomerEntity).findOneBy({ id: q.customerId })
  if (!c || !canSeeOwner(await ownerScope(ctx), c.ownerId)) throw notFound('报价单')
  return q
}

async function summary(ctx: Ctx, rows: Quote[]) {
  const cids = [...new Set(rows.map((r) => r.customerId))]
  const cs = cids.length ? await ctx.em.getRepository(CustomerEntity).find({ where: { id: In(cids) }, select: { id: true, name: true } }) : []
  const cn = new Map(cs.map((c) => [c.id, c.name]))
  return rows.map((q) => ({ ...q, customerName: cn.get(q.customerId) ?? '', statusLabel: renderMessage(`enum.quoteStatus.${q.status}`, undefined, ctx.locale) }))
}

async function detail(ctx: Ctx, q: Quote) {
  const lines = (await ctx.em.getRepository(QuoteLineEntity).find({ where: { quoteId: q.id }, order: { lineNo: 'ASC' } })).map(lineOut)
  const revisions = await ctx.em.getRepository(QuoteEntity).find({ where: { baseNumber: q.baseNumber }, order: { revision: 'ASC' }, select: { id: true, number: true, revision: true, status: true, totalFen: true, quoteDate: true } })
  return { ...(await summary(ctx, [q]))[0]!, lines, revisions }
}

async function writeLines(ctx: Ctx, quoteId: number, lines: LineInput[], priceIncludesTax: boolean) {
  const priced = await priceLines(ctx, lines, priceIncludesTax)
  const repo = ctx.em.getRepository(QuoteLineEntity)
  await repo.delete({ quoteId })
  for (const l of priced.lines) await repo.insert({ ...l, quoteId })
  return priced
}

async function checkRefs(ctx: Ctx, customerId: number, h: { contactId?: number | null; opportunityId?: number | null }) {
  if (h.contactId) {
    const c = await ctx.em.getRepository(ContactEntity).findOneBy({ id: h.contactId })
    if (!c || c.customerId !== customerId) throw fieldError('contactId', 'order.contactNotOfCustomer')
  }
  if (h.opportunityId) {
    const o = await ctx.em.getRepository(OpportunityEntity).findOneBy({ id: h.opportunityId })
    if (!o || o.customerId !== customerId) throw fieldError('opportunityId', 'quote.opportunityNotOfCustomer')
  }
}

const quoted = (s: QuoteStatus) => msgRef('order.quoted', { s: msgRef(`enum.quoteStatus.${s}`) })
type QuoteAction = 'edit' | 'revise' | 'send' | 'accept' | 'reject' | 'void' | 'order'
function mustBe(q: Quote, action: QuoteAction, allowed: QuoteStatus[]) {
  if (!allowed.includes(q.status)) {
    const params = { number: q.number, status: quoted(q.status), action: msgRef(`quote.action.${action}`), allowed: allowed.map(quoted) }
    throw appError('BUSINESS_RULE', 'quote.transition', params, { from: q.status, allowed })
  }
}

/** A versioned change of a quote, logged field by field before → after (plus the lines when they changed). */
async function setQuote(ctx: Ctx, q: Quote, changes: Partial<Quote>, action: string, text: Summary, lines?: { before: string[]; after: string[] }) {
  const repo = ctx.em.getRepository(QuoteEntity)
  const res = await repo.update({ id: q.id, version: q.version }, { ...changes, updatedAt: ctx.now().toISOString(), updatedById: ctx.user.id, updatedByName: ctx.user.displayName, version: q.version + 1 })
  if (!res.affected) throw staleConflict('quote', await repo.findOneByOrFail({ id: q.id }))
  const after = await repo.findOneByOrFail({ id: q.id })
  const changed = diff(q, after, QUOTE_AUDIT_FIELDS)
  if (lines && JSON.stringify(lines.before) !== JSON.stringify(lines.after)) changed.push({ field: 'lines', before: lines.before, after: lines.after })
  await audit(ctx, { entity: 'quote', entityId: q.id, action, summary: text, changes: changed })
  return after
}

const transition = z.object({ id, version: version.optional() })
async function forTransition(ctx: Ctx, input: { id: number; version?: number }) {
  const q = await loadQuote(ctx, input.id)
  // a salesperson works on own customers' quotes only, a manager the team's (permissions.ts)
  await requireCustomerScope(ctx, 'salesDocs', q.customerId)
  if (input.version !== undefined && q.version !== input.version) throw staleConflict('quote', q)
  return q
}

export const quoteMethods = [
  defineMethod({
    name: 'quote.create',
    ...can('salesDocs'),
    write: true,
    input: z.object({ customerId: id, ...headerFields, lines: z.array(lineIn).min(1, issue('quote.linesMin')).max(500) }),
    output: quoteDetail,
    async handler(ctx, input) {
      const c = await loadVisible(ctx, input.customerId)
      await requireScope(ctx, 'salesDocs', c.ownerId)
      await checkRefs(ctx, c.id, input)
      const quoteDate = input.quoteDate ?? ctx.today()
      // a number already used (e.g. after the pattern was changed) is skipped, never duplicated
      const number = await nextNumber(ctx, 'QT', { date: quoteDate, taken: (n) => ctx.em.getRepository(QuoteEntity).existsBy({ number: n }) })
      const now = ctx.now().toISOString()
      const repo = ctx.em.getRepository(QuoteEntity)
      const priceIncludesTax = input.priceIncludesTax ?? true
      const saved = await repo.save(
        repo.create({
          number,
          baseNumber: number,
          revision: 1,
          customerId: c.id,
          contactId: input.contactId ?? null,
          opportunityId: input.opportunityId ?? null,
          quoteDate,
          validUntil: input.validUntil ?? null,
          terms: input.terms ?? null,
          remark: input.remark ?? null,
          priceIncludesTax,
          status: 'draft',
          totalFen: 0,
          taxFen: 0,
          netFen: 0,
          orderId: null,
          sentAt: null,
          createdAt: now,
          createdById: ctx.user.id,
          updatedAt: now,
          updatedById: ctx.user.id,
          updatedByName: ctx.user.displayName,
          version: 1,
        }),
      )
      const priced = await writeLines(ctx, saved.id, input.lines, priceIncludesTax)
      await repo.update({ id: saved.id }, { totalFen: priced.totalFen, taxFen: priced.taxFen, netFen: priced.netFen })
      const created = await repo.findOneByOrFail({ id: saved.id })
      const changes = [...diff(null, created, QUOTE_AUDIT_FIELDS), { field: 'lines', before: null, after: priced.lines.map(lineText) }]
      await audit(ctx, { entity: 'quote', entityId: saved.id, action: 'create', summary: { key: 'audit.quote.create', params: { number, total: formatFen(priced.totalFen) } }, changes })
      return detail(ctx, created)
    },
  }),
  defineMethod({
    name: 'quote.update',
    summary: 'Edit a draft quote; a sent quote is changed by quote.revise',
    ...can('salesDocs'),
    write: true,
    // every field optional: what is left out stays as it is (optionalText alone would turn it into null and clear it)
    input: z.object({ id, version, ...headerFields, terms: headerFields.terms.optional(), remark: headerFields.remark.optional(), lines: z.array(lineIn).min(1).max(500).optional() }),
    output: quoteDetail,
    async handler(ctx, input) {
      const q = await forTransition(ctx, { id: input.id })
      if (q.version !== input.version) throw staleConflict('quote', q)
      mustBe(q, 'edit', ['draft'])
      await checkRefs(ctx, q.customerId, input)
      const { id: _qid, version: v, lines, ...rest } = input
      const changes: Partial<Quote> = Object.fromEntries(Object.entries(rest).filter(([, x]) => x !== undefined))
      const pit = input.priceIncludesTax ?? q.priceIncludesTax
      let lineLog: { before: string[]; after: string[] } | undefined
      if (lines || input.priceIncludesTax !== undefined) {
        const before = await lineTexts(ctx, q.id)
        const current = lines ?? (await ctx.em.getRepository(QuoteLineEntity).find({ where: { quoteId: q.id }, order: { lineNo: 'ASC' } })).map((l) => ({ ...lineOut(l) }))
        const priced = await writeLines(ctx, q.id, current, pit)
        Object.assign(changes, { totalFen: priced.totalFen, taxFen: priced.taxFen, netFen: priced.netFen })
        lineLog = { before, after: priced.lines.map(lineText) }
      }
      return detail(ctx, await setQuote(ctx, { ...q, version: v }, changes, 'update', { key: 'audit.quote.update', params: { number: q.number } }, lineLog))
    },
  }),
  defineMethod({
    name: 'quote.revise',
    summary: 'A new revision (…-R2) copying the lines; the earlier one stays readable',
    ...can('salesDocs'),
    write: true,
    input: transition,
    output: quoteDetail,
    async handler(ctx, input) {
      const q = await forTransition(ctx, input)
      mustBe(q, 'revise', ['sent', 'accepted', 'rejected'])
      const repo = ctx.em.getRepository(QuoteEntity)
      const latest = await repo.findOne({ where: { baseNumber: q.baseNumber }, order: { revision: 'DESC' } })
      if (latest && latest.id !== q.id) throw appError('BUSINESS_RULE', 'quote.reviseLatest', { number: latest.number })
      const revision = q.revision + 1
      const number = `${q.baseNumber}-R${revision}`
      const now = ctx.now().toISOString()
      const { id: _old, ...copy } = q
      const saved = await repo.save(
        repo.create({ ...copy, number, revision, status: 'draft', sentAt: null, quoteDate: ctx.today(), orderId: null, createdAt: now, createdById: ctx.user.id, updatedAt: now, updatedById: ctx.user.id, updatedByName: ctx.user.displayName, version: 1 }),
      )
      const lines = await ctx.em.getRepository(QuoteLineEntity).find({ where: { quoteId: q.id } })
      for (const { id: _l, ...l } of lines) await ctx.em.getRepository(QuoteLineEntity).insert({ ...l, quoteId: saved.id })
      await setQuote(ctx, q, { status: 'superseded' }, 'revise', { key: 'audit.quote.revisedTo', params: { number } })
      await audit(ctx, { entity: 'quote', entityId: saved.id, action: 'create', summary: { key: 'audit.quote.revisedFrom', params: { number: q.number } }, changes: [...diff(null, saved, QUOTE_AUDIT_FIELDS), { field: 'lines', before: null, after: await lineTexts(ctx, saved.id) }] })
      return detail(ctx, saved)
    },
  }),
  defineMethod({
    name: 'quote.markSent',
    ...can('salesDocs'),
    write: true,
    input: transition,
    output: quoteDetail,
    async handler(ctx, input) {
      const q = await forTransition(ctx, input)
      mustBe(q, 'send', ['draft'])
      return detail(ctx, await setQuote(ctx, q, { status: 'sent', sentAt: ctx.now().toISOString() }, 'markSent', { key: 'audit.quote.sent' }))
    },
  }),
  defineMethod({
    name: 'quote.accept',
    ...can('salesDocs'),
    write: true,
    input: transition,
    output: quoteDetail,
    async handler(ctx, input) {
      const q = await forTransition(ctx, input)
      mustBe(q, 'accept', ['sent'])
      return detail(ctx, await setQuote(ctx, q, { status: 'accepted' }, 'accept', { key: 'audit.quote.accepted' }))
    },
  }),
  defineMethod({
    name: 'quote.reject',
    ...can('salesDocs'),
    write: true,
    input: transition.extend({ reason: optionalText(500) }),
    output: quoteDetail,
    async handler(ctx, input) {
      const q = await forTransition(ctx, input)
      mustBe(q, 'reject', ['sent'])
      return detail(ctx, await setQuote(ctx, q, { status: 'rejected' }, 'reject', input.reason ? { key: 'audit.quote.rejectedReason', params: { reason: input.reason } } : { key: 'audit.quote.rejected' }))
    },
  }),
  defineMethod({
    name: 'quote.void',
    summary: '作废 with a reason (the number stays); not once turned into an order — void the order instead',
    ...can('salesDocs'),
    write: true,
    input: transition.extend({ reason: requiredText('作废原因', 500) }),
    output: quoteDetail,
    async handler(ctx, input) {
      const q = await forTransition(ctx, input)
      if (q.status === 'ordered') {
        const o = q.orderId ? await ctx.em.getRepository(SalesOrderEntity).findOneBy({ id: q.orderId }) : null
        throw appError('BUSINESS_RULE', 'quote.orderedNoVoid', { number: q.number, order: o ? ` ${o.number}` : '' }, { orderId: q.orderId })
      }
      if (q.status === 'superseded') throw appError('BUSINESS_RULE', 'quote.supersededNoVoid', { number: q.number })
      mustBe(q, 'void', ['draft', 'sent', 'accepted', 'rejected'])
      return detail(ctx, await setQuote(ctx, q, { status: 'voided', voidReason: input.reason }, 'void', { key: 'audit.quote.void', params: { reason: input.reason } }))
    },
  }),
  defineMethod({
    name: 'quote.toOrder',
    summary: 'One step: a draft order with the same lines, linked back to the quote',
    ...can('salesDocs'),
    write: true,
    input: transition.extend({ promisedDate: dateStr.nullish() }),
    output: z.object({ quote: quoteDetail, order: orderDetailOut }),
    async handler(ctx, input) {
      const q = await forTransition(ctx, input)
      mustBe(q, 'order', ['draft', 'sent', 'accepted'])
      if (q.validUntil && q.validUntil < ctx.today()) throw appError('BUSINESS_RULE', 'quote.expired', { number: q.number, date: q.validUntil })
      const lines = await ctx.em.getRepository(QuoteLineEntity).find({ where: { quoteId: q.id }, order: { lineNo: 'ASC' } })
      const order = await createOrder(ctx, {
        customerId: q.customerId,
        contactId: q.contactId,
        priceIncludesTax: q.priceIncludesTax,
        promisedDate: input.promisedDate ?? null,
        remark: q.remark,
        quoteId: q.id,
        lines: lines.map((l) => ({ productId: l.productId, quantity: qtyStr(l.qtyMilli), unitPrice: lineOut(l).unitPrice, taxRate: l.taxRate, discountPct: lineOut(l).discountPct, remark: l.remark })),
      })
      const updated = await setQuote(ctx, q, { status: 'ordered', orderId: order.id }, 'toOrder', { key: 'audit.quote.toOrder', params: { number: order.number } })
      return { quote: await detail(ctx, updated), order: await orderDetail(ctx, order) }
    },
  }),
  defineMethod({
    name: 'quote.get',
    ...can('read'),
    write: false,
    input: z.object({ id }),
    output: quoteDetail,
    handler: async (ctx, input) => detail(ctx, await loadQuote(ctx, input.id)),
  }),
  defineMethod({
    name: 'quote.search',
    ...can('read'),
    write: false,
    input: z.object({ query: z.string().max(100).optional(), customerId: id.optional(), status: status.optional(), latestOnly: z.boolean().default(true), ...paging }),
    output: pageOf(quoteOut),
    async handler(ctx, input) {
      const scope = await ownerScope(ctx)
      const qb = ctx.em.getRepository(QuoteEntity).createQueryBuilder('q').innerJoin('Customer', 'c', 'c.id = q.customerId')
      if (scope !== null) qb.andWhere('(c.ownerId IS NULL OR c.ownerId IN (:...scope))', { scope })
      if (input.query) qb.andWhere(`(LOWER(q.number) LIKE :q ${LIKE_ESCAPE} OR c.searchText LIKE :q ${LIKE_ESCAPE})`, { q: likeContains(normalizeQuery(input.query)) })
      if (input.customerId) qb.andWhere('q.customerId = :cid', { cid: input.customerId })
      if (input.status) qb.andWhere('q.status = :st', { st: input.status })
      else if (input.latestOnly) qb.andWhere("q.status <> 'superseded'")
      qb.orderBy('q.quoteDate', 'DESC').addOrderBy('q.id', 'DESC')
      const [rows, total] = await qb.skip((input.page - 1) * input.pageSize).take(input.pageSize).getManyAndCount()
      return { items: await summary(ctx, rows), total }
    },
  }),
]
