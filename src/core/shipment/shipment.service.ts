import { In, type EntityManager } from 'typeorm'
import type { Ctx } from '../contract/method'
import { appError, fieldError, notFound, staleConflict } from '../contract/errors'
import { msgRef, renderMessage } from '../i18n/i18n'
import { lineError } from '../order/lines'
import { audit, diff, type Summary } from '../audit/audit.service'
import { UserEntity } from '../auth/auth.entity'
import { canSeeOwner, ownerScope } from '../auth/scope'
import { addDays } from '../clock'
import { CustomerEntity, ShippingAddressEntity } from '../customer/customer.entity'
import { createFollowUp } from '../customer/followup.service'
import { normalizeQuery } from '../customer/customer.rules'
import { LIKE_ESCAPE, likeContains } from '../db/sql'
import { nextNumber } from '../numbering/numbering.service'
import { getSetting } from '../settings/settings.service'
import { formatFen, fromMilli, proportionFen, qtyStr, toMilli, price4Str } from '../money/money'
import { moveStock, reserveStock } from '../product/product.service'
import { lineCostFen, unitCosts } from '../product/product-cost.service'
import { bumpSalesSummary } from '../report/summary.service'
import { applyDrillFilters, type DrillFilters } from '../report/drill-filters'
import { SalesOrderEntity, SalesOrderLineEntity, type SalesOrder } from '../order/order.entity'
import { deliveryStatus, loadOrder, maybeComplete, reopenIfIncomplete, setStatus } from '../order/order.service'
import { ShipmentEntity, ShipmentLineEntity, SalesReturnEntity, SalesReturnLineEntity, type Shipment } from './shipment.entity'

const shipments = (em: EntityManager) => em.getRepository(ShipmentEntity)
const shipmentLines = (em: EntityManager) => em.getRepository(ShipmentLineEntity)
const orderLines = (em: EntityManager) => em.getRepository(SalesOrderLineEntity)
const orders = (em: EntityManager) => em.getRepository(SalesOrderEntity)

export async function loadShipment(ctx: Ctx, id: number): Promise<Shipment> {
  const s = await shipments(ctx.em).findOneBy({ id })
  if (!s) throw notFound('发货单')
  const c = await ctx.em.getRepository(CustomerEntity).findOneBy({ id: s.customerId })
  if (!c || !canSeeOwner(await ownerScope(ctx), c.ownerId)) throw notFound('发货单')
  return s
}

/** What the operation log keeps of a shipment and a return, before and after every change. */
const SHIPMENT_AUDIT_FIELDS = ['orderId', 'customerId', 'shipDate', 'dueDate', 'carrier', 'trackingNo', 'addressId', 'receiver', 'receiverPhone', 'address', 'status', 'deliveredOn', 'signedBy', 'totalFen', 'remark', 'cancelReason'] as const
export const RETURN_AUDIT_FIELDS = ['shipmentId', 'orderId', 'customerId', 'returnedOn', 'reason', 'totalFen', 'status', 'voidReason'] as const
const shipmentStatus = (s: Shipment['status']) => msgRef('order.quoted', { s: msgRef(`enum.shipmentStatus.${s}`) })

/** One shipped or returned line as the log shows it: P001 仿古砖 × 2箱 = ¥200.00 */
const qtyLineText = (l: { productCode?: string; productName: string; unit: string; qtyMilli: number; amountFen: number }) =>
  `${l.productCode ? `${l.productCode} ` : ''}${l.productName} × ${qtyStr(l.qtyMilli)}${l.unit} = ${formatFen(l.amountFen)}`

function stamp(ctx: Ctx) {
  return { updatedAt: ctx.now().toISOString(), updatedById: ctx.user.id, updatedByName: ctx.user.displayName }
}

