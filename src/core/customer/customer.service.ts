import { In, IsNull } from 'typeorm'
import type { Ctx } from '../contract/method'
import { appError, staleConflict } from '../contract/errors'
import { msgRef, renderMessage } from '../i18n/i18n'
import { changedFields, requireAssignee, requireFields } from '../auth/authorize'
import { rateLimit } from '../auth/rate-limit'
import { can, CUSTOMER_CREATE_FIELDS, CUSTOMER_UPDATE_FIELDS, hasCapability } from '../auth/permissions'
import { canSeeOwner, ownerScope } from '../auth/scope'
import { audit, diff } from '../audit/audit.service'
import { nextNumber } from '../numbering/numbering.service'
import { ContactEntity, FollowUpEntity, ShippingAddressEntity, type Customer } from './customer.entity'
import { normalizeName, normalizePhone, normalizeQuery, tagsFromColumn, tagsToColumn } from './customer.rules'
import { checkOwner, loadVisible, refreshSearchText, repo, stamp, toCustomerOut, userNames } from './customer.shared'
import { insertAddress, insertContact, type AddressInput, type ContactInput } from './contact.service'
import { assertPrivateCapacity } from './pool.service'
import { creditRules } from '../settings/settings.rules'
import { escapeLike, LIKE_ESCAPE } from '../db/sql'

export { loadVisible, refreshSearchText, toCustomerOut } from './customer.shared'

export const CUSTOMER_AUDIT_FIELDS = [
  'code', 'name', 'shortName', 'kind', 'uscc', 'industry', 'size', 'province', 'city', 'district', 'address', 'phone',
  'source', 'tags', 'stage', 'ownerId', 'creditLimitFen', 'paymentTermDays', 'remark',
] as const satisfies readonly (keyof Customer)[]

/** Who may create and edit customers, field by field (DOMAIN.md's role table; finance edits the credit fields only). */
export const CUSTOMER_CREATE_PERMISSION = can('customerEdit', CUSTOMER_CREATE_FIELDS)
export const CUSTOMER_UPDATE_PERMISSION = can('customerEdit', CUSTOMER_UPDATE_FIELDS, ['credit'])

export type CustomerChanges = Partial<Omit<Customer, 'tags'> & { tags: string[] }>

export type DuplicateReason = 'name' | 'uscc' | 'phone'

type DuplicateQuery = { name?: string | null; uscc?: string | null; phones?: (string | null | undefined)[]; excludeId?: number }

export async function findDuplicates(ctx: Ctx, q: DuplicateQuery) {
  return (await findDuplicateRows(ctx, q)).map((d) => d.item)
}

/** The possible duplicates with their owners (the owner id stays in the core: it is never sent). */
async function findDuplicateRows(ctx: Ctx, q: DuplicateQuery) {
  const hits = new Map<number, Set<DuplicateReason>>()
  const add = (id: number, r: DuplicateReason) => {
    if (id === q.excludeId) return
    if (!hits.has(id)) hits.set(id, new Set())
    hits.get(id)!.add(r)
  }
  const live = { mergedIntoId: IsNull() }
  if (q.name) {
    const key = normalizeName(q.name)
    if (key) for (const c of await repo(ctx.em).find({ where: { nameKey: key, ...live }, select: { id: true } })) add(c.id, 'name')
  }
  if (q.uscc) {
    for (const c of await repo(ctx.em).find({ where: { uscc: q.uscc.toUpperCase(), ...live }, select: { id: true } })) add(c.id, 'uscc')
  }
  const phones = [...new Set((q.phones ?? []).map(normalizePhone).filter((p) => p.length >= 5))]
  if (phones.length) {
    for (const c of await repo(ctx.em).find({ where: { phoneKey: In(phones), ...live }, select: { id: true } })) add(c.id, 'phone')
    for (const p of phones) {
      const rows = await ctx.em
        .getRepository(ContactEntity)
        .createQueryBuilder('ct')
        .select(['ct.customerId'])
        .where('ct.phoneKey LIKE :p', { p: `%,${p},%` })
        .getMany()
      for (const r of rows) add(r.customerId, 'phone')
    }
  }
  if (!hits.size) return []
  // oldest first on every engine (PostgreSQL returns rows in no set order without ORDER BY)
  const rows = await repo(ctx.em).find({ where: { id: In([...hits.keys()]), ...live }, order: { id: 'ASC' } })
  const names = await userNames(ctx.em, rows.map((r) => r.ownerId))
  const scope = await ownerScope(ctx)
  const order: DuplicateReason[] = ['name', 'uscc', 'phone']
  return rows.map((r) => {
    const ownerName = r.ownerId != null ? (names.get(r.ownerId) ?? null) : null
    const reasons = order.filter((x) => hits.get(r.id)!.has(x))
    const why = reasons.map((x) => renderMessage(`customer.dupReason.${x}`, undefined, ctx.locale)).join(ctx.locale === 'en-US' ? ', ' : '、')
    // a customer outside the caller's data scope is named only by its owner: no id, code, name or contact data
    if (!canSeeOwner(scope, r.ownerId)) {
      const message = renderMessage('customer.existsUnder', { owner: ownerName ?? msgRef('customer.otherSales'), why }, ctx.locale)
      return { ownerId: r.ownerId, item: { id: null, code: null, name: null, ownerName, visible: false as const, reasons, message } }
    }
    const message = ctx.locale === 'en-US' ? `${r.code} ${r.name} (${why})` : `${r.code} ${r.name}（${why}）`
    return { ownerId: r.ownerId, item: { id: r.id, code: r.code, name: r.name, ownerName, visible: true as const, reasons, message } }
  })
}

