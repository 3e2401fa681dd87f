import { z } from 'zod'
import { issue, msgRef, renderMessage } from '../i18n/i18n'
import { In } from 'typeorm'
import { defineMethod, type Ctx } from '../contract/method'
import { can, SHIPMENT_CREATE_FIELDS } from '../auth/permissions'
import { hideAs, requireCustomerScope, requireFields } from '../auth/authorize'
import { loadOrder } from '../order/order.service'
import { appError, fieldError, notFound, staleConflict } from '../contract/errors'
import { dateStr, fen, id, nonNegFen, optionalText, pageOf, paging, quantityStr, requiredText, version, trackedOut } from '../contract/types'
import { audit, diff } from '../audit/audit.service'
import { ownerScope } from '../auth/scope'
import { CustomerEntity } from '../customer/customer.entity'
import { loadVisible } from '../customer/customer.service'
import { formatFen } from '../money/money'
import { SalesOrderEntity } from '../order/order.entity'
import { applyPrepayments, prepayments } from '../receipt/receipt.service'
import { INVOICE_KINDS, InvoiceRecordEntity, type InvoiceRecord, SalesReturnEntity, SHIPMENT_STATUSES, ShipmentEntity, VOIDABLE_STATUSES } from './shipment.entity'
import { AuditLogEntity } from '../audit/audit.entity'
import * as svc from './shipment.service'
import { openTaxByShipment, taxOfParts } from './invoice-tax'
import { drillFilterShape as drillFilters } from '../report/drill-filters'


const shipmentOut = z.object({
  id: z.number(),
  number: z.string(),
  orderId: z.number(),
  orderNumber: z.string(),
  customerId: z.number(),
  customerName: z.string(),
  shipDate: z.string(),
  dueDate: z.string(),
  promisedDate: z.string().nullable(),
  carrier: z.string().nullable(),
  trackingNo: z.string().nullable(),
  addressId: z.number().nullable(),
  receiver: z.string().nullable(),
  receiverPhone: z.string().nullable(),
  address: z.string().nullable(),
  status: z.enum(SHIPMENT_STATUSES),
  statusLabel: z.string(),
  deliveredOn: z.string().nullable(),
  signedBy: z.string().nullable(),
  totalFen: z.number(),
  returnedFen: z.number(),
  invoicedFen: z.number(),
  remark: z.string().nullable(),
  cancelReason: z.string().nullable(),
  ...trackedOut,
})
const shipmentDetailOut = shipmentOut.extend({
  lines: z.array(
    z.object({
      id: z.number(),
      orderLineId: z.number(),
      productId: z.number(),
      productCode: z.string(),
      productName: z.string(),
      spec: z.string().nullable(),
      unit: z.string(),
      quantity: z.string(),
      unitPrice: z.string(),
      taxRate: z.number(),
      amountFen: z.number(),
      returned: z.string(),
      returnable: z.string(),
    }),
  ),
})

const returnOut = z.object({
  id: z.number(),
  number: z.string(),
  shipmentId: z.number(),
  shipmentNumber: z.string(),
  orderId: z.number(),
  orderNumber: z.string(),
  customerId: z.number(),
  customerName: z.string(),
  returnedOn: z.string(),
  reason: z.string(),
  totalFen: z.number(),
  status: z.enum(VOIDABLE_STATUSES),
  voidReason: z.string().nullable(),
  createdAt: z.string(),
  updatedByName: z.string().nullable(),
  version: z.number(),
  lines: z.array(z.object({ id: z.number(), shipmentLineId: z.number(), productId: z.number(), productName: z.string(), unit: z.string(), quantity: z.string(), amountFen: z.number() })),
})

const invoiceOut = z.object({
  id: z.number(),
  customerId: z.number(),
  customerName: z.string(),
  invoiceNo: z.string(),
  kind: z.enum(INVOICE_KINDS),
  kindLabel: z.string(),
  issuedOn: z.string(),
  amountFen: z.number(),
  taxFen: z.number(),
  shipmentIds: z.array(z.number()),
  remark: z.string().nullable(),
  status: z.enum(VOIDABLE_STATUSES),
  voidReason: z.string().nullable(),
  createdAt: z.string(),
  updatedByName: z.string().nullable(),
  version: z.number(),
})