/** Recomputes the order's shipped value and status from its lines after a shipment or its cancellation. */
async function refreshOrderShipping(ctx: Ctx, orderId: number, deltaFen: number, action: string, summary: Summary) {
  const o = await orders(ctx.em).findOneByOrFail({ id: orderId })
  await orders(ctx.em).update({ id: orderId }, { shippedFen: o.shippedFen + deltaFen })
  const fresh = await orders(ctx.em).findOneByOrFail({ id: orderId })
  const lines = await orderLines(ctx.em).find({ where: { orderId } })
  // a closed order stays closed; a completed one reopens only when its completion rule no longer holds
  const keepCompleted = fresh.status === 'completed' && deliveryStatus(fresh, lines, true) === 'completed'
  const status = keepCompleted ? fresh.status : deliveryStatus(fresh, lines, false)
  const money = { shippedFen: { before: o.shippedFen, after: fresh.shippedFen } }
  if (status !== fresh.status) await setStatus(ctx, fresh, status, fresh.status === 'completed' ? { completedAt: null } : {}, action, summary, money)
  else await audit(ctx, { entity: 'order', entityId: orderId, action, summary, changes: money })
  return maybeComplete(ctx, orderId)
}

export interface ShipmentCreateInput {
  orderId: number
  lines: { orderLineId: number; quantity: string }[]
  shipDate?: string
  carrier?: string | null
  trackingNo?: string | null
  addressId?: number | null
  remark?: string | null
  applyPrepayment?: boolean
}

