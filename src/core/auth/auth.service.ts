import type { Ctx, SessionUser } from '../contract/method'
import { appError, fieldError } from '../contract/errors'
import { msgRef } from '../i18n/i18n'
import { CommitThenFail } from '../contract/commit-then-fail'
import { SessionEntity, UserEntity, type User } from './auth.entity'
import { hashPassword, hashToken, newToken, verifyPassword } from './password'
import { passwordProblemKey } from './password-rules'
import { THROTTLE, accountKey, addressKey, forget, remembered, rememberFailure, waitAfter } from './login-throttle'

export const IDLE_HOURS = 12
/** a session ends this long after sign-in, however active it is */
export const SESSION_MAX_DAYS = 7
const TOUCH_EVERY_MS = 60_000

export const toSessionUser = (u: User): SessionUser => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  managerId: u.managerId,
})

const unauth = () => appError('UNAUTHENTICATED', 'auth.pleaseLogin')
/** 30 秒 / 5 分钟 as a message, so it reads in the caller's language */
const waitRef = (ms: number) => {
  const s = Math.max(1, Math.ceil(ms / 1000))
  return s < 120 ? msgRef('time.seconds', { n: s }) : msgRef('time.minutes', { n: Math.ceil(s / 60) })
}

/**
 * Token → user. Reads only (it runs on the read connection for reads); ending an expired session and
 * the once-a-minute last-seen update go through `ctx.inWriteTx`.
 */
export async function resolveSession(ctx: Omit<Ctx, 'user'>, token: string | undefined): Promise<SessionUser> {
  if (!token) throw unauth()
  const sessions = ctx.em.getRepository(SessionEntity)
  const s = await sessions.findOneBy({ tokenHash: hashToken(token) })
  if (!s) throw appError('UNAUTHENTICATED', 'auth.sessionExpired')
  const now = ctx.now()
  const idleMs = now.getTime() - new Date(s.lastSeenAt).getTime()
  const ageMs = now.getTime() - new Date(s.createdAt).getTime()
  if (idleMs > IDLE_HOURS * 3600_000 || ageMs > SESSION_MAX_DAYS * 86400_000) {
    await ctx.inWriteTx((em) => em.getRepository(SessionEntity).delete({ id: s.id }))
    throw idleMs > IDLE_HOURS * 3600_000 ? appError('UNAUTHENTICATED', 'auth.idleExpired') : appError('UNAUTHENTICATED', 'auth.maxAge', { days: SESSION_MAX_DAYS })
  }
  const user = await ctx.em.getRepository(UserEntity).findOneBy({ id: s.userId })
  if (!user || user.disabled) throw appError('UNAUTHENTICATED', 'auth.disabled')
  if (idleMs > TOUCH_EVERY_MS) await ctx.inWriteTx((em) => em.getRepository(SessionEntity).update({ id: s.id }, { lastSeenAt: now.toISOString() }))
  return toSessionUser(user)
}

// ---- sign-in: read and verify outside the write queue (prepare), then count or open the session inside it ----

/** What a sign-in checks against when the user name is unknown: the same scrypt work, so the answer takes as long. */
let dummy: Promise<{ hash: string; salt: string }> | null = null
const dummyHash = () => (dummy ??= hashPassword(newToken()))

export interface LoginCheck {
  /** the password matched this user's hash as read before the queue */
  userId: number | null
  passwordHash: string | null
  ok: boolean
}

/** ms left of the wait on this account / this address (0 = may try) */
async function waitLeft(ctx: Ctx, username: string, user: User | null): Promise<number> {
  const nowMs = ctx.now().getTime()
  let until = 0
  if (user) until = user.lockedUntil ? new Date(user.lockedUntil).getTime() : 0
  else until = remembered(ctx.memory, accountKey(username), nowMs)?.blockedUntil ?? 0
  if (ctx.clientAddress) until = Math.max(until, remembered(ctx.memory, addressKey(ctx.clientAddress), nowMs)?.blockedUntil ?? 0)
  return Math.max(0, until - nowMs)
}

const tooMany = (ms: number) =>
  appError('UNAUTHENTICATED', 'auth.tooMany', { wait: waitRef(ms) }, { retryAfterSeconds: Math.ceil(ms / 1000) })

