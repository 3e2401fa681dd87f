import { In, type EntityManager } from 'typeorm'
import type { Ctx } from '../contract/method'
import { appError, fieldError, notFound, staleConflict } from '../contract/errors'
import { msgRef, renderMessage, type CoreMessageKey } from '../i18n/i18n'
import { audit, diff, summaryText, type Summary } from '../audit/audit.service'
import { AuditLogEntity } from '../audit/audit.entity'
import { UserEntity } from '../auth/auth.entity'
import { ownerScope, canSeeOwner } from '../auth/scope'
import { requireAssignee, requireCustomerScope, requireFields, requireScope } from '../auth/authorize'
import { can, ORDER_FIELDS } from '../auth/permissions'
import { nextNumber } from '../numbering/numbering.service'
import { ContactEntity, CustomerEntity, ShippingAddressEntity, type Customer } from '../customer/customer.entity'
import { loadVisible } from '../customer/customer.service'
import { normalizeQuery } from '../customer/customer.rules'
import { LIKE_ESCAPE, likeContains } from '../db/sql'
import { reserveStock } from '../product/product.service'
import { bpStr, formatFen, price4Str, qtyStr } from '../money/money'
import { customerReceivableFen } from './credit'
import { SalesOrderEntity, SalesOrderLineEntity, type OrderStatus, type SalesOrder, type SalesOrderLine } from './order.entity'
import { lineOut, priceLines, type LineInput } from './lines'
import { applyDrillFilters, type DrillFilters } from '../report/drill-filters'
import { creditRules, effectiveLimitFen } from '../settings/settings.rules'

const orders = (em: EntityManager) => em.getRepository(SalesOrderEntity)
const orderLines = (em: EntityManager) => em.getRepository(SalesOrderLineEntity)

export interface OrderHeaderInput {
  customerId: number
  contactId?: number | null
  addressId?: number | null
  salespersonId?: number | null
  orderDate?: string
  promisedDate?: string | null
  paymentTermDays?: number
  priceIncludesTax?: boolean
  remark?: string | null
}

/** Orders: the selling documents' capability; salesperson and payment terms field by field (permissions.ts). */
export const ORDER_PERMISSION = can('salesDocs', ORDER_FIELDS)

export const ORDER_AUDIT_FIELDS = ['customerId', 'contactId', 'addressId', 'salespersonId', 'orderDate', 'promisedDate', 'paymentTermDays', 'priceIncludesTax', 'remark', 'totalFen', 'taxFen', 'status'] as const

/** Loads an order whose customer the caller may see; anything else is NOT_FOUND. */
export async function loadOrder(ctx: Ctx, id: number): Promise<SalesOrder> {
  const o = await orders(ctx.em).findOneBy({ id })
  if (!o) throw notFound('订单')
  const c = await ctx.em.getRepository(CustomerEntity).findOneBy({ id: o.customerId })
  if (!c || !canSeeOwner(await ownerScope(ctx), c.ownerId)) throw notFound('订单')
  return o
}

const label = (s: OrderStatus) => msgRef('order.quoted', { s: msgRef(`enum.orderStatus.${s}`) })
type OrderAction = 'edit' | 'submit' | 'approve' | 'reject' | 'unapprove' | 'cancel' | 'close'

/**
 * A transition not allowed from the current state: BUSINESS_RULE naming the current state and the move the
 * action makes (the states it is allowed from → the state it leads to), e.g.
 * 订单 SO20261122-0001 当前状态为“已发货”，不能作废（作废：“草稿”/“待审核”/“已审核” → “已作废”）.
 */
export function transitionError(o: SalesOrder, action: OrderAction, allowed: OrderStatus[], to?: OrderStatus, why?: CoreMessageKey) {
  const move = to ? msgRef('order.moveTo', { from: allowed.map(label), to: label(to) }) : msgRef('order.moveOnly', { from: allowed.map(label) })
  return appError(
    'BUSINESS_RULE',
    'order.transition',
    { number: o.number, status: label(o.status), action: msgRef(`order.action.${action}`), why: why ? msgRef('order.transitionWhy', { why: msgRef(why) }) : '', move },
    { from: o.status, to: to ?? null, allowed },
  )
}

