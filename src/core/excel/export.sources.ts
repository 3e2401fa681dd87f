/**
 * Where exported rows come from, batch by batch (export.xlsx and the export.start jobs):
 * - every list and report: its own registered read method, run as the caller (the caller's scope, filters and sort
 *   exactly as on screen), paged until done;
 * - orderLines: order.search's filters and scope give the orders (ids only, in the list's order), their lines are
 *   read 500 orders at a time — a million lines without a million-row OFFSET;
 * - fullData (admin): every table, one sheet each, read by id in batches (sessions and password hashes left out).
 * All reads go through `ctx.em` of a read method: the read connection, never the write queue.
 */
import { In, type EntityManager, type EntityMetadata } from 'typeorm'
import type { AnyMethod, Ctx } from '../contract/method'
import { appError } from '../contract/errors'
import { scopeOf } from '../auth/permissions'
import { ownerScope } from '../auth/scope'
import { UserEntity } from '../auth/auth.entity'
import { ContactEntity, CustomerEntity } from '../customer/customer.entity'
import { normalizeQuery } from '../customer/customer.rules'
import { LIKE_ESCAPE, likeContains } from '../db/sql'
import { SalesOrderEntity, SalesOrderLineEntity, type SalesOrder } from '../order/order.entity'
import { applyDrillFilters } from '../report/drill-filters'
import { renderMessage } from '../i18n/i18n'
import type { ColumnType } from './excel.write'
import { QTY_FMT, type ExportCol, type SheetSource } from './export.stream'

export const EXPORT_LISTS = {
  customers: ['customer.search', '客户'],
  contacts: ['contact.list', '联系人'],
  products: ['product.search', '商品'],
  stock: ['stock.list', '库存'],
  opportunities: ['opportunity.search', '商机'],
  quotes: ['quote.search', '报价单'],
  orders: ['order.search', '订单'],
  orderLines: ['order.search', '订单明细'],
  shipments: ['shipment.search', '发货单'],
  returns: ['return.search', '退货单'],
  invoices: ['invoice.search', '发票'],
  receipts: ['receipt.search', '收款单'],
  arSummary: ['ar.summary', '应收汇总'],
  arAging: ['ar.aging', '账龄分析'],
  arOverdue: ['ar.overdue', '逾期应收'],
  tracking: ['tracking.board', '跟单看板'],
  statement: ['ar.statement', '对账单'],
  'report.sales': ['report.sales', '销售分析'],
  'report.funnel': ['report.funnel', '销售漏斗'],
  'report.targets': ['report.targets', '目标完成'],
  'report.forecast': ['report.forecast', '销售预测'],
  'report.customers': ['report.customers', '客户分析'],
  'report.delivery': ['report.delivery', '交付分析'],
  'report.monthlyPack': ['report.monthlyPack', '月报'],
} as const satisfies Record<string, readonly [string, string]>
export type ExportList = keyof typeof EXPORT_LISTS
export const EXPORT_LIST_NAMES = Object.keys(EXPORT_LISTS) as [ExportList, ...ExportList[]]
/** what export.start takes: any list, or the admin's full data export */
export const JOB_LIST_NAMES = [...EXPORT_LIST_NAMES, 'fullData'] as [ExportList | 'fullData', ...(ExportList | 'fullData')[]]