export async function createShipment(ctx: Ctx, input: ShipmentCreateInput) {
  const order = await loadOrder(ctx, input.orderId)
  if (order.status !== 'approved' && order.status !== 'partially_shipped') {
    const status = msgRef('order.quoted', { s: msgRef(`enum.orderStatus.${order.status}`) })
    throw appError('BUSINESS_RULE', 'shipment.orderNotShippable', { number: order.number, status }, { status: order.status })
  }
  const shipDate = input.shipDate ?? ctx.today()
  const all = await orderLines(ctx.em).find({ where: { orderId: order.id } })
  const byId = new Map(all.map((l) => [l.id, l]))
  const wanted = new Map<number, number>()
  for (const [i, l] of input.lines.entries()) {
    const ol = byId.get(l.orderLineId)
    if (!ol) throw lineError(i, 'orderLineId', 'shipment.notOrderLine')
    const q = toMilli(l.quantity)
    if (q < 0) throw lineError(i, 'quantity', 'shipment.qtyNegative')
    if (q === 0) continue
    wanted.set(ol.id, (wanted.get(ol.id) ?? 0) + q)
  }
  if (!wanted.size) throw fieldError('lines', 'shipment.allZero')
  for (const [lineId, q] of wanted) {
    const ol = byId.get(lineId)!
    const open = ol.qtyMilli - ol.shippedMilli
    if (q > open) {
      throw appError('BUSINESS_RULE', 'shipment.overShip', { product: ol.productName, qty: fromMilli(q), open: fromMilli(open), unit: ol.unit }, {
        orderLineId: ol.id,
        productName: ol.productName,
        open: fromMilli(open),
        requested: fromMilli(q),
      })
    }
  }
  let address: { id: number | null; receiver: string | null; phone: string | null; address: string | null } = { id: null, receiver: null, phone: null, address: null }
  const addrId = input.addressId ?? order.addressId
  if (addrId) {
    const a = await ctx.em.getRepository(ShippingAddressEntity).findOneBy({ id: addrId })
    if (!a || a.customerId !== order.customerId) throw fieldError('addressId', 'order.addressNotOfCustomer')
    address = { id: a.id, receiver: a.receiver, phone: a.phone, address: a.address }
  }
  const number = await nextNumber(ctx, 'DN', { date: shipDate, taken: (n) => shipments(ctx.em).existsBy({ number: n }) })
  const now = ctx.now().toISOString()
  const saved = await shipments(ctx.em).save(
    shipments(ctx.em).create({
      number,
      orderId: order.id,
      customerId: order.customerId,
      shipDate,
      dueDate: addDays(shipDate, order.paymentTermDays),
      carrier: input.carrier ?? null,
      trackingNo: input.trackingNo ?? null,
      addressId: address.id,
      receiver: address.receiver,
      receiverPhone: address.phone,
      address: address.address,
      status: 'shipped',
      deliveredOn: null,
      signedBy: null,
      totalFen: 0,
      returnedFen: 0,
      invoicedFen: 0,
      remark: input.remark ?? null,
      cancelReason: null,
      createdAt: now,
      createdById: ctx.user.id,
      ...stamp(ctx),
      version: 1,
    }),
  )
  let total = 0
  let totalNet = 0
  let totalCost = 0
  const costs = await unitCosts(ctx, [...wanted.keys()].map((lineId) => byId.get(lineId)!.productId))
  for (const [lineId, q] of wanted) {
    const ol = byId.get(lineId)!
    // cumulative rounding: the shipped parts of a line always add up to the line amount
    const amountFen = proportionFen(ol.amountFen, ol.shippedMilli + q, ol.qtyMilli) - proportionFen(ol.amountFen, ol.shippedMilli, ol.qtyMilli)
    const netFen = proportionFen(ol.netFen, ol.shippedMilli + q, ol.qtyMilli) - proportionFen(ol.netFen, ol.shippedMilli, ol.qtyMilli)
    // 成本: the product's cost price now, kept on the line (reports count margin at the cost of the day)
    const costFen = lineCostFen(q, costs.get(ol.productId) ?? 0)
    total += amountFen
    totalNet += netFen
    totalCost += costFen
    await shipmentLines(ctx.em).insert({
      shipmentId: saved.id,
      orderLineId: ol.id,
      productId: ol.productId,
      productCode: ol.productCode,
      productName: ol.productName,
      spec: ol.spec,
      unit: ol.unit,
      qtyMilli: q,
      price4: ol.price4,
      taxRate: ol.taxRate,
      amountFen,
      netFen,
      costFen,
      returnedMilli: 0,
      returnedFen: 0,
    })
    await orderLines(ctx.em).update({ id: ol.id }, { shippedMilli: ol.shippedMilli + q })
    await moveStock(ctx, ol.productId, -q, 'ship', { refType: 'shipment', refId: saved.id })
    await reserveStock(ctx, ol.productId, -q)
  }
  await shipments(ctx.em).update({ id: saved.id }, { totalFen: total, netFen: totalNet, costFen: totalCost })
  await bumpSalesSummary(ctx, shipDate, await shipmentLines(ctx.em).find({ where: { shipmentId: saved.id } }), 1, true)
  const created = await shipments(ctx.em).findOneByOrFail({ id: saved.id })
  const shippedLines = (await shipmentLines(ctx.em).find({ where: { shipmentId: saved.id }, order: { id: 'ASC' } })).map(qtyLineText)
  await audit(ctx, {
    entity: 'shipment',
    entityId: saved.id,
    action: 'create',
    summary: { key: 'audit.shipment.create', params: { number, order: order.number, total: formatFen(total) } },
    changes: [...diff(null, created, SHIPMENT_AUDIT_FIELDS), { field: 'lines', before: null, after: shippedLines }],
  })
  await refreshOrderShipping(ctx, order.id, total, 'ship', { key: 'audit.order.ship', params: { number, total: formatFen(total) } })
  return shipments(ctx.em).findOneByOrFail({ id: saved.id })
}

export async function updateShipment(ctx: Ctx, input: { id: number; version: number; carrier?: string | null; trackingNo?: string | null; remark?: string | null }) {
  const before = await loadShipment(ctx, input.id)
  if (before.version !== input.version) throw staleConflict('shipment', before)
  if (before.status === 'cancelled') throw appError('BUSINESS_RULE', 'shipment.cancelledNoEdit', { number: before.number })
  const { id, version, ...rest } = input
  const changes = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined))
  const res = await shipments(ctx.em).update({ id, version }, { ...changes, ...stamp(ctx), version: version + 1 })
  if (!res.affected) throw staleConflict('shipment', await shipments(ctx.em).findOneByOrFail({ id }))
  const after = await shipments(ctx.em).findOneByOrFail({ id })
  await audit(ctx, { entity: 'shipment', entityId: id, action: 'update', summary: { key: 'audit.shipment.update', params: { number: after.number } }, changes: diff(before, after, ['carrier', 'trackingNo', 'remark']) })
  return after
}