type DuplicateRow = Awaited<ReturnType<typeof findDuplicateRows>>[number]

/**
 * 防撞单 (DOMAIN.md, issue 14). The same USCC is always refused; a name duplicate of a customer someone else owns
 * is refused unless the caller may override (customerDuplicate: admin / manager) and confirms with a reason;
 * other possible duplicates (one's own customers, the pool, a shared phone) need only the confirmation.
 * Returns the reason of an override, to be logged.
 */
async function guardDuplicates(ctx: Ctx, rows: DuplicateRow[], confirm: boolean, reason: string | null | undefined): Promise<string | null> {
  if (!rows.length) return null
  const list = (rs: DuplicateRow[]) => rs.map((d) => d.item.message).join(ctx.locale === 'en-US' ? '; ' : '、')
  if (rows.some((d) => !d.item.visible)) rateLimit(ctx, 'customer.duplicates', DUPLICATE_LOOKUPS_PER_MINUTE, 60_000, '查重')
  const sameUscc = rows.filter((d) => d.item.reasons.includes('uscc'))
  if (sameUscc.length) {
    const first = sameUscc[0]!.item
    throw appError('CONFLICT', 'customer.usccTaken', { list: list(sameUscc) }, { field: 'uscc', duplicates: sameUscc.map((d) => d.item), overridable: false, ...(first.visible ? { existingId: first.id } : {}) })
  }
  const foreign = rows.filter((d) => d.item.reasons.includes('name') && d.ownerId != null && d.ownerId !== ctx.user.id)
  if (foreign.length) {
    if (!hasCapability(ctx.user.role, 'customerDuplicate')) {
      throw appError('CONFLICT', 'customer.ownedByOther', { list: list(foreign) }, { field: 'name', duplicates: foreign.map((d) => d.item), overridable: false })
    }
    if (!confirm || !reason?.trim()) {
      throw appError('CONFLICT', 'customer.duplicateNeedsReason', { list: list(foreign) }, { field: 'name', duplicates: rows.map((d) => d.item), overridable: true, needsReason: true })
    }
    return reason.trim()
  }
  if (!confirm) throw duplicateConflict(ctx, rows.map((d) => d.item))
  return null
}

async function auditDuplicateOverride(ctx: Ctx, id: number, name: string, reason: string | null) {
  if (!reason) return
  await audit(ctx, { entity: 'customer', entityId: id, action: 'duplicateOverride', summary: { key: 'audit.customer.duplicateOverride', params: { name, reason } } })
}

/** customer.checkDuplicates (and create/update conflicts naming someone else's customer) per user and minute. */
export const DUPLICATE_LOOKUPS_PER_MINUTE = 30