async function checkRefs(ctx: Ctx, customer: Customer, h: OrderHeaderInput) {
  if (h.contactId) {
    const c = await ctx.em.getRepository(ContactEntity).findOneBy({ id: h.contactId })
    if (!c || c.customerId !== customer.id) throw fieldError('contactId', 'order.contactNotOfCustomer')
  }
  if (h.addressId) {
    const a = await ctx.em.getRepository(ShippingAddressEntity).findOneBy({ id: h.addressId })
    if (!a || a.customerId !== customer.id) throw fieldError('addressId', 'order.addressNotOfCustomer')
  }
  if (h.salespersonId) {
    const u = await ctx.em.getRepository(UserEntity).findOneBy({ id: h.salespersonId })
    if (!u) throw fieldError('salespersonId', 'order.salespersonMissing')
  }
  if (h.promisedDate && h.orderDate && h.promisedDate < h.orderDate) {
    throw fieldError('promisedDate', 'order.promisedBeforeOrder')
  }
}

async function defaults(ctx: Ctx, customer: Customer) {
  const contact = await ctx.em.getRepository(ContactEntity).findOne({ where: { customerId: customer.id, isPrimary: true } })
  const address = await ctx.em.getRepository(ShippingAddressEntity).findOne({ where: { customerId: customer.id, isDefault: true } })
  return { contactId: contact?.id ?? null, addressId: address?.id ?? null }
}

async function insertLines(ctx: Ctx, orderId: number, lines: Awaited<ReturnType<typeof priceLines>>['lines']) {
  await orderLines(ctx.em).delete({ orderId })
  // one multi-row INSERT for the whole grid
  if (lines.length) await orderLines(ctx.em).insert(lines.map((l) => ({ ...l, orderId, shippedMilli: 0, returnedMilli: 0 })))
}

/**
 * Who may book an order on this customer and under whom (every way to a new order: create, copy, quote → order):
 * the customer within the caller's scope for orders (a salesperson: own customers), the salesperson oneself
 * for a salesperson (a manager: the team), payment terms other than the customer's by the credit roles only.
 */
async function checkBooking(ctx: Ctx, customer: Customer, salespersonId: number | null, changed: { salespersonId?: boolean; paymentTermDays?: number }) {
  await requireScope(ctx, 'salesDocs', customer.ownerId)
  if (changed.salespersonId) await requireAssignee(ctx, 'salesDocs', 'salespersonId', salespersonId)
  if (changed.paymentTermDays !== undefined) requireFields(ctx, ORDER_PERMISSION, { paymentTermDays: changed.paymentTermDays })
}

export async function createOrder(ctx: Ctx, input: OrderHeaderInput & { lines: LineInput[]; quoteId?: number | null }) {
  const customer = await loadVisible(ctx, input.customerId)
  const salespersonId = input.salespersonId !== undefined ? input.salespersonId : (customer.ownerId ?? (ctx.user.role === 'sales' ? ctx.user.id : null))
  await checkBooking(ctx, customer, salespersonId, {
    salespersonId: true,
    paymentTermDays: input.paymentTermDays !== undefined && input.paymentTermDays !== customer.paymentTermDays ? input.paymentTermDays : undefined,
  })
  const orderDate = input.orderDate ?? ctx.today()
  await checkRefs(ctx, customer, { ...input, orderDate })
  const priceIncludesTax = input.priceIncludesTax ?? true
  const priced = await priceLines(ctx, input.lines, priceIncludesTax)
  const d = await defaults(ctx, customer)
  const number = await nextNumber(ctx, 'SO', { date: orderDate, taken: (n) => orders(ctx.em).existsBy({ number: n }) })
  const now = ctx.now().toISOString()
  const saved = await orders(ctx.em).save(
    orders(ctx.em).create({
      number,
      customerId: customer.id,
      contactId: input.contactId ?? d.contactId,
      addressId: input.addressId ?? d.addressId,
      salespersonId,
      orderDate,
      promisedDate: input.promisedDate ?? null,
      paymentTermDays: input.paymentTermDays ?? customer.paymentTermDays,
      priceIncludesTax,
      status: 'draft',
      totalFen: priced.totalFen,
      taxFen: priced.taxFen,
      netFen: priced.netFen,
      shippedFen: 0,
      returnedFen: 0,
      receivedFen: 0,
      invoicedFen: 0,
      remark: input.remark ?? null,
      quoteId: input.quoteId ?? null,
      approvedAt: null,
      approvedByName: null,
      creditOverride: false,
      overrideReason: null,
      rejectReason: null,
      cancelReason: null,
      closeReason: null,
      completedAt: null,
      createdAt: now,
      createdById: ctx.user.id,
      updatedAt: now,
      updatedById: ctx.user.id,
      updatedByName: ctx.user.displayName,
      version: 1,
    }),
  )
  await insertLines(ctx, saved.id, priced.lines)
  await audit(ctx, {
    entity: 'order',
    entityId: saved.id,
    action: 'create',
    summary: { key: 'audit.order.create', params: { number, lines: priced.lines.length, total: formatFen(priced.totalFen) } },
    changes: diff(null, saved, ORDER_AUDIT_FIELDS),
  })
  return saved
}