const findUser = (ctx: Ctx, username: string) => ctx.em.getRepository(UserEntity).findOneBy({ username: username.trim() })

/** Outside the queue, on the read connection: refuses during a wait, else runs scrypt (against a dummy hash for an unknown name). */
export async function checkLogin(ctx: Ctx, username: string, password: string): Promise<LoginCheck> {
  const user = await findUser(ctx, username)
  const wait = await waitLeft(ctx, username, user)
  if (wait > 0) throw tooMany(wait)
  const { hash, salt } = user ? { hash: user.passwordHash, salt: user.passwordSalt } : await dummyHash()
  const ok = await verifyPassword(password, hash, salt)
  return { userId: user?.id ?? null, passwordHash: user?.passwordHash ?? null, ok: ok && !!user }
}

/** In the write transaction: re-checks the wait and the hash, then counts the failure or opens the session. */
export async function finishLogin(ctx: Ctx, username: string, check: LoginCheck) {
  const users = ctx.em.getRepository(UserEntity)
  const user = await findUser(ctx, username)
  const wait = await waitLeft(ctx, username, user) // concurrent failures may have started a wait meanwhile
  if (wait > 0) throw tooMany(wait)
  const now = ctx.now()
  if (!check.ok || !user || user.id !== check.userId || user.passwordHash !== check.passwordHash) {
    let next = 0
    if (user) {
      const failures = user.failedLogins + 1
      next = waitAfter(failures, THROTTLE.accountFree)
      await users.update({ id: user.id }, { failedLogins: failures, lockedUntil: next ? new Date(now.getTime() + next).toISOString() : null })
    } else {
      const c = rememberFailure(ctx.memory, accountKey(username), THROTTLE.accountFree, now.getTime())
      next = c.blockedUntil ? c.blockedUntil - now.getTime() : 0
    }
    if (ctx.clientAddress) {
      const c = rememberFailure(ctx.memory, addressKey(ctx.clientAddress), THROTTLE.addressFree, now.getTime())
      next = Math.max(next, c.blockedUntil ? c.blockedUntil - now.getTime() : 0)
    }
    const refusal = next
      ? appError('UNAUTHENTICATED', 'auth.badCredentialsWait', { wait: waitRef(next) }, { retryAfterSeconds: Math.ceil(next / 1000) })
      : appError('UNAUTHENTICATED', 'auth.badCredentials')
    throw new CommitThenFail(refusal)
  }
  if (user.disabled) throw appError('UNAUTHENTICATED', 'auth.disabled')
  await users.update({ id: user.id }, { failedLogins: 0, lockedUntil: null, lastLoginAt: now.toISOString() })
  forget(ctx.memory, accountKey(username))
  return openSession(ctx, user)
}

/** A new session for a user whose password was just checked (or just set). */
export async function openSession(ctx: Ctx, user: User) {
  const now = ctx.now().toISOString()
  const token = newToken()
  await ctx.em.getRepository(SessionEntity).insert({ tokenHash: hashToken(token), userId: user.id, createdAt: now, lastSeenAt: now })
  return { token, user: toSessionUser(user) }
}

/** Throws VALIDATION when a new password breaks the rules (the contract's zod type checks the same first). */
export function checkPasswordStrength(password: string, path = 'password'): void {
  const problem = passwordProblemKey(password)
  if (problem) throw fieldError(path, problem)
}

/** The users row for a new user whose password was hashed already (outside the write queue). */
export function userRowFromHash(
  now: string,
  input: { username: string; displayName: string; role: User['role']; managerId?: number | null },
  hashed: { hash: string; salt: string },
) {
  return {
    username: input.username,
    displayName: input.displayName,
    role: input.role,
    managerId: input.managerId ?? null,
    passwordHash: hashed.hash,
    passwordSalt: hashed.salt,
    disabled: false,
    failedLogins: 0,
    lockedUntil: null,
    lastLoginAt: null,
    createdAt: now,
    updatedAt: now,
    version: 1,
  }
}

/** Checks the rules and hashes: for scripts (the seed); contract methods hash in their prepare step instead. */
export async function makeUserRow(now: string, input: { username: string; password: string; displayName: string; role: User['role']; managerId?: number | null }) {
  checkPasswordStrength(input.password)
  return userRowFromHash(now, input, await hashPassword(input.password))
}
