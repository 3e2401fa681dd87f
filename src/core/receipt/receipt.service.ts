import { In, type EntityManager } from 'typeorm'
import type { Ctx } from '../contract/method'
import { appError, notFound, staleConflict } from '../contract/errors'
import { msgRef, renderMessage } from '../i18n/i18n'
import { audit, diff, type Summary } from '../audit/audit.service'
import { canSeeOwner, ownerScope } from '../auth/scope'
import { CustomerEntity } from '../customer/customer.entity'
import { loadVisible } from '../customer/customer.service'
import { normalizeQuery } from '../customer/customer.rules'
import { LIKE_ESCAPE, likeContains } from '../db/sql'
import { nextNumber } from '../numbering/numbering.service'
import { formatFen } from '../money/money'
import { SalesOrderEntity, type SalesOrder } from '../order/order.entity'
import { maybeComplete, reopenIfIncomplete } from '../order/order.service'
import { ReceiptAllocationEntity, ReceiptEntity, type Receipt, type ReceiptMethod } from './receipt.entity'
import { applyDrillFilters } from '../report/drill-filters'

const receipts = (em: EntityManager) => em.getRepository(ReceiptEntity)
const allocations = (em: EntityManager) => em.getRepository(ReceiptAllocationEntity)
const orders = (em: EntityManager) => em.getRepository(SalesOrderEntity)

export const orderReceivable = (o: Pick<SalesOrder, 'shippedFen' | 'returnedFen' | 'receivedFen'>) => o.shippedFen - o.returnedFen - o.receivedFen

/** The receipt when the caller may see its customer; with `version`, a receipt changed since answers CONFLICT. */
export async function loadReceipt(ctx: Ctx, id: number, version?: number): Promise<Receipt> {
  const r = await receipts(ctx.em).findOneBy({ id })
  if (!r) throw notFound('收款单')
  const c = await ctx.em.getRepository(CustomerEntity).findOneBy({ id: r.customerId })
  if (!c || !canSeeOwner(await ownerScope(ctx), c.ownerId)) throw notFound('收款单')
  if (version !== undefined && r.version !== version) throw staleConflict('receipt', r)
  return r
}

/** What the operation log keeps of a receipt, before and after every change. */
const RECEIPT_AUDIT_FIELDS = ['customerId', 'amountFen', 'allocatedFen', 'receivedOn', 'method', 'reference', 'remark', 'status', 'cancelReason'] as const

function stamp(ctx: Ctx) {
  return { updatedAt: ctx.now().toISOString(), updatedById: ctx.user.id, updatedByName: ctx.user.displayName }
}

/** Matches receipt money to orders: never more than an order's receivable nor the receipt's unallocated amount. */
export async function allocate(ctx: Ctx, receipt: Receipt, items: { orderId: number; amountFen: number }[]) {
  if (receipt.status !== 'valid') throw appError('BUSINESS_RULE', 'receipt.voidedNoAllocate', { number: receipt.number })
  let unallocated = receipt.amountFen - receipt.allocatedFen
  const merged = new Map<number, number>()
  for (const [i, a] of items.entries()) {
    if (a.amountFen <= 0) {
      const issue = { path: `allocations.${i}.amountFen`, message: renderMessage('receipt.allocationPositive'), code: 'custom', key: 'receipt.allocationPositive' }
      throw appError('VALIDATION', 'receipt.allocationLine', { line: i + 1, message: msgRef('receipt.allocationPositive') }, { issues: [issue] })
    }
    merged.set(a.orderId, (merged.get(a.orderId) ?? 0) + a.amountFen)
  }
  const total = [...merged.values()].reduce((s, v) => s + v, 0)
  if (total > unallocated) {
    throw appError('BUSINESS_RULE', 'receipt.overUnallocated', { amount: formatFen(total), number: receipt.number, unallocated: formatFen(unallocated) }, { unallocatedFen: unallocated, requestedFen: total })
  }
  for (const [orderId, amountFen] of merged) {
    const o = await orders(ctx.em).findOneBy({ id: orderId })
    if (!o || o.customerId !== receipt.customerId) {
      const issue = { path: 'allocations', message: renderMessage('receipt.orderNotOfCustomerShort'), code: 'custom', key: 'receipt.orderNotOfCustomerShort' }
      throw appError('VALIDATION', 'receipt.orderNotOfCustomer', {}, { issues: [issue], orderId })
    }
    const open = orderReceivable(o)
    if (amountFen > open) {
      throw appError('BUSINESS_RULE', 'receipt.overReceivable', { amount: formatFen(amountFen), number: o.number, receivable: formatFen(Math.max(0, open)) }, { orderId, receivableFen: open, requestedFen: amountFen })
    }
    await allocations(ctx.em).insert({ receiptId: receipt.id, orderId, amountFen, createdAt: ctx.now().toISOString(), userName: ctx.user.displayName })
    await orders(ctx.em).update({ id: orderId }, { receivedFen: o.receivedFen + amountFen })
    await audit(ctx, { entity: 'order', entityId: orderId, action: 'allocate', summary: { key: 'audit.receipt.allocateOnOrder', params: { number: receipt.number, amount: formatFen(amountFen) } }, changes: { receivedFen: { before: o.receivedFen, after: o.receivedFen + amountFen } } })
    unallocated -= amountFen
    await maybeComplete(ctx, orderId)
  }
  const res = await receipts(ctx.em).update({ id: receipt.id, version: receipt.version }, { allocatedFen: receipt.amountFen - unallocated, ...stamp(ctx), version: receipt.version + 1 })
  if (!res.affected) throw staleConflict('receipt', await receipts(ctx.em).findOneByOrFail({ id: receipt.id }))
  await audit(ctx, { entity: 'receipt', entityId: receipt.id, action: 'allocate', summary: { key: 'audit.receipt.allocate', params: { amount: formatFen(total) } }, changes: { allocations: [...merged].map(([orderId, amountFen]) => ({ orderId, amountFen })) } })
  return receipts(ctx.em).findOneByOrFail({ id: receipt.id })
}

