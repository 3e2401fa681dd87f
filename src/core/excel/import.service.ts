/**
 * Import: read the file, map its columns to fields (suggested from header names and synonyms), read each cell,
 * validate each row with the contract's own schema, find duplicates against the database and inside the file,
 * and plan what committing would do. `planImport` runs on the read connection (dry run, and the prepare phase of
 * import.commit, outside the write queue); `applyPlan` runs in the one write transaction.
 */
import ExcelJS from 'exceljs'
import { createHash } from 'node:crypto'
import { z } from 'zod'
import { id, quantityStr } from '../contract/types'
import type { Ctx } from '../contract/method'
import { appError } from '../contract/errors'
import { customerCreateIn, contactIn } from '../customer/customer.schemas'
import { normalizeName } from '../customer/customer.rules'
import { CustomerEntity } from '../customer/customer.entity'
import { ProductEntity } from '../product/product.entity'
import { UserEntity } from '../auth/auth.entity'
import { productMethods } from '../product/product.contract'
import { updateCustomer } from '../customer/customer.service'
import { bulkCreateCustomers, type NewCustomer } from './import.customers'
import { insertContact } from '../customer/contact.service'
import { createProduct, loadProduct, moveStock, updateProduct } from '../product/product.service'
import { audit } from '../audit/audit.service'
import { fromMilli, toMilli, yuanToFen } from '../money/money'
import { readTable, UnreadableFile, type CellValue, type SheetTable } from './excel.read'
import { CellProblem, headerKey } from './excel.values'
import { KIND_FIELDS, SUPPORTED_KINDS, type FieldSpec, type ImportKind } from './import.kinds'
import { tracker, type Tracker } from './import.progress'
import { rowMessage, type RowMessageKey } from './import.messages'
import { DEFAULT_LOCALE, msgRef, withLocale, type Locale } from '../i18n/i18n'
import { applyHistory, planOpeningReceivables, planOrders, type HistoryOptions, type HistoryPlan, type RowValues } from './import.history'

export interface RowProblem {
  row: number
  column: string
  message: string
  level: 'error' | 'warning'
}

export type Mapping = Record<string, string | null>

interface PlannedRow {
  row: number
  input: Record<string, unknown>
  /** an existing record this row duplicates: updated or skipped by onDuplicate */
  existing?: { id: number; version: number }
}

export interface ImportPlan {
  kind: ImportKind
  fileName: string
  mapping: Mapping
  table: SheetTable
  totalRows: number
  rows: PlannedRow[]
  problems: RowProblem[]
  errorRows: Set<number>
  /** openingReceivables and orders: the documents to write */
  history?: HistoryPlan
}

/** header text → field key, from the field labels and synonyms (exact first, then a header containing a synonym) */
export function suggestMapping(kind: ImportKind, headers: string[]): Mapping {
  const fields = KIND_FIELDS[kind]
  const taken = new Set<string>()
  const out: Mapping = {}
  const pass = (match: (h: string, syn: string) => boolean) => {
    for (const h of headers) {
      if (!h || out[h]) continue
      const k = headerKey(h)
      const f = fields.find((f) => !taken.has(f.key) && [f.label, ...f.synonyms].some((s) => match(k, headerKey(s))))
      if (f) (out[h] = f.key), taken.add(f.key)
    }
  }
  pass((h, s) => h === s)
  pass((h, s) => s.length >= 2 && h.includes(s))
  for (const h of headers) if (h && !(h in out)) out[h] = null
  return out
}

function unsupported(kind: ImportKind, locale: Locale) {
  return appError('VALIDATION', 'validation.field', { path: 'kind', message: rowMessage(locale, 'kindUnsupported', { kind: rowMessage(locale, `kind.${kind}`) }) }, { field: 'kind' })
}

/**
 * The tables of the last files read (the dry run's file is read again by its commit): keyed by a hash of name and
 * bytes, kept 10 minutes. Reading a 10 000-row workbook is most of a dry run; the validation against the database
 * still runs again at commit.
 */