export async function updateOrder(ctx: Ctx, input: { id: number; version: number } & Partial<OrderHeaderInput> & { lines?: LineInput[] }) {
  const before = await loadOrder(ctx, input.id)
  if (before.version !== input.version) throw staleConflict('order', before)
  if (before.status !== 'draft' && before.status !== 'pending') throw transitionError(before, 'edit', ['draft', 'pending'])
  const customer = await loadVisible(ctx, input.customerId ?? before.customerId)
  // the order's customer now and, when it moves, the new one are both within the caller's scope for orders
  if (customer.id !== before.customerId) await requireCustomerScope(ctx, 'salesDocs', before.customerId)
  await checkBooking(ctx, customer, input.salespersonId ?? null, {
    salespersonId: input.salespersonId !== undefined && input.salespersonId !== before.salespersonId,
    paymentTermDays: input.paymentTermDays !== undefined && input.paymentTermDays !== before.paymentTermDays ? input.paymentTermDays : undefined,
  })
  const merged = { ...before, ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) } as SalesOrder & { lines?: LineInput[] }
  await checkRefs(ctx, customer, merged)
  const changes: Partial<SalesOrder> = {}
  for (const k of ['customerId', 'contactId', 'addressId', 'salespersonId', 'orderDate', 'promisedDate', 'paymentTermDays', 'priceIncludesTax', 'remark'] as const) {
    if (input[k] !== undefined) (changes as Record<string, unknown>)[k] = input[k]
  }
  let lineCount: number | null = null
  let lineChange: { field: string; before: unknown; after: unknown } | null = null
  if (input.lines || input.priceIncludesTax !== undefined) {
    const stored = await orderLines(ctx.em).find({ where: { orderId: before.id }, order: { lineNo: 'ASC' } })
    const lines = input.lines ?? stored.map((l) => ({ ...lineOut(l), remark: l.remark }))
    const priced = await priceLines(ctx, lines, merged.priceIncludesTax)
    await insertLines(ctx, before.id, priced.lines)
    // the lines before and after, one readable text each, so the log shows what changed in them
    const was = stored.map(lineText)
    const now = priced.lines.map(lineText)
    if (JSON.stringify(was) !== JSON.stringify(now)) lineChange = { field: 'lines', before: was, after: now }
    Object.assign(changes, { totalFen: priced.totalFen, taxFen: priced.taxFen, netFen: priced.netFen })
    lineCount = priced.lines.length
  }
  const res = await orders(ctx.em).update(
    { id: before.id, version: before.version },
    { ...changes, updatedAt: ctx.now().toISOString(), updatedById: ctx.user.id, updatedByName: ctx.user.displayName, version: before.version + 1 },
  )
  if (!res.affected) throw staleConflict('order', await orders(ctx.em).findOneByOrFail({ id: before.id }))
  const after = await orders(ctx.em).findOneByOrFail({ id: before.id })
  const changed = diff(before, after, ORDER_AUDIT_FIELDS)
  await audit(ctx, { entity: 'order', entityId: after.id, action: 'update', summary: lineCount === null ? { key: 'audit.order.update', params: { number: after.number } } : { key: 'audit.order.updateLines', params: { number: after.number, lines: lineCount } }, changes: lineChange ? [...changed, lineChange] : changed })
  return after
}

