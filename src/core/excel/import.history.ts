/**
 * Importing history (issue 13): opening receivables (期初应收) and historical orders (历史订单).
 *
 * - An opening receivable is what the AR code already understands: an order without lines (remark 期初应收) with
 *   one shipment of the amount on the given date, due on the due date (default: that date, so aging runs from it).
 *   Receipts allocate to it like to any order; the statement, aging, overdue list and AR summary count it.
 *   It has no lines, so product/category reports and the month-product summary do not count it as goods sold.
 * - A historical order (header + lines, rows grouped by the order number column) goes in as it ended:
 *   `completed` (default) = order + lines + a delivered shipment of everything + a receipt allocated in full, so
 *   ordered, shipped (with the month-product summary, sales_month_product) and received reports and AR agree;
 *   `shipped` = order + lines + shipment, the receivable still open (allocatable by receipts).
 *   Stock never moves and nothing is reserved: the goods left long ago (their stock is the opening stock).
 *
 * Planning (validation, grouping, pricing) runs outside the write queue; `applyHistory` writes everything with
 * multi-row INSERTs in the one transaction.
 */
import type { Ctx } from '../contract/method'
import { rawQuery } from '../db/sql'
import { addDays } from '../clock'
import { lineMoney, toMilli, toPrice4, yuanToFen, TAX_RATES } from '../money/money'
import { lineCostFen } from '../product/product-cost.service'
import { MAX_FEN } from '../contract/types'
import { normalizeName } from '../customer/customer.rules'
import { auditRows, insertRows, numbersFor, type AuditRow } from './import.bulk'
import { rowMessage, type RowMessageKey } from './import.messages'
import type { Tracker } from './import.progress'
import type { Locale } from '../i18n/i18n'

export const ORDER_IMPORT_STATUSES = ['completed', 'shipped'] as const
export type OrderImportStatus = (typeof ORDER_IMPORT_STATUSES)[number]

export interface HistoryOptions {
  orderStatus: OrderImportStatus
  /** keep the file's order numbers (default) or assign new ones */
  numbering: 'file' | 'assign'
}

interface CustomerRef {
  id: number
  code: string
  name: string
  ownerId: number | null
  paymentTermDays: number
}
interface ProductRef {
  id: number
  code: string
  name: string
  spec: string | null
  unit: string
  taxRate: number
  costPrice4: number
}

export interface HistoryLine {
  lineNo: number
  product: ProductRef
  qtyMilli: number
  price4: number
  taxRate: number
  amountFen: number
  taxFen: number
  netFen: number
  costFen: number
  remark: string | null
}

export interface HistoryDoc {
  rows: number[]
  /** the file's number (kept when numbering = file) */
  fileNumber: string | null
  customer: CustomerRef
  date: string
  dueDate: string
  remark: string | null
  lines: HistoryLine[]
  totalFen: number
  taxFen: number
  netFen: number
}

export interface HistoryPlan {
  options: HistoryOptions
  docs: HistoryDoc[]
  /** orders whose number is already taken (skipped) */
  duplicates: number
}

export interface RowValues {
  row: number
  values: Record<string, unknown>
}

type Problem = (row: number, key: string, message: string, level?: 'error' | 'warning') => void

async function customerLookup(ctx: Ctx) {
  const rows = await rawQuery<{ id: number; code: string; name: string; nameKey: string; ownerId: number | null; paymentTermDays: number }>(
    ctx,
    'SELECT "id", "code", "name", "nameKey", "ownerId", "paymentTermDays" FROM customers WHERE "mergedIntoId" IS NULL',
  )
  const byCode = new Map<string, CustomerRef>()
  const byName = new Map<string, CustomerRef>()
  for (const r of rows) {
    const c = { id: Number(r.id), code: r.code, name: r.name, ownerId: r.ownerId == null ? null : Number(r.ownerId), paymentTermDays: Number(r.paymentTermDays) }
    byCode.set(r.code, c)
    byName.set(r.nameKey, c)
  }
  return (key: string) => byCode.get(key) ?? byName.get(normalizeName(key))
}

async function productLookup(ctx: Ctx) {
  const rows = await rawQuery<{ id: number; code: string; name: string; spec: string | null; unit: string; taxRate: number; costPrice4: number | string }>(
    ctx,
    'SELECT "id", "code", "name", "spec", "unit", "taxRate", "costPrice4" FROM products',
  )
  return new Map(rows.map((r) => [r.code, { id: Number(r.id), code: r.code, name: r.name, spec: r.spec, unit: r.unit, taxRate: Number(r.taxRate), costPrice4: Number(r.costPrice4) }]))
}

