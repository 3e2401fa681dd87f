import { In } from 'typeorm'
import type { AnyMethod, Ctx } from '../contract/method'
import { appError } from '../contract/errors'
import { AuditLogEntity } from '../audit/audit.entity'
import type { Summary } from '../audit/audit.service'
import { DEFAULT_LOCALE, msgRef, renderMessage, type Locale } from '../i18n/i18n'
import { ContactEntity, CustomerEntity, ShippingAddressEntity } from '../customer/customer.entity'
import { SalesOrderEntity, SalesOrderLineEntity } from '../order/order.entity'
import { bpStr, formatFen, fromMilli, toMilli } from '../money/money'
import { quoteMethods } from '../quote/quote.contract'
import { orderMethods } from '../order/order.contract'
import { receiptMethods } from '../receipt/receipt.contract'
import { arMethods } from '../ar/ar.contract'
import { getSetting } from '../settings/settings.service'
import { loadShipment, shipmentDetail } from '../shipment/shipment.service'
import { PRINT_TYPE_TITLES, type ColumnKey, type PrintType } from './print.enums'
import type { PrintDoc } from './print.engine'

/**
 * The data of each printable document, read through the same code as its `get` method (same scope
 * checks: a record the caller may not see answers NOT_FOUND exactly like there), turned into a PrintDoc.
 */
async function viaMethod<T>(ctx: Ctx, group: readonly AnyMethod[], name: string, input: unknown): Promise<T> {
  const def = group.find((m) => m.name === name)!
  if (Array.isArray(def.access) && !def.access.includes(ctx.user.role)) throw appError('FORBIDDEN', 'error.forbidden', {}, { method: name, role: ctx.user.role })
  return def.output.parse(await def.handler(ctx, def.input.parse(input), undefined)) as T
}

const money = (fen: number) => formatFen(fen, '')
/** unit prices are kept to 4 decimals; print at least 2 and drop the zeros after them (1.0000 → 1.00, 12.3450 → 12.345) */
const price = (p: string) => (p.includes('.') ? p.replace(/(\.\d\d\d*?)0+$/, '$1') : `${p}.00`)
/** discount percent → 折扣 as printed: 5 → 95折 is ambiguous in the trade, so "-5%" */
const discount = (pct: string) => (Number(pct) ? `-${pct.replace(/\.?0+$/, '')}%` : '')
const rate = (r: number) => `${r}%`

interface GoodsLine {
  productCode: string
  productName: string
  spec: string | null
  unit: string
  quantity: string
  unitPrice: string
  discountPct?: string
  taxRate: number
  amountFen: number
  taxFen?: number
  remark?: string | null
}
function goodsLines(lines: GoodsLine[]) {
  return lines.map((l, i) => ({
    seq: String(i + 1),
    code: l.productCode,
    name: l.productName,
    spec: l.spec ?? '',
    unit: l.unit,
    qty: l.quantity,
    price: price(l.unitPrice),
    discount: discount(l.discountPct ?? '0'),
    taxRate: rate(l.taxRate),
    amount: money(l.amountFen),
    tax: l.taxFen !== undefined ? money(l.taxFen) : '',
    remark: l.remark ?? '',
  }))
}
function goodsTotals(lines: GoodsLine[], totalFen: number, taxFen?: number): Partial<Record<ColumnKey, string>> {
  const units = new Set(lines.map((l) => l.unit))
  return {
    qty: units.size === 1 ? fromMilli(lines.reduce((t, l) => t + toMilli(l.quantity), 0)) : '',
    amount: money(totalFen),
    tax: taxFen !== undefined ? money(taxFen) : '',
  }
}

/** how often a document was printed before (打印次数): the print entries of its operation log */
export async function printedBefore(ctx: Pick<Ctx, 'em'>, entity: string, entityId: number, summaryPrefix?: string): Promise<number> {
  const qb = ctx.em.getRepository(AuditLogEntity).createQueryBuilder('a').where('a.entity = :entity AND a.entityId = :entityId AND a.action = :action', { entity, entityId, action: 'print' })
  if (summaryPrefix) qb.andWhere('a.summary LIKE :p', { p: `${summaryPrefix}%` })
  return qb.getCount()
}

/** the customer's primary contact (else the first one): printed when the document names none */
async function primaryContact(ctx: Ctx, customerId: number) {
  return ctx.em.getRepository(ContactEntity).findOne({ where: { customerId }, order: { isPrimary: 'DESC', id: 'ASC' } })
}

async function creatorName(ctx: Ctx, entity: string, entityId: number): Promise<string> {
  const row = await ctx.em.getRepository(AuditLogEntity).findOne({ where: { entity, entityId, action: 'create' }, order: { id: 'ASC' } })
  return row?.userName ?? ''
}