/** One order line as the log shows it: 第1行 P001 商品 × 2 @ 113.0000 13% −10% = ¥203.40 */
export function lineText(l: { lineNo: number; productCode: string; productName: string; qtyMilli: number; price4: number; taxRate: number; discountBp: number; amountFen: number; remark: string | null }) {
  return `第${l.lineNo}行 ${l.productCode} ${l.productName} × ${qtyStr(l.qtyMilli)} @ ${price4Str(l.price4)} ${l.taxRate}%${l.discountBp ? ` −${bpStr(l.discountBp)}%` : ''} = ${formatFen(l.amountFen)}${l.remark ? `（${l.remark}）` : ''}`
}

/** Moves an order to a new status under optimistic locking and logs it. */
export async function setStatus(ctx: Ctx, o: SalesOrder, status: OrderStatus, extra: Partial<SalesOrder>, action: string, summary: Summary, logExtra?: Record<string, unknown>) {
  const res = await orders(ctx.em).update(
    { id: o.id, version: o.version },
    { ...extra, status, updatedAt: ctx.now().toISOString(), updatedById: ctx.user.id, updatedByName: ctx.user.displayName, version: o.version + 1 },
  )
  if (!res.affected) throw staleConflict('order', await orders(ctx.em).findOneByOrFail({ id: o.id }))
  await audit(ctx, {
    entity: 'order',
    entityId: o.id,
    action,
    summary,
    changes: { status: { before: o.status, after: status }, ...(logExtra ?? {}) },
  })
  return orders(ctx.em).findOneByOrFail({ id: o.id })
}

/** The order for a change of state by a caller allowed to make it on this customer's orders (permissions.ts). */
async function forTransition(ctx: Ctx, id: number, version: number | undefined, cap: 'salesDocs' | 'approve' = 'salesDocs') {
  const o = await loadOrder(ctx, id)
  await requireCustomerScope(ctx, cap, o.customerId)
  if (version !== undefined && o.version !== version) throw staleConflict('order', o)
  return o
}

export async function submitOrder(ctx: Ctx, id: number, version?: number) {
  const o = await forTransition(ctx, id, version)
  if (o.status !== 'draft') throw transitionError(o, 'submit', ['draft'], 'pending')
  return setStatus(ctx, o, 'pending', {}, 'submit', { key: 'audit.order.submit' })
}

/** The customer's credit position as the approver sees it. */
export async function creditPosition(ctx: Ctx, customerId: number, excludeOrderId?: number) {
  const customer = await ctx.em.getRepository(CustomerEntity).findOneByOrFail({ id: customerId })
  const receivableFen = await customerReceivableFen(ctx, customerId)
  const open = await orders(ctx.em).find({ where: { customerId, status: In(['approved', 'partially_shipped']) }, select: { id: true, totalFen: true, shippedFen: true } })
  const openOrdersFen = open.filter((o) => o.id !== excludeOrderId).reduce((s, o) => s + (o.totalFen - o.shippedFen), 0)
  const limitFen = customer.creditLimitFen
  // what a 0 limit means is the company's choice (settings.credit.zeroMeans): no limit, or no credit at all
  const checkedFen = effectiveLimitFen(limitFen, await creditRules(ctx))
  return { creditLimitFen: limitFen, receivableFen, openOrdersFen, availableFen: checkedFen !== null ? checkedFen - receivableFen - openOrdersFen : null, checkedLimitFen: checkedFen }
}

/** Whether an exposure is above the limit the credit check applies (null: no limit is checked). */
export function exceedsCredit(pos: { checkedLimitFen: number | null }, exposureFen: number): boolean {
  return pos.checkedLimitFen !== null && exposureFen > pos.checkedLimitFen
}

