import { In, IsNull } from 'typeorm'
import type { Ctx } from '../contract/method'
import { appError } from '../contract/errors'
import { UserEntity } from '../auth/auth.entity'
import { AuditLogEntity } from '../audit/audit.entity'
import { audit } from '../audit/audit.service'
import { addDays, dateInCompanyTz } from '../clock'
import { rawQuery } from '../db/sql'
import { DEFAULT_LOCALE, renderMessage } from '../i18n/i18n'
import { poolRules } from '../settings/settings.rules'
import { FollowUpEntity, type Customer } from './customer.entity'
import { repo } from './customer.shared'

/**
 * 公海 rules (issue 14, settings.pool): at most `maxPrivate` private customers per salesperson, no claiming back
 * for `reclaimBlockDays` after releasing, and the daily sweep: a customer with no follow-up and no order for
 * `returnAfterDays` goes back to the pool, its owner reminded `warnDaysBefore` days earlier. 0 = rule off.
 */

/**
 * A salesperson about to hold `adding` more private customers: refused beyond settings.pool.maxPrivate
 * (customer.create, customer.claim, customer.assign). Managers and admins holding customers are not limited.
 */
export async function assertPrivateCapacity(ctx: Ctx, ownerId: number | null, adding: number): Promise<void> {
  if (ownerId == null || adding <= 0) return
  const { maxPrivate } = await poolRules(ctx)
  if (!maxPrivate) return
  const owner = await ctx.em.getRepository(UserEntity).findOne({ where: { id: ownerId }, select: { id: true, role: true, displayName: true } })
  if (!owner || owner.role !== 'sales') return
  const count = await repo(ctx.em).countBy({ ownerId, mergedIntoId: IsNull() })
  if (count + adding <= maxPrivate) return
  if (ownerId === ctx.user?.id) throw appError('BUSINESS_RULE', 'customer.privateLimitSelf', { count, max: maxPrivate }, { count, max: maxPrivate })
  throw appError('BUSINESS_RULE', 'customer.privateLimit', { owner: owner.displayName, count, max: maxPrivate }, { count, max: maxPrivate })
}

/** The pool actions after which the customer had no owner: who had it is `before` of the ownerId change. */
const LEFT_FOR_POOL = ['release', 'poolReturn', 'assign']

/** A salesperson claiming back a customer they released (or lost to the sweep) within settings.pool.reclaimBlockDays: refused. */
export async function assertMayReclaim(ctx: Ctx, c: Customer): Promise<void> {
  const { reclaimBlockDays } = await poolRules(ctx)
  if (!reclaimBlockDays) return
  // blocked while today is before (the day it left) + reclaimBlockDays, by company days
  const since = new Date(ctx.now().getTime() - (reclaimBlockDays + 1) * 86_400_000).toISOString()
  const rows = await ctx.em
    .getRepository(AuditLogEntity)
    .createQueryBuilder('a')
    .select(['a.at', 'a.changes'])
    .where('a.entity = :e AND a.entityId = :id', { e: 'customer', id: c.id })
    .andWhere('a.action IN (:...actions)', { actions: LEFT_FOR_POOL })
    .andWhere('a.at >= :since', { since })
    .orderBy('a.at', 'DESC')
    .getMany()
  for (const r of rows) {
    let changes: unknown
    try {
      changes = JSON.parse(r.changes ?? 'null')
    } catch {
      continue
    }
    const owner = Array.isArray(changes) ? (changes as { field: string; before: unknown; after: unknown }[]).find((x) => x.field === 'ownerId') : undefined
    if (owner && owner.after === null && owner.before === ctx.user.id) {
      const on = dateInCompanyTz(new Date(r.at))
      const until = addDays(on, reclaimBlockDays)
      if (ctx.today() >= until) continue
      throw appError('BUSINESS_RULE', 'customer.reclaimTooSoon', { on, until, days: reclaimBlockDays }, { releasedOn: on, claimableOn: until })
    }
  }
}

/** Actions after which the current owner has held the customer: the sweep counts idle days from the latest. */
const TAKEN_ACTIONS = ['create', 'claim', 'assign', 'import', 'merge']

export interface SweepResult {
  /** customers sent back to the pool */
  returned: number
  /** owners reminded (a due 公海提醒 follow-up) */
  warned: number
}

/**
 * The daily 公海 sweep, on the injected clock (the host runs it once a day; tests move the clock and call
 * customer.poolSweep). A customer's last activity is the latest of: its last follow-up, its last order
 * (not cancelled), the day its current owner got it. Idle for returnAfterDays or more → back to the pool
 * (logged, versioned); idle for returnAfterDays − warnDaysBefore or more → one open reminder for the owner
 * in 待跟进 (follow-up type poolWarning, due today, logged), which does not count as a follow-up.
 */