/** what a print writes to the operation log: entity, id and the summary (statements: per period) */
export interface PrintTarget {
  entity: string
  entityId: number
  summary: Summary
}

export interface LoadedDoc {
  doc: PrintDoc
  target: PrintTarget
}

export interface RenderInput {
  type: PrintType
  id?: number
  customerId?: number
  from?: string
  to?: string
}

function need<T>(v: T | undefined, field: string, locale: Locale): T {
  if (v === undefined) throw appError('VALIDATION', 'validation.field', { path: field, message: msgRef('validation.requiredShort') }, { issues: [{ path: field, message: renderMessage('validation.requiredShort', undefined, locale), code: 'custom' }] })
  return v
}

export async function loadDoc(ctx: Ctx, input: RenderInput): Promise<LoadedDoc> {
  switch (input.type) {
    case 'deliveryNote':
      return loadDeliveryNote(ctx, need(input.id, 'id', ctx.locale))
    case 'quote':
      return loadQuote(ctx, need(input.id, 'id', ctx.locale))
    case 'order':
      return loadOrder(ctx, need(input.id, 'id', ctx.locale))
    case 'receipt':
      return loadReceipt(ctx, need(input.id, 'id', ctx.locale))
    case 'statement': {
      const today = ctx.today()
      return loadStatement(ctx, need(input.customerId, 'customerId', ctx.locale), input.from ?? `${today.slice(0, 8)}01`, input.to ?? today)
    }
  }
}

async function withCount(ctx: Ctx, doc: Omit<PrintDoc, 'printCount'>, target: PrintTarget, prefix?: string): Promise<LoadedDoc> {
  return { doc: { ...doc, printCount: (await printedBefore(ctx, target.entity, target.entityId, prefix)) + 1 }, target }
}

export async function loadDeliveryNote(ctx: Ctx, shipmentId: number): Promise<LoadedDoc> {
  const s = await shipmentDetail(ctx, await loadShipment(ctx, shipmentId))
  const order = await ctx.em.getRepository(SalesOrderEntity).findOneByOrFail({ id: s.orderId })
  const orderLines = await ctx.em.getRepository(SalesOrderLineEntity).find({ where: { id: In(s.lines.map((l) => l.orderLineId)) } })
  const discountOf = new Map(orderLines.map((l) => [l.id, bpStr(l.discountBp)]))
  // no receiver or address on the shipment: the order's, else the customer's default address and primary contact
  let receiver = s.receiver
  let phone = s.receiverPhone
  let address = s.address
  const addresses = ctx.em.getRepository(ShippingAddressEntity)
  if (!receiver || !address) {
    const a = (order.addressId ? await addresses.findOneBy({ id: order.addressId }) : null) ?? (await addresses.findOne({ where: { customerId: s.customerId }, order: { isDefault: 'DESC', id: 'ASC' } }))
    if (a) {
      receiver ||= a.receiver
      phone ||= a.phone
      address ||= a.address
    }
  }
  const contacts = ctx.em.getRepository(ContactEntity)
  const contact = (order.contactId ? await contacts.findOneBy({ id: order.contactId }) : null) ?? (await contacts.findOne({ where: { customerId: s.customerId }, order: { isPrimary: 'DESC', id: 'ASC' } }))
  const contactText = contact ? [contact.name, contact.mobile ?? contact.phone].filter(Boolean).join(' ') : ''
  if (!receiver && contact) {
    receiver = contact.name
    phone ||= contact.mobile ?? contact.phone
  }
  const lines = s.lines.map((l) => ({ ...l, discountPct: discountOf.get(l.orderLineId) ?? '0' }))
  const hasDiscount = lines.some((l) => Number(l.discountPct))
  return withCount(
    ctx,
    {
      type: 'deliveryNote',
      number: s.number,
      fileName: `送货单-${s.number}.pdf`,
      info: [
        ['客户', s.customerName],
        ['送货单号', s.number],
        ['发货日期', s.shipDate],
        ['收货人', [receiver, phone].filter(Boolean).join('  ')],
        ['订单号', s.orderNumber],
        ['订单日期', order.orderDate],
        ['联系人', contactText],
        ['承诺交期', order.promisedDate ?? ''],
        ['承运', [s.carrier, s.trackingNo].filter(Boolean).join(' ')],
        ['送货地址', address ?? ''],
      ],
      lines: goodsLines(lines),
      totalsRow: goodsTotals(lines, s.totalFen),
      amountFen: s.totalFen,
      amountLabel: '合计金额',
      figures: [],
      remark: [s.remark, hasDiscount ? '单价为折前价，金额已按折扣计算。' : ''].filter(Boolean).join(' ') || null,
      terms: null,
      signers: { 制单: await creatorName(ctx, 'shipment', s.id), 审核: order.approvedByName ?? '' },
    },
    { entity: 'shipment', entityId: s.id, summary: { key: 'audit.print.deliveryNote', params: { number: s.number } } },
  )
}

