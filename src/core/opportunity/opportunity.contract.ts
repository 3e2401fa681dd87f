import { z } from 'zod'
import { In } from 'typeorm'
import { defineMethod, type Ctx } from '../contract/method'
import { fieldError, notFound, staleConflict } from '../contract/errors'
import { msgRef, renderMessage } from '../i18n/i18n'
import { dateStr, id, nonNegFen, optionalText, pageOf, paging, requiredText, version, trackedOut } from '../contract/types'
import { audit, diff } from '../audit/audit.service'
import { UserEntity } from '../auth/auth.entity'
import { canSeeOwner, ownerScope } from '../auth/scope'
import { requireAssignee, requireCustomerScope, requireScope } from '../auth/authorize'
import { can, OPPORTUNITY_FIELDS } from '../auth/permissions'
import { CustomerEntity } from '../customer/customer.entity'
import { loadVisible } from '../customer/customer.service'
import { normalizeQuery } from '../customer/customer.rules'
import { LIKE_ESCAPE, likeContains } from '../db/sql'
import { getSetting } from '../settings/settings.service'
import { DEFAULT_PROBABILITIES, OPPORTUNITY_STAGES, OpportunityEntity, type Opportunity, type OpportunityStage } from './opportunity.entity'

const stage = z.enum(OPPORTUNITY_STAGES)
/**
 * The pipeline is worked by sales (and office staff, managers, admins); the owner and finance read it. An
 * opportunity is booked under oneself for a salesperson, the team for a manager (permissions.ts).
 */
const OPPORTUNITY_PERMISSION = can('salesDocs', OPPORTUNITY_FIELDS)

/** The person an opportunity is booked under: an active user the caller may book it under. */
async function checkOwner(ctx: Ctx, ownerId: number | null) {
  if (ownerId !== null) {
    const u = await ctx.em.getRepository(UserEntity).findOneBy({ id: ownerId })
    if (!u || u.disabled) throw fieldError('ownerId', 'customer.ownerInvalid')
  }
  await requireAssignee(ctx, 'salesDocs', 'ownerId', ownerId)
}
const FIELDS = ['customerId', 'title', 'amountFen', 'stage', 'probability', 'expectedCloseOn', 'ownerId', 'source', 'lostReason', 'remark'] as const

const oppOut = z.object({
  id: z.number(),
  customerId: z.number(),
  customerName: z.string(),
  title: z.string(),
  amountFen: z.number(),
  stage,
  stageLabel: z.string(),
  probability: z.number(),
  weightedFen: z.number(),
  expectedCloseOn: z.string().nullable(),
  ownerId: z.number().nullable(),
  ownerName: z.string().nullable(),
  source: z.string().nullable(),
  lostReason: z.string().nullable(),
  remark: z.string().nullable(),
  closedOn: z.string().nullable(),
  ...trackedOut,
})

export async function stageProbabilities(ctx: Pick<Ctx, 'em'>): Promise<Record<OpportunityStage, number>> {
  return { ...DEFAULT_PROBABILITIES, ...(await getSetting<Partial<Record<OpportunityStage, number>>>(ctx, 'opportunityProbabilities', {})) }
}

async function toOut(ctx: Ctx, rows: Opportunity[]) {
  const cids = [...new Set(rows.map((r) => r.customerId))]
  const uids = [...new Set(rows.map((r) => r.ownerId).filter((x): x is number => x != null))]
  const cs = cids.length ? await ctx.em.getRepository(CustomerEntity).find({ where: { id: In(cids) }, select: { id: true, name: true } }) : []
  const us = uids.length ? await ctx.em.getRepository(UserEntity).find({ where: { id: In(uids) }, select: { id: true, displayName: true } }) : []
  const cn = new Map(cs.map((c) => [c.id, c.name]))
  const un = new Map(us.map((u) => [u.id, u.displayName]))
  return rows.map((o) => ({
    ...o,
    customerName: cn.get(o.customerId) ?? '',
    ownerName: o.ownerId ? (un.get(o.ownerId) ?? null) : null,
    stageLabel: renderMessage(`enum.opportunityStage.${o.stage}`, undefined, ctx.locale),
    weightedFen: Math.round((o.amountFen * o.probability) / 100),
  }))
}

/** The record when the caller may see its customer; anything else is NOT_FOUND. */
export async function loadOpportunity(ctx: Ctx, id: number) {
  const o = await ctx.em.getRepository(OpportunityEntity).findOneBy({ id })
  if (!o) throw notFound('商机')
  const c = await ctx.em.getRepository(CustomerEntity).findOneBy({ id: o.customerId })
  if (!c || !canSeeOwner(await ownerScope(ctx), c.ownerId)) throw notFound('商机')
  return o
}

