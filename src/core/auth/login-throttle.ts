/**
 * Growing waits after failed sign-ins, per account and per client address, instead of a hard lock
 * that anyone can trigger for someone else. A counter allows `free` failures; the `free`-th failure
 * and every further one set a wait that doubles from 30 s up to 15 min. During a wait the password is
 * not even checked. Account counters of existing users live in their row (users.failedLogins /
 * lockedUntil, shown to the admin and cleared by a password reset); counters of unknown user names
 * and of addresses live in the core's memory, so an unknown name behaves exactly like a known one.
 */
export const THROTTLE = {
  /** failures an account may have before its first wait */
  accountFree: 5,
  /** failures one address may have (over all accounts) before its first wait */
  addressFree: 10,
  firstWaitMs: 30_000,
  maxWaitMs: 15 * 60_000,
  /** an address counter starts over after this long without a failure */
  addressForgetMs: 3600_000,
  /** memory counters kept at most (oldest dropped first) */
  maxRemembered: 10_000,
} as const

export interface Counter {
  failures: number
  /** epoch ms until which sign-ins are refused; 0 = none */
  blockedUntil: number
  lastFailureAt: number
}

/** The wait that follows the n-th failure (n counted from 1) when `free` failures are allowed: 0, or 30 s × 2^(n − free), capped. */
export function waitAfter(failures: number, free: number): number {
  if (failures < free) return 0
  return Math.min(THROTTLE.maxWaitMs, THROTTLE.firstWaitMs * 2 ** (failures - free))
}

const MEMORY_KEY = 'auth.loginThrottle'

function counters(memory: Map<string, unknown>): Map<string, Counter> {
  let m = memory.get(MEMORY_KEY) as Map<string, Counter> | undefined
  if (!m) {
    m = new Map()
    memory.set(MEMORY_KEY, m)
  }
  return m
}

export const accountKey = (username: string) => `user:${username.trim().toLowerCase()}`
export const addressKey = (address: string) => `addr:${address}`

export function remembered(memory: Map<string, unknown>, key: string, nowMs: number): Counter | null {
  const c = counters(memory).get(key)
  if (!c) return null
  if (key.startsWith('addr:') && nowMs - c.lastFailureAt > THROTTLE.addressForgetMs) {
    counters(memory).delete(key)
    return null
  }
  return c
}

/** Counts one failure under `key` and answers the counter after it. */
export function rememberFailure(memory: Map<string, unknown>, key: string, free: number, nowMs: number): Counter {
  const m = counters(memory)
  const before = remembered(memory, key, nowMs)
  const failures = (before?.failures ?? 0) + 1
  const c: Counter = { failures, blockedUntil: waitAfter(failures, free) ? nowMs + waitAfter(failures, free) : 0, lastFailureAt: nowMs }
  m.delete(key) // re-insert: the map's order is the age order
  m.set(key, c)
  while (m.size > THROTTLE.maxRemembered) m.delete(m.keys().next().value!)
  return c
}

export function forget(memory: Map<string, unknown>, key: string): void {
  counters(memory).delete(key)
}