const str = (v: unknown) => (v === undefined || v === null ? undefined : String(v))

/** 期初应收: one document per row. */
export async function planOpeningReceivables(ctx: Ctx, rows: RowValues[], problem: Problem, locale: Locale): Promise<{ plan: HistoryPlan; validRows: number[] }> {
  const m = (k: RowMessageKey, p?: Record<string, string | number>) => rowMessage(locale, k, p)
  const findCustomer = await customerLookup(ctx)
  const docs: HistoryDoc[] = []
  const valid: number[] = []
  for (const { row, values: v } of rows) {
    const c = findCustomer(str(v.customer)!)
    if (!c) {
      problem(row, 'customer', m('noCustomer', { name: str(v.customer)! }))
      continue
    }
    const amountFen = yuanToFen(String(v.amount))
    if (amountFen === 0) {
      problem(row, 'amount', m('amountZero'))
      continue
    }
    if (Math.abs(amountFen) > MAX_FEN) {
      problem(row, 'amount', m('amountTooLarge'))
      continue
    }
    if (amountFen < 0) {
      problem(row, 'amount', m('amountNegative'))
      continue
    }
    const date = String(v.date)
    const dueDate = str(v.dueDate) ?? date
    if (dueDate < date) {
      problem(row, 'dueDate', m('dueBeforeDate'))
      continue
    }
    if (date > ctx.today()) problem(row, 'date', m('dateInFuture'), 'warning')
    docs.push({ rows: [row], fileNumber: null, customer: c, date, dueDate, remark: str(v.remark) ?? null, lines: [], totalFen: amountFen, taxFen: 0, netFen: amountFen })
    valid.push(row)
  }
  return { plan: { options: { orderStatus: 'shipped', numbering: 'assign' }, docs, duplicates: 0 }, validRows: valid }
}