export async function approveOrder(ctx: Ctx, input: { id: number; version?: number; override?: boolean; reason?: string | null }) {
  const o = await forTransition(ctx, input.id, input.version, 'approve')
  if (o.status !== 'pending') throw transitionError(o, 'approve', ['pending'], 'approved')
  const pos = await creditPosition(ctx, o.customerId, o.id)
  const exposure = pos.receivableFen + pos.openOrdersFen + o.totalFen
  const exceeds = exceedsCredit(pos, exposure)
  const details = { ...pos, orderFen: o.totalFen, exposureFen: exposure, exceedFen: Math.max(0, exposure - (pos.checkedLimitFen ?? pos.creditLimitFen)) }
  if (exceeds && !input.override) {
    const money = { receivable: formatFen(pos.receivableFen), open: formatFen(pos.openOrdersFen), order: formatFen(o.totalFen), exposure: formatFen(exposure), limit: formatFen(pos.creditLimitFen) }
    throw appError('BUSINESS_RULE', 'order.creditExceeded', money, { ...details, needsOverride: true })
  }
  if (exceeds && !input.reason?.trim()) {
    throw fieldError('reason', 'order.overrideReasonRequired')
  }
  const lines = await orderLines(ctx.em).find({ where: { orderId: o.id } })
  for (const l of lines) await reserveStock(ctx, l.productId, l.qtyMilli - l.shippedMilli)
  await markCustomerWon(ctx, o)
  return setStatus(
    ctx,
    o,
    'approved',
    { approvedAt: ctx.now().toISOString(), approvedByName: ctx.user.displayName, creditOverride: exceeds, overrideReason: exceeds ? input.reason!.trim() : null, rejectReason: null },
    exceeds ? 'approve.override' : 'approve',
    exceeds ? { key: 'audit.order.approveOverride', params: { reason: input.reason!.trim() } } : { key: 'audit.order.approve' },
    { credit: details },
  )
}

/** 驳回: an approver sends a pending order back to its salesperson as a draft, with the reason they see on the order. */
export async function rejectOrder(ctx: Ctx, input: { id: number; version?: number; reason: string }) {
  const o = await forTransition(ctx, input.id, input.version, 'approve')
  if (o.status !== 'pending') throw transitionError(o, 'reject', ['pending'], 'draft')
  const reason = input.reason.trim()
  return setStatus(ctx, o, 'draft', { rejectReason: reason }, 'reject', { key: 'audit.order.reject', params: { reason } })
}

/** The customer of an approved order is a 成交客户 (stage 'customer') from its first approved order on; logged. */
async function markCustomerWon(ctx: Ctx, o: SalesOrder) {
  const customers = ctx.em.getRepository(CustomerEntity)
  const c = await customers.findOneByOrFail({ id: o.customerId })
  if (c.stage === 'customer') return
  const res = await customers.update(
    { id: c.id, version: c.version },
    { stage: 'customer', updatedAt: ctx.now().toISOString(), updatedById: ctx.user.id, updatedByName: ctx.user.displayName, version: c.version + 1 },
  )
  if (!res.affected) throw staleConflict('customer', await customers.findOneByOrFail({ id: c.id }))
  await audit(ctx, {
    entity: 'customer',
    entityId: c.id,
    action: 'update',
    summary: { key: 'audit.customer.wonByOrder', params: { number: o.number } },
    changes: [{ field: 'stage', before: c.stage, after: 'customer' }],
  })
}

export async function unapproveOrder(ctx: Ctx, id: number, version?: number) {
  const o = await forTransition(ctx, id, version, 'approve')
  const lines = await orderLines(ctx.em).find({ where: { orderId: o.id } })
  const shipped = lines.some((l) => l.shippedMilli > 0) || o.shippedFen > 0
  if (o.status !== 'approved' || shipped) throw transitionError(o, 'unapprove', ['approved'], 'pending', shipped || o.status === 'partially_shipped' || o.status === 'shipped' ? 'order.why.shippedNoUnapprove' : undefined)
  for (const l of lines) await reserveStock(ctx, l.productId, -(l.qtyMilli - l.shippedMilli))
  return setStatus(ctx, o, 'pending', { approvedAt: null, approvedByName: null, creditOverride: false, overrideReason: null }, 'unapprove', { key: 'audit.order.unapprove' })
}