const tableCache = new Map<string, { at: number; table: SheetTable }>()
const TABLE_CACHE_MS = 10 * 60_000

export async function loadTable(fileName: string, base64: string, locale: Locale = DEFAULT_LOCALE): Promise<SheetTable> {
  const key = createHash('sha256').update(fileName).update('\0').update(base64).digest('hex')
  const now = Date.now()
  for (const [k, v] of tableCache) if (now - v.at > TABLE_CACHE_MS) tableCache.delete(k)
  const hit = tableCache.get(key)
  if (hit) return hit.table
  const table = await readTableOrRefuse(fileName, base64, locale)
  tableCache.set(key, { at: now, table })
  while (tableCache.size > 3) tableCache.delete(tableCache.keys().next().value!)
  return table
}

async function readTableOrRefuse(fileName: string, base64: string, locale: Locale): Promise<SheetTable> {
  try {
    return await readTable(fileName, Buffer.from(base64, 'base64'))
  } catch (e) {
    if (e instanceof UnreadableFile) {
      throw appError('VALIDATION', 'validation.field', { path: fileName, message: rowMessage(locale, e.message === 'xls' ? 'oldXls' : 'unreadable') }, { field: 'base64' })
    }
    throw e
  }
}

const zodPathField = (kind: ImportKind, path: PropertyKey[]): string => {
  if (kind === 'customers') {
    if (path[0] === 'contacts') return `contact.${String(path[2] ?? 'name')}`
    if (path[0] === 'addresses') return path[2] === 'phone' ? 'receiverPhone' : path[2] === 'receiver' ? 'receiver' : 'shippingAddress'
    if (path[0] === 'creditLimitFen') return 'creditLimit'
  }
  return String(path[0] ?? '')
}