export async function confirmDelivered(ctx: Ctx, input: { id: number; version?: number; deliveredOn: string; signedBy?: string | null }) {
  const s = await loadShipment(ctx, input.id)
  if (input.version !== undefined && s.version !== input.version) throw staleConflict('shipment', s)
  if (s.status !== 'shipped') throw appError('BUSINESS_RULE', 'shipment.notDeliverable', { number: s.number, status: shipmentStatus(s.status) })
  if (input.deliveredOn < s.shipDate) throw fieldError('deliveredOn', 'shipment.deliveredBeforeShip')
  const res = await shipments(ctx.em).update(
    { id: s.id, version: s.version },
    { status: 'delivered', deliveredOn: input.deliveredOn, signedBy: input.signedBy ?? null, ...stamp(ctx), version: s.version + 1 },
  )
  if (!res.affected) throw staleConflict('shipment', await shipments(ctx.em).findOneByOrFail({ id: s.id }))
  const delivered = await shipments(ctx.em).findOneByOrFail({ id: s.id })
  await audit(ctx, { entity: 'shipment', entityId: s.id, action: 'deliver', summary: input.signedBy ? { key: 'audit.shipment.deliverSigned', params: { date: input.deliveredOn, signedBy: input.signedBy } } : { key: 'audit.shipment.deliver', params: { date: input.deliveredOn } }, changes: diff(s, delivered, SHIPMENT_AUDIT_FIELDS) })
  // 回访: an after-sales follow-up task for the salesperson, a few days after delivery
  const order = await orders(ctx.em).findOneByOrFail({ id: s.orderId })
  const customer = await ctx.em.getRepository(CustomerEntity).findOneByOrFail({ id: s.customerId })
  // the 回访 is the customer's current owner's to do (follow-ups are by customer: a salesperson follows up own
  // customers; one reassigned away would never see it), else the order's salesperson for a pool customer
  const salespersonId = customer.ownerId ?? order.salespersonId
  if (salespersonId) {
    const sp = await ctx.em.getRepository(UserEntity).findOneBy({ id: salespersonId })
    const { revisitDelayDays = 3 } = await getSetting<{ revisitDelayDays?: number }>(ctx, 'followUp', {})
    if (sp) {
      await createFollowUp(
        ctx,
        { customerId: s.customerId, type: 'revisit', content: `送货单 ${s.number}（订单 ${order.number}）已于 ${input.deliveredOn} 签收，请回访客户使用情况`, nextFollowUpOn: addDays(input.deliveredOn, revisitDelayDays) },
        { userId: sp.id, userName: sp.displayName, completePrevious: false },
      )
    }
  }
  return shipments(ctx.em).findOneByOrFail({ id: s.id })
}