/** The CONFLICT a possible duplicate answers: out-of-scope customers only as "已存在于 <owner> 名下". */
function duplicateConflict(ctx: Ctx, dups: Awaited<ReturnType<typeof findDuplicates>>) {
  // naming the owner of a customer the caller cannot see is what the limit on look-ups protects
  if (dups.some((d) => !d.visible)) rateLimit(ctx, 'customer.duplicates', DUPLICATE_LOOKUPS_PER_MINUTE, 60_000, '查重')
  const list = dups.map((d) => (d.visible ? d.name : d.message)).join(ctx.locale === 'en-US' ? '; ' : '、')
  return appError('CONFLICT', 'customer.possibleDuplicate', { list }, { duplicates: dups })
}

async function assertCodeFree(ctx: Ctx, code: string, exceptId?: number) {
  const other = await repo(ctx.em).findOneBy({ code })
  if (other && other.id !== exceptId) {
    // the customer holding the code is named only when the caller may see it
    if (!canSeeOwner(await ownerScope(ctx), other.ownerId)) throw appError('CONFLICT', 'customer.codeTaken', { code }, { field: 'code' })
    throw appError('CONFLICT', 'customer.codeTakenBy', { code, name: other.name }, { field: 'code', existingId: other.id })
  }
}

export interface CustomerCreateInput {
  code?: string | null
  name: string
  shortName?: string | null
  kind: 'company' | 'person'
  uscc?: string | null
  industry?: string | null
  size?: string | null
  province?: string | null
  city?: string | null
  district?: string | null
  address?: string | null
  phone?: string | null
  source?: string | null
  tags: string[]
  stage: Customer['stage']
  ownerId?: number | null
  /** left out: settings.credit.defaultLimitFen */
  creditLimitFen?: number
  paymentTermDays: number
  remark?: string | null
  contacts: ContactInput[]
  addresses: AddressInput[]
  confirmDuplicate: boolean
  /** why a manager / admin creates a customer whose name another salesperson's customer has (logged) */
  duplicateReason?: string | null
}


export async function createCustomer(ctx: Ctx, input: CustomerCreateInput) {
  // a limit left out is the company's default for new customers (settings.credit); another limit and payment
  // terms other than none are set by admin / manager / finance only
  const defaultLimitFen = (await creditRules(ctx)).defaultLimitFen
  const creditLimitFen = input.creditLimitFen ?? defaultLimitFen
  requireFields(ctx, CUSTOMER_CREATE_PERMISSION, changedFields(null, { creditLimitFen, paymentTermDays: input.paymentTermDays }, { creditLimitFen: defaultLimitFen, paymentTermDays: 0 }))
  const overrideReason = await guardDuplicates(
    ctx,
    await findDuplicateRows(ctx, { name: input.name, uscc: input.uscc, phones: [input.phone, ...input.contacts.flatMap((c) => [c.mobile, c.phone])] }),
    input.confirmDuplicate,
    input.duplicateReason,
  )
  let ownerId: number | null
  if (input.ownerId === undefined) ownerId = ctx.user.role === 'sales' ? ctx.user.id : null
  else ownerId = input.ownerId
  await checkOwner(ctx, ownerId)
  // a salesperson creates customers for themselves or the pool, a manager for the team or the pool
  await requireAssignee(ctx, 'customerEdit', 'ownerId', ownerId)
  // at most K private customers per salesperson (settings.pool.maxPrivate)
  await assertPrivateCapacity(ctx, ownerId, 1)

  const code = input.code
    ? (await assertCodeFree(ctx, input.code), input.code)
    : await nextNumber(ctx, 'customer', { taken: async (c) => (await repo(ctx.em).countBy({ code: c })) > 0 })

  const { now, by } = stamp(ctx)
  const row: Omit<Customer, 'id'> = {
    code,
    name: input.name,
    shortName: input.shortName ?? null,
    kind: input.kind,
    uscc: input.uscc ?? null,
    industry: input.industry ?? null,
    size: input.size ?? null,
    province: input.province ?? null,
    city: input.city ?? null,
    district: input.district ?? null,
    address: input.address ?? null,
    phone: input.phone ?? null,
    source: input.source ?? null,
    tags: tagsToColumn(input.tags),
    stage: input.stage,
    ownerId,
    creditLimitFen,
    paymentTermDays: input.paymentTermDays,
    remark: input.remark ?? null,
    searchText: '',
    nameKey: normalizeName(input.name),
    phoneKey: normalizePhone(input.phone),
    mergedIntoId: null,
    lastFollowUpAt: null,
    createdAt: now,
    createdById: ctx.user.id,
    ...by,
    version: 1,
  }
  const saved = await repo(ctx.em).save(repo(ctx.em).create(row))
  const hasPrimary = input.contacts.some((c) => c.isPrimary)
  for (const [i, c] of input.contacts.entries()) {
    await insertContact(ctx, saved.id, { ...c, isPrimary: hasPrimary ? !!c.isPrimary : i === 0 })
  }
  const hasDefault = input.addresses.some((a) => a.isDefault)
  for (const [i, a] of input.addresses.entries()) {
    await insertAddress(ctx, saved.id, { ...a, isDefault: hasDefault ? !!a.isDefault : i === 0 })
  }
  await refreshSearchText(ctx.em, saved.id)
  const after = await repo(ctx.em).findOneByOrFail({ id: saved.id })
  await audit(ctx, {
    entity: 'customer',
    entityId: saved.id,
    action: 'create',
    summary: { key: 'audit.customer.create', params: { code: after.code, name: after.name } },
    changes: diff(null, { ...after, tags: tagsFromColumn(after.tags) } as never, CUSTOMER_AUDIT_FIELDS),
  })
  await auditDuplicateOverride(ctx, saved.id, after.name, overrideReason)
  return after
}