export async function planImport(ctx: Ctx, kind: ImportKind, fileName: string, base64: string, given?: Mapping, options: Partial<HistoryOptions> = {}, track: Tracker = tracker(ctx, undefined)): Promise<ImportPlan> {
  if (!SUPPORTED_KINDS.includes(kind)) throw unsupported(kind, ctx.locale)
  // row messages (and the zod issues of the rows) in the caller's language
  const m = (k: RowMessageKey, p?: Record<string, string | number>) => rowMessage(ctx.locale, k, p)
  track.phase('reading')
  const table = await loadTable(fileName, base64, ctx.locale)
  track.phase('validating', table.rows.length)
  const fields = KIND_FIELDS[kind]
  const mapping: Mapping = given ? { ...given } : suggestMapping(kind, table.headers)
  const colOf = new Map<string, number>()
  for (const [h, key] of Object.entries(mapping)) {
    const i = table.headers.indexOf(h)
    if (key && i >= 0 && !colOf.has(key)) colOf.set(key, i)
  }
  const headerOf = (key: string) => {
    const i = colOf.get(key)
    return i === undefined ? (fields.find((f) => f.key === key)?.label ?? key) : table.headers[i]!
  }
  const plan: ImportPlan = { kind, fileName, mapping, table, totalRows: table.rows.length, rows: [], problems: [], errorRows: new Set() }
  const problem = (row: number, key: string, message: string, level: RowProblem['level'] = 'error') => {
    plan.problems.push({ row, column: headerOf(key), message, level })
    if (level === 'error') plan.errorRows.add(row)
  }
  const missing = fields.filter((f) => f.required && !colOf.has(f.key))
  if (missing.length) {
    for (const f of missing) plan.problems.push({ row: 1, column: f.label, message: m('missingColumn', { column: f.label }), level: 'error' })
    for (const r of table.rows) plan.errorRows.add(r.row)
    return plan
  }
  const history = kind === 'orders' || kind === 'openingReceivables'
  const lookups = history ? null! : await loadLookups(ctx, kind)
  const seen = new Map<string, number>()
  const historyRows: RowValues[] = []
  let index = 0
  for (const r of table.rows) {
    if (++index % 200 === 0) await track.step(index)
    const values: Record<string, unknown> = {}
    let bad = false
    for (const f of fields) {
      const i = colOf.get(f.key)
      if (i === undefined) continue
      try {
        const v = f.read(r.cells[i] ?? null)
        if (v !== null && v !== undefined) values[f.key] = v
      } catch (e) {
        if (!(e instanceof CellProblem)) throw e
        problem(r.row, f.key, m(e.key, e.params))
        bad = true
      }
    }
    for (const f of fields) if (f.required && values[f.key] === undefined && !plan.problems.some((p) => p.row === r.row && p.column === headerOf(f.key))) problem(r.row, f.key, m('required', { label: f.label })), (bad = true)
    if (bad) continue
    if (history) {
      historyRows.push({ row: r.row, values })
      continue
    }
    const built = buildInput(kind, values, lookups, (key, msg) => problem(r.row, key, msg), m)
    if (!built) continue
    // zod renders an issue's message when it is read: parse and read in the caller's language
    const parsed = withLocale(ctx.locale, () => {
      const p = schemaOf(kind).safeParse(built.input)
      if (!p.success) for (const iss of p.error.issues) problem(r.row, zodPathField(kind, iss.path), iss.message)
      return p
    })
    if (!parsed.success) continue
    const input = { ...(parsed.data as Record<string, unknown>), ...built.extra }
    // duplicates inside the file: the later row is refused, naming the first
    for (const key of built.fileKeys) {
      const first = seen.get(key)
      if (first !== undefined) {
        problem(r.row, built.keyField, m('duplicateRow', { row: first }))
        bad = true
        break
      }
    }
    if (bad) continue
    for (const key of built.fileKeys) seen.set(key, r.row)
    if (built.existing) problem(r.row, built.keyField, m('exists', { label: built.existing.label }), 'warning')
    plan.rows.push({ row: r.row, input, ...(built.existing ? { existing: { id: built.existing.id, version: built.existing.version } } : {}) })
  }
  if (history) {
    const opts: HistoryOptions = { orderStatus: options.orderStatus ?? 'completed', numbering: options.numbering ?? 'file' }
    if (kind === 'orders') {
      const r = await planOrders(ctx, historyRows, problem, ctx.locale, opts)
      plan.history = r.plan
      for (const row of r.validRows) plan.rows.push({ row, input: {} })
      for (const row of r.duplicateRows) plan.rows.push({ row, input: {}, existing: { id: 0, version: 0 } })
    } else {
      const r = await planOpeningReceivables(ctx, historyRows, problem, ctx.locale)
      plan.history = r.plan
      for (const row of r.validRows) plan.rows.push({ row, input: {} })
    }
  }
  return plan
}

function schemaOf(kind: ImportKind): z.ZodType {
  if (kind === 'customers') return customerCreateIn
  if (kind === 'contacts') return contactIn.extend({ customerId: customerCreateIn.shape.ownerId.unwrap().unwrap() })
  if (kind === 'products') return productMethods.find((m) => m.name === 'product.create')!.input
  return openingStockIn
}

const openingStockIn = z.object({ productId: id, quantity: quantityStr, reason: z.string().trim().max(200) })

interface Lookups {
  customersByName: Map<string, { id: number; version: number; code: string; name: string }>
  customersByUscc: Map<string, { id: number; version: number; code: string; name: string }>
  customersByCode: Map<string, { id: number; version: number; code: string; name: string }>
  users: Map<string, number>
  products: Map<string, { id: number; version: number; code: string; name: string }>
}

