import type { Ctx } from '../contract/method'
import { FollowUpEntity } from './customer.entity'
import { loadVisible, repo } from './customer.shared'
import { ownerScope } from '../auth/scope'
import { scopeOf } from '../auth/permissions'
import { daysBetweenOrNull } from '../clock'

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
  // only customers the user still follows up: reassigned away (or released) they leave the list, and the data
  // scope applies as everywhere (a salesperson: own customers; a manager: the team's and the pool)
  const scope = scopeOf('followUps', ctx.user.role)
  if (scope === 'own') qb.andWhere('c.ownerId = :me', { me: ctx.user.id })
  else if (scope === 'none') qb.andWhere('1 = 0')
  const visible = await ownerScope(ctx)
  if (visible !== null) qb.andWhere('(c.ownerId IS NULL OR c.ownerId IN (:...visible))', { visible })
  qb
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
      overdueDays: daysBetweenOrNull(e.nextFollowUpOn, today) ?? 0,
    })),
    total,
  }
}