/** Applies a stage: probability from settings, won → customer stage 'customer', lost needs a reason. */
async function applyStage(ctx: Ctx, o: Opportunity, next: OpportunityStage, lostReason?: string | null) {
  if (next === 'lost' && !lostReason?.trim()) {
    throw fieldError('lostReason', 'opportunity.lostReasonRequired')
  }
  const probs = await stageProbabilities(ctx)
  const changes: Partial<Opportunity> = { stage: next, probability: probs[next], lostReason: next === 'lost' ? lostReason!.trim() : null, closedOn: next === 'won' || next === 'lost' ? ctx.today() : null }
  if (next === 'won') {
    const c = await ctx.em.getRepository(CustomerEntity).findOneByOrFail({ id: o.customerId })
    if (c.stage !== 'customer') {
      await ctx.em.getRepository(CustomerEntity).update({ id: c.id }, { stage: 'customer', updatedAt: ctx.now().toISOString(), updatedById: ctx.user.id, updatedByName: ctx.user.displayName, version: c.version + 1 })
      await audit(ctx, { entity: 'customer', entityId: c.id, action: 'update', summary: { key: 'audit.customer.wonByOpportunity', params: { title: o.title } }, changes: [{ field: 'stage', before: c.stage, after: 'customer' }] })
    }
  }
  return changes
}

const createIn = z.object({
  customerId: id,
  title: requiredText('商机名称', 100),
  amountFen: nonNegFen.default(0),
  stage: stage.default('initial'),
  expectedCloseOn: dateStr.nullish(),
  ownerId: id.nullish(),
  source: optionalText(50),
  lostReason: optionalText(500),
  remark: optionalText(1000),
})

