import { z } from 'zod'
import { Not } from 'typeorm'
import { defineMethod } from '../contract/method'
import { can } from './permissions'
import { appError, fieldError, notFound, staleConflict } from '../contract/errors'
import { issue, labelRef, msgRef } from '../i18n/i18n'
import { id, okOut, pageOf, requiredText, role, version } from '../contract/types'
import { SessionEntity, UserEntity, type User } from './auth.entity'
import { hashPassword } from './password'
import { userRowFromHash } from './auth.service'
import { accountKey, forget } from './login-throttle'
import { newPassword } from './password-rules'
import { audit, diff } from '../audit/audit.service'
import type { Ctx } from '../contract/method'

export const userOut = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  role,
  managerId: z.number().nullable(),
  disabled: z.boolean(),
  lockedUntil: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
  version: z.number(),
})

const username = z
  .string(issue('validation.required', { label: labelRef('用户名') }))
  .trim()
  .min(2, issue('auth.usernameMin', { min: 2 }))
  .max(50, issue('validation.tooLong', { label: labelRef('用户名'), max: 50 }))
  .regex(/^[A-Za-z0-9_.\-\u4e00-\u9fa5]+$/, issue('auth.usernameChars'))

async function checkManager(ctx: Ctx, managerId: number | null | undefined) {
  if (managerId == null) return
  const m = await ctx.em.getRepository(UserEntity).findOneBy({ id: managerId })
  if (!m) throw fieldError('managerId', 'user.managerMissing')
}

async function activeAdmins(ctx: Ctx, exceptId: number) {
  return ctx.em.getRepository(UserEntity).count({ where: { role: 'admin', disabled: false, id: Not(exceptId) } })
}

const USER_FIELDS = ['displayName', 'role', 'managerId', 'disabled'] as const satisfies readonly (keyof User)[]

export const userMethods = [
  defineMethod({
    name: 'user.list',
    ...can('read'),
    write: false,
    input: z.object({ includeDisabled: z.boolean().default(false) }).optional().default({ includeDisabled: false }),
    output: pageOf(userOut),
    async handler(ctx, input) {
      const where = input.includeDisabled ? {} : { disabled: false }
      const [items, total] = await ctx.em.getRepository(UserEntity).findAndCount({ where, order: { id: 'ASC' } })
      return { items, total }
    },
  }),
  defineMethod({
    name: 'user.create',
    ...can('administration'),
    write: true,
    input: z.object({
      username,
      password: newPassword,
      displayName: requiredText('姓名', 50),
      role,
      managerId: id.nullish(),
    }),
    output: userOut,
    prepare: (_ctx, input) => hashPassword(input.password),
    async handler(ctx, input, hashed) {
      const users = ctx.em.getRepository(UserEntity)
      if (await users.findOneBy({ username: input.username })) {
        throw appError('CONFLICT', 'user.usernameTaken', { username: input.username }, { field: 'username' })
      }
      await checkManager(ctx, input.managerId)
      const created = await users.save(users.create(userRowFromHash(ctx.now().toISOString(), input, hashed)))
      await audit(ctx, { entity: 'user', entityId: created.id, action: 'create', summary: { key: 'audit.user.create', params: { username: created.username, role: msgRef(`enum.role.${created.role}`) } }, changes: diff(null, created, USER_FIELDS) })
      return created
    },
  }),
  defineMethod({
    name: 'user.update',
    ...can('administration'),
    write: true,
    input: z.object({
      id,
      version,
      displayName: requiredText('姓名', 50).optional(),
      role: role.optional(),
      managerId: id.nullish(),
    }),
    output: userOut,
    async handler(ctx, input) {
      const users = ctx.em.getRepository(UserEntity)
      const before = await users.findOneBy({ id: input.id })
      if (!before) throw notFound('用户')
      if (before.version !== input.version) throw staleConflict('user', { version: before.version, updatedAt: before.updatedAt })
      if (input.managerId === input.id) throw fieldError('managerId', 'user.selfManager')
      await checkManager(ctx, input.managerId)
      if (before.role === 'admin' && input.role && input.role !== 'admin' && (await activeAdmins(ctx, before.id)) === 0) {
        throw appError('BUSINESS_RULE', 'user.keepAdmin')
      }
      const changes: Partial<User> = {}
      if (input.displayName !== undefined) changes.displayName = input.displayName
      if (input.role !== undefined) changes.role = input.role
      if (input.managerId !== undefined) changes.managerId = input.managerId
      const res = await users.update({ id: input.id, version: input.version }, { ...changes, updatedAt: ctx.now().toISOString(), version: input.version + 1 })
      if (!res.affected) throw staleConflict('user', { version: before.version, updatedAt: before.updatedAt })
      const after = await users.findOneByOrFail({ id: input.id })
      await audit(ctx, { entity: 'user', entityId: after.id, action: 'update', changes: diff(before, after, USER_FIELDS) })
      return after
    },
  }),
  defineMethod({
    name: 'user.disable',
    ...can('administration'),
    write: true,
    input: z.object({ id, version: version.optional(), disabled: z.boolean().default(true) }),
    output: userOut,
    async handler(ctx, input) {
      const users = ctx.em.getRepository(UserEntity)
      const before = await users.findOneBy({ id: input.id })
      if (!before) throw notFound('用户')
      if (input.version !== undefined && before.version !== input.version) throw staleConflict('user', before)
      if (input.disabled && before.role === 'admin' && (await activeAdmins(ctx, before.id)) === 0) {
        throw appError('BUSINESS_RULE', 'user.lastAdmin')
      }
      const res = await users.update({ id: before.id, version: before.version }, { disabled: input.disabled, updatedAt: ctx.now().toISOString(), version: before.version + 1 })
      if (!res.affected) throw staleConflict('user', await users.findOneByOrFail({ id: before.id }))
      if (input.disabled) await ctx.em.getRepository(SessionEntity).delete({ userId: before.id })
      const after = await users.findOneByOrFail({ id: input.id })
      await audit(ctx, { entity: 'user', entityId: after.id, action: input.disabled ? 'disable' : 'enable', changes: diff(before, after, USER_FIELDS) })
      return after
    },
  }),
  defineMethod({
    name: 'user.resetPassword',
    ...can('administration'),
    write: true,
    input: z.object({ id, password: newPassword }),
    output: okOut,
    prepare: (_ctx, input) => hashPassword(input.password),
    async handler(ctx, input, { hash, salt }) {
      const users = ctx.em.getRepository(UserEntity)
      const u = await users.findOneBy({ id: input.id })
      if (!u) throw notFound('用户')
      await users.update({ id: u.id }, { passwordHash: hash, passwordSalt: salt, failedLogins: 0, lockedUntil: null, updatedAt: ctx.now().toISOString(), version: u.version + 1 })
      await ctx.em.getRepository(SessionEntity).delete({ userId: u.id })
      forget(ctx.memory, accountKey(u.username))
      await audit(ctx, { entity: 'user', entityId: u.id, action: 'resetPassword', summary: { key: 'audit.user.resetPassword', params: { username: u.username } } })
      return { ok: true as const }
    },
  }),
]