/** Takes allocations back (all of a receipt's, or those to one order); a completed order reopens. */
export async function unallocate(ctx: Ctx, receipt: Receipt, orderId?: number) {
  const rows = await allocations(ctx.em).find({ where: orderId ? { receiptId: receipt.id, orderId } : { receiptId: receipt.id } })
  if (!rows.length) throw appError('BUSINESS_RULE', 'receipt.nothingToUnallocate')
  let removed = 0
  for (const a of rows) {
    const o = await orders(ctx.em).findOneByOrFail({ id: a.orderId })
    await orders(ctx.em).update({ id: o.id }, { receivedFen: o.receivedFen - a.amountFen })
    const text = { key: 'audit.order.unallocate', params: { number: receipt.number, amount: formatFen(a.amountFen) } } satisfies Summary
    await audit(ctx, { entity: 'order', entityId: o.id, action: 'unallocate', summary: text, changes: { receivedFen: { before: o.receivedFen, after: o.receivedFen - a.amountFen } } })
    await reopenIfIncomplete(ctx, o.id, text)
    await allocations(ctx.em).delete({ id: a.id })
    removed += a.amountFen
  }
  const fresh = await receipts(ctx.em).findOneByOrFail({ id: receipt.id })
  const res = await receipts(ctx.em).update({ id: receipt.id, version: fresh.version }, { allocatedFen: fresh.allocatedFen - removed, ...stamp(ctx), version: fresh.version + 1 })
  if (!res.affected) throw staleConflict('receipt', await receipts(ctx.em).findOneByOrFail({ id: receipt.id }))
  const after = await receipts(ctx.em).findOneByOrFail({ id: receipt.id })
  const taken = rows.map((a) => ({ orderId: a.orderId, amountFen: a.amountFen }))
  await audit(ctx, { entity: 'receipt', entityId: receipt.id, action: 'unallocate', summary: { key: 'audit.receipt.unallocate', params: { amount: formatFen(removed) } }, changes: [...diff(fresh, after, RECEIPT_AUDIT_FIELDS), { field: 'allocations', before: taken, after: [] }] })
  return after
}

export async function createReceipt(
  ctx: Ctx,
  input: { customerId: number; amountFen: number; receivedOn?: string; method: ReceiptMethod; reference?: string | null; remark?: string | null; allocations?: { orderId: number; amountFen: number }[] },
) {
  const c = await loadVisible(ctx, input.customerId)
  const receivedOn = input.receivedOn ?? ctx.today()
  const number = await nextNumber(ctx, 'RC', { date: receivedOn, taken: (n) => receipts(ctx.em).existsBy({ number: n }) })
  const now = ctx.now().toISOString()
  const saved = await receipts(ctx.em).save(
    receipts(ctx.em).create({
      number,
      customerId: c.id,
      amountFen: input.amountFen,
      allocatedFen: 0,
      receivedOn,
      method: input.method,
      reference: input.reference ?? null,
      remark: input.remark ?? null,
      status: 'valid',
      cancelReason: null,
      createdAt: now,
      createdById: ctx.user.id,
      ...stamp(ctx),
      version: 1,
    }),
  )
  await audit(ctx, { entity: 'receipt', entityId: saved.id, action: 'create', summary: { key: 'audit.receipt.create', params: { number, method: msgRef(`enum.receiptMethod.${input.method}`), amount: formatFen(input.amountFen) } }, changes: diff(null, saved, RECEIPT_AUDIT_FIELDS) })
  if (input.allocations?.length) return allocate(ctx, saved, input.allocations)
  return saved
}