export async function cancelOrder(ctx: Ctx, id: number, reason: string, version?: number) {
  const o = await forTransition(ctx, id, version)
  if (!['draft', 'pending', 'approved'].includes(o.status)) {
    throw transitionError(o, 'cancel', ['draft', 'pending', 'approved'], 'cancelled', o.status === 'partially_shipped' ? 'order.why.partialUseClose' : undefined)
  }
  if (o.status === 'approved') {
    const lines = await orderLines(ctx.em).find({ where: { orderId: o.id } })
    for (const l of lines) await reserveStock(ctx, l.productId, -(l.qtyMilli - l.shippedMilli))
  }
  return setStatus(ctx, o, 'cancelled', { cancelReason: reason }, 'cancel', { key: 'audit.order.cancel', params: { reason } })
}

export async function closeOrder(ctx: Ctx, id: number, reason: string, version?: number) {
  const o = await forTransition(ctx, id, version)
  if (o.status !== 'approved' && o.status !== 'partially_shipped') throw transitionError(o, 'close', ['approved', 'partially_shipped'], 'closed')
  const lines = await orderLines(ctx.em).find({ where: { orderId: o.id } })
  for (const l of lines) await reserveStock(ctx, l.productId, -(l.qtyMilli - l.shippedMilli))
  const closed = await setStatus(ctx, o, 'closed', { closeReason: reason }, 'close', { key: 'audit.order.close', params: { reason } }, {
    unshipped: lines.filter((l) => l.qtyMilli > l.shippedMilli).map((l) => ({ product: l.productName, quantity: qtyStr(l.qtyMilli - l.shippedMilli) })),
  })
  return (await maybeComplete(ctx, closed.id)) ?? closed
}

const IN_DELIVERY: readonly OrderStatus[] = ['approved', 'partially_shipped', 'shipped', 'completed', 'closed']

/**
 * Where an order in delivery stands from its lines and money. A closed order stays closed; otherwise
 * approved / partially_shipped / shipped by what has left. With `complete`, an order fully shipped (or
 * closed after shipping something) whose receivable (shipped − returned − allocated) is zero or less is completed.
 */
export function deliveryStatus(
  o: Pick<SalesOrder, 'status' | 'closeReason' | 'shippedFen' | 'returnedFen' | 'receivedFen'>,
  lines: Pick<SalesOrderLine, 'qtyMilli' | 'shippedMilli'>[],
  complete: boolean,
): OrderStatus {
  if (!IN_DELIVERY.includes(o.status)) return o.status
  const base: OrderStatus = o.closeReason
    ? 'closed'
    : lines.every((l) => l.shippedMilli >= l.qtyMilli)
      ? 'shipped'
      : lines.some((l) => l.shippedMilli > 0)
        ? 'partially_shipped'
        : 'approved'
  const settled = o.shippedFen - o.returnedFen - o.receivedFen <= 0
  if (complete && settled && (base === 'shipped' || (base === 'closed' && o.shippedFen > 0))) return 'completed'
  return base
}

/** An order is completed when everything is shipped (or closed) and its receivable is zero. */
export async function maybeComplete(ctx: Ctx, orderId: number): Promise<SalesOrder | null> {
  const o = await orders(ctx.em).findOneByOrFail({ id: orderId })
  if (o.status !== 'shipped' && o.status !== 'closed') return null
  const lines = await orderLines(ctx.em).find({ where: { orderId } })
  if (deliveryStatus(o, lines, true) !== 'completed') return null
  return setStatus(ctx, o, 'completed', { completedAt: ctx.now().toISOString() }, 'complete', { key: 'audit.order.complete' })
}

/**
 * After money or goods went back (an allocation taken back, a receipt or shipment cancelled), a completed order
 * whose rule no longer holds reopens — to closed when it had been closed, else to its shipping state — as a
 * versioned, logged change of state.
 */
export async function reopenIfIncomplete(ctx: Ctx, orderId: number, summary: Exclude<Summary, string>): Promise<SalesOrder> {
  const o = await orders(ctx.em).findOneByOrFail({ id: orderId })
  if (o.status !== 'completed') return o
  const lines = await orderLines(ctx.em).find({ where: { orderId } })
  if (deliveryStatus(o, lines, true) === 'completed') return o
  return setStatus(ctx, o, deliveryStatus(o, lines, false), { completedAt: null }, 'reopen', { key: 'audit.order.reopen', params: { what: msgRef(summary.key, summary.params) } })
}