async function invoiceRows(ctx: Ctx, rows: InvoiceRecord[]) {
  const cids = [...new Set(rows.map((r) => r.customerId))]
  const cs = cids.length ? await ctx.em.getRepository(CustomerEntity).find({ where: { id: In(cids) }, select: { id: true, name: true } }) : []
  const cn = new Map(cs.map((c) => [c.id, c.name]))
  return rows.map(({ shipmentParts: _parts, ...r }) => ({ ...r, customerName: cn.get(r.customerId) ?? '', kindLabel: renderMessage(`enum.invoiceKind.${r.kind}`, undefined, ctx.locale), shipmentIds: r.shipmentIds.split(',').filter(Boolean).map(Number) }))
}

const voidIn = z.object({ id, version: version.optional(), reason: requiredText('作废原因', 500) })
const INVOICE_AUDIT_FIELDS = ['customerId', 'invoiceNo', 'kind', 'issuedOn', 'amountFen', 'taxFen', 'shipmentIds', 'remark', 'status', 'voidReason'] as const
type InvoicePart = { shipmentId: number; amountFen: number }

/** How an invoice's amount was spread over its shipments; for records from before shipmentParts, from the shipments' operation log. */
async function invoiceParts(ctx: Ctx, inv: InvoiceRecord): Promise<InvoicePart[]> {
  if (inv.shipmentParts) return JSON.parse(inv.shipmentParts) as InvoicePart[]
  const ids = inv.shipmentIds.split(',').filter(Boolean).map(Number)
  if (!ids.length) return []
  const rows = await ctx.em.getRepository(AuditLogEntity).find({ where: { entity: 'shipment', action: 'invoice', entityId: In(ids) } })
  return rows
    .filter((r) => r.summary?.startsWith(`开票 ${inv.invoiceNo}，`) && r.changes)
    .map((r) => {
      const c = JSON.parse(r.changes!) as { invoicedFen: { before: number; after: number } }
      return { shipmentId: r.entityId, amountFen: c.invoicedFen.after - c.invoicedFen.before }
    })
}

/**
 * 作废 / 红冲 an invoice record with a reason (the record stays): what it put on each shipment and order is taken
 * off again, so the uninvoiced amount (未开票金额) grows back by the invoice's amount.
 */
async function voidInvoice(ctx: Ctx, input: z.output<typeof voidIn>) {
  const repo = ctx.em.getRepository(InvoiceRecordEntity)
  const inv = await repo.findOneBy({ id: input.id })
  if (!inv) throw notFound('发票记录')
  await loadVisible(ctx, inv.customerId).catch(() => {
    throw notFound('发票记录')
  })
  if (input.version !== undefined && inv.version !== input.version) throw staleConflict('invoice', inv)
  if (inv.status === 'voided') throw appError('BUSINESS_RULE', 'invoice.voided', { number: inv.invoiceNo })
  const res = await repo.update({ id: inv.id, version: inv.version }, { status: 'voided', voidReason: input.reason, updatedAt: ctx.now().toISOString(), updatedById: ctx.user.id, updatedByName: ctx.user.displayName, version: inv.version + 1 })
  if (!res.affected) throw staleConflict('invoice', await repo.findOneByOrFail({ id: inv.id }))
  for (const part of await invoiceParts(ctx, inv)) {
    const s = await ctx.em.getRepository(ShipmentEntity).findOneByOrFail({ id: part.shipmentId })
    const sAfter = Math.max(0, s.invoicedFen - part.amountFen)
    await ctx.em.getRepository(ShipmentEntity).update({ id: s.id }, { invoicedFen: sAfter })
    const o = await ctx.em.getRepository(SalesOrderEntity).findOneByOrFail({ id: s.orderId })
    const oAfter = Math.max(0, o.invoicedFen - part.amountFen)
    await ctx.em.getRepository(SalesOrderEntity).update({ id: o.id }, { invoicedFen: oAfter })
    await audit(ctx, { entity: 'shipment', entityId: s.id, action: 'invoice.void', summary: { key: 'audit.invoice.voidOnShipment', params: { invoiceNo: inv.invoiceNo, amount: formatFen(part.amountFen), reason: input.reason } }, changes: [{ field: 'invoicedFen', before: s.invoicedFen, after: sAfter }] })
    await audit(ctx, { entity: 'order', entityId: o.id, action: 'invoice.void', summary: { key: 'audit.invoice.voidOnOrder', params: { invoiceNo: inv.invoiceNo, amount: formatFen(part.amountFen), shipment: s.number, reason: input.reason } }, changes: [{ field: 'invoicedFen', before: o.invoicedFen, after: oAfter }] })
  }
  const after = await repo.findOneByOrFail({ id: inv.id })
  await audit(ctx, { entity: 'invoice', entityId: inv.id, action: 'void', summary: { key: 'audit.invoice.void', params: { invoiceNo: inv.invoiceNo, reason: input.reason } }, changes: diff(inv, after, INVOICE_AUDIT_FIELDS) })
  return after
}

