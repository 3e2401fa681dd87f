import type { Ctx } from '../contract/method'
import { AppError } from '../contract/errors'

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
    throw new AppError('BUSINESS_RULE', `${what}过于频繁，请 ${retryAfterSeconds} 秒后再试`, { rateLimited: true, retryAfterSeconds, limit, windowSeconds: windowMs / 1000 })
  }
  hits.push(now)
  ctx.memory.set(key, hits)
}