/** Chinese column headers of the fields lists return */
export const EXPORT_LABELS: Record<string, string> = {
  code: '编码', name: '名称', shortName: '简称', kind: '类型', uscc: '统一社会信用代码', industry: '行业', size: '规模', province: '省份', city: '城市',
  district: '区县', address: '地址', phone: '电话', mobile: '手机', email: '邮箱', wechat: '微信', title: '职务', source: '来源', tags: '标签', stage: '客户阶段',
  ownerName: '负责人', creditLimitFen: '信用额度', paymentTermDays: '账期天数', remark: '备注', createdAt: '创建时间', updatedAt: '更新时间',
  updatedByName: '更新人', lastFollowUpAt: '最近跟进', customerName: '客户', customerCode: '客户编码', no: '单号', number: '单号', date: '日期', status: '状态',
  statusLabel: '状态', salespersonName: '业务员', totalFen: '金额', amountFen: '金额', taxFen: '税额', netFen: '不含税金额', paidFen: '已收', balanceFen: '余额',
  spec: '规格', unit: '单位', category: '分类', barcode: '条码', salePrice: '销售价', taxRate: '税率', active: '启用', onHand: '库存',
  reserved: '已占用', available: '可用', lowStockThreshold: '库存下限', lowStock: '低于下限', quantity: '数量', price: '单价', productCode: '商品编码',
  productName: '商品名称', dueDate: '到期日', overdueDays: '逾期天数', receivableFen: '应收', receivedFen: '已收', outstandingFen: '未收',
  isPrimary: '主联系人', priceIncludesTax: '含税', contactName: '联系人', promisedDate: '承诺交期', expectedAmountFen: '预计金额', probability: '赢单率',
  orderDate: '订单日期', orderNumber: '订单号', shippedFen: '已发货金额', returnedFen: '已退货金额', invoicedFen: '已开票金额', approvedAt: '审核时间',
  approvedByName: '审核人', completedAt: '完成时间', quoteDate: '报价日期', validUntil: '有效期至', shipDate: '发货日期', returnDate: '退货日期',
  receiptDate: '收款日期', method: '收款方式', allocatedFen: '已核销', unallocatedFen: '未核销', invoiceDate: '开票日期', invoiceNo: '发票号',
  stageLabel: '阶段', expectedCloseDate: '预计成交', lineNo: '行号', discount: '折扣', shipped: '已发货', returned: '已退货', open: '未发货',
  sort: '排序', query: '关键词', dateFrom: '起始日期', dateTo: '截止日期', from: '起始日期', to: '截止日期', asOf: '截至', pool: '公海', tag: '标签',
}

export const MAX_ROWS = 100_000
const PAGE = 2000

const SKIP = new Set(['id', 'version', 'searchText', 'customerId', 'ownerId', 'createdById', 'updatedById', 'salespersonId', 'productId', 'mergedIntoId'])

/** the columns of rows a method answered: fields, their Chinese header and their type (money from *Fen, dates…) */
export function columnsOf(rows: Record<string, unknown>[]): ExportCol[] {
  const keys: string[] = []
  for (const r of rows.slice(0, 50)) for (const k of Object.keys(r)) if (!keys.includes(k)) keys.push(k)
  return keys
    .filter((k) => !SKIP.has(k) && !(k.endsWith('Id') && typeof rows[0]?.[k] === 'number'))
    .filter((k) => rows.every((r) => r[k] === null || r[k] === undefined || typeof r[k] !== 'object' || Array.isArray(r[k])))
    .map((k) => ({ key: k, header: EXPORT_LABELS[k] ?? k, type: typeOf(k, rows) }))
}

function typeOf(k: string, rows: Record<string, unknown>[]): ColumnType {
  if (/Fen$/.test(k)) return 'money'
  const sample = rows.map((r) => r[k]).find((v) => v !== null && v !== undefined && v !== '')
  if (typeof sample === 'boolean') return 'boolean'
  if (typeof sample === 'number') return Number.isInteger(sample) ? 'integer' : 'decimal'
  if (typeof sample === 'string') {
    if (/^\d{4}-\d{2}-\d{2}T/.test(sample)) return 'dateTime'
    if (/^\d{4}-\d{2}-\d{2}$/.test(sample)) return 'date'
    if (/^-?\d+(\.\d+)?$/.test(sample) && /price|quantity|qty|onHand|reserved|available|threshold|amount|shipped|returned|open/i.test(k)) return 'decimal'
  }
  return 'text'
}

/** the rows of a method's answer: a page's items, an items list, or the first list in a report */
function rowsOf(out: unknown): Record<string, unknown>[] {
  if (Array.isArray(out)) return out as Record<string, unknown>[]
  if (out && typeof out === 'object') {
    const o = out as Record<string, unknown>
    for (const k of ['items', 'rows', 'lines', 'orders']) if (Array.isArray(o[k])) return o[k] as Record<string, unknown>[]
    const first = Object.values(o).find((v) => Array.isArray(v) && v.length && typeof v[0] === 'object')
    if (first) return first as Record<string, unknown>[]
  }
  return []
}

/** 2026-12-04 18:05 in China time */
export const stampOf = (now: Date) => new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')

export interface ExportPlan {
  /** the file's name without extension (客户_20261204) */
  fileBase: string
  sheets: SheetSource[]
  /** rows expected, when known up front */
  total: number | null
}

const badFilters = (message: string) => appError('VALIDATION', 'validation.field', { path: 'filters', message })

/**
 * The plan of an export: its sheets and where their rows come from. Checks up front what the caller may export
 * and that the filters are the list's own (a VALIDATION error names them).
 */