/**
 * What a customer has been shipped and not yet invoiced: every shipment not cancelled, net of returns and of
 * what invoices put on it, less the valid invoices recorded without a shipment (they are on no shipment).
 */
async function customerUninvoicedFen(ctx: Ctx, customerId: number): Promise<number> {
  const shipped = await ctx.em
    .getRepository(ShipmentEntity)
    .createQueryBuilder('s')
    .select('COALESCE(SUM(s.totalFen - s.returnedFen - s.invoicedFen), 0)', 'v')
    .where("s.customerId = :customerId AND s.status <> 'cancelled'", { customerId })
    .getRawOne<{ v: string | number }>()
  const loose = await ctx.em
    .getRepository(InvoiceRecordEntity)
    .createQueryBuilder('i')
    .select('COALESCE(SUM(i.amountFen), 0)', 'v')
    .where("i.customerId = :customerId AND i.shipmentIds = '' AND i.status = 'valid'", { customerId })
    .getRawOne<{ v: string | number }>()
  return Number(shipped?.v ?? 0) - Number(loose?.v ?? 0)
}

const SHIPMENT_CREATE_PERMISSION = can('shipping', SHIPMENT_CREATE_FIELDS)

/** A shipment the caller may see and work on (a salesperson: own customers' shipments; permissions.ts). */
async function shipping<T extends { id: number }>(ctx: Ctx, input: T): Promise<T> {
  await requireCustomerScope(ctx, 'shipping', (await svc.loadShipment(ctx, input.id)).customerId)
  return input
}

/** A return whose shipment the caller may see; someone else's answers like an unknown id. */
async function loadReturn(ctx: Ctx, returnId: number) {
  const r = await ctx.em.getRepository(SalesReturnEntity).findOneBy({ id: returnId })
  if (!r) throw notFound('退货单')
  await hideAs('退货单', svc.loadShipment(ctx, r.shipmentId))
  return r
}