export async function copyOrder(ctx: Ctx, id: number) {
  const o = await loadOrder(ctx, id)
  const lines = await orderLines(ctx.em).find({ where: { orderId: o.id }, order: { lineNo: 'ASC' } })
  return createOrder(ctx, {
    customerId: o.customerId,
    contactId: o.contactId,
    addressId: o.addressId,
    // the copy is booked as a new order today: the customer's owner and payment terms (a salesperson copying
    // an order never books it under someone else nor keeps terms only the credit roles may give)
    priceIncludesTax: o.priceIncludesTax,
    remark: o.remark,
    lines: lines.map((l) => ({ productId: l.productId, quantity: qtyStr(l.qtyMilli), unitPrice: lineOut(l).unitPrice, taxRate: l.taxRate, discountPct: lineOut(l).discountPct, remark: l.remark })),
  })
}

export async function orderOut(ctx: Ctx, o: SalesOrder) {
  const customer = await ctx.em.getRepository(CustomerEntity).findOneBy({ id: o.customerId })
  const sp = o.salespersonId ? await ctx.em.getRepository(UserEntity).findOneBy({ id: o.salespersonId }) : null
  return {
    ...o,
    statusLabel: renderMessage(`enum.orderStatus.${o.status}`, undefined, ctx.locale),
    customerName: customer?.name ?? '',
    customerCode: customer?.code ?? '',
    salespersonName: sp?.displayName ?? null,
    receivableFen: o.shippedFen - o.returnedFen - o.receivedFen,
  }
}

/** The order page: header, lines with shipped/open quantities, contact, address and the state history. */
export async function orderDetail(ctx: Ctx, o: SalesOrder) {
  const lines = (await orderLines(ctx.em).find({ where: { orderId: o.id }, order: { lineNo: 'ASC' } })).map((l) => orderLineOut(l))
  const history = (await ctx.em.getRepository(AuditLogEntity).find({ where: { entity: 'order', entityId: o.id }, order: { id: 'ASC' } })).map((h) => ({
    action: h.action,
    summary: summaryText(h.summary, ctx.locale),
    userName: h.userName,
    at: h.at,
  }))
  const contact = o.contactId ? await ctx.em.getRepository(ContactEntity).findOneBy({ id: o.contactId }) : null
  const address = o.addressId ? await ctx.em.getRepository(ShippingAddressEntity).findOneBy({ id: o.addressId }) : null
  return {
    ...(await orderOut(ctx, o)),
    lines,
    history,
    contact: contact ? { id: contact.id, name: contact.name, mobile: contact.mobile ?? contact.phone } : null,
    address: address ? { id: address.id, receiver: address.receiver, phone: address.phone, address: address.address } : null,
  }
}

export function orderLineOut(l: SalesOrderLine) {
  return { ...lineOut(l), shipped: qtyStr(l.shippedMilli), returned: qtyStr(l.returnedMilli), open: qtyStr(l.qtyMilli - l.shippedMilli) }
}

export interface OrderSearchInput extends DrillFilters {
  query?: string
  customerId?: number
  status?: OrderStatus | OrderStatus[]
  salespersonId?: number
  dateFrom?: string
  dateTo?: string
  page: number
  pageSize: number
  sort?: string
}

const ORDER_SORTS: Record<string, string> = { orderDate: 'o.orderDate', number: 'o.number', totalFen: 'o.totalFen', promisedDate: 'o.promisedDate', updatedAt: 'o.updatedAt' }