export async function cancelShipment(ctx: Ctx, input: { id: number; version?: number; reason: string }) {
  const s = await loadShipment(ctx, input.id)
  if (input.version !== undefined && s.version !== input.version) throw staleConflict('shipment', s)
  if (s.status !== 'shipped') throw appError('BUSINESS_RULE', 'shipment.notCancellable', { number: s.number, status: shipmentStatus(s.status) })
  const hasReturns = await ctx.em.getRepository(SalesReturnEntity).countBy({ shipmentId: s.id, status: 'valid' })
  if (hasReturns) throw appError('BUSINESS_RULE', 'shipment.hasReturns', { number: s.number })
  if (s.invoicedFen > 0) throw appError('BUSINESS_RULE', 'shipment.invoiced', { number: s.number })
  const order = await orders(ctx.em).findOneByOrFail({ id: s.orderId })
  if (order.receivedFen > order.shippedFen - s.totalFen - order.returnedFen) {
    throw appError('BUSINESS_RULE', 'shipment.allocatedExceeds', { number: order.number })
  }
  const lines = await shipmentLines(ctx.em).find({ where: { shipmentId: s.id } })
  await bumpSalesSummary(ctx, s.shipDate, lines, -1, true)
  // the open quantity of a closed order will not ship, so it is not reserved again
  const reopen = !order.closeReason
  for (const l of lines) {
    const ol = await orderLines(ctx.em).findOneByOrFail({ id: l.orderLineId })
    await orderLines(ctx.em).update({ id: ol.id }, { shippedMilli: ol.shippedMilli - l.qtyMilli })
    await moveStock(ctx, l.productId, l.qtyMilli, 'ship_cancel', { refType: 'shipment', refId: s.id, reason: input.reason })
    if (reopen) await reserveStock(ctx, l.productId, l.qtyMilli)
  }
  const res = await shipments(ctx.em).update({ id: s.id, version: s.version }, { status: 'cancelled', cancelReason: input.reason, ...stamp(ctx), version: s.version + 1 })
  if (!res.affected) throw staleConflict('shipment', await shipments(ctx.em).findOneByOrFail({ id: s.id }))
  const cancelled = await shipments(ctx.em).findOneByOrFail({ id: s.id })
  await audit(ctx, { entity: 'shipment', entityId: s.id, action: 'cancel', summary: { key: 'audit.shipment.cancel', params: { reason: input.reason } }, changes: diff(s, cancelled, SHIPMENT_AUDIT_FIELDS) })
  await refreshOrderShipping(ctx, s.orderId, -s.totalFen, 'ship.cancel', { key: 'audit.order.shipCancel', params: { number: s.number, reason: input.reason } })
  return shipments(ctx.em).findOneByOrFail({ id: s.id })
}

export async function shipmentDetail(ctx: Ctx, s: Shipment) {
  const order = await orders(ctx.em).findOneByOrFail({ id: s.orderId })
  const customer = await ctx.em.getRepository(CustomerEntity).findOneByOrFail({ id: s.customerId })
  const lines = (await shipmentLines(ctx.em).find({ where: { shipmentId: s.id }, order: { id: 'ASC' } })).map((l) => ({
    id: l.id,
    orderLineId: l.orderLineId,
    productId: l.productId,
    productCode: l.productCode,
    productName: l.productName,
    spec: l.spec,
    unit: l.unit,
    quantity: qtyStr(l.qtyMilli),
    unitPrice: price4Str(l.price4),
    taxRate: l.taxRate,
    amountFen: l.amountFen,
    returned: qtyStr(l.returnedMilli),
    returnable: qtyStr(l.qtyMilli - l.returnedMilli),
  }))
  return { ...s, statusLabel: renderMessage(`enum.shipmentStatus.${s.status}`, undefined, ctx.locale), orderNumber: order.number, customerName: customer.name, promisedDate: order.promisedDate, lines }
}

