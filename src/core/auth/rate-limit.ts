import type { Ctx } from '../contract/method'
import { appError } from '../contract/errors'
import { hasCoreMessage, msgRef, type ParamValue } from '../i18n/i18n'

/**
 * A sliding-window limit per user and purpose, kept in the core's memory (lost on restart; never business
 * data). Over the limit answers BUSINESS_RULE (HTTP 422) with `retryAfterSeconds`: lookups that tell whether a
 * phone number or a name is already someone's customer cannot be run down a list.
 */
export function rateLimit(ctx: Ctx, purpose: string, limit: number, windowMs: number, what: string): void {
  const key = `rate:${purpose}:${ctx.user.id}`
  const now = ctx.now().getTime()
  const hits = ((ctx.memory.get(key) as number[] | undefined) ?? []).filter((t) => t > now - windowMs)
  if (hits.length >= limit) {
    const retryAfterSeconds = Math.max(1, Math.ceil((hits[0]! + windowMs - now) / 1000))
    ctx.memory.set(key, hits)
    // what is limited, as a message `rate.what.<purpose>` when the catalog has it (else the caller's text)
    const whatParam: ParamValue = hasCoreMessage(`rate.what.${purpose}`) ? msgRef(`rate.what.${purpose}` as 'rate.what.customer.duplicates') : what
    throw appError('BUSINESS_RULE', 'rate.tooOften', { what: whatParam, seconds: retryAfterSeconds }, { rateLimited: true, retryAfterSeconds, limit, windowSeconds: windowMs / 1000 })
  }
  hits.push(now)
  ctx.memory.set(key, hits)
}