async function loadLookups(ctx: Ctx, kind: ImportKind): Promise<Lookups> {
  const l: Lookups = { customersByName: new Map(), customersByUscc: new Map(), customersByCode: new Map(), users: new Map(), products: new Map() }
  if (kind === 'customers' || kind === 'contacts') {
    const rows = await ctx.em.getRepository(CustomerEntity).createQueryBuilder('c').select(['c.id', 'c.version', 'c.code', 'c.name', 'c.nameKey', 'c.uscc']).where('c.mergedIntoId IS NULL').getMany()
    for (const c of rows) {
      const v = { id: c.id, version: c.version, code: c.code, name: c.name }
      l.customersByName.set(c.nameKey, v)
      if (c.uscc) l.customersByUscc.set(c.uscc, v)
      l.customersByCode.set(c.code, v)
    }
  }
  if (kind === 'customers') {
    for (const u of await ctx.em.getRepository(UserEntity).find({ select: { id: true, username: true, displayName: true, disabled: true } })) {
      if (u.disabled) continue
      l.users.set(u.username, u.id)
      l.users.set(u.displayName, u.id)
    }
  }
  if (kind === 'products' || kind === 'openingStock') {
    for (const p of await ctx.em.getRepository(ProductEntity).find({ select: { id: true, version: true, code: true, name: true } })) l.products.set(p.code, { id: p.id, version: p.version, code: p.code, name: p.name })
  }
  return l
}

interface Built {
  input: Record<string, unknown>
  /** carried to the commit beside the validated input */
  extra: Record<string, unknown>
  fileKeys: string[]
  keyField: string
  existing?: { id: number; version: number; label: string }
}

function buildInput(kind: ImportKind, v: Record<string, unknown>, l: Lookups, problem: (key: string, msg: string) => void, m: (k: RowMessageKey, p?: Record<string, string | number>) => string): Built | null {
  const str = (k: string) => v[k] as string | undefined
  if (kind === 'customers') {
    let ownerId: number | null | undefined
    if (str('ownerName')) {
      ownerId = l.users.get(str('ownerName')!)
      if (ownerId === undefined) return problem('ownerName', m('noUser', { name: str('ownerName')! })), null
    }
    let creditLimitFen: number | undefined
    if (v.creditLimit !== undefined) creditLimitFen = yuanToFen(v.creditLimit as string)
    const contact = str('contact.name') ? [{ name: str('contact.name'), title: str('contact.title'), mobile: str('contact.mobile'), phone: str('contact.phone'), email: str('contact.email'), wechat: str('contact.wechat') }] : []
    if (!str('contact.name') && (str('contact.mobile') || str('contact.email'))) return problem('contact.name', m('contactNameNeeded')), null
    const address = str('shippingAddress') ? [{ receiver: str('receiver') ?? str('contact.name') ?? v.name, phone: str('receiverPhone') ?? str('contact.mobile'), address: str('shippingAddress') }] : []
    const input: Record<string, unknown> = {
      name: v.name,
      code: v.code,
      shortName: v.shortName,
      kind: v.kind,
      uscc: v.uscc,
      industry: v.industry,
      size: v.size,
      province: v.province,
      city: v.city,
      district: v.district,
      address: v.address,
      phone: v.phone,
      source: v.source,
      tags: v.tags,
      stage: v.stage,
      ...(ownerId !== undefined ? { ownerId } : {}),
      creditLimitFen,
      paymentTermDays: v.paymentTermDays,
      remark: v.remark,
      contacts: contact,
      addresses: address,
      confirmDuplicate: true,
    }
    for (const k of Object.keys(input)) if (input[k] === undefined) delete input[k]
    const nameKey = normalizeName(String(v.name))
    const uscc = str('uscc')?.toUpperCase()
    const hit = l.customersByName.get(nameKey) ?? (uscc ? l.customersByUscc.get(uscc) : undefined) ?? (str('code') ? l.customersByCode.get(str('code')!) : undefined)
    return {
      input,
      extra: {},
      fileKeys: [`n:${nameKey}`, ...(uscc ? [`u:${uscc}`] : []), ...(str('code') ? [`c:${str('code')}`] : [])],
      keyField: 'name',
      ...(hit ? { existing: { id: hit.id, version: hit.version, label: `${hit.code} ${hit.name}` } } : {}),
    }
  }
  if (kind === 'contacts') {
    const key = str('customer')!
    const c = l.customersByCode.get(key) ?? l.customersByName.get(normalizeName(key))
    if (!c) return problem('customer', m('noCustomer', { name: key })), null
    const input = { customerId: c.id, name: v.name, title: v.title, mobile: v.mobile, phone: v.phone, email: v.email, wechat: v.wechat, isPrimary: v.isPrimary }
    return { input, extra: {}, fileKeys: [`${c.id}:${String(v.name)}:${String(v.mobile ?? v.phone ?? '')}`], keyField: 'name' }
  }
  if (kind === 'products') {
    const input: Record<string, unknown> = { ...v, ...(v.taxRate !== undefined ? { taxRate: v.taxRate } : {}) }
    for (const k of Object.keys(input)) if (input[k] === undefined) delete input[k]
    const hit = l.products.get(String(v.code))
    return { input, extra: {}, fileKeys: [String(v.code)], keyField: 'code', ...(hit ? { existing: { id: hit.id, version: hit.version, label: `${hit.code} ${hit.name}` } } : {}) }
  }
  // openingStock
  const p = l.products.get(str('productCode')!)
  if (!p) return problem('productCode', m('noProduct', { code: str('productCode')! })), null
  if (String(v.quantity).startsWith('-')) return problem('quantity', m('openingQtyNegative')), null
  return { input: { productId: p.id, quantity: v.quantity, reason: str('reason') ?? '期初库存' }, extra: {}, fileKeys: [p.code], keyField: 'productCode' }
}

