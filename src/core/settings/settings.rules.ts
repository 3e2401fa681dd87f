import { z } from 'zod'
import type { Ctx } from '../contract/method'
import { nonNegFen } from '../contract/types'
import { CREDIT_ZERO_MEANINGS } from './settings.enums'
import { getSetting } from './settings.service'

/** Business rules kept in the settings that services read (issue 14): the 公海 rules and credit. */
/**
 * 公海 rules (issue 14). 0 switches a rule off: returnAfterDays 0 = customers never go back by themselves,
 * maxPrivate 0 = no limit, reclaimBlockDays 0 = a released customer may be claimed back at once.
 */
export const poolFields = {
  /** a customer with no follow-up and no order for this many days goes back to the pool (the daily sweep) */
  returnAfterDays: z.number().int().min(0).max(3650),
  /** the owner gets a reminder (a due follow-up) this many days before */
  warnDaysBefore: z.number().int().min(0).max(365),
  /** at most this many private customers per salesperson (assign / claim / create refused beyond) */
  maxPrivate: z.number().int().min(0).max(1_000_000),
  /** who released a customer (or lost it to the sweep) may not claim it back for this many days */
  reclaimBlockDays: z.number().int().min(0).max(3650),
}
export const poolSettings = z.object({
  returnAfterDays: poolFields.returnAfterDays.default(0),
  warnDaysBefore: poolFields.warnDaysBefore.default(7),
  maxPrivate: poolFields.maxPrivate.default(0),
  reclaimBlockDays: poolFields.reclaimBlockDays.default(0),
})
/** Credit (issue 14): the limit a new customer gets, and what a limit of 0 means for the credit check (特批). */
export const creditFields = {
  defaultLimitFen: nonNegFen,
  /** 'unlimited': 0 = no limit is checked; 'noCredit': 0 = no credit at all, every order with an exposure needs 特批 */
  zeroMeans: z.enum(CREDIT_ZERO_MEANINGS),
}
export const creditSettings = z.object({ defaultLimitFen: creditFields.defaultLimitFen.default(0), zeroMeans: creditFields.zeroMeans.default('unlimited') })

export type PoolRules = z.output<typeof poolSettings>
export type CreditRules = z.output<typeof creditSettings>

export async function poolRules(ctx: Pick<Ctx, 'em'>): Promise<PoolRules> {
  return poolSettings.parse(await getSetting(ctx, 'pool', {}))
}

export async function creditRules(ctx: Pick<Ctx, 'em'>): Promise<CreditRules> {
  return creditSettings.parse(await getSetting(ctx, 'credit', {}))
}

/** Whether a customer's limit is checked, and against what: null = no limit (a 0 limit when 0 means unlimited). */
export function effectiveLimitFen(limitFen: number, rules: CreditRules): number | null {
  if (limitFen > 0) return limitFen
  return rules.zeroMeans === 'noCredit' ? 0 : null
}