/** 历史订单: rows grouped by order number into header + lines. */
export async function planOrders(ctx: Ctx, rows: RowValues[], problem: Problem, locale: Locale, options: HistoryOptions): Promise<{ plan: HistoryPlan; validRows: number[]; duplicateRows: number[] }> {
  const m = (k: RowMessageKey, p?: Record<string, string | number>) => rowMessage(locale, k, p)
  const findCustomer = await customerLookup(ctx)
  const products = await productLookup(ctx)
  const groups = new Map<string, RowValues[]>()
  for (const r of rows) {
    const key = String(r.values.orderNo)
    const g = groups.get(key)
    if (g) g.push(r)
    else groups.set(key, [r])
  }
  const existing = new Set<string>()
  if (options.numbering === 'file') {
    const numbers = [...groups.keys()]
    for (let i = 0; i < numbers.length; i += 500) {
      const chunk = numbers.slice(i, i + 500)
      for (const r of await rawQuery<{ number: string }>(ctx, `SELECT "number" FROM sales_orders WHERE "number" IN (${chunk.map(() => '?').join(', ')})`, chunk)) existing.add(r.number)
    }
  }
  const docs: HistoryDoc[] = []
  const valid: number[] = []
  const dups: number[] = []
  let dupOrders = 0
  for (const [orderNo, group] of groups) {
    const first = group[0]!
    if (options.numbering === 'file' && orderNo.length > 40) {
      for (const r of group) problem(r.row, 'orderNo', m('numberTooLong'))
      continue
    }
    if (existing.has(orderNo)) {
      for (const r of group) problem(r.row, 'orderNo', m('orderExists', { number: orderNo }), 'warning')
      dups.push(...group.map((r) => r.row))
      dupOrders++
      continue
    }
    let bad = false
    const own = new Set<number>()
    const c = findCustomer(str(first.values.customer)!)
    const lines: HistoryLine[] = []
    for (const r of group) {
      const v = r.values
      let rowBad = false
      if (str(v.customer) !== str(first.values.customer)) problem(r.row, 'customer', m('headerDiffers', { row: first.row })), (rowBad = true)
      if (str(v.date) !== str(first.values.date)) problem(r.row, 'date', m('headerDiffers', { row: first.row })), (rowBad = true)
      if (!c && r === first) problem(r.row, 'customer', m('noCustomer', { name: str(v.customer)! })), (rowBad = true)
      const p = products.get(str(v.productCode)!)
      if (!p) problem(r.row, 'productCode', m('noProduct', { code: str(v.productCode)! })), (rowBad = true)
      let qtyMilli = 0
      let price4 = 0
      try {
        qtyMilli = toMilli(String(v.quantity))
        if (qtyMilli <= 0) problem(r.row, 'quantity', m('qtyPositive')), (rowBad = true)
      } catch {
        problem(r.row, 'quantity', m('qtyDecimals')), (rowBad = true)
      }
      try {
        price4 = toPrice4(String(v.price))
        if (price4 < 0) problem(r.row, 'price', m('priceNegative')), (rowBad = true)
      } catch {
        problem(r.row, 'price', m('priceDecimals')), (rowBad = true)
      }
      const taxRate = v.taxRate === undefined ? (p?.taxRate ?? 13) : Number(v.taxRate)
      if (!(TAX_RATES as readonly number[]).includes(taxRate)) problem(r.row, 'taxRate', m('taxRate')), (rowBad = true)
      if (rowBad || !p) {
        bad = true
        own.add(r.row)
        continue
      }
      const money = lineMoney(qtyMilli, price4, taxRate, { priceIncludesTax: true })
      if (money.amountFen > MAX_FEN) {
        problem(r.row, 'quantity', m('amountTooLarge'))
        bad = true
        own.add(r.row)
        continue
      }
      lines.push({ lineNo: lines.length + 1, product: p, qtyMilli, price4, taxRate, ...money, costFen: lineCostFen(qtyMilli, p.costPrice4), remark: str(v.lineRemark) ?? null })
    }
    if (bad || !c) {
      // one bad line keeps the whole order out: its other rows say why
      for (const r of group) if (!own.has(r.row)) problem(r.row, 'orderNo', m('orderHasErrors', { number: orderNo }))
      continue
    }
    const totals = lines.reduce((t, l) => ({ totalFen: t.totalFen + l.amountFen, taxFen: t.taxFen + l.taxFen, netFen: t.netFen + l.netFen }), { totalFen: 0, taxFen: 0, netFen: 0 })
    if (totals.totalFen > MAX_FEN) {
      for (const r of group) problem(r.row, 'orderNo', m('amountTooLarge'))
      continue
    }
    const date = String(first.values.date)
    docs.push({ rows: group.map((r) => r.row), fileNumber: orderNo, customer: c, date, dueDate: addDays(date, c.paymentTermDays), remark: str(first.values.remark) ?? null, lines, ...totals })
    valid.push(...group.map((r) => r.row))
  }
  return { plan: { options, docs, duplicates: dupOrders }, validRows: valid, duplicateRows: dups }
}

const inChunks = async <T>(xs: T[], size: number, f: (chunk: T[]) => Promise<void>) => {
  for (let i = 0; i < xs.length; i += size) await f(xs.slice(i, i + size))
}