export async function cancelReceipt(ctx: Ctx, input: { id: number; version?: number; reason: string }) {
  const r = await loadReceipt(ctx, input.id)
  if (input.version !== undefined && r.version !== input.version) throw staleConflict('receipt', r)
  if (r.status !== 'valid') throw appError('BUSINESS_RULE', 'receipt.alreadyVoid', { number: r.number })
  const current = r.allocatedFen > 0 ? await unallocate(ctx, r) : r
  const res = await receipts(ctx.em).update({ id: r.id, version: current.version }, { status: 'cancelled', cancelReason: input.reason, ...stamp(ctx), version: current.version + 1 })
  if (!res.affected) throw staleConflict('receipt', await receipts(ctx.em).findOneByOrFail({ id: r.id }))
  const after = await receipts(ctx.em).findOneByOrFail({ id: r.id })
  // before = the receipt as the caller saw it (allocations included), after = cancelled with nothing allocated
  await audit(ctx, { entity: 'receipt', entityId: r.id, action: 'cancel', summary: { key: 'audit.receipt.cancel', params: { reason: input.reason } }, changes: diff(r, after, RECEIPT_AUDIT_FIELDS) })
  return after
}

/** Unallocated receipt money of a customer (预收款), oldest first. */
export async function prepayments(ctx: Ctx, customerId: number) {
  const rows = await receipts(ctx.em)
    .createQueryBuilder('r')
    .where('r.customerId = :customerId AND r.status = :valid AND r.amountFen > r.allocatedFen', { customerId, valid: 'valid' })
    .orderBy('r.receivedOn', 'ASC')
    .addOrderBy('r.id', 'ASC')
    .getMany()
  return rows
}

/** Applies a customer's prepayments (oldest first) to an order's receivable. */
export async function applyPrepayments(ctx: Ctx, orderId: number) {
  const o = await orders(ctx.em).findOneByOrFail({ id: orderId })
  let open = orderReceivable(o)
  let applied = 0
  for (const r of await prepayments(ctx, o.customerId)) {
    if (open <= 0) break
    const amount = Math.min(open, r.amountFen - r.allocatedFen)
    await allocate(ctx, r, [{ orderId, amountFen: amount }])
    open -= amount
    applied += amount
  }
  return applied
}

export async function receiptDetail(ctx: Ctx, r: Receipt) {
  const customer = await ctx.em.getRepository(CustomerEntity).findOneByOrFail({ id: r.customerId })
  const allocs = await allocations(ctx.em).find({ where: { receiptId: r.id }, order: { id: 'ASC' } })
  const os = allocs.length ? await orders(ctx.em).find({ where: { id: In(allocs.map((a) => a.orderId)) }, select: { id: true, number: true } }) : []
  const on = new Map(os.map((o) => [o.id, o.number]))
  return {
    ...r,
    methodLabel: renderMessage(`enum.receiptMethod.${r.method}`, undefined, ctx.locale),
    customerName: customer.name,
    unallocatedFen: r.status === 'valid' ? r.amountFen - r.allocatedFen : 0,
    allocations: allocs.map((a) => ({ id: a.id, orderId: a.orderId, orderNumber: on.get(a.orderId) ?? '', amountFen: a.amountFen, createdAt: a.createdAt, userName: a.userName })),
  }
}

export async function searchReceipts(ctx: Ctx, input: { query?: string; customerId?: number; status?: 'valid' | 'cancelled'; unallocatedOnly?: boolean; dateFrom?: string; dateTo?: string; ownerId?: number; province?: string; page: number; pageSize: number }) {
  const scope = await ownerScope(ctx)
  const qb = receipts(ctx.em).createQueryBuilder('r').innerJoin('Customer', 'c', 'c.id = r.customerId')
  if (scope !== null) qb.andWhere('(c.ownerId IS NULL OR c.ownerId IN (:...scope))', { scope })
  if (input.query) qb.andWhere(`(LOWER(r.number) LIKE :q ${LIKE_ESCAPE} OR c.searchText LIKE :q ${LIKE_ESCAPE} OR LOWER(r.reference) LIKE :q ${LIKE_ESCAPE})`, { q: likeContains(normalizeQuery(input.query)) })
  if (input.customerId) qb.andWhere('r.customerId = :cid', { cid: input.customerId })
  if (input.status) qb.andWhere('r.status = :st', { st: input.status })
  if (input.unallocatedOnly) qb.andWhere("r.status = 'valid' AND r.amountFen > r.allocatedFen")
  if (input.dateFrom) qb.andWhere('r.receivedOn >= :df', { df: input.dateFrom })
  if (input.dateTo) qb.andWhere('r.receivedOn <= :dt', { dt: input.dateTo })
  applyDrillFilters(qb, { ownerId: input.ownerId, province: input.province }, { customerId: 'r.customerId' })
  qb.orderBy('r.receivedOn', 'DESC').addOrderBy('r.id', 'DESC')
  const total = await qb.getCount()
  const rows = await qb.offset((input.page - 1) * input.pageSize).limit(input.pageSize).getMany()
  const cids = [...new Set(rows.map((r) => r.customerId))]
  const cs = cids.length ? await ctx.em.getRepository(CustomerEntity).find({ where: { id: In(cids) }, select: { id: true, name: true } }) : []
  const cn = new Map(cs.map((c) => [c.id, c.name]))
  return {
    items: rows.map((r) => ({ ...r, methodLabel: renderMessage(`enum.receiptMethod.${r.method}`, undefined, ctx.locale), customerName: cn.get(r.customerId) ?? '', unallocatedFen: r.status === 'valid' ? r.amountFen - r.allocatedFen : 0 })),
    total,
  }
}