export async function sweepPool(ctx: Ctx): Promise<SweepResult> {
  const rules = await poolRules(ctx)
  const result: SweepResult = { returned: 0, warned: 0 }
  const n = rules.returnAfterDays
  if (!n) return result
  const today = ctx.today()
  const warnFrom = n - Math.min(rules.warnDaysBefore, n)
  // activity on or before this company day makes a customer a candidate (warned or returned)
  const lastQuietDay = addDays(today, -warnFrom)
  // the company day `lastQuietDay` ends at 16:00 UTC (Beijing, UTC+8): later follow-ups are not candidates
  const quietBefore = `${lastQuietDay}T16:00:00.000Z`
  const candidates = await repo(ctx.em)
    .createQueryBuilder('c')
    .where('c.ownerId IS NOT NULL AND c.mergedIntoId IS NULL')
    .andWhere('(c.lastFollowUpAt IS NULL OR c.lastFollowUpAt < :q)', { q: quietBefore })
    .orderBy('c.id', 'ASC')
    .getMany()
  const owners = new Map((await ctx.em.getRepository(UserEntity).find({ select: { id: true, displayName: true } })).map((u) => [u.id, u.displayName]))
  for (let i = 0; i < candidates.length; i += 500) {
    const chunk = candidates.slice(i, i + 500)
    const ids = chunk.map((c) => c.id)
    const marks = ids.map(() => '?').join(',')
    const lastOrder = new Map(
      (await rawQuery<{ customerId: number; d: string }>(ctx, `SELECT "customerId", MAX("orderDate") AS d FROM sales_orders WHERE "status" <> 'cancelled' AND "customerId" IN (${marks}) GROUP BY "customerId"`, ids)).map((r) => [Number(r.customerId), String(r.d)]),
    )
    const taken = new Map(
      (
        await rawQuery<{ entityId: number; at: string }>(
          ctx,
          `SELECT "entityId", MAX("at") AS at FROM audit_log WHERE "entity" = 'customer' AND "action" IN (${TAKEN_ACTIONS.map(() => '?').join(',')}) AND "entityId" IN (${marks}) GROUP BY "entityId"`,
          [...TAKEN_ACTIONS, ...ids],
        )
      ).map((r) => [Number(r.entityId), String(r.at)]),
    )
    const open = new Set(
      (await ctx.em.getRepository(FollowUpEntity).find({ where: { customerId: In(ids), type: 'poolWarning', nextDone: false }, select: { customerId: true, userId: true } })).map((f) => `${f.customerId}:${f.userId}`),
    )
    for (const c of chunk) {
      const days = [dateInCompanyTz(new Date(c.createdAt))]
      if (c.lastFollowUpAt) days.push(dateInCompanyTz(new Date(c.lastFollowUpAt)))
      const o = lastOrder.get(c.id)
      if (o) days.push(o)
      const t = taken.get(c.id)
      if (t) days.push(dateInCompanyTz(new Date(t)))
      const last = days.sort().pop()!
      const returnOn = addDays(last, n)
      if (returnOn <= today) {
        if (await returnToPool(ctx, c, last, n)) result.returned++
      } else if (addDays(last, warnFrom) <= today && !open.has(`${c.id}:${c.ownerId}`)) {
        await remind(ctx, c, owners.get(c.ownerId!) ?? '', last, returnOn)
        result.warned++
      }
    }
  }
  return result
}

async function returnToPool(ctx: Ctx, c: Customer, lastActive: string, days: number): Promise<boolean> {
  const res = await repo(ctx.em).update(
    { id: c.id, version: c.version, ownerId: c.ownerId ?? undefined },
    { ownerId: null, updatedAt: ctx.now().toISOString(), updatedById: null, updatedByName: null, version: c.version + 1 },
  )
  if (!res.affected) return false
  await audit(ctx, {
    entity: 'customer',
    entityId: c.id,
    action: 'poolReturn',
    summary: { key: 'audit.customer.poolReturn', params: { days, since: lastActive } },
    changes: [{ field: 'ownerId', before: c.ownerId, after: null }],
  })
  return true
}

async function remind(ctx: Ctx, c: Customer, ownerName: string, lastActive: string, returnOn: string) {
  const now = ctx.now().toISOString()
  await ctx.em.getRepository(FollowUpEntity).insert({
    customerId: c.id,
    type: 'poolWarning',
    // the reminder's text is data in the company's language, like the 回访 the delivery creates
    content: renderMessage('customer.poolWarningText', { since: lastActive, on: returnOn }, DEFAULT_LOCALE),
    at: now,
    nextFollowUpOn: ctx.today(),
    nextDone: false,
    userId: c.ownerId!,
    userName: ownerName,
    createdAt: now,
  })
  await audit(ctx, { entity: 'customer', entityId: c.id, action: 'poolWarning', summary: { key: 'audit.customer.poolWarning', params: { owner: ownerName, on: returnOn } } })
}
