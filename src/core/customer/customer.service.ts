import { In, IsNull, type EntityManager } from 'typeorm'
import type { Ctx } from '../contract/method'
import { AppError, forbidden, notFound, staleConflict } from '../contract/errors'
import { UserEntity } from '../auth/auth.entity'
import { canSeeOwner, ownerScope } from '../auth/scope'
import { audit, diff } from '../audit/audit.service'
import { nextNumber } from '../numbering/numbering.service'
import {
  ContactEntity,
  CustomerEntity,
  FollowUpEntity,
  ShippingAddressEntity,
  type Contact,
  type Customer,
  type ShippingAddress,
} from './customer.entity'
import { buildSearchText, contactPhoneKey, normalizeName, normalizePhone, normalizeQuery, tagsFromColumn, tagsToColumn } from './customer.rules'
import { CUSTOMER_REF_TABLES } from './customer.refs'

export const CUSTOMER_AUDIT_FIELDS = [
  'code', 'name', 'shortName', 'kind', 'uscc', 'industry', 'size', 'province', 'city', 'district', 'address', 'phone',
  'source', 'tags', 'stage', 'ownerId', 'creditLimitFen', 'paymentTermDays', 'remark',
] as const satisfies readonly (keyof Customer)[]

export type CustomerChanges = Partial<Omit<Customer, 'tags'> & { tags: string[] }>

const repo = (em: EntityManager) => em.getRepository(CustomerEntity)

async function userNames(em: EntityManager, ids: (number | null)[]): Promise<Map<number, string>> {
  const list = [...new Set(ids.filter((x): x is number => x != null))]
  if (!list.length) return new Map()
  const users = await em.getRepository(UserEntity).find({ where: { id: In(list) }, select: { id: true, displayName: true } })
  return new Map(users.map((u) => [u.id, u.displayName]))
}

export async function toCustomerOut(ctx: Ctx, rows: Customer[]) {
  const names = await userNames(ctx.em, rows.map((r) => r.ownerId))
  const primaries = rows.length
    ? await ctx.em.getRepository(ContactEntity).find({ where: { customerId: In(rows.map((r) => r.id)), isPrimary: true } })
    : []
  const primaryBy = new Map(primaries.map((c) => [c.customerId, { name: c.name, mobile: c.mobile ?? c.phone }]))
  return rows.map((r) => ({
    ...r,
    tags: tagsFromColumn(r.tags),
    ownerName: r.ownerId != null ? (names.get(r.ownerId) ?? null) : null,
    primaryContact: primaryBy.get(r.id) ?? null,
  }))
}

/** Loads a customer the caller may see; anything else is NOT_FOUND. Merged customers are gone unless asked for (their history). */
export async function loadVisible(ctx: Ctx, id: number, opts: { includeMerged?: boolean } = {}): Promise<Customer> {
  const c = await repo(ctx.em).findOneBy({ id })
  if (!c || (c.mergedIntoId != null && !opts.includeMerged)) throw notFound('客户')
  const scope = await ownerScope(ctx)
  if (!canSeeOwner(scope, c.ownerId)) throw notFound('客户')
  return c
}

async function contactPhones(em: EntityManager, customerId: number): Promise<string[]> {
  const contacts = await em.getRepository(ContactEntity).find({ where: { customerId }, select: { mobile: true, phone: true } })
  return contacts.flatMap((c) => [c.mobile, c.phone]).filter((p): p is string => !!p)
}

export async function refreshSearchText(em: EntityManager, customerId: number): Promise<void> {
  const c = await repo(em).findOneBy({ id: customerId })
  if (!c) return
  const searchText = buildSearchText({ name: c.name, shortName: c.shortName, code: c.code, phone: c.phone, contactPhones: await contactPhones(em, customerId) })
  await repo(em).update({ id: customerId }, { searchText })
}