export function dryRunOut(plan: ImportPlan) {
  return {
    mapping: plan.mapping,
    headers: plan.table.headers,
    fields: KIND_FIELDS[plan.kind].map((f) => ({ key: f.key, label: f.label, required: !!f.required })),
    totalRows: plan.totalRows,
    validRows: plan.rows.length,
    duplicateRows: plan.rows.filter((r) => r.existing).length,
    errors: plan.problems,
  }
}

/** The original rows that have errors, with an 错误 column naming column and problem, to fix and import again. */
export async function errorWorkbook(plan: ImportPlan, locale: Locale = DEFAULT_LOCALE): Promise<string | undefined> {
  if (!plan.errorRows.size) return undefined
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet(rowMessage(locale, 'errorSheet'))
  const header = ws.addRow([...plan.table.headers, rowMessage(locale, 'errorRowNo'), rowMessage(locale, 'errorColumn')])
  header.font = { bold: true }
  ws.views = [{ state: 'frozen', ySplit: 1 }]
  const byRow = new Map<number, string[]>()
  for (const p of plan.problems) if (p.level === 'error') byRow.set(p.row, [...(byRow.get(p.row) ?? []), `${p.column}：${p.message}`])
  for (const r of plan.table.rows) {
    if (!plan.errorRows.has(r.row)) continue
    const row = ws.addRow([...r.cells.map((c: CellValue) => c), r.row, (byRow.get(r.row) ?? []).join('；')])
    row.getCell(plan.table.headers.length + 2).font = { color: { argb: 'FFC00000' } }
  }
  const header1 = byRow.get(1)
  if (header1) ws.addRow([]).getCell(1).value = header1.join('；')
  ws.columns.forEach((c, i) => (c.width = i === plan.table.headers.length + 1 ? 60 : 16))
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64')
}