interface QuoteOut {
  id: number
  number: string
  customerId: number
  customerName: string
  contactId: number | null
  quoteDate: string
  validUntil: string | null
  terms: string | null
  remark: string | null
  priceIncludesTax: boolean
  totalFen: number
  taxFen: number
  lines: GoodsLine[]
}
async function loadQuote(ctx: Ctx, id: number): Promise<LoadedDoc> {
  const q = await viaMethod<QuoteOut>(ctx, quoteMethods as unknown as AnyMethod[], 'quote.get', { id })
  const contact = (q.contactId ? await ctx.em.getRepository(ContactEntity).findOneBy({ id: q.contactId }) : null) ?? (await primaryContact(ctx, q.customerId))
  return withCount(
    ctx,
    {
      type: 'quote',
      number: q.number,
      fileName: `报价单-${q.number}.pdf`,
      info: [
        ['客户', q.customerName],
        ['报价单号', q.number],
        ['报价日期', q.quoteDate],
        ['联系人', contact ? [contact.name, contact.mobile ?? contact.phone].filter(Boolean).join(' ') : ''],
        ['有效期至', q.validUntil ?? ''],
        ['价格', q.priceIncludesTax ? '含税' : '不含税'],
      ],
      lines: goodsLines(q.lines),
      totalsRow: goodsTotals(q.lines, q.totalFen, q.taxFen),
      amountFen: q.totalFen,
      amountLabel: '报价总额',
      figures: [['其中税额', money(q.taxFen)]],
      remark: q.remark,
      terms: q.terms,
      signers: { 制单: await creatorName(ctx, 'quote', q.id) },
    },
    { entity: 'quote', entityId: q.id, summary: { key: 'audit.print.quote', params: { number: q.number } } },
  )
}

interface OrderOut {
  id: number
  customerId: number
  number: string
  customerName: string
  salespersonName: string | null
  orderDate: string
  promisedDate: string | null
  paymentTermDays: number
  totalFen: number
  taxFen: number
  remark: string | null
  approvedByName: string | null
  lines: GoodsLine[]
  contact: { name: string; mobile: string | null } | null
  address: { receiver: string; phone: string | null; address: string } | null
}
async function loadOrder(ctx: Ctx, id: number): Promise<LoadedDoc> {
  const o = await viaMethod<OrderOut>(ctx, orderMethods as unknown as AnyMethod[], 'order.get', { id })
  const c = o.contact ?? (await primaryContact(ctx, o.customerId))
  const contact = c ? { name: c.name, mobile: 'mobile' in c && c.mobile ? c.mobile : ('phone' in c ? c.phone : null) } : null
  const seller = (await getSetting<{ name?: string }>(ctx, 'company', { name: '' })).name ?? ''
  return withCount(
    ctx,
    {
      type: 'order',
      number: o.number,
      fileName: `销售订单-${o.number}.pdf`,
      info: [
        ['客户', o.customerName],
        ['订单号', o.number],
        ['订单日期', o.orderDate],
        ['联系人', contact ? [contact.name, contact.mobile].filter(Boolean).join(' ') : ''],
        ['业务员', o.salespersonName ?? ''],
        ['交货日期', o.promisedDate ?? ''],
        ['收货', o.address ? [o.address.receiver, o.address.phone, o.address.address].filter(Boolean).join(' ') : ''],
        ['付款条件', o.paymentTermDays ? `月结 ${o.paymentTermDays} 天` : '款到发货'],
      ],
      lines: goodsLines(o.lines),
      totalsRow: goodsTotals(o.lines, o.totalFen, o.taxFen),
      amountFen: o.totalFen,
      amountLabel: '订单总额',
      figures: [['其中税额', money(o.taxFen)]],
      remark: o.remark,
      terms: null,
      signers: { 制单: await creatorName(ctx, 'order', o.id), 审核: o.approvedByName ?? '' },
      partyBoxes: { seller, buyer: o.customerName },
    },
    { entity: 'order', entityId: o.id, summary: { key: 'audit.print.order', params: { number: o.number } } },
  )
}