export async function searchShipments(
  ctx: Ctx,
  input: { query?: string; customerId?: number; orderId?: number; status?: Shipment['status'] | Shipment['status'][]; dateFrom?: string; dateTo?: string; page: number; pageSize: number } & DrillFilters,
) {
  const scope = await ownerScope(ctx)
  const qb = shipments(ctx.em).createQueryBuilder('s').innerJoin('Customer', 'c', 'c.id = s.customerId').innerJoin('SalesOrder', 'o', 'o.id = s.orderId')
  if (scope !== null) qb.andWhere('(c.ownerId IS NULL OR c.ownerId IN (:...scope))', { scope })
  if (input.query) {
    const q = likeContains(normalizeQuery(input.query))
    qb.andWhere(`(LOWER(s.number) LIKE :q ${LIKE_ESCAPE} OR LOWER(o.number) LIKE :q ${LIKE_ESCAPE} OR c.searchText LIKE :q ${LIKE_ESCAPE} OR LOWER(s.trackingNo) LIKE :q ${LIKE_ESCAPE})`, { q })
  }
  if (input.customerId) qb.andWhere('s.customerId = :cid', { cid: input.customerId })
  if (input.orderId) qb.andWhere('s.orderId = :oid', { oid: input.orderId })
  if (input.status) {
    const list = Array.isArray(input.status) ? input.status : [input.status]
    if (list.length) qb.andWhere('s.status IN (:...st)', { st: list })
  }
  if (input.dateFrom) qb.andWhere('s.shipDate >= :df', { df: input.dateFrom })
  if (input.dateTo) qb.andWhere('s.shipDate <= :dt', { dt: input.dateTo })
  applyDrillFilters(qb, input, { customerId: 's.customerId', salespersonId: 'o.salespersonId', lines: { table: 'shipment_lines', fk: 'shipmentId', docId: 's.id' } })
  qb.orderBy('s.shipDate', 'DESC').addOrderBy('s.id', 'DESC')
  const total = await qb.getCount()
  const rows = await qb.offset((input.page - 1) * input.pageSize).limit(input.pageSize).getMany()
  const oids = [...new Set(rows.map((r) => r.orderId))]
  const cids = [...new Set(rows.map((r) => r.customerId))]
  const os = oids.length ? await orders(ctx.em).find({ where: { id: In(oids) }, select: { id: true, number: true, promisedDate: true } }) : []
  const cs = cids.length ? await ctx.em.getRepository(CustomerEntity).find({ where: { id: In(cids) }, select: { id: true, name: true } }) : []
  const on = new Map(os.map((o) => [o.id, o]))
  const cn = new Map(cs.map((c) => [c.id, c.name]))
  return {
    items: rows.map((s) => ({ ...s, statusLabel: renderMessage(`enum.shipmentStatus.${s.status}`, undefined, ctx.locale), orderNumber: on.get(s.orderId)?.number ?? '', promisedDate: on.get(s.orderId)?.promisedDate ?? null, customerName: cn.get(s.customerId) ?? '' })),
    total,
  }
}

// ---------- returns ----------