/** Commit, inside the write transaction: every valid row, or nothing. */
export async function applyPlan(ctx: Ctx, plan: ImportPlan, onDuplicate: 'skip' | 'update', track: Tracker = tracker(ctx, undefined)) {
  let created = 0
  let updated = 0
  let skipped = 0
  if (plan.history) {
    const r = await applyHistory(ctx, plan.kind as 'orders' | 'openingReceivables', plan.history, plan.fileName, track)
    created = r.created
    skipped = r.skipped + plan.history.duplicates
    await importAudit(ctx, plan, created, updated, skipped)
    return { created, updated, skipped }
  }
  // new customers go in as one bulk insert (issue 13 speed); updates one by one through the service
  const fresh: NewCustomer[] = []
  track.phase('writing', plan.rows.length)
  let index = 0
  const note = (entity: string, id: number, row: number, action: 'created' | 'updated') =>
    audit(ctx, { entity, entityId: id, action: 'import', summary: { key: action === 'updated' ? 'audit.import.updated' : 'audit.import.created', params: { file: plan.fileName, row } } })
  for (const r of plan.rows) {
    if (plan.kind !== 'customers' || r.existing) await track.step(++index)
    const input = r.input as never as Record<string, unknown>
    if (plan.kind === 'customers') {
      if (r.existing) {
        if (onDuplicate === 'skip') {
          skipped++
          continue
        }
        const { contacts, addresses, confirmDuplicate, ownerId, code, ...fields } = input
        void contacts, void addresses, void confirmDuplicate, void ownerId, void code
        await updateCustomer(ctx, { ...(fields as object), id: r.existing.id, version: r.existing.version, confirmDuplicate: true } as never)
        await note('customer', r.existing.id, r.row, 'updated')
        updated++
      } else fresh.push({ row: r.row, input: input as never })
    } else if (plan.kind === 'products') {
      if (r.existing) {
        if (onDuplicate === 'skip') {
          skipped++
          continue
        }
        const { initialStock, code, ...fields } = input
        void initialStock, void code
        await updateProduct(ctx, { ...(fields as object), id: r.existing.id, version: r.existing.version } as never)
        await note('product', r.existing.id, r.row, 'updated')
        updated++
      } else {
        const p = await createProduct(ctx, input as never)
        const q = input.initialStock ? toMilli(String(input.initialStock)) : 0
        if (q > 0) {
          await moveStock(ctx, p.id, q, 'adjust', { reason: '期初库存' })
          await audit(ctx, { entity: 'product', entityId: p.id, action: 'stock.adjust', summary: { key: 'audit.product.openingStock', params: { qty: fromMilli(q), unit: p.unit } }, changes: [{ field: 'onHand', before: '0', after: fromMilli(q) }] })
        }
        await note('product', p.id, r.row, 'created')
        created++
      }
    } else if (plan.kind === 'contacts') {
      const { customerId, ...contact } = input as { customerId: number }
      const c = await insertContact(ctx, customerId, contact as never)
      await audit(ctx, { entity: 'customer', entityId: customerId, action: 'import', summary: { key: 'audit.import.contact', params: { name: String(c.name), file: plan.fileName, row: r.row } } })
      created++
    } else if (plan.kind === 'openingStock') {
      const { productId, quantity, reason } = input as { productId: number; quantity: string; reason: string }
      const before = await loadProduct(ctx, productId)
      const q = toMilli(quantity) - before.onHandMilli
      if (q !== 0) {
        const after = await moveStock(ctx, productId, q, 'adjust', { reason })
        await audit(ctx, { entity: 'product', entityId: productId, action: 'stock.adjust', summary: { key: 'audit.import.openingStock', params: { qty: fromMilli(after), unit: before.unit, file: plan.fileName, row: r.row } }, changes: [{ field: 'onHand', before: fromMilli(before.onHandMilli), after: fromMilli(after) }] })
        updated++
      } else skipped++
    }
  }
  if (fresh.length) created += await bulkCreateCustomers(ctx, fresh, plan.fileName, track, index)
  await importAudit(ctx, plan, created, updated, skipped)
  return { created, updated, skipped }
}

async function importAudit(ctx: Ctx, plan: ImportPlan, created: number, updated: number, skipped: number) {
  await audit(ctx, {
    entity: 'import',
    entityId: 0,
    action: `import.${plan.kind}`,
    summary: { key: 'audit.import.done', params: { kind: msgRef(`enum.importKind.${plan.kind}`), file: plan.fileName, total: plan.totalRows, created, updated, skipped, errors: plan.errorRows.size } },
    changes: { fileName: plan.fileName, totalRows: plan.totalRows, created, updated, skipped, errors: plan.errorRows.size },
  })
}

export type { FieldSpec }