interface ReceiptOut {
  id: number
  number: string
  customerName: string
  amountFen: number
  allocatedFen: number
  unallocatedFen: number
  receivedOn: string
  methodLabel: string
  reference: string | null
  remark: string | null
  status: string
  allocations: { orderNumber: string; amountFen: number; createdAt: string }[]
}
async function loadReceipt(ctx: Ctx, id: number): Promise<LoadedDoc> {
  const r = await viaMethod<ReceiptOut>(ctx, receiptMethods as unknown as AnyMethod[], 'receipt.get', { id })
  return withCount(
    ctx,
    {
      type: 'receipt',
      number: r.number,
      fileName: `收款收据-${r.number}.pdf`,
      info: [
        ['付款单位', r.customerName],
        ['收据号', r.number],
        ['收款日期', r.receivedOn],
        ['收款方式', r.methodLabel],
        ['参考号', r.reference ?? ''],
        ['状态', r.status === 'cancelled' ? '已作废' : '有效'],
      ],
      lines: r.allocations.map((a, i) => ({ seq: String(i + 1), number: a.orderNumber, date: a.createdAt.slice(0, 10), amount: money(a.amountFen), remark: '核销' })),
      totalsRow: { amount: money(r.allocatedFen) },
      amountFen: r.amountFen,
      amountLabel: '收款金额',
      figures: [
        ['已核销', money(r.allocatedFen)],
        ['预收', money(r.unallocatedFen)],
      ],
      remark: r.remark,
      terms: null,
      signers: { 收款人: await creatorName(ctx, 'receipt', r.id) },
    },
    { entity: 'receipt', entityId: r.id, summary: { key: 'audit.print.receipt', params: { number: r.number } } },
  )
}

interface StatementOut {
  customerId: number
  customerName: string
  customerCode: string
  from: string
  to: string
  openingBalanceFen: number
  entries: { date: string; kind: 'shipment' | 'return' | 'receipt'; number: string; memo: string | null; amountFen: number; balanceFen: number }[]
  shippedFen: number
  returnedFen: number
  receivedFen: number
  closingBalanceFen: number
}
const KIND = { shipment: '发货', return: '退货', receipt: '收款' }
async function loadStatement(ctx: Ctx, customerId: number, from: string, to: string): Promise<LoadedDoc> {
  const s = await viaMethod<StatementOut>(ctx, arMethods as unknown as AnyMethod[], 'ar.statement', { customerId, from, to })
  const customer = await ctx.em.getRepository(CustomerEntity).findOneByOrFail({ id: customerId })
  const contact = await primaryContact(ctx, customerId)
  const oneMonth = from.slice(0, 7) === to.slice(0, 7) && from.endsWith('-01')
  const period = oneMonth ? from.slice(0, 7) : `${from}~${to}`
  const summary = { key: 'audit.print.statement', params: { from, to } } satisfies Summary
  return withCount(
    ctx,
    {
      type: 'statement',
      number: `${s.customerName} ${from}~${to}`,
      fileName: `${PRINT_TYPE_TITLES.statement}-${s.customerName}-${period}.pdf`,
      info: [
        ['客户', s.customerName],
        ['客户编码', s.customerCode],
        ['对账期间', `${from} 至 ${to}`],
        ['联系人', contact ? [contact.name, contact.mobile ?? contact.phone].filter(Boolean).join(' ') : ''],
        ['账期', customer.paymentTermDays ? `月结 ${customer.paymentTermDays} 天` : '款到发货'],
        ['期初余额', money(s.openingBalanceFen)],
      ],
      lines: [
        { seq: '', date: from, kind: '', number: '', memo: '期初余额', debit: '', credit: '', balance: money(s.openingBalanceFen) },
        ...s.entries.map((e, i) => ({
          seq: String(i + 1),
          date: e.date,
          kind: KIND[e.kind],
          number: e.number,
          memo: e.memo ?? '',
          debit: e.amountFen > 0 ? money(e.amountFen) : '',
          credit: e.amountFen < 0 ? money(-e.amountFen) : '',
          balance: money(e.balanceFen),
        })),
      ],
      totalsRow: { debit: money(s.shippedFen), credit: money(s.returnedFen + s.receivedFen), balance: money(s.closingBalanceFen) },
      amountFen: s.closingBalanceFen,
      amountLabel: '期末应收余额',
      figures: [
        ['期初', money(s.openingBalanceFen)],
        ['本期发货', money(s.shippedFen)],
        ['退货', money(s.returnedFen)],
        ['收款', money(s.receivedFen)],
      ],
      remark: null,
      terms: null,
      signers: { 制单: ctx.user.displayName },
      confirmBox: true,
    },
    { entity: 'statement', entityId: customerId, summary },
    // the stored summary starts with its Chinese text (audit.service encodeSummary): the prints of this period
    renderMessage(summary.key, summary.params, DEFAULT_LOCALE),
  )
}
