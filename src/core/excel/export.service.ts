/**
 * export.xlsx: any list or report, with the caller's filters and sort, through the list's own read method (so
 * the caller's data scope applies exactly as on screen), paged until done, into a typed workbook. Columns come
 * from the rows' fields: *Fen → money, dates → dates, numbers → numbers, labels from EXPORT_LABELS.
 */
import ExcelJS from 'exceljs'
import type { AnyMethod, Ctx } from '../contract/method'
import { appError } from '../contract/errors'
import { scopeOf } from '../auth/permissions'
import { fillSheet, XLSX_MIME, type ColumnType, type ExportColumn } from './excel.write'

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

/** Chinese column headers of the fields lists return */
const EXPORT_LABELS: Record<string, string> = {
  code: '编码', name: '名称', shortName: '简称', kind: '类型', uscc: '统一社会信用代码', industry: '行业', size: '规模', province: '省份', city: '城市',
  district: '区县', address: '地址', phone: '电话', mobile: '手机', email: '邮箱', wechat: '微信', title: '职务', source: '来源', tags: '标签', stage: '客户阶段',
  ownerName: '负责人', creditLimitFen: '信用额度', paymentTermDays: '账期天数', remark: '备注', createdAt: '创建时间', updatedAt: '更新时间',
  updatedByName: '更新人', lastFollowUpAt: '最近跟进', customerName: '客户', customerCode: '客户编码', no: '单号', date: '日期', status: '状态',
  statusLabel: '状态', salespersonName: '业务员', totalFen: '金额', amountFen: '金额', taxFen: '税额', paidFen: '已收', balanceFen: '余额',
  spec: '规格', unit: '单位', category: '分类', barcode: '条码', salePrice: '销售价', taxRate: '税率', active: '启用', onHand: '库存',
  reserved: '已占用', available: '可用', lowStockThreshold: '库存下限', lowStock: '低于下限', quantity: '数量', price: '单价', productCode: '商品编码',
  productName: '商品名称', dueDate: '到期日', overdueDays: '逾期天数', receivableFen: '应收', receivedFen: '已收', outstandingFen: '未收',
  isPrimary: '主联系人', priceIncludesTax: '含税', contactName: '联系人', promisedDate: '承诺交期', expectedAmountFen: '预计金额', probability: '赢单率',
}

const MAX_ROWS = 100_000

function columnsOf(rows: Record<string, unknown>[]): ExportColumn[] {
  const keys: string[] = []
  for (const r of rows.slice(0, 50)) for (const k of Object.keys(r)) if (!keys.includes(k)) keys.push(k)
  const skip = new Set(['id', 'version', 'searchText', 'customerId', 'ownerId', 'createdById', 'updatedById', 'salespersonId', 'productId', 'mergedIntoId'])
  return keys
    .filter((k) => !skip.has(k) && !(k.endsWith('Id') && typeof rows[0]?.[k] === 'number'))
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
    if (/^-?\d+(\.\d+)?$/.test(sample) && /price|quantity|qty|onHand|reserved|available|threshold|amount/i.test(k)) return 'decimal'
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

export async function exportList(ctx: Ctx, methods: readonly AnyMethod[], list: ExportList, filters: Record<string, unknown> = {}, sort?: string) {
  const [methodName, title] = EXPORT_LISTS[list]
  const def = methods.find((m) => m.name === methodName)
  if (!def) throw appError('VALIDATION', 'validation.field', { path: 'list', message: `不能导出 ${list}` })
  if (Array.isArray(def.access) && !def.access.includes(ctx.user.role)) throw appError('FORBIDDEN', 'error.forbidden', {}, { method: methodName, role: ctx.user.role })
  // DOMAIN.md: a salesperson exports their own customers (the pool they may read is not theirs to take away)
  const own = scopeOf('exports', ctx.user.role) === 'own' && list === 'customers' ? { ownerId: ctx.user.id } : {}
  const base = { ...filters, ...(sort ? { sort } : {}), ...own }
  const probe = def.input.safeParse({ ...base, page: 1, pageSize: 200 })
  const paged = probe.success && typeof (probe.data as Record<string, unknown>)?.page === 'number'
  let rows: Record<string, unknown>[] = []
  if (paged) {
    const pageSize = (def.input.safeParse({ ...base, page: 1, pageSize: 1000 }).success ? 1000 : 200) as number
    for (let page = 1; ; page++) {
      const input = def.input.parse({ ...base, page, pageSize })
      const out = (await def.handler(ctx, input, undefined)) as { items: Record<string, unknown>[]; total?: number }
      const items = rowsOf(out)
      rows.push(...items)
      if (items.length < pageSize || rows.length >= (out.total ?? Infinity) || rows.length >= MAX_ROWS) break
    }
  } else {
    const parsed = def.input.safeParse(Object.keys(base).length ? base : undefined)
    if (!parsed.success) throw appError('VALIDATION', 'validation.field', { path: 'filters', message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('；') })
    rows = rowsOf(await def.handler(ctx, parsed.data, undefined))
  }
  if (list === 'orderLines') rows = rows.flatMap((o) => (Array.isArray(o.lines) ? (o.lines as Record<string, unknown>[]).map((l) => ({ no: o.no, date: o.date, customerName: o.customerName, ...l })) : [o]))
  rows = rows.slice(0, MAX_ROWS)
  const now = ctx.now()
  const stamp = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')
  const filterText = Object.entries(base)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${EXPORT_LABELS[k] ?? k}=${Array.isArray(v) ? v.join('、') : String(v)}`)
    .join('，')
  const wb = new ExcelJS.Workbook()
  wb.creator = 'Kedan 客单'
  const ws = wb.addWorksheet(title)
  fillSheet(ws, `${title}　筛选：${filterText || '全部'}　导出时间：${stamp}　导出人：${ctx.user.displayName}　共 ${rows.length} 行`, columnsOf(rows), rows)
  const fileName = `${title}_${stamp.slice(0, 10).replace(/-/g, '')}.xlsx`
  return { fileName, mimeType: XLSX_MIME, base64: Buffer.from(await wb.xlsx.writeBuffer()).toString('base64'), rows: rows.length }
}