export async function createReturn(ctx: Ctx, input: { shipmentId: number; lines: { shipmentLineId: number; quantity: string }[]; reason: string; returnedOn?: string }) {
  const s = await loadShipment(ctx, input.shipmentId)
  if (s.status === 'cancelled') throw appError('BUSINESS_RULE', 'shipment.cancelledNoReturn', { number: s.number })
  const returnedOn = input.returnedOn ?? ctx.today()
  if (returnedOn < s.shipDate) throw fieldError('returnedOn', 'shipment.returnBeforeShip')
  const lines = await shipmentLines(ctx.em).find({ where: { shipmentId: s.id } })
  const byId = new Map(lines.map((l) => [l.id, l]))
  const wanted = new Map<number, number>()
  for (const [i, l] of input.lines.entries()) {
    const sl = byId.get(l.shipmentLineId)
    if (!sl) throw lineError(i, 'shipmentLineId', 'shipment.notShipmentLine')
    const q = toMilli(l.quantity)
    if (q < 0) throw lineError(i, 'quantity', 'shipment.qtyNegative')
    if (q > 0) wanted.set(sl.id, (wanted.get(sl.id) ?? 0) + q)
  }
  if (!wanted.size) throw fieldError('lines', 'shipment.returnAllZero')
  for (const [id, q] of wanted) {
    const sl = byId.get(id)!
    const can = sl.qtyMilli - sl.returnedMilli
    if (q > can) throw appError('BUSINESS_RULE', 'shipment.overReturn', { product: sl.productName, qty: fromMilli(q), can: fromMilli(can), unit: sl.unit }, { shipmentLineId: id, returnable: fromMilli(can) })
  }
  const number = await nextNumber(ctx, 'RT', { date: returnedOn, taken: (n) => ctx.em.getRepository(SalesReturnEntity).existsBy({ number: n }) })
  const now = ctx.now().toISOString()
  const repo = ctx.em.getRepository(SalesReturnEntity)
  const saved = await repo.save(
    repo.create({ number, shipmentId: s.id, orderId: s.orderId, customerId: s.customerId, returnedOn, reason: input.reason, totalFen: 0, createdAt: now, createdById: ctx.user.id, ...stamp(ctx), version: 1 }),
  )
  let total = 0
  let totalNet = 0
  let totalCost = 0
  for (const [id, q] of wanted) {
    const sl = byId.get(id)!
    const amountFen = proportionFen(sl.amountFen, sl.returnedMilli + q, sl.qtyMilli) - proportionFen(sl.amountFen, sl.returnedMilli, sl.qtyMilli)
    // net and cost: the returned part of the shipment line's (returns at their original cost)
    const netFen = proportionFen(sl.netFen, sl.returnedMilli + q, sl.qtyMilli) - proportionFen(sl.netFen, sl.returnedMilli, sl.qtyMilli)
    const costFen = proportionFen(sl.costFen, sl.returnedMilli + q, sl.qtyMilli) - proportionFen(sl.costFen, sl.returnedMilli, sl.qtyMilli)
    total += amountFen
    totalNet += netFen
    totalCost += costFen
    await ctx.em.getRepository(SalesReturnLineEntity).insert({ returnId: saved.id, shipmentLineId: sl.id, orderLineId: sl.orderLineId, productId: sl.productId, productName: sl.productName, unit: sl.unit, qtyMilli: q, amountFen, netFen, costFen })
    await shipmentLines(ctx.em).update({ id: sl.id }, { returnedMilli: sl.returnedMilli + q, returnedFen: sl.returnedFen + amountFen })
    const ol = await orderLines(ctx.em).findOneByOrFail({ id: sl.orderLineId })
    await orderLines(ctx.em).update({ id: ol.id }, { returnedMilli: ol.returnedMilli + q })
    await moveStock(ctx, sl.productId, q, 'return', { refType: 'return', refId: saved.id, reason: input.reason })
  }
  await repo.update({ id: saved.id }, { totalFen: total, netFen: totalNet, costFen: totalCost })
  await bumpSalesSummary(ctx, returnedOn, await ctx.em.getRepository(SalesReturnLineEntity).find({ where: { returnId: saved.id } }), -1, false)
  const created = await repo.findOneByOrFail({ id: saved.id })
  const returnedLines = (await ctx.em.getRepository(SalesReturnLineEntity).find({ where: { returnId: saved.id }, order: { id: 'ASC' } })).map(qtyLineText)
  await shipments(ctx.em).update({ id: s.id }, { returnedFen: s.returnedFen + total })
  const order = await orders(ctx.em).findOneByOrFail({ id: s.orderId })
  await orders(ctx.em).update({ id: order.id }, { returnedFen: order.returnedFen + total })
  await audit(ctx, {
    entity: 'return',
    entityId: saved.id,
    action: 'create',
    summary: { key: 'audit.return.create', params: { number, shipment: s.number, total: formatFen(total), reason: input.reason } },
    changes: [...diff(null, created, RETURN_AUDIT_FIELDS), { field: 'lines', before: null, after: returnedLines }],
  })
  await audit(ctx, { entity: 'shipment', entityId: s.id, action: 'return', summary: { key: 'audit.return.onShipment', params: { number, total: formatFen(total), reason: input.reason } }, changes: { returnedFen: { before: s.returnedFen, after: s.returnedFen + total } } })
  await audit(ctx, { entity: 'order', entityId: order.id, action: 'return', summary: { key: 'audit.return.onOrder', params: { number, total: formatFen(total) } }, changes: { returnedFen: { before: order.returnedFen, after: order.returnedFen + total } } })
  await maybeComplete(ctx, order.id)
  return repo.findOneByOrFail({ id: saved.id })
}

/**
 * 作废退货单 with a reason (the number stays): the returned goods go back out of stock (never below zero unless
 * the setting allows it), the shipment and order lines count them as not returned, and the receivable rises again
 * (order and shipment returnedFen fall by the return's amount); a completed order reopens.
 */