/** Writes the planned documents; answers how many were created and skipped (numbers taken since the dry run). */
export async function applyHistory(ctx: Ctx, kind: 'orders' | 'openingReceivables', plan: HistoryPlan, fileName: string, track?: Tracker): Promise<{ created: number; skipped: number }> {
  const now = ctx.now().toISOString()
  const user = ctx.user
  const tracked = [now, user.id, now, user.id, user.displayName, 1]
  let docs = plan.docs
  let skipped = 0
  // kept numbers: someone may have used one since the dry run
  const keep = kind === 'orders' && plan.options.numbering === 'file'
  if (keep) {
    const taken = new Set<string>()
    await inChunks(docs, 500, async (chunk) => {
      for (const r of await rawQuery<{ number: string }>(ctx, `SELECT "number" FROM sales_orders WHERE "number" IN (${chunk.map(() => '?').join(', ')})`, chunk.map((d) => d.fileNumber))) taken.add(r.number)
    })
    skipped = docs.filter((d) => taken.has(d.fileNumber!)).length
    docs = docs.filter((d) => !taken.has(d.fileNumber!))
  }
  if (!docs.length) return { created: 0, skipped }
  // progress in rows of the file: the orders' lines as they go in (opening receivables: the documents)
  const totalRows = docs.reduce((n, d) => n + d.rows.length, 0)
  track?.phase('writing', totalRows)
  const fileNumbers = new Set(docs.map((d) => d.fileNumber).filter((n): n is string => !!n))
  const orderNumbers = keep ? docs.map((d) => d.fileNumber!) : await numbersFor(ctx, 'SO', 'sales_orders', docs, fileNumbers)
  const completed = kind === 'orders' && plan.options.orderStatus === 'completed'
  const status = completed ? 'completed' : 'shipped'
  const remarkOf = (d: HistoryDoc) => (d.remark ?? (kind === 'openingReceivables' ? '期初应收' : null))

  // orders
  const orderIds = new Map<string, number>()
  const orderRows = docs.map((d, i) => [
    orderNumbers[i], d.customer.id, null, null, d.customer.ownerId, d.date, null, d.customer.paymentTermDays, true, status,
    d.totalFen, d.taxFen, d.netFen, d.totalFen, 0, completed ? d.totalFen : 0, 0,
    kind === 'openingReceivables' ? `期初应收${d.remark ? `：${d.remark}` : ''}`.slice(0, 1000) : d.remark, null, now, user.displayName, false, null, null, null, null, completed ? now : null,
    ...tracked,
  ])
  const orderCols = [
    'number', 'customerId', 'contactId', 'addressId', 'salespersonId', 'orderDate', 'promisedDate', 'paymentTermDays', 'priceIncludesTax', 'status',
    'totalFen', 'taxFen', 'netFen', 'shippedFen', 'returnedFen', 'receivedFen', 'invoicedFen',
    'remark', 'quoteId', 'approvedAt', 'approvedByName', 'creditOverride', 'overrideReason', 'rejectReason', 'cancelReason', 'closeReason', 'completedAt',
    'createdAt', 'createdById', 'updatedAt', 'updatedById', 'updatedByName', 'version',
  ]
  for (const r of await insertRows<{ id: number; number: string }>(ctx, 'sales_orders', orderCols, orderRows, ['id', 'number'])) orderIds.set(r.number, Number(r.id))
  const orderIdOf = (i: number) => orderIds.get(orderNumbers[i]!)!

  // order lines
  const lineIds = new Map<string, number>()
  const lineRows: unknown[][] = []
  docs.forEach((d, i) => {
    for (const l of d.lines) {
      lineRows.push([orderIdOf(i), l.lineNo, l.product.id, l.product.code, l.product.name, l.product.spec, l.product.unit, l.qtyMilli, l.price4, l.taxRate, 0, l.amountFen, l.taxFen, l.netFen, l.remark, l.qtyMilli, 0])
    }
  })
  if (lineRows.length) {
    const cols = ['orderId', 'lineNo', 'productId', 'productCode', 'productName', 'spec', 'unit', 'qtyMilli', 'price4', 'taxRate', 'discountBp', 'amountFen', 'taxFen', 'netFen', 'remark', 'shippedMilli', 'returnedMilli']
    for (const r of await insertRows<{ id: number; orderId: number; lineNo: number }>(ctx, 'sales_order_lines', cols, lineRows, ['id', 'orderId', 'lineNo'], async (n) => track?.step(Math.floor(n / 2)))) lineIds.set(`${r.orderId}:${r.lineNo}`, Number(r.id))
  }

  // shipments: everything delivered on the order date (no stock moves: the goods left long ago)
  const shipNumbers = await numbersFor(ctx, 'DN', 'shipments', docs, new Set())
  const shipIds = new Map<string, number>()
  const shipRows = docs.map((d, i) => {
    const cost = d.lines.reduce((s, l) => s + l.costFen, 0)
    return [
      shipNumbers[i], orderIdOf(i), d.customer.id, d.date, d.dueDate, null, null, null, null, null, null,
      completed ? 'delivered' : 'shipped', completed ? d.date : null, null, d.totalFen, kind === 'openingReceivables' ? 0 : d.netFen, cost, 0, 0,
      kind === 'openingReceivables' ? '期初应收' : `历史订单导入：${fileName}`.slice(0, 1000), null,
      ...tracked,
    ]
  })
  const shipCols = [
    'number', 'orderId', 'customerId', 'shipDate', 'dueDate', 'carrier', 'trackingNo', 'addressId', 'receiver', 'receiverPhone', 'address',
    'status', 'deliveredOn', 'signedBy', 'totalFen', 'netFen', 'costFen', 'returnedFen', 'invoicedFen', 'remark', 'cancelReason',
    'createdAt', 'createdById', 'updatedAt', 'updatedById', 'updatedByName', 'version',
  ]
  for (const r of await insertRows<{ id: number; number: string }>(ctx, 'shipments', shipCols, shipRows, ['id', 'number'])) shipIds.set(r.number, Number(r.id))
  const shipLineRows: unknown[][] = []
  const summary = new Map<string, { month: string; productId: number; amountFen: number; netFen: number; costFen: number; qtyMilli: number; lines: number }>()
  docs.forEach((d, i) => {
    const sid = shipIds.get(shipNumbers[i]!)!
    const oid = orderIdOf(i)
    const month = d.date.slice(0, 7)
    for (const l of d.lines) {
      shipLineRows.push([sid, lineIds.get(`${oid}:${l.lineNo}`)!, l.product.id, l.product.code, l.product.name, l.product.spec, l.product.unit, l.qtyMilli, l.price4, l.taxRate, l.amountFen, l.netFen, l.costFen, 0, 0])
      const k = `${month}:${l.product.id}`
      const s = summary.get(k) ?? { month, productId: l.product.id, amountFen: 0, netFen: 0, costFen: 0, qtyMilli: 0, lines: 0 }
      s.amountFen += l.amountFen
      s.netFen += l.netFen
      s.costFen += l.costFen
      s.qtyMilli += l.qtyMilli
      s.lines += 1
      summary.set(k, s)
    }
  })
  if (shipLineRows.length) {
    const cols = ['shipmentId', 'orderLineId', 'productId', 'productCode', 'productName', 'spec', 'unit', 'qtyMilli', 'price4', 'taxRate', 'amountFen', 'netFen', 'costFen', 'returnedMilli', 'returnedFen']
    await insertRows(ctx, 'shipment_lines', cols, shipLineRows, undefined, async (n) => track?.step(Math.floor(lineRows.length / 2 + n / 2)))
  }
  // the month-product summary the reports read (as bumpSalesSummary keeps it for every shipment), one upsert per month and product
  for (const s of summary.values()) {
    await rawQuery(
      ctx,
      `INSERT INTO sales_month_product ("month", "productId", "amountFen", "netFen", "costFen", "qtyMilli", "lines") VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT ("month", "productId") DO UPDATE SET
         "amountFen" = sales_month_product."amountFen" + excluded."amountFen", "netFen" = sales_month_product."netFen" + excluded."netFen",
         "costFen" = sales_month_product."costFen" + excluded."costFen", "qtyMilli" = sales_month_product."qtyMilli" + excluded."qtyMilli",
         "lines" = sales_month_product."lines" + excluded."lines"`,
      [s.month, s.productId, s.amountFen, s.netFen, s.costFen, s.qtyMilli, s.lines],
    )
  }

  // completed: paid in full on the order date, a receipt allocated to the order
  const paid = completed ? docs.map((d, i) => ({ d, i })).filter((x) => x.d.totalFen > 0) : []
  if (paid.length) {
    const rcNumbers = await numbersFor(ctx, 'RC', 'receipts', paid.map((x) => x.d), new Set())
    const rcRows = paid.map((x, k) => [rcNumbers[k], x.d.customer.id, x.d.totalFen, x.d.totalFen, x.d.date, 'other', orderNumbers[x.i]!.slice(0, 100), '历史订单导入', 'valid', null, ...tracked])
    const rcCols = ['number', 'customerId', 'amountFen', 'allocatedFen', 'receivedOn', 'method', 'reference', 'remark', 'status', 'cancelReason', 'createdAt', 'createdById', 'updatedAt', 'updatedById', 'updatedByName', 'version']
    const rcIds = new Map<string, number>()
    for (const r of await insertRows<{ id: number; number: string }>(ctx, 'receipts', rcCols, rcRows, ['id', 'number'])) rcIds.set(r.number, Number(r.id))
    await insertRows(ctx, 'receipt_allocations', ['receiptId', 'orderId', 'amountFen', 'createdAt', 'userName'], paid.map((x, k) => [rcIds.get(rcNumbers[k]!)!, orderIdOf(x.i), x.d.totalFen, now, user.displayName]))
  }

  // the operation log: each document carries the import in its history
  const entries: AuditRow[] = []
  docs.forEach((d, i) => {
    const params = { file: fileName, row: d.rows[0]!, number: orderNumbers[i]! }
    entries.push({ entity: 'order', entityId: orderIdOf(i), action: 'import', summary: { key: kind === 'orders' ? 'audit.import.order' : 'audit.import.openingReceivable', params } })
    entries.push({ entity: 'shipment', entityId: shipIds.get(shipNumbers[i]!)!, action: 'import', summary: { key: kind === 'orders' ? 'audit.import.order' : 'audit.import.openingReceivable', params } })
  })
  track?.check()
  await auditRows(ctx, entries)
  return { created: docs.length, skipped }
}