/** Checks that `ownerId` is a user the caller may hand customers to. */
async function checkOwner(ctx: Ctx, ownerId: number | null): Promise<void> {
  if (ownerId == null) return
  const u = await ctx.em.getRepository(UserEntity).findOneBy({ id: ownerId })
  if (!u || u.disabled) throw new AppError('VALIDATION', 'ownerId: 负责人不存在或已停用', { issues: [{ path: 'ownerId', message: '负责人不存在或已停用' }] })
  const scope = await ownerScope(ctx)
  if (scope !== null && !scope.includes(ownerId)) throw forbidden('只能把客户分配给自己或本团队的成员')
}

export type DuplicateReason = 'name' | 'uscc' | 'phone'

export async function findDuplicates(
  ctx: Ctx,
  q: { name?: string | null; uscc?: string | null; phones?: (string | null | undefined)[]; excludeId?: number },
) {
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
  const rows = await repo(ctx.em).find({ where: { id: In([...hits.keys()]), ...live } })
  const names = await userNames(ctx.em, rows.map((r) => r.ownerId))
  const scope = await ownerScope(ctx)
  const order: DuplicateReason[] = ['name', 'uscc', 'phone']
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    ownerName: r.ownerId != null ? (names.get(r.ownerId) ?? null) : null,
    visible: canSeeOwner(scope, r.ownerId),
    reasons: order.filter((x) => hits.get(r.id)!.has(x)),
  }))
}

async function assertCodeFree(ctx: Ctx, code: string, exceptId?: number) {
  const other = await repo(ctx.em).findOneBy({ code })
  if (other && other.id !== exceptId) {
    throw new AppError('CONFLICT', `客户编码“${code}”已被“${other.name}”使用`, { field: 'code', existingId: other.id })
  }
}

const phoneKeyOf = (c: Pick<Contact, 'mobile' | 'phone'>) => contactPhoneKey(c.mobile, c.phone)

type ContactInput = { name: string; title?: string | null; mobile?: string | null; phone?: string | null; email?: string | null; wechat?: string | null; isPrimary?: boolean }
type AddressInput = { receiver: string; phone?: string | null; address: string; isDefault?: boolean }

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
  creditLimitFen: number
  paymentTermDays: number
  remark?: string | null
  contacts: ContactInput[]
  addresses: AddressInput[]
  confirmDuplicate: boolean
}

function stamp(ctx: Ctx) {
  const now = ctx.now().toISOString()
  return { now, by: { updatedAt: now, updatedById: ctx.user.id, updatedByName: ctx.user.displayName } }
}

export async function createCustomer(ctx: Ctx, input: CustomerCreateInput) {
  if (!input.confirmDuplicate) {
    const dups = await findDuplicates(ctx, {
      name: input.name,
      uscc: input.uscc,
      phones: [input.phone, ...input.contacts.flatMap((c) => [c.mobile, c.phone])],
    })
    if (dups.length) {
      throw new AppError('CONFLICT', `可能与已有客户重复：${dups.map((d) => d.name).join('、')}`, { duplicates: dups })
    }
  }
  let ownerId: number | null
  if (input.ownerId === undefined) ownerId = ctx.user.role === 'sales' ? ctx.user.id : null
  else ownerId = input.ownerId
  await checkOwner(ctx, ownerId)

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
    creditLimitFen: input.creditLimitFen,
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
    summary: `新建客户 ${after.code} ${after.name}`,
    changes: diff(null, { ...after, tags: tagsFromColumn(after.tags) } as never, CUSTOMER_AUDIT_FIELDS),
  })
  return after
}