export async function updateCustomer(
  ctx: Ctx,
  input: { id: number; version: number; confirmDuplicate: boolean; duplicateReason?: string | null } & Partial<Omit<CustomerCreateInput, 'contacts' | 'addresses' | 'confirmDuplicate' | 'duplicateReason'>>,
) {
  const before = await loadVisible(ctx, input.id)
  if (before.version !== input.version) throw staleConflict('customer', before)
  const { id, version, confirmDuplicate, duplicateReason, ...fields } = input
  const changes: Partial<Customer> = {}
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue
    if (k === 'tags') changes.tags = tagsToColumn(v as string[])
    else (changes as Record<string, unknown>)[k] = v
  }
  if (changes.code !== undefined) {
    if (changes.code === null) delete changes.code
    else if (changes.code !== before.code) await assertCodeFree(ctx, changes.code, id)
  }
  // field by field (permissions.ts): basic data needs customerEdit, credit fields need credit, the owner changes
  // only through assign / claim / release; a field sent unchanged is no change
  const { ownerId: _ownerSent, ...rest } = fields
  requireFields(ctx, CUSTOMER_UPDATE_PERMISSION, {
    ...changedFields({ ...before, tags: tagsFromColumn(before.tags) }, rest as Record<string, unknown>),
    ...(fields.ownerId !== undefined && fields.ownerId !== before.ownerId ? { ownerId: fields.ownerId } : {}),
  })
  delete changes.ownerId
  let overrideReason: string | null = null
  {
    const nameChanged = changes.name !== undefined && normalizeName(changes.name) !== before.nameKey
    const usccChanged = changes.uscc !== undefined && changes.uscc !== before.uscc
    const phoneChanged = changes.phone !== undefined && normalizePhone(changes.phone) !== before.phoneKey
    if (nameChanged || usccChanged || phoneChanged) {
      const dups = await findDuplicateRows(ctx, {
        name: nameChanged ? changes.name : null,
        uscc: usccChanged ? changes.uscc : null,
        phones: phoneChanged ? [changes.phone] : [],
        excludeId: id,
      })
      overrideReason = await guardDuplicates(ctx, dups, confirmDuplicate, duplicateReason)
    }
  }
  if (changes.name !== undefined) changes.nameKey = normalizeName(changes.name)
  if (changes.phone !== undefined) changes.phoneKey = normalizePhone(changes.phone)
  const { by } = stamp(ctx)
  const res = await repo(ctx.em).update({ id, version }, { ...changes, ...by, version: version + 1 })
  if (!res.affected) throw staleConflict('customer', await repo(ctx.em).findOneByOrFail({ id }))
  await refreshSearchText(ctx.em, id)
  const after = await repo(ctx.em).findOneByOrFail({ id })
  const norm = (c: Customer) => ({ ...c, tags: tagsFromColumn(c.tags) }) as never
  const d = diff(norm(before), norm(after), CUSTOMER_AUDIT_FIELDS)
  await audit(ctx, { entity: 'customer', entityId: id, action: 'update', summary: { key: 'audit.customer.update', params: { name: after.name } }, changes: d })
  await auditDuplicateOverride(ctx, id, after.name, overrideReason)
  return after
}