export const opportunityMethods = [
  defineMethod({
    name: 'opportunity.create',
    ...OPPORTUNITY_PERMISSION,
    write: true,
    input: createIn,
    output: oppOut,
    async handler(ctx, input) {
      const c = await loadVisible(ctx, input.customerId)
      await requireScope(ctx, 'salesDocs', c.ownerId)
      const ownerId = input.ownerId ?? c.ownerId ?? ctx.user.id
      await checkOwner(ctx, ownerId)
      const now = ctx.now().toISOString()
      const repo = ctx.em.getRepository(OpportunityEntity)
      const base: Omit<Opportunity, 'id'> = {
        customerId: c.id,
        title: input.title,
        amountFen: input.amountFen,
        stage: 'initial',
        probability: 0,
        expectedCloseOn: input.expectedCloseOn ?? null,
        ownerId,
        source: input.source ?? c.source,
        lostReason: null,
        remark: input.remark ?? null,
        closedOn: null,
        createdAt: now,
        createdById: ctx.user.id,
        updatedAt: now,
        updatedById: ctx.user.id,
        updatedByName: ctx.user.displayName,
        version: 1,
      }
      Object.assign(base, await applyStage(ctx, { ...base, id: 0 }, input.stage, input.lostReason))
      const saved = await repo.save(repo.create(base))
      // read again: a won opportunity has just made the customer a 成交客户
      const cur = await ctx.em.getRepository(CustomerEntity).findOneByOrFail({ id: c.id })
      if (cur.stage === 'lead' || cur.stage === 'prospect') {
        // a change to a customer: versioned and in the operation log like any other
        await ctx.em.getRepository(CustomerEntity).update({ id: c.id }, { stage: 'opportunity', updatedAt: now, updatedById: ctx.user.id, updatedByName: ctx.user.displayName, version: cur.version + 1 })
        await audit(ctx, { entity: 'customer', entityId: c.id, action: 'update', summary: { key: 'audit.customer.stageByOpportunity', params: { title: saved.title } }, changes: [{ field: 'stage', before: cur.stage, after: 'opportunity' }] })
      }
      await audit(ctx, { entity: 'opportunity', entityId: saved.id, action: 'create', summary: { key: 'audit.opportunity.create', params: { title: saved.title } }, changes: diff(null, saved, FIELDS) })
      return (await toOut(ctx, [saved]))[0]!
    },
  }),
  defineMethod({
    name: 'opportunity.update',
    ...OPPORTUNITY_PERMISSION,
    write: true,
    input: z.object({
      id,
      version,
      title: requiredText('商机名称', 100).optional(),
      amountFen: nonNegFen.optional(),
      expectedCloseOn: dateStr.nullish(),
      ownerId: id.nullish(),
      // what is left out stays as it is (optionalText alone would turn it into null and clear it)
      source: optionalText(50).optional(),
      remark: optionalText(1000).optional(),
    }),
    output: oppOut,
    async handler(ctx, input) {
      const before = await loadOpportunity(ctx, input.id)
      await requireCustomerScope(ctx, 'salesDocs', before.customerId)
      if (before.version !== input.version) throw staleConflict('opportunity', before)
      if (input.ownerId !== undefined && input.ownerId !== before.ownerId) await checkOwner(ctx, input.ownerId)
      const { id: oid, version: v, ...rest } = input
      const changes = Object.fromEntries(Object.entries(rest).filter(([, x]) => x !== undefined))
      const repo = ctx.em.getRepository(OpportunityEntity)
      const res = await repo.update({ id: oid, version: v }, { ...changes, updatedAt: ctx.now().toISOString(), updatedById: ctx.user.id, updatedByName: ctx.user.displayName, version: v + 1 })
      if (!res.affected) throw staleConflict('opportunity', await repo.findOneByOrFail({ id: oid }))
      const after = await repo.findOneByOrFail({ id: oid })
      await audit(ctx, { entity: 'opportunity', entityId: oid, action: 'update', summary: { key: 'audit.opportunity.update', params: { title: after.title } }, changes: diff(before, after, FIELDS) })
      return (await toOut(ctx, [after]))[0]!
    },
  }),
  defineMethod({
    name: 'opportunity.moveStage',
    summary: 'Move along the pipeline; won sets the customer to 成交客户; lost needs a reason',
    ...can('salesDocs'),
    write: true,
    input: z.object({ id, version: version.optional(), stage, lostReason: optionalText(500) }),
    output: oppOut,
    async handler(ctx, input) {
      const before = await loadOpportunity(ctx, input.id)
      await requireCustomerScope(ctx, 'salesDocs', before.customerId)
      if (input.version !== undefined && before.version !== input.version) throw staleConflict('opportunity', before)
      const changes = await applyStage(ctx, before, input.stage, input.lostReason)
      const repo = ctx.em.getRepository(OpportunityEntity)
      const res = await repo.update({ id: before.id, version: before.version }, { ...changes, updatedAt: ctx.now().toISOString(), updatedById: ctx.user.id, updatedByName: ctx.user.displayName, version: before.version + 1 })
      if (!res.affected) throw staleConflict('opportunity', await repo.findOneByOrFail({ id: before.id }))
      const after = await repo.findOneByOrFail({ id: before.id })
      await audit(ctx, {
        entity: 'opportunity',
        entityId: before.id,
        action: 'moveStage',
        summary: {
          key: after.lostReason ? 'audit.opportunity.moveStageReason' : 'audit.opportunity.moveStage',
          params: { from: msgRef(`enum.opportunityStage.${before.stage}`), to: msgRef(`enum.opportunityStage.${after.stage}`), ...(after.lostReason ? { reason: after.lostReason } : {}) },
        },
        changes: diff(before, after, FIELDS),
      })
      return (await toOut(ctx, [after]))[0]!
    },
  }),
  defineMethod({
    name: 'opportunity.get',
    ...can('read'),
    write: false,
    input: z.object({ id }),
    output: oppOut,
    handler: async (ctx, input) => (await toOut(ctx, [await loadOpportunity(ctx, input.id)]))[0]!,
  }),
  defineMethod({
    name: 'opportunity.search',
    ...can('read'),
    write: false,
    input: z.object({
      query: z.string().max(100).optional(),
      customerId: id.optional(),
      stage: z.union([stage, z.array(stage)]).optional(),
      ownerId: id.optional(),
      ...paging,
      pageSize: z.number().int().min(1).max(500).default(20),
    }),
    output: pageOf(oppOut).extend({ totals: z.object({ amountFen: z.number(), weightedFen: z.number() }) }),
    async handler(ctx, input) {
      const scope = await ownerScope(ctx)
      const qb = ctx.em.getRepository(OpportunityEntity).createQueryBuilder('o').innerJoin('Customer', 'c', 'c.id = o.customerId AND c.mergedIntoId IS NULL')
      if (scope !== null) qb.andWhere('(c.ownerId IS NULL OR c.ownerId IN (:...scope))', { scope })
      if (input.query) qb.andWhere(`(LOWER(o.title) LIKE :q ${LIKE_ESCAPE} OR c.searchText LIKE :q ${LIKE_ESCAPE})`, { q: likeContains(normalizeQuery(input.query)) })
      if (input.customerId) qb.andWhere('o.customerId = :cid', { cid: input.customerId })
      if (input.stage) qb.andWhere('o.stage IN (:...st)', { st: Array.isArray(input.stage) ? input.stage : [input.stage] })
      if (input.ownerId) qb.andWhere('o.ownerId = :oid', { oid: input.ownerId })
      const sums = (await qb.clone().select('COALESCE(SUM(o.amountFen), 0)', 'a').addSelect('COALESCE(SUM(o.amountFen * o.probability), 0)', 'w').getRawOne()) as { a: string | number; w: string | number }
      qb.orderBy('o.expectedCloseOn', 'ASC').addOrderBy('o.id', 'DESC')
      const [rows, total] = await qb.skip((input.page - 1) * input.pageSize).take(input.pageSize).getManyAndCount()
      return { items: await toOut(ctx, rows), total, totals: { amountFen: Number(sums.a), weightedFen: Math.round(Number(sums.w) / 100) } }
    },
  }),
]