export async function voidReturn(ctx: Ctx, input: { id: number; version?: number; reason: string }) {
  const repo = ctx.em.getRepository(SalesReturnEntity)
  const r = await repo.findOneBy({ id: input.id })
  if (!r) throw notFound('退货单')
  const s = await loadShipment(ctx, r.shipmentId)
  if (input.version !== undefined && r.version !== input.version) throw staleConflict('return', r)
  if (r.status === 'voided') throw appError('BUSINESS_RULE', 'shipment.returnVoided', { number: r.number })
  const res = await repo.update({ id: r.id, version: r.version }, { status: 'voided', voidReason: input.reason, ...stamp(ctx), version: r.version + 1 })
  if (!res.affected) throw staleConflict('return', await repo.findOneByOrFail({ id: r.id }))
  const lines = await ctx.em.getRepository(SalesReturnLineEntity).find({ where: { returnId: r.id }, order: { id: 'ASC' } })
  await bumpSalesSummary(ctx, r.returnedOn, lines, 1, false)
  for (const l of lines) {
    const sl = await shipmentLines(ctx.em).findOneByOrFail({ id: l.shipmentLineId })
    await shipmentLines(ctx.em).update({ id: sl.id }, { returnedMilli: sl.returnedMilli - l.qtyMilli, returnedFen: sl.returnedFen - l.amountFen })
    const ol = await orderLines(ctx.em).findOneByOrFail({ id: l.orderLineId })
    await orderLines(ctx.em).update({ id: ol.id }, { returnedMilli: ol.returnedMilli - l.qtyMilli })
    await moveStock(ctx, l.productId, -l.qtyMilli, 'return_void', { refType: 'return', refId: r.id, reason: input.reason })
  }
  await shipments(ctx.em).update({ id: s.id }, { returnedFen: s.returnedFen - r.totalFen })
  const order = await orders(ctx.em).findOneByOrFail({ id: r.orderId })
  await orders(ctx.em).update({ id: order.id }, { returnedFen: order.returnedFen - r.totalFen })
  const after = await repo.findOneByOrFail({ id: r.id })
  const text = { key: 'audit.order.returnVoid', params: { number: r.number, total: formatFen(r.totalFen), reason: input.reason } } satisfies Summary
  await audit(ctx, { entity: 'return', entityId: r.id, action: 'void', summary: { key: 'audit.return.void', params: { reason: input.reason } }, changes: diff(r, after, RETURN_AUDIT_FIELDS) })
  await audit(ctx, { entity: 'shipment', entityId: s.id, action: 'return.void', summary: text, changes: [{ field: 'returnedFen', before: s.returnedFen, after: s.returnedFen - r.totalFen }] })
  await audit(ctx, { entity: 'order', entityId: order.id, action: 'return.void', summary: text, changes: [{ field: 'returnedFen', before: order.returnedFen, after: order.returnedFen - r.totalFen }] })
  await reopenIfIncomplete(ctx, order.id, text)
  return after
}

export async function returnDetail(ctx: Ctx, id: number) {
  const r = await ctx.em.getRepository(SalesReturnEntity).findOneBy({ id })
  if (!r) throw notFound('退货单')
  const s = await loadShipment(ctx, r.shipmentId)
  const order = await orders(ctx.em).findOneByOrFail({ id: r.orderId })
  const customer = await ctx.em.getRepository(CustomerEntity).findOneByOrFail({ id: r.customerId })
  const lines = (await ctx.em.getRepository(SalesReturnLineEntity).find({ where: { returnId: r.id }, order: { id: 'ASC' } })).map((l) => ({
    id: l.id,
    shipmentLineId: l.shipmentLineId,
    productId: l.productId,
    productName: l.productName,
    unit: l.unit,
    quantity: qtyStr(l.qtyMilli),
    amountFen: l.amountFen,
  }))
  return { ...r, shipmentNumber: s.number, orderNumber: order.number, customerName: customer.name, lines }
}

export type { SalesOrder }