export interface SearchInput {
  query?: string
  stage?: Customer['stage']
  ownerId?: number
  pool?: boolean
  tag?: string
  /** drill-down from a report by region (地区 = the customer's province) */
  province?: string
  page: number
  pageSize: number
  sort?: string
}

const SORTS: Record<string, string> = {
  updatedAt: 'c.updatedAt',
  createdAt: 'c.createdAt',
  name: 'c.name',
  code: 'c.code',
  lastFollowUpAt: 'c.lastFollowUpAt',
  creditLimitFen: 'c.creditLimitFen',
}

/**
 * One scan of the customers table answers both the page and the total: the ids of the page come with
 * `COUNT(*) OVER ()`, then the page's rows are loaded by primary key. (A LIKE '%…%' cannot use an index,
 * so every extra pass over the table — a separate count — costs as much as the search itself.)
 */
export async function searchCustomers(ctx: Ctx, input: SearchInput) {
  const scope = await ownerScope(ctx)
  const qb = repo(ctx.em).createQueryBuilder('c').select('c.id', 'id').where('c.mergedIntoId IS NULL')
  if (scope !== null) qb.andWhere('(c.ownerId IS NULL OR c.ownerId IN (:...scope))', { scope })
  const q = input.query ? normalizeQuery(input.query) : ''
  if (q) {
    const digits = normalizePhone(q)
    qb.andWhere(digits !== q && /^\d{3,}$/.test(digits) ? `(c.searchText LIKE :q ${LIKE_ESCAPE} OR c.searchText LIKE :d ${LIKE_ESCAPE})` : `c.searchText LIKE :q ${LIKE_ESCAPE}`, {
      q: `%${escapeLike(q)}%`,
      d: `%${escapeLike(digits)}%`,
    })
  }
  if (input.stage) qb.andWhere('c.stage = :stage', { stage: input.stage })
  if (input.pool) qb.andWhere('c.ownerId IS NULL')
  else if (input.ownerId) qb.andWhere('c.ownerId = :ownerId', { ownerId: input.ownerId })
  if (input.tag) qb.andWhere(`c.tags LIKE :tag ${LIKE_ESCAPE}`, { tag: `%,${escapeLike(input.tag)},%` })
  if (input.province) qb.andWhere('c.province = :province', { province: input.province })
  const sortKey = (input.sort ?? '-updatedAt').replace(/^-/, '')
  const dir = (input.sort ?? '-updatedAt').startsWith('-') ? 'DESC' : 'ASC'
  const counted = qb.clone()
  qb.addSelect('COUNT(*) OVER ()', 'total')
    .orderBy(SORTS[sortKey] ?? 'c.updatedAt', dir)
    .addOrderBy('c.id', 'DESC')
    .offset((input.page - 1) * input.pageSize)
    .limit(input.pageSize)
  const page = await qb.getRawMany<{ id: number; total: number | string }>()
  // past the last page there is no row to carry the total: count separately (rare)
  const total = page.length ? Number(page[0]!.total) : input.page > 1 ? await counted.getCount() : 0
  if (!page.length) return { items: [], total }
  const ids = page.map((r) => Number(r.id))
  const byId = new Map((await repo(ctx.em).findBy({ id: In(ids) })).map((r) => [r.id, r]))
  const rows = ids.map((id) => byId.get(id)).filter((r): r is Customer => !!r)
  return { items: await toCustomerOut(ctx, rows), total }
}

/** `%` and `_` typed by the user are text, not wildcards: the one escaping of every search lives in db/sql.ts. */
export { escapeLike, LIKE_ESCAPE }

export async function getCustomer360(ctx: Ctx, id: number) {
  const c = await loadVisible(ctx, id)
  const [out] = await toCustomerOut(ctx, [c])
  const contacts = await ctx.em.getRepository(ContactEntity).find({ where: { customerId: id }, order: { isPrimary: 'DESC', id: 'ASC' } })
  const addresses = await ctx.em.getRepository(ShippingAddressEntity).find({ where: { customerId: id }, order: { isDefault: 'DESC', id: 'ASC' } })
  const followUps = await ctx.em.getRepository(FollowUpEntity).find({ where: { customerId: id }, order: { at: 'DESC', id: 'DESC' }, take: 20 })
  return { ...out!, contacts, addresses, followUps }
}