export const shipmentMethods = [
  defineMethod({
    name: 'shipment.create',
    summary: 'Ship part or all of an approved order; lowers stock and the reservation; may apply prepayments',
    ...SHIPMENT_CREATE_PERMISSION,
    write: true,
    input: z.object({
      orderId: id,
      lines: z.array(z.object({ orderLineId: id, quantity: quantityStr })).min(1, issue('shipment.linesMin')).max(500),
      shipDate: dateStr.optional(),
      carrier: optionalText(50),
      trackingNo: optionalText(60),
      addressId: id.nullish(),
      remark: optionalText(1000),
      applyPrepayment: z.boolean().default(false),
    }),
    output: shipmentDetailOut.extend({ prepaymentAppliedFen: z.number(), prepaymentAvailableFen: z.number() }),
    async handler(ctx, input) {
      // a salesperson ships own customers' orders only; applying prepayments (核销) is finance's (permissions.ts)
      await requireCustomerScope(ctx, 'shipping', (await loadOrder(ctx, input.orderId)).customerId)
      requireFields(ctx, SHIPMENT_CREATE_PERMISSION, input.applyPrepayment ? { applyPrepayment: true } : {})
      const s = await svc.createShipment(ctx, input)
      const applied = input.applyPrepayment ? await applyPrepayments(ctx, s.orderId) : 0
      const available = (await prepayments(ctx, s.customerId)).reduce((t, r) => t + r.amountFen - r.allocatedFen, 0)
      return { ...(await svc.shipmentDetail(ctx, s)), prepaymentAppliedFen: applied, prepaymentAvailableFen: available }
    },
  }),
  defineMethod({
    name: 'shipment.update',
    summary: 'Carrier, tracking number, remark',
    ...can('shipping'),
    write: true,
    // what is left out stays as it is (optionalText alone would turn it into null and clear it)
    input: z.object({ id, version, carrier: optionalText(50).optional(), trackingNo: optionalText(60).optional(), remark: optionalText(1000).optional() }),
    output: shipmentDetailOut,
    handler: async (ctx, input) => svc.shipmentDetail(ctx, await svc.updateShipment(ctx, await shipping(ctx, input))),
  }),
  defineMethod({
    name: 'shipment.confirmDelivered',
    summary: 'Record delivery; creates a 回访 follow-up for the salesperson',
    ...can('shipping'),
    write: true,
    input: z.object({ id, version: version.optional(), deliveredOn: dateStr, signedBy: optionalText(50) }),
    output: shipmentDetailOut,
    handler: async (ctx, input) => svc.shipmentDetail(ctx, await svc.confirmDelivered(ctx, await shipping(ctx, input))),
  }),
  defineMethod({
    name: 'shipment.cancel',
    summary: 'Only before delivery is confirmed; restores stock and the order',
    ...can('shipping'),
    write: true,
    input: z.object({ id, version: version.optional(), reason: requiredText('作废原因', 500) }),
    output: shipmentDetailOut,
    handler: async (ctx, input) => svc.shipmentDetail(ctx, await svc.cancelShipment(ctx, await shipping(ctx, input))),
  }),
  defineMethod({
    name: 'shipment.get',
    ...can('read'),
    write: false,
    input: z.object({ id }),
    output: shipmentDetailOut,
    handler: async (ctx, input) => svc.shipmentDetail(ctx, await svc.loadShipment(ctx, input.id)),
  }),
  defineMethod({
    name: 'shipment.search',
    ...can('read'),
    write: false,
    input: z.object({
      query: z.string().max(100).optional(),
      customerId: id.optional(),
      orderId: id.optional(),
      status: z.union([z.enum(SHIPMENT_STATUSES), z.array(z.enum(SHIPMENT_STATUSES)).max(3)]).optional(),
      dateFrom: dateStr.optional(),
      dateTo: dateStr.optional(),
      ...drillFilters,
      ...paging,
    }),
    output: pageOf(shipmentOut),
    handler: (ctx, input) => svc.searchShipments(ctx, input),
  }),

  defineMethod({
    name: 'return.create',
    summary: 'Goods back against a shipment: restocks, reduces the receivable',
    ...can('shipping'),
    write: true,
    input: z.object({
      shipmentId: id,
      lines: z.array(z.object({ shipmentLineId: id, quantity: quantityStr })).min(1).max(500),
      reason: requiredText('退货原因', 500),
      returnedOn: dateStr.optional(),
    }),
    output: returnOut,
    async handler(ctx, input) {
      await requireCustomerScope(ctx, 'shipping', (await svc.loadShipment(ctx, input.shipmentId)).customerId)
      return svc.returnDetail(ctx, (await svc.createReturn(ctx, input)).id)
    },
  }),
  defineMethod({
    name: 'return.void',
    summary: '作废退货单 with a reason (the number stays): the goods go back out of stock, the receivable rises again',
    ...can('shipping'),
    write: true,
    input: voidIn,
    output: returnOut,
    async handler(ctx, input) {
      await requireCustomerScope(ctx, 'shipping', (await loadReturn(ctx, input.id)).customerId)
      return svc.returnDetail(ctx, (await svc.voidReturn(ctx, input)).id)
    },
  }),
  defineMethod({
    name: 'return.get',
    ...can('read'),
    write: false,
    input: z.object({ id }),
    output: returnOut,
    // someone else's return answers like an unknown id (退货单不存在), not with its shipment's message
    handler: (ctx, input) => hideAs('退货单', svc.returnDetail(ctx, input.id)),
  }),
  defineMethod({
    name: 'return.search',
    ...can('read'),
    write: false,
    input: z.object({ customerId: id.optional(), shipmentId: id.optional(), orderId: id.optional(), ...paging }),
    output: pageOf(returnOut),
    async handler(ctx, input) {
      const scope = await ownerScope(ctx)
      const qb = ctx.em.getRepository(SalesReturnEntity).createQueryBuilder('r').innerJoin('Customer', 'c', 'c.id = r.customerId')
      if (scope !== null) qb.andWhere('(c.ownerId IS NULL OR c.ownerId IN (:...scope))', { scope })
      if (input.customerId) qb.andWhere('r.customerId = :cid', { cid: input.customerId })
      if (input.shipmentId) qb.andWhere('r.shipmentId = :sid', { sid: input.shipmentId })
      if (input.orderId) qb.andWhere('r.orderId = :oid', { oid: input.orderId })
      qb.orderBy('r.returnedOn', 'DESC').addOrderBy('r.id', 'DESC')
      const [rows, total] = await qb.skip((input.page - 1) * input.pageSize).take(input.pageSize).getManyAndCount()
      const items = []
      for (const r of rows) items.push(await svc.returnDetail(ctx, r.id))
      return { items, total }
    },
  }),

  defineMethod({
    name: 'invoice.create',
    summary: 'Record an invoice issued outside Kedan (专票/普票/数电票) against shipped goods',
    ...can('financeDocs'),
    write: true,
    input: z.object({
      customerId: id,
      invoiceNo: requiredText('发票号码', 40),
      kind: z.enum(INVOICE_KINDS),
      issuedOn: dateStr,
      amountFen: fen.refine((v) => v > 0, issue('invoice.amountPositive')),
      /** left out: the tax of the named shipments' lines as the order computed it (invoice.suggest), else 0 */
      taxFen: nonNegFen.optional(),
      shipmentIds: z.array(id).max(200).optional(),
      remark: optionalText(500),
    }),
    output: invoiceOut,
    async handler(ctx, input) {
      await loadVisible(ctx, input.customerId)
      if (input.taxFen !== undefined && input.taxFen > input.amountFen) throw fieldError('taxFen', 'invoice.taxOverTotal')
      const repo = ctx.em.getRepository(InvoiceRecordEntity)
      // a voided record does not block registering the same number again (e.g. after a typing mistake in the amount)
      const dup = await repo.findOneBy({ invoiceNo: input.invoiceNo, customerId: input.customerId, status: 'valid' })
      if (dup) throw appError('CONFLICT', 'invoice.numberTaken', { number: input.invoiceNo }, { existingId: dup.id })
      // spread the invoice over the named shipments, oldest first, up to what each still has uninvoiced
      let left = input.amountFen
      const parts: InvoicePart[] = []
      const ships = input.shipmentIds?.length ? await ctx.em.getRepository(ShipmentEntity).find({ where: { id: In(input.shipmentIds) }, order: { shipDate: 'ASC', id: 'ASC' } }) : []
      // a shipment of another customer answers like an unknown one: neither its number nor that it exists
      const missing = [...new Set(input.shipmentIds ?? [])].filter((sid) => !ships.some((s) => s.id === sid && s.customerId === input.customerId))
      if (missing.length) throw fieldError('shipmentIds', 'invoice.shipmentsUnknown', undefined, 'VALIDATION', { missing })
      for (const s of ships) {
        if (s.status === 'cancelled') throw appError('BUSINESS_RULE', 'invoice.shipmentCancelled', { number: s.number })
      }
      const totalOpen = ships.reduce((t, s) => t + (s.totalFen - s.returnedFen - s.invoicedFen), 0)
      if (ships.length && input.amountFen > totalOpen) throw appError('BUSINESS_RULE', 'invoice.overShipments', { amount: formatFen(input.amountFen), open: formatFen(totalOpen) })
      if (!ships.length) {
        const open = await customerUninvoicedFen(ctx, input.customerId)
        if (input.amountFen > open) throw appError('BUSINESS_RULE', 'invoice.overCustomer', { amount: formatFen(input.amountFen), open: formatFen(Math.max(0, open)) }, { uninvoicedFen: open })
      }
      const openTax = await openTaxByShipment(ctx, ships)
      for (const s of ships) {
        const part = Math.min(left, s.totalFen - s.returnedFen - s.invoicedFen)
        if (part <= 0) continue
        await ctx.em.getRepository(ShipmentEntity).update({ id: s.id }, { invoicedFen: s.invoicedFen + part })
        const o = await ctx.em.getRepository(SalesOrderEntity).findOneByOrFail({ id: s.orderId })
        await ctx.em.getRepository(SalesOrderEntity).update({ id: o.id }, { invoicedFen: o.invoicedFen + part })
        await audit(ctx, { entity: 'shipment', entityId: s.id, action: 'invoice', summary: { key: 'audit.invoice.onShipment', params: { invoiceNo: input.invoiceNo, amount: formatFen(part) } }, changes: { invoicedFen: { before: s.invoicedFen, after: s.invoicedFen + part } } })
        await audit(ctx, { entity: 'order', entityId: o.id, action: 'invoice', summary: { key: 'audit.invoice.onOrder', params: { invoiceNo: input.invoiceNo, amount: formatFen(part), shipment: s.number } }, changes: { invoicedFen: { before: o.invoicedFen, after: o.invoicedFen + part } } })
        left -= part
        parts.push({ shipmentId: s.id, amountFen: part })
      }
      const taxFen = input.taxFen ?? taxOfParts(openTax, parts)
      const now = ctx.now().toISOString()
      const saved = await repo.save(
        repo.create({
          customerId: input.customerId,
          invoiceNo: input.invoiceNo,
          kind: input.kind,
          issuedOn: input.issuedOn,
          amountFen: input.amountFen,
          taxFen,
          shipmentIds: ships.length ? `,${ships.map((s) => s.id).join(',')},` : '',
          shipmentParts: JSON.stringify(parts),
          remark: input.remark ?? null,
          status: 'valid',
          voidReason: null,
          createdAt: now,
          createdById: ctx.user.id,
          updatedAt: now,
          updatedById: ctx.user.id,
          updatedByName: ctx.user.displayName,
          version: 1,
        }),
      )
      await audit(ctx, { entity: 'invoice', entityId: saved.id, action: 'create', summary: { key: 'audit.invoice.create', params: { kind: msgRef(`enum.invoiceKind.${input.kind}`), invoiceNo: input.invoiceNo, amount: formatFen(input.amountFen) } }, changes: diff(null, saved, INVOICE_AUDIT_FIELDS) })
      return (await invoiceRows(ctx, [saved]))[0]!
    },
  }),
  defineMethod({
    name: 'invoice.suggest',
    summary: "What invoicing these shipments comes to: their uninvoiced amount and the tax of their lines as the order computed it",
    ...can('financeDocs'),
    write: false,
    input: z.object({ customerId: id, shipmentIds: z.array(id).min(1).max(200) }),
    output: z.object({ amountFen: z.number(), taxFen: z.number(), shipments: z.array(z.object({ id: z.number(), number: z.string(), openFen: z.number(), taxFen: z.number() })) }),
    async handler(ctx, input) {
      await loadVisible(ctx, input.customerId)
      const ships = await ctx.em.getRepository(ShipmentEntity).find({ where: { id: In(input.shipmentIds), customerId: input.customerId }, order: { shipDate: 'ASC', id: 'ASC' } })
      const live = ships.filter((s) => s.status !== 'cancelled')
      const open = await openTaxByShipment(ctx, live)
      const rows = live.map((s) => ({ id: s.id, number: s.number, ...open.get(s.id)! }))
      return { amountFen: rows.reduce((t, r) => t + r.openFen, 0), taxFen: rows.reduce((t, r) => t + r.taxFen, 0), shipments: rows }
    },
  }),
  defineMethod({
    name: 'invoice.void',
    summary: '作废 / 红冲 an invoice record with a reason (the record stays): the uninvoiced amount grows back',
    ...can('financeDocs'),
    write: true,
    input: voidIn,
    output: invoiceOut,
    handler: async (ctx, input) => (await invoiceRows(ctx, [await voidInvoice(ctx, input)]))[0]!,
  }),
  defineMethod({
    name: 'invoice.search',
    ...can('read'),
    write: false,
    input: z.object({ customerId: id.optional(), dateFrom: dateStr.optional(), dateTo: dateStr.optional(), ...paging }),
    output: pageOf(invoiceOut),
    async handler(ctx, input) {
      const scope = await ownerScope(ctx)
      const qb = ctx.em.getRepository(InvoiceRecordEntity).createQueryBuilder('i').innerJoin('Customer', 'c', 'c.id = i.customerId')
      if (scope !== null) qb.andWhere('(c.ownerId IS NULL OR c.ownerId IN (:...scope))', { scope })
      if (input.customerId) qb.andWhere('i.customerId = :cid', { cid: input.customerId })
      if (input.dateFrom) qb.andWhere('i.issuedOn >= :df', { df: input.dateFrom })
      if (input.dateTo) qb.andWhere('i.issuedOn <= :dt', { dt: input.dateTo })
      qb.orderBy('i.issuedOn', 'DESC').addOrderBy('i.id', 'DESC')
      const [rows, total] = await qb.skip((input.page - 1) * input.pageSize).take(input.pageSize).getManyAndCount()
      return { items: await invoiceRows(ctx, rows), total }
    },
  }),
]
