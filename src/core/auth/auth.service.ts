import type { Ctx, SessionUser } from '../contract/method'
import { AppError } from '../contract/errors'
import { CommitThenFail } from '../contract/commit-then-fail'
import { SessionEntity, UserEntity, type User } from './auth.entity'
import { hashPassword, hashToken, newToken, verifyPassword } from './password'

export const MAX_FAILED_LOGINS = 5
export const LOCK_MINUTES = 15
export const IDLE_HOURS = 12
const TOUCH_EVERY_MS = 60_000

export const toSessionUser = (u: User): SessionUser => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  managerId: u.managerId,
})

const unauth = () => new AppError('UNAUTHENTICATED', '请先登录')

export async function resolveSession(ctx: Omit<Ctx, 'user'>, token: string | undefined): Promise<SessionUser> {
  if (!token) throw unauth()
  const sessions = ctx.em.getRepository(SessionEntity)
  const s = await sessions.findOneBy({ tokenHash: hashToken(token) })
  if (!s) throw new AppError('UNAUTHENTICATED', '登录已失效，请重新登录')
  const now = ctx.now()
  const idleMs = now.getTime() - new Date(s.lastSeenAt).getTime()
  if (idleMs > IDLE_HOURS * 3600_000) {
    await sessions.delete({ id: s.id })
    throw new AppError('UNAUTHENTICATED', '长时间未操作，登录已过期，请重新登录')
  }
  const user = await ctx.em.getRepository(UserEntity).findOneBy({ id: s.userId })
  if (!user || user.disabled) throw new AppError('UNAUTHENTICATED', '账号已停用，请联系管理员')
  if (idleMs > TOUCH_EVERY_MS) await sessions.update({ id: s.id }, { lastSeenAt: now.toISOString() })
  return toSessionUser(user)
}

export async function login(ctx: Ctx, username: string, password: string) {
  const users = ctx.em.getRepository(UserEntity)
  const wrong = new AppError('UNAUTHENTICATED', '用户名或密码错误')
  const user = await users.findOneBy({ username: username.trim() })
  const now = ctx.now()
  if (!user) {
    // same cost and same answer as a wrong password, so user names cannot be probed
    await hashPassword(password)
    throw wrong
  }
  if (user.lockedUntil && new Date(user.lockedUntil) > now) {
    const mins = Math.ceil((new Date(user.lockedUntil).getTime() - now.getTime()) / 60000)
    throw new AppError('UNAUTHENTICATED', `密码错误次数过多，账号已锁定，请 ${mins} 分钟后再试`, { lockedUntil: user.lockedUntil })
  }
  const ok = await verifyPassword(password, user.passwordHash, user.passwordSalt)
  if (!ok) {
    const failed = user.failedLogins + 1
    const lock = failed >= MAX_FAILED_LOGINS
    await users.update(
      { id: user.id },
      { failedLogins: lock ? 0 : failed, lockedUntil: lock ? new Date(now.getTime() + LOCK_MINUTES * 60000).toISOString() : null },
    )
    throw new CommitThenFail(
      lock ? new AppError('UNAUTHENTICATED', `密码错误次数过多，账号已锁定 ${LOCK_MINUTES} 分钟`) : wrong,
    )
  }
  if (user.disabled) throw new AppError('UNAUTHENTICATED', '账号已停用，请联系管理员')
  await users.update({ id: user.id }, { failedLogins: 0, lockedUntil: null, lastLoginAt: now.toISOString() })
  const token = newToken()
  await ctx.em
    .getRepository(SessionEntity)
    .insert({ tokenHash: hashToken(token), userId: user.id, createdAt: now.toISOString(), lastSeenAt: now.toISOString() })
  return { token, user: toSessionUser(user) }
}

export function checkPasswordStrength(password: string): void {
  if (password.length < 6) throw new AppError('VALIDATION', 'password: 密码至少 6 位', { issues: [{ path: 'password', message: '密码至少 6 位' }] })
}

export async function makeUserRow(now: string, input: { username: string; password: string; displayName: string; role: User['role']; managerId?: number | null }) {
  checkPasswordStrength(input.password)
  const { hash, salt } = await hashPassword(input.password)
  return {
    username: input.username,
    displayName: input.displayName,
    role: input.role,
    managerId: input.managerId ?? null,
    passwordHash: hash,
    passwordSalt: salt,
    disabled: false,
    failedLogins: 0,
    lockedUntil: null,
    lastLoginAt: null,
    createdAt: now,
    updatedAt: now,
    version: 1,
  }
}