export async function updateCustomer(
  ctx: Ctx,
  input: { id: number; version: number; confirmDuplicate: boolean } & Partial<Omit<CustomerCreateInput, 'contacts' | 'addresses' | 'confirmDuplicate'>>,
) {
  const before = await loadVisible(ctx, input.id)
  if (before.version !== input.version) throw staleConflict('customer', before)
  const { id, version, confirmDuplicate, ...fields } = input
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
  if (changes.ownerId !== undefined && changes.ownerId !== before.ownerId) {
    if (ctx.user.role === 'sales' && changes.ownerId !== null && changes.ownerId !== ctx.user.id) throw forbidden('业务员只能把客户留给自己或放回公海')
    await checkOwner(ctx, changes.ownerId)
  }
  if (!confirmDuplicate) {
    const nameChanged = changes.name !== undefined && normalizeName(changes.name) !== before.nameKey
    const usccChanged = changes.uscc !== undefined && changes.uscc !== before.uscc
    const phoneChanged = changes.phone !== undefined && normalizePhone(changes.phone) !== before.phoneKey
    if (nameChanged || usccChanged || phoneChanged) {
      const dups = await findDuplicates(ctx, {
        name: nameChanged ? changes.name : null,
        uscc: usccChanged ? changes.uscc : null,
        phones: phoneChanged ? [changes.phone] : [],
        excludeId: id,
      })
      if (dups.length) throw new AppError('CONFLICT', `可能与已有客户重复：${dups.map((d) => d.name).join('、')}`, { duplicates: dups })
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
  await audit(ctx, { entity: 'customer', entityId: id, action: 'update', summary: `修改客户 ${after.name}`, changes: d })
  return after
}

export interface SearchInput {
  query?: string
  stage?: Customer['stage']
  ownerId?: number
  pool?: boolean
  tag?: string
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

/** `%` and `_` typed by the user are text, not wildcards (codes may hold `_`). Use with LIKE_ESCAPE. */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`)
}
export const LIKE_ESCAPE = `ESCAPE '\\'`

export async function getCustomer360(ctx: Ctx, id: number) {
  const c = await loadVisible(ctx, id)
  const [out] = await toCustomerOut(ctx, [c])
  const contacts = await ctx.em.getRepository(ContactEntity).find({ where: { customerId: id }, order: { isPrimary: 'DESC', id: 'ASC' } })
  const addresses = await ctx.em.getRepository(ShippingAddressEntity).find({ where: { customerId: id }, order: { isDefault: 'DESC', id: 'ASC' } })
  const followUps = await ctx.em.getRepository(FollowUpEntity).find({ where: { customerId: id }, order: { at: 'DESC', id: 'DESC' }, take: 20 })
  return { ...out!, contacts, addresses, followUps }
}

// ---------- contacts and addresses ----------

export async function insertContact(ctx: Ctx, customerId: number, c: ContactInput) {
  const r = ctx.em.getRepository(ContactEntity)
  const { now, by } = stamp(ctx)
  const count = await r.countBy({ customerId })
  const isPrimary = count === 0 ? true : !!c.isPrimary
  if (isPrimary && count > 0) await r.update({ customerId }, { isPrimary: false })
  return r.save(
    r.create({
      customerId,
      name: c.name,
      title: c.title ?? null,
      mobile: c.mobile ?? null,
      phone: c.phone ?? null,
      email: c.email ?? null,
      wechat: c.wechat ?? null,
      isPrimary,
      phoneKey: phoneKeyOf({ mobile: c.mobile ?? null, phone: c.phone ?? null }),
      createdAt: now,
      createdById: ctx.user.id,
      ...by,
      version: 1,
    }),
  )
}

export async function insertAddress(ctx: Ctx, customerId: number, a: AddressInput) {
  const r = ctx.em.getRepository(ShippingAddressEntity)
  const { now, by } = stamp(ctx)
  const count = await r.countBy({ customerId })
  const isDefault = count === 0 ? true : !!a.isDefault
  if (isDefault && count > 0) await r.update({ customerId }, { isDefault: false })
  return r.save(
    r.create({ customerId, receiver: a.receiver, phone: a.phone ?? null, address: a.address, isDefault, createdAt: now, createdById: ctx.user.id, ...by, version: 1 }),
  )
}

export async function loadContact(ctx: Ctx, id: number): Promise<Contact> {
  const c = await ctx.em.getRepository(ContactEntity).findOneBy({ id })
  if (!c) throw notFound('联系人')
  await loadVisible(ctx, c.customerId)
  return c
}

export async function loadAddress(ctx: Ctx, id: number): Promise<ShippingAddress> {
  const a = await ctx.em.getRepository(ShippingAddressEntity).findOneBy({ id })
  if (!a) throw notFound('收货地址')
  await loadVisible(ctx, a.customerId)
  return a
}

export const CONTACT_FIELDS = ['name', 'title', 'mobile', 'phone', 'email', 'wechat', 'isPrimary'] as const
export const ADDRESS_FIELDS = ['receiver', 'phone', 'address', 'isDefault'] as const

export async function updateContact(ctx: Ctx, input: { id: number; version: number } & Partial<ContactInput>) {
  const before = await loadContact(ctx, input.id)
  if (before.version !== input.version) throw staleConflict('contact', before)
  const r = ctx.em.getRepository(ContactEntity)
  const { id, version, ...fields } = input
  const changes = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<Contact>
  const merged = { ...before, ...changes }
  if (changes.isPrimary === true) await r.update({ customerId: before.customerId }, { isPrimary: false })
  if (changes.isPrimary === false && before.isPrimary) delete changes.isPrimary // there is always one primary
  const res = await r.update({ id, version }, { ...changes, phoneKey: phoneKeyOf(merged), ...stamp(ctx).by, version: version + 1 })
  if (!res.affected) throw staleConflict('contact', await r.findOneByOrFail({ id }))
  const after = await r.findOneByOrFail({ id })
  await refreshSearchText(ctx.em, before.customerId)
  await audit(ctx, { entity: 'customer', entityId: before.customerId, action: 'contact.update', summary: `修改联系人 ${after.name}`, changes: diff(before, after, CONTACT_FIELDS) })
  return after
}

export async function deleteContact(ctx: Ctx, id: number) {
  const before = await loadContact(ctx, id)
  const r = ctx.em.getRepository(ContactEntity)
  await r.delete({ id })
  if (before.isPrimary) {
    const next = await r.findOne({ where: { customerId: before.customerId }, order: { id: 'ASC' } })
    if (next) await r.update({ id: next.id }, { isPrimary: true })
  }
  await refreshSearchText(ctx.em, before.customerId)
  await audit(ctx, { entity: 'customer', entityId: before.customerId, action: 'contact.delete', summary: `删除联系人 ${before.name}`, changes: diff(before, null, CONTACT_FIELDS) })
}

export async function updateAddress(ctx: Ctx, input: { id: number; version: number } & Partial<AddressInput>) {
  const before = await loadAddress(ctx, input.id)
  if (before.version !== input.version) throw staleConflict('address', before)
  const r = ctx.em.getRepository(ShippingAddressEntity)
  const { id, version, ...fields } = input
  const changes = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<ShippingAddress>
  if (changes.isDefault === true) await r.update({ customerId: before.customerId }, { isDefault: false })
  if (changes.isDefault === false && before.isDefault) delete changes.isDefault
  const res = await r.update({ id, version }, { ...changes, ...stamp(ctx).by, version: version + 1 })
  if (!res.affected) throw staleConflict('address', await r.findOneByOrFail({ id }))
  const after = await r.findOneByOrFail({ id })
  await audit(ctx, { entity: 'customer', entityId: before.customerId, action: 'address.update', summary: `修改收货地址`, changes: diff(before, after, ADDRESS_FIELDS) })
  return after
}

export async function deleteAddress(ctx: Ctx, id: number) {
  const before = await loadAddress(ctx, id)
  const r = ctx.em.getRepository(ShippingAddressEntity)
  await r.delete({ id })
  if (before.isDefault) {
    const next = await r.findOne({ where: { customerId: before.customerId }, order: { id: 'ASC' } })
    if (next) await r.update({ id: next.id }, { isDefault: true })
  }
  await audit(ctx, { entity: 'customer', entityId: before.customerId, action: 'address.delete', summary: `删除收货地址 ${before.address}`, changes: diff(before, null, ADDRESS_FIELDS) })
}

// ---------- ownership: claim, release, assign ----------

async function setOwner(ctx: Ctx, c: Customer, ownerId: number | null, action: string, summary: string) {
  const { by } = stamp(ctx)
  await repo(ctx.em).update({ id: c.id }, { ownerId, ...by, version: c.version + 1 })
  await audit(ctx, { entity: 'customer', entityId: c.id, action, summary, changes: [{ field: 'ownerId', before: c.ownerId, after: ownerId }] })
  return repo(ctx.em).findOneByOrFail({ id: c.id })
}

export async function claimCustomer(ctx: Ctx, id: number, version?: number) {
  const c = await loadVisible(ctx, id)
  if (version !== undefined && c.version !== version) throw staleConflict('customer', c)
  if (c.ownerId !== null) {
    if (c.ownerId === ctx.user.id) throw new AppError('BUSINESS_RULE', '该客户已经是您的客户')
    throw new AppError('BUSINESS_RULE', '该客户已被他人领取，不在公海中')
  }
  return setOwner(ctx, c, ctx.user.id, 'claim', `${ctx.user.displayName} 从公海领取客户`)
}

export async function releaseCustomer(ctx: Ctx, id: number, reason?: string | null) {
  const c = await loadVisible(ctx, id)
  if (c.ownerId === null) throw new AppError('BUSINESS_RULE', '该客户已在公海中')
  if (ctx.user.role === 'sales' && c.ownerId !== ctx.user.id) throw forbidden('只能释放自己的客户')
  return setOwner(ctx, c, null, 'release', `释放到公海${reason ? `：${reason}` : ''}`)
}

export async function assignCustomers(ctx: Ctx, ids: number[], ownerId: number | null) {
  await checkOwner(ctx, ownerId)
  const names = await userNames(ctx.em, [ownerId])
  let count = 0
  for (const id of [...new Set(ids)]) {
    const c = await loadVisible(ctx, id)
    if (c.ownerId === ownerId) continue
    await setOwner(ctx, c, ownerId, 'assign', `分配给 ${ownerId != null ? names.get(ownerId) : '公海'}`)
    count++
  }
  return { count }
}

// ---------- merge ----------

export async function mergeCustomers(ctx: Ctx, targetId: number, sourceId: number) {
  if (targetId === sourceId) throw new AppError('BUSINESS_RULE', '不能把客户合并到它自己')
  const target = await loadVisible(ctx, targetId)
  const source = await loadVisible(ctx, sourceId)
  const moved: Record<string, number> = {}
  for (const table of CUSTOMER_REF_TABLES) {
    const res = await ctx.em
      .createQueryBuilder()
      .update(table)
      .set({ customerId: targetId })
      .where('"customerId" = :sourceId', { sourceId })
      .execute()
    moved[table] = res.affected ?? 0
  }
  // one primary contact and one default address stay on the target
  const contacts = await ctx.em.getRepository(ContactEntity).find({ where: { customerId: targetId }, order: { id: 'ASC' } })
  const primary = contacts.find((c) => c.isPrimary && c.id <= Math.max(...contacts.filter((x) => x.isPrimary).map((x) => x.id)))
  const keepPrimary = contacts.filter((c) => c.isPrimary).sort((a, b) => a.id - b.id)[0] ?? primary
  if (keepPrimary) for (const c of contacts) if (c.isPrimary && c.id !== keepPrimary.id) await ctx.em.getRepository(ContactEntity).update({ id: c.id }, { isPrimary: false })
  const addrs = await ctx.em.getRepository(ShippingAddressEntity).find({ where: { customerId: targetId, isDefault: true }, order: { id: 'ASC' } })
  for (const a of addrs.slice(1)) await ctx.em.getRepository(ShippingAddressEntity).update({ id: a.id }, { isDefault: false })
  // fill the target's blanks from the source
  const fill: Partial<Customer> = {}
  for (const f of ['shortName', 'uscc', 'industry', 'size', 'province', 'city', 'district', 'address', 'phone', 'source', 'remark'] as const) {
    if (!target[f] && source[f]) (fill as Record<string, unknown>)[f] = source[f]
  }
  const tags = tagsToColumn([...tagsFromColumn(target.tags), ...tagsFromColumn(source.tags)])
  const lastFollowUpAt = [target.lastFollowUpAt, source.lastFollowUpAt].filter(Boolean).sort().pop() ?? null
  const { by } = stamp(ctx)
  await repo(ctx.em).update({ id: targetId }, { ...fill, tags, lastFollowUpAt, ...by, version: target.version + 1 })
  await repo(ctx.em).update({ id: sourceId }, { mergedIntoId: targetId, ...by, version: source.version + 1 })
  await refreshSearchText(ctx.em, targetId)
  await audit(ctx, { entity: 'customer', entityId: targetId, action: 'merge', summary: `合并客户 ${source.code} ${source.name} 到本客户`, changes: { sourceId, sourceCode: source.code, sourceName: source.name, moved, filled: fill } })
  await audit(ctx, { entity: 'customer', entityId: sourceId, action: 'mergedInto', summary: `已合并到 ${target.code} ${target.name}`, changes: { targetId } })
  return { target: await repo(ctx.em).findOneByOrFail({ id: targetId }), moved }
}

// ---------- follow-ups ----------

export async function createFollowUp(
  ctx: Ctx,
  input: { customerId: number; type: string; content: string; at?: string; nextFollowUpOn?: string | null },
  opts: { userId?: number; userName?: string; completePrevious?: boolean } = {},
) {
  const c = await loadVisible(ctx, input.customerId)
  const r = ctx.em.getRepository(FollowUpEntity)
  const at = input.at ? new Date(input.at).toISOString() : ctx.now().toISOString()
  if (opts.completePrevious !== false) {
    await r.createQueryBuilder().update().set({ nextDone: true }).where('"customerId" = :id AND "nextDone" = :f', { id: c.id, f: false }).execute()
  }
  const saved = await r.save(
    r.create({
      customerId: c.id,
      type: input.type as never,
      content: input.content,
      at,
      nextFollowUpOn: input.nextFollowUpOn ?? null,
      nextDone: false,
      userId: opts.userId ?? ctx.user.id,
      userName: opts.userName ?? ctx.user.displayName,
      createdAt: ctx.now().toISOString(),
    }),
  )
  if (!c.lastFollowUpAt || c.lastFollowUpAt < at) await repo(ctx.em).update({ id: c.id }, { lastFollowUpAt: at })
  return { ...saved, customerName: c.name }
}

export async function dueFollowUps(ctx: Ctx, input: { page: number; pageSize: number }) {
  const qb = ctx.em
    .getRepository(FollowUpEntity)
    .createQueryBuilder('f')
    .innerJoin('Customer', 'c', 'c.id = f.customerId AND c.mergedIntoId IS NULL')
    .addSelect('c.name', 'customerName')
    .where('f.userId = :me', { me: ctx.user.id })
    .andWhere('f.nextDone = :f', { f: false })
    .andWhere('f.nextFollowUpOn IS NOT NULL AND f.nextFollowUpOn <= :today', { today: ctx.today() })
    .orderBy('f.nextFollowUpOn', 'ASC')
    .addOrderBy('f.id', 'ASC')
  const total = await qb.getCount()
  const { entities, raw } = await qb.offset((input.page - 1) * input.pageSize).limit(input.pageSize).getRawAndEntities()
  const today = ctx.today()
  return {
    items: entities.map((e, i) => ({
      ...e,
      customerName: (raw[i] as { customerName: string }).customerName,
      overdueDays: Math.round((Date.parse(today) - Date.parse(e.nextFollowUpOn!)) / 86400000),
    })),
    total,
  }
}
