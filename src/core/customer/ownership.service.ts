import type { Ctx } from '../contract/method'
import { appError, staleConflict } from '../contract/errors'
import { requireScope } from '../auth/authorize'
import { audit, type Summary } from '../audit/audit.service'
import { ContactEntity, ShippingAddressEntity, type Customer } from './customer.entity'
import { tagsFromColumn, tagsToColumn } from './customer.rules'
import { CUSTOMER_REF_TABLES } from './customer.refs'
import { checkOwner, loadVisible, refreshSearchText, repo, stamp, userNames } from './customer.shared'
import { assertMayReclaim, assertPrivateCapacity } from './pool.service'

// ---------- ownership: claim, release, assign ----------

async function setOwner(ctx: Ctx, c: Customer, ownerId: number | null, action: string, summary: Summary) {
  const { by } = stamp(ctx)
  // versioned like every update: a change in between (another claim, an edit) answers CONFLICT
  const res = await repo(ctx.em).update({ id: c.id, version: c.version }, { ownerId, ...by, version: c.version + 1 })
  if (!res.affected) throw staleConflict('customer', await repo(ctx.em).findOneByOrFail({ id: c.id }))
  await audit(ctx, { entity: 'customer', entityId: c.id, action, summary, changes: [{ field: 'ownerId', before: c.ownerId, after: ownerId }] })
  return repo(ctx.em).findOneByOrFail({ id: c.id })
}

export async function claimCustomer(ctx: Ctx, id: number, version?: number) {
  const c = await loadVisible(ctx, id)
  if (version !== undefined && c.version !== version) throw staleConflict('customer', c)
  if (c.ownerId !== null) {
    if (c.ownerId === ctx.user.id) throw appError('BUSINESS_RULE', 'customer.alreadyYours')
    throw appError('BUSINESS_RULE', 'customer.claimedByOther')
  }
  // 公海 rules (settings.pool): no claiming back soon after releasing, at most K private customers
  await assertMayReclaim(ctx, c)
  await assertPrivateCapacity(ctx, ctx.user.id, 1)
  return setOwner(ctx, c, ctx.user.id, 'claim', { key: 'audit.customer.claim', params: { name: ctx.user.displayName } })
}

export async function releaseCustomer(ctx: Ctx, id: number, reason?: string | null, version?: number) {
  const c = await loadVisible(ctx, id)
  if (version !== undefined && c.version !== version) throw staleConflict('customer', c)
  if (c.ownerId === null) throw appError('BUSINESS_RULE', 'customer.alreadyInPool')
  // a salesperson releases own customers only, a manager the team's (permissions.ts)
  await requireScope(ctx, 'ownerRelease', c.ownerId)
  return setOwner(ctx, c, null, 'release', reason ? { key: 'audit.customer.releaseReason', params: { reason } } : { key: 'audit.customer.release' })
}

/** `versions` (id → the version the caller saw): a customer changed since answers CONFLICT and nothing is assigned. */
export async function assignCustomers(ctx: Ctx, ids: number[], ownerId: number | null, versions: Record<string, number> = {}) {
  await checkOwner(ctx, ownerId)
  const names = await userNames(ctx.em, [ownerId])
  let count = 0
  const moving: Customer[] = []
  for (const id of [...new Set(ids)]) {
    const c = await loadVisible(ctx, id)
    const seen = versions[String(id)]
    if (seen !== undefined && c.version !== seen) throw staleConflict('customer', c)
    if (c.ownerId !== ownerId) moving.push(c)
  }
  // at most K private customers per salesperson (settings.pool.maxPrivate): all of them or none
  await assertPrivateCapacity(ctx, ownerId, moving.length)
  for (const c of moving) {
    await setOwner(ctx, c, ownerId, 'assign', ownerId != null ? { key: 'audit.customer.assign', params: { owner: names.get(ownerId) ?? `#${ownerId}` } } : { key: 'audit.customer.assignPool' })
    count++
  }
  return { count }
}

// ---------- merge ----------

export async function mergeCustomers(ctx: Ctx, targetId: number, sourceId: number, seen: { target?: number; source?: number } = {}) {
  if (targetId === sourceId) throw appError('BUSINESS_RULE', 'customer.mergeSelf')
  const target = await loadVisible(ctx, targetId)
  const source = await loadVisible(ctx, sourceId)
  if (seen.target !== undefined && target.version !== seen.target) throw staleConflict('customer', target)
  if (seen.source !== undefined && source.version !== seen.source) throw staleConflict('customer', source)
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
  // one primary contact and one default address stay on the target: the earliest of each
  await keepFirst(ctx, ContactEntity, targetId, 'isPrimary')
  await keepFirst(ctx, ShippingAddressEntity, targetId, 'isDefault')
  // fill the target's blanks from the source
  const fill: Partial<Customer> = {}
  for (const f of ['shortName', 'uscc', 'industry', 'size', 'province', 'city', 'district', 'address', 'phone', 'source', 'remark'] as const) {
    if (!target[f] && source[f]) (fill as Record<string, unknown>)[f] = source[f]
  }
  const tags = tagsToColumn([...tagsFromColumn(target.tags), ...tagsFromColumn(source.tags)])
  const lastFollowUpAt = [target.lastFollowUpAt, source.lastFollowUpAt].filter(Boolean).sort().pop() ?? null
  const { by } = stamp(ctx)
  const t1 = await repo(ctx.em).update({ id: targetId, version: target.version }, { ...fill, tags, lastFollowUpAt, ...by, version: target.version + 1 })
  if (!t1.affected) throw staleConflict('customer', await repo(ctx.em).findOneByOrFail({ id: targetId }))
  const s1 = await repo(ctx.em).update({ id: sourceId, version: source.version }, { mergedIntoId: targetId, ...by, version: source.version + 1 })
  if (!s1.affected) throw staleConflict('customer', await repo(ctx.em).findOneByOrFail({ id: sourceId }))
  await refreshSearchText(ctx.em, targetId)
  await audit(ctx, { entity: 'customer', entityId: targetId, action: 'merge', summary: { key: 'audit.customer.merge', params: { code: source.code, name: source.name } }, changes: { sourceId, sourceCode: source.code, sourceName: source.name, moved, filled: fill } })
  await audit(ctx, { entity: 'customer', entityId: sourceId, action: 'mergedInto', summary: { key: 'audit.customer.mergedInto', params: { code: target.code, name: target.name } }, changes: { targetId } })
  return { target: await repo(ctx.em).findOneByOrFail({ id: targetId }), moved }
}


/** Leaves `flag` set only on the customer's earliest row that has it (one UPDATE). */
async function keepFirst(ctx: Ctx, entity: typeof ContactEntity | typeof ShippingAddressEntity, customerId: number, flag: 'isPrimary' | 'isDefault') {
  const first = await ctx.em.getRepository(entity).findOne({ where: { customerId, [flag]: true }, order: { id: 'ASC' }, select: { id: true } })
  if (!first) return
  await ctx.em
    .createQueryBuilder()
    .update(entity)
    .set({ [flag]: false })
    .where(`"customerId" = :customerId AND "${flag}" = :yes AND "id" <> :keep`, { customerId, yes: true, keep: first.id })
    .execute()
}