export async function searchOrders(ctx: Ctx, input: OrderSearchInput) {
  const scope = await ownerScope(ctx)
  // customers are matched first (one scan of their search index), then their orders by customer id: no order is joined to its customer
  const qb = orders(ctx.em).createQueryBuilder('o')
  if (scope !== null) qb.andWhere('o.customerId IN (SELECT sc."id" FROM customers sc WHERE sc."ownerId" IS NULL OR sc."ownerId" IN (:...scope))', { scope })
  if (input.query) {
    // the number and the customer are matched through their own indexes (SQLite: a multi-index OR, no scan of the orders);
    // numbers are upper-case ASCII and SQLite's LIKE ignores ASCII case, so its number index is read alone
    const num = ctx.engine === 'sqlite' ? `qn."number" LIKE :q ${LIKE_ESCAPE}` : `LOWER(qn."number") LIKE :q ${LIKE_ESCAPE}`
    qb.andWhere(`(o.id IN (SELECT qn."id" FROM sales_orders qn WHERE ${num}) OR o.customerId IN (SELECT qc."id" FROM customers qc WHERE qc."searchText" LIKE :q ${LIKE_ESCAPE}))`, {
      q: likeContains(normalizeQuery(input.query)),
    })
  }
  if (input.customerId) qb.andWhere('o.customerId = :cid', { cid: input.customerId })
  if (input.status) {
    const list = Array.isArray(input.status) ? input.status : [input.status]
    if (list.length) qb.andWhere('o.status IN (:...st)', { st: list })
  }
  if (input.dateFrom) qb.andWhere('o.orderDate >= :df', { df: input.dateFrom })
  if (input.dateTo) qb.andWhere('o.orderDate <= :dt', { dt: input.dateTo })
  applyDrillFilters(qb, input, { customerId: 'o.customerId', salespersonId: 'o.salespersonId', lines: { table: 'sales_order_lines', fk: 'orderId', docId: 'o.id' } })
  const sortKey = (input.sort ?? '-orderDate').replace(/^-/, '')
  const dir = (input.sort ?? '-orderDate').startsWith('-') ? 'DESC' : 'ASC'
  // ties in the order of the sort too: the approval queue's 从早到晚 lists one day's orders as they were entered
  qb.orderBy(ORDER_SORTS[sortKey] ?? 'o.orderDate', dir).addOrderBy('o.id', dir)
  const total = await qb.getCount()
  const rows = await qb.offset((input.page - 1) * input.pageSize).limit(input.pageSize).getMany()
  const customers = rows.length ? await ctx.em.getRepository(CustomerEntity).find({ where: { id: In([...new Set(rows.map((r) => r.customerId))]) }, select: { id: true, name: true, code: true } }) : []
  const cname = new Map(customers.map((c) => [c.id, c]))
  const spIds = [...new Set(rows.map((r) => r.salespersonId).filter((x): x is number => x != null))]
  const sps = spIds.length ? await ctx.em.getRepository(UserEntity).find({ where: { id: In(spIds) }, select: { id: true, displayName: true } }) : []
  const spName = new Map(sps.map((u) => [u.id, u.displayName]))
  return {
    items: rows.map((o) => ({
      ...o,
      statusLabel: renderMessage(`enum.orderStatus.${o.status}`, undefined, ctx.locale),
      customerName: cname.get(o.customerId)?.name ?? '',
      customerCode: cname.get(o.customerId)?.code ?? '',
      salespersonName: o.salespersonId ? (spName.get(o.salespersonId) ?? null) : null,
      receivableFen: o.shippedFen - o.returnedFen - o.receivedFen,
    })),
    total,
  }
}

/** The last price this customer paid for a product (from approved or later orders, else any order that is not cancelled). */
export async function lastPrice(ctx: Ctx, customerId: number, productId: number) {
  await loadVisible(ctx, customerId)
  // aliases are given apart from the expression so that TypeORM quotes them (PostgreSQL folds unquoted names to lower case)
  const row = await orderLines(ctx.em)
    .createQueryBuilder('l')
    .innerJoin('SalesOrder', 'o', 'o.id = l.orderId')
    .select('l.price4', 'price4')
    .addSelect('l.discountBp', 'discountBp')
    .addSelect('o.number', 'number')
    .addSelect('o.orderDate', 'orderDate')
    .where('o.customerId = :customerId AND l.productId = :productId', { customerId, productId })
    .andWhere('o.status <> :cancelled', { cancelled: 'cancelled' })
    .orderBy("CASE WHEN o.status IN ('draft', 'pending') THEN 1 ELSE 0 END", 'ASC')
    .addOrderBy('o.orderDate', 'DESC')
    .addOrderBy('o.id', 'DESC')
    .limit(1)
    .getRawOne<{ price4: number | string; discountBp: number | string; number: string; orderDate: string }>()
  if (!row) return null
  return { unitPrice: price4Str(Number(row.price4)), discountPct: bpStr(Number(row.discountBp)), orderNumber: row.number, orderDate: row.orderDate }
}