export async function planExport(ctx: Ctx, methods: readonly AnyMethod[], list: ExportList | 'fullData', filters: Record<string, unknown> = {}, sort?: string, opts: { maxRows?: number } = {}): Promise<ExportPlan> {
  const stamp = stampOf(ctx.now())
  const day = stamp.slice(0, 10).replace(/-/g, '')
  if (list === 'fullData') {
    if (scopeOf('administration', ctx.user.role) === 'none') throw appError('FORBIDDEN', 'error.forbidden', {}, { method: 'export.start', role: ctx.user.role })
    return { fileBase: `客单全部数据_${day}`, sheets: fullDataSheets(ctx, stamp), total: null }
  }
  const [methodName, title] = EXPORT_LISTS[list]
  const def = methods.find((m) => m.name === methodName)
  if (!def) throw appError('VALIDATION', 'validation.field', { path: 'list', message: `不能导出 ${list}` })
  if (Array.isArray(def.access) && !def.access.includes(ctx.user.role)) throw appError('FORBIDDEN', 'error.forbidden', {}, { method: methodName, role: ctx.user.role })
  // DOMAIN.md: a salesperson exports their own customers (the pool they may read is not theirs to take away)
  const own = scopeOf('exports', ctx.user.role) === 'own' && list === 'customers' ? { ownerId: ctx.user.id } : {}
  const base: Record<string, unknown> = { ...filters, ...(sort ? { sort } : {}), ...own }
  const filterText = Object.entries(base)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${k === 'sort' ? 'sort' : (EXPORT_LABELS[k] ?? k)}=${Array.isArray(v) ? v.join('、') : String(v)}`)
    .join('，')
  const titleOf = (total: number | null) => `${title}　筛选：${filterText || '全部'}　导出时间：${stamp}　导出人：${ctx.user.displayName}${total === null ? '' : `　共 ${total} 行`}`
  const maxRows = opts.maxRows ?? Infinity
  const fileBase = `${title}_${day}`

  if (list === 'contacts' && filters.customerId === undefined) {
    // every contact of the customers the caller may export (a salesperson: own customers), with the customer
    const src = await contactSource(ctx, scopeOf('exports', ctx.user.role) === 'own', maxRows)
    return { fileBase, total: src.total, sheets: [{ name: title, title: titleOf, columns: CONTACT_COLUMNS, total: src.total, batches: src.batches }] }
  }
  if (list === 'orderLines') {
    const parsed = def.input.safeParse({ ...base, page: 1, pageSize: 1 })
    if (!parsed.success) throw badFilters(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('；'))
    const src = await orderLineSource(ctx, parsed.data as OrderFilters, maxRows)
    return { fileBase, total: src.total, sheets: [{ name: title, title: titleOf, columns: ORDER_LINE_COLUMNS, total: src.total, batches: src.batches }] }
  }

  const probe = def.input.safeParse({ ...base, page: 1, pageSize: 200 })
  const paged = probe.success && typeof (probe.data as Record<string, unknown>)?.page === 'number'
  if (paged) {
    // the first page tells the total; the rest follow in pages bigger than the screen's (the handler pages as asked)
    const first = (await def.handler(ctx, { ...(probe.data as object), page: 1, pageSize: PAGE }, undefined)) as { total?: number }
    const total = Math.min(typeof first.total === 'number' ? first.total : Infinity, maxRows)
    async function* batches() {
      let out: unknown = first
      let got = 0
      for (let page = 1; ; ) {
        let items = rowsOf(out)
        if (got + items.length > maxRows) items = items.slice(0, maxRows - got)
        got += items.length
        yield items
        if (!items.length || got >= total || (items.length < PAGE && !Number.isFinite(total))) return
        page++
        out = await def!.handler(ctx, { ...(probe.data as object), page, pageSize: PAGE }, undefined)
      }
    }
    return { fileBase, total: Number.isFinite(total) ? total : null, sheets: [{ name: title, title: titleOf, columns: null, total: Number.isFinite(total) ? total : null, batches: batches() }] }
  }
  // what the screen fills in by itself (aging: as of today)
  if (list === 'arAging' && base.asOf === undefined) base.asOf = ctx.today()
  const first = def.input.safeParse(base)
  const parsed = first.success || Object.keys(base).length ? first : def.input.safeParse(undefined)
  if (!parsed.success) throw badFilters(first.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('；'))
  const rows = rowsOf(await def.handler(ctx, parsed.data, undefined)).slice(0, Number.isFinite(maxRows) ? maxRows : undefined)
  async function* one() {
    yield rows
  }
  return { fileBase, total: rows.length, sheets: [{ name: title, title: titleOf, columns: null, total: rows.length, batches: one() }] }
}

// ---------- order lines ----------

interface OrderFilters {
  query?: string
  customerId?: number
  status?: string | string[]
  salespersonId?: number
  ownerId?: number
  productId?: number
  category?: string
  province?: string
  dateFrom?: string
  dateTo?: string
  sort?: string
}

const ORDER_SORTS: Record<string, string> = { orderDate: 'o.orderDate', number: 'o.number', totalFen: 'o.totalFen', promisedDate: 'o.promisedDate', updatedAt: 'o.updatedAt' }
const col = (key: string, header: string, type: ColumnType, numFmt?: string): ExportCol => ({ key, header, type, ...(numFmt ? { numFmt } : {}) })
export const ORDER_LINE_COLUMNS: ExportCol[] = [
  col('orderNumber', '订单号', 'text'),
  col('orderDate', '订单日期', 'date'),
  col('customerCode', '客户编码', 'text'),
  col('customerName', '客户', 'text'),
  col('salespersonName', '业务员', 'text'),
  col('statusLabel', '订单状态', 'text'),
  col('lineNo', '行号', 'integer'),
  col('productCode', '商品编码', 'text'),
  col('productName', '商品名称', 'text'),
  col('spec', '规格', 'text'),
  col('unit', '单位', 'text'),
  col('quantity', '数量', 'decimal', QTY_FMT),
  col('price', '单价', 'decimal', '"¥"#,##0.00##'),
  col('taxRate', '税率%', 'integer'),
  col('discount', '折扣%', 'decimal', '0.00'),
  col('amountFen', '金额', 'money'),
  col('taxFen', '税额', 'money'),
  col('netFen', '不含税金额', 'money'),
  col('shipped', '已发货数量', 'decimal', QTY_FMT),
  col('returned', '已退货数量', 'decimal', QTY_FMT),
  col('remark', '备注', 'text'),
]

/**
 * The lines of the orders order.search would list (same filters, same scope — the query below mirrors
 * order.service searchOrders), in the list's order: the order ids first (one small query), then the lines of
 * 500 orders at a time with their orders' numbers, customers and salespeople.
 */
async function orderLineSource(ctx: Ctx, input: OrderFilters, maxRows: number) {
  const em = ctx.em
  const scope = await ownerScope(ctx)
  const qb = em.getRepository(SalesOrderEntity).createQueryBuilder('o')
  if (scope !== null) qb.andWhere('o.customerId IN (SELECT sc."id" FROM customers sc WHERE sc."ownerId" IS NULL OR sc."ownerId" IN (:...scope))', { scope })
  if (input.query) {
    qb.andWhere(`(LOWER(o.number) LIKE :q ${LIKE_ESCAPE} OR o.customerId IN (SELECT qc."id" FROM customers qc WHERE qc."searchText" LIKE :q ${LIKE_ESCAPE}))`, { q: likeContains(normalizeQuery(input.query)) })
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
  qb.orderBy(ORDER_SORTS[sortKey] ?? 'o.orderDate', dir).addOrderBy('o.id', 'DESC')
  const ids = (await qb.select('o.id', 'id').getRawMany<{ id: number | string }>()).map((r) => Number(r.id))
  // the total: lines of those orders (counted in chunks: an IN list stays small)
  let total = 0
  for (let i = 0; i < ids.length; i += 5000) {
    const chunk = ids.slice(i, i + 5000)
    const r = await em.getRepository(SalesOrderLineEntity).createQueryBuilder('l').select('COUNT(*)', 'n').where('l.orderId IN (:...ids)', { ids: chunk }).getRawOne<{ n: number | string }>()
    total += Number(r?.n ?? 0)
  }
  total = Math.min(total, maxRows)
  const names = await nameCache(em)
  const statusLabels = new Map<string, string>()
  const statusLabel = (st: string) => {
    let v = statusLabels.get(st)
    if (v === undefined) statusLabels.set(st, (v = renderMessage(`enum.orderStatus.${st}`, undefined, ctx.locale)))
    return v
  }
  async function* batches() {
    let got = 0
    for (let i = 0; i < ids.length && got < total; i += 500) {
      const chunk = ids.slice(i, i + 500)
      const orders = await em.getRepository(SalesOrderEntity).find({ where: { id: In(chunk) }, select: { id: true, number: true, orderDate: true, customerId: true, salespersonId: true, status: true } })
      const byId = new Map(orders.map((o) => [o.id, o]))
      // raw rows (no entity objects for a million lines); aliases given apart so both engines keep their case
      const lq = em.getRepository(SalesOrderLineEntity).createQueryBuilder('l').where('l.orderId IN (:...ids)', { ids: chunk }).orderBy('l.orderId').addOrderBy('l.lineNo').select('l.orderId', 'orderId')
      for (const k of LINE_FIELDS) lq.addSelect(`l.${k}`, k)
      const lines = (await lq.getRawMany<RawLine>()).map(numericLine)
      const linesOf = new Map<number, RawLine[]>()
      for (const l of lines) {
        const a = linesOf.get(l.orderId)
        if (a) a.push(l)
        else linesOf.set(l.orderId, [l])
      }
      await names.load(orders)
      const out: Record<string, unknown>[] = []
      for (const id of chunk) {
        const o = byId.get(id) as SalesOrder | undefined
        if (!o) continue
        const c = names.customer(o.customerId)
        for (const l of linesOf.get(id) ?? []) {
          if (got + out.length >= total) break
          out.push({
            orderNumber: o.number,
            orderDate: o.orderDate,
            customerCode: c?.code ?? '',
            customerName: c?.name ?? '',
            salespersonName: names.user(o.salespersonId),
            statusLabel: statusLabel(o.status),
            lineNo: l.lineNo,
            productCode: l.productCode,
            productName: l.productName,
            spec: l.spec,
            unit: l.unit,
            quantity: l.qtyMilli / 1000,
            price: l.price4 / 10000,
            taxRate: l.taxRate,
            discount: l.discountBp / 100,
            amountFen: l.amountFen,
            taxFen: l.taxFen,
            netFen: l.netFen,
            shipped: l.shippedMilli / 1000,
            returned: l.returnedMilli / 1000,
            remark: l.remark,
          })
        }
      }
      got += out.length
      yield out
    }
  }
  return { total, batches: batches() }
}

// ---------- contacts of all customers ----------

export const CONTACT_COLUMNS: ExportCol[] = [
  col('customerCode', '客户编码', 'text'),
  col('customerName', '客户', 'text'),
  col('name', '姓名', 'text'),
  col('title', '职务', 'text'),
  col('mobile', '手机', 'text'),
  col('phone', '电话', 'text'),
  col('email', '邮箱', 'text'),
  col('wechat', '微信', 'text'),
  col('isPrimary', '主联系人', 'boolean'),
  col('updatedAt', '更新时间', 'dateTime'),
]

async function contactSource(ctx: Ctx, ownOnly: boolean, maxRows: number) {
  const em = ctx.em
  const scope = ownOnly ? [ctx.user.id] : await ownerScope(ctx)
  const cq = em.getRepository(CustomerEntity).createQueryBuilder('c').select('c.id', 'id').where('c.mergedIntoId IS NULL')
  if (scope !== null) cq.andWhere(ownOnly ? 'c.ownerId IN (:...scope)' : '(c.ownerId IS NULL OR c.ownerId IN (:...scope))', { scope })
  const customerIds = (await cq.orderBy('c.code', 'ASC').getRawMany<{ id: number | string }>()).map((r) => Number(r.id))
  const names = await nameCache(em)
  let total = 0
  for (let i = 0; i < customerIds.length; i += 5000) {
    const r = await em.getRepository(ContactEntity).createQueryBuilder('k').select('COUNT(*)', 'n').where('k.customerId IN (:...ids)', { ids: customerIds.slice(i, i + 5000) }).getRawOne<{ n: number | string }>()
    total += Number(r?.n ?? 0)
  }
  total = Math.min(total, maxRows)
  async function* batches() {
    let got = 0
    for (let i = 0; i < customerIds.length && got < total; i += 1000) {
      const chunk = customerIds.slice(i, i + 1000)
      await names.load(chunk.map((customerId) => ({ customerId })))
      const rows = await em.getRepository(ContactEntity).createQueryBuilder('k').where('k.customerId IN (:...ids)', { ids: chunk }).getMany()
      const order = new Map(chunk.map((id, n) => [id, n]))
      rows.sort((a, b) => order.get(a.customerId)! - order.get(b.customerId)! || Number(b.isPrimary) - Number(a.isPrimary) || a.id - b.id)
      const out = rows.slice(0, total - got).map((k) => ({ ...k, customerCode: names.customer(k.customerId)?.code ?? '', customerName: names.customer(k.customerId)?.name ?? '' }))
      got += out.length
      yield out
    }
  }
  return { total, batches: batches() }
}

const LINE_FIELDS = ['lineNo', 'productCode', 'productName', 'spec', 'unit', 'qtyMilli', 'price4', 'taxRate', 'discountBp', 'amountFen', 'taxFen', 'netFen', 'shippedMilli', 'returnedMilli', 'remark'] as const
type RawLine = { orderId: number; lineNo: number; productCode: string; productName: string; spec: string | null; unit: string; qtyMilli: number; price4: number; taxRate: number; discountBp: number; amountFen: number; taxFen: number; netFen: number; shippedMilli: number; returnedMilli: number; remark: string | null }
/** PostgreSQL answers bigint columns as text */
function numericLine(l: RawLine): RawLine {
  if (typeof l.qtyMilli === 'number' && typeof l.orderId === 'number') return l
  for (const k of ['orderId', 'lineNo', 'qtyMilli', 'price4', 'taxRate', 'discountBp', 'amountFen', 'taxFen', 'netFen', 'shippedMilli', 'returnedMilli'] as const) l[k] = Number(l[k])
  return l
}

/** customer and user names, loaded as orders need them and kept for the rest of the export */
async function nameCache(em: EntityManager) {
  const customers = new Map<number, { code: string; name: string }>()
  const users = new Map((await em.getRepository(UserEntity).find({ select: { id: true, displayName: true } })).map((u) => [u.id, u.displayName]))
  return {
    async load(orders: Pick<SalesOrder, 'customerId'>[]) {
      const missing = [...new Set(orders.map((o) => o.customerId))].filter((id) => !customers.has(id))
      if (!missing.length) return
      const rows = await em.getRepository(CustomerEntity).find({ where: { id: In(missing) }, select: { id: true, code: true, name: true } })
      for (const c of rows) customers.set(c.id, { code: c.code, name: c.name })
    },
    customer: (id: number) => customers.get(id),
    user: (id: number | null) => (id == null ? null : (users.get(id) ?? null)),
  }
}

// ---------- full data (admin) ----------

/** never leaves the machine in an export: session tokens, password hashes and salts */
const SECRET_TABLES = new Set(['sessions'])
const SECRET_COLUMNS = /^(passwordHash|passwordSalt|tokenHash|token)$/

function fullDataSheets(ctx: Ctx, stamp: string): SheetSource[] {
  const metas = ctx.em.connection.entityMetadatas.filter((m) => !SECRET_TABLES.has(m.tableName)).sort((a, b) => a.tableName.localeCompare(b.tableName))
  return metas.map((m) => {
    const cols = m.columns.filter((c) => !SECRET_COLUMNS.test(c.propertyName))
    const columns: ExportCol[] = cols.map((c) => ({ key: c.propertyName, header: c.propertyName, type: fullType(c.propertyName, String(c.type)) }))
    return {
      name: m.tableName.slice(0, 31),
      title: () => `客单全部数据　表 ${m.tableName}　导出时间：${stamp}　导出人：${ctx.user.displayName}　（金额列为元；*Milli 为千分之一单位；price4 为万分之一元）`,
      columns,
      total: null,
      batches: tableRows(ctx.em, m),
    }
  })
}

const fullType = (name: string, type: string): ColumnType => (/Fen$/.test(name) ? 'money' : /int|number|bigint/i.test(type) ? 'integer' : 'text')

async function* tableRows(em: EntityManager, m: EntityMetadata): AsyncGenerator<Record<string, unknown>[]> {
  const repo = em.getRepository(m.target)
  const hasId = m.primaryColumns.length === 1 && m.primaryColumns[0]!.propertyName === 'id'
  const N = 5000
  if (hasId) {
    let after = 0
    for (;;) {
      const rows = (await repo.createQueryBuilder('t').where('t.id > :after', { after }).orderBy('t.id', 'ASC').limit(N).getMany()) as Record<string, unknown>[]
      if (!rows.length) return
      after = Number(rows[rows.length - 1]!.id)
      yield rows
      if (rows.length < N) return
    }
  }
  const order = Object.fromEntries(m.primaryColumns.map((c) => [c.propertyName, 'ASC' as const]))
  for (let skip = 0; ; skip += N) {
    const rows = (await repo.find({ order, skip, take: N })) as Record<string, unknown>[]
    if (!rows.length) return
    yield rows
    if (rows.length < N) return
  }
}
