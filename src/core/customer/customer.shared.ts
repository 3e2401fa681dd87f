import { In, type EntityManager } from 'typeorm'
import type { Ctx } from '../contract/method'
import { appError, fieldError, notFound } from '../contract/errors'
import { UserEntity } from '../auth/auth.entity'
import { canSeeOwner, ownerScope } from '../auth/scope'
import { ContactEntity, CustomerEntity, type Customer } from './customer.entity'
import { buildSearchText, tagsFromColumn } from './customer.rules'

/** What every customer service needs: the repository, visibility, search text, owner checks, the who/when stamp. */
export const repo = (em: EntityManager) => em.getRepository(CustomerEntity)

export async function userNames(em: EntityManager, ids: (number | null)[]): Promise<Map<number, string>> {
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
export async function checkOwner(ctx: Ctx, ownerId: number | null): Promise<void> {
  if (ownerId == null) return
  const u = await ctx.em.getRepository(UserEntity).findOneBy({ id: ownerId })
  if (!u || u.disabled) throw fieldError('ownerId', 'customer.ownerInvalid')
  const scope = await ownerScope(ctx)
  if (scope !== null && !scope.includes(ownerId)) throw appError('FORBIDDEN', 'customer.assignScope')
}

export function stamp(ctx: Ctx) {
  const now = ctx.now().toISOString()
  return { now, by: { updatedAt: now, updatedById: ctx.user.id, updatedByName: ctx.user.displayName } }
}
